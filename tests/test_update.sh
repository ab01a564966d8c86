#!/usr/bin/env bash
# End-to-end tests of `lrmindex build` updating the live index: only the
# papers that are new, changed or gone are indexed again, and the result
# searches exactly like a full build of the same dataset.
# Usage: test_update.sh LRMINDEX LRMSEARCH SOURCE_DIR [TEST...]
LRMINDEX=$1
LRMSEARCH=$2
SRC=$3
shift 3
. "$SRC/tests/lib.sh"

LIST=$SRC/data/lists/awesome-efficient-inference-for-lrms.md

# The bundled list imported as a.yaml and indexed in $T/idx; b.yaml is the
# same list with one paper renamed (KaVa -> Wombat: a new id, the old one
# gone), one paper's venue changed (CODI: same id, new record) and one row
# deleted (Coconut, arXiv 2412.06769).
setup() {
	unset LRM_INDEX NO_COLOR
	export XDG_CACHE_HOME=$T/cache HOME=$T/home
	# the same file name: it is each listing's source
	mkdir b
	sed -e 's/\*\*KaVa:/**Wombat:/' \
	    -e '/2502\.21074/s/arXiv'"'"'25/ICML'"'"'25/' \
	    -e '/2412\.06769/d' "$LIST" >b/"${LIST##*/}"
	[ "$(grep -c Wombat b/*.md)" = 1 ] || fail "sed did not rename KaVa"
	grep -q "ICML'25.*2502.21074" b/*.md ||
		fail "sed did not change CODI's venue"
	! grep -q 2412.06769 b/*.md || fail "sed did not delete the row"
	"$LRMINDEX" import -q -o a.yaml "$LIST" || fail "import a"
	"$LRMINDEX" import -q -o b.yaml b/*.md || fail "import b"
	"$LRMINDEX" build --index idx a.yaml 2>build.err || fail "build a"
	grep -q "indexed" build.err || fail "the first build was not a full one"
}

search() {
	"$LRMSEARCH" --index idx "$@"
}

ids() {
	grep -o '"id": "[^"]*"' "$OUT" | sed 's/"id": "//; s/"$//' | tr '\n' ' '
}

n_papers() {
	grep -c '^- id:' "$1"
}

test_update_indexes_only_what_changed() {
	setup
	expect_status 0 "$LRMINDEX" build --index idx b.yaml
	assert_contains "$ERR" "updated idx: 2 of $(n_papers b.yaml) papers indexed again, 2 removed"
	# the renamed paper under its new name only
	expect_status 0 search --json wombat
	assert_contains "$OUT" '"title": "Wombat: Latent Reasoning via Compressed KV-Cache Distillation"'
	expect_status 1 search kava
	# the changed record
	expect_status 0 search --json 'id:2502.21074'
	assert_contains "$OUT" '"venue": "ICML'"'"'25"'
	expect_status 1 search 'id:2502.21074' 'venue:arxiv'
	# the deleted one is gone
	expect_status 1 search 'id:2412.06769'
	# one generation: the stub names it, the previous one is kept
	[ "$(ls -d idx/gen-* | wc -l)" = 2 ] || fail "expected 2 generations: $(ls idx)"
}

# Every query finds the same papers, in the same order, with the same
# scores, snippets and counts as in a full build of the same dataset.
test_update_searches_like_a_full_build() {
	setup
	expect_status 0 "$LRMINDEX" build --index idx b.yaml
	expect_status 0 "$LRMINDEX" build --full --index full b.yaml
	assert_contains "$ERR" "indexed $(n_papers b.yaml) papers"
	for q in 'latent reasoning' 'wombat' '"chain of thought"' 'cot' \
		'kv cache' 'title:survey' 'venue:icml' 'year:2025' \
		'section:latent' 'compress*' 'reasoning NOT survey' 'llm'; do
		for sort in relevance date; do
			"$LRMSEARCH" --index idx --json -n 200 --facets \
				--sort $sort "$q" >u.json 2>&1
			"$LRMSEARCH" --index full --json -n 200 --facets \
				--sort $sort "$q" >f.json 2>&1
			cmp -s u.json f.json || {
				diff u.json f.json | head -20 >&2
				fail "'$q' (--sort $sort) differs between the update and a full build"
			}
		done
	done
}

# A live index that cannot be read is no reason to fail: a full build
# does not need it.
test_update_damaged_live_index() {
	setup
	gen=$(sed -n 's/^auto //p' idx/current)
	[ -n "$gen" ] && [ -f "idx/$gen/postlist.glass" ] || fail "no generation"
	: >"idx/$gen/postlist.glass"
	expect_status 0 "$LRMINDEX" build --index idx b.yaml
	assert_contains "$ERR" "indexed $(n_papers b.yaml) papers"
	expect_status 0 search --json wombat
	assert_contains "$OUT" '"total": 1'
}

# The same paper id in two datasets: the last record wins, in an update
# as in a full build (with shards, too), and the next update finds nothing
# to do.
test_update_duplicate_ids() {
	setup
	n=$(( $(n_papers b.yaml) + 2 )) # + KaVa and Coconut, only in a.yaml
	expect_status 0 "$LRMINDEX" build --index idx a.yaml b.yaml
	assert_contains "$ERR" "updated idx: 2 of $n papers indexed again, 0 removed"
	expect_status 0 "$LRMINDEX" build --index idx a.yaml b.yaml
	assert_contains "$ERR" "updated idx: 0 of $n papers indexed again, 0 removed"
	expect_status 0 search --json 'id:2502.21074'
	assert_contains "$OUT" '"total": 1'
	assert_contains "$OUT" '"venue": "ICML'"'"'25"'
	expect_status 0 "$LRMINDEX" build --full --index idx a.yaml b.yaml
	assert_contains "$ERR" "indexed $n papers"
	expect_status 0 search --json 'id:2502.21074'
	assert_contains "$OUT" '"venue": "ICML'"'"'25"'
}

# Words of papers changed or gone leave the spelling data; new ones join.
test_update_spelling() {
	setup
	expect_status 1 search --no-correct kavva
	assert_contains "$OUT" "Did you mean: kava"
	expect_status 0 "$LRMINDEX" build --index idx b.yaml
	expect_status 1 search --no-correct kavva
	assert_not_contains "$OUT" "kava"
	expect_status 1 search --no-correct wombta
	assert_contains "$OUT" "Did you mean: wombat"
}

test_update_nothing_changed() {
	setup
	expect_status 0 "$LRMINDEX" build --index idx a.yaml
	assert_contains "$ERR" "updated idx: 0 of $(n_papers a.yaml) papers indexed again, 0 removed"
	expect_status 0 search --count latent
}

# A full build instead: when asked, when the synonym table changed, and
# when more than a quarter of the papers changed.
test_full_build_when_needed() {
	setup
	expect_status 0 "$LRMINDEX" build --full --index idx b.yaml
	assert_contains "$ERR" "indexed $(n_papers b.yaml) papers"
	cp "$SRC/data/synonyms.txt" syn.txt
	echo "wmb = wide model bench" >>syn.txt
	expect_status 0 "$LRMINDEX" build --synonyms syn.txt --index idx b.yaml
	assert_contains "$ERR" "indexed $(n_papers b.yaml) papers"
	"$LRMINDEX" import -q -o small.yaml "$SRC/tests/lists/small.md" ||
		fail "import small"
	expect_status 0 "$LRMINDEX" build --synonyms syn.txt --index idx small.yaml
	assert_contains "$ERR" "indexed $(n_papers small.yaml) papers"
	expect_status 0 search --count latent
}

run_tests "$@"
