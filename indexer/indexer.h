/* indexer/indexer.h - lrmindex as a library, so tests link its logic. */
#ifndef LRM_INDEXER_H
#define LRM_INDEXER_H

/* Run lrmindex with ARGC/ARGV (ARGV[0] is the program); returns the exit
 * status (LRM_EXIT_*). */
int lrm_indexer_main(int argc, char **argv);

#endif /* LRM_INDEXER_H */
