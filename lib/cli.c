/* lib/cli.c - helpers shared by lrmindex and lrmsearch. */
#include "lrm/cli.h"

#include <stdarg.h>
#include <string.h>
#include <utf8proc.h>
#include <yaml.h>

#include "lrm/xapian.h"

void
lrm_cli_print_version(FILE *out, const char *program)
{
	fprintf(out, "%s (lrmsearch) %s\n", program, LRM_VERSION);
	fprintf(out, "Built with Xapian %s, libyaml %s, utf8proc %s.\n",
		lrm_xapian_version_string(), yaml_get_version_string(),
		utf8proc_version());
}

void
lrm_cli_error(const char *program, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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
