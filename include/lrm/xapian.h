/* lrm/xapian.h - a thin, pure C binding over libxapian.
 *
 * This is the only way the rest of lrmsearch talks to Xapian; only
 * lib/xapian.cc includes <xapian.h>.  The binding knows nothing about papers:
 * which fields exist and how they are weighted is policy, kept in C
 * (lrm/fields.h).
 *
 * Conventions:
 *  - Every Xapian concept is an opaque handle with a create (or open) and a
 *    destroy function.  Destroy functions accept NULL.
 *  - Every call that can fail returns lrm_xapian_status_t (0 is success).
 *    Results come back through out-parameters, which are left untouched
 *    (pointers: set to NULL) on failure.
 *  - No C++ exception ever crosses into C.  Each handle keeps a message for
 *    its last error, readable with the handle's *_last_error() function;
 *    the text stays valid until the next call on that handle.
 *  - Strings handed back as "char **" are malloc()ed and owned by the caller
 *    (free()).  Strings handed back as "const char **" belong to the handle
 *    and stay valid as the individual prototype says.
 *  - A handle is not thread-safe; use one per thread.
 */
#ifndef LRM_XAPIAN_H
#define LRM_XAPIAN_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef LRM_MUST_CHECK
#if defined(__GNUC__)
#define LRM_MUST_CHECK __attribute__((warn_unused_result))
#else
#define LRM_MUST_CHECK
#endif
#endif

/* What went wrong.  Kept small on purpose: callers decide what to do from
 * the status and show the handle's message to a person. */
typedef enum lrm_xapian_status {
	LRM_XAPIAN_SUCCESS = 0,
	LRM_XAPIAN_BAD_QUERY,	  /* QueryParserError: the query text is malformed */
	LRM_XAPIAN_DB_NOT_FOUND,  /* no database at that path */
	LRM_XAPIAN_DB_LOCKED,	  /* another writer holds the lock */
	LRM_XAPIAN_DB_MODIFIED,	  /* the revision read has gone; reopen and retry */
	LRM_XAPIAN_DB_CORRUPT,	  /* damaged or unreadable database files */
	LRM_XAPIAN_DB_ERROR,	  /* other database failure (I/O, create, closed) */
	LRM_XAPIAN_NOT_FOUND,	  /* no such document or term */
	LRM_XAPIAN_INVALID,	  /* a bad argument or an operation out of turn */
	LRM_XAPIAN_NO_MEMORY,	  /* std::bad_alloc or malloc() failed */
	LRM_XAPIAN_INTERNAL,	  /* anything else; a bug somewhere */
} lrm_xapian_status_t;

/* A short fixed description of a status, e.g. "database is locked". */
const char *lrm_xapian_status_to_string(lrm_xapian_status_t status);

/* The libxapian version in use at run time, e.g. "1.4.22". */
const char *lrm_xapian_version_string(void);

typedef struct lrm_xapian_db lrm_xapian_db_t;
typedef struct lrm_xapian_doc lrm_xapian_doc_t;
typedef struct lrm_xapian_termgen lrm_xapian_termgen_t;
typedef struct lrm_xapian_qparser lrm_xapian_qparser_t;
typedef struct lrm_xapian_query lrm_xapian_query_t;
typedef struct lrm_xapian_enquire lrm_xapian_enquire_t;
typedef struct lrm_xapian_mset lrm_xapian_mset_t;
typedef struct lrm_xapian_spy lrm_xapian_spy_t;
typedef struct lrm_xapian_rset lrm_xapian_rset_t;
typedef struct lrm_xapian_eset lrm_xapian_eset_t;

/* ------------------------------------------------------------------ */
/* Databases                                                          */
/* ------------------------------------------------------------------ */

/* Open a database read-only.  PATH is a database directory or a Xapian stub
 * file ("auto shard1\nauto shard2\n"), so several shards can be searched as
 * one.  On failure *DB is NULL and, when MSG is not NULL, *MSG is a
 * malloc()ed description the caller frees (or NULL if even that failed). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_db_open(const char *path, lrm_xapian_db_t **db, char **msg);

/* As lrm_xapian_db_open(), but PATH must be a glass database directory:
 * never a stub file or stub directory (whose "remote :PROGRAM" lines make
 * Xapian run a program, and whose other lines open whatever they name), a
 * chert or single-file database.  For paths that a hostile or careless
 * party may have written. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_db_open_glass(const char *path, lrm_xapian_db_t **db, char **msg);

typedef enum lrm_xapian_db_mode {
	LRM_XAPIAN_DB_CREATE_OR_OPEN = 1,      /* open, or create if missing */
	LRM_XAPIAN_DB_CREATE,		       /* create; fail if it exists */
	LRM_XAPIAN_DB_CREATE_OR_OVERWRITE,     /* create, replacing any database */
	LRM_XAPIAN_DB_OPEN,		       /* open; fail if missing */
} lrm_xapian_db_mode_t;

/* Open (or create, per MODE) a database for writing.  Only one writer may
 * hold a database at a time: a second gets LRM_XAPIAN_DB_LOCKED.  Commit
 * with lrm_xapian_db_commit() and check its status: Xapian itself commits
 * pending changes when a writable database is closed or destroyed, but
 * errors there cannot be reported, so never rely on it. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_db_open_writable(const char *path, lrm_xapian_db_mode_t mode,
			    lrm_xapian_db_t **db, char **msg);

/* lrm_xapian_db_open_writable() for a glass database directory only (see
 * lrm_xapian_db_open_glass()); created as glass with the CREATE modes. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_db_open_writable_glass(const char *path, lrm_xapian_db_mode_t mode,
				  lrm_xapian_db_t **db, char **msg);

/* Check the database at PATH (a glass or chert directory, or one table
 * file of it) with Xapian's own checker, as xapian-check does: every
 * block of every table is read and its B-tree structure checked, and the
 * tables are checked against each other (document lengths, term
 * frequencies).  LRM_XAPIAN_DB_CORRUPT (or LRM_XAPIAN_DB_ERROR for a
 * short file) when it is damaged, LRM_XAPIAN_DB_NOT_FOUND when there is
 * no database; *MSG (when MSG is not NULL) is then a malloc()ed
 * description of the first problem found.  It reads the whole database:
 * about a second per 100 MB.  Glass keeps no checksums, so a changed byte
 * inside a document's data or a posting's payload that still decodes
 * passes. */
LRM_MUST_CHECK lrm_xapian_status_t lrm_xapian_db_check(const char *path,
							char **msg);

/* Make pending changes durable.  Reports what went wrong; never ignore. */
LRM_MUST_CHECK lrm_xapian_status_t lrm_xapian_db_commit(lrm_xapian_db_t *db);

/* Merge the N databases at SOURCES into a new, compact database at DEST
 * (Xapian's compaction: documents are renumbered in order; spelling,
 * synonyms and metadata are merged).  On failure *MSG (when MSG is not
 * NULL) is a malloc()ed description. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_compact(const char *const *sources, size_t n, const char *dest,
		   char **msg);

/* Reopen a read-only database at its newest revision (after
 * LRM_XAPIAN_DB_MODIFIED). */
LRM_MUST_CHECK lrm_xapian_status_t lrm_xapian_db_reopen(lrm_xapian_db_t *db);

/* Close the database, releasing files and the write lock (Xapian commits
 * a writable database's pending changes here; commit first to see errors).
 * The handle must still be destroyed; further calls on it fail with
 * LRM_XAPIAN_DB_ERROR. */
LRM_MUST_CHECK lrm_xapian_status_t lrm_xapian_db_close(lrm_xapian_db_t *db);

/* Close the database without committing: a writable database's pending
 * changes (everything since the last commit) are dropped, and its files
 * and write lock released.  For error paths, where what was written is
 * thrown away: unlike close and destroy, it never writes, so a failure
 * that left Xapian's state half-changed (running out of memory in the
 * middle of a commit) cannot make it crash or write a broken database.
 * The handle must still be destroyed.  A read-only database is simply
 * closed. */
lrm_xapian_status_t lrm_xapian_db_discard(lrm_xapian_db_t *db);

/* Free the handle (and close the database if still open).  Accepts NULL. */
void lrm_xapian_db_destroy(lrm_xapian_db_t *db);

/* The message of the last failed call on DB ("" if none). */
const char *lrm_xapian_db_last_error(const lrm_xapian_db_t *db);

/* Whether DB was opened writable (1) or read-only (0). */
int lrm_xapian_db_is_writable(const lrm_xapian_db_t *db);

/* What a failure meaning the database is damaged (LRM_XAPIAN_DB_CORRUPT;
 * LRM_XAPIAN_DB_ERROR: a short or unreadable file; LRM_XAPIAN_DB_MODIFIED:
 * a block newer than the revision read) says from now on, on DB and on
 * every handle made from it afterwards (enquire sessions, result sets,
 * documents, query parsers given DB): BEFORE, Xapian's message, AFTER;
 * what the database is and how to rebuild it, say.  Both NULL or ""
 * restore Xapian's words.  Only for a read-only database that nobody
 * writes: on a writable one a full disk is a DB_ERROR too, and on one
 * being written DB_MODIFIED only means "reopen". */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_db_set_damage_message(lrm_xapian_db_t *db, const char *before,
				 const char *after);

LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_db_doc_count(lrm_xapian_db_t *db, unsigned *count);

/* Number of documents indexed by TERM (0 when absent). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_db_term_freq(lrm_xapian_db_t *db, const char *term, unsigned *freq);

/* User metadata.  A missing key reads as "" (a malloc()ed empty string). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_db_get_metadata(lrm_xapian_db_t *db, const char *key, char **value);
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_db_set_metadata(lrm_xapian_db_t *db, const char *key,
			   const char *value);

/* Spelling and synonym data (writable databases). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_db_add_spelling(lrm_xapian_db_t *db, const char *word,
			   unsigned freqinc);
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_db_add_synonym(lrm_xapian_db_t *db, const char *term,
			  const char *synonym);

/* Best spelling suggestion for WORD from the database's spelling data;
 * "" (malloc()ed) when there is none. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_db_spelling_suggestion(lrm_xapian_db_t *db, const char *word,
				  char **suggestion);

/* Add DOC, or replace every document indexed by UNIQUE_TERM with it.  The
 * docid used is stored in *DOCID when DOCID is not NULL. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_db_replace_document(lrm_xapian_db_t *db, const char *unique_term,
			       lrm_xapian_doc_t *doc, unsigned *docid);

/* Delete every document indexed by TERM (none is not an error). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_db_delete_document(lrm_xapian_db_t *db, const char *term);

/* The first document indexed by TERM, in *DOCID; LRM_XAPIAN_NOT_FOUND
 * when there is none. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_db_find_document(lrm_xapian_db_t *db, const char *term,
			    unsigned *docid);

/* Call FN(TERM, LEN, CTX) for each term of the database that begins with
 * PREFIX, in byte order, until FN returns nonzero.  The term is only valid
 * during the call, and FN must not change the database. */
typedef int (*lrm_xapian_term_fn)(const char *term, size_t len, void *ctx);
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_db_each_term(lrm_xapian_db_t *db, const char *prefix,
			lrm_xapian_term_fn fn, void *ctx);

/* Fetch document DOCID; LRM_XAPIAN_NOT_FOUND when there is none.  The
 * caller destroys *DOC. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_db_get_document(lrm_xapian_db_t *db, unsigned docid,
			   lrm_xapian_doc_t **doc);

/* ------------------------------------------------------------------ */
/* Documents                                                          */
/* ------------------------------------------------------------------ */

LRM_MUST_CHECK lrm_xapian_status_t lrm_xapian_doc_create(lrm_xapian_doc_t **doc);
void lrm_xapian_doc_destroy(lrm_xapian_doc_t *doc);
const char *lrm_xapian_doc_last_error(const lrm_xapian_doc_t *doc);
/* DOC's content is damaged in a way Xapian cannot see (its data does not
 * decode, say): record DETAIL as its last error, in the words of its
 * database's damage message (lrm_xapian_db_set_damage_message()) when it
 * has one, and return that message (valid as _last_error()'s). */
const char *lrm_xapian_doc_damaged(lrm_xapian_doc_t *doc, const char *detail);

/* The document's opaque data (we store the paper record here). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_doc_set_data(lrm_xapian_doc_t *doc, const char *data, size_t len);
/* *DATA is malloc()ed, NUL-terminated, LEN bytes long (it may hold NULs). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_doc_get_data(lrm_xapian_doc_t *doc, char **data, size_t *len);

/* A term with a within-document frequency increment (no position). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_doc_add_term(lrm_xapian_doc_t *doc, const char *term,
			unsigned wdfinc);
/* A term for filtering only: wdf 0, so it does not affect weights. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_doc_add_boolean_term(lrm_xapian_doc_t *doc, const char *term);

/* Whether DOC has TERM (1) or not (0), in *PRESENT. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_doc_has_term(lrm_xapian_doc_t *doc, const char *term, int *present);

/* Value slots, for sorting, ranges, collapsing and facets.  Setting a
 * slot replaces its value. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_doc_add_value(lrm_xapian_doc_t *doc, unsigned slot,
			 const char *value, size_t len);
/* *VALUE is malloc()ed and NUL-terminated; "" when the slot is empty. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_doc_get_value(lrm_xapian_doc_t *doc, unsigned slot, char **value,
			 size_t *len);

/* Encode NUMBER so that byte order sorts numerically, as the number range
 * processor and numeric sorting expect.  BUF must hold
 * LRM_XAPIAN_SORTABLE_MAX bytes; *LEN gets the encoded length. */
#define LRM_XAPIAN_SORTABLE_MAX 18
void lrm_xapian_sortable_serialise(double number, char *buf, size_t *len);
double lrm_xapian_sortable_unserialise(const char *buf, size_t len);

/* The stem of WORD in LANGUAGE ("english"), as the term generator and the
 * query parser make it (malloc()ed).  An unknown language is
 * LRM_XAPIAN_INVALID. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_stem_word(const char *language, const char *word, char **stem);

/* ------------------------------------------------------------------ */
/* Term generation                                                    */
/* ------------------------------------------------------------------ */

typedef enum lrm_xapian_stem_strategy {
	LRM_XAPIAN_STEM_NONE = 0, /* no stemming */
	LRM_XAPIAN_STEM_SOME,	  /* stemmed "Z" terms beside unstemmed ones */
	LRM_XAPIAN_STEM_ALL,	  /* stemmed terms only, no "Z" */
	LRM_XAPIAN_STEM_ALL_Z,	  /* stemmed "Z" terms only */
	LRM_XAPIAN_STEM_SOME_FULL_POS, /* as SOME, stemmed terms with positions */
} lrm_xapian_stem_strategy_t;

enum {
	/* Record spelling data in the database given to set_database(). */
	LRM_XAPIAN_TERMGEN_SPELLING = 1,
};

/* A term generator with no stemmer (set one with _set_stemmer). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_termgen_create(lrm_xapian_termgen_t **tg);
void lrm_xapian_termgen_destroy(lrm_xapian_termgen_t *tg);
const char *lrm_xapian_termgen_last_error(const lrm_xapian_termgen_t *tg);

/* LANGUAGE as Xapian::Stem knows it ("english", "en", "none").  An unknown
 * language is LRM_XAPIAN_INVALID. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_termgen_set_stemmer(lrm_xapian_termgen_t *tg, const char *language);
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_termgen_set_stemming_strategy(lrm_xapian_termgen_t *tg,
					 lrm_xapian_stem_strategy_t strategy);
/* Flags: LRM_XAPIAN_TERMGEN_SPELLING or 0. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_termgen_set_flags(lrm_xapian_termgen_t *tg, unsigned flags);
/* The database that receives spelling data.  DB must be writable and must
 * outlive its use by TG. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_termgen_set_database(lrm_xapian_termgen_t *tg, lrm_xapian_db_t *db);
/* The document terms go into; DOC must outlive its use by TG.  Resets the
 * term position to 0. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_termgen_set_document(lrm_xapian_termgen_t *tg, lrm_xapian_doc_t *doc);
/* Index LEN bytes of UTF-8 TEXT with each term's wdf increased by WDF_INC,
 * each term prefixed with PREFIX (NULL or "" for none). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_termgen_index_text(lrm_xapian_termgen_t *tg, const char *text,
			      size_t len, unsigned wdf_inc, const char *prefix);
/* As above, without positional information (no phrase search). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_termgen_index_text_without_positions(lrm_xapian_termgen_t *tg,
						const char *text, size_t len,
						unsigned wdf_inc,
						const char *prefix);
/* Leave a gap of DELTA positions, so phrases never span two fields. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_termgen_increase_termpos(lrm_xapian_termgen_t *tg, unsigned delta);

/* ------------------------------------------------------------------ */
/* Spelling data, gathered                                            */
/* ------------------------------------------------------------------ */

/* Words counted over many documents and added to a database's spelling
 * data in one go: far cheaper than LRM_XAPIAN_TERMGEN_SPELLING, which
 * updates the database for every word as it is indexed.  A word counts
 * once for each document that has it. */
typedef struct lrm_xapian_spelling lrm_xapian_spelling_t;

LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_spelling_create(lrm_xapian_spelling_t **sp);
void lrm_xapian_spelling_destroy(lrm_xapian_spelling_t *sp);
/* Count the words of DOC: its terms without a prefix (those that do not
 * start with a capital A-Z, as the term generator makes them). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_spelling_add_document(lrm_xapian_spelling_t *sp,
				 const lrm_xapian_doc_t *doc);
/* Uncount the words of DOC, a document on its way out of the database
 * (replaced or deleted), so the flush takes them out of its spelling data. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_spelling_remove_document(lrm_xapian_spelling_t *sp,
				    const lrm_xapian_doc_t *doc);
/* Add (or remove) every word counted so far to (from) DB's spelling data
 * and forget them; a failure leaves the message on DB. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_spelling_flush(lrm_xapian_spelling_t *sp, lrm_xapian_db_t *db);

/* ------------------------------------------------------------------ */
/* Query parsing                                                      */
/* ------------------------------------------------------------------ */

/* Query parser flags; the same values as Xapian::QueryParser's. */
enum {
	LRM_XAPIAN_QP_BOOLEAN = 1,
	LRM_XAPIAN_QP_PHRASE = 2,
	LRM_XAPIAN_QP_LOVEHATE = 4,
	LRM_XAPIAN_QP_BOOLEAN_ANY_CASE = 8,
	LRM_XAPIAN_QP_WILDCARD = 16,
	LRM_XAPIAN_QP_PURE_NOT = 32,
	LRM_XAPIAN_QP_PARTIAL = 64,
	LRM_XAPIAN_QP_SPELLING_CORRECTION = 128,
	LRM_XAPIAN_QP_SYNONYM = 256,
	LRM_XAPIAN_QP_AUTO_SYNONYMS = 512,
	LRM_XAPIAN_QP_AUTO_MULTIWORD_SYNONYMS = 1024,
	LRM_XAPIAN_QP_DEFAULT = 1 | 2 | 4,
};

/* Operators, for the default operator and for combining queries. */
typedef enum lrm_xapian_op {
	LRM_XAPIAN_OP_AND = 0,
	LRM_XAPIAN_OP_OR,
	LRM_XAPIAN_OP_AND_NOT,
	LRM_XAPIAN_OP_XOR,
	LRM_XAPIAN_OP_FILTER, /* left weighted, right only restricts */
} lrm_xapian_op_t;

typedef enum lrm_xapian_range_kind {
	LRM_XAPIAN_RANGE_STRING = 0, /* values compare as byte strings */
	LRM_XAPIAN_RANGE_NUMBER,     /* values from lrm_xapian_sortable_serialise */
	LRM_XAPIAN_RANGE_DATE,	     /* values are "YYYYMMDD" */
} lrm_xapian_range_kind_t;

LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_qparser_create(lrm_xapian_qparser_t **qp);
void lrm_xapian_qparser_destroy(lrm_xapian_qparser_t *qp);
const char *lrm_xapian_qparser_last_error(const lrm_xapian_qparser_t *qp);

LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_qparser_set_stemmer(lrm_xapian_qparser_t *qp, const char *language);
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_qparser_set_stemming_strategy(lrm_xapian_qparser_t *qp,
					 lrm_xapian_stem_strategy_t strategy);
/* The database for wildcards, spelling and synonyms; DB must outlive QP's
 * use of it. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_qparser_set_database(lrm_xapian_qparser_t *qp, lrm_xapian_db_t *db);
/* LRM_XAPIAN_OP_AND or LRM_XAPIAN_OP_OR. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_qparser_set_default_op(lrm_xapian_qparser_t *qp, lrm_xapian_op_t op);
/* FIELD:words are searched as PREFIX-prefixed free-text terms.  A field may
 * be given several prefixes by repeated calls. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_qparser_add_prefix(lrm_xapian_qparser_t *qp, const char *field,
			      const char *prefix);
/* FIELD:value filters on the boolean term PREFIX+value.  Values of one
 * field are ORed when EXCLUSIVE, ANDed otherwise. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_qparser_add_boolean_prefix(lrm_xapian_qparser_t *qp,
				      const char *field, const char *prefix,
				      int exclusive);
/* START..END ranges (with FIELD_PREFIX, e.g. "year:", before START) on
 * value SLOT, interpreted as KIND.  The first processor that accepts a
 * range wins, so add prefixed ones before an unprefixed one. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_qparser_add_range(lrm_xapian_qparser_t *qp, unsigned slot,
			     const char *field_prefix,
			     lrm_xapian_range_kind_t kind);
/* FIELD:value filters on the boolean term PREFIX+value, as an exclusive
 * boolean prefix does, and FIELD:START..END on the terms PREFIX+value of
 * the database given to lrm_xapian_qparser_set_database(): a document
 * matches when any of its terms with that prefix has a value from START to
 * END (compared as byte strings; an empty START or END leaves that end
 * open), so a field with several values per document has ranges, which a
 * value slot cannot give.  Values and ranges of FIELD are ORed: FIELD:a
 * FIELD:b..c means either.  A field has one such prefix, and no other. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_qparser_add_boolean_range_prefix(lrm_xapian_qparser_t *qp,
					    const char *field,
					    const char *prefix);
/* As lrm_xapian_qparser_add_boolean_range_prefix(), but a value, or an
 * end of a range, stands for every value it begins: with values such as
 * "2026-11-05", FIELD:2026-11 is each day of November, FIELD:..2026-11
 * ends with its last day and FIELD:2026-11.. begins with its first. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_qparser_add_boolean_partial_range_prefix(lrm_xapian_qparser_t *qp,
						    const char *field,
						    const char *prefix);
/* Parse QUERY with FLAGS (LRM_XAPIAN_QP_*); bare words get DEFAULT_PREFIX
 * (NULL or "" for none).  A malformed query is LRM_XAPIAN_BAD_QUERY with
 * Xapian's explanation as the message.  The caller destroys *OUT. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_qparser_parse(lrm_xapian_qparser_t *qp, const char *query,
			 unsigned flags, const char *default_prefix,
			 lrm_xapian_query_t **out);
/* After a parse with LRM_XAPIAN_QP_SPELLING_CORRECTION: the query with
 * corrected spelling, or "" when nothing was corrected (malloc()ed). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_qparser_corrected_query(lrm_xapian_qparser_t *qp, char **corrected);
/* Ignore the N words of WORDS (copied) in queries, outside phrases
 * (Xapian's SimpleStopper); N == 0 ignores none. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_qparser_set_stopwords(lrm_xapian_qparser_t *qp,
				 const char *const *words, size_t n);
/* The words the last parse ignored as stopwords, in query order, joined
 * by single spaces ("" for none; malloc()ed). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_qparser_stopped(lrm_xapian_qparser_t *qp, char **words);

/* ------------------------------------------------------------------ */
/* Queries                                                            */
/* ------------------------------------------------------------------ */

/* Every document. */
LRM_MUST_CHECK lrm_xapian_status_t lrm_xapian_query_match_all(lrm_xapian_query_t **out);
/* Documents indexed by TERM. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_query_term(const char *term, lrm_xapian_query_t **out);
/* A op B.  Neither input is consumed. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_query_combine(lrm_xapian_op_t op, const lrm_xapian_query_t *a,
			 const lrm_xapian_query_t *b, lrm_xapian_query_t **out);
/* Q with its weights multiplied by FACTOR (at least 0). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_query_scale(const lrm_xapian_query_t *q, double factor,
		       lrm_xapian_query_t **out);
/* TERMS[0] op TERMS[1] op ... (N of them; none: a query that matches
 * nothing), e.g. the terms of an expand set ORed. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_query_terms(lrm_xapian_op_t op, const char *const *terms, size_t n,
		       lrm_xapian_query_t **out);
/* Xapian's description, e.g. "Query((latent@1 AND reason@2))" (malloc()ed). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_query_describe(const lrm_xapian_query_t *q, char **description);
/* Whether Q matches nothing because it is empty (e.g. parsed from ""). */
int lrm_xapian_query_is_empty(const lrm_xapian_query_t *q);
void lrm_xapian_query_destroy(lrm_xapian_query_t *q);

/* ------------------------------------------------------------------ */
/* Enquire                                                            */
/* ------------------------------------------------------------------ */

/* An enquire session over DB, which must outlive it. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_enquire_create(lrm_xapian_db_t *db, lrm_xapian_enquire_t **enq);
void lrm_xapian_enquire_destroy(lrm_xapian_enquire_t *enq);
const char *lrm_xapian_enquire_last_error(const lrm_xapian_enquire_t *enq);

/* The query to run (copied; Q may be destroyed afterwards). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_enquire_set_query(lrm_xapian_enquire_t *enq,
			     const lrm_xapian_query_t *q);
/* BM25 with its parameters (Xapian's defaults: 1, 0, 1, 0.5, 0.5). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_enquire_set_bm25(lrm_xapian_enquire_t *enq, double k1, double k2,
			    double k3, double b, double min_normlen);

typedef enum lrm_xapian_sort {
	LRM_XAPIAN_SORT_RELEVANCE = 0,	    /* weight only (the default) */
	LRM_XAPIAN_SORT_VALUE,		    /* value slot only */
	LRM_XAPIAN_SORT_VALUE_THEN_RELEVANCE, /* value, ties by weight */
	LRM_XAPIAN_SORT_RELEVANCE_THEN_VALUE, /* weight, ties by value */
} lrm_xapian_sort_t;

/* Order results.  SLOT is ignored for LRM_XAPIAN_SORT_RELEVANCE.  With
 * DESCENDING the value sorts high to low (newest first for dates). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_enquire_set_sort(lrm_xapian_enquire_t *enq, lrm_xapian_sort_t sort,
			    unsigned slot, int descending);
/* Order results by weight, and ties by the values of N slots in turn:
 * SLOTS[i], high to low when DESCENDING[i].  Unlike the docid that breaks
 * Xapian's remaining ties, values do not depend on the order in which
 * documents were added. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_enquire_set_sort_relevance_then_values(lrm_xapian_enquire_t *enq,
						  const unsigned *slots,
						  const int *descending,
						  size_t n);
/* Order results by the values of N slots alone (weights do not count), as
 * above. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_enquire_set_sort_values(lrm_xapian_enquire_t *enq,
				   const unsigned *slots, const int *descending,
				   size_t n);
/* Keep at most COLLAPSE_MAX results per distinct value in SLOT
 * (COLLAPSE_MAX 0 turns collapsing off). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_enquire_set_collapse_key(lrm_xapian_enquire_t *enq, unsigned slot,
				    unsigned collapse_max);
/* Count, over every match, how often each value of SPY's slot occurs.
 * SPY must outlive ENQ's get_mset calls; each get_mset resets it. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_enquire_add_spy(lrm_xapian_enquire_t *enq, lrm_xapian_spy_t *spy);
/* Run the query: results FIRST .. FIRST+MAXITEMS-1, counting at least
 * CHECKATLEAST matches exactly (0 for Xapian's estimate; pass the document
 * count for exact counts and complete facets).  The caller destroys *MSET. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_enquire_get_mset(lrm_xapian_enquire_t *enq, unsigned first,
			    unsigned maxitems, unsigned checkatleast,
			    lrm_xapian_mset_t **mset);

/* ------------------------------------------------------------------ */
/* Relevance feedback                                                 */
/* ------------------------------------------------------------------ */

/* A relevance set: the documents a person marked as what they want, for
 * lrm_xapian_enquire_get_eset() to find the terms that tell them from
 * the rest ("more like these").  It holds documents of the database by
 * docid, and documents from elsewhere (a text that is in no database). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_rset_create(lrm_xapian_rset_t **rset);
void lrm_xapian_rset_destroy(lrm_xapian_rset_t *rset);
const char *lrm_xapian_rset_last_error(const lrm_xapian_rset_t *rset);
/* Document DOCID of the enquire's database (0 is LRM_XAPIAN_INVALID). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_rset_add_document(lrm_xapian_rset_t *rset, unsigned docid);
/* DOC, a document of no database (copied; DOC may be destroyed
 * afterwards): get_eset() counts it as one more document of the
 * database, its terms weighed against the database's as if it were
 * indexed there. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_rset_add_outside_document(lrm_xapian_rset_t *rset,
				     const lrm_xapian_doc_t *doc);

/* The at most MAXITEMS terms that best tell the documents of RSET from
 * the rest of ENQ's database, best first (Xapian's expand set, with its
 * default "trad" expand weights: a term weighs more the more often the
 * documents of RSET use it and the fewer other documents do).  Only
 * terms that start with PREFIX (NULL or "" for none) and go on with no
 * capital A-Z, which by Xapian's convention would start another prefix
 * ("Z" takes "Zreason", the stem of a word without a field, but not
 * "ZSreason"; "" takes "reasoning" but not "Zreason"), and that at least
 * MIN_TERMFREQ documents hold (an outside document counts): 2 leaves out
 * the words no other document shares.  Terms of ENQ's query are left
 * out, as Xapian does.  With outside documents the set is computed on
 * ENQ's database with them added, in a session of its own.  The caller
 * destroys *ESET. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_enquire_get_eset(lrm_xapian_enquire_t *enq,
			    const lrm_xapian_rset_t *rset, unsigned maxitems,
			    const char *prefix, unsigned min_termfreq,
			    lrm_xapian_eset_t **eset);

void lrm_xapian_eset_destroy(lrm_xapian_eset_t *eset);
/* Number of terms held. */
unsigned lrm_xapian_eset_size(const lrm_xapian_eset_t *eset);
/* The I-th term (0: the best) and its expand weight.  *TERM stays valid
 * until ESET is destroyed.  I out of range is LRM_XAPIAN_INVALID. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_eset_term(const lrm_xapian_eset_t *eset, unsigned i,
		     const char **term, size_t *len, double *weight);

/* ------------------------------------------------------------------ */
/* Value-count match spy (facets)                                     */
/* ------------------------------------------------------------------ */

LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_spy_create(unsigned slot, lrm_xapian_spy_t **spy);
void lrm_xapian_spy_destroy(lrm_xapian_spy_t *spy);
const char *lrm_xapian_spy_last_error(const lrm_xapian_spy_t *spy);
/* Number of documents the spy has seen. */
unsigned lrm_xapian_spy_total(const lrm_xapian_spy_t *spy);
/* Snapshot the MAXVALUES most frequent values (0: all), most frequent first,
 * ties in byte order; *COUNT gets how many there are.  Read them with
 * lrm_xapian_spy_value(). */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_spy_collect(lrm_xapian_spy_t *spy, unsigned maxvalues,
		       unsigned *count);
/* The I-th value of the last snapshot.  *VALUE stays valid until the next
 * collect or destroy.  I out of range is LRM_XAPIAN_INVALID. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_spy_value(const lrm_xapian_spy_t *spy, unsigned i,
		     const char **value, size_t *len, unsigned *freq);

/* ------------------------------------------------------------------ */
/* Result sets                                                        */
/* ------------------------------------------------------------------ */

void lrm_xapian_mset_destroy(lrm_xapian_mset_t *mset);
const char *lrm_xapian_mset_last_error(const lrm_xapian_mset_t *mset);

/* Number of hits held (at most MAXITEMS). */
unsigned lrm_xapian_mset_size(const lrm_xapian_mset_t *mset);

/* How many documents match in all: bounds and the best estimate. */
typedef struct lrm_xapian_estimate {
	unsigned lower;
	unsigned estimated;
	unsigned upper;
} lrm_xapian_estimate_t;
void lrm_xapian_mset_matches(const lrm_xapian_mset_t *mset,
			     lrm_xapian_estimate_t *estimate);

/* One hit. */
typedef struct lrm_xapian_hit {
	unsigned docid;
	unsigned rank;	  /* 0-based, counted from the start of all results */
	double weight;
	int percent;
} lrm_xapian_hit_t;
/* The I-th hit held (0 <= I < size); LRM_XAPIAN_INVALID otherwise. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_mset_hit(lrm_xapian_mset_t *mset, unsigned i, lrm_xapian_hit_t *hit);
/* The I-th hit's document; the caller destroys *DOC. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_mset_document(lrm_xapian_mset_t *mset, unsigned i,
			 lrm_xapian_doc_t **doc);

enum {
	LRM_XAPIAN_SNIPPET_BACKGROUND_MODEL = 1,
	LRM_XAPIAN_SNIPPET_EXHAUSTIVE = 2,
	LRM_XAPIAN_SNIPPET_EMPTY_WITHOUT_MATCH = 4,
};

/* A snippet of TEXT (LEN bytes) of at most about LENGTH bytes around the
 * terms the query matched, each match wrapped in HI_START/HI_END, OMIT
 * where text was left out.  Words are stemmed with LANGUAGE ("english",
 * or NULL/"none") as the query was.  Xapian HTML-escapes the text of the
 * snippet (&amp; &lt; &gt; &quot;) but not the markers: decode it before
 * showing it anywhere but in HTML.  *SNIPPET is malloc()ed. */
LRM_MUST_CHECK lrm_xapian_status_t
lrm_xapian_mset_snippet(lrm_xapian_mset_t *mset, const char *text, size_t len,
			size_t length, const char *language, unsigned flags,
			const char *hi_start, const char *hi_end,
			const char *omit, char **snippet);

#ifdef __cplusplus
}
#endif

#endif /* LRM_XAPIAN_H */
