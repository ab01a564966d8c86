#!/usr/bin/env bash
# End-to-end tests of lrmsearch on indexes past 10,000 papers, where a
# plain search shows Xapian's estimated count and --count, --json and
# --facets still count exactly.  The corpus comes from bench/gen_corpus
# (titles only, so it indexes in seconds).
# Usage: test_large_index.sh LRMINDEX LRMSEARCH GEN_CORPUS SOURCE_DIR [TEST...]
LRMINDEX=$1
LRMSEARCH=$2
GEN_CORPUS=$3
SRC=$4
shift 4
. "$SRC/tests/lib.sh"

# N synthetic papers indexed (titles only) in $T/idx.
setup() {
	unset LRM_INDEX NO_COLOR
	export XDG_CACHE_HOME=$T/cache HOME=$T/home
	"$GEN_CORPUS" "$1" corpus >/dev/null 2>&1 || fail "gen_corpus $1"
	mkdir titles && mv corpus/papers.yaml titles/ || fail "no papers.yaml"
	"$LRMINDEX" build -q --index idx titles/papers.yaml || fail "build"
}

search() {
	"$LRMSEARCH" --index idx "$@"
}

test_estimate_above_10000_papers() {
	setup 10001
	expect_status 0 search --count 'reasoning models'
	exact=$(cat "$OUT")
	[ "$exact" -gt 10 ] || fail "too few matches to test: $exact"
	expect_status 0 search -n 3 'reasoning models'
	assert_contains "$OUT" "1–3 of about "
	assert_not_contains "$OUT" "1–3 of $exact"
	# exact wherever a number is a promise
	expect_status 0 search --json -n 3 'reasoning models'
	assert_contains "$OUT" "\"total\": $exact,"
	expect_status 0 search --facets -n 3 'reasoning models'
	assert_contains "$OUT" "1–3 of $exact"
}

test_exact_up_to_10000_papers() {
	setup 10000
	expect_status 0 search --count 'reasoning models'
	exact=$(cat "$OUT")
	expect_status 0 search -n 3 'reasoning models'
	assert_contains "$OUT" "1–3 of $exact"
	assert_not_contains "$OUT" "about"
}

run_tests "$@"
