/* lib/xapian.cc - the C binding over libxapian (see lrm/xapian.h).
 *
 * The only C++ in lrmsearch and the only file that includes <xapian.h>.
 * Every exported function is extern "C", wraps its body in a try block and
 * turns exceptions into a status plus a message kept on the handle, so no
 * exception ever reaches C code.
 */
#include "lrm/xapian.h"

#include <xapian.h>

#include <algorithm>
#include <memory>
#include <cstdlib>
#include <cstring>
#include <new>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

/* What a failure that means "the database is damaged" says instead of
 * Xapian's words (lrm_xapian_db_set_damage_message()); shared by every
 * handle made from the database.  Empty: Xapian's words. */
struct lrm_damage_words {
	std::string before, after; /* around Xapian's message */
};
typedef std::shared_ptr<const lrm_damage_words> lrm_damage_note;

struct lrm_xapian_db {
	Xapian::Database *db; /* a WritableDatabase when writable */
	bool writable;
	bool closed;
	std::string msg;
	lrm_damage_note damage;
};

struct lrm_xapian_doc {
	Xapian::Document doc;
	std::string msg;
	lrm_damage_note damage;
};

struct lrm_xapian_termgen {
	Xapian::TermGenerator tg;
	std::string msg;
};

struct lrm_xapian_spelling {
	/* words added less words removed */
	std::unordered_map<std::string, long long> counts;
};

struct lrm_xapian_qparser {
	Xapian::QueryParser qp;
	Xapian::Database db; /* as set_database() gave it, for term ranges */
	std::string msg;
	lrm_damage_note damage;
	std::unique_ptr<Xapian::SimpleStopper> stopper;
};

struct lrm_xapian_query {
	Xapian::Query query;
};

struct lrm_xapian_enquire {
	Xapian::Enquire enq;
	Xapian::Database db; /* get_eset() adds outside documents to it */
	std::vector<lrm_xapian_spy *> spies;
	std::string msg;
	lrm_damage_note damage;
	lrm_xapian_enquire(const Xapian::Database &d, lrm_damage_note note)
	    : enq(d), db(d), damage(std::move(note)) {}
};

struct lrm_xapian_mset {
	Xapian::MSet mset;
	Xapian::Enquire enq; /* snippet() needs the enquire's query */
	std::string msg;
	lrm_damage_note damage;
	lrm_xapian_mset(const Xapian::MSet &m, const Xapian::Enquire &e,
			lrm_damage_note d)
	    : mset(m), enq(e), damage(std::move(d)) {}
};

struct lrm_xapian_rset {
	std::vector<Xapian::docid> docids;
	std::vector<Xapian::Document> outside; /* documents of no database */
	std::string msg;
};

struct lrm_xapian_eset {
	/* copied out of the Xapian::ESet, whose iterators hand terms back
	 * by value */
	std::vector<std::pair<std::string, double>> terms;
};

struct lrm_xapian_spy {
	/* Xapian's spies count across queries; get_mset gives each spy a
	 * fresh one, so a spy only ever counts the last query's matches. */
	Xapian::valueno slot;
	std::unique_ptr<Xapian::ValueCountMatchSpy> spy;
	std::vector<std::pair<std::string, Xapian::doccount>> snapshot;
	std::string msg;
	explicit lrm_xapian_spy(Xapian::valueno s)
	    : slot(s), spy(new Xapian::ValueCountMatchSpy(s)) {}
};

/* ------------------------------------------------------------------ */
/* Error classification                                               */
/* ------------------------------------------------------------------ */

namespace {

/* Describe a Xapian error as "Class: message (context)". */
std::string
describe(const Xapian::Error &e)
{
	std::string s = e.get_type();
	s += ": ";
	s += e.get_msg();
	if (!e.get_context().empty()) {
		s += " (";
		s += e.get_context();
		s += ")";
	}
	if (e.get_error_string()) {
		s += ": ";
		s += e.get_error_string();
	}
	return s;
}

/* Map the exception being handled to a status and store its message in
 * *MSG (when MSG is not NULL).  Must be called from inside a catch block.
 * The most specific classes are tested first. */
lrm_xapian_status_t
classify(std::string *msg) noexcept
{
	lrm_xapian_status_t status = LRM_XAPIAN_INTERNAL;
	try {
		try {
			throw;
		} catch (const Xapian::QueryParserError &e) {
			status = LRM_XAPIAN_BAD_QUERY;
			if (msg)
				*msg = e.get_msg();
		} catch (const Xapian::DatabaseNotFoundError &e) {
			status = LRM_XAPIAN_DB_NOT_FOUND;
			if (msg)
				*msg = describe(e);
		} catch (const Xapian::DatabaseVersionError &e) {
			/* Files are there but not a database we can read. */
			status = LRM_XAPIAN_DB_CORRUPT;
			if (msg)
				*msg = describe(e);
		} catch (const Xapian::DatabaseLockError &e) {
			status = LRM_XAPIAN_DB_LOCKED;
			if (msg)
				*msg = describe(e);
		} catch (const Xapian::DatabaseModifiedError &e) {
			status = LRM_XAPIAN_DB_MODIFIED;
			if (msg)
				*msg = describe(e);
		} catch (const Xapian::DatabaseCorruptError &e) {
			status = LRM_XAPIAN_DB_CORRUPT;
			if (msg)
				*msg = describe(e);
		} catch (const Xapian::DatabaseOpeningError &e) {
			/* Something is at the path, but it is no usable
			 * database: damaged files or a bad stub. */
			status = LRM_XAPIAN_DB_CORRUPT;
			if (msg)
				*msg = describe(e);
		} catch (const Xapian::DatabaseError &e) {
			status = LRM_XAPIAN_DB_ERROR;
			if (msg)
				*msg = describe(e);
		} catch (const Xapian::DocNotFoundError &e) {
			status = LRM_XAPIAN_NOT_FOUND;
			if (msg)
				*msg = describe(e);
		} catch (const Xapian::InvalidArgumentError &e) {
			status = LRM_XAPIAN_INVALID;
			if (msg)
				*msg = describe(e);
		} catch (const Xapian::InvalidOperationError &e) {
			status = LRM_XAPIAN_INVALID;
			if (msg)
				*msg = describe(e);
		} catch (const Xapian::RangeError &e) {
			status = LRM_XAPIAN_INVALID;
			if (msg)
				*msg = describe(e);
		} catch (const Xapian::WildcardError &e) {
			status = LRM_XAPIAN_BAD_QUERY;
			if (msg)
				*msg = describe(e);
		} catch (const Xapian::Error &e) {
			status = LRM_XAPIAN_INTERNAL;
			if (msg)
				*msg = describe(e);
		} catch (const std::bad_alloc &) {
			status = LRM_XAPIAN_NO_MEMORY;
			if (msg)
				*msg = "out of memory";
		} catch (const std::exception &e) {
			status = LRM_XAPIAN_INTERNAL;
			if (msg)
				*msg = std::string("internal error: ") + e.what();
		} catch (...) {
			status = LRM_XAPIAN_INTERNAL;
			if (msg)
				*msg = "internal error: unknown exception";
		}
	} catch (...) {
		/* Building the message itself failed (out of memory). */
		if (msg)
			msg->clear();
		if (status == LRM_XAPIAN_SUCCESS)
			status = LRM_XAPIAN_NO_MEMORY;
	}
	return status;
}

/* Put MSG, a failure on a damaged database, into the words of NOTE. */
void
note_damage(std::string *msg, const lrm_damage_words &note) noexcept
{
	try {
		std::string said = note.before + *msg + note.after;

		msg->swap(said);
	} catch (...) {
		/* out of memory: Xapian's words will do */
	}
}

/* classify(), and a failure that means the database is damaged (corrupt
 * or unreadable: a short file reads as DatabaseError "EOF reading block";
 * a block newer than its root as DatabaseModifiedError, which on a
 * database nobody writes is damage too) said in the words of DAMAGE, when
 * the database has them. */
lrm_xapian_status_t
classify(std::string *msg, const lrm_damage_note &damage) noexcept
{
	lrm_xapian_status_t status = classify(msg);

	if (msg && damage &&
	    (status == LRM_XAPIAN_DB_CORRUPT || status == LRM_XAPIAN_DB_ERROR ||
	     status == LRM_XAPIAN_DB_MODIFIED))
		note_damage(msg, *damage);
	return status;
}

/* Record a failure that is not an exception. */
lrm_xapian_status_t
fail(std::string *msg, lrm_xapian_status_t status, const char *text) noexcept
{
	try {
		if (msg)
			*msg = text;
	} catch (...) {
	}
	return status;
}

/* A malloc()ed copy of LEN bytes of S, NUL-terminated; NULL on failure. */
char *
dup_bytes(const char *s, size_t len)
{
	char *copy = static_cast<char *>(std::malloc(len + 1));
	if (copy) {
		if (len)
			std::memcpy(copy, s, len);
		copy[len] = '\0';
	}
	return copy;
}

/* Hand STR back to C as a malloc()ed string. */
lrm_xapian_status_t
return_string(const std::string &str, char **out, size_t *len,
	      std::string *msg)
{
	char *copy = dup_bytes(str.data(), str.size());
	if (!copy)
		return fail(msg, LRM_XAPIAN_NO_MEMORY, "out of memory");
	*out = copy;
	if (len)
		*len = str.size();
	return LRM_XAPIAN_SUCCESS;
}

std::string
str_or_empty(const char *s)
{
	return s ? std::string(s) : std::string();
}

/* The first line of Database::check()'s report that names a problem:
 * it also lists each table and its statistics. */
std::string
first_problem(const std::string &report)
{
	std::istringstream in(report);
	std::string line, table;

	while (std::getline(in, line)) {
		if (line.empty() || line.find("blocksize=") == 0 ||
		    line.find("checked okay") != std::string::npos ||
		    line.find("checked OK") != std::string::npos ||
		    line.find("not implemented") != std::string::npos ||
		    line == "No errors found")
			continue;
		if (line.back() == ':') {
			table = line;
			continue;
		}
		return table.empty() ? line : table + " " + line;
	}
	return "the database's tables disagree";
}

Xapian::TermGenerator::stem_strategy
tg_strategy(lrm_xapian_stem_strategy_t s)
{
	switch (s) {
	case LRM_XAPIAN_STEM_NONE:
		return Xapian::TermGenerator::STEM_NONE;
	case LRM_XAPIAN_STEM_SOME:
		return Xapian::TermGenerator::STEM_SOME;
	case LRM_XAPIAN_STEM_ALL:
		return Xapian::TermGenerator::STEM_ALL;
	case LRM_XAPIAN_STEM_ALL_Z:
		return Xapian::TermGenerator::STEM_ALL_Z;
	case LRM_XAPIAN_STEM_SOME_FULL_POS:
		return Xapian::TermGenerator::STEM_SOME_FULL_POS;
	}
	throw Xapian::InvalidArgumentError("unknown stemming strategy");
}

Xapian::QueryParser::stem_strategy
qp_strategy(lrm_xapian_stem_strategy_t s)
{
	switch (s) {
	case LRM_XAPIAN_STEM_NONE:
		return Xapian::QueryParser::STEM_NONE;
	case LRM_XAPIAN_STEM_SOME:
		return Xapian::QueryParser::STEM_SOME;
	case LRM_XAPIAN_STEM_ALL:
		return Xapian::QueryParser::STEM_ALL;
	case LRM_XAPIAN_STEM_ALL_Z:
		return Xapian::QueryParser::STEM_ALL_Z;
	case LRM_XAPIAN_STEM_SOME_FULL_POS:
		return Xapian::QueryParser::STEM_SOME_FULL_POS;
	}
	throw Xapian::InvalidArgumentError("unknown stemming strategy");
}

Xapian::Query::op
query_op(lrm_xapian_op_t op)
{
	switch (op) {
	case LRM_XAPIAN_OP_AND:
		return Xapian::Query::OP_AND;
	case LRM_XAPIAN_OP_OR:
		return Xapian::Query::OP_OR;
	case LRM_XAPIAN_OP_AND_NOT:
		return Xapian::Query::OP_AND_NOT;
	case LRM_XAPIAN_OP_XOR:
		return Xapian::Query::OP_XOR;
	case LRM_XAPIAN_OP_FILTER:
		return Xapian::Query::OP_FILTER;
	}
	throw Xapian::InvalidArgumentError("unknown query operator");
}

/* Xapian::Stem from a language name; "none", "" and NULL mean none.  An
 * unknown name throws InvalidArgumentError. */
Xapian::Stem
make_stemmer(const char *language)
{
	if (!language || !*language || std::strcmp(language, "none") == 0)
		return Xapian::Stem();
	return Xapian::Stem(language);
}

/* The database a handle may be used for: open, and writable if asked. */
lrm_xapian_status_t
usable(lrm_xapian_db_t *db, bool need_writable)
{
	if (db->closed)
		return fail(&db->msg, LRM_XAPIAN_DB_ERROR,
			    "database has been closed");
	if (need_writable && !db->writable)
		return fail(&db->msg, LRM_XAPIAN_INVALID,
			    "database was opened read-only");
	return LRM_XAPIAN_SUCCESS;
}

Xapian::WritableDatabase &
wdb(lrm_xapian_db_t *db)
{
	return *static_cast<Xapian::WritableDatabase *>(db->db);
}

} // namespace

#define NULL_ARG(msgp) fail(msgp, LRM_XAPIAN_INVALID, "NULL argument")

#if defined(__SANITIZE_ADDRESS__)
#define LRM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LRM_ASAN 1
#endif
#endif
#ifdef LRM_ASAN
/* AddressSanitizer reads its defaults here.  libxapian 1.4's checker
 * (Database::check(), which every update runs) deletes its table checker
 * through a base class without a virtual destructor: the same allocator,
 * so harmless, but ASan's sized-delete check aborts on it, and the
 * library is not ours to fix.  Only that check is turned off. */
extern "C" const char *__asan_default_options(void);
extern "C" const char *
__asan_default_options(void)
{
	return "new_delete_type_mismatch=0";
}
#endif

/* ------------------------------------------------------------------ */
/* Status and version                                                 */
/* ------------------------------------------------------------------ */

extern "C" const char *
lrm_xapian_status_to_string(lrm_xapian_status_t status)
{
	switch (status) {
	case LRM_XAPIAN_SUCCESS:
		return "success";
	case LRM_XAPIAN_BAD_QUERY:
		return "malformed query";
	case LRM_XAPIAN_DB_NOT_FOUND:
		return "database not found";
	case LRM_XAPIAN_DB_LOCKED:
		return "database is locked";
	case LRM_XAPIAN_DB_MODIFIED:
		return "database was modified during the read";
	case LRM_XAPIAN_DB_CORRUPT:
		return "database is corrupt or unreadable";
	case LRM_XAPIAN_DB_ERROR:
		return "database error";
	case LRM_XAPIAN_NOT_FOUND:
		return "not found";
	case LRM_XAPIAN_INVALID:
		return "invalid argument or operation";
	case LRM_XAPIAN_NO_MEMORY:
		return "out of memory";
	case LRM_XAPIAN_INTERNAL:
		return "internal error";
	}
	return "unknown status";
}

extern "C" const char *
lrm_xapian_version_string(void)
{
	return Xapian::version_string();
}

/* ------------------------------------------------------------------ */
/* Databases                                                          */
/* ------------------------------------------------------------------ */

namespace {

/* GLASS: a glass database directory and nothing else, never a stub file
 * or directory (which may name remote databases, and so programs to run),
 * chert, or a single-file database. */
lrm_xapian_status_t
open_db(const char *path, bool writable, bool glass,
	lrm_xapian_db_mode_t mode, lrm_xapian_db_t **out, char **msg)
{
	lrm_xapian_db_t *db = nullptr;
	std::string err;
	lrm_xapian_status_t status;

	if (msg)
		*msg = nullptr;
	if (!out)
		return LRM_XAPIAN_INVALID;
	*out = nullptr;
	if (!path) {
		status = fail(&err, LRM_XAPIAN_INVALID, "NULL database path");
		goto cleanup;
	}
	try {
		int backend = glass ? Xapian::DB_BACKEND_GLASS : 0;

		db = new lrm_xapian_db{nullptr, writable, false, std::string(),
				       lrm_damage_note()};
		if (writable) {
			int action;
			switch (mode) {
			case LRM_XAPIAN_DB_CREATE_OR_OPEN:
				action = Xapian::DB_CREATE_OR_OPEN;
				break;
			case LRM_XAPIAN_DB_CREATE:
				action = Xapian::DB_CREATE;
				break;
			case LRM_XAPIAN_DB_CREATE_OR_OVERWRITE:
				action = Xapian::DB_CREATE_OR_OVERWRITE;
				break;
			case LRM_XAPIAN_DB_OPEN:
				action = Xapian::DB_OPEN;
				break;
			default:
				throw Xapian::InvalidArgumentError(
				    "unknown database mode");
			}
			db->db = new Xapian::WritableDatabase(path,
							      action | backend);
		} else {
			db->db = new Xapian::Database(path, backend);
		}
		*out = db;
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		status = classify(&err);
	}
cleanup:
	if (db) {
		delete db->db;
		delete db;
	}
	if (msg) {
		try {
			std::string full = std::string(path ? path : "(null)") +
					   ": " + err;
			*msg = dup_bytes(full.data(), full.size());
		} catch (...) {
			*msg = nullptr;
		}
	}
	return status;
}

} // namespace

extern "C" lrm_xapian_status_t
lrm_xapian_db_open(const char *path, lrm_xapian_db_t **db, char **msg)
{
	return open_db(path, false, false, LRM_XAPIAN_DB_OPEN, db, msg);
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_open_writable(const char *path, lrm_xapian_db_mode_t mode,
			    lrm_xapian_db_t **db, char **msg)
{
	return open_db(path, true, false, mode, db, msg);
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_open_glass(const char *path, lrm_xapian_db_t **db, char **msg)
{
	return open_db(path, false, true, LRM_XAPIAN_DB_OPEN, db, msg);
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_open_writable_glass(const char *path, lrm_xapian_db_mode_t mode,
				  lrm_xapian_db_t **db, char **msg)
{
	return open_db(path, true, true, mode, db, msg);
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_check(const char *path, char **msg)
{
	std::string err;
	lrm_xapian_status_t status;

	if (msg)
		*msg = nullptr;
	if (!path)
		return LRM_XAPIAN_INVALID;
	try {
		std::ostringstream out;

		/* Xapian throws at the first damaged block, and counts (and
		 * describes in OUT) what the tables disagree about. */
		if (Xapian::Database::check(path, 0, &out) == 0)
			return LRM_XAPIAN_SUCCESS;
		status = LRM_XAPIAN_DB_CORRUPT;
		err = first_problem(out.str());
	} catch (...) {
		status = classify(&err);
	}
	if (msg) {
		try {
			std::string full = std::string(path) + ": " + err;
			*msg = dup_bytes(full.data(), full.size());
		} catch (...) {
			*msg = nullptr;
		}
	}
	return status;
}

extern "C" lrm_xapian_status_t
lrm_xapian_compact(const char *const *sources, size_t n, const char *dest,
		   char **msg)
{
	std::string err;
	lrm_xapian_status_t status;

	if (msg)
		*msg = nullptr;
	if (!sources || n == 0 || !dest)
		return LRM_XAPIAN_INVALID;
	try {
		Xapian::Database all;
		for (size_t i = 0; i < n; i++)
			all.add_database(Xapian::Database(sources[i]));
		all.compact(dest);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		status = classify(&err);
	}
	if (msg) {
		try {
			std::string full = std::string(dest) + ": " + err;
			*msg = dup_bytes(full.data(), full.size());
		} catch (...) {
			*msg = nullptr;
		}
	}
	return status;
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_commit(lrm_xapian_db_t *db)
{
	if (!db)
		return LRM_XAPIAN_INVALID;
	lrm_xapian_status_t status = usable(db, true);
	if (status)
		return status;
	try {
		wdb(db).commit();
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&db->msg, db->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_reopen(lrm_xapian_db_t *db)
{
	if (!db)
		return LRM_XAPIAN_INVALID;
	lrm_xapian_status_t status = usable(db, false);
	if (status)
		return status;
	try {
		db->db->reopen();
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&db->msg, db->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_close(lrm_xapian_db_t *db)
{
	if (!db)
		return LRM_XAPIAN_INVALID;
	if (db->closed)
		return LRM_XAPIAN_SUCCESS;
	try {
		/* A WritableDatabase commits pending changes here; callers
		 * commit first so that they see any error. */
		db->db->close();
		db->closed = true;
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		db->closed = true;
		return classify(&db->msg, db->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_discard(lrm_xapian_db_t *db)
{
	if (!db)
		return LRM_XAPIAN_INVALID;
	if (!db->writable || db->closed)
		return lrm_xapian_db_close(db);
	db->closed = true;
	try {
		/* Inside an unflushed transaction, close() skips the commit
		 * that would write what is pending (and after a failure,
		 * such as running out of memory midway through a commit,
		 * can crash), and the destructor cancels the transaction
		 * rather than commit.  Cancelling first would read the last
		 * commit back in, which needs memory we may not have. */
		wdb(db).begin_transaction(false);
	} catch (...) {
		/* already in a transaction: close() will not commit */
	}
	try {
		db->db->close();
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&db->msg);
	}
}

extern "C" void
lrm_xapian_db_destroy(lrm_xapian_db_t *db)
{
	if (!db)
		return;
	try {
		delete db->db;
	} catch (...) {
		/* A destructor cannot report errors; callers commit and
		 * close first to see them. */
	}
	delete db;
}

extern "C" const char *
lrm_xapian_db_last_error(const lrm_xapian_db_t *db)
{
	return db ? db->msg.c_str() : "NULL database handle";
}

extern "C" int
lrm_xapian_db_is_writable(const lrm_xapian_db_t *db)
{
	return db && db->writable;
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_set_damage_message(lrm_xapian_db_t *db, const char *before,
				 const char *after)
{
	if (!db)
		return LRM_XAPIAN_INVALID;
	try {
		if ((before && *before) || (after && *after))
			db->damage = std::make_shared<const lrm_damage_words>(
			    lrm_damage_words{str_or_empty(before),
					     str_or_empty(after)});
		else
			db->damage.reset();
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&db->msg);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_doc_count(lrm_xapian_db_t *db, unsigned *count)
{
	if (!db)
		return LRM_XAPIAN_INVALID;
	if (!count)
		return NULL_ARG(&db->msg);
	lrm_xapian_status_t status = usable(db, false);
	if (status)
		return status;
	try {
		*count = db->db->get_doccount();
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&db->msg, db->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_term_freq(lrm_xapian_db_t *db, const char *term, unsigned *freq)
{
	if (!db)
		return LRM_XAPIAN_INVALID;
	if (!term || !freq)
		return NULL_ARG(&db->msg);
	lrm_xapian_status_t status = usable(db, false);
	if (status)
		return status;
	try {
		*freq = db->db->get_termfreq(term);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&db->msg, db->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_get_metadata(lrm_xapian_db_t *db, const char *key, char **value)
{
	if (!db)
		return LRM_XAPIAN_INVALID;
	if (!key || !value)
		return NULL_ARG(&db->msg);
	*value = nullptr;
	lrm_xapian_status_t status = usable(db, false);
	if (status)
		return status;
	try {
		return return_string(db->db->get_metadata(key), value, nullptr,
				     &db->msg);
	} catch (...) {
		return classify(&db->msg, db->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_set_metadata(lrm_xapian_db_t *db, const char *key,
			   const char *value)
{
	if (!db)
		return LRM_XAPIAN_INVALID;
	if (!key || !value)
		return NULL_ARG(&db->msg);
	lrm_xapian_status_t status = usable(db, true);
	if (status)
		return status;
	try {
		wdb(db).set_metadata(key, value);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&db->msg, db->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_add_spelling(lrm_xapian_db_t *db, const char *word,
			   unsigned freqinc)
{
	if (!db)
		return LRM_XAPIAN_INVALID;
	if (!word)
		return NULL_ARG(&db->msg);
	lrm_xapian_status_t status = usable(db, true);
	if (status)
		return status;
	try {
		wdb(db).add_spelling(word, freqinc);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&db->msg, db->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_add_synonym(lrm_xapian_db_t *db, const char *term,
			  const char *synonym)
{
	if (!db)
		return LRM_XAPIAN_INVALID;
	if (!term || !synonym)
		return NULL_ARG(&db->msg);
	lrm_xapian_status_t status = usable(db, true);
	if (status)
		return status;
	try {
		wdb(db).add_synonym(term, synonym);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&db->msg, db->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_spelling_suggestion(lrm_xapian_db_t *db, const char *word,
				  char **suggestion)
{
	if (!db)
		return LRM_XAPIAN_INVALID;
	if (!word || !suggestion)
		return NULL_ARG(&db->msg);
	*suggestion = nullptr;
	lrm_xapian_status_t status = usable(db, false);
	if (status)
		return status;
	try {
		return return_string(db->db->get_spelling_suggestion(word),
				     suggestion, nullptr, &db->msg);
	} catch (...) {
		return classify(&db->msg, db->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_replace_document(lrm_xapian_db_t *db, const char *unique_term,
			       lrm_xapian_doc_t *doc, unsigned *docid)
{
	if (!db)
		return LRM_XAPIAN_INVALID;
	if (!unique_term || !*unique_term || !doc)
		return NULL_ARG(&db->msg);
	lrm_xapian_status_t status = usable(db, true);
	if (status)
		return status;
	try {
		Xapian::docid id = wdb(db).replace_document(unique_term, doc->doc);
		if (docid)
			*docid = id;
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&db->msg, db->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_delete_document(lrm_xapian_db_t *db, const char *term)
{
	if (!db)
		return LRM_XAPIAN_INVALID;
	if (!term || !*term)
		return NULL_ARG(&db->msg);
	lrm_xapian_status_t status = usable(db, true);
	if (status)
		return status;
	try {
		wdb(db).delete_document(term);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&db->msg, db->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_find_document(lrm_xapian_db_t *db, const char *term,
			    unsigned *docid)
{
	if (!db)
		return LRM_XAPIAN_INVALID;
	if (!term || !*term || !docid)
		return NULL_ARG(&db->msg); /* "" would mean every document */
	*docid = 0;
	lrm_xapian_status_t status = usable(db, false);
	if (status)
		return status;
	try {
		Xapian::PostingIterator p = db->db->postlist_begin(term);
		if (p == db->db->postlist_end(term))
			return fail(&db->msg, LRM_XAPIAN_NOT_FOUND,
				    "no document has that term");
		*docid = *p;
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&db->msg, db->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_each_term(lrm_xapian_db_t *db, const char *prefix,
			lrm_xapian_term_fn fn, void *ctx)
{
	if (!db)
		return LRM_XAPIAN_INVALID;
	if (!fn)
		return NULL_ARG(&db->msg);
	lrm_xapian_status_t status = usable(db, false);
	if (status)
		return status;
	try {
		std::string p = str_or_empty(prefix);
		for (Xapian::TermIterator t = db->db->allterms_begin(p);
		     t != db->db->allterms_end(p); ++t) {
			const std::string &term = *t;
			if (fn(term.data(), term.size(), ctx))
				break;
		}
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&db->msg, db->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_db_get_document(lrm_xapian_db_t *db, unsigned docid,
			   lrm_xapian_doc_t **doc)
{
	if (!db)
		return LRM_XAPIAN_INVALID;
	if (!doc)
		return NULL_ARG(&db->msg);
	*doc = nullptr;
	lrm_xapian_status_t status = usable(db, false);
	if (status)
		return status;
	if (docid == 0)
		return fail(&db->msg, LRM_XAPIAN_NOT_FOUND,
			    "document 0 does not exist (docids start at 1)");
	try {
		*doc = new lrm_xapian_doc{db->db->get_document(docid),
					  std::string(), db->damage};
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&db->msg, db->damage);
	}
}

/* ------------------------------------------------------------------ */
/* Documents                                                          */
/* ------------------------------------------------------------------ */

extern "C" lrm_xapian_status_t
lrm_xapian_doc_create(lrm_xapian_doc_t **doc)
{
	if (!doc)
		return LRM_XAPIAN_INVALID;
	*doc = nullptr;
	try {
		*doc = new lrm_xapian_doc{Xapian::Document(), std::string(),
					  lrm_damage_note()};
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(nullptr);
	}
}

extern "C" void
lrm_xapian_doc_destroy(lrm_xapian_doc_t *doc)
{
	delete doc;
}

extern "C" const char *
lrm_xapian_doc_last_error(const lrm_xapian_doc_t *doc)
{
	return doc ? doc->msg.c_str() : "NULL document handle";
}

extern "C" const char *
lrm_xapian_doc_damaged(lrm_xapian_doc_t *doc, const char *detail)
{
	if (!doc)
		return "NULL document handle";
	fail(&doc->msg, LRM_XAPIAN_DB_CORRUPT, detail ? detail : "");
	if (doc->damage)
		note_damage(&doc->msg, *doc->damage);
	return doc->msg.c_str();
}

extern "C" lrm_xapian_status_t
lrm_xapian_doc_set_data(lrm_xapian_doc_t *doc, const char *data, size_t len)
{
	if (!doc)
		return LRM_XAPIAN_INVALID;
	if (!data && len)
		return NULL_ARG(&doc->msg);
	try {
		doc->doc.set_data(std::string(data ? data : "", len));
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&doc->msg, doc->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_doc_get_data(lrm_xapian_doc_t *doc, char **data, size_t *len)
{
	if (!doc)
		return LRM_XAPIAN_INVALID;
	if (!data)
		return NULL_ARG(&doc->msg);
	*data = nullptr;
	try {
		return return_string(doc->doc.get_data(), data, len, &doc->msg);
	} catch (...) {
		return classify(&doc->msg, doc->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_doc_add_term(lrm_xapian_doc_t *doc, const char *term,
			unsigned wdfinc)
{
	if (!doc)
		return LRM_XAPIAN_INVALID;
	if (!term)
		return NULL_ARG(&doc->msg);
	try {
		doc->doc.add_term(term, wdfinc);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&doc->msg, doc->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_doc_add_boolean_term(lrm_xapian_doc_t *doc, const char *term)
{
	if (!doc)
		return LRM_XAPIAN_INVALID;
	if (!term)
		return NULL_ARG(&doc->msg);
	try {
		doc->doc.add_boolean_term(term);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&doc->msg, doc->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_doc_has_term(lrm_xapian_doc_t *doc, const char *term, int *present)
{
	if (!doc)
		return LRM_XAPIAN_INVALID;
	if (!term || !present)
		return NULL_ARG(&doc->msg);
	try {
		Xapian::TermIterator it = doc->doc.termlist_begin();
		it.skip_to(term);
		*present = it != doc->doc.termlist_end() && *it == term;
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&doc->msg, doc->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_doc_add_value(lrm_xapian_doc_t *doc, unsigned slot,
			 const char *value, size_t len)
{
	if (!doc)
		return LRM_XAPIAN_INVALID;
	if (!value && len)
		return NULL_ARG(&doc->msg);
	try {
		doc->doc.add_value(slot, std::string(value ? value : "", len));
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&doc->msg, doc->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_doc_get_value(lrm_xapian_doc_t *doc, unsigned slot, char **value,
			 size_t *len)
{
	if (!doc)
		return LRM_XAPIAN_INVALID;
	if (!value)
		return NULL_ARG(&doc->msg);
	*value = nullptr;
	try {
		return return_string(doc->doc.get_value(slot), value, len,
				     &doc->msg);
	} catch (...) {
		return classify(&doc->msg, doc->damage);
	}
}

extern "C" void
lrm_xapian_sortable_serialise(double number, char *buf, size_t *len)
{
	/* Xapian's encoding never exceeds 18 bytes; this cannot throw for
	 * finite numbers, but stay safe at the boundary. */
	try {
		std::string s = Xapian::sortable_serialise(number);
		size_t n = std::min(s.size(), (size_t)LRM_XAPIAN_SORTABLE_MAX);
		std::memcpy(buf, s.data(), n);
		*len = n;
	} catch (...) {
		*len = 0;
	}
}

extern "C" double
lrm_xapian_sortable_unserialise(const char *buf, size_t len)
{
	try {
		return Xapian::sortable_unserialise(std::string(buf, len));
	} catch (...) {
		return 0.0;
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_stem_word(const char *language, const char *word, char **stem)
{
	if (!stem)
		return LRM_XAPIAN_INVALID;
	*stem = nullptr;
	if (!word)
		return LRM_XAPIAN_INVALID;
	try {
		return return_string(make_stemmer(language)(word), stem, nullptr,
				     nullptr);
	} catch (...) {
		return classify(nullptr);
	}
}

/* ------------------------------------------------------------------ */
/* Term generation                                                    */
/* ------------------------------------------------------------------ */

extern "C" lrm_xapian_status_t
lrm_xapian_termgen_create(lrm_xapian_termgen_t **tg)
{
	if (!tg)
		return LRM_XAPIAN_INVALID;
	*tg = nullptr;
	try {
		*tg = new lrm_xapian_termgen{Xapian::TermGenerator(),
					     std::string()};
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(nullptr);
	}
}

extern "C" void
lrm_xapian_termgen_destroy(lrm_xapian_termgen_t *tg)
{
	delete tg;
}

extern "C" const char *
lrm_xapian_termgen_last_error(const lrm_xapian_termgen_t *tg)
{
	return tg ? tg->msg.c_str() : "NULL term generator handle";
}

extern "C" lrm_xapian_status_t
lrm_xapian_termgen_set_stemmer(lrm_xapian_termgen_t *tg, const char *language)
{
	if (!tg)
		return LRM_XAPIAN_INVALID;
	try {
		tg->tg.set_stemmer(make_stemmer(language));
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&tg->msg);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_termgen_set_stemming_strategy(lrm_xapian_termgen_t *tg,
					 lrm_xapian_stem_strategy_t strategy)
{
	if (!tg)
		return LRM_XAPIAN_INVALID;
	try {
		tg->tg.set_stemming_strategy(tg_strategy(strategy));
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&tg->msg);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_termgen_set_flags(lrm_xapian_termgen_t *tg, unsigned flags)
{
	if (!tg)
		return LRM_XAPIAN_INVALID;
	if (flags & ~(unsigned)LRM_XAPIAN_TERMGEN_SPELLING)
		return fail(&tg->msg, LRM_XAPIAN_INVALID,
			    "unknown term generator flag");
	try {
		/* With the default mask of 0 this sets the flags outright. */
		tg->tg.set_flags((flags & LRM_XAPIAN_TERMGEN_SPELLING)
					 ? Xapian::TermGenerator::FLAG_SPELLING
					 : Xapian::TermGenerator::flags(0));
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&tg->msg);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_termgen_set_database(lrm_xapian_termgen_t *tg, lrm_xapian_db_t *db)
{
	if (!tg)
		return LRM_XAPIAN_INVALID;
	if (!db)
		return NULL_ARG(&tg->msg);
	if (!db->writable || db->closed)
		return fail(&tg->msg, LRM_XAPIAN_INVALID,
			    "spelling data needs an open writable database");
	try {
		tg->tg.set_database(wdb(db));
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&tg->msg);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_termgen_set_document(lrm_xapian_termgen_t *tg, lrm_xapian_doc_t *doc)
{
	if (!tg)
		return LRM_XAPIAN_INVALID;
	if (!doc)
		return NULL_ARG(&tg->msg);
	try {
		/* Xapian::Document is a reference-counted handle: terms the
		 * generator adds land in DOC's own document. */
		tg->tg.set_document(doc->doc);
		tg->tg.set_termpos(0);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&tg->msg);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_termgen_index_text(lrm_xapian_termgen_t *tg, const char *text,
			      size_t len, unsigned wdf_inc, const char *prefix)
{
	if (!tg)
		return LRM_XAPIAN_INVALID;
	if (!text && len)
		return NULL_ARG(&tg->msg);
	try {
		tg->tg.index_text(std::string(text ? text : "", len), wdf_inc,
				  str_or_empty(prefix));
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&tg->msg);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_termgen_index_text_without_positions(lrm_xapian_termgen_t *tg,
						const char *text, size_t len,
						unsigned wdf_inc,
						const char *prefix)
{
	if (!tg)
		return LRM_XAPIAN_INVALID;
	if (!text && len)
		return NULL_ARG(&tg->msg);
	try {
		tg->tg.index_text_without_positions(
		    std::string(text ? text : "", len), wdf_inc,
		    str_or_empty(prefix));
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&tg->msg);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_termgen_increase_termpos(lrm_xapian_termgen_t *tg, unsigned delta)
{
	if (!tg)
		return LRM_XAPIAN_INVALID;
	try {
		tg->tg.increase_termpos(delta);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&tg->msg);
	}
}

/* ------------------------------------------------------------------ */
/* Spelling data, gathered                                            */
/* ------------------------------------------------------------------ */

extern "C" lrm_xapian_status_t
lrm_xapian_spelling_create(lrm_xapian_spelling_t **sp)
{
	if (!sp)
		return LRM_XAPIAN_INVALID;
	*sp = nullptr;
	try {
		*sp = new lrm_xapian_spelling();
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(nullptr);
	}
}

extern "C" void
lrm_xapian_spelling_destroy(lrm_xapian_spelling_t *sp)
{
	delete sp;
}

namespace {

/* Count DOC's words (its terms without a capital-letter prefix) by DELTA. */
lrm_xapian_status_t
spelling_count(lrm_xapian_spelling_t *sp, const lrm_xapian_doc_t *doc,
	       int delta) noexcept
{
	if (!sp || !doc)
		return LRM_XAPIAN_INVALID;
	try {
		for (Xapian::TermIterator t = doc->doc.termlist_begin();
		     t != doc->doc.termlist_end(); ++t) {
			const std::string &term = *t;
			if (!term.empty() && !(term[0] >= 'A' && term[0] <= 'Z'))
				sp->counts[term] += delta;
		}
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(nullptr);
	}
}

} // namespace

extern "C" lrm_xapian_status_t
lrm_xapian_spelling_add_document(lrm_xapian_spelling_t *sp,
				 const lrm_xapian_doc_t *doc)
{
	return spelling_count(sp, doc, 1);
}

extern "C" lrm_xapian_status_t
lrm_xapian_spelling_remove_document(lrm_xapian_spelling_t *sp,
				    const lrm_xapian_doc_t *doc)
{
	return spelling_count(sp, doc, -1);
}

extern "C" lrm_xapian_status_t
lrm_xapian_spelling_flush(lrm_xapian_spelling_t *sp, lrm_xapian_db_t *db)
{
	if (!sp || !db)
		return LRM_XAPIAN_INVALID;
	lrm_xapian_status_t status = usable(db, true);
	if (status)
		return status;
	try {
		for (const auto &w : sp->counts) {
			if (w.second > 0)
				wdb(db).add_spelling(
				    w.first, (Xapian::termcount)w.second);
			else if (w.second < 0)
				wdb(db).remove_spelling(
				    w.first, (Xapian::termcount)-w.second);
		}
		sp->counts.clear();
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&db->msg, db->damage);
	}
}

/* ------------------------------------------------------------------ */
/* Query parsing                                                      */
/* ------------------------------------------------------------------ */

extern "C" lrm_xapian_status_t
lrm_xapian_qparser_create(lrm_xapian_qparser_t **qp)
{
	if (!qp)
		return LRM_XAPIAN_INVALID;
	*qp = nullptr;
	try {
		*qp = new lrm_xapian_qparser{Xapian::QueryParser(),
					     Xapian::Database(), std::string(),
					     lrm_damage_note(), nullptr};
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(nullptr);
	}
}

extern "C" void
lrm_xapian_qparser_destroy(lrm_xapian_qparser_t *qp)
{
	delete qp;
}

extern "C" const char *
lrm_xapian_qparser_last_error(const lrm_xapian_qparser_t *qp)
{
	return qp ? qp->msg.c_str() : "NULL query parser handle";
}

extern "C" lrm_xapian_status_t
lrm_xapian_qparser_set_stemmer(lrm_xapian_qparser_t *qp, const char *language)
{
	if (!qp)
		return LRM_XAPIAN_INVALID;
	try {
		qp->qp.set_stemmer(make_stemmer(language));
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&qp->msg, qp->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_qparser_set_stemming_strategy(lrm_xapian_qparser_t *qp,
					 lrm_xapian_stem_strategy_t strategy)
{
	if (!qp)
		return LRM_XAPIAN_INVALID;
	try {
		qp->qp.set_stemming_strategy(qp_strategy(strategy));
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&qp->msg, qp->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_qparser_set_database(lrm_xapian_qparser_t *qp, lrm_xapian_db_t *db)
{
	if (!qp)
		return LRM_XAPIAN_INVALID;
	if (!db)
		return NULL_ARG(&qp->msg);
	if (db->closed)
		return fail(&qp->msg, LRM_XAPIAN_DB_ERROR,
			    "database has been closed");
	try {
		qp->qp.set_database(*db->db);
		qp->db = *db->db;
		qp->damage = db->damage;
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&qp->msg, qp->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_qparser_set_default_op(lrm_xapian_qparser_t *qp, lrm_xapian_op_t op)
{
	if (!qp)
		return LRM_XAPIAN_INVALID;
	if (op != LRM_XAPIAN_OP_AND && op != LRM_XAPIAN_OP_OR)
		return fail(&qp->msg, LRM_XAPIAN_INVALID,
			    "the default operator must be AND or OR");
	try {
		qp->qp.set_default_op(query_op(op));
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&qp->msg, qp->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_qparser_add_prefix(lrm_xapian_qparser_t *qp, const char *field,
			      const char *prefix)
{
	if (!qp)
		return LRM_XAPIAN_INVALID;
	if (!field || !prefix)
		return NULL_ARG(&qp->msg);
	try {
		qp->qp.add_prefix(field, prefix);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&qp->msg, qp->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_qparser_add_boolean_prefix(lrm_xapian_qparser_t *qp,
				      const char *field, const char *prefix,
				      int exclusive)
{
	if (!qp)
		return LRM_XAPIAN_INVALID;
	if (!field || !prefix)
		return NULL_ARG(&qp->msg);
	try {
		qp->qp.add_boolean_prefix(field, prefix, exclusive != 0);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&qp->msg, qp->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_qparser_add_range(lrm_xapian_qparser_t *qp, unsigned slot,
			     const char *field_prefix,
			     lrm_xapian_range_kind_t kind)
{
	if (!qp)
		return LRM_XAPIAN_INVALID;
	try {
		std::string str = str_or_empty(field_prefix);
		Xapian::RangeProcessor *rp;
		switch (kind) {
		case LRM_XAPIAN_RANGE_STRING:
			rp = new Xapian::RangeProcessor(slot, str);
			break;
		case LRM_XAPIAN_RANGE_NUMBER:
			rp = new Xapian::NumberRangeProcessor(slot, str);
			break;
		case LRM_XAPIAN_RANGE_DATE:
			rp = new Xapian::DateRangeProcessor(slot, str);
			break;
		default:
			return fail(&qp->msg, LRM_XAPIAN_INVALID,
				    "unknown range kind");
		}
		/* release(): the parser owns it from here on. */
		qp->qp.add_rangeprocessor(rp->release());
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&qp->msg, qp->damage);
	}
}

/* FIELD:value and FIELD:A..B on the boolean terms PREFIX+value: a range
 * is the documents with any such term whose value lies in A..B (byte
 * order; an empty A or B leaves that end open), from the terms of the
 * parser's database.  A value slot holds one value per document, so it
 * cannot say "any of its values"; and a field processor, unlike a range
 * processor returning anything but one term, keeps a range in its
 * field's filter group, so FIELD:a FIELD:b..c means either. */
class BooleanRangeProcessor : public Xapian::FieldProcessor {
	const lrm_xapian_qparser *owner; /* outlives its parser's processors */
	std::string prefix;
	/* a value, or an end, stands for every value it begins */
	bool partial;

	/* Whether the value of TERM lies after END. */
	bool after_end(const std::string &term, const std::string &end) const
	{
		return partial ? term.compare(prefix.size(), end.size(), end) > 0
			       : term.compare(prefix.size(), std::string::npos,
					      end) > 0;
	}

      public:
	BooleanRangeProcessor(const lrm_xapian_qparser *owner_,
			      const std::string &prefix_, bool partial_)
	    : owner(owner_), prefix(prefix_), partial(partial_)
	{
	}

	Xapian::Query operator()(const std::string &str) override
	{
		std::string::size_type dots = str.find("..");
		std::vector<Xapian::Query> terms;

		if (dots == std::string::npos && !partial)
			return Xapian::Query(prefix + str);
		std::string begin = str.substr(0, dots),
			    end = dots == std::string::npos
				      ? str
				      : str.substr(dots + 2);
		if (!end.empty() && after_end(prefix + begin, end))
			return Xapian::Query::MatchNothing;
		Xapian::TermIterator t = owner->db.allterms_begin(prefix);
		t.skip_to(prefix + begin);
		for (; t != owner->db.allterms_end(prefix); ++t) {
			const std::string &term = *t;

			if (!end.empty() && after_end(term, end))
				break;
			terms.emplace_back(term);
		}
		return Xapian::Query(Xapian::Query::OP_OR, terms.begin(),
				     terms.end());
	}
};

namespace {

lrm_xapian_status_t
add_boolean_range(lrm_xapian_qparser_t *qp, const char *field,
		  const char *prefix, bool partial) noexcept
{
	if (!qp)
		return LRM_XAPIAN_INVALID;
	if (!field || !prefix)
		return NULL_ARG(&qp->msg);
	try {
		Xapian::FieldProcessor *proc =
			new BooleanRangeProcessor(qp, prefix, partial);

		/* release(): the parser owns it from here on; the field's
		 * name is its filter group, as for an exclusive prefix */
		qp->qp.add_boolean_prefix(field, proc->release());
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&qp->msg, qp->damage);
	}
}

} // namespace

extern "C" lrm_xapian_status_t
lrm_xapian_qparser_add_boolean_range_prefix(lrm_xapian_qparser_t *qp,
					    const char *field,
					    const char *prefix)
{
	return add_boolean_range(qp, field, prefix, false);
}

extern "C" lrm_xapian_status_t
lrm_xapian_qparser_add_boolean_partial_range_prefix(lrm_xapian_qparser_t *qp,
						    const char *field,
						    const char *prefix)
{
	return add_boolean_range(qp, field, prefix, true);
}

extern "C" lrm_xapian_status_t
lrm_xapian_qparser_parse(lrm_xapian_qparser_t *qp, const char *query,
			 unsigned flags, const char *default_prefix,
			 lrm_xapian_query_t **out)
{
	if (!qp)
		return LRM_XAPIAN_INVALID;
	if (!query || !out)
		return NULL_ARG(&qp->msg);
	*out = nullptr;
	try {
		Xapian::Query q =
		    qp->qp.parse_query(query, flags, str_or_empty(default_prefix));
		*out = new lrm_xapian_query{q};
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&qp->msg, qp->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_qparser_corrected_query(lrm_xapian_qparser_t *qp, char **corrected)
{
	if (!qp)
		return LRM_XAPIAN_INVALID;
	if (!corrected)
		return NULL_ARG(&qp->msg);
	*corrected = nullptr;
	try {
		return return_string(qp->qp.get_corrected_query_string(),
				     corrected, nullptr, &qp->msg);
	} catch (...) {
		return classify(&qp->msg, qp->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_qparser_set_stopwords(lrm_xapian_qparser_t *qp,
				 const char *const *words, size_t n)
{
	if (!qp)
		return LRM_XAPIAN_INVALID;
	if (n && !words)
		return NULL_ARG(&qp->msg);
	try {
		std::unique_ptr<Xapian::SimpleStopper> stopper;

		if (n) {
			stopper.reset(new Xapian::SimpleStopper());
			for (size_t i = 0; i < n; i++)
				stopper->add(words[i]);
		}
		qp->qp.set_stopper(stopper.get());
		qp->stopper = std::move(stopper);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&qp->msg, qp->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_qparser_stopped(lrm_xapian_qparser_t *qp, char **words)
{
	if (!qp)
		return LRM_XAPIAN_INVALID;
	if (!words)
		return NULL_ARG(&qp->msg);
	*words = nullptr;
	try {
		std::string joined;

		for (auto t = qp->qp.stoplist_begin(); t != qp->qp.stoplist_end(); ++t) {
			if (!joined.empty())
				joined += ' ';
			joined += *t;
		}
		return return_string(joined, words, nullptr, &qp->msg);
	} catch (...) {
		return classify(&qp->msg, qp->damage);
	}
}

/* ------------------------------------------------------------------ */
/* Queries                                                            */
/* ------------------------------------------------------------------ */

extern "C" lrm_xapian_status_t
lrm_xapian_query_match_all(lrm_xapian_query_t **out)
{
	if (!out)
		return LRM_XAPIAN_INVALID;
	*out = nullptr;
	try {
		*out = new lrm_xapian_query{Xapian::Query::MatchAll};
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(nullptr);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_query_term(const char *term, lrm_xapian_query_t **out)
{
	if (!out)
		return LRM_XAPIAN_INVALID;
	*out = nullptr;
	if (!term)
		return LRM_XAPIAN_INVALID;
	try {
		*out = new lrm_xapian_query{Xapian::Query(term)};
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(nullptr);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_query_combine(lrm_xapian_op_t op, const lrm_xapian_query_t *a,
			 const lrm_xapian_query_t *b, lrm_xapian_query_t **out)
{
	if (!out)
		return LRM_XAPIAN_INVALID;
	*out = nullptr;
	if (!a || !b)
		return LRM_XAPIAN_INVALID;
	try {
		*out = new lrm_xapian_query{
		    Xapian::Query(query_op(op), a->query, b->query)};
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(nullptr);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_query_scale(const lrm_xapian_query_t *q, double factor,
		       lrm_xapian_query_t **out)
{
	if (!out)
		return LRM_XAPIAN_INVALID;
	*out = nullptr;
	if (!q || !(factor >= 0))
		return LRM_XAPIAN_INVALID;
	try {
		*out = new lrm_xapian_query{
		    Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->query,
				  factor)};
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(nullptr);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_query_terms(lrm_xapian_op_t op, const char *const *terms, size_t n,
		       lrm_xapian_query_t **out)
{
	if (!out)
		return LRM_XAPIAN_INVALID;
	*out = nullptr;
	if (n && !terms)
		return LRM_XAPIAN_INVALID;
	try {
		std::vector<Xapian::Query> subs;
		for (size_t i = 0; i < n; i++) {
			if (!terms[i])
				return LRM_XAPIAN_INVALID;
			subs.emplace_back(terms[i]);
		}
		*out = new lrm_xapian_query{
		    Xapian::Query(query_op(op), subs.begin(), subs.end())};
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(nullptr);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_query_describe(const lrm_xapian_query_t *q, char **description)
{
	if (!q || !description)
		return LRM_XAPIAN_INVALID;
	*description = nullptr;
	try {
		return return_string(q->query.get_description(), description,
				     nullptr, nullptr);
	} catch (...) {
		return classify(nullptr);
	}
}

extern "C" int
lrm_xapian_query_is_empty(const lrm_xapian_query_t *q)
{
	return !q || q->query.empty();
}

extern "C" void
lrm_xapian_query_destroy(lrm_xapian_query_t *q)
{
	delete q;
}

/* ------------------------------------------------------------------ */
/* Enquire                                                            */
/* ------------------------------------------------------------------ */

extern "C" lrm_xapian_status_t
lrm_xapian_enquire_create(lrm_xapian_db_t *db, lrm_xapian_enquire_t **enq)
{
	if (!enq)
		return LRM_XAPIAN_INVALID;
	*enq = nullptr;
	if (!db)
		return LRM_XAPIAN_INVALID;
	lrm_xapian_status_t status = usable(db, false);
	if (status)
		return status;
	try {
		*enq = new lrm_xapian_enquire(*db->db, db->damage);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&db->msg, db->damage);
	}
}

extern "C" void
lrm_xapian_enquire_destroy(lrm_xapian_enquire_t *enq)
{
	delete enq;
}

extern "C" const char *
lrm_xapian_enquire_last_error(const lrm_xapian_enquire_t *enq)
{
	return enq ? enq->msg.c_str() : "NULL enquire handle";
}

extern "C" lrm_xapian_status_t
lrm_xapian_enquire_set_query(lrm_xapian_enquire_t *enq,
			     const lrm_xapian_query_t *q)
{
	if (!enq)
		return LRM_XAPIAN_INVALID;
	if (!q)
		return NULL_ARG(&enq->msg);
	try {
		enq->enq.set_query(q->query);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&enq->msg, enq->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_enquire_set_bm25(lrm_xapian_enquire_t *enq, double k1, double k2,
			    double k3, double b, double min_normlen)
{
	if (!enq)
		return LRM_XAPIAN_INVALID;
	try {
		enq->enq.set_weighting_scheme(
		    Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&enq->msg, enq->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_enquire_set_sort(lrm_xapian_enquire_t *enq, lrm_xapian_sort_t sort,
			    unsigned slot, int descending)
{
	if (!enq)
		return LRM_XAPIAN_INVALID;
	try {
		bool reverse = descending != 0;
		switch (sort) {
		case LRM_XAPIAN_SORT_RELEVANCE:
			enq->enq.set_sort_by_relevance();
			break;
		case LRM_XAPIAN_SORT_VALUE:
			enq->enq.set_sort_by_value(slot, reverse);
			break;
		case LRM_XAPIAN_SORT_VALUE_THEN_RELEVANCE:
			enq->enq.set_sort_by_value_then_relevance(slot, reverse);
			break;
		case LRM_XAPIAN_SORT_RELEVANCE_THEN_VALUE:
			enq->enq.set_sort_by_relevance_then_value(slot, reverse);
			break;
		default:
			return fail(&enq->msg, LRM_XAPIAN_INVALID,
				    "unknown sort order");
		}
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&enq->msg, enq->damage);
	}
}

namespace {

/* Sort ENQ by weight then by the values of N slots, or (VALUES_ONLY) by
 * the values alone. */
lrm_xapian_status_t
sort_by_values(lrm_xapian_enquire_t *enq, const unsigned *slots,
	       const int *descending, size_t n, bool values_only) noexcept
{
	if (!enq)
		return LRM_XAPIAN_INVALID;
	if (n && (!slots || !descending))
		return NULL_ARG(&enq->msg);
	try {
		std::unique_ptr<Xapian::MultiValueKeyMaker> keys(
		    new Xapian::MultiValueKeyMaker());
		for (size_t i = 0; i < n; i++)
			keys->add_value(slots[i], descending[i] != 0);
		/* the enquire owns it from here */
		Xapian::KeyMaker *owned = keys.release()->release();
		if (values_only)
			enq->enq.set_sort_by_key(owned, false);
		else
			enq->enq.set_sort_by_relevance_then_key(owned, false);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&enq->msg, enq->damage);
	}
}

} // namespace

extern "C" lrm_xapian_status_t
lrm_xapian_enquire_set_sort_relevance_then_values(lrm_xapian_enquire_t *enq,
						  const unsigned *slots,
						  const int *descending,
						  size_t n)
{
	return sort_by_values(enq, slots, descending, n, false);
}

extern "C" lrm_xapian_status_t
lrm_xapian_enquire_set_sort_values(lrm_xapian_enquire_t *enq,
				   const unsigned *slots, const int *descending,
				   size_t n)
{
	return sort_by_values(enq, slots, descending, n, true);
}

extern "C" lrm_xapian_status_t
lrm_xapian_enquire_set_collapse_key(lrm_xapian_enquire_t *enq, unsigned slot,
				    unsigned collapse_max)
{
	if (!enq)
		return LRM_XAPIAN_INVALID;
	try {
		if (collapse_max == 0)
			enq->enq.set_collapse_key(Xapian::BAD_VALUENO);
		else
			enq->enq.set_collapse_key(slot, collapse_max);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&enq->msg, enq->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_enquire_add_spy(lrm_xapian_enquire_t *enq, lrm_xapian_spy_t *spy)
{
	if (!enq)
		return LRM_XAPIAN_INVALID;
	if (!spy)
		return NULL_ARG(&enq->msg);
	try {
		/* Not released: SPY stays owned by its C handle. */
		enq->enq.add_matchspy(spy->spy.get());
		enq->spies.push_back(spy);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&enq->msg, enq->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_enquire_get_mset(lrm_xapian_enquire_t *enq, unsigned first,
			    unsigned maxitems, unsigned checkatleast,
			    lrm_xapian_mset_t **mset)
{
	if (!enq)
		return LRM_XAPIAN_INVALID;
	if (!mset)
		return NULL_ARG(&enq->msg);
	*mset = nullptr;
	try {
		if (!enq->spies.empty()) {
			enq->enq.clear_matchspies();
			for (lrm_xapian_spy *spy : enq->spies) {
				spy->spy.reset(
				    new Xapian::ValueCountMatchSpy(spy->slot));
				spy->snapshot.clear();
				enq->enq.add_matchspy(spy->spy.get());
			}
		}
		Xapian::MSet m = enq->enq.get_mset(first, maxitems, checkatleast);
		*mset = new lrm_xapian_mset(m, enq->enq, enq->damage);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&enq->msg, enq->damage);
	}
}

/* ------------------------------------------------------------------ */
/* Relevance feedback                                                 */
/* ------------------------------------------------------------------ */

extern "C" lrm_xapian_status_t
lrm_xapian_rset_create(lrm_xapian_rset_t **rset)
{
	if (!rset)
		return LRM_XAPIAN_INVALID;
	*rset = nullptr;
	try {
		*rset = new lrm_xapian_rset();
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(nullptr);
	}
}

extern "C" void
lrm_xapian_rset_destroy(lrm_xapian_rset_t *rset)
{
	delete rset;
}

extern "C" const char *
lrm_xapian_rset_last_error(const lrm_xapian_rset_t *rset)
{
	return rset ? rset->msg.c_str() : "NULL relevance set handle";
}

extern "C" lrm_xapian_status_t
lrm_xapian_rset_add_document(lrm_xapian_rset_t *rset, unsigned docid)
{
	if (!rset)
		return LRM_XAPIAN_INVALID;
	if (docid == 0)
		return fail(&rset->msg, LRM_XAPIAN_INVALID,
			    "document 0 does not exist (docids start at 1)");
	try {
		rset->docids.push_back(docid);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&rset->msg);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_rset_add_outside_document(lrm_xapian_rset_t *rset,
				     const lrm_xapian_doc_t *doc)
{
	if (!rset)
		return LRM_XAPIAN_INVALID;
	if (!doc)
		return NULL_ARG(&rset->msg);
	try {
		rset->outside.push_back(doc->doc);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&rset->msg);
	}
}

namespace {

/* The terms an expand set may take (lrm_xapian_enquire_get_eset()). */
class TermsOfField : public Xapian::ExpandDecider {
	std::string prefix;
	Xapian::Database db;
	Xapian::doccount min_termfreq;

      public:
	TermsOfField(const std::string &p, const Xapian::Database &d,
		     Xapian::doccount min)
	    : prefix(p), db(d), min_termfreq(min) {}

	bool operator()(const std::string &term) const override
	{
		size_t n = prefix.size();

		if (term.size() <= n || term.compare(0, n, prefix) != 0 ||
		    (term[n] >= 'A' && term[n] <= 'Z'))
			return false;
		return min_termfreq <= 1 || db.get_termfreq(term) >= min_termfreq;
	}
};

/* DB with the documents OUTSIDE added (an in-memory database after its
 * shards) into *JOINED, and RSET's docids, of DB, with OUTSIDE's after
 * them, as docids of *JOINED into *R.  Xapian numbers the documents of
 * several databases by interleaving them: the Nth document of shard S
 * of K is (N - 1) * K + S + 1. */
void
join_outside(const Xapian::Database &db, const lrm_xapian_rset &rset,
	     Xapian::Database *joined, Xapian::RSet *r)
{
	Xapian::WritableDatabase mem(std::string(), Xapian::DB_BACKEND_INMEMORY);
	Xapian::doccount k = db.size();

	for (const Xapian::Document &doc : rset.outside)
		mem.add_document(doc);
	joined->add_database(db);
	joined->add_database(mem);
	for (Xapian::docid id : rset.docids)
		r->add_document((id - 1) / k * (k + 1) + (id - 1) % k + 1);
	for (Xapian::docid n = 1; n <= rset.outside.size(); n++)
		r->add_document((n - 1) * (k + 1) + k + 1);
}

} // namespace

extern "C" lrm_xapian_status_t
lrm_xapian_enquire_get_eset(lrm_xapian_enquire_t *enq,
			    const lrm_xapian_rset_t *rset, unsigned maxitems,
			    const char *prefix, unsigned min_termfreq,
			    lrm_xapian_eset_t **eset)
{
	if (!enq)
		return LRM_XAPIAN_INVALID;
	if (!eset)
		return NULL_ARG(&enq->msg);
	*eset = nullptr;
	if (!rset)
		return NULL_ARG(&enq->msg);
	try {
		std::unique_ptr<lrm_xapian_eset> out(new lrm_xapian_eset());
		Xapian::ESet found;
		/* exact term frequencies: with an outside document the
		 * estimate would be made from its one-document database */
		const int flags = Xapian::Enquire::USE_EXACT_TERMFREQ;

		if (rset->outside.empty()) {
			Xapian::RSet r;
			TermsOfField decider(str_or_empty(prefix), enq->db,
					     min_termfreq);

			for (Xapian::docid id : rset->docids)
				r.add_document(id);
			found = enq->enq.get_eset(maxitems, r, flags, &decider);
		} else {
			Xapian::Database joined;
			Xapian::RSet r;

			join_outside(enq->db, *rset, &joined, &r);
			TermsOfField decider(str_or_empty(prefix), joined,
					     min_termfreq);
			Xapian::Enquire session(joined);
			session.set_query(enq->enq.get_query());
			found = session.get_eset(maxitems, r, flags, &decider);
		}
		for (Xapian::ESetIterator it = found.begin(); it != found.end();
		     ++it)
			out->terms.emplace_back(*it, it.get_weight());
		*eset = out.release();
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&enq->msg, enq->damage);
	}
}

extern "C" void
lrm_xapian_eset_destroy(lrm_xapian_eset_t *eset)
{
	delete eset;
}

extern "C" unsigned
lrm_xapian_eset_size(const lrm_xapian_eset_t *eset)
{
	return eset ? static_cast<unsigned>(eset->terms.size()) : 0;
}

extern "C" lrm_xapian_status_t
lrm_xapian_eset_term(const lrm_xapian_eset_t *eset, unsigned i,
		     const char **term, size_t *len, double *weight)
{
	if (!eset || i >= eset->terms.size())
		return LRM_XAPIAN_INVALID;
	const auto &entry = eset->terms[i];
	if (term)
		*term = entry.first.c_str();
	if (len)
		*len = entry.first.size();
	if (weight)
		*weight = entry.second;
	return LRM_XAPIAN_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* Value-count match spy                                              */
/* ------------------------------------------------------------------ */

extern "C" lrm_xapian_status_t
lrm_xapian_spy_create(unsigned slot, lrm_xapian_spy_t **spy)
{
	if (!spy)
		return LRM_XAPIAN_INVALID;
	*spy = nullptr;
	try {
		*spy = new lrm_xapian_spy(slot);
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(nullptr);
	}
}

extern "C" void
lrm_xapian_spy_destroy(lrm_xapian_spy_t *spy)
{
	delete spy;
}

extern "C" const char *
lrm_xapian_spy_last_error(const lrm_xapian_spy_t *spy)
{
	return spy ? spy->msg.c_str() : "NULL match spy handle";
}

extern "C" unsigned
lrm_xapian_spy_total(const lrm_xapian_spy_t *spy)
{
	return spy ? spy->spy->get_total() : 0;
}

extern "C" lrm_xapian_status_t
lrm_xapian_spy_collect(lrm_xapian_spy_t *spy, unsigned maxvalues,
		       unsigned *count)
{
	if (!spy)
		return LRM_XAPIAN_INVALID;
	if (!count)
		return NULL_ARG(&spy->msg);
	try {
		spy->snapshot.clear();
		Xapian::doccount n = maxvalues;
		if (n == 0) {
			/* all of them: count the distinct values */
			for (Xapian::TermIterator it = spy->spy->values_begin();
			     it != spy->spy->values_end(); ++it)
				n++;
		}
		/* top_values_begin() orders by frequency, ties by value. */
		for (Xapian::TermIterator it = spy->spy->top_values_begin(n);
		     it != spy->spy->top_values_end(n); ++it)
			spy->snapshot.emplace_back(*it, it.get_termfreq());
		*count = spy->snapshot.size();
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		spy->snapshot.clear();
		return classify(&spy->msg);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_spy_value(const lrm_xapian_spy_t *spy, unsigned i,
		     const char **value, size_t *len, unsigned *freq)
{
	if (!spy)
		return LRM_XAPIAN_INVALID;
	lrm_xapian_spy_t *mspy = const_cast<lrm_xapian_spy_t *>(spy);
	if (i >= spy->snapshot.size())
		return fail(&mspy->msg, LRM_XAPIAN_INVALID,
			    "facet index out of range");
	const auto &entry = spy->snapshot[i];
	if (value)
		*value = entry.first.c_str();
	if (len)
		*len = entry.first.size();
	if (freq)
		*freq = entry.second;
	return LRM_XAPIAN_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* Result sets                                                        */
/* ------------------------------------------------------------------ */

extern "C" void
lrm_xapian_mset_destroy(lrm_xapian_mset_t *mset)
{
	delete mset;
}

extern "C" const char *
lrm_xapian_mset_last_error(const lrm_xapian_mset_t *mset)
{
	return mset ? mset->msg.c_str() : "NULL result set handle";
}

extern "C" unsigned
lrm_xapian_mset_size(const lrm_xapian_mset_t *mset)
{
	return mset ? mset->mset.size() : 0;
}

extern "C" void
lrm_xapian_mset_matches(const lrm_xapian_mset_t *mset,
			lrm_xapian_estimate_t *estimate)
{
	if (!estimate)
		return;
	if (!mset) {
		estimate->lower = estimate->estimated = estimate->upper = 0;
		return;
	}
	estimate->lower = mset->mset.get_matches_lower_bound();
	estimate->estimated = mset->mset.get_matches_estimated();
	estimate->upper = mset->mset.get_matches_upper_bound();
}

extern "C" lrm_xapian_status_t
lrm_xapian_mset_hit(lrm_xapian_mset_t *mset, unsigned i, lrm_xapian_hit_t *hit)
{
	if (!mset)
		return LRM_XAPIAN_INVALID;
	if (!hit)
		return NULL_ARG(&mset->msg);
	if (i >= mset->mset.size())
		return fail(&mset->msg, LRM_XAPIAN_INVALID,
			    "hit index out of range");
	try {
		Xapian::MSetIterator it = mset->mset[i];
		hit->docid = *it;
		hit->rank = it.get_rank();
		hit->weight = it.get_weight();
		hit->percent = it.get_percent();
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&mset->msg, mset->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_mset_document(lrm_xapian_mset_t *mset, unsigned i,
			 lrm_xapian_doc_t **doc)
{
	if (!mset)
		return LRM_XAPIAN_INVALID;
	if (!doc)
		return NULL_ARG(&mset->msg);
	*doc = nullptr;
	if (i >= mset->mset.size())
		return fail(&mset->msg, LRM_XAPIAN_INVALID,
			    "hit index out of range");
	try {
		*doc = new lrm_xapian_doc{mset->mset[i].get_document(),
					  std::string(), mset->damage};
		return LRM_XAPIAN_SUCCESS;
	} catch (...) {
		return classify(&mset->msg, mset->damage);
	}
}

extern "C" lrm_xapian_status_t
lrm_xapian_mset_snippet(lrm_xapian_mset_t *mset, const char *text, size_t len,
			size_t length, const char *language, unsigned flags,
			const char *hi_start, const char *hi_end,
			const char *omit, char **snippet)
{
	if (!mset)
		return LRM_XAPIAN_INVALID;
	if ((!text && len) || !snippet)
		return NULL_ARG(&mset->msg);
	*snippet = nullptr;
	try {
		std::string s = mset->mset.snippet(
		    std::string(text ? text : "", len), length,
		    make_stemmer(language), flags, str_or_empty(hi_start),
		    str_or_empty(hi_end), str_or_empty(omit));
		return return_string(s, snippet, nullptr, &mset->msg);
	} catch (...) {
		return classify(&mset->msg, mset->damage);
	}
}
