/* cli/cli.h - what both command-line tools, lrmindex and lrmsearch,
 * share: exit statuses, messages on stderr, option errors, --version.
 * It is not part of liblrm, which serves any front end and knows no
 * program name, option or exit status. */
#ifndef LRM_CLI_CLI_H
#define LRM_CLI_CLI_H

#include <stdio.h>

/* Exit statuses, as grep and GNU tools use them. */
enum {
	LRM_EXIT_OK = 0,      /* success; for lrmsearch: something matched */
	LRM_EXIT_NOMATCH = 1, /* lrmsearch: nothing matched; lrmindex: problems found */
	LRM_EXIT_ERROR = 2,   /* usage error, bad input or a failure */
};

/* Print "PROGRAM (lrmsearch) VERSION" and the library versions in use, as
 * GNU tools do for --version. */
void lrm_cli_print_version(FILE *out, const char *program);

/* Print "PROGRAM: " and the formatted message to stderr, with any control
 * character in it escaped (lrm_text_escape(); line feeds are kept). */
void lrm_cli_error(const char *program, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The same for what is no error: what a command did, or is waiting for
 * ("PROGRAM: indexed 157 papers ..."), escaped in the same way. */
void lrm_cli_note(const char *program, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* lrm_cli_note(PROGRAM, "%s", MESSAGE), in the shape of the library's
 * notify callbacks (lrm_index_options.notify, with PROGRAM as its ctx). */
void lrm_cli_notify(const char *message, void *program);

/* Print the formatted text to OUT as it is (no program name, no line feed
 * added), with its control characters escaped as lrm_cli_error() does:
 * for lines that quote data, such as a summary's. */
void lrm_cli_print(FILE *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Report an option getopt_long() refused, and how to get help.  RET is
 * what getopt_long() returned (':' for a missing argument when the option
 * string starts with ':', '?' otherwise), ARG the argument it was looking
 * at (argv[optind - 1]), OPT its optopt. */
void lrm_cli_bad_option(const char *program, int ret, const char *arg,
			int opt);

/* Read ARG, an option's value, as a number from MIN to MAX into *OUT;
 * -1 (and *OUT untouched) when it is not one, or out of range. */
int lrm_cli_parse_number(const char *arg, double min, double max,
			 double *out);

/* Tell the user how to get help after a usage error. */
void lrm_cli_try_help(const char *program);

#endif /* LRM_CLI_CLI_H */
