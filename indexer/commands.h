/* indexer/commands.h - lrmindex's subcommands, one file each. */
#ifndef LRM_INDEXER_COMMANDS_H
#define LRM_INDEXER_COMMANDS_H

struct lrm_command {
	const char *name;
	int (*run)(int argc, char **argv); /* ARGV[0] is the command name */
	const char *summary;
};

/* Where `lrmindex import` writes, relative to the working directory. */
#define LRM_DEFAULT_DATASET "data/papers.yaml"

/* Where `lrmindex fetch` keeps abstracts, relative to the working
 * directory. */
#define LRM_DEFAULT_ABSTRACTS "data/abstracts.yaml"

int lrm_cmd_import(int argc, char **argv);
int lrm_cmd_lint(int argc, char **argv);
int lrm_cmd_build(int argc, char **argv);
int lrm_cmd_fetch(int argc, char **argv);
int lrm_cmd_update_lists(int argc, char **argv);

#endif /* LRM_INDEXER_COMMANDS_H */
