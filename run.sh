#!/usr/bin/env bash
# ./run.sh [QUERY...] - install what is missing, build, and run lrmsearch.
# See README.md.  Arguments are passed to lrmsearch.
source "$(dirname "$0")/scripts/common.sh"

lrm_ensure_packages $LRM_BUILD_PACKAGES
lrm_build "$LRM_ROOT/build"
if [ $# -eq 0 ]; then
	set -- "latent reasoning"
fi
lrm_say "lrmsearch $*"
exec "$LRM_ROOT/build/bin/lrmsearch" "$@"
