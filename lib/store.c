/* lib/store.c - the YAML store of a dataset (see lrm/paper.h).
 *
 * The writer and the reader both walk one table per record type
 * (top level, paper, listing), so the order keys are written in, the keys
 * the reader accepts and which of them are required cannot disagree.
 *
 * Both sides use libyaml's event API.  The reader is a recursive-descent
 * walk over events that knows the schema: wherever a scalar is expected a
 * collection is an error, and unknown keys are errors, so it never
 * descends into structures it does not know.  Nesting is thereby bounded
 * by the schema (five levels) whatever the input holds, and aliases are
 * refused outright, so a hostile file cannot make it expand anything.
 */
#include "lrm/paper.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "lrm/file.h"

#define FORMAT_NAME "lrmsearch-papers/1"

/* A dataset file larger than this is refused rather than read: the real
 * one is a few megabytes. */
#define DATASET_MAX_BYTES ((size_t)64 * 1024 * 1024)

/* ------------------------------------------------------------------ */
/* The schema                                                         */
/* ------------------------------------------------------------------ */

enum field_kind {
	FIELD_STRING,	/* char * at OFFSET; written double-quoted */
	FIELD_LINE,	/* unsigned at OFFSET; at least 1 */
	FIELD_YEAR,	/* int at OFFSET; 0 (no year) is not written */
	FIELD_FORMAT,	/* the top level's format marker */
	FIELD_PAPERS,	/* the dataset's sequence of papers */
	FIELD_LISTINGS, /* a paper's sequence of listings */
};

struct field {
	const char *key;
	enum field_kind kind;
	size_t offset;
	int required;
};

struct record_type {
	const char *what;  /* "a paper": "expected a mapping for a paper" */
	const char *where; /* "in a paper": "unknown key 'x' in a paper" */
	const struct field *fields;
	size_t n_fields;
};

#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))

/* The writer puts 'format' first, so a reader of another version meets it
 * before anything it might not understand. */
static const struct field top_fields[] = {
	{ "format", FIELD_FORMAT, 0, 1 },
	{ "papers", FIELD_PAPERS, 0, 1 },
};

static const struct field paper_fields[] = {
	{ "id", FIELD_STRING, offsetof(struct lrm_paper, id), 1 },
	{ "title", FIELD_STRING, offsetof(struct lrm_paper, title), 1 },
	{ "listings", FIELD_LISTINGS, 0, 1 },
};

#define LISTING(key, kind, required)                                         \
	{ #key, kind, offsetof(struct lrm_listing, key), required }

static const struct field listing_fields[] = {
	LISTING(source, FIELD_STRING, 1),
	LISTING(line, FIELD_LINE, 1),
	LISTING(section, FIELD_STRING, 0),
	LISTING(date, FIELD_STRING, 0),
	LISTING(venue, FIELD_STRING, 0),
	LISTING(venue_name, FIELD_STRING, 0),
	LISTING(venue_year, FIELD_YEAR, 0),
	LISTING(paper, FIELD_STRING, 0),
	LISTING(code, FIELD_STRING, 0),
	LISTING(arxiv, FIELD_STRING, 0),
	LISTING(arxiv_version, FIELD_STRING, 0),
};

static const struct record_type top_type = {
	"a dataset", "at the top level", top_fields, N_ELEMENTS(top_fields)
};
static const struct record_type paper_type = {
	"a paper", "in a paper", paper_fields, N_ELEMENTS(paper_fields)
};
static const struct record_type listing_type = {
	"a listing", "in a listing", listing_fields, N_ELEMENTS(listing_fields)
};

static char **
string_slot(void *record, const struct field *f)
{
	return (char **)((char *)record + f->offset);
}

static const char *
string_value(const void *record, const struct field *f)
{
	return *(char *const *)((const char *)record + f->offset);
}

/* ------------------------------------------------------------------ */
/* Checks shared by the writer and the reader                         */
/* ------------------------------------------------------------------ */

/* Whether S is well-formed UTF-8 without surrogates or overlong forms:
 * libyaml would refuse anything else, with a less useful message. */
static int
utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned c = *p, min;
		int more;

		if (c < 0x80) {
			p++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			more = 1, min = 0x80, c &= 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			more = 2, min = 0x800, c &= 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			more = 3, min = 0x10000, c &= 0x07;
		} else {
			return 0;
		}
		p++;
		for (; more > 0; more--, p++) {
			if ((*p & 0xC0) != 0x80)
				return 0;
			c = (c << 6) | (*p & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return 0;
	}
	return 1;
}

struct id_entry {
	const char *id;
	size_t index;
};

static int
compare_id_entries(const void *a, const void *b)
{
	const struct id_entry *x = a, *y = b;
	int cmp = strcmp(x->id, y->id);

	if (cmp != 0)
		return cmp;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Find the earliest paper whose id an earlier paper already has: sets
 * *FIRST and *SECOND (indexes into DATASET->papers) and returns 1, or
 * returns 0 when ids are unique, -1 when out of memory.  Papers without
 * an id are skipped. */
static int
find_duplicate_id(const struct lrm_dataset *dataset, size_t *first,
		  size_t *second)
{
	struct id_entry *entries;
	size_t n = 0;
	int found = 0;

	if (dataset->n_papers < 2)
		return 0;
	entries = calloc(dataset->n_papers, sizeof(*entries));
	if (!entries)
		return -1;
	for (size_t i = 0; i < dataset->n_papers; i++) {
		if (!dataset->papers[i].id)
			continue;
		entries[n].id = dataset->papers[i].id;
		entries[n].index = i;
		n++;
	}
	qsort(entries, n, sizeof(*entries), compare_id_entries);
	/* Within a run of equal ids the entries are in file order, so the
	 * run's second entry is where the duplication shows first. */
	for (size_t i = 1; i < n; i++) {
		if (strcmp(entries[i - 1].id, entries[i].id) != 0)
			continue;
		if (i >= 2 && strcmp(entries[i - 2].id, entries[i].id) == 0)
			continue;
		if (!found || entries[i].index < *second) {
			*first = entries[i - 1].index;
			*second = entries[i].index;
			found = 1;
		}
	}
	free(entries);
	return found;
}

/* ------------------------------------------------------------------ */
/* Writing                                                            */
/* ------------------------------------------------------------------ */

struct outbuf {
	char *data; /* always NUL-terminated once allocated */
	size_t len, size;
	int nomem;
};

struct writer {
	yaml_emitter_t emitter;
	struct outbuf out;
	lrm_error_t *err;
};

/* libyaml's write handler: append to a growable buffer.  Returns 1 on
 * success, 0 (which libyaml reports as a writer error) when out of
 * memory. */
static int
write_handler(void *data, unsigned char *buffer, size_t size)
{
	struct outbuf *out = data;
	size_t need;

	if (size >= SIZE_MAX - out->len)
		goto nomem;
	need = out->len + size + 1;
	if (need > out->size) {
		size_t want = out->size ? out->size : 4096;
		char *grown;

		while (want < need) {
			if (want > SIZE_MAX / 2)
				goto nomem;
			want *= 2;
		}
		grown = realloc(out->data, want);
		if (!grown)
			goto nomem;
		out->data = grown;
		out->size = want;
	}
	if (size)
		memcpy(out->data + out->len, buffer, size);
	out->len += size;
	out->data[out->len] = '\0';
	return 1;
nomem:
	out->nomem = 1;
	return 0;
}

static lrm_status_t
emitter_failed(struct writer *w)
{
	if (w->out.nomem || w->emitter.error == YAML_MEMORY_ERROR)
		return lrm_error_set(w->err, LRM_ERR_NOMEM,
				     "out of memory while writing YAML");
	return lrm_error_set(w->err, LRM_ERR_INVALID,
			     "cannot write the dataset as YAML: %s",
			     w->emitter.problem ? w->emitter.problem
						: "unknown libyaml error");
}

/* Hand EVENT to the emitter, which owns it from then on, even on
 * failure. */
static lrm_status_t
emit(struct writer *w, yaml_event_t *event)
{
	if (!yaml_emitter_emit(&w->emitter, event))
		return emitter_failed(w);
	return LRM_OK;
}

/* Keys and integers are written plain; every string value is
 * double-quoted, so no YAML reader takes "2503.23077" for a number or
 * "2025-03" for a date. */
static lrm_status_t
emit_scalar(struct writer *w, const char *value, yaml_scalar_style_t style)
{
	yaml_event_t event;
	size_t len = strlen(value);
	int plain = style == YAML_PLAIN_SCALAR_STYLE;

	if (len > INT_MAX)
		return lrm_error_set(w->err, LRM_ERR_INVALID,
				     "a string of %zu bytes is too long for "
				     "YAML",
				     len);
	if (!yaml_scalar_event_initialize(&event, NULL, NULL,
					  (yaml_char_t *)value, (int)len, plain,
					  !plain, style))
		return lrm_error_set(w->err, LRM_ERR_NOMEM,
				     "out of memory while writing YAML");
	return emit(w, &event);
}

static lrm_status_t
emit_plain(struct writer *w, const char *value)
{
	return emit_scalar(w, value, YAML_PLAIN_SCALAR_STYLE);
}

static lrm_status_t
emit_collection_start(struct writer *w, int mapping)
{
	yaml_event_t event;
	int ok;

	if (mapping)
		ok = yaml_mapping_start_event_initialize(
		    &event, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	else
		ok = yaml_sequence_start_event_initialize(
		    &event, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
	if (!ok)
		return lrm_error_set(w->err, LRM_ERR_NOMEM,
				     "out of memory while writing YAML");
	return emit(w, &event);
}

static lrm_status_t
emit_collection_end(struct writer *w, int mapping)
{
	yaml_event_t event;

	if (mapping)
		yaml_mapping_end_event_initialize(&event);
	else
		yaml_sequence_end_event_initialize(&event);
	return emit(w, &event);
}

static lrm_status_t emit_record(struct writer *w,
				const struct record_type *type,
				const void *record);

/* A sequence of N records of TYPE, SIZE bytes apart from BASE. */
static lrm_status_t
emit_sequence(struct writer *w, const struct record_type *type,
	      const void *base, size_t n, size_t size)
{
	lrm_status_t status;

	status = emit_collection_start(w, 0);
	for (size_t i = 0; status == LRM_OK && i < n; i++)
		status = emit_record(w, type, (const char *)base + i * size);
	if (status == LRM_OK)
		status = emit_collection_end(w, 0);
	return status;
}

static lrm_status_t
emit_field(struct writer *w, const struct field *f, const void *record)
{
	lrm_status_t status = LRM_OK;
	char number[32];

	switch (f->kind) {
	case FIELD_STRING: {
		const char *value = string_value(record, f);

		if (!value)
			break;
		status = emit_plain(w, f->key);
		if (status == LRM_OK)
			status = emit_scalar(w, value,
					     YAML_DOUBLE_QUOTED_SCALAR_STYLE);
		break;
	}
	case FIELD_LINE:
		snprintf(number, sizeof(number), "%u",
			 *(const unsigned *)((const char *)record + f->offset));
		status = emit_plain(w, f->key);
		if (status == LRM_OK)
			status = emit_plain(w, number);
		break;
	case FIELD_YEAR: {
		int year = *(const int *)((const char *)record + f->offset);

		if (year == 0)
			break;
		snprintf(number, sizeof(number), "%d", year);
		status = emit_plain(w, f->key);
		if (status == LRM_OK)
			status = emit_plain(w, number);
		break;
	}
	case FIELD_FORMAT:
		status = emit_plain(w, f->key);
		if (status == LRM_OK)
			status = emit_plain(w, FORMAT_NAME);
		break;
	case FIELD_PAPERS: {
		const struct lrm_dataset *dataset = record;

		status = emit_plain(w, f->key);
		if (status == LRM_OK)
			status = emit_sequence(w, &paper_type, dataset->papers,
					       dataset->n_papers,
					       sizeof(*dataset->papers));
		break;
	}
	case FIELD_LISTINGS: {
		const struct lrm_paper *paper = record;

		status = emit_plain(w, f->key);
		if (status == LRM_OK)
			status = emit_sequence(w, &listing_type,
					       paper->listings,
					       paper->n_listings,
					       sizeof(*paper->listings));
		break;
	}
	}
	return status;
}

static lrm_status_t
emit_record(struct writer *w, const struct record_type *type,
	    const void *record)
{
	lrm_status_t status;

	status = emit_collection_start(w, 1);
	for (size_t i = 0; status == LRM_OK && i < type->n_fields; i++)
		status = emit_field(w, &type->fields[i], record);
	if (status == LRM_OK)
		status = emit_collection_end(w, 1);
	return status;
}

/* Check one paper or listing against its table before writing it. */
static lrm_status_t
check_record(const struct record_type *type, const void *record,
	     const char *where, lrm_error_t *err)
{
	for (size_t i = 0; i < type->n_fields; i++) {
		const struct field *f = &type->fields[i];

		if (f->kind == FIELD_STRING) {
			const char *value = string_value(record, f);

			if (!value && f->required)
				return lrm_error_set(err, LRM_ERR_INVALID,
						     "%s: '%s' is missing",
						     where, f->key);
			if (value && !utf8_valid(value))
				return lrm_error_set(
				    err, LRM_ERR_INVALID,
				    "%s: '%s' is not valid UTF-8", where,
				    f->key);
		} else if (f->kind == FIELD_LINE) {
			if (*(const unsigned *)((const char *)record +
						f->offset) == 0)
				return lrm_error_set(
				    err, LRM_ERR_INVALID,
				    "%s: '%s' must be at least 1", where,
				    f->key);
		}
	}
	return LRM_OK;
}

/* Refuse to write what lrm_dataset_parse() would refuse to read, so a
 * save can never replace a good file with one that does not load. */
static lrm_status_t
check_dataset(const struct lrm_dataset *dataset, lrm_error_t *err)
{
	lrm_status_t status;
	char where[160];
	size_t first, second;
	int dup;

	for (size_t i = 0; i < dataset->n_papers; i++) {
		const struct lrm_paper *paper = &dataset->papers[i];

		if (paper->id)
			snprintf(where, sizeof(where), "paper %zu ('%.100s')",
				 i + 1, paper->id);
		else
			snprintf(where, sizeof(where), "paper %zu", i + 1);
		status = check_record(&paper_type, paper, where, err);
		if (status != LRM_OK)
			return status;
		for (size_t j = 0; j < paper->n_listings; j++) {
			char listing_where[200];

			snprintf(listing_where, sizeof(listing_where),
				 "%s, listing %zu", where, j + 1);
			status = check_record(&listing_type,
					      &paper->listings[j],
					      listing_where, err);
			if (status != LRM_OK)
				return status;
		}
	}
	dup = find_duplicate_id(dataset, &first, &second);
	if (dup < 0)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	if (dup > 0)
		return lrm_error_set(err, LRM_ERR_INVALID,
				     "papers %zu and %zu have the same id "
				     "'%.200s'",
				     first + 1, second + 1,
				     dataset->papers[second].id);
	return LRM_OK;
}

lrm_status_t
lrm_dataset_emit(const struct lrm_dataset *dataset, char **out, size_t *len,
		 lrm_error_t *err)
{
	lrm_status_t status;
	struct writer w;
	yaml_event_t event;
	int initialized = 0;

	memset(&w, 0, sizeof(w));
	w.err = err;
	*out = NULL;
	*len = 0;
	status = check_dataset(dataset, err);
	if (status != LRM_OK)
		goto cleanup;
	if (!yaml_emitter_initialize(&w.emitter)) {
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		goto cleanup;
	}
	initialized = 1;
	yaml_emitter_set_output(&w.emitter, write_handler, &w.out);
	yaml_emitter_set_encoding(&w.emitter, YAML_UTF8_ENCODING);
	/* Titles in any script stay readable rather than \u-escaped. */
	yaml_emitter_set_unicode(&w.emitter, 1);
	/* A negative width means "never fold": a long title stays on one
	 * line, which keeps diffs of the file readable. */
	yaml_emitter_set_width(&w.emitter, -1);
	yaml_emitter_set_indent(&w.emitter, 2);
	yaml_emitter_set_break(&w.emitter, YAML_LN_BREAK);

	yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING);
	status = emit(&w, &event);
	if (status != LRM_OK)
		goto cleanup;
	if (!yaml_document_start_event_initialize(&event, NULL, NULL, NULL,
						  1)) {
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		goto cleanup;
	}
	status = emit(&w, &event);
	if (status != LRM_OK)
		goto cleanup;
	status = emit_record(&w, &top_type, dataset);
	if (status != LRM_OK)
		goto cleanup;
	yaml_document_end_event_initialize(&event, 1);
	status = emit(&w, &event);
	if (status != LRM_OK)
		goto cleanup;
	yaml_stream_end_event_initialize(&event);
	status = emit(&w, &event);
	if (status != LRM_OK)
		goto cleanup;
	/* Appending nothing still guarantees an allocated, NUL-terminated
	 * buffer. */
	if (!write_handler(&w.out, NULL, 0)) {
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		goto cleanup;
	}
	*out = w.out.data;
	*len = w.out.len;
	w.out.data = NULL;
cleanup:
	if (initialized)
		yaml_emitter_delete(&w.emitter);
	free(w.out.data);
	return status;
}

lrm_status_t
lrm_dataset_save(const struct lrm_dataset *dataset, const char *path,
		 lrm_error_t *err)
{
	lrm_status_t status;
	char *text = NULL;
	size_t len = 0;

	status = lrm_dataset_emit(dataset, &text, &len, err);
	if (status != LRM_OK) {
		lrm_error_prefix(err, "%s", path);
		goto cleanup;
	}
	status = lrm_file_write_atomic(path, text, len, err);
cleanup:
	free(text);
	return status;
}

/* ------------------------------------------------------------------ */
/* Reading                                                            */
/* ------------------------------------------------------------------ */

struct reader {
	yaml_parser_t parser;
	yaml_event_t event; /* the current event, valid when HAVE_EVENT */
	int have_event;
	const char *name;
	const char *text;
	size_t len;
	lrm_error_t *err;
	yaml_mark_t *paper_marks; /* where each paper starts */
	size_t n_paper_marks, paper_marks_size;
};

/* Report "NAME:LINE:COLUMN: message" at MARK. */
static lrm_status_t fail(struct reader *r, yaml_mark_t mark,
			 lrm_status_t status, const char *fmt, ...)
	LRM_PRINTF(4, 5);

static lrm_status_t
fail(struct reader *r, yaml_mark_t mark, lrm_status_t status,
     const char *fmt, ...)
{
	char msg[sizeof(r->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lrm_error_set(r->err, status, "%s:%zu:%zu: %s", r->name,
			     mark.line + 1, mark.column + 1, msg);
}

/* libyaml's reader reports a bad byte by offset only; turn that into the
 * line and column (in characters, as libyaml counts them). */
static yaml_mark_t
mark_at_offset(const struct reader *r, size_t offset)
{
	yaml_mark_t mark = { offset, 0, 0 };

	if (offset > r->len)
		offset = r->len;
	for (size_t i = 0; i < offset; i++) {
		unsigned char c = (unsigned char)r->text[i];

		if (c == '\n') {
			mark.line++;
			mark.column = 0;
		} else if ((c & 0xC0) != 0x80) {
			mark.column++;
		}
	}
	return mark;
}

static lrm_status_t
syntax_error(struct reader *r)
{
	const yaml_parser_t *p = &r->parser;
	const char *problem = p->problem ? p->problem : "unknown libyaml error";

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return lrm_error_set(r->err, LRM_ERR_NOMEM,
				     "%s: out of memory while reading YAML",
				     r->name);
	case YAML_READER_ERROR:
		if (p->problem_value != -1)
			return fail(r, mark_at_offset(r, p->problem_offset),
				    LRM_ERR_PARSE, "invalid text: %s (#%X)",
				    problem, (unsigned)p->problem_value);
		return fail(r, mark_at_offset(r, p->problem_offset),
			    LRM_ERR_PARSE, "invalid text: %s", problem);
	default:
		if (p->context)
			return fail(r, p->problem_mark, LRM_ERR_PARSE,
				    "invalid YAML: %s (%s starting at line "
				    "%zu, column %zu)",
				    problem, p->context,
				    p->context_mark.line + 1,
				    p->context_mark.column + 1);
		return fail(r, p->problem_mark, LRM_ERR_PARSE,
			    "invalid YAML: %s", problem);
	}
}

/* Move to the next event.  Aliases are refused here, once for all
 * callers: the schema never needs one, and refusing them means no input
 * can make the reader share or expand nodes (the "billion laughs"). */
static lrm_status_t
next(struct reader *r)
{
	if (r->have_event) {
		yaml_event_delete(&r->event);
		r->have_event = 0;
	}
	if (!yaml_parser_parse(&r->parser, &r->event))
		return syntax_error(r);
	r->have_event = 1;
	if (r->event.type == YAML_ALIAS_EVENT)
		return fail(r, r->event.start_mark, LRM_ERR_INVALID,
			    "aliases are not allowed (found *%.100s); write "
			    "the value out in full",
			    (const char *)r->event.data.alias.anchor);
	return LRM_OK;
}

/* A plain ~, null or empty scalar: YAML's way of saying "no value". */
static int
is_null(const yaml_event_t *event)
{
	const char *value = (const char *)event->data.scalar.value;

	if (event->type != YAML_SCALAR_EVENT ||
	    event->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return event->data.scalar.length == 0 || strcmp(value, "~") == 0 ||
	       strcmp(value, "null") == 0 || strcmp(value, "Null") == 0 ||
	       strcmp(value, "NULL") == 0;
}

/* What EVENT is, for "expected X, found Y". */
static const char *
describe(const yaml_event_t *event)
{
	switch (event->type) {
	case YAML_SCALAR_EVENT:
		return is_null(event) ? "an empty value" : "a scalar";
	case YAML_SEQUENCE_START_EVENT:
		return "a sequence";
	case YAML_MAPPING_START_EVENT:
		return "a mapping";
	case YAML_SEQUENCE_END_EVENT:
		return "the end of a sequence";
	case YAML_MAPPING_END_EVENT:
		return "the end of a mapping";
	case YAML_DOCUMENT_START_EVENT:
		return "another document";
	case YAML_DOCUMENT_END_EVENT:
		return "the end of the document";
	case YAML_STREAM_END_EVENT:
		return "the end of the file";
	default:
		return "something else";
	}
}

/* A scalar's value for a message: at most about 60 bytes, cut on a
 * character boundary, with control characters shown as '?'. */
static const char *
shorten(const yaml_event_t *event, char *buf, size_t size)
{
	const unsigned char *value = event->data.scalar.value;
	size_t len = event->data.scalar.length, n = 0, limit = 60;

	if (limit > size - 4)
		limit = size - 4;
	for (size_t i = 0; i < len && n < limit; i++)
		buf[n++] = value[i] < 0x20 || value[i] == 0x7F ? '?'
							       : (char)value[i];
	if (n < len) {
		/* Do not leave half a character before the "...". */
		while (n > 0 && (value[n] & 0xC0) == 0x80)
			n--;
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}

/* Parse a whole scalar as a decimal integer in [MIN, MAX]: no sign
 * other than '-', no spaces, no YAML 1.1 forms like 0x1F or 1_000. */
static int
parse_integer(const yaml_event_t *event, long long min, long long max,
	      long long *out)
{
	const char *s = (const char *)event->data.scalar.value;
	char *end;
	long long v;

	if (!(s[0] == '-' || (s[0] >= '0' && s[0] <= '9')))
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s ||
	    (size_t)(end - s) != event->data.scalar.length || v < min ||
	    v > max)
		return 0;
	*out = v;
	return 1;
}

static lrm_status_t read_mapping(struct reader *r,
				 const struct record_type *type,
				 void *record);

static lrm_status_t
remember_paper_start(struct reader *r, yaml_mark_t mark)
{
	if (r->n_paper_marks == r->paper_marks_size) {
		size_t want = r->paper_marks_size ? r->paper_marks_size * 2
						  : 64;
		yaml_mark_t *grown;

		if (want > SIZE_MAX / sizeof(*grown))
			return lrm_error_set(r->err, LRM_ERR_NOMEM,
					     "%s: out of memory", r->name);
		grown = realloc(r->paper_marks, want * sizeof(*grown));
		if (!grown)
			return lrm_error_set(r->err, LRM_ERR_NOMEM,
					     "%s: out of memory", r->name);
		r->paper_marks = grown;
		r->paper_marks_size = want;
	}
	r->paper_marks[r->n_paper_marks++] = mark;
	return LRM_OK;
}

/* The current event starts the value of F; read it into RECORD. */
static lrm_status_t
read_value(struct reader *r, const struct field *f, void *record)
{
	const yaml_event_t *ev = &r->event;
	const yaml_mark_t mark = ev->start_mark;
	lrm_status_t status = LRM_OK;
	char shown[80];
	long long number;

	switch (f->kind) {
	case FIELD_STRING: {
		char **slot = string_slot(record, f);
		size_t len;

		if (ev->type != YAML_SCALAR_EVENT || (f->required && is_null(ev)))
			return fail(r, mark, LRM_ERR_INVALID,
				    "'%s' must be a string, found %s", f->key,
				    describe(ev));
		if (is_null(ev))
			return LRM_OK;
		len = ev->data.scalar.length;
		/* "\0" is a valid YAML escape, but not in a C string. */
		if (memchr(ev->data.scalar.value, '\0', len))
			return fail(r, mark, LRM_ERR_INVALID,
				    "'%s' contains a NUL character", f->key);
		*slot = malloc(len + 1);
		if (!*slot)
			return lrm_error_set(r->err, LRM_ERR_NOMEM,
					     "%s: out of memory", r->name);
		memcpy(*slot, ev->data.scalar.value, len + 1);
		return LRM_OK;
	}
	case FIELD_LINE:
		if (ev->type != YAML_SCALAR_EVENT)
			return fail(r, mark, LRM_ERR_INVALID,
				    "'%s' must be a positive integer, found %s",
				    f->key, describe(ev));
		if (!parse_integer(ev, 1, UINT_MAX, &number))
			return fail(r, mark, LRM_ERR_INVALID,
				    "'%s' must be a positive integer, found "
				    "\"%s\"",
				    f->key, shorten(ev, shown, sizeof(shown)));
		*(unsigned *)((char *)record + f->offset) = (unsigned)number;
		return LRM_OK;
	case FIELD_YEAR:
		if (ev->type != YAML_SCALAR_EVENT)
			return fail(r, mark, LRM_ERR_INVALID,
				    "'%s' must be an integer, found %s", f->key,
				    describe(ev));
		if (!parse_integer(ev, INT_MIN, INT_MAX, &number))
			return fail(r, mark, LRM_ERR_INVALID,
				    "'%s' must be an integer, found \"%s\"",
				    f->key, shorten(ev, shown, sizeof(shown)));
		*(int *)((char *)record + f->offset) = (int)number;
		return LRM_OK;
	case FIELD_FORMAT:
		if (ev->type != YAML_SCALAR_EVENT)
			return fail(r, mark, LRM_ERR_INVALID,
				    "'%s' must be a string, found %s", f->key,
				    describe(ev));
		if (ev->data.scalar.length != strlen(FORMAT_NAME) ||
		    memcmp(ev->data.scalar.value, FORMAT_NAME,
			   strlen(FORMAT_NAME)) != 0)
			return fail(r, mark, LRM_ERR_INVALID,
				    "unsupported format \"%s\"; this version "
				    "reads \"" FORMAT_NAME "\"",
				    shorten(ev, shown, sizeof(shown)));
		return LRM_OK;
	case FIELD_PAPERS: {
		struct lrm_dataset *dataset = record;

		if (ev->type != YAML_SEQUENCE_START_EVENT)
			return fail(r, mark, LRM_ERR_INVALID,
				    "'%s' must be a sequence of papers, found "
				    "%s",
				    f->key, describe(ev));
		for (;;) {
			struct lrm_paper *paper;

			status = next(r);
			if (status != LRM_OK)
				return status;
			if (ev->type == YAML_SEQUENCE_END_EVENT)
				return LRM_OK;
			if (ev->type != YAML_MAPPING_START_EVENT)
				return fail(r, ev->start_mark, LRM_ERR_INVALID,
					    "expected a mapping for %s, found "
					    "%s",
					    paper_type.what, describe(ev));
			status = remember_paper_start(r, ev->start_mark);
			if (status != LRM_OK)
				return status;
			paper = lrm_dataset_add_paper(dataset);
			if (!paper)
				return lrm_error_set(r->err, LRM_ERR_NOMEM,
						     "%s: out of memory",
						     r->name);
			status = read_mapping(r, &paper_type, paper);
			if (status != LRM_OK)
				return status;
		}
	}
	case FIELD_LISTINGS: {
		struct lrm_paper *paper = record;

		if (ev->type != YAML_SEQUENCE_START_EVENT)
			return fail(r, mark, LRM_ERR_INVALID,
				    "'%s' must be a sequence of listings, "
				    "found %s",
				    f->key, describe(ev));
		for (;;) {
			struct lrm_listing *listing;

			status = next(r);
			if (status != LRM_OK)
				return status;
			if (ev->type == YAML_SEQUENCE_END_EVENT)
				return LRM_OK;
			if (ev->type != YAML_MAPPING_START_EVENT)
				return fail(r, ev->start_mark, LRM_ERR_INVALID,
					    "expected a mapping for %s, found "
					    "%s",
					    listing_type.what, describe(ev));
			listing = lrm_paper_add_listing(paper);
			if (!listing)
				return lrm_error_set(r->err, LRM_ERR_NOMEM,
						     "%s: out of memory",
						     r->name);
			status = read_mapping(r, &listing_type, listing);
			if (status != LRM_OK)
				return status;
		}
	}
	}
	return status;
}

/* The current event starts a mapping of TYPE; read it into RECORD and
 * stop on its end. */
static lrm_status_t
read_mapping(struct reader *r, const struct record_type *type, void *record)
{
	const yaml_mark_t start = r->event.start_mark;
	lrm_status_t status;
	unsigned seen = 0; /* a bit per field; no table has more than 16 */
	char shown[80];

	for (;;) {
		const struct field *f = NULL;
		const char *key;
		size_t i;

		status = next(r);
		if (status != LRM_OK)
			return status;
		if (r->event.type == YAML_MAPPING_END_EVENT)
			break;
		if (r->event.type != YAML_SCALAR_EVENT)
			return fail(r, r->event.start_mark, LRM_ERR_INVALID,
				    "expected a key %s, found %s", type->where,
				    describe(&r->event));
		key = (const char *)r->event.data.scalar.value;
		for (i = 0; i < type->n_fields; i++) {
			if (strlen(type->fields[i].key) ==
				r->event.data.scalar.length &&
			    strcmp(type->fields[i].key, key) == 0) {
				f = &type->fields[i];
				break;
			}
		}
		if (!f)
			return fail(r, r->event.start_mark, LRM_ERR_INVALID,
				    "unknown key '%s' %s",
				    shorten(&r->event, shown, sizeof(shown)),
				    type->where);
		if (seen & (1u << i))
			return fail(r, r->event.start_mark, LRM_ERR_INVALID,
				    "duplicate key '%s' %s", f->key,
				    type->where);
		seen |= 1u << i;
		status = next(r);
		if (status != LRM_OK)
			return status;
		status = read_value(r, f, record);
		if (status != LRM_OK)
			return status;
	}
	for (size_t i = 0; i < type->n_fields; i++)
		if (type->fields[i].required && !(seen & (1u << i)))
			return fail(r, start, LRM_ERR_INVALID,
				    "missing required key '%s' %s (starting "
				    "here)",
				    type->fields[i].key, type->where);
	return LRM_OK;
}

static lrm_status_t
read_stream(struct reader *r, struct lrm_dataset *dataset)
{
	lrm_status_t status;
	size_t first, second;
	int dup;

	status = next(r); /* the stream start */
	if (status != LRM_OK)
		return status;
	status = next(r);
	if (status != LRM_OK)
		return status;
	if (r->event.type == YAML_STREAM_END_EVENT)
		return fail(r, r->event.start_mark, LRM_ERR_INVALID,
			    "empty file, expected a dataset (a mapping with "
			    "'format' and 'papers')");
	status = next(r); /* past the document start */
	if (status != LRM_OK)
		return status;
	if (r->event.type != YAML_MAPPING_START_EVENT)
		return fail(r, r->event.start_mark, LRM_ERR_INVALID,
			    "expected %s (a mapping with 'format' and "
			    "'papers'), found %s",
			    top_type.what, describe(&r->event));
	status = read_mapping(r, &top_type, dataset);
	if (status != LRM_OK)
		return status;
	status = next(r); /* the document end */
	if (status != LRM_OK)
		return status;
	status = next(r);
	if (status != LRM_OK)
		return status;
	if (r->event.type != YAML_STREAM_END_EVENT)
		return fail(r, r->event.start_mark, LRM_ERR_INVALID,
			    "a second YAML document; a dataset file holds "
			    "exactly one");

	dup = find_duplicate_id(dataset, &first, &second);
	if (dup < 0)
		return lrm_error_set(r->err, LRM_ERR_NOMEM,
				     "%s: out of memory", r->name);
	if (dup > 0)
		return fail(r, r->paper_marks[second], LRM_ERR_INVALID,
			    "duplicate paper id '%.200s' (first used by the "
			    "paper at line %zu)",
			    dataset->papers[second].id,
			    r->paper_marks[first].line + 1);
	return LRM_OK;
}

lrm_status_t
lrm_dataset_parse(struct lrm_dataset *dataset, const char *name,
		  const char *text, size_t len, lrm_error_t *err)
{
	lrm_status_t status;
	struct lrm_dataset parsed = { 0 };
	struct reader r;
	int initialized = 0;

	memset(&r, 0, sizeof(r));
	if (!text)
		text = "";
	r.name = name ? name : "(input)";
	r.text = text;
	r.len = len;
	r.err = err;
	if (!yaml_parser_initialize(&r.parser)) {
		status = lrm_error_set(err, LRM_ERR_NOMEM,
				       "%s: out of memory", r.name);
		goto cleanup;
	}
	initialized = 1;
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)text,
				     len);
	/* Line and column of bad bytes are computed on TEXT as UTF-8. */
	yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);
	status = read_stream(&r, &parsed);
cleanup:
	if (r.have_event)
		yaml_event_delete(&r.event);
	if (initialized)
		yaml_parser_delete(&r.parser);
	free(r.paper_marks);
	/* DATASET was empty, by contract; clearing it anyway means a
	 * failure always leaves it empty, as documented. */
	lrm_dataset_clear(dataset);
	if (status == LRM_OK)
		*dataset = parsed;
	else
		lrm_dataset_clear(&parsed);
	return status;
}

lrm_status_t
lrm_dataset_load(struct lrm_dataset *dataset, const char *path,
		 lrm_error_t *err)
{
	lrm_status_t status;
	char *text = NULL;
	size_t len = 0;

	status = lrm_file_read(path, DATASET_MAX_BYTES, &text, &len, err);
	if (status != LRM_OK) {
		lrm_dataset_clear(dataset);
		goto cleanup;
	}
	status = lrm_dataset_parse(dataset, path, text, len, err);
cleanup:
	free(text);
	return status;
}
