/* cli/cli.c - what lrmindex and lrmsearch share as command-line tools
 * (see cli.h); liblrm itself knows no tool. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <yaml.h>

#include "lrm/text.h"
#include "lrm/xapian.h"

void
lrm_cli_print_version(FILE *out, const char *program)
{
	fprintf(out, "%s (lrmsearch) %s\n", program, LRM_VERSION);
	fprintf(out, "Built with Xapian %s, libyaml %s, utf8proc %s.\n",
		lrm_xapian_version_string(), yaml_get_version_string(),
		utf8proc_version());
}

/* What FMT/AP makes, with its control characters escaped (line feeds
 * kept), on OUT; after "PROGRAM: " and followed by a line feed when
 * PROGRAM is not NULL.  Messages quote titles, file names and servers'
 * answers: whatever control characters they hold are shown, never
 * obeyed. */
static void
vprint_escaped(FILE *out, const char *program, const char *fmt, va_list ap)
{
	char buf[2048], *msg = buf, *safe;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n >= (int)sizeof(buf) && (msg = malloc((size_t)n + 1)) != NULL)
		vsnprintf(msg, (size_t)n + 1, fmt, again);
	va_end(again);
	if (!msg)
		msg = buf; /* out of memory: the message cut short */
	safe = lrm_text_escape(msg, strlen(msg), "\n");
	if (program)
		fprintf(out, "%s: %s\n", program, safe ? safe : "(out of memory)");
	else
		fputs(safe ? safe : "(out of memory)\n", out);
	free(safe);
	if (msg != buf)
		free(msg);
}

void
lrm_cli_error(const char *program, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_escaped(stderr, program, fmt, ap);
	va_end(ap);
}

void
lrm_cli_note(const char *program, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_escaped(stderr, program, fmt, ap);
	va_end(ap);
}

void
lrm_cli_notify(const char *message, void *program)
{
	lrm_cli_note(program, "%s", message);
}

void
lrm_cli_print(FILE *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_escaped(out, NULL, fmt, ap);
	va_end(ap);
}

void
lrm_cli_try_help(const char *program)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", program);
}

void
lrm_cli_bad_option(const char *program, int ret, const char *arg, int opt)
{
	const char *eq;
	int len;

	if (!arg)
		arg = "";
	/* "--output=x" was not the problem's name; show "--output". */
	eq = strchr(arg, '=');
	len = eq ? (int)(eq - arg) : (int)strlen(arg);
	/* For a short option, ARG may be the word before it (in "-zj" or
	 * "-x val" getopt has not moved on yet): name the letter instead. */
	if (ret == ':' && strncmp(arg, "--", 2) == 0)
		lrm_cli_error(program, "option '%.*s' requires an argument", len,
			      arg);
	else if (ret == ':' && opt > 0 && opt < 128)
		lrm_cli_error(program, "option requires an argument -- '%c'",
			      opt);
	else if (opt > 0 && opt < 128)
		lrm_cli_error(program, "invalid option -- '%c'", opt);
	else
		lrm_cli_error(program, "unrecognized option '%.*s'", len, arg);
	lrm_cli_try_help(program);
}

int
lrm_cli_parse_number(const char *arg, double min, double max, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end != '\0' || !(v >= min && v <= max))
		return -1;
	*out = v;
	return 0;
}
