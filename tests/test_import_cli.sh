#!/usr/bin/env bash
# End-to-end tests of `lrmindex import` and `lrmindex lint`.
# Usage: test_import_cli.sh LRMINDEX SOURCE_DIR [TEST...]
LRMINDEX=$1
SRC=$2
shift 2
. "$SRC/tests/lib.sh"

NEWEST=$SRC/data/lists/awesome-efficient-inference-for-lrms.md
MARCH=$SRC/data/lists/awesome-efficient-inference-for-lrms.2025-03.md

test_help_and_version() {
	expect_status 0 "$LRMINDEX" --help
	assert_contains "$OUT" "Usage: lrmindex COMMAND"
	assert_contains "$OUT" "import"
	assert_contains "$OUT" "lint"
	expect_status 0 "$LRMINDEX" --version
	assert_contains "$OUT" "lrmindex (lrmsearch) "
	expect_status 0 "$LRMINDEX" import --help
	assert_contains "$OUT" "Usage: lrmindex import"
	expect_status 0 "$LRMINDEX" lint --help
	assert_contains "$OUT" "Usage: lrmindex lint"
}

test_usage_errors() {
	expect_status 2 "$LRMINDEX"
	assert_contains "$ERR" "missing command"
	expect_status 2 "$LRMINDEX" frobnicate
	assert_contains "$ERR" "unknown command 'frobnicate'"
	expect_status 2 "$LRMINDEX" import
	assert_contains "$ERR" "no list given"
	expect_status 2 "$LRMINDEX" import --bogus "$NEWEST"
	assert_contains "$ERR" "unrecognized option '--bogus'"
	expect_status 2 "$LRMINDEX" import "$NEWEST" --output
	assert_contains "$ERR" "requires an argument"
	expect_status 2 "$LRMINDEX" lint
	assert_contains "$ERR" "no list given"
}

# The bundled dataset is exactly what import makes of the bundled list.
test_bundled_dataset_reproduced() {
	expect_status 0 "$LRMINDEX" import --output papers.yaml "$NEWEST"
	assert_contains "$ERR" "157 papers from 173 rows in 1 list"
	assert_same "$SRC/data/papers.yaml" papers.yaml
}

test_default_output_and_determinism() {
	mkdir data
	expect_status 0 "$LRMINDEX" import "$NEWEST" "$MARCH"
	[ -f data/papers.yaml ] || fail "no data/papers.yaml written"
	cp data/papers.yaml first.yaml
	expect_status 0 "$LRMINDEX" import -q "$NEWEST" "$MARCH"
	[ -s "$ERR" ] && fail "--quiet printed: $(cat "$ERR")"
	assert_same first.yaml data/papers.yaml
	# No temporary files are left beside the dataset.
	assert_eq "$(ls data)" "papers.yaml"
}

test_both_snapshots_merge() {
	expect_status 0 "$LRMINDEX" import --output - "$NEWEST" "$MARCH"
	assert_contains "$ERR" "from 258 rows in 2 lists"
	assert_contains "$OUT" 'format: lrmsearch-papers/2'
	# A paper in both lists is one record listing both sources.
	grep -c '^- id:' "$OUT" >count
	[ "$(cat count)" -lt 227 ] || fail "papers of both lists were not merged ($(cat count))"
	assert_contains "$OUT" 'source: "awesome-efficient-inference-for-lrms.2025-03.md"'
}

# A failed import says what is wrong and where, and loses nothing.
test_failed_import_keeps_dataset() {
	cp "$SRC/data/papers.yaml" papers.yaml
	printf '## Papers\n| Time | Title |\n| - | - |\n| 2025.01 | Bad \377 byte |\n' >bad.md
	expect_status 2 "$LRMINDEX" import --output papers.yaml "$NEWEST" bad.md
	assert_contains "$ERR" "bad.md:4:17: invalid UTF-8"
	assert_same "$SRC/data/papers.yaml" papers.yaml
	expect_status 2 "$LRMINDEX" import --output papers.yaml missing.md
	assert_contains "$ERR" "missing.md: No such file or directory"
	assert_same "$SRC/data/papers.yaml" papers.yaml
	expect_status 2 "$LRMINDEX" import --output papers.yaml "$SRC/data"
	assert_contains "$ERR" "is a directory"
	assert_same "$SRC/data/papers.yaml" papers.yaml
	# An output directory that does not exist
	expect_status 2 "$LRMINDEX" import --output nodir/papers.yaml "$NEWEST"
	assert_contains "$ERR" "nodir/papers.yaml"
	[ -e nodir ] && fail "nodir was created"
	assert_eq "$(ls)" "$(printf 'bad.md\npapers.yaml')"
}

# The real problems of the newest snapshot, pinned.
test_lint_newest_snapshot() {
	cp "$NEWEST" list.md
	expect_status 0 "$LRMINDEX" lint list.md
	assert_same "$SRC/tests/expected/lint-newest.txt" "$OUT"
	assert_contains "$ERR" "7 problems"
	expect_status 1 "$LRMINDEX" lint --strict list.md
}

test_lint_march_snapshot() {
	cp "$MARCH" list.md
	expect_status 1 "$LRMINDEX" lint --strict list.md
	assert_same "$SRC/tests/expected/lint-2025-03.txt" "$OUT"
}

test_lint_malformed() {
	cp "$SRC/tests/lists/malformed.md" list.md
	expect_status 1 "$LRMINDEX" lint --strict list.md
	assert_same "$SRC/tests/expected/lint-malformed.txt" "$OUT"
}

test_lint_clean_list() {
	cat >clean.md <<'LIST'
# Clean
## Papers
### Survey
| Time | Title | Venue | Paper | Code |
| ---- | ----- | ----- | ----- | ---- |
| 2025.03 | **A Clean Paper** | arXiv'25 | [link](https://arxiv.org/abs/2503.00001) | [link](https://github.com/a/b) |
| 2025.04 | **Another One** | ICML'25 | [link](https://arxiv.org/abs/2504.00002) | - |
LIST
	expect_status 0 "$LRMINDEX" lint --strict clean.md
	[ -s "$OUT" ] && fail "problems reported: $(cat "$OUT")"
	assert_contains "$ERR" "0 problems"
}

test_lint_unreadable() {
	expect_status 2 "$LRMINDEX" lint missing.md
	assert_contains "$ERR" "missing.md: No such file or directory"
}

run_tests "$@"
