#!/usr/bin/env bash
# ./test.sh - install what is missing, build, and run every test: once in a
# normal build and once more under AddressSanitizer and
# UndefinedBehaviorSanitizer.  Warnings are errors here.  See README.md.
source "$(dirname "$0")/scripts/common.sh"

lrm_ensure_packages $LRM_BUILD_PACKAGES $LRM_TEST_PACKAGES

jobs=$(nproc 2>/dev/null || echo 2)

lrm_build "$LRM_ROOT/build" -DLRM_WERROR=ON
lrm_say "running the tests"
ctest --test-dir "$LRM_ROOT/build" --output-on-failure -j "$jobs"

lrm_build "$LRM_ROOT/build-sanitize" -DLRM_WERROR=ON -DLRM_SANITIZE=ON
lrm_say "running the tests under ASan and UBSan"
ctest --test-dir "$LRM_ROOT/build-sanitize" --output-on-failure -j "$jobs"
