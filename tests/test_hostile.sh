#!/usr/bin/env bash
# Hostile input: every case gets a clear message (what and where), a
# non-zero exit in bounded time, and leaves the dataset, the abstracts cache
# and the index exactly as they were.
# Usage: test_hostile.sh LRMINDEX LRMSEARCH SOURCE_DIR [TEST...]
LRMINDEX=$1
LRMSEARCH=$2
SRC=$3
shift 3
. "$SRC/tests/lib.sh"

# Seconds any one command may take, even on the hostile inputs (generous
# for a sanitizer build on a busy machine).
LIMIT=60

# A dataset (the seed list's, 157 papers), a cache and an index, and a
# fingerprint of all three.
setup() {
	unset LRM_INDEX
	export XDG_CACHE_HOME=$T/cache
	mkdir data
	cp "$SRC/tests/expected/import-seed.yaml" data/papers.yaml
	printf 'format: lrmsearch-abstracts/2\nabstracts:\n- arxiv: "2503.23077"\n  abstract: "A survey."\n  fetched: "2026-01-01T00:00:00Z"\ncount: 1\n' >data/abstracts.yaml
	"$LRMINDEX" build -q --index idx data/papers.yaml || fail "build"
	fingerprint >before
}

fingerprint() {
	find data idx -type f ! -name .lock -print0 | sort -z | xargs -0 sha256sum
}

# run STATUS CMD...: CMD exits with STATUS within LIMIT seconds and leaves
# everything as it was.
run() {
	local want=$1
	shift
	expect_status "$want" timeout "$LIMIT" "$@"
	fingerprint >after
	cmp -s before after || {
		diff before after >&2
		fail "files changed"
	}
}

import() {
	run 2 "$LRMINDEX" import --output data/papers.yaml "$@"
}

test_list_invalid_utf8() {
	setup
	printf '## Papers\n| Title |\n| - |\n| caf\xe9 |\n' >bad.md
	import bad.md
	assert_contains "$ERR" "bad.md:4:6: invalid UTF-8 (byte 0xe9)"
	expect_status 2 "$LRMINDEX" lint bad.md
	assert_contains "$ERR" "bad.md:4:6: invalid UTF-8"
}

test_list_nul_bytes() {
	setup
	printf '## Papers\n| Title |\n| - |\n| a\0b |\n' >nul.md
	import nul.md
	assert_contains "$ERR" "nul.md:4: NUL byte"
}

test_list_10mb_line() {
	setup
	{
		printf '## Papers\n| Title |\n| - |\n| '
		head -c 10485760 /dev/zero | tr '\0' x
		printf ' |\n'
	} >long.md
	import long.md
	assert_contains "$ERR" "long.md:4: line is 10485764 bytes long; a list's lines are at most 1048576 bytes"
}

test_list_100000_columns() {
	setup
	{
		printf '## Papers\n| Title |\n| - |\n| T '
		for _ in $(seq 1000); do printf '%.0s| c ' $(seq 100); done
		printf '|\n'
	} >wide.md
	import wide.md
	assert_contains "$ERR" "wide.md:4: table row has 100001 cells; a row has at most 1024"
}

test_list_10000_headings_deep() {
	setup
	# 10 000 headings, each a level deeper than Markdown has, and one
	# of 10 000 '#'
	awk 'BEGIN { for (i = 1; i <= 10000; i++) {
		s = ""; for (j = 0; j < 7 + i % 50; j++) s = s "#"
		print s " heading " i } }' >deep.md
	{ head -c 10000 /dev/zero | tr '\0' '#'; printf ' deepest\n'; } >>deep.md
	import deep.md
	assert_contains "$ERR" "no papers found in deep.md"
	assert_contains "$ERR" "data/papers.yaml left as it was"
	expect_status 1 "$LRMINDEX" lint --strict deep.md
	assert_contains "$OUT" "deep.md:1: no table of papers"
}

test_list_empty_file() {
	setup
	: >empty.md
	import empty.md
	assert_contains "$ERR" "no papers found in empty.md"
}

test_list_directory_and_unreadable() {
	setup
	mkdir dir.md
	import dir.md
	assert_contains "$ERR" "dir.md: is a directory, not a file"
	[ "$(id -u)" -eq 0 ] || { echo "  (unreadable file: skipped, needs root to switch users)"; return 0; }
	printf '## Papers\n| Title |\n| - |\n| A |\n' >secret.md
	chmod 000 secret.md
	chmod 777 "$T" data
	chmod 666 data/papers.yaml
	fingerprint >before
	run 2 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$LRMINDEX" import --output data/papers.yaml secret.md
	assert_contains "$ERR" "secret.md: Permission denied"
}

# A dataset or cache that is not what it should be: build refuses it and
# the index stays as it was.
build_bad_yaml() {
	printf '%s' "$2" >"$1"
	run 2 "$LRMINDEX" build --index idx "$1"
}

test_yaml_deep_nesting() {
	setup
	{ printf 'format: lrmsearch-papers/2\npapers: '; head -c 100000 /dev/zero | tr '\0' '['; } >deep.yaml
	run 2 "$LRMINDEX" build --index idx deep.yaml
	assert_contains "$ERR" "deep.yaml:2:"
}

test_yaml_alias_bomb() {
	setup
	build_bad_yaml bomb.yaml 'format: lrmsearch-papers/2
x: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
y: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
z: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
papers: [*c, *c, *c, *c, *c, *c, *c, *c, *c]
count: 0
'
	assert_contains "$ERR" "bomb.yaml:"
	printf 'format: lrmsearch-papers/2\npapers:\n- &p\n  id: "a"\n  title: "A"\n  listings: []\n- *p\ncount: 2\n' >bomb2.yaml
	run 2 "$LRMINDEX" build --index idx bomb2.yaml
	assert_contains "$ERR" "bomb2.yaml:7:3: aliases are not allowed"
}

test_yaml_wrong_types_missing_fields_duplicate_keys() {
	setup
	build_bad_yaml types.yaml 'format: lrmsearch-papers/2
papers:
- id: "a"
  title: ["not", "a", "string"]
  listings: []
count: 1
'
	assert_contains "$ERR" "types.yaml:4:"
	build_bad_yaml missing.yaml 'format: lrmsearch-papers/2
papers:
- id: "a"
  listings: []
count: 1
'
	assert_contains "$ERR" "missing.yaml:3:"
	assert_contains "$ERR" "missing required key 'title'"
	build_bad_yaml dup.yaml 'format: lrmsearch-papers/2
papers:
- id: "a"
  title: "A"
  title: "B"
  listings: []
count: 1
'
	assert_contains "$ERR" "dup.yaml:5:3: duplicate key 'title'"
	build_bad_yaml line.yaml 'format: lrmsearch-papers/2
papers:
- id: "a"
  title: "A"
  listings:
  - source: "x.md"
    line: -3
count: 1
'
	assert_contains "$ERR" "line.yaml:7:"
	# a damaged abstracts cache stops the build too
	printf 'format: lrmsearch-abstracts/2\nabstracts:\n- arxiv: [1, 2]\ncount: 1\n' >cache.yaml
	run 2 "$LRMINDEX" build --index idx --cache cache.yaml data/papers.yaml
	assert_contains "$ERR" "cache.yaml:3:"
}

# A FIFO where a list or the cache should be: read as the empty file it
# is (no writer), never waited on, never replaced.
test_fifo_as_list_and_cache() {
	setup
	mkfifo fifo.md fifo.yaml
	run 2 "$LRMINDEX" import --output data/papers.yaml fifo.md
	assert_contains "$ERR" "no papers found in fifo.md"
	run 2 "$LRMINDEX" fetch --cache fifo.yaml --arxiv-url http://127.0.0.1:9/ data/papers.yaml
	assert_contains "$ERR" "fifo.yaml: will not replace this with an abstracts cache: it is a FIFO"
	run 2 "$LRMINDEX" build --index idx --cache fifo.yaml data/papers.yaml
	assert_contains "$ERR" "fifo.yaml:1:1: empty file"
	[ -p fifo.md ] && [ -p fifo.yaml ] || fail "a FIFO was replaced"
}

# CUT_POINTS FILE STEP: byte offsets to cut FILE at, the whole file aside:
# the end of every STEP-th line, and 24 bytes spread over it.
cut_points() {
	local len
	len=$(wc -c <"$1")
	{
		LC_ALL=C awk -v step="$2" '{ off += length($0) + 1 }
			NR % step == 0 { print off }' "$1"
		seq 0 $((len / 24 + 1)) $((len - 1))
		seq 0 8
	} | awk -v len="$len" '$1 < len' | sort -nu
}

# A dataset or a cache cut short (a copy interrupted, a full disk) is not
# whole: build refuses it, naming it and saying so, and the index stays as
# it was.  (test_store cuts the same files at thousands of places; here
# the real tool runs on a sample, and the files are compared once, after
# all of it.)
test_truncated_dataset_and_cache() {
	setup
	local cut n=0
	for cut in $(cut_points data/papers.yaml 20); do
		head -c "$cut" data/papers.yaml >cut.yaml
		expect_status 2 timeout "$LIMIT" "$LRMINDEX" build --index idx cut.yaml
		assert_contains "$ERR" "cut.yaml:"
		[ "$cut" -lt 7 ] || assert_contains "$ERR" "the dataset is not whole: "
		n=$((n + 1))
	done
	[ "$n" -gt 120 ] || fail "only $n cuts tried"
	# a cache of eight abstracts, written as fetch writes it
	{
		printf 'format: lrmsearch-abstracts/2\nabstracts:\n'
		for i in 1 2 3 4 5 6 7 8; do
			printf -- '- arxiv: "2503.2307%d"\n  title: "Paper %d"\n  abstract: "Reasoning, made shorter: %d."\n  authors:\n  - "A. Author"\n  fetched: "2026-01-01T00:00:00Z"\n' "$i" "$i" "$i"
		done
		printf 'count: 8\n'
	} >cache.yaml
	for cut in $(cut_points cache.yaml 1); do
		head -c "$cut" cache.yaml >cut.yaml
		expect_status 2 timeout "$LIMIT" "$LRMINDEX" build --index idx \
			--cache cut.yaml data/papers.yaml
		assert_contains "$ERR" "cut.yaml:"
		[ "$cut" -lt 7 ] || assert_contains "$ERR" "the abstracts cache is not whole: "
	done
	fingerprint >after
	cmp -s before after || fail "a refused build changed files"
	# whole, both build
	expect_status 0 "$LRMINDEX" build --index idx --cache cache.yaml data/papers.yaml
	assert_contains "$ERR" "(8 abstracts)"
}

search() {
	run "$1" "$LRMSEARCH" --index idx "${@:2}"
}

test_query_unbalanced() {
	setup
	search 2 '"latent reasoning'
	assert_contains "$ERR" "a '\"' without a closing one"
	assert_line "$ERR" '  "latent reasoning'
	assert_line "$ERR" "  ^"
	search 2 '(latent OR implicit'
	assert_contains "$ERR" "a '(' without a closing ')'"
	search 2 'latent ) reasoning'
	assert_contains "$ERR" "')' without a '(' before it"
	assert_line "$ERR" "         ^"
	# brackets inside a phrase are words, not brackets
	search 0 '"latent (reasoning"'
}

test_query_lone_not() {
	setup
	search 2 NOT
	assert_contains "$ERR" "couldn't parse query: Syntax: <expression> NOT <expression>"
	search 2 'latent AND'
}

test_query_10000_terms() {
	setup
	search 2 "$(seq -f 'w%g' 10000 | tr '\n' ' ')"
	assert_contains "$ERR" "10000 words; a query has at most 1000"
	# a thousand is fine, if it matches nothing
	search 1 "$(seq -f 'w%g' 1000 | tr '\n' ' ')"
}

test_query_control_characters() {
	setup
	search 2 $'latent\x01reasoning'
	assert_contains "$ERR" "control character 0x01"
	assert_line "$ERR" "  latent\\x01reasoning"
	assert_line "$ERR" "        ^"
	# tabs and newlines are white space
	search 0 $'latent\treasoning\n'
}

test_query_1mb_argument() {
	setup
	# one argument can be 128 KiB at most (Linux): 1 MB in 16 of them
	chunk=$(head -c 65535 /dev/zero | tr '\0' a)
	args=()
	for _ in $(seq 16); do args+=("$chunk"); done
	search 2 "${args[@]}"
	assert_contains "$ERR" "query too long: 1048575 bytes (at most 65536)"
}

test_query_invalid_utf8() {
	setup
	search 2 $'caf\xe9'
	assert_contains "$ERR" "invalid UTF-8 at byte 3"
}

run_tests "$@"
