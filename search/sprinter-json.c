/* search/sprinter-json.c - the JSON printer (see sprinter.h). */
#define _GNU_SOURCE
#include "sprinter.h"

#include <stdlib.h>
#include <string.h>

#include "lrm/search.h"
#include "lrm/text.h"

#define MAX_DEPTH 16

struct json {
	struct sprinter sp;
	FILE *out;
	int depth;		      /* open maps and lists */
	int is_list[MAX_DEPTH];	      /* of each open one */
	int count[MAX_DEPTH];	      /* values in it so far */
	int after_key;		      /* a key was written, its value not */
	int map_lines;		      /* the open list of the top-level map
				       * holds maps, one per line */
};

/* S as a JSON string.  Control characters, the invisible ones beyond
 * ASCII too (C1, bidi overrides, zero-width: lrm_text_is_control()), are
 * written as \u escapes: the value is the same, and JSON printed on a
 * terminal cannot drive it.  Bytes of SKIP (may be NULL) are left out. */
static void
json_string(FILE *out, const char *s, const char *skip)
{
	size_t len = strlen(s), pos = 0;

	fputc('"', out);
	while (pos < len) {
		unsigned char c = (unsigned char)s[pos];
		long cp = -1;
		size_t n = 1;

		if (c >= 0x80) {
			/* one character (the text is valid UTF-8), as it is
			 * unless it is a control */
			n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
			if (n > len - pos)
				n = len - pos;
			if (!lrm_text_valid_utf8(s + pos, n, NULL)) {
				/* never from the index, which holds valid
				 * UTF-8; a byte at a time, replaced */
				fputs("\\ufffd", out);
				n = 1;
			} else if (lrm_text_find_control(s + pos, n, &cp) != 0)
				fwrite(s + pos, 1, n, out);
			else if (cp > 0xffff)
				fprintf(out, "\\u%04lx\\u%04lx",
					0xd800 + ((cp - 0x10000) >> 10),
					0xdc00 + ((cp - 0x10000) & 0x3ff));
			else
				fprintf(out, "\\u%04lx", cp);
			pos += n;
			continue;
		}
		if (skip && c && strchr(skip, c)) {
			pos++;
			continue;
		}
		switch (c) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\u%04x", c);
			else
				fputc(c, out);
		}
		pos++;
	}
	fputc('"', out);
}

/* Whether the innermost open value is the list of results: a list in
 * the top-level map, whose maps go one per line. */
static int
in_line_list(const struct json *j)
{
	return j->depth == 2 && j->is_list[1];
}

/* What goes before a value: a separator unless it follows its key. */
static void
before_value(struct json *j, int is_map)
{
	if (j->after_key) {
		j->after_key = 0;
	} else if (j->depth > 0) {
		if (in_line_list(j) && is_map) {
			fputs(j->count[j->depth - 1] ? ",\n  " : "\n  ", j->out);
			j->map_lines = 1;
		}
		else if (j->count[j->depth - 1])
			fputs(", ", j->out);
	}
	if (j->depth > 0)
		j->count[j->depth - 1]++;
}

static void
open_value(struct json *j, int is_list)
{
	before_value(j, !is_list);
	fputc(is_list ? '[' : '{', j->out);
	if (j->depth == 1)
		j->map_lines = 0;
	if (j->depth < MAX_DEPTH) {
		j->is_list[j->depth] = is_list;
		j->count[j->depth] = 0;
	}
	j->depth++;
}

static void
json_begin_map(struct sprinter *sp)
{
	open_value((struct json *)sp, 0);
}

static void
json_begin_list(struct sprinter *sp)
{
	open_value((struct json *)sp, 1);
}

static void
json_end(struct sprinter *sp)
{
	struct json *j = (struct json *)sp;
	int lines = in_line_list(j) && j->map_lines;

	j->depth--;
	if (lines)
		fputc('\n', j->out);
	fputc(j->is_list[j->depth] ? ']' : '}', j->out);
	if (j->depth == 0)
		fputc('\n', j->out);
}

static void
json_map_key(struct sprinter *sp, const char *key)
{
	struct json *j = (struct json *)sp;

	/* the value that follows counts as the map's entry */
	if (j->count[j->depth - 1])
		fputs(", ", j->out);
	json_string(j->out, key, NULL);
	fputs(": ", j->out);
	j->after_key = 1;
}

static void
json_string_value(struct sprinter *sp, const char *s)
{
	struct json *j = (struct json *)sp;

	before_value(j, 0);
	if (s)
		json_string(j->out, s, NULL);
	else
		fputs("null", j->out);
}

static void
json_marked(struct sprinter *sp, const char *plain, const char *marked)
{
	struct json *j = (struct json *)sp;
	static const char markers[] = {LRM_HI_START, LRM_HI_END, '\0'};

	before_value(j, 0);
	if (!marked)
		fputs("null", j->out);
	else if (plain)
		json_string(j->out, plain, NULL);
	else
		json_string(j->out, marked, markers);
}

static void
json_integer(struct sprinter *sp, long long n)
{
	struct json *j = (struct json *)sp;

	before_value(j, 0);
	fprintf(j->out, "%lld", n);
}

static void
json_real(struct sprinter *sp, double x)
{
	struct json *j = (struct json *)sp;

	before_value(j, 0);
	fprintf(j->out, "%.4f", x);
}

static void
json_boolean(struct sprinter *sp, int b)
{
	struct json *j = (struct json *)sp;

	before_value(j, 0);
	fputs(b ? "true" : "false", j->out);
}

static int
json_finish(struct sprinter *sp)
{
	struct json *j = (struct json *)sp;
	int ret = fflush(j->out) == 0 && !ferror(j->out) ? 0 : -1;

	free(j);
	return ret;
}

struct sprinter *
sprinter_json_create(FILE *out)
{
	struct json *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	j->sp = (struct sprinter){
		.begin_map = json_begin_map,
		.begin_list = json_begin_list,
		.end = json_end,
		.map_key = json_map_key,
		.string = json_string_value,
		.marked = json_marked,
		.integer = json_integer,
		.real = json_real,
		.boolean = json_boolean,
		.finish = json_finish,
	};
	j->out = out;
	return &j->sp;
}
