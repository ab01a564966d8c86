/* lib/store.c - the YAML store: one schema-driven writer and reader for
 * the dataset (data/papers.yaml, lib/paper.c) and the abstracts cache
 * (data/abstracts.yaml, lib/abstracts.c).  See lib/store.h.
 *
 * Both sides use libyaml's event API.  The reader is a recursive-descent
 * walk over events that knows the schema: wherever a scalar is expected a
 * collection is an error, and unknown keys are errors, so it never
 * descends into structures it does not know.  Nesting is thereby bounded
 * by the schema (five levels for the dataset) whatever the input holds,
 * and aliases are refused outright, so a hostile file cannot make it
 * expand anything.
 */
#define _POSIX_C_SOURCE 200809L
#include "store.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "lrm/buf.h"
#include "lrm/file.h"


/* ------------------------------------------------------------------ */
/* Members named by the tables                                        */
/* ------------------------------------------------------------------ */

static char **
string_slot(void *record, const struct lrm_store_field *f)
{
	return (char **)((char *)record + f->offset);
}

static const char *
string_value(const void *record, const struct lrm_store_field *f)
{
	return *(char *const *)((const char *)record + f->offset);
}

/* A sequence's array.  Its real type is T * (struct lrm_paper *, char **,
 * ...), so the pointer is copied out rather than read through a void **:
 * object pointers share one representation on every platform we build
 * for, and memcpy() makes no assumption about aliasing. */
static void *
sequence_items(const void *record, const struct lrm_store_field *f)
{
	void *items;

	memcpy(&items, (const char *)record + f->offset, sizeof(items));
	return items;
}

static size_t
sequence_length(const void *record, const struct lrm_store_field *f)
{
	return *(const size_t *)((const char *)record + f->count);
}

/* Append a zeroed item of SIZE bytes to the sequence F of RECORD. */
static void *
sequence_add(void *record, const struct lrm_store_field *f, size_t size)
{
	return lrm_store_array_add((char *)record + f->offset,
				   (size_t *)((char *)record + f->count), size);
}

/* The array is full exactly when N is 0 or a power of two no smaller than
 * GROW_FIRST (see lib/store.h). */
#define GROW_FIRST 4

void *
lrm_store_array_add(void *arrayp, size_t *n, size_t size)
{
	char *array;

	memcpy(&array, arrayp, sizeof(array));
	if (*n == 0 || (*n >= GROW_FIRST && (*n & (*n - 1)) == 0)) {
		size_t want = *n ? *n * 2 : GROW_FIRST;
		char *grown;

		if (want < *n || want > SIZE_MAX / size)
			return NULL;
		grown = realloc(array, want * size);
		if (!grown)
			return NULL;
		array = grown;
		memcpy(arrayp, &array, sizeof(array));
	}
	memset(array + *n * size, 0, size);
	return array + (*n)++ * size;
}

void
lrm_store_clear(const struct lrm_store_type *type, void *record)
{
	if (!record)
		return;
	for (size_t i = 0; i < type->n_fields; i++) {
		const struct lrm_store_field *f = &type->fields[i];
		size_t n;

		switch (f->kind) {
		case LRM_STORE_STRING:
			free(*string_slot(record, f));
			break;
		case LRM_STORE_STRINGS: {
			char **items = sequence_items(record, f);

			n = sequence_length(record, f);
			for (size_t j = 0; j < n; j++)
				free(items[j]);
			free(items);
			break;
		}
		case LRM_STORE_RECORDS: {
			char *items = sequence_items(record, f);

			n = sequence_length(record, f);
			for (size_t j = 0; j < n; j++)
				lrm_store_clear(f->type,
						items + j * f->type->size);
			free(items);
			break;
		}
		case LRM_STORE_LINE:
		case LRM_STORE_YEAR:
		case LRM_STORE_FORMAT:
		case LRM_STORE_COUNT:
			break;
		}
	}
	memset(record, 0, type->size);
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

/* The field of TYPE that no two records of a sequence may share, or
 * NULL. */
static const struct lrm_store_field *
unique_field(const struct lrm_store_type *type)
{
	if (!type->unique)
		return NULL;
	for (size_t i = 0; i < type->n_fields; i++)
		if (strcmp(type->fields[i].key, type->unique) == 0)
			return &type->fields[i];
	return NULL;
}

/* The unique key of record I of a sequence of TYPE at ITEMS, or NULL. */
static const char *
unique_key(const struct lrm_store_type *type, const char *items, size_t i)
{
	const struct lrm_store_field *f = unique_field(type);

	return f ? string_value(items + i * type->size, f) : NULL;
}

struct key_entry {
	const char *key; /* NULL: the record has none */
	size_t index;
};

static int
compare_key_entries(const void *a, const void *b)
{
	const struct key_entry *x = a, *y = b;
	int cmp;

	if (!x->key || !y->key)
		cmp = (x->key != NULL) - (y->key != NULL);
	else
		cmp = strcmp(x->key, y->key);
	if (cmp != 0)
		return cmp;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The N records of TYPE at ITEMS as {unique key, index}, sorted by key
 * (byte order, records without one first), equal keys in array order:
 * a malloc()ed array of N entries, or NULL when out of memory. */
static struct key_entry *
sort_by_key(const struct lrm_store_type *type, const char *items, size_t n)
{
	struct key_entry *entries = calloc(n ? n : 1, sizeof(*entries));

	if (!entries)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		entries[i].key = unique_key(type, items, i);
		entries[i].index = i;
	}
	qsort(entries, n, sizeof(*entries), compare_key_entries);
	return entries;
}

/* Find the earliest of the N records of TYPE at ITEMS whose unique key an
 * earlier record already has: sets *FIRST and *SECOND (indexes into
 * ITEMS) and returns 1, or returns 0 when the keys are unique or TYPE has
 * none, -1 when out of memory.  Records without a key are skipped. */
static int
find_duplicate(const struct lrm_store_type *type, const char *items,
	       size_t n, size_t *first, size_t *second)
{
	struct key_entry *entries;
	int found = 0;

	if (!unique_field(type) || n < 2)
		return 0;
	entries = sort_by_key(type, items, n);
	if (!entries)
		return -1;
	/* Within a run of equal keys the entries are in array order, so the
	 * run's second entry is where the duplication shows first. */
	for (size_t i = 1; i < n; i++) {
		if (!entries[i - 1].key ||
		    strcmp(entries[i - 1].key, entries[i].key) != 0)
			continue;
		if (i >= 2 && entries[i - 2].key &&
		    strcmp(entries[i - 2].key, entries[i].key) == 0)
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
	const struct lrm_store_schema *schema;
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
			     "cannot write %s as YAML: %s",
			     w->schema->top->what,
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
				const struct lrm_store_type *type,
				const void *record);

/* A sequence of the N records of TYPE at ITEMS, in the order of their
 * unique key when TYPE says so (the array itself is left as it is). */
static lrm_status_t
emit_records(struct writer *w, const struct lrm_store_type *type,
	     const char *items, size_t n)
{
	lrm_status_t status;
	struct key_entry *order = NULL;

	if (type->sorted) {
		order = sort_by_key(type, items, n);
		if (!order)
			return lrm_error_set(w->err, LRM_ERR_NOMEM,
					     "out of memory");
	}
	status = emit_collection_start(w, 0);
	for (size_t i = 0; status == LRM_OK && i < n; i++)
		status = emit_record(w, type,
				     items + (order ? order[i].index : i) *
						 type->size);
	if (status == LRM_OK)
		status = emit_collection_end(w, 0);
	free(order);
	return status;
}

/* Whether F is written at all: an optional field only when it has a
 * value. */
static int
is_written(const struct lrm_store_field *f, const void *record)
{
	switch (f->kind) {
	case LRM_STORE_STRING:
		return string_value(record, f) != NULL;
	case LRM_STORE_YEAR:
		return f->required ||
		       *(const int *)((const char *)record + f->offset) != 0;
	case LRM_STORE_STRINGS:
	case LRM_STORE_RECORDS:
		return f->required || sequence_length(record, f) > 0;
	case LRM_STORE_LINE:
	case LRM_STORE_FORMAT:
	case LRM_STORE_COUNT:
		break;
	}
	return 1;
}

static lrm_status_t
emit_field(struct writer *w, const struct lrm_store_field *f,
	   const void *record)
{
	const char *member = (const char *)record + f->offset;
	lrm_status_t status;
	char number[32];

	if (!is_written(f, record))
		return LRM_OK;
	status = emit_plain(w, f->key);
	if (status != LRM_OK)
		return status;
	switch (f->kind) {
	case LRM_STORE_STRING:
		return emit_scalar(w, string_value(record, f),
				   YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	case LRM_STORE_LINE:
		snprintf(number, sizeof(number), "%u",
			 *(const unsigned *)member);
		return emit_plain(w, number);
	case LRM_STORE_YEAR:
		snprintf(number, sizeof(number), "%d", *(const int *)member);
		return emit_plain(w, number);
	case LRM_STORE_FORMAT:
		return emit_plain(w, w->schema->format);
	case LRM_STORE_COUNT:
		snprintf(number, sizeof(number), "%zu",
			 sequence_length(record, f));
		return emit_plain(w, number);
	case LRM_STORE_STRINGS: {
		char *const *items = sequence_items(record, f);
		size_t n = sequence_length(record, f);

		status = emit_collection_start(w, 0);
		for (size_t i = 0; status == LRM_OK && i < n; i++)
			status = emit_scalar(w, items[i],
					     YAML_DOUBLE_QUOTED_SCALAR_STYLE);
		if (status == LRM_OK)
			status = emit_collection_end(w, 0);
		return status;
	}
	case LRM_STORE_RECORDS:
		return emit_records(w, f->type, sequence_items(record, f),
				    sequence_length(record, f));
	}
	return LRM_OK;
}

static lrm_status_t
emit_record(struct writer *w, const struct lrm_store_type *type,
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

static lrm_status_t check_records(const struct lrm_store_type *type,
				  const char *items, size_t n,
				  const char *where, lrm_error_t *err);

/* Refuse to write what the reader would refuse to read.  WHERE names
 * RECORD, of TYPE, in messages: "paper 3 ('x'), listing 2", or "" for the
 * top level. */
static lrm_status_t
check_record(const struct lrm_store_type *type, const void *record,
	     const char *where, lrm_error_t *err)
{
	const char *sep = *where ? ": " : "";

	for (size_t i = 0; i < type->n_fields; i++) {
		const struct lrm_store_field *f = &type->fields[i];
		lrm_status_t status;

		switch (f->kind) {
		case LRM_STORE_STRING: {
			const char *value = string_value(record, f);

			if (!value && f->required)
				return lrm_error_set(err, LRM_ERR_INVALID,
						     "%s%s'%s' is missing",
						     where, sep, f->key);
			if (value && !utf8_valid(value))
				return lrm_error_set(
				    err, LRM_ERR_INVALID,
				    "%s%s'%s' is not valid UTF-8", where, sep,
				    f->key);
			break;
		}
		case LRM_STORE_LINE:
			if (*(const unsigned *)((const char *)record +
						f->offset) == 0)
				return lrm_error_set(
				    err, LRM_ERR_INVALID,
				    "%s%s'%s' must be at least 1", where, sep,
				    f->key);
			break;
		case LRM_STORE_STRINGS: {
			char *const *items = sequence_items(record, f);
			size_t n = sequence_length(record, f);

			for (size_t j = 0; j < n; j++) {
				if (!items[j])
					return lrm_error_set(
					    err, LRM_ERR_INVALID,
					    "%s%s'%s' item %zu is missing",
					    where, sep, f->key, j + 1);
				if (!utf8_valid(items[j]))
					return lrm_error_set(
					    err, LRM_ERR_INVALID,
					    "%s%s'%s' item %zu is not valid "
					    "UTF-8",
					    where, sep, f->key, j + 1);
			}
			break;
		}
		case LRM_STORE_RECORDS:
			status = check_records(f->type,
					       sequence_items(record, f),
					       sequence_length(record, f),
					       where, err);
			if (status != LRM_OK)
				return status;
			break;
		case LRM_STORE_YEAR:
		case LRM_STORE_FORMAT:
		case LRM_STORE_COUNT:
			break;
		}
	}
	return LRM_OK;
}

/* Check the N records of TYPE at ITEMS, a sequence in the record WHERE
 * names, and that no two share their unique key. */
static lrm_status_t
check_records(const struct lrm_store_type *type, const char *items,
	      size_t n, const char *where, lrm_error_t *err)
{
	lrm_status_t status;
	char here[256];
	size_t first, second;
	int dup;

	for (size_t i = 0; i < n; i++) {
		const char *key = unique_key(type, items, i);
		int used = snprintf(here, sizeof(here), "%s%s%s %zu", where,
				    *where ? ", " : "", type->noun, i + 1);

		if (key && used > 0 && (size_t)used < sizeof(here))
			snprintf(here + used, sizeof(here) - (size_t)used,
				 " ('%.100s')", key);
		status = check_record(type, items + i * type->size, here, err);
		if (status != LRM_OK)
			return status;
	}
	dup = find_duplicate(type, items, n, &first, &second);
	if (dup < 0)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	if (dup > 0)
		return lrm_error_set(err, LRM_ERR_INVALID,
				     "%s%s%s %zu and %zu have the same %s "
				     "'%.200s'",
				     where, *where ? ": " : "", type->plural,
				     first + 1, second + 1, type->unique_what,
				     unique_key(type, items, second));
	return LRM_OK;
}

lrm_status_t
lrm_store_emit(const struct lrm_store_schema *schema, const void *top,
	       char **out, size_t *len, lrm_error_t *err)
{
	lrm_status_t status;
	struct writer w;
	yaml_event_t event;
	int initialized = 0;

	memset(&w, 0, sizeof(w));
	w.schema = schema;
	w.err = err;
	*out = NULL;
	*len = 0;
	status = check_record(schema->top, top, "", err);
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
	status = emit_record(&w, schema->top, top);
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
	/* What the reader would refuse is never written. */
	if (w.out.len > LRM_STORE_MAX_BYTES) {
		status = lrm_error_set(err, LRM_ERR_LIMIT,
				       "would be %zu bytes, but %s is at most "
				       "%zu bytes (or it could not be read back)",
				       w.out.len, schema->top->what,
				       (size_t)LRM_STORE_MAX_BYTES);
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

/* How much of an existing file is read to find its 'format': the writer
 * puts it first, so a few bytes would do. */
#define HEAD_BYTES 4096

/* The 'format' value at the start of the LEN bytes of HEAD, as YAML
 * reads it, into FORMAT (SIZE bytes, NUL-terminated); 0 when HEAD does not
 * start with a mapping whose first key is 'format' and value a string. */
static int
head_format(const char *head, size_t len, char *format, size_t size)
{
	yaml_parser_t parser;
	yaml_event_t event;
	int found = 0;

	if (!yaml_parser_initialize(&parser))
		return 0;
	yaml_parser_set_input_string(&parser, (const unsigned char *)head,
				     len);
	/* Stream, document and mapping start, the key, its value: the
	 * rest of HEAD (perhaps cut mid-line) is never looked at. */
	for (int i = 0; i < 5; i++) {
		static const yaml_event_type_t want[] = {
			YAML_STREAM_START_EVENT, YAML_DOCUMENT_START_EVENT,
			YAML_MAPPING_START_EVENT, YAML_SCALAR_EVENT,
			YAML_SCALAR_EVENT,
		};
		int ok;

		if (!yaml_parser_parse(&parser, &event))
			break;
		ok = event.type == want[i];
		if (ok && i == 3)
			ok = strcmp((const char *)event.data.scalar.value,
				    "format") == 0;
		if (ok && i == 4) {
			snprintf(format, size, "%.*s",
				 (int)(event.data.scalar.length < size
					       ? event.data.scalar.length
					       : size - 1),
				 (const char *)event.data.scalar.value);
			found = 1;
		}
		yaml_event_delete(&event);
		if (!ok)
			break;
	}
	yaml_parser_delete(&parser);
	return found;
}

/* Whether the existing file TARGET (PATH, or where its links lead), whose
 * lstat() is ST, may be replaced by a file of SCHEMA: only a regular file
 * that is empty or of SCHEMA's family, so that a typo in an output name
 * cannot turn a list, a README or a device into a dataset. */
static lrm_status_t
check_replaceable(const struct lrm_store_schema *schema, const char *path,
		  const char *target, const struct stat *st, lrm_error_t *err)
{
	size_t family = (size_t)(strrchr(schema->format, '/') - schema->format) + 1;
	char head[HEAD_BYTES], format[80], why[256], what[PATH_MAX + 64];
	lrm_status_t status;
	size_t len = 0;

	if (strcmp(path, target) == 0)
		snprintf(what, sizeof(what), "%s", path);
	else
		snprintf(what, sizeof(what), "%s (a link to %s)", path, target);
	if (!S_ISREG(st->st_mode)) {
		snprintf(why, sizeof(why), "it is %s",
			 lrm_file_kind(st->st_mode));
	} else if (st->st_size == 0) {
		/* An empty file holds nothing to lose (mktemp makes them). */
		return LRM_OK;
	} else if ((status = lrm_file_read_head(target, head, sizeof(head),
						&len, err)) != LRM_OK) {
		/* LRM_ERR_INVALID: it is no longer a regular file. */
		if (status != LRM_ERR_INVALID)
			return status;
		snprintf(why, sizeof(why), "it is not a regular file");
	} else if (!head_format(head, len, format, sizeof(format))) {
		snprintf(why, sizeof(why),
			 "it does not start with 'format: %.*s...'",
			 (int)family, schema->format);
	} else if (strncmp(format, schema->format, family) != 0) {
		snprintf(why, sizeof(why),
			 "its format is \"%.60s\", not \"%.*s...\"", format,
			 (int)family, schema->format);
	} else {
		return LRM_OK;
	}
	return lrm_error_set(err, LRM_ERR_INVALID,
			     "%s: will not replace this with %s: %s; give "
			     "the name of %s or of a new file (or remove this "
			     "one first, if it may go)",
			     what, schema->top->what, why, schema->top->what);
}

/* Where a save of SCHEMA to PATH would write (*TARGET, malloc()ed; *ST
 * and *EXISTS as lrm_file_resolve() gives them), or an error when it may
 * not write there. */
static lrm_status_t
save_target(const struct lrm_store_schema *schema, const char *path,
	    char **target, struct stat *st, int *exists, lrm_error_t *err)
{
	struct stat followed;
	lrm_status_t status;

	*target = NULL;
	/* What the name ends at, links followed by the system: a link such
	 * as /dev/stdout may lead to something no path names ("pipe:[7]") */
	if (stat(path, &followed) == 0 && !S_ISREG(followed.st_mode))
		return lrm_error_set(err, LRM_ERR_INVALID,
				     "%s: will not replace this with %s: it is "
				     "%s",
				     path, schema->top->what,
				     lrm_file_kind(followed.st_mode));
	/* A link stays a link: its target gets the new contents. */
	status = lrm_file_resolve(path, target, st, exists, err);
	if (status == LRM_OK && *exists)
		status = check_replaceable(schema, path, *target, st, err);
	if (status != LRM_OK) {
		free(*target);
		*target = NULL;
	}
	return status;
}

lrm_status_t
lrm_store_check_save(const struct lrm_store_schema *schema, const char *path,
		     lrm_error_t *err)
{
	char *target = NULL;
	struct stat st;
	int exists = 0;
	lrm_status_t status = save_target(schema, path, &target, &st, &exists,
					  err);

	free(target);
	return status;
}

lrm_status_t
lrm_store_save(const struct lrm_store_schema *schema, const void *top,
	       const char *path, lrm_error_t *err)
{
	lrm_status_t status;
	char *text = NULL, *target = NULL;
	size_t len = 0;
	struct stat st;
	int exists = 0;

	status = lrm_store_emit(schema, top, &text, &len, err);
	if (status != LRM_OK) {
		lrm_error_prefix(err, "%s", path);
		goto cleanup;
	}
	status = save_target(schema, path, &target, &st, &exists, err);
	if (status != LRM_OK)
		goto cleanup;
	status = lrm_file_replace(target, text, len, exists ? &st : NULL, err);
	/* the message names the target: say which name led there */
	if (status != LRM_OK && strcmp(path, target) != 0)
		lrm_error_prefix(err, "%s (a link)", path);
cleanup:
	free(target);
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
	const struct lrm_store_schema *schema;
	lrm_error_t *err;
	int format_ok; /* the 'format' key was read and is ours */
	int not_whole; /* the message already says the file is cut short */
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

/* Report that the file is not whole at MARK: DETAIL says how it shows. */
static lrm_status_t not_whole(struct reader *r, yaml_mark_t mark,
			      const char *fmt, ...) LRM_PRINTF(3, 4);

static lrm_status_t
not_whole(struct reader *r, yaml_mark_t mark, const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	r->not_whole = 1;
	return fail(r, mark, LRM_ERR_INVALID,
		    "%s is not whole: %s (a truncated copy?); restore a whole "
		    "copy, or %s",
		    r->schema->name, detail, r->schema->remake);
}

/* The top level's LRM_STORE_COUNT field, or NULL. */
static const struct lrm_store_field *
count_field(const struct lrm_store_schema *schema)
{
	for (size_t i = 0; i < schema->top->n_fields; i++)
		if (schema->top->fields[i].kind == LRM_STORE_COUNT)
			return &schema->top->fields[i];
	return NULL;
}

/* Whether a line of the LEN bytes of TEXT starts with "KEY:", as the
 * line the writer puts last does. */
static int
has_key_line(const char *text, size_t len, const char *key)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i + klen < len; i++) {
		const char *nl;

		if (memcmp(text + i, key, klen) == 0 && text[i + klen] == ':')
			return 1;
		nl = memchr(text + i, '\n', len - i);
		if (!nl)
			break;
		i = (size_t)(nl - text);
	}
	return 0;
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

static lrm_status_t
out_of_memory(struct reader *r)
{
	return lrm_error_set(r->err, LRM_ERR_NOMEM, "%s: out of memory",
			     r->name);
}

/* Copy the current scalar, a value of F, into *SLOT. */
static lrm_status_t
copy_scalar(struct reader *r, const struct lrm_store_field *f, char **slot)
{
	const yaml_event_t *ev = &r->event;
	size_t len = ev->data.scalar.length;

	/* "\0" is a valid YAML escape, but not in a C string. */
	if (memchr(ev->data.scalar.value, '\0', len))
		return fail(r, ev->start_mark, LRM_ERR_INVALID,
			    "'%s' contains a NUL character", f->key);
	*slot = malloc(len + 1);
	if (!*slot)
		return out_of_memory(r);
	memcpy(*slot, ev->data.scalar.value, len + 1);
	return LRM_OK;
}

static lrm_status_t read_mapping(struct reader *r,
				 const struct lrm_store_type *type,
				 void *record);

/* The current event starts the sequence F of RECORD, of strings; read it
 * and stop on its end. */
static lrm_status_t
read_strings(struct reader *r, const struct lrm_store_field *f, void *record)
{
	for (;;) {
		lrm_status_t status = next(r);
		char **slot;

		if (status != LRM_OK)
			return status;
		if (r->event.type == YAML_SEQUENCE_END_EVENT)
			return LRM_OK;
		if (r->event.type != YAML_SCALAR_EVENT || is_null(&r->event))
			return fail(r, r->event.start_mark, LRM_ERR_INVALID,
				    "expected a string in '%s', found %s",
				    f->key, describe(&r->event));
		slot = sequence_add(record, f, sizeof(*slot));
		if (!slot)
			return out_of_memory(r);
		status = copy_scalar(r, f, slot);
		if (status != LRM_OK)
			return status;
	}
}

/* The current event starts the sequence F of RECORD, of records; read it,
 * stop on its end and refuse a unique key used twice. */
static lrm_status_t
read_records(struct reader *r, const struct lrm_store_field *f, void *record)
{
	const struct lrm_store_type *type = f->type;
	const int unique = unique_field(type) != NULL;
	yaml_mark_t *starts = NULL; /* where each record starts */
	size_t n_starts = 0, first, second;
	lrm_status_t status;
	int dup;

	for (;;) {
		void *item;

		status = next(r);
		if (status != LRM_OK)
			goto cleanup;
		if (r->event.type == YAML_SEQUENCE_END_EVENT)
			break;
		if (r->event.type != YAML_MAPPING_START_EVENT) {
			status = fail(r, r->event.start_mark, LRM_ERR_INVALID,
				      "expected a mapping for %s, found %s",
				      type->what, describe(&r->event));
			goto cleanup;
		}
		if (unique) {
			yaml_mark_t *start = lrm_store_array_add(
			    &starts, &n_starts, sizeof(*starts));

			if (!start) {
				status = out_of_memory(r);
				goto cleanup;
			}
			*start = r->event.start_mark;
		}
		item = sequence_add(record, f, type->size);
		if (!item) {
			status = out_of_memory(r);
			goto cleanup;
		}
		status = read_mapping(r, type, item);
		if (status != LRM_OK)
			goto cleanup;
	}
	dup = find_duplicate(type, sequence_items(record, f),
			     sequence_length(record, f), &first, &second);
	if (dup < 0)
		status = out_of_memory(r);
	else if (dup > 0)
		status = fail(r, starts[second], LRM_ERR_INVALID,
			      "duplicate %s %s '%.200s' (first used by the %s "
			      "at line %zu)",
			      type->noun, type->unique_what,
			      unique_key(type, sequence_items(record, f),
					 second),
			      type->noun, starts[first].line + 1);
cleanup:
	free(starts);
	return status;
}

/* Whether the text holds only blanks from byte AT on. */
static int
blank_to_end(const struct reader *r, size_t at)
{
	for (; at < r->len; at++)
		if (r->text[at] != ' ' && r->text[at] != '\t')
			return 0;
	return 1;
}

/* The current scalar is a 'format' that is not ours: say whose it is,
 * and what to do. */
static lrm_status_t
wrong_format(struct reader *r, yaml_mark_t mark)
{
	const struct lrm_store_schema *schema = r->schema;
	const char *value = (const char *)r->event.data.scalar.value;
	size_t len = r->event.data.scalar.length;
	size_t family = (size_t)(strrchr(schema->format, '/') - schema->format) + 1;
	long theirs = 0, ours = atol(schema->format + family);
	char shown[80];

	shorten(&r->event, shown, sizeof(shown));
	/* "lrmsearch-pap" and the file ends: cut short, not another format. */
	if (len < strlen(schema->format) &&
	    memcmp(value, schema->format, len) == 0 &&
	    blank_to_end(r, r->event.end_mark.index))
		return not_whole(r, mark, "it ends inside 'format'");
	if (len > family && len - family < 9 &&
	    memcmp(value, schema->format, family) == 0) {
		size_t i;

		for (i = family; i < len && value[i] >= '0' && value[i] <= '9';
		     i++)
			theirs = theirs * 10 + (value[i] - '0');
		if (i == len && theirs < ours)
			return fail(r, mark, LRM_ERR_INVALID,
				    "format \"%s\" comes from an older "
				    "lrmindex; this one reads only \"%s\": %s",
				    shown, schema->format, schema->remake);
		if (i == len && theirs > ours)
			return fail(r, mark, LRM_ERR_INVALID,
				    "format \"%s\" comes from a newer "
				    "lrmindex; this one reads only \"%s\": use "
				    "the newer lrmsearch, or %s",
				    shown, schema->format, schema->remake);
	}
	return fail(r, mark, LRM_ERR_INVALID,
		    "unsupported format \"%s\"; this version reads \"%s\"",
		    shown, schema->format);
}

/* The current event is the value of F, an LRM_STORE_COUNT: into *COUNT. */
static lrm_status_t
read_count(struct reader *r, const struct lrm_store_field *f,
	   long long *count)
{
	char shown[80];

	if (r->event.type != YAML_SCALAR_EVENT)
		return fail(r, r->event.start_mark, LRM_ERR_INVALID,
			    "'%s' must be a number, found %s", f->key,
			    describe(&r->event));
	if (!parse_integer(&r->event, 0, LLONG_MAX, count))
		return not_whole(r, r->event.start_mark,
				 "'%s' must be a number, found \"%s\"", f->key,
				 shorten(&r->event, shown, sizeof(shown)));
	return LRM_OK;
}

/* What F, an LRM_STORE_COUNT field of TYPE, counts, N of them: "papers",
 * "paper". */
static const char *
counted(const struct lrm_store_type *type, const struct lrm_store_field *f,
	size_t n)
{
	for (size_t i = 0; i < type->n_fields; i++) {
		const struct lrm_store_field *g = &type->fields[i];

		if (g->kind == LRM_STORE_RECORDS && g->count == f->count)
			return n == 1 ? g->type->noun : g->type->plural;
	}
	return n == 1 ? "item" : "items";
}

/* The current event starts the value of F; read it into RECORD. */
static lrm_status_t
read_value(struct reader *r, const struct lrm_store_field *f, void *record)
{
	const yaml_event_t *ev = &r->event;
	const yaml_mark_t mark = ev->start_mark;
	const char *format = r->schema->format;
	char shown[80];
	long long number;

	switch (f->kind) {
	case LRM_STORE_STRING:
		if (ev->type != YAML_SCALAR_EVENT || (f->required && is_null(ev)))
			return fail(r, mark, LRM_ERR_INVALID,
				    "'%s' must be a string, found %s", f->key,
				    describe(ev));
		if (is_null(ev))
			return LRM_OK;
		return copy_scalar(r, f, string_slot(record, f));
	case LRM_STORE_LINE:
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
	case LRM_STORE_YEAR:
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
	case LRM_STORE_FORMAT:
		if (ev->type != YAML_SCALAR_EVENT)
			return fail(r, mark, LRM_ERR_INVALID,
				    "'%s' must be a string, found %s", f->key,
				    describe(ev));
		if (ev->data.scalar.length != strlen(format) ||
		    memcmp(ev->data.scalar.value, format, strlen(format)) != 0)
			return wrong_format(r, mark);
		r->format_ok = 1;
		return LRM_OK;
	case LRM_STORE_COUNT: /* read_mapping() reads it */
		return LRM_OK;
	case LRM_STORE_STRINGS:
	case LRM_STORE_RECORDS:
		if (!f->required && is_null(ev))
			return LRM_OK;
		if (ev->type != YAML_SEQUENCE_START_EVENT)
			return fail(r, mark, LRM_ERR_INVALID,
				    "'%s' must be a sequence of %s, found %s",
				    f->key,
				    f->type ? f->type->plural : "strings",
				    describe(ev));
		if (f->kind == LRM_STORE_RECORDS)
			return read_records(r, f, record);
		return read_strings(r, f, record);
	}
	return LRM_OK;
}

/* The current event starts a mapping of TYPE; read it into RECORD and
 * stop on its end. */
static lrm_status_t
read_mapping(struct reader *r, const struct lrm_store_type *type,
	     void *record)
{
	const yaml_mark_t start = r->event.start_mark;
	const struct lrm_store_field *counter = NULL;
	yaml_mark_t count_mark = start;
	long long count = 0;
	lrm_status_t status;
	unsigned long seen = 0; /* a bit per field: at most 32 */
	char shown[80];

	for (;;) {
		const struct lrm_store_field *f = NULL;
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
		if (seen & (1ul << i))
			return fail(r, r->event.start_mark, LRM_ERR_INVALID,
				    "duplicate key '%s' %s", f->key,
				    type->where);
		seen |= 1ul << i;
		status = next(r);
		if (status != LRM_OK)
			return status;
		if (f->kind == LRM_STORE_COUNT) {
			/* Checked once the records are read, wherever
			 * they come. */
			counter = f;
			count_mark = r->event.start_mark;
			status = read_count(r, f, &count);
		} else {
			status = read_value(r, f, record);
		}
		if (status != LRM_OK)
			return status;
	}
	for (size_t i = 0; i < type->n_fields; i++) {
		const struct lrm_store_field *f = &type->fields[i];

		if (!f->required || (seen & (1ul << i)))
			continue;
		if (f->kind == LRM_STORE_COUNT)
			return not_whole(r, r->event.start_mark,
					 "'%s', the key written last, is "
					 "missing",
					 f->key);
		return fail(r, start, LRM_ERR_INVALID,
			    "missing required key '%s' %s (starting here)",
			    f->key, type->where);
	}
	if (counter && (unsigned long long)count !=
			   (unsigned long long)sequence_length(record, counter))
		return not_whole(r, count_mark, "'%s' is %lld, but it holds %zu %s",
				 counter->key, count,
				 sequence_length(record, counter),
				 counted(type, counter,
					 sequence_length(record, counter)));
	return LRM_OK;
}

/* "a dataset (a mapping with 'format' and 'papers')": what the top level
 * must be, for messages. */
static const char *
describe_top(const struct lrm_store_type *type, char *buf, size_t size)
{
	int used = snprintf(buf, size, "%s (a mapping with", type->what);

	for (size_t i = 0; i < type->n_fields; i++) {
		const char *sep = i == 0		     ? ""
				  : i + 1 < type->n_fields ? ","
							   : " and";

		if (used < 0 || (size_t)used >= size)
			return buf;
		used += snprintf(buf + used, size - (size_t)used, "%s '%s'",
				 sep, type->fields[i].key);
	}
	if (used >= 0 && (size_t)used < size)
		snprintf(buf + used, size - (size_t)used, ")");
	return buf;
}

static lrm_status_t
read_stream(struct reader *r, void *top)
{
	const struct lrm_store_type *type = r->schema->top;
	lrm_status_t status;
	char expected[200];

	status = next(r); /* the stream start */
	if (status != LRM_OK)
		return status;
	status = next(r);
	if (status != LRM_OK)
		return status;
	if (r->event.type == YAML_STREAM_END_EVENT)
		return fail(r, r->event.start_mark, LRM_ERR_INVALID,
			    "empty file, expected %s",
			    describe_top(type, expected, sizeof(expected)));
	status = next(r); /* past the document start */
	if (status != LRM_OK)
		return status;
	if (r->event.type != YAML_MAPPING_START_EVENT)
		return fail(r, r->event.start_mark, LRM_ERR_INVALID,
			    "expected %s, found %s",
			    describe_top(type, expected, sizeof(expected)),
			    describe(&r->event));
	status = read_mapping(r, type, top);
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
			    "a second YAML document; %s file holds exactly "
			    "one",
			    type->what);
	return LRM_OK;
}

lrm_status_t
lrm_store_parse(const struct lrm_store_schema *schema, void *top,
		const char *name, const char *text, size_t len,
		lrm_error_t *err)
{
	lrm_status_t status;
	struct reader r;
	int initialized = 0;

	memset(&r, 0, sizeof(r));
	/* TOP is normally empty already; clearing it anyway means that what
	 * it holds afterwards is exactly what TEXT says, or nothing. */
	lrm_store_clear(schema->top, top);
	if (!text)
		text = "";
	r.name = name ? name : "(input)";
	r.text = text;
	r.len = len;
	r.schema = schema;
	r.err = err;
	if (!yaml_parser_initialize(&r.parser)) {
		status = out_of_memory(&r);
		goto cleanup;
	}
	initialized = 1;
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)text,
				     len);
	/* Line and column of bad bytes are computed on TEXT as UTF-8. */
	yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);
	status = read_stream(&r, top);
	/* A copy cut short fails somewhere (or nowhere) in the middle, with
	 * a message about whatever the cut left there; the plain truth is
	 * that the end is missing. */
	if (status == LRM_OK && len > 0 && text[len - 1] != '\n')
		status = not_whole(&r, mark_at_offset(&r, len),
				   "its last line has no line break");
	else if ((status == LRM_ERR_PARSE || status == LRM_ERR_INVALID) &&
		 r.format_ok && !r.not_whole && count_field(schema) &&
		 !has_key_line(text, len, count_field(schema)->key))
		status = not_whole(&r, mark_at_offset(&r, len),
				   "it ends without '%s', the key written "
				   "last",
				   count_field(schema)->key);
cleanup:
	if (r.have_event)
		yaml_event_delete(&r.event);
	if (initialized)
		yaml_parser_delete(&r.parser);
	if (status != LRM_OK)
		lrm_store_clear(schema->top, top);
	return status;
}

lrm_status_t
lrm_store_load(const struct lrm_store_schema *schema, void *top,
	       const char *path, lrm_error_t *err)
{
	lrm_status_t status;
	char *text = NULL;
	size_t len = 0;

	status = lrm_file_read(path, LRM_STORE_MAX_BYTES, &text, &len, err);
	if (status != LRM_OK) {
		lrm_store_clear(schema->top, top);
		goto cleanup;
	}
	status = lrm_store_parse(schema, top, path, text, len, err);
cleanup:
	free(text);
	return status;
}

/* ------------------------------------------------------------------ */
/* The packed form                                                    */
/* ------------------------------------------------------------------ */

/* The tables walked again, without YAML: the schema's format and a line
 * break, then each field of the top record in table order, recursively.
 *
 *   a string     ~ (none), or its length in decimal, ':' and its bytes
 *   a number     in decimal (a year may have a '-'), then ';'
 *   a sequence   its length in decimal and ';', then each item
 *   format, count  nothing: the header and the lengths say it
 *
 * No key is written, so the tables are the only description, and no byte
 * is a NUL, so a C string search of the whole still works. */

static void pack_record(struct lrm_buf *b, const struct lrm_store_type *type,
			const void *record);

static void
pack_string(struct lrm_buf *b, const char *s)
{
	if (!s) {
		lrm_buf_addc(b, '~');
		return;
	}
	lrm_buf_printf(b, "%zu:", strlen(s));
	lrm_buf_adds(b, s);
}

static void
pack_field(struct lrm_buf *b, const struct lrm_store_field *f,
	   const void *record)
{
	const char *member = (const char *)record + f->offset;

	switch (f->kind) {
	case LRM_STORE_STRING:
		pack_string(b, string_value(record, f));
		break;
	case LRM_STORE_LINE:
		lrm_buf_printf(b, "%u;", *(const unsigned *)member);
		break;
	case LRM_STORE_YEAR:
		lrm_buf_printf(b, "%d;", *(const int *)member);
		break;
	case LRM_STORE_STRINGS: {
		char *const *items = sequence_items(record, f);
		size_t n = sequence_length(record, f);

		lrm_buf_printf(b, "%zu;", n);
		for (size_t i = 0; i < n; i++)
			pack_string(b, items[i]);
		break;
	}
	case LRM_STORE_RECORDS: {
		const struct lrm_store_type *type = f->type;
		const char *items = sequence_items(record, f);
		size_t n = sequence_length(record, f);
		struct key_entry *order =
		    type->sorted ? sort_by_key(type, items, n) : NULL;

		if (type->sorted && !order) {
			b->status = LRM_ERR_NOMEM;
			break;
		}
		lrm_buf_printf(b, "%zu;", n);
		for (size_t i = 0; i < n; i++)
			pack_record(b, type,
				    items + (order ? order[i].index : i) *
						type->size);
		free(order);
		break;
	}
	case LRM_STORE_FORMAT:
	case LRM_STORE_COUNT:
		break;
	}
}

static void
pack_record(struct lrm_buf *b, const struct lrm_store_type *type,
	    const void *record)
{
	for (size_t i = 0; i < type->n_fields && b->status == LRM_OK; i++)
		pack_field(b, &type->fields[i], record);
}

lrm_status_t
lrm_store_pack(const struct lrm_store_schema *schema, const void *top,
	       char **out, size_t *len, lrm_error_t *err)
{
	struct lrm_buf b;
	lrm_status_t status;

	*out = NULL;
	*len = 0;
	status = check_record(schema->top, top, "", err);
	if (status != LRM_OK)
		return status;
	lrm_buf_init(&b, LRM_STORE_MAX_BYTES);
	lrm_buf_adds(&b, schema->format);
	lrm_buf_addc(&b, '\n');
	pack_record(&b, schema->top, top);
	status = b.status;
	*len = b.len;
	*out = lrm_buf_take(&b);
	if (*out)
		return LRM_OK;
	*len = 0;
	if (status == LRM_ERR_LIMIT)
		return lrm_error_set(err, status,
				     "%s would be over %zu bytes packed",
				     schema->top->what,
				     (size_t)LRM_STORE_MAX_BYTES);
	return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
}

struct unpacker {
	const char *at, *end;
	const char *name;
	const char *start;
	lrm_error_t *err;
};

static lrm_status_t
unpack_fail(struct unpacker *u, const char *what)
{
	return lrm_error_set(u->err, LRM_ERR_PARSE,
			     "%s: byte %zu: %s", u->name,
			     (size_t)(u->at - u->start), what);
}

/* A decimal number ending in TERM, at most MAX (and at least -MAX when
 * SIGNED_). */
static lrm_status_t
unpack_number(struct unpacker *u, char term, int signed_,
	      unsigned long long max, long long *value)
{
	int negative = 0, digits = 0;
	unsigned long long v = 0;

	if (signed_ && u->at < u->end && *u->at == '-') {
		negative = 1;
		u->at++;
	}
	for (; u->at < u->end && *u->at >= '0' && *u->at <= '9'; u->at++) {
		unsigned d = (unsigned)(*u->at - '0');

		if (d > max || v > (max - d) / 10)
			return unpack_fail(u, "a number out of range");
		v = v * 10 + d;
		digits++;
	}
	if (!digits || u->at >= u->end || *u->at != term)
		return unpack_fail(u, "expected a number");
	u->at++;
	*value = negative ? -(long long)v : (long long)v;
	return LRM_OK;
}

/* A sequence's length: each item takes a byte at least, so one longer
 * than what is left is damage, not a reason to allocate. */
static lrm_status_t
unpack_length(struct unpacker *u, size_t *n)
{
	long long v;
	lrm_status_t status =
	    unpack_number(u, ';', 0, (unsigned long long)(u->end - u->at), &v);

	*n = (size_t)v;
	return status;
}

static lrm_status_t
unpack_string(struct unpacker *u, char **slot)
{
	long long len;
	lrm_status_t status;

	if (u->at < u->end && *u->at == '~') {
		u->at++;
		*slot = NULL;
		return LRM_OK;
	}
	status = unpack_number(u, ':', 0, LRM_STORE_MAX_BYTES, &len);
	if (status != LRM_OK)
		return status;
	if ((size_t)len > (size_t)(u->end - u->at))
		return unpack_fail(u, "a string cut short");
	if (memchr(u->at, '\0', (size_t)len))
		return unpack_fail(u, "a NUL in a string");
	*slot = malloc((size_t)len + 1);
	if (!*slot)
		return lrm_error_set(u->err, LRM_ERR_NOMEM, "out of memory");
	memcpy(*slot, u->at, (size_t)len);
	(*slot)[len] = '\0';
	u->at += len;
	return LRM_OK;
}

static lrm_status_t unpack_record(struct unpacker *u,
				  const struct lrm_store_type *type,
				  void *record);

static lrm_status_t
unpack_field(struct unpacker *u, const struct lrm_store_field *f,
	     void *record)
{
	char *member = (char *)record + f->offset;
	lrm_status_t status = LRM_OK;
	long long v;
	size_t n;

	switch (f->kind) {
	case LRM_STORE_STRING:
		return unpack_string(u, string_slot(record, f));
	case LRM_STORE_LINE:
		status = unpack_number(u, ';', 0, UINT_MAX, &v);
		*(unsigned *)member = (unsigned)v;
		return status;
	case LRM_STORE_YEAR:
		/* INT_MIN's magnitude is one more than INT_MAX */
		status = unpack_number(u, ';', 1, (unsigned long long)INT_MAX + 1,
				       &v);
		if (status == LRM_OK && v > INT_MAX)
			return unpack_fail(u, "a number out of range");
		*(int *)member = (int)v;
		return status;
	case LRM_STORE_STRINGS:
	case LRM_STORE_RECORDS:
		status = unpack_length(u, &n);
		for (size_t i = 0; status == LRM_OK && i < n; i++) {
			size_t size = f->kind == LRM_STORE_STRINGS
					  ? sizeof(char *)
					  : f->type->size;
			void *item = sequence_add(record, f, size);

			if (!item)
				return lrm_error_set(u->err, LRM_ERR_NOMEM,
						     "out of memory");
			status = f->kind == LRM_STORE_STRINGS
				     ? unpack_string(u, item)
				     : unpack_record(u, f->type, item);
		}
		return status;
	case LRM_STORE_FORMAT:
	case LRM_STORE_COUNT:
		break;
	}
	return status;
}

static lrm_status_t
unpack_record(struct unpacker *u, const struct lrm_store_type *type,
	      void *record)
{
	lrm_status_t status = LRM_OK;

	for (size_t i = 0; status == LRM_OK && i < type->n_fields; i++)
		status = unpack_field(u, &type->fields[i], record);
	return status;
}

lrm_status_t
lrm_store_unpack(const struct lrm_store_schema *schema, void *top,
		 const char *name, const char *data, size_t len,
		 lrm_error_t *err)
{
	struct unpacker u;
	size_t head = strlen(schema->format);
	lrm_status_t status;

	lrm_store_clear(schema->top, top);
	u.start = u.at = data ? data : "";
	u.end = u.at + (data ? len : 0);
	u.name = name ? name : "(input)";
	u.err = err;
	if ((size_t)(u.end - u.at) <= head ||
	    memcmp(u.at, schema->format, head) != 0 || u.at[head] != '\n')
		return unpack_fail(&u, "not a packed record");
	u.at += head + 1;
	status = unpack_record(&u, schema->top, top);
	if (status == LRM_OK && u.at != u.end)
		status = unpack_fail(&u, "bytes after the record");
	/* what the writer refuses, the reader does too */
	if (status == LRM_OK)
		status = check_record(schema->top, top, "", err);
	if (status != LRM_OK)
		lrm_store_clear(schema->top, top);
	return status;
}
