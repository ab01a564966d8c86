/* lrmindex - build the lrmsearch dataset and index. */
#include "indexer.h"

int
main(int argc, char **argv)
{
	return lrm_indexer_main(argc, argv);
}
