/* indexer/md.c - plain text, badges, links, dates and authors out of
 * cmark-gfm's syntax tree: the pieces every reader of a list uses (see
 * reader.h). */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "lrm/text.h"
#include "lrm/url.h"
#include "reader.h"

/* Markdown only ever shrinks as it becomes text; a title is at most this. */
#define MD_TEXT_MAX (4u << 20)

static int
is_br(cmark_node *node)
{
	const char *html;

	if (cmark_node_get_type(node) == CMARK_NODE_LINEBREAK)
		return 1;
	if (cmark_node_get_type(node) != CMARK_NODE_HTML_INLINE)
		return 0;
	html = cmark_node_get_literal(node);
	return html && strncasecmp(html, "<br", 3) == 0 &&
	       (html[3] == '>' || html[3] == '/' || html[3] == ' ');
}

/* An HTML block's text: its tags dropped, each a space. */
static void
html_text(struct lrm_buf *out, const char *html)
{
	for (const char *p = html; p && *p; p++) {
		if (*p == '<') {
			const char *gt = strchr(p, '>');

			if (gt) {
				lrm_buf_addc(out, ' ');
				p = gt;
				continue;
			}
		}
		lrm_buf_addc(out, *p);
	}
}

void
md_node_text(struct lrm_buf *out, cmark_node *node, int flags)
{
	cmark_iter *iter = cmark_iter_new(node);
	cmark_event_type ev;

	if (!iter) {
		out->status = LRM_ERR_NOMEM;
		return;
	}
	while ((ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
		cmark_node *cur = cmark_iter_get_node(iter);

		if (ev == CMARK_EVENT_EXIT) {
			if (cmark_node_get_type(cur) == CMARK_NODE_PARAGRAPH ||
			    cmark_node_get_type(cur) == CMARK_NODE_HEADING)
				lrm_buf_addc(out, ' ');
			continue;
		}
		if ((flags & MD_STOP_AT_BR) && is_br(cur))
			break;
		switch (cmark_node_get_type(cur)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			lrm_buf_adds(out, cmark_node_get_literal(cur));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
		case CMARK_NODE_HTML_INLINE:
			/* <br> and friends separate words */
			lrm_buf_addc(out, ' ');
			break;
		case CMARK_NODE_HTML_BLOCK:
			html_text(out, cmark_node_get_literal(cur));
			break;
		case CMARK_NODE_IMAGE:
			/* a badge's alt text ("Star") is no part of a title */
			if (!(flags & MD_IMAGE_ALT) && cur != node)
				cmark_iter_reset(iter, cur, CMARK_EVENT_EXIT);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(iter);
}

void
md_collapse(char *s)
{
	size_t out = 0;
	int space = 0;

	for (size_t i = 0; s[i]; i++) {
		int blank = s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
		            s[i] == '\r' || s[i] == '\v' || s[i] == '\f';

		/* U+00A0, what &nbsp; becomes */
		if ((unsigned char)s[i] == 0xC2 &&
		    (unsigned char)s[i + 1] == 0xA0) {
			i++;
			blank = 1;
		}
		if (blank) {
			space = out > 0;
			continue;
		}
		if (space)
			s[out++] = ' ';
		space = 0;
		s[out++] = s[i];
	}
	s[out] = '\0';
}

/* TEXT without control characters (an entity such as &#27; brings them
 * back after the list's own were removed), collapsed.  Frees TEXT. */
static char *
clean_text(char *text)
{
	char *clean = NULL;
	lrm_error_t err = { 0 };

	if (!text)
		return NULL;
	if (lrm_text_find_control(text, strlen(text), NULL) < strlen(text)) {
		if (lrm_text_strip_controls(text, strlen(text), &clean, NULL,
		                            &err) != LRM_OK) {
			free(text);
			return NULL;
		}
		free(text);
		text = clean;
	}
	md_collapse(text);
	return text;
}

char *
md_text_range(cmark_node *from, cmark_node *to, int flags)
{
	struct lrm_buf b;

	lrm_buf_init(&b, MD_TEXT_MAX);
	lrm_buf_adds(&b, ""); /* an empty range is "", not NULL */
	for (cmark_node *n = from; n && n != to; n = cmark_node_next(n)) {
		if ((flags & MD_STOP_AT_BR) && is_br(n))
			break;
		md_node_text(&b, n, flags);
	}
	return clean_text(lrm_buf_take(&b));
}

int
md_is_badge(cmark_node *node)
{
	int images = 0;

	if (cmark_node_get_type(node) == CMARK_NODE_IMAGE)
		return 1;
	if (cmark_node_get_type(node) != CMARK_NODE_LINK)
		return 0;
	for (cmark_node *c = cmark_node_first_child(node); c;
	     c = cmark_node_next(c)) {
		const char *lit = cmark_node_get_literal(c);

		if (cmark_node_get_type(c) == CMARK_NODE_IMAGE)
			images++;
		else if (cmark_node_get_type(c) == CMARK_NODE_TEXT && lit &&
		         strspn(lit, " \t") == strlen(lit))
			continue;
		else
			return 0;
	}
	return images > 0;
}

/* ------------------------------------------------------------------ */
/* Badges                                                             */
/* ------------------------------------------------------------------ */

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A year 1990-2099 at S[0..3], not part of a longer number. */
static int
year_at(const char *s)
{
	int y;

	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	if (isdigit((unsigned char)s[4]))
		return 0;
	y = atoi(s);
	return y >= 1990 && y <= 2099 ? y : 0;
}

/* "TMLR2025", "NeurIPS 2024", "EMNLP2025-industry": a venue and its year,
 * as "NAME YYYY" into *VENUE; 0 when TEXT is no such thing. */
int
md_venue_year(const char *text, char **venue)
{
	size_t n = 0;
	int year;

	if (!isalpha((unsigned char)text[0]))
		return 0;
	while (text[n] && (isalpha((unsigned char)text[n]) || text[n] == '&'))
		n++;
	if (n < 2)
		return 0;
	{
		size_t name_end = n;

		if (text[n] == ' ' || text[n] == '-' || text[n] == '\'')
			n++;
		year = year_at(text + n);
		if (!year)
			return 0;
		*venue = malloc(name_end + 6);
		if (!*venue)
			return 0;
		snprintf(*venue, name_end + 6, "%.*s %d", (int)name_end, text,
		         year);
	}
	return 1;
}

int
md_badge_read(const char *url, char date[8], char **venue)
{
	static const char *const date_labels[] = {
		"pdf", "abs", "arxiv", "paper", "preprint", "date", "published",
	};
	static const char *const venue_labels[] = {
		"conference", "venue",    "publish",     "published",
		"journal",    "accepted", "publication",
	};
	const char *path, *p;
	char text[256], *parts[8];
	size_t n = 0, n_parts = 0;
	int found = 0;

	*venue = NULL;
	date[0] = '\0';
	if (!url || !lrm_url_host_is(url, "img.shields.io", &path) ||
	    strncmp(path, "/badge/", 7) != 0)
		return 0;
	/* the path, %-decoded, up to its query */
	for (p = path + 7; *p && *p != '?' && *p != '#' && n + 1 < sizeof(text);
	     p++) {
		if (*p == '%' && hex_value(p[1]) >= 0 && hex_value(p[2]) >= 0) {
			text[n++] =
			    (char)(hex_value(p[1]) * 16 + hex_value(p[2]));
			p += 2;
		} else {
			text[n++] = *p;
		}
	}
	text[n] = '\0';
	/* %-escapes may make anything: what is no text, or holds a control
	 * character, says nothing we keep */
	{
		size_t bad;

		if (!lrm_text_valid_utf8(text, n, &bad) ||
		    lrm_text_find_control(text, n, NULL) < n)
			return 0;
	}
	if (n > 4 && (strcmp(text + n - 4, ".svg") == 0 ||
	              strcmp(text + n - 4, ".png") == 0))
		text[n - 4] = '\0';
	/* shields.io: LABEL-MESSAGE-COLOR or MESSAGE-COLOR; "--" is a dash,
	 * "__" an underscore, "_" a space */
	parts[n_parts++] = text;
	for (char *q = text, *w = text; *q;) {
		if (q[0] == '-' && q[1] == '-') {
			*w++ = '-';
			q += 2;
		} else if (q[0] == '_' && q[1] == '_') {
			*w++ = '_';
			q += 2;
		} else if (q[0] == '_') {
			*w++ = ' ';
			q++;
		} else if (q[0] == '-') {
			*w++ = '\0';
			q++;
			if (n_parts < sizeof(parts) / sizeof(parts[0]))
				parts[n_parts++] = w;
		} else {
			*w++ = *q++;
		}
		if (!*q)
			*w = '\0';
	}
	if (n_parts >= 3) {
		const char *label = parts[0], *message = parts[1];

		for (size_t i = 0;
		     i < sizeof(date_labels) / sizeof(*date_labels); i++)
			if (strcasecmp(label, date_labels[i]) == 0 &&
			    md_find_date(message, date))
				return 1;
		for (size_t i = 0;
		     i < sizeof(venue_labels) / sizeof(*venue_labels); i++)
			if (strcasecmp(label, venue_labels[i]) == 0 &&
			    *message) {
				if (md_venue_year(message, venue))
					return 1;
				*venue = strdup(message);
				return *venue != NULL;
			}
		/* "ACL-2025-blue": a name and a year */
		if (year_at(message) && strlen(message) == 4 &&
		    isalpha((unsigned char)label[0])) {
			char joined[600];

			snprintf(joined, sizeof(joined), "%s %s", label,
			         message);
			return md_venue_year(joined, venue);
		}
		return 0;
	}
	if (n_parts == 2) {
		if (strcasecmp(parts[0], "arxiv") == 0) {
			*venue = strdup("arXiv");
			return *venue != NULL;
		}
		found = md_venue_year(parts[0], venue);
	}
	return found;
}

/* ------------------------------------------------------------------ */
/* Links                                                              */
/* ------------------------------------------------------------------ */

enum md_link_kind
md_link_kind(const char *label, const char *url)
{
	static const char *const paper[] = {
		"pdf",        "paper", "arxiv", "abs",        "link",
		"openreview", "acl",   "html",  "paper link", "publication",
	};
	static const char *const code[] = {
		"code", "github", "repo", "repository", "official code",
	};
	char word[32];
	size_t n = 0;

	/* "[pdf]", " Paper ", "[[Code]]" */
	for (const char *p = label ? label : ""; *p && n + 1 < sizeof(word);
	     p++)
		if (*p != '[' && *p != ']' && *p != '(' && *p != ')')
			word[n++] = *p;
	word[n] = '\0';
	md_collapse(word);
	for (size_t i = 0; i < sizeof(paper) / sizeof(*paper); i++)
		if (strcasecmp(word, paper[i]) == 0)
			return MD_LINK_PAPER;
	for (size_t i = 0; i < sizeof(code) / sizeof(*code); i++)
		if (strcasecmp(word, code[i]) == 0)
			return MD_LINK_CODE;
	(void)url;
	return MD_LINK_OTHER;
}

int
md_url_is_paper(const char *url)
{
	const char *end;
	size_t n;

	if (!url)
		return 0;
	if (lrm_url_host_is(url, "arxiv.org", NULL) ||
	    lrm_url_host_is(url, "openreview.net", NULL) ||
	    lrm_url_host_is(url, "aclanthology.org", NULL))
		return 1;
	end = url + strcspn(url, "?#");
	n = (size_t)(end - url);
	return n > 4 && strncasecmp(end - 4, ".pdf", 4) == 0 &&
	       (strncasecmp(url, "http://", 7) == 0 ||
	        strncasecmp(url, "https://", 8) == 0);
}

/* ------------------------------------------------------------------ */
/* Dates and authors                                                  */
/* ------------------------------------------------------------------ */

/* 1-2 digits of a month at S, not followed by another digit: the month,
 * and its length in *LEN; 0 when there is none. */
static int
month_at(const char *s, size_t *len)
{
	int m = 0;
	size_t n = 0;

	while (n < 2 && isdigit((unsigned char)s[n]))
		m = m * 10 + (s[n++] - '0');
	if (n == 0 || isdigit((unsigned char)s[n]) || m < 1 || m > 12)
		return 0;
	*len = n;
	return m;
}

int
md_find_date(const char *text, char out[8])
{
	for (size_t i = 0; text && text[i]; i++) {
		int year, month;
		size_t mlen;

		if (i > 0 && (isdigit((unsigned char)text[i - 1]) ||
		              text[i - 1] == '.' || text[i - 1] == '/'))
			continue;
		/* YYYY.MM, YYYY-MM, YYYY/MM */
		if ((year = year_at(text + i)) != 0 &&
		    (text[i + 4] == '.' || text[i + 4] == '-' ||
		     text[i + 4] == '/') &&
		    (month = month_at(text + i + 5, &mlen)) != 0 &&
		    !(text[i + 5 + mlen] == '.' &&
		      isdigit((unsigned char)text[i + 6 + mlen]))) {
			snprintf(out, 8, "%04d-%02d", year, month);
			return 1;
		}
		/* MM/YYYY */
		if ((month = month_at(text + i, &mlen)) != 0 &&
		    text[i + mlen] == '/' &&
		    (year = year_at(text + i + mlen + 1)) != 0) {
			snprintf(out, 8, "%04d-%02d", year, month);
			return 1;
		}
	}
	return 0;
}

/* "Mar 2025", "March 2025", "2025 March": "2025-03". */
static int
month_name_date(const char *text, char out[8])
{
	static const char *const months[] = {
		"jan", "feb", "mar", "apr", "may", "jun",
		"jul", "aug", "sep", "oct", "nov", "dec",
	};
	const char *word = text, *year = NULL;
	size_t wlen;

	if (year_at(text) && text[4] == ' ') {
		year = text;
		word = text + 5;
	}
	wlen = strspn(word,
	              "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
	if (wlen < 3)
		return 0;
	if (!year) {
		const char *y = word + wlen;

		if (*y == '.')
			y++;
		while (*y == ' ' || *y == ',')
			y++;
		if (!year_at(y) || y[4] != '\0')
			return 0;
		year = y;
	} else if (word[wlen] != '\0') {
		return 0;
	}
	for (int m = 0; m < 12; m++)
		if (strncasecmp(word, months[m], 3) == 0) {
			snprintf(out, 8, "%.4s-%02d", year, m + 1);
			return 1;
		}
	return 0;
}

int
md_parse_when(const char *text, char out[8])
{
	char buf[32];
	size_t n;

	while (*text == ' ')
		text++;
	n = strlen(text);
	while (n > 0 && text[n - 1] == ' ')
		n--;
	if (n >= sizeof(buf))
		return 0;
	memcpy(buf, text, n);
	buf[n] = '\0';
	if (lrm_list_parse_date(buf, out))
		return 1;
	if (n == 4 && year_at(buf)) {
		/* a year alone: kept as a year, with no month */
		memcpy(out, buf, 5);
		return 1;
	}
	if ((n == 6 || n == 7) && md_find_date(buf, out) && strchr(buf, '/') &&
	    isdigit((unsigned char)buf[n - 1]))
		return 1;
	/* 2025-03-15, 2025.03.15: the month */
	if (n == 10 && year_at(buf) && buf[4] == buf[7] &&
	    (buf[4] == '-' || buf[4] == '.' || buf[4] == '/') &&
	    isdigit((unsigned char)buf[8]) && isdigit((unsigned char)buf[9])) {
		buf[7] = '\0';
		return lrm_list_parse_date(buf, out);
	}
	return month_name_date(buf, out);
}

int
md_split_authors(const char *text, char ***authors, size_t *n)
{
	char *copy = strdup(text), *p, **list = NULL;
	size_t count = 0;

	*authors = NULL;
	*n = 0;
	if (!copy)
		return -1;
	md_collapse(copy);
	p = copy;
	while (*p) {
		size_t len = strcspn(p, ",;");
		char *and = NULL, *name, **grown;

		/* "A and B": two */
		for (char *a = p; a < p + len; a++)
			if (strncmp(a, " and ", 5) == 0) {
				and = a;
				break;
			}
		if (and)
			len = (size_t)(and-p);
		name = p;
		p += len;
		p += and? 5 : (*p ? 1 : 0);
		while (len > 0 && *name == ' ')
			name++, len--;
		if (len >= 4 && strncmp(name, "and ", 4) == 0)
			name += 4, len -= 4;
		while (len > 0 &&
		       (name[len - 1] == ' ' || name[len - 1] == '.'))
			len--;
		/* "A One et al." */
		if (len >= 6 && strncmp(name + len - 6, " et al", 6) == 0)
			len -= 6;
		if (len == 0 || (len >= 5 && strncmp(name, "et al", 5) == 0) ||
		    len > 200)
			continue;
		grown = realloc(list, (count + 1) * sizeof(*list));
		if (!grown)
			goto nomem;
		list = grown;
		list[count] = strndup(name, len);
		if (!list[count])
			goto nomem;
		count++;
	}
	free(copy);
	*authors = list;
	*n = count;
	return 0;
nomem:
	for (size_t i = 0; i < count; i++)
		free(list[i]);
	free(list);
	free(copy);
	return -1;
}

void
md_strip_symbols(char *s)
{
	const utf8proc_uint8_t *in = (const utf8proc_uint8_t *)s;
	size_t out = 0, len = strlen(s), i = 0;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n =
		    utf8proc_iterate(in + i, (utf8proc_ssize_t)(len - i), &cp);
		utf8proc_category_t cat;

		if (n <= 0) {
			n = 1;
			cp = -1;
		}
		cat = cp >= 0 ? utf8proc_category(cp) : UTF8PROC_CATEGORY_CN;
		/* emoji, their variation selectors and keycaps */
		if (cp >= 0 &&
		    (cat == UTF8PROC_CATEGORY_SO ||
		     (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x20E3 ||
		     (cp >= 0x1F3FB && cp <= 0x1F3FF))) {
			s[out++] = ' ';
		} else {
			memmove(s + out, s + i, (size_t)n);
			out += (size_t)n;
		}
		i += (size_t)n;
	}
	s[out] = '\0';
	md_collapse(s);
}

void
md_trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* How many cells the table line S holds as written, at unescaped pipes; a
 * trailing Markdown comment ("[//]: #06/13") is no cell. */
size_t
md_count_cells(const char *s, size_t n)
{
	size_t count = 0, cell = 0;

	md_trim(&s, &n);
	if (n && s[0] == '|') {
		s++;
		n--;
	}
	/* "... |[//]: #06/13": the comment goes, and its pipe with it */
	for (size_t i = n; i-- > 0;) {
		if (s[i] != '|')
			continue;
		{
			const char *rest = s + i + 1;
			size_t rlen = n - i - 1;

			md_trim(&rest, &rlen);
			if (rlen >= 4 && strncmp(rest, "[//]", 4) == 0)
				n = i + 1;
		}
		break;
	}
	if (n && s[n - 1] == '|' && !(n >= 2 && s[n - 2] == '\\'))
		n--;
	for (size_t i = 0; i <= n; i++) {
		if (i + 1 < n && s[i] == '\\') {
			i++; /* an escaped character, maybe a pipe */
			continue;
		}
		if (i == n || s[i] == '|') {
			count++;
			cell = i + 1;
		}
	}
	(void)cell;
	return count;
}

char *
md_clean_url(const char *url)
{
	char *clean = NULL;
	lrm_error_t err = { 0 };
	size_t n;

	if (!url)
		return NULL;
	n = strlen(url);
	if (lrm_text_find_control(url, n, NULL) == n)
		return strdup(url);
	if (lrm_text_strip_controls(url, n, &clean, NULL, &err) != LRM_OK)
		return NULL;
	return clean;
}
