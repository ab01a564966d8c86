#!/usr/bin/env bash
# ./test.sh - install what is missing, build, and run every test: once in a
# normal build and once more under AddressSanitizer and
# UndefinedBehaviorSanitizer; then fuzz each libFuzzer target for a minute
# in a clang build (tests/fuzz/run.sh).  Warnings are errors here.  See
# README.md.
source "$(dirname "$0")/scripts/common.sh"

lrm_ensure_packages $LRM_BUILD_PACKAGES $LRM_TEST_PACKAGES

jobs=$(nproc 2>/dev/null || echo 2)

lrm_build "$LRM_ROOT/build" -DLRM_WERROR=ON
lrm_say "running the tests"
ctest --test-dir "$LRM_ROOT/build" --output-on-failure -j "$jobs"

lrm_build "$LRM_ROOT/build-sanitize" -DLRM_WERROR=ON -DLRM_SANITIZE=ON
lrm_say "running the tests under ASan and UBSan"
ctest --test-dir "$LRM_ROOT/build-sanitize" --output-on-failure -j "$jobs"

# A bounded fuzzing run: the libFuzzer binaries only (clang, ASan, UBSan),
# each for 60 seconds, one per core at a time.  A crash fails the run and
# names the input to add to tests/fuzz/corpus/.
lrm_say "building the fuzz targets in $LRM_ROOT/build-fuzz (clang)"
CC=clang CXX=clang++ cmake -S "$LRM_ROOT" -B "$LRM_ROOT/build-fuzz" \
	-DLRM_FUZZ=ON -DLRM_WERROR=ON >/dev/null
cmake --build "$LRM_ROOT/build-fuzz" --parallel "$jobs" --target fuzz
lrm_say "fuzzing (60 seconds per target)"
"$LRM_ROOT/tests/fuzz/run.sh" "$LRM_ROOT/build-fuzz" 60
