/* indexer/update_lists.c - `lrmindex update-lists`: the newest README of
 * each list of the manifest into its snapshot, then the dataset rebuilt
 * as `lrmindex import` builds it, saying which papers are new. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "http.h"
#include "merge.h"
#include "lrm/buf.h"
#include "lrm/file.h"
#include "lrm/manifest.h"
#include "lrm/paper.h"
#include "lrm/text.h"

static const char *const program = "lrmindex update-lists";

#define BASE_URL_ENV     "LRM_LISTS_BASE_URL"
#define USER_AGENT       "lrmindex update-lists"
/* The largest README of an awesome list we know is about 170 KB; 8 MiB
 * is far above any real one, and far below what the reader accepts. */
#define MAX_README_BYTES ((size_t)8 << 20)

struct update_options {
	const char *manifest;
	const char *output;
	const char *base_url; /* NULL: each list's own url */
	char **only;          /* --list NAMEs (pointers into argv) */
	size_t n_only;
	struct lrm_http_options http;
	int quiet;
};

static void
usage(FILE *out)
{
	fprintf(
	    out,
	    "Usage: lrmindex update-lists [OPTION]...\n"
	    "Fetch the newest README of each list of the manifest (default\n"
	    "%s) into its snapshot, import every list again into the\n"
	    "dataset (default %s), and say which papers are new.\n"
	    "\n"
	    "Options:\n"
	    "  -m, --manifest=FILE   the manifest of lists (default %s)\n"
	    "  -o, --output=FILE     the dataset to rebuild (default %s)\n"
	    "  -l, --list=NAME       fetch only this list (repeatable); the\n"
	    "                        dataset is still made of every list\n"
	    "  -u, --base-url=URL    fetch from URL instead of each list's\n"
	    "                        scheme and host, keeping its path (a\n"
	    "                        mirror, a test server); default $%s\n"
	    "  -t, --timeout=SECONDS give up on a request after this\n"
	    "                        (default 30)\n"
	    "  -n, --tries=N         tries per list before giving up\n"
	    "                        (default 4)\n"
	    "      --retries=N       the same as --tries=N+1\n"
	    "  -d, --delay=SECONDS   retries wait 1, 2, 4... times this\n"
	    "                        (default 1), or what Retry-After says\n"
	    "  -q, --quiet           print nothing but errors\n"
	    "  -h, --help            display this help and exit\n"
	    "\n"
	    "A README is accepted only as text: an empty answer, binary data,\n"
	    "invalid UTF-8, an HTML page or one over 8 MiB is refused and the\n"
	    "snapshot kept.  A snapshot is replaced atomically, and only when\n"
	    "the README changed.  A list that fails is named with the reason;\n"
	    "the others are still updated.  Exit status is 0 when every list\n"
	    "was fetched, 1 when some failed, 2 on a usage error, an\n"
	    "unreadable manifest or dataset, or an import that failed.\n",
	    LRM_DEFAULT_MANIFEST, LRM_DEFAULT_DATASET, LRM_DEFAULT_MANIFEST,
	    LRM_DEFAULT_DATASET, BASE_URL_ENV);
}

static int
is_http_url(const char *url)
{
	return (strncmp(url, "http://", 7) == 0 && url[7] && url[7] != '/') ||
	       (strncmp(url, "https://", 8) == 0 && url[8] && url[8] != '/');
}

/* Read ARGV into O: -1 to go on, else the exit status (after --help, or
 * a usage error said). */
static int
parse_options(int argc, char **argv, struct update_options *o)
{
	enum { OPT_RETRIES = 256 };
	static const struct option options[] = {
		{ "manifest", required_argument, NULL, 'm' },
		{ "output", required_argument, NULL, 'o' },
		{ "list", required_argument, NULL, 'l' },
		{ "base-url", required_argument, NULL, 'u' },
		{ "timeout", required_argument, NULL, 't' },
		{ "tries", required_argument, NULL, 'n' },
		{ "retries", required_argument, NULL, OPT_RETRIES },
		{ "delay", required_argument, NULL, 'd' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *env = getenv(BASE_URL_ENV);
	double v;
	int opt;

	if (env && *env)
		o->base_url = env;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":m:o:l:u:t:n:d:qh", options,
	                          NULL)) != -1) {
		switch (opt) {
		case 'm':
			o->manifest = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'l':
			/* at most argc of them: argv has room */
			o->only[o->n_only++] = optarg;
			break;
		case 'u':
			o->base_url = optarg;
			env = NULL;
			break;
		case 't':
		case 'd':
		case 'n':
			if (lrm_http_option(&o->http, opt, optarg, program))
				return LRM_EXIT_ERROR;
			break;
		case OPT_RETRIES:
			if (lrm_cli_parse_number(optarg, 0, 99, &v) ||
			    v != floor(v)) {
				lrm_cli_error(program,
				              "invalid number of "
				              "retries '%s': expected 0 to 99",
				              optarg);
				return LRM_EXIT_ERROR;
			}
			o->http.tries = (unsigned)v + 1;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return LRM_EXIT_OK;
		default:
			lrm_cli_bad_option(program, opt, argv[optind - 1],
			                   optopt);
			return LRM_EXIT_ERROR;
		}
	}
	if (optind < argc) {
		lrm_cli_error(program,
		              "unexpected argument '%s': the lists "
		              "come from the manifest (--manifest FILE)",
		              argv[optind]);
		lrm_cli_try_help(program);
		return LRM_EXIT_ERROR;
	}
	if (o->base_url && !is_http_url(o->base_url)) {
		lrm_cli_error(program,
		              "invalid %s '%s': expected an http:// "
		              "or https:// URL with a host",
		              env ? "$" BASE_URL_ENV : "--base-url",
		              o->base_url);
		return LRM_EXIT_ERROR;
	}
	if (strcmp(o->output, "-") == 0) {
		lrm_cli_error(program, "--output must be a file: the dataset "
		                       "is read back to say what is new");
		return LRM_EXIT_ERROR;
	}
	return -1;
}

/* ------------------------------------------------------------------ */
/* Fetching one list                                                  */
/* ------------------------------------------------------------------ */

/* What happened to one list. */
enum list_state {
	LIST_UNCHANGED,
	LIST_UPDATED,
	LIST_SKIPPED, /* not asked for (--list), or no url to fetch */
	LIST_FAILED,
};

struct fetch_list {
	const struct lrm_manifest_list *list;
	char *url;      /* what is fetched (malloc()ed) */
	char *snapshot; /* the snapshot's path from here (malloc()ed) */
	size_t bytes;   /* the README's size, once fetched */
	enum list_state state;
	int asked;      /* to be fetched: not left out by --list, has a url */
	char why[1200]; /* LIST_FAILED: why */
};

/* PATH, relative to the manifest's directory, as a path from here
 * (malloc()ed); NULL when out of memory. */
static char *
beside_manifest(const char *manifest, const char *path)
{
	const char *slash = strrchr(manifest, '/');
	char *out;

	if (!slash)
		return strdup(path);
	if (asprintf(&out, "%.*s/%s", (int)(slash - manifest), manifest, path) <
	    0)
		return NULL;
	return out;
}

/* The URL to fetch for list L: its url, with its scheme and host (and
 * port) replaced by BASE when given.  NULL with WHY set when there is no
 * URL to fetch; NULL with WHY empty when out of memory. */
static char *
list_url(const struct lrm_manifest_list *l, const char *base, char *why,
         size_t why_size)
{
	const char *host, *path;
	size_t n;
	char *out;

	why[0] = '\0';
	if (!l->url || !*l->url) {
		snprintf(why, why_size, "the manifest gives it no url");
		return NULL;
	}
	host = strstr(l->url, "://");
	if (!base) {
		/* A README goes into the corpus: it comes over TLS, or from
		 * a mirror named on purpose (--base-url). */
		if (strncmp(l->url, "https://", 8) != 0 || !is_http_url(l->url))
			snprintf(why, why_size,
			         "its url '%.300s' is not an https:// URL; "
			         "only https is fetched (--base-url names a "
			         "mirror)",
			         l->url);
		return why[0] ? NULL : strdup(l->url);
	}
	if (!host) {
		snprintf(why, why_size, "its url '%.300s' is not a URL",
		         l->url);
		return NULL;
	}
	path = strchr(host + 3, '/');
	if (!path)
		path = "/";
	n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	if (asprintf(&out, "%.*s%s", (int)n, base, path) < 0)
		return NULL;
	return out;
}

static int
starts_with_nocase(const char *text, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && strncasecmp(text, prefix, n) == 0;
}

/* Whether the body of R is a README we can take: text, UTF-8, not an
 * HTML page.  A server that answers 200 with an error page (a proxy, a
 * captive portal, a login wall) must not replace a list.  LRM_HTTP_FAIL
 * with WHY set when not. */
static enum lrm_http_outcome
check_readme(const struct lrm_http_response *r, char *why, size_t why_size)
{
	const char *text = lrm_buf_str(&r->body);
	size_t len = r->body.len, at = 0, bad = 0;
	const char *nul = memchr(text, '\0', len);

	while (at < len && strchr(" \t\r\n", text[at]))
		at++;
	if (at == len)
		snprintf(why, why_size, "the server sent %s, not a README",
		         len ? "only white space" : "an empty answer");
	else if (starts_with_nocase(r->content_type, strlen(r->content_type),
	                            "text/html") ||
	         starts_with_nocase(r->content_type, strlen(r->content_type),
	                            "application/xhtml"))
		snprintf(why, why_size,
		         "the server sent an HTML page (Content-Type: %.100s), "
		         "not Markdown",
		         r->content_type);
	else if (nul)
		snprintf(why, why_size,
		         "the server sent binary data (a NUL byte at offset "
		         "%zu), not Markdown",
		         (size_t)(nul - text));
	else if (!lrm_text_valid_utf8(text, len, &bad))
		snprintf(why, why_size,
		         "the server sent text that is not UTF-8 (an invalid "
		         "byte at offset %zu), not Markdown",
		         bad);
	else if (starts_with_nocase(text + at, len - at, "<!doctype html") ||
	         starts_with_nocase(text + at, len - at, "<html"))
		snprintf(why, why_size,
		         "the server sent an HTML page, not Markdown");
	else
		return LRM_HTTP_OK;
	return LRM_HTTP_FAIL;
}

/* GET F's README into R, trying up to O->tries times.  Unless the outcome
 * is LRM_HTTP_OK, F->why says why. */
static enum lrm_http_outcome
download(CURL *curl, const struct update_options *o, struct fetch_list *f,
         struct lrm_http_response *r)
{
	enum lrm_http_outcome outcome = LRM_HTTP_FAIL;

	for (unsigned attempt = 0; attempt < o->http.tries; attempt++) {
		if (attempt) {
			double wait = lrm_http_backoff(o->http.delay, attempt,
			                               r->retry_after);

			if (!o->quiet)
				lrm_cli_note(program,
				             "%s: %s; trying again in %.1fs",
				             f->list->name, f->why, wait);
			lrm_http_sleep(wait);
		}
		outcome =
		    lrm_http_get(curl, f->url, USER_AGENT, o->http.timeout,
		                 MAX_README_BYTES, r, f->why, sizeof(f->why));
		if (outcome == LRM_HTTP_OK)
			return check_readme(r, f->why, sizeof(f->why));
		if (outcome != LRM_HTTP_RETRY)
			break;
	}
	if (outcome == LRM_HTTP_FAIL && r->body.status == LRM_ERR_LIMIT)
		snprintf(f->why, sizeof(f->why),
		         "the README is larger than %zu MiB, the most accepted",
		         MAX_README_BYTES >> 20);
	if (outcome == LRM_HTTP_RETRY && o->http.tries > 1) {
		size_t n = strlen(f->why);

		snprintf(f->why + n, sizeof(f->why) - n,
		         " (gave up after %u tries)", o->http.tries);
	}
	return outcome;
}

/* Put LEN bytes of TEXT into F's snapshot, unless it holds them already
 * (then the file is not touched: its time stamp says when the list last
 * changed).  A new snapshot's directory is made. */
static lrm_status_t
save_snapshot(struct fetch_list *f, const char *text, size_t len,
              lrm_error_t *err)
{
	char *old = NULL, *dir = NULL, *slash;
	size_t old_len = 0;
	struct stat st;
	int missing = stat(f->snapshot, &st) != 0;
	lrm_status_t status = LRM_OK;

	if (missing && errno != ENOENT) {
		status = lrm_error_set(err, LRM_ERR_IO, "%s: cannot read: %s",
		                       f->snapshot, strerror(errno));
		goto cleanup;
	}
	if (missing && (slash = strrchr(f->snapshot, '/')) != NULL) {
		dir = strndup(f->snapshot, (size_t)(slash - f->snapshot));
		if (!dir) {
			status =
			    lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
			goto cleanup;
		}
		status = lrm_file_mkdir_p(dir, 0777, err);
		if (status)
			goto cleanup;
	} else if (!missing && S_ISREG(st.st_mode) &&
	           (size_t)st.st_size == len) {
		/* only a file of the same size may hold the same bytes */
		status = lrm_file_read(f->snapshot, len, &old, &old_len, err);
		if (status)
			goto cleanup;
		if (old_len == len && memcmp(old, text, len) == 0) {
			f->state = LIST_UNCHANGED;
			goto cleanup;
		}
	}
	status = lrm_file_write_atomic(f->snapshot, text, len, err);
	if (!status)
		f->state = LIST_UPDATED;
cleanup:
	free(old);
	free(dir);
	return status;
}

/* Fetch F and save it.  Only lack of memory is returned as a failure
 * (the run stops); anything else fails F alone, F->why saying why. */
static lrm_status_t
update_list(CURL *curl, const struct update_options *o, struct fetch_list *f,
            lrm_error_t *err)
{
	struct lrm_http_response r = { 0 };
	lrm_error_t serr = { 0 };
	lrm_status_t status = LRM_OK;

	switch (download(curl, o, f, &r)) {
	case LRM_HTTP_OK:
		f->bytes = r.body.len;
		if (save_snapshot(f, lrm_buf_str(&r.body), r.body.len, &serr)) {
			if (serr.status == LRM_ERR_NOMEM)
				status = lrm_error_set(err, LRM_ERR_NOMEM, "%s",
				                       serr.msg);
			snprintf(f->why, sizeof(f->why), "%s", serr.msg);
			f->state = LIST_FAILED;
		}
		break;
	case LRM_HTTP_NOMEM:
		status = lrm_error_set(err, LRM_ERR_NOMEM, "out of memory");
		/* fall through */
	default:
		f->state = LIST_FAILED;
		break;
	}
	lrm_buf_free(&r.body);
	return status;
}

/* ------------------------------------------------------------------ */
/* The run                                                            */
/* ------------------------------------------------------------------ */

static int
asked_for(const struct update_options *o, const char *name)
{
	if (o->n_only == 0)
		return 1;
	for (size_t i = 0; i < o->n_only; i++)
		if (strcmp(o->only[i], name) == 0)
			return 1;
	return 0;
}

/* F[i] for each list of M: where it comes from and goes to.  -1 when out
 * of memory. */
static int
plan_lists(const struct update_options *o, const struct lrm_manifest *m,
           struct fetch_list *f)
{
	for (size_t i = 0; i < m->n_lists; i++) {
		f[i].list = &m->lists[i];
		f[i].snapshot = beside_manifest(o->manifest, m->lists[i].path);
		if (!f[i].snapshot)
			return -1;
		f[i].state = LIST_SKIPPED;
		if (!asked_for(o, m->lists[i].name))
			continue;
		f[i].url = list_url(&m->lists[i], o->base_url, f[i].why,
		                    sizeof(f[i].why));
		if (!f[i].url && !f[i].why[0])
			return -1;
		/* A list of one's own, with no upstream, is no failure;
		 * asked for by name, it is. */
		if (!f[i].url && (m->lists[i].url || o->n_only))
			f[i].state = LIST_FAILED;
		f[i].asked = f[i].url || f[i].state == LIST_FAILED;
	}
	return 0;
}

/* Say what became of F. */
static void
report_list(const struct update_options *o, const struct fetch_list *f)
{
	const struct lrm_manifest_list *l = f->list;

	if (f->state == LIST_FAILED) {
		/* a list that moved or went away: only its url can be fixed */
		int gone = strcmp(f->why, "HTTP status 404") == 0 ||
		           strcmp(f->why, "HTTP status 410") == 0;

		lrm_cli_error(
		    program, "%s: failed: %s%s%s%s; %s left as it was%s%s",
		    l->name, f->why, f->url ? " (" : "", f->url ? f->url : "",
		    f->url ? ")" : "", f->snapshot,
		    gone ? "; check the list's url in " : "",
		    gone ? o->manifest : "");
		return;
	}
	if (o->quiet)
		return;
	if (f->state == LIST_SKIPPED && f->why[0])
		lrm_cli_note(program, "%s: skipped: %s", l->name, f->why);
	else if (f->state == LIST_UNCHANGED)
		lrm_cli_note(program, "%s: unchanged (%s)", l->name,
		             f->snapshot);
	else if (f->state == LIST_UPDATED)
		lrm_cli_note(program, "%s: updated, %zu bytes -> %s%s%s%s",
		             l->name, f->bytes, f->snapshot,
		             l->commit ? " (the manifest's commit " : "",
		             l->commit ? l->commit : "",
		             l->commit ? " is the previous snapshot's)" : "");
}

/* Fetch each list of F[0..N) that is asked for; returns how many failed,
 * or -1 when the run must stop (ERR says why). */
static long
fetch_lists(const struct update_options *o, struct fetch_list *f, size_t n,
            lrm_error_t *err)
{
	CURL *curl = NULL;
	long failed = 0;

	for (size_t i = 0; i < n; i++) {
		if (f[i].url && !curl && !(curl = lrm_http_open())) {
			lrm_error_set(err, LRM_ERR_IO, "cannot start libcurl");
			failed = -1;
			break;
		}
		if (f[i].url && update_list(curl, o, &f[i], err)) {
			failed = -1;
			break;
		}
		report_list(o, &f[i]);
		failed += f[i].state == LIST_FAILED;
	}
	lrm_http_close(curl);
	return failed;
}

/* Rebuild O->output from every list of the manifest, as `lrmindex import`
 * with no list does (its own code, not a copy), so listings record their
 * list's name: its exit status. */
static int
run_import(const struct update_options *o)
{
	char *argv[7];
	int argc = 0;

	argv[argc++] = (char *)"import";
	argv[argc++] = (char *)"--manifest";
	argv[argc++] = (char *)o->manifest;
	argv[argc++] = (char *)"-o";
	argv[argc++] = (char *)o->output;
	if (o->quiet)
		argv[argc++] = (char *)"-q";
	argv[argc] = NULL;
	return lrm_cmd_import(argc, argv);
}

/* The dataset at PATH into DS; a missing one is empty (a first run). */
static lrm_status_t
load_dataset(struct lrm_dataset *ds, const char *path, lrm_error_t *err)
{
	struct stat st;

	if (stat(path, &st) != 0 && errno == ENOENT)
		return LRM_OK;
	return lrm_dataset_load(ds, path, err);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The name of the list LISTING comes from: the dataset is rebuilt from the
 * manifest, so each listing records its list's name (a listing without
 * one, which no such import makes, is named by its file). */
static const char *
listing_list(const struct lrm_listing *l)
{
	return l->list ? l->list : l->source ? l->source : "?";
}

/* Add NAME to NAMES[0..*N) unless it is there; NAMES has room. */
static void
add_name(const char **names, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(names[i], name) == 0)
			return;
	names[(*n)++] = name;
}

/* Print P's title and its lists ("  Title (alpha, beta)"), each list also
 * into LISTS[0..*N_LISTS) (room for all).  -1 when out of memory. */
static int
print_new_paper(const struct lrm_paper *p, const char **lists,
                size_t *n_lists)
{
	const char **mine = calloc(p->n_listings + 1, sizeof(*mine));
	struct lrm_buf names;
	size_t n_mine = 0;

	if (!mine)
		return -1;
	lrm_buf_init(&names, 4096);
	for (size_t j = 0; j < p->n_listings; j++)
		add_name(mine, &n_mine, listing_list(&p->listings[j]));
	for (size_t j = 0; j < n_mine; j++) {
		lrm_buf_printf(&names, "%s%s", j ? ", " : "", mine[j]);
		add_name(lists, n_lists, mine[j]);
	}
	lrm_cli_print(stdout, "  %s (%s)\n", p->title ? p->title : p->id,
	              names.status == LRM_ERR_LIMIT ? "many lists"
	                                            : lrm_buf_str(&names));
	lrm_buf_free(&names);
	free(mine);
	return 0;
}

/* Say which papers of AFTER BEFORE lacks (by id): "2 new papers in 1
 * list:" and each title with its lists, or "no new papers".  -1 when out
 * of memory. */
static int
report_new(const struct lrm_dataset *before, const struct lrm_dataset *after)
{
	const char **ids = calloc(before->n_papers + 1, sizeof(*ids));
	const char **lists = NULL;
	size_t n_new = 0, n_lists = 0, n_listings = 0;
	char *is_new = calloc(after->n_papers + 1, 1);
	int r = -1;

	if (!ids || !is_new)
		goto cleanup;
	for (size_t i = 0; i < before->n_papers; i++)
		ids[i] = before->papers[i].id;
	qsort(ids, before->n_papers, sizeof(*ids), cmp_str);
	for (size_t i = 0; i < after->n_papers; i++) {
		const char *id = after->papers[i].id;

		is_new[i] =
		    !bsearch(&id, ids, before->n_papers, sizeof(*ids), cmp_str);
		n_new += is_new[i];
		n_listings += is_new[i] ? after->papers[i].n_listings : 0;
	}
	lists = calloc(n_listings + 1, sizeof(*lists));
	if (!lists)
		goto cleanup;
	/* the count of lists comes first, and from every new paper */
	for (size_t i = 0; i < after->n_papers; i++)
		for (size_t j = 0; is_new[i] && j < after->papers[i].n_listings;
		     j++)
			add_name(
			    lists, &n_lists,
			    listing_list(&after->papers[i].listings[j]));
	if (n_new == 0)
		printf("no new papers\n");
	else
		printf("%zu new paper%s in %zu list%s:\n", n_new,
		       n_new == 1 ? "" : "s", n_lists, n_lists == 1 ? "" : "s");
	n_lists = 0;
	for (size_t i = 0; i < after->n_papers; i++)
		if (is_new[i] &&
		    print_new_paper(&after->papers[i], lists, &n_lists))
			goto cleanup;
	r = fflush(stdout) == 0 ? 0 : -1;
cleanup:
	free(ids);
	free(is_new);
	free(lists);
	return r;
}

static void
clear_lists(struct fetch_list *f, size_t n)
{
	for (size_t i = 0; f && i < n; i++) {
		free(f[i].url);
		free(f[i].snapshot);
	}
	free(f);
}

/* Every --list NAME is a list of M; else say which are. */
static int
check_names(const struct update_options *o, const struct lrm_manifest *m)
{
	for (size_t i = 0; i < o->n_only; i++) {
		struct lrm_buf known;

		if (lrm_manifest_find(m, o->only[i]))
			continue;
		lrm_buf_init(&known, 4096);
		for (size_t j = 0; j < m->n_lists; j++)
			lrm_buf_printf(&known, "%s%s", j ? ", " : "",
			               m->lists[j].name);
		lrm_cli_error(program,
		              "%s has no list named '%s' (its lists: "
		              "%s)",
		              o->manifest, o->only[i], lrm_buf_str(&known));
		lrm_buf_free(&known);
		return -1;
	}
	return 0;
}

int
lrm_cmd_update_lists(int argc, char **argv)
{
	struct update_options o = {
		.manifest = LRM_DEFAULT_MANIFEST,
		.output = LRM_DEFAULT_DATASET,
		.http = { .delay = 1, .timeout = 30, .tries = 4 },
	};
	struct lrm_manifest manifest = { 0 };
	struct lrm_dataset before = { 0 }, after = { 0 };
	struct fetch_list *lists = NULL;
	lrm_error_t err = { 0 };
	long failed = 0;
	int ret;

	o.only = calloc((size_t)argc + 1, sizeof(*o.only));
	if (!o.only) {
		lrm_cli_error(program, "out of memory");
		return LRM_EXIT_ERROR;
	}
	ret = parse_options(argc, argv, &o);
	if (ret >= 0)
		goto cleanup;
	ret = LRM_EXIT_ERROR;
	/* Everything that can stop the run is checked before any request,
	 * so that no list is fetched to be thrown away. */
	if (lrm_manifest_load(&manifest, o.manifest, &err) ||
	    load_dataset(&before, o.output, &err)) {
		lrm_cli_error(program, "%s", err.msg);
		goto cleanup;
	}
	if (check_names(&o, &manifest))
		goto cleanup;
	lists = calloc(manifest.n_lists + 1, sizeof(*lists));
	if (!lists || plan_lists(&o, &manifest, lists)) {
		lrm_cli_error(program, "out of memory");
		goto cleanup;
	}
	failed = fetch_lists(&o, lists, manifest.n_lists, &err);
	if (failed < 0) {
		lrm_cli_error(program, "%s", err.msg);
		goto cleanup;
	}
	/* Always rebuilt, even when no README changed: a run whose import
	 * was interrupted leaves snapshots newer than the dataset. */
	ret = run_import(&o);
	if (ret != LRM_EXIT_OK) {
		lrm_cli_error(program,
		              "the dataset could not be rebuilt from "
		              "the lists (the import said why above); %s is "
		              "as it was, the snapshots fetched are kept",
		              o.output);
		ret = LRM_EXIT_ERROR;
		goto cleanup;
	}
	ret = LRM_EXIT_ERROR;
	if (lrm_dataset_load(&after, o.output, &err)) {
		lrm_cli_error(program, "%s", err.msg);
		goto cleanup;
	}
	if (!o.quiet && report_new(&before, &after)) {
		lrm_cli_error(program, "%s",
		              ferror(stdout) ? "cannot write to standard output"
		                             : "out of memory");
		goto cleanup;
	}
	if (failed) {
		size_t asked = 0;

		for (size_t i = 0; i < manifest.n_lists; i++)
			asked += (size_t)lists[i].asked;
		lrm_cli_error(
		    program, "%ld of %zu list%s failed%s", failed, asked,
		    asked == 1 ? "" : "s",
		    (size_t)failed < asked ? "; the others are updated" : "");
	}
	ret = failed ? LRM_EXIT_NOMATCH : LRM_EXIT_OK;
cleanup:
	clear_lists(lists, manifest.n_lists);
	lrm_dataset_clear(&before);
	lrm_dataset_clear(&after);
	lrm_manifest_clear(&manifest);
	free(o.only);
	return ret;
}
