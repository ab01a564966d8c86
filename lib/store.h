/* lib/store.h - the schema-driven YAML store behind data/papers.yaml
 * (lrm/paper.h) and data/abstracts.yaml (lrm/abstracts.h).  Internal to
 * liblrm.
 *
 * A file format is a schema: the marker its top level's 'format' key must
 * hold, and a table of fields per record type, each naming a struct member
 * by its offset.  One writer and one reader walk those tables, so the
 * order keys are written in, the keys the reader accepts, which of them
 * are required and what the records own cannot disagree between the two
 * formats, or between writing and reading one of them.
 */
#ifndef LRM_LIB_STORE_H
#define LRM_LIB_STORE_H

#include <stddef.h>

#include "lrm/error.h"

enum lrm_store_kind {
	LRM_STORE_STRING,  /* char *; written double-quoted */
	LRM_STORE_LINE,	   /* unsigned, at least 1 */
	LRM_STORE_YEAR,	   /* int; 0 (no year) counts as absent */
	LRM_STORE_FORMAT,  /* the top level's format marker; no member */
	LRM_STORE_COUNT,   /* how many items the sequence whose length is at
			      COUNT holds; read and checked, never stored */
	LRM_STORE_STRINGS, /* char ** and a size_t count: double-quoted items */
	LRM_STORE_RECORDS, /* TYPE * and a size_t count: a record per item */
};

struct lrm_store_type;

struct lrm_store_field {
	const char *key; /* in the file */
	enum lrm_store_kind kind;
	size_t offset; /* of the member; for a sequence, its array pointer */
	size_t count;  /* for a sequence: offset of its size_t length */
	const struct lrm_store_type *type; /* LRM_STORE_RECORDS: the items' */
	/* The reader refuses a record without it, the writer a record
	 * without a value for it.  An optional field without a value (NULL,
	 * year 0, an empty sequence) is not written, and an empty YAML value
	 * (~, null) reads as none. */
	int required;
};

/* A field held in MEMBER of struct STRUCT, under the key "MEMBER". */
#define LRM_STORE_FIELD(struct_, member, kind, required)                     \
	{ #member, kind, offsetof(struct struct_, member), 0, NULL, required }

/* A sequence held in MEMBER (the array) and COUNT (its length) of struct
 * STRUCT; ITEM_TYPE is the record type of its items, NULL for strings. */
#define LRM_STORE_SEQUENCE(struct_, member, count, kind, item_type,          \
			   required)                                         \
	{ #member, kind, offsetof(struct struct_, member),                   \
	  offsetof(struct struct_, count), item_type, required }

struct lrm_store_type {
	const char *what;   /* "a paper": "expected a mapping for a paper" */
	const char *where;  /* "in a paper": "unknown key 'x' in a paper" */
	const char *noun;   /* "paper": "paper 3 ('x'): 'title' is missing" */
	const char *plural; /* "papers": "a sequence of papers" */
	size_t size;	    /* of the struct */
	const struct lrm_store_field *fields; /* in the order written */
	size_t n_fields;		      /* at most 32 */
	/* The key of a string field that no two records of a sequence may
	 * share (NULL: none), and its name in messages ("id": "papers 1 and
	 * 3 have the same id 'x'"). */
	const char *unique;
	const char *unique_what;
	/* Whether sequences of these records are written in the order of
	 * UNIQUE (byte order), whatever the order of the array. */
	int sorted;
};

/* A file is whole when its top level's LRM_STORE_COUNT field, written
 * last, is there and says how many records it holds, and its last line
 * ends with a line break: a copy cut short anywhere lacks the one or
 * disagrees with the other, and is refused rather than read as a smaller
 * file. */
struct lrm_store_schema {
	/* The 'format' key's value, "lrmsearch-papers/2".  What comes before
	 * its last '/' names the family: a file of the family is one of
	 * ours, of this version or of another. */
	const char *format;
	const struct lrm_store_type *top;
	const char *name;   /* "the dataset": "the dataset is not whole" */
	const char *remake; /* how to make a new file, after "; " */
};

/* A file larger than this is refused rather than read, and never written:
 * the real dataset is a few megabytes, and so is the abstracts cache. */
#define LRM_STORE_MAX_BYTES ((size_t)64 * 1024 * 1024)

/* Write TOP, a record of SCHEMA's top type, as YAML into a malloc()ed,
 * NUL-terminated buffer (*OUT, *LEN bytes).  Whatever the reader would
 * refuse (a missing required value, invalid UTF-8, a shared unique key)
 * fails first, with a message that says which record (LRM_ERR_INVALID),
 * and so does a file larger than LRM_STORE_MAX_BYTES (LRM_ERR_LIMIT:
 * "would be N bytes, but ... is at most ..."), so a save can never replace
 * a good file with one that does not load. */
LRM_MUST_CHECK lrm_status_t
lrm_store_emit(const struct lrm_store_schema *schema, const void *top,
	       char **out, size_t *len, lrm_error_t *err);

/* The same, into PATH, atomically (lrm_file_replace()); on failure PATH
 * is untouched and the message starts with PATH.  A symbolic link is
 * followed and its target replaced, keeping its permissions.  An existing
 * file is replaced only when it is a regular file that is empty or one of
 * SCHEMA's family (its 'format' says so): anything else - a list, a
 * README, a FIFO, a device, a directory - fails with LRM_ERR_INVALID and
 * a message that says what to do. */
LRM_MUST_CHECK lrm_status_t
lrm_store_save(const struct lrm_store_schema *schema, const void *top,
	       const char *path, lrm_error_t *err);

/* Whether lrm_store_save() could replace PATH with a file of SCHEMA: a
 * new name, an empty file, or a regular file of SCHEMA's family (links
 * followed); anything else fails (LRM_ERR_INVALID) with the message the
 * save would give, so that a long job can find out before it starts. */
LRM_MUST_CHECK lrm_status_t
lrm_store_check_save(const struct lrm_store_schema *schema, const char *path,
		     lrm_error_t *err);

/* Read LEN bytes of TEXT into TOP (which is cleared first).  Bad input
 * fails with "NAME:LINE:COLUMN: what was expected"; on failure TOP is left
 * empty. */
LRM_MUST_CHECK lrm_status_t
lrm_store_parse(const struct lrm_store_schema *schema, void *top,
		const char *name, const char *text, size_t len,
		lrm_error_t *err);

/* The same from the file PATH, which also names it in messages. */
LRM_MUST_CHECK lrm_status_t
lrm_store_load(const struct lrm_store_schema *schema, void *top,
	       const char *path, lrm_error_t *err);

/* The same record in a packed form, for a copy that a program of ours
 * keeps and reads again (a paper inside an index document): the schema's
 * format, then the fields in table order with their lengths, no keys and
 * no YAML, so that reading it back costs a scan rather than a parse.  No
 * byte of it is a NUL.  What lrm_store_emit() refuses is refused too. */
LRM_MUST_CHECK lrm_status_t
lrm_store_pack(const struct lrm_store_schema *schema, const void *top,
	       char **out, size_t *len, lrm_error_t *err);

/* Read LEN bytes of DATA, written by lrm_store_pack() for SCHEMA, into
 * TOP (cleared first).  Anything else - another schema, bytes cut short
 * or changed, a record the writer would refuse - fails with LRM_ERR_PARSE
 * or LRM_ERR_INVALID and "NAME: byte N: what is wrong"; TOP is then left
 * empty. */
LRM_MUST_CHECK lrm_status_t
lrm_store_unpack(const struct lrm_store_schema *schema, void *top,
		 const char *name, const char *data, size_t len,
		 lrm_error_t *err);

/* Free what RECORD, of TYPE, owns - every string and sequence its fields
 * name, recursively - and zero it.  Accepts NULL.  The tables must
 * therefore list every pointer a record owns. */
void lrm_store_clear(const struct lrm_store_type *type, void *record);

/* Append a zeroed item of SIZE bytes to an array of records: ARRAYP points
 * to the array's pointer (a T **), N to its length.  Returns the item, or
 * NULL when out of memory (the array is then untouched).  Pointers to
 * earlier items may move.
 *
 * The records keep a length but no capacity, so the capacity is implied by
 * the length: at least 4, then the next power of two.  Every such array
 * must therefore grow only through this function (the reader's arrays do
 * too), never be a caller's own malloc().  Dropping items by lowering the
 * length stays safe: the block is then merely larger than implied. */
void *lrm_store_array_add(void *arrayp, size_t *n, size_t size);

#endif /* LRM_LIB_STORE_H */
