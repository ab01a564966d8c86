/* lrmsearch - search a curated list of research papers. */
#include "searcher.h"

int
main(int argc, char **argv)
{
	return lrm_searcher_main(argc, argv);
}
