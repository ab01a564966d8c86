/* search/searcher.h - lrmsearch as a library, so tests link its logic. */
#ifndef LRM_SEARCHER_H
#define LRM_SEARCHER_H

/* Run lrmsearch with ARGC/ARGV (ARGV[0] is the program); returns the exit
 * status (LRM_EXIT_*). */
int lrm_searcher_main(int argc, char **argv);

#endif /* LRM_SEARCHER_H */
