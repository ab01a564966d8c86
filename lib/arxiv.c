/* lib/arxiv.c - the arXiv API's Atom answers, read with libxml2. */
#define _POSIX_C_SOURCE 200809L
#include "lrm/arxiv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

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

/* A copy of S with runs of white space made one space and the ends
 * trimmed; NULL when out of memory. */
static char *
squeeze(const char *s)
{
	char *out = malloc(strlen(s) + 1), *w = out;
	int space = 0;

	if (!out)
		return NULL;
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			space = w != out;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = 0;
		*w++ = *s;
	}
	*w = '\0';
	return out;
}

/* The squeezed text content of NODE; NULL when out of memory. */
static char *
node_text(xmlNode *node)
{
	xmlChar *content = xmlNodeGetContent(node);
	char *text;

	if (!content)
		return calloc(1, 1);
	text = squeeze((const char *)content);
	xmlFree(content);
	return text;
}

static int
is(const xmlNode *node, const char *ns, const char *name)
{
	return node->type == XML_ELEMENT_NODE && node->ns && node->ns->href &&
	       strcmp((const char *)node->ns->href, ns) == 0 &&
	       strcmp((const char *)node->name, name) == 0;
}

int
lrm_arxiv_split_id(const char *text, char **id, char **version)
{
	const char *p = strstr(text, "/abs/");
	size_t n, v;

	*id = *version = NULL;
	p = p ? p + 5 : text;
	while (*p == ' ')
		p++;
	n = strcspn(p, " ?#");
	while (n && p[n - 1] == '/')
		n--;
	if (n == 0)
		return -1;
	v = n;
	while (v > 0 && isdigit((unsigned char)p[v - 1]))
		v--;
	if (v > 1 && v < n && p[v - 1] == 'v')
		v--;
	else
		v = n;
	*id = strndup(p, v);
	if (v < n)
		*version = strndup(p + v, n - v);
	if (!*id || (v < n && !*version)) {
		free(*id);
		free(*version);
		*id = *version = NULL;
		return -1;
	}
	return 0;
}

/* Set *SLOT to the squeezed text of NODE (the first one wins). */
static int
take_text(char **slot, xmlNode *node)
{
	if (*slot)
		return 0;
	*slot = node_text(node);
	return *slot ? 0 : -1;
}

static int
add_error(struct lrm_arxiv_feed *feed, const char *message)
{
	char **grown = realloc(feed->errors,
			       (feed->n_errors + 1) * sizeof(*feed->errors));

	if (!grown)
		return -1;
	feed->errors = grown;
	feed->errors[feed->n_errors] = strdup(message);
	if (!feed->errors[feed->n_errors])
		return -1;
	feed->n_errors++;
	return 0;
}

/* One <entry>: a paper, or an error entry (title "Error"). */
static int
read_entry(struct lrm_arxiv_feed *feed, xmlNode *entry, const char *fetched)
{
	struct lrm_abstract a = {0};
	char *raw_id = NULL;
	int ret = -1;

	for (xmlNode *n = entry->children; n; n = n->next) {
		int r = 0;

		if (is(n, ATOM_NS, "id"))
			r = take_text(&raw_id, n);
		else if (is(n, ATOM_NS, "title"))
			r = take_text(&a.title, n);
		else if (is(n, ATOM_NS, "summary"))
			r = take_text(&a.abstract, n);
		else if (is(n, ATOM_NS, "published"))
			r = take_text(&a.published, n);
		else if (is(n, ATOM_NS, "updated"))
			r = take_text(&a.updated, n);
		else if (is(n, ARXIV_NS, "comment"))
			r = take_text(&a.comment, n);
		else if (is(n, ARXIV_NS, "journal_ref"))
			r = take_text(&a.journal_ref, n);
		else if (is(n, ARXIV_NS, "doi"))
			r = take_text(&a.doi, n);
		else if (is(n, ARXIV_NS, "primary_category") && !a.category) {
			xmlChar *term = xmlGetProp(n, (const xmlChar *)"term");

			if (term) {
				a.category = strdup((const char *)term);
				r = a.category ? 0 : -1;
				xmlFree(term);
			}
		} else if (is(n, ATOM_NS, "author")) {
			for (xmlNode *c = n->children; c && !r; c = c->next) {
				char *name;

				if (!is(c, ATOM_NS, "name"))
					continue;
				name = node_text(c);
				r = !name || (*name && lrm_abstract_add_author(&a, name));
				free(name);
			}
		}
		if (r)
			goto cleanup;
	}
	if (a.title && strcmp(a.title, "Error") == 0) {
		ret = add_error(feed, a.abstract && *a.abstract
					      ? a.abstract
					      : "arXiv returned an error entry");
		goto cleanup;
	}
	if (!raw_id || lrm_arxiv_split_id(raw_id, &a.arxiv, &a.version) != 0) {
		/* an entry without an id cannot be cached; ignore it */
		ret = 0;
		goto cleanup;
	}
	a.fetched = strdup(fetched);
	if (!a.fetched || lrm_abstracts_put(&feed->entries, &a) != 0)
		goto cleanup;
	ret = 0;
cleanup:
	free(raw_id);
	lrm_abstract_clear(&a);
	return ret;
}

lrm_status_t
lrm_arxiv_parse(struct lrm_arxiv_feed *feed, const char *name, const char *xml,
		size_t len, const char *fetched, lrm_error_t *err)
{
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	xmlNode *root;
	lrm_status_t status = LRM_OK;

	memset(feed, 0, sizeof(*feed));
	if (len > (size_t)0x7fffffff)
		return lrm_error_set(err, LRM_ERR_PARSE, "%s: response too large",
				     name);
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
	/* NONET: never fetch a DTD or entity; no NOENT: entities are not
	 * expanded, so a hostile answer cannot pull in files or blow up. */
	doc = xmlCtxtReadMemory(ctxt, xml, (int)len, name, NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR |
					XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xmlCtxtGetLastError(ctxt);
		char msg[256];
		size_t n;

		snprintf(msg, sizeof(msg), "%s",
			 e && e->message ? e->message : "not well-formed XML");
		n = strlen(msg);
		while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
			msg[--n] = '\0';
		status = lrm_error_set(err, LRM_ERR_PARSE, "%s:%d:%d: %s", name,
				       e ? e->line : 0, e ? e->int2 : 0, msg);
		goto cleanup;
	}
	root = xmlDocGetRootElement(doc);
	if (!root || !is(root, ATOM_NS, "feed")) {
		status = lrm_error_set(err, LRM_ERR_PARSE,
				       "%s: not an Atom feed (the root element "
				       "is <%s>)",
				       name, root ? (const char *)root->name : "");
		goto cleanup;
	}
	for (xmlNode *n = root->children; n; n = n->next)
		if (is(n, ATOM_NS, "entry") && read_entry(feed, n, fetched) != 0) {
			status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
			goto cleanup;
		}
cleanup:
	if (doc)
		xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	if (status)
		lrm_arxiv_feed_clear(feed);
	return status;
}
