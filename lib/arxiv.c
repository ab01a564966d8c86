/* lib/arxiv.c - the arXiv API's Atom answers, read with libxml2.
 *
 * An answer comes from the network and is trusted with nothing: its bytes
 * are checked for what would cost libxml2 more than linear time or memory
 * before it reads them (check_shape()), the parser stops at a DOCTYPE (so
 * no entity is ever declared, let alone expanded) and prints nothing, text
 * is read from text and CDATA nodes only, and every field is read up to
 * its cap (lrm/arxiv.h) and no further. */
#define _POSIX_C_SOURCE 200809L
#include "lrm/arxiv.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "lrm/buf.h"
#include "lrm/text.h"
#include "lrm/url.h"

#define ATOM_NS "http://www.w3.org/2005/Atom"
#define ARXIV_NS "http://arxiv.org/schemas/atom"

void
lrm_arxiv_feed_clear(struct lrm_arxiv_feed *feed)
{
	if (!feed)
		return;
	lrm_abstracts_clear(&feed->entries);
	for (size_t i = 0; i < feed->n_errors; i++)
		free(feed->errors[i]);
	free(feed->errors);
	feed->errors = NULL;
	feed->n_errors = 0;
}

/* ------------------------------------------------------------------ */
/* Text, bounded                                                      */
/* ------------------------------------------------------------------ */

/* ASCII white space only: isspace() would follow the locale. */
static int
is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Text read from an answer's nodes, squeezed as it comes (runs of white
 * space made one space, the ends trimmed), into a buffer capped at the
 * field's cap; SIZE counts on past it, so a message can say how long the
 * text was without anyone holding it. */
struct text {
	struct lrm_buf buf;
	size_t size; /* bytes of the squeezed text, kept or not */
	int space;   /* a space is due before the next character */
};

static int
text_put(struct text *t, char c)
{
	t->size++;
	/* past the cap, only the count goes on */
	return lrm_buf_addc(&t->buf, c) == LRM_ERR_NOMEM ? -1 : 0;
}

static int
text_add(struct text *t, const char *s)
{
	for (; *s; s++) {
		if (is_space((unsigned char)*s)) {
			t->space = t->size > 0;
			continue;
		}
		if ((t->space && text_put(t, ' ')) || text_put(t, *s))
			return -1;
		t->space = 0;
	}
	return 0;
}

/* The node after N in document order inside ROOT's subtree, going into
 * N's children when DESCEND; NULL at the end. */
static xmlNode *
next_node(xmlNode *n, const xmlNode *root, int descend)
{
	if (descend && n->children)
		return n->children;
	for (; n && n != root; n = n->parent)
		if (n->next)
			return n->next;
	return NULL;
}

/* Squeeze S in place (see struct text). */
static void
squeeze(char *s)
{
	char *w = s;
	int space = 0;

	for (const char *r = s; *r; r++) {
		if (is_space((unsigned char)*r)) {
			space = w != s;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = 0;
		*w++ = *r;
	}
	*w = '\0';
}

/* Read the text under ROOT, an element or an attribute, into *OUT
 * (malloc()ed): its text and CDATA nodes and those of its child elements,
 * squeezed, with control characters stripped.  An entity reference is
 * never followed (no answer that gets this far has entities; see
 * on_doctype()).  Text over CAP bytes leaves *OUT NULL and its length in
 * *SIZE.  Fails only when out of memory, or on invalid UTF-8, which
 * libxml2 never hands over (LRM_ERR_INVALID, for WHERE). */
static lrm_status_t
read_text(xmlNode *root, size_t cap, char **out, size_t *size,
	  const char *where, lrm_error_t *err)
{
	struct text t = {0};
	lrm_error_t serr = {0};
	size_t removed = 0;
	lrm_status_t status = LRM_OK;

	*out = NULL;
	lrm_buf_init(&t.buf, cap);
	for (xmlNode *n = root->children; n;
	     n = next_node(n, root, n->type == XML_ELEMENT_NODE)) {
		if ((n->type == XML_TEXT_NODE ||
		     n->type == XML_CDATA_SECTION_NODE) &&
		    n->content && text_add(&t, (const char *)n->content)) {
			status = lrm_error_set(err, LRM_ERR_NOMEM,
					       "out of memory");
			goto cleanup;
		}
	}
	*size = t.size;
	if (t.size > cap)
		goto cleanup;
	status = lrm_text_strip_controls(lrm_buf_str(&t.buf), t.buf.len, out,
					 &removed, &serr);
	if (status) {
		status = status == LRM_ERR_NOMEM
				 ? lrm_error_set(err, status, "out of memory")
				 : lrm_error_set(err, LRM_ERR_INVALID, "%s: %s",
						 where, serr.msg);
		goto cleanup;
	}
	/* A stripped line separator is a space now, a zero-width space
	 * left two spaces side by side. */
	if (removed)
		squeeze(*out);
	*size = strlen(*out);
cleanup:
	lrm_buf_free(&t.buf);
	return status;
}

/* ------------------------------------------------------------------ */
/* Entries                                                            */
/* ------------------------------------------------------------------ */

static int
is(const xmlNode *node, const char *ns, const char *name)
{
	return node->type == XML_ELEMENT_NODE && node->ns && node->ns->href &&
	       strcmp((const char *)node->ns->href, ns) == 0 &&
	       strcmp((const char *)node->name, name) == 0;
}

/* The text elements of an entry, with where each goes and its cap. */
static const struct entry_field {
	const char *ns, *name;
	const char *what; /* for messages: "an abstract" */
	size_t offset;	  /* of the char * in struct lrm_abstract */
	size_t cap;
} entry_fields[] = {
	{ATOM_NS, "title", "a title", offsetof(struct lrm_abstract, title),
	 LRM_ARXIV_MAX_TITLE},
	{ATOM_NS, "summary", "an abstract",
	 offsetof(struct lrm_abstract, abstract), LRM_ARXIV_MAX_ABSTRACT},
	{ATOM_NS, "published", "a published date",
	 offsetof(struct lrm_abstract, published), LRM_ARXIV_MAX_DATE},
	{ATOM_NS, "updated", "an updated date",
	 offsetof(struct lrm_abstract, updated), LRM_ARXIV_MAX_DATE},
	{ARXIV_NS, "comment", "a comment", offsetof(struct lrm_abstract, comment),
	 LRM_ARXIV_MAX_COMMENT},
	{ARXIV_NS, "journal_ref", "a journal reference",
	 offsetof(struct lrm_abstract, journal_ref), LRM_ARXIV_MAX_JOURNAL_REF},
	{ARXIV_NS, "doi", "a DOI", offsetof(struct lrm_abstract, doi),
	 LRM_ARXIV_MAX_DOI},
};

/* Reading one <entry>: what messages need to say where. */
struct entry_reader {
	const char *name; /* of the answer: "response" */
	size_t number;	  /* of the entry, from 1 */
	const char *id;	  /* its <id> once read, else NULL */
	lrm_error_t *err;
};

static lrm_status_t
too_large(const struct entry_reader *r, const char *what, size_t size,
	  size_t cap)
{
	if (r->id)
		return lrm_error_set(r->err, LRM_ERR_INVALID,
				     "%s: the entry for %s has %s of %zu bytes; "
				     "at most %zu are accepted",
				     r->name, r->id, what, size, cap);
	return lrm_error_set(r->err, LRM_ERR_INVALID,
			     "%s: entry %zu has %s of %zu bytes; at most %zu "
			     "are accepted",
			     r->name, r->number, what, size, cap);
}

/* Set *SLOT to the text of NODE (the first one wins), at most CAP bytes. */
static lrm_status_t
take_text(const struct entry_reader *r, char **slot, xmlNode *node,
	  const char *what, size_t cap)
{
	size_t size = 0;

	lrm_status_t status;

	if (*slot)
		return LRM_OK;
	status = read_text(node, cap, slot, &size, r->name, r->err);
	if (status)
		return status;
	if (!*slot)
		return too_large(r, what, size, cap);
	return LRM_OK;
}

static lrm_status_t
take_authors(const struct entry_reader *r, struct lrm_abstract *a,
	     xmlNode *author)
{
	for (xmlNode *c = author->children; c; c = c->next) {
		char *name = NULL;
		lrm_status_t status;

		if (!is(c, ATOM_NS, "name"))
			continue;
		status = take_text(r, &name, c, "an author name",
				   LRM_ARXIV_MAX_AUTHOR);
		if (status)
			return status;
		if (*name && a->n_authors >= LRM_ARXIV_MAX_AUTHORS)
			status = lrm_error_set(
				r->err, LRM_ERR_INVALID,
				"%s: the entry for %s has more than %d authors; "
				"at most %d are accepted",
				r->name, r->id ? r->id : "(no id)",
				LRM_ARXIV_MAX_AUTHORS, LRM_ARXIV_MAX_AUTHORS);
		else if (*name && lrm_abstract_add_author(a, name))
			status = lrm_error_set(r->err, LRM_ERR_NOMEM,
					       "out of memory");
		free(name);
		if (status)
			return status;
	}
	return LRM_OK;
}

static lrm_status_t
take_category(const struct entry_reader *r, struct lrm_abstract *a,
	      xmlNode *node)
{
	xmlAttr *term = xmlHasNsProp(node, (const xmlChar *)"term", NULL);

	if (!term || term->type != XML_ATTRIBUTE_NODE)
		return LRM_OK;
	/* an attribute's value is a list of text nodes, read the same way */
	return take_text(r, &a->category, (xmlNode *)term,
			 "a primary category", LRM_ARXIV_MAX_CATEGORY);
}

static lrm_status_t
add_error(struct lrm_arxiv_feed *feed, const char *message, lrm_error_t *err)
{
	char **grown = realloc(feed->errors,
			       (feed->n_errors + 1) * sizeof(*feed->errors));

	if (!grown)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	feed->errors = grown;
	feed->errors[feed->n_errors] = strdup(message);
	if (!feed->errors[feed->n_errors])
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	feed->n_errors++;
	return LRM_OK;
}

/* The fields of ENTRY other than its id into A. */
static lrm_status_t
read_fields(const struct entry_reader *r, struct lrm_abstract *a,
	    xmlNode *entry)
{
	lrm_status_t status = LRM_OK;

	for (xmlNode *n = entry->children; n && !status; n = n->next) {
		if (is(n, ATOM_NS, "author")) {
			status = take_authors(r, a, n);
			continue;
		}
		if (is(n, ARXIV_NS, "primary_category")) {
			if (!a->category)
				status = take_category(r, a, n);
			continue;
		}
		for (size_t i = 0;
		     i < sizeof(entry_fields) / sizeof(entry_fields[0]); i++) {
			const struct entry_field *f = &entry_fields[i];

			if (is(n, f->ns, f->name)) {
				status = take_text(
					r, (char **)((char *)a + f->offset), n,
					f->what, f->cap);
				break;
			}
		}
	}
	return status;
}

/* One <entry>: a paper, or an error entry (title "Error").  The id is
 * read first, so that any later message can name it. */
static lrm_status_t
read_entry(struct lrm_arxiv_feed *feed, struct entry_reader *r,
	   xmlNode *entry, const char *fetched)
{
	struct lrm_abstract a = {0};
	enum lrm_arxiv_link kind;
	char *raw_id = NULL;
	lrm_status_t status = LRM_OK;

	for (xmlNode *n = entry->children; n; n = n->next)
		if (is(n, ATOM_NS, "id")) {
			status = take_text(r, &raw_id, n, "an id",
					   LRM_ARXIV_MAX_ID);
			if (status)
				goto cleanup;
			break;
		}
	r->id = raw_id && *raw_id ? raw_id : NULL;
	status = read_fields(r, &a, entry);
	if (status)
		goto cleanup;
	if (a.title && strcmp(a.title, "Error") == 0) {
		status = add_error(feed,
				   a.abstract && *a.abstract
					   ? a.abstract
					   : "arXiv returned an error entry",
				   r->err);
		goto cleanup;
	}
	/* An entry without a paper's id, by the rule the dataset's ids
	 * follow, cannot be cached (nor asked for): ignore it. */
	status = lrm_arxiv_link_parse(raw_id, &kind, &a.arxiv, &a.version,
				      r->err);
	if (status || kind != LRM_ARXIV_LINK_PAPER)
		goto cleanup;
	a.fetched = strdup(fetched);
	if (!a.fetched || lrm_abstracts_put(&feed->entries, &a) != 0)
		status = lrm_error_set(r->err, LRM_ERR_NOMEM, "out of memory");
cleanup:
	r->id = NULL;
	free(raw_id);
	lrm_abstract_clear(&a);
	return status;
}

/* ------------------------------------------------------------------ */
/* The shape of an answer, before libxml2 sees it                     */
/* ------------------------------------------------------------------ */

/* libxml2 2.9 spends more than linear time or memory on answers that are
 * perfectly well-formed: it compares each attribute of a tag with every
 * other (an <entry> with 160,000 attributes, 1.6 MB, takes 45 s; the
 * response cap allows hours), looks every prefixed or unprefixed name up
 * among all the namespace declarations in scope, and builds a tree of
 * about 35 times the bytes of a run of "<a/>" (2.2 GB for 63 MB).  All of
 * it happens inside its start-tag parsing, before any callback of ours
 * could stop it, so the bytes are checked first, in one pass that needs
 * no memory: the limits in lrm/arxiv.h.
 *
 * The pass knows no XML; it counts what libxml2 could make of the bytes,
 * never less, so that a broken answer (libxml2 goes on parsing after most
 * errors) cannot hide anything from it.  The answer is read as UTF-8
 * (check_encoding()), so a byte '<' or '=' is that character.  Every node
 * starts with a '<' not followed by '/'.  A tag's attributes lie between
 * its '<' and the next one, since no attribute value may hold a raw '<',
 * and each is a '=' followed by optional white space and a quote (XML's
 * Name S? '=' S? AttValue); a namespace declaration is one whose name is
 * "xmlns" or starts with "xmlns:".  Text that happens to look like one
 * counts too, which only an odd answer would notice. */

/* What libxml2 would read as anything but UTF-8 although told to ignore
 * the encoding an answer declares: what it guesses from the first four
 * bytes (xmlDetectCharEncoding()), which is UTF-16 or UCS-4 when they hold
 * a byte order mark or a NUL, or EBCDIC for "<?xm" in it.  Refused as
 * malformed (arXiv answers in UTF-8), so that check_shape() and libxml2
 * read the same characters. */
static lrm_status_t
check_encoding(const char *xml, size_t len, const char *name,
	       lrm_error_t *err)
{
	const unsigned char *b = (const unsigned char *)xml;
	size_t n = len < 4 ? len : 4;
	const char *what = NULL;

	if (n >= 2 && ((b[0] == 0xfe && b[1] == 0xff) ||
		       (b[0] == 0xff && b[1] == 0xfe)))
		what = "UTF-16";
	else if (memchr(b, '\0', n))
		what = "UTF-16 or UCS-4";
	else if (n == 4 && memcmp(b, "\x4c\x6f\xa7\x94", 4) == 0)
		what = "EBCDIC";
	if (!what)
		return LRM_OK;
	return lrm_error_set(err, LRM_ERR_PARSE,
			     "%s:1:1: %s, by its first bytes; an answer is "
			     "read as UTF-8 only",
			     name, what);
}

static int
is_xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static const char *
skip_xml_space(const char *p, const char *end)
{
	while (p < end && is_xml_space(*p))
		p++;
	return p;
}

/* What one tag's bytes, from after its '<' to END, may declare. */
static void
count_tag(const char *p, const char *end, size_t *attributes,
	  size_t *namespaces)
{
	for (; p < end; p++) {
		const char *q;

		if (*p == '=') {
			q = skip_xml_space(p + 1, end);
			*attributes += q < end && (*q == '"' || *q == '\'');
		} else if (*p == 'x' && end - p > 5 &&
			   memcmp(p, "xmlns", 5) == 0) {
			q = skip_xml_space(p + 5, end);
			*namespaces += p[5] == ':' || (q < end && *q == '=');
		}
	}
}

static int
line_at(const char *xml, const char *at)
{
	int line = 1;

	for (const char *p = xml; p < at; p++)
		line += *p == '\n';
	return line;
}

size_t
lrm_arxiv_max_nodes(size_t n_ids)
{
	size_t most = (LRM_ARXIV_MAX_NODES - LRM_ARXIV_NODES_SLACK) /
		      LRM_ARXIV_NODES_PER_ID;

	if (n_ids > most)
		return LRM_ARXIV_MAX_NODES;
	return LRM_ARXIV_NODES_SLACK + n_ids * LRM_ARXIV_NODES_PER_ID;
}

static lrm_status_t
check_shape(const char *xml, size_t len, size_t n_ids, const char *name,
	    lrm_error_t *err)
{
	const char *end = xml + len, *p = xml;
	size_t nodes = 0, most = lrm_arxiv_max_nodes(n_ids);

	while (p < end && (p = memchr(p, '<', (size_t)(end - p)))) {
		const char *tag = p++;
		const char *next = memchr(p, '<', (size_t)(end - p));
		size_t attributes = 0, namespaces = 0;

		if (!next)
			next = end;
		if (p < end && *p == '/') {
			p = next;
			continue;
		}
		/* comments, CDATA, processing instructions: one node each */
		if (p == end || (*p != '!' && *p != '?'))
			count_tag(p, next, &attributes, &namespaces);
		nodes += 1 + attributes;
		if (attributes > LRM_ARXIV_MAX_ATTRIBUTES)
			return lrm_error_set(
				err, LRM_ERR_INVALID,
				"%s:%d: a tag with more than %d attributes (an "
				"Atom tag has at most 4): refused",
				name, line_at(xml, tag), LRM_ARXIV_MAX_ATTRIBUTES);
		if (namespaces > LRM_ARXIV_MAX_NAMESPACES)
			return lrm_error_set(
				err, LRM_ERR_INVALID,
				"%s:%d: a tag that declares more than %d "
				"namespaces (arXiv's declare at most 3): "
				"refused",
				name, line_at(xml, tag), LRM_ARXIV_MAX_NAMESPACES);
		if (nodes > most)
			return lrm_error_set(
				err, LRM_ERR_INVALID,
				"%s:%d: more than %zu elements and attributes, "
				"the most an answer for %zu id%s may hold: "
				"refused",
				name, line_at(xml, tag), most, n_ids,
				n_ids == 1 ? "" : "s");
		p = next;
	}
	return LRM_OK;
}

/* ------------------------------------------------------------------ */
/* The document                                                       */
/* ------------------------------------------------------------------ */

/* libxml2 2.12 made its error callbacks take a const pointer. */
#if LIBXML_VERSION >= 21200
#define LRM_XML_ERROR const xmlError
#else
#define LRM_XML_ERROR xmlError
#endif

/* What the parser saw that the tree does not say. */
struct parse_state {
	int doctype;
	int line;
	int nomem; /* libxml2 ran out of memory (then any later error is
		      a consequence, "Extra content at the end" say) */
	/* The first error that made the answer malformed: libxml2 goes on
	 * after it and often reports a consequence last. */
	int failed, code, error_line, column;
	char message[256];
};

/* Every error libxml2 raises while it parses an answer comes here, and
 * nothing reaches the terminal: XML_PARSE_NOERROR silences only some of
 * them (not an encoding error, not the "parser error : ..." with a line of
 * the answer that an allocation failure prints), and what libxml2 quotes
 * from an answer holds whatever bytes the answer holds.  Our message
 * (escaped when printed) says what went wrong instead. */
static void
note_error(struct parse_state *st, LRM_XML_ERROR *e)
{
	if (!e || e->level < XML_ERR_ERROR)
		return;
	if (e->code == XML_ERR_NO_MEMORY)
		st->nomem = 1;
	if (st->failed || e->level != XML_ERR_FATAL)
		return;
	st->failed = 1;
	st->code = e->code;
	st->error_line = e->line;
	st->column = e->int2;
	snprintf(st->message, sizeof(st->message), "%s",
		 e->message ? e->message : "not well-formed XML");
}

/* Errors raised with the parser context (ctxt->sax->serror). */
static void
on_parser_error(void *ctx, LRM_XML_ERROR *e)
{
	xmlParserCtxtPtr ctxt = ctx;

	note_error(ctxt->_private, e);
}

/* Errors raised without it (encoding and I/O errors). */
static void
on_other_error(void *st, LRM_XML_ERROR *e)
{
	note_error(st, e);
}

/* libxml2's plain channel, which a few paths write to directly. */
static void
on_generic_error(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

/* libxml2 calls this as it meets "<!DOCTYPE", before reading what the
 * declaration holds.  arXiv never sends one, and entities, internal or
 * external, are declared in nothing else: stopping here means none is
 * ever declared, so none can be expanded, however the text is read. */
static void
on_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
	   const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct parse_state *st = ctxt->_private;

	(void)name;
	(void)external_id;
	(void)system_id;
	st->doctype = 1;
	st->line = ctxt->input ? ctxt->input->line : 0;
	xmlStopParser(ctxt);
}

static lrm_status_t
parse_error(xmlParserCtxtPtr ctxt, const struct parse_state *st,
	    const char *name, lrm_error_t *err)
{
	const xmlError *e = xmlCtxtGetLastError(ctxt);
	char msg[256], *w = msg;
	const char *bytes;
	int line = st->failed ? st->error_line : e ? e->line : 0;
	int column = st->failed ? st->column : e ? e->int2 : 0;

	snprintf(msg, sizeof(msg), "%s",
		 st->failed		 ? st->message
		 : e && e->message ? e->message
				   : "not well-formed XML");
	/* one line: "Input is not proper UTF-8, ...\nBytes: 0x82 ..." */
	for (const char *r = msg; *r; r++)
		if (*r != '\n' || (w > msg && r[1]))
			*w++ = *r == '\n' ? ' ' : *r;
	*w = '\0';
	bytes = strstr(msg, "Bytes: ");
	if (st->failed && st->code == XML_ERR_INVALID_CHAR && bytes &&
	    strncmp(msg, "Input is not proper UTF-8", 25) == 0)
		return lrm_error_set(err, LRM_ERR_PARSE,
				     "%s:%d:%d: not UTF-8 (%s); an answer is "
				     "read as UTF-8, whatever encoding it "
				     "declares",
				     name, line, column, bytes);
	return lrm_error_set(err, LRM_ERR_PARSE, "%s:%d:%d: %s", name, line,
			     column, msg);
}

static lrm_status_t
read_feed(struct lrm_arxiv_feed *feed, xmlDocPtr doc, const char *name,
	  const char *fetched, lrm_error_t *err)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	struct entry_reader r = {.name = name, .err = err};
	lrm_status_t status = LRM_OK;

	if (!root || !is(root, ATOM_NS, "feed"))
		return lrm_error_set(err, LRM_ERR_PARSE,
				     "%s: not an Atom feed (the root element "
				     "is <%s>)",
				     name, root ? (const char *)root->name : "");
	for (xmlNode *n = root->children; n && !status; n = n->next) {
		if (!is(n, ATOM_NS, "entry"))
			continue;
		if (++r.number > LRM_ARXIV_MAX_ENTRIES)
			return lrm_error_set(err, LRM_ERR_INVALID,
					     "%s: more than %d entries; at most "
					     "%d are accepted",
					     name, LRM_ARXIV_MAX_ENTRIES,
					     LRM_ARXIV_MAX_ENTRIES);
		status = read_entry(feed, &r, n, fetched);
	}
	return status;
}

lrm_status_t
lrm_arxiv_parse(struct lrm_arxiv_feed *feed, const char *name, const char *xml,
		size_t len, size_t n_ids, const char *fetched, lrm_error_t *err)
{
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	struct parse_state st = {0};
	xmlGenericErrorFunc old_generic = xmlGenericError;
	void *old_generic_ctx = xmlGenericErrorContext;
	xmlStructuredErrorFunc old_structured = xmlStructuredError;
	void *old_structured_ctx = xmlStructuredErrorContext;
	const xmlError *last;
	lrm_status_t status = LRM_OK;

	memset(feed, 0, sizeof(*feed));
	if (len > (size_t)0x7fffffff)
		return lrm_error_set(err, LRM_ERR_PARSE, "%s: response too large",
				     name);
	status = check_encoding(xml, len, name, err);
	if (!status)
		status = check_shape(xml, len, n_ids, name, err);
	if (status)
		return status;
	xmlSetGenericErrorFunc(NULL, on_generic_error);
	xmlSetStructuredErrorFunc(&st, on_other_error);
	ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		goto cleanup;
	}
	ctxt->_private = &st;
	ctxt->sax->internalSubset = on_doctype;
	ctxt->sax->serror = on_parser_error;
	/* NONET: never fetch anything.  IGNORE_ENC: the encoding an answer
	 * declares is ignored, and what its first bytes would say is refused
	 * (check_encoding()), so the bytes are read as UTF-8, as check_shape()
	 * read them (in UTF-7 or UTF-16, '<' is other bytes), and never
	 * converted: not passing "UTF-8" here is deliberate, as that converts
	 * the whole answer into a second buffer, and libxml2 2.9 crashes in
	 * xmlParseDocument() when that copy runs out of memory.  Left out on
	 * purpose: NOENT (which would substitute entities), DTDLOAD and
	 * DTDATTR (which would read a DTD), XINCLUDE, and HUGE, so libxml2
	 * keeps its own limits (10 MB a text node, 256 levels of nesting). */
	doc = xmlCtxtReadMemory(ctxt, xml, (int)len, name, NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR |
					XML_PARSE_NOWARNING |
					XML_PARSE_IGNORE_ENC);
	last = xmlCtxtGetLastError(ctxt);
	if (st.nomem || ctxt->errNo == XML_ERR_NO_MEMORY ||
	    (last && last->code == XML_ERR_NO_MEMORY)) {
		status = lrm_error_set(err, LRM_ERR_NOMEM,
				       "%s: out of memory while parsing it",
				       name);
		goto cleanup;
	}
	if (st.doctype || (doc && (doc->intSubset || doc->extSubset))) {
		status = lrm_error_set(err, LRM_ERR_INVALID,
				       "%s:%d: a DOCTYPE declaration, which "
				       "arXiv never sends (it could declare "
				       "entities): refused",
				       name, st.line);
		goto cleanup;
	}
	if (!doc) {
		status = parse_error(ctxt, &st, name, err);
		goto cleanup;
	}
	status = read_feed(feed, doc, name, fetched, err);
cleanup:
	if (doc)
		xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
	xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
	if (status)
		lrm_arxiv_feed_clear(feed);
	return status;
}

