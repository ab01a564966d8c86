#!/usr/bin/env bash
# End-to-end tests of a damaged index: a plain `lrmindex build` checks the
# live generation before it copies it, and builds a damaged one anew
# (saying why), so the damage does not survive; lrmsearch meeting the
# damage, at open or in the middle of a search, says the index is damaged
# and how to rebuild it, exit status 2.
# Usage: test_index_damage.sh LRMINDEX LRMSEARCH SOURCE_DIR [TEST...]
LRMINDEX=$1
LRMSEARCH=$2
SRC=$3
shift 3
. "$SRC/tests/lib.sh"

# Under LeakSanitizer: a damaged spelling table makes Xapian's query parser
# leak (see the file).
export LSAN_OPTIONS=${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$SRC/tests/lsan-xapian.supp

QUERIES=('latent reasoning' 'cot' '"chain of thought"' 'title:survey'
	'year:2025' 'compress*' 'reasoning NOT survey' 'latnet')

# The seed list's dataset (157 papers: the bundled corpus would only make
# this slower) indexed in $T/idx and, as a reference, in $T/fresh;
# GEN is idx's generation, N its number of papers.
setup() {
	unset LRM_INDEX NO_COLOR LRM_INDEX_WAIT
	export XDG_CACHE_HOME=$T/cache HOME=$T/home
	cp "$SRC/tests/expected/import-seed.yaml" papers.yaml
	N=$(grep -c '^- id: ' papers.yaml)
	"$LRMINDEX" build -q --index idx papers.yaml || fail "build"
	"$LRMINDEX" build -q --index fresh papers.yaml || fail "build"
	GEN=$(sed -n 's/^auto //p' idx/current)
	[ -f "idx/$GEN/iamglass" ] || fail "no generation in idx"
}

# Every query answers in DIR as in the fresh build (JSON, all results).
same_as_fresh() {
	local q

	for q in "${QUERIES[@]}"; do
		"$LRMSEARCH" --index "$1" --json -n 200 --facets "$q" >a.json 2>&1
		"$LRMSEARCH" --index fresh --json -n 200 --facets "$q" >b.json 2>&1
		cmp -s a.json b.json || {
			diff a.json b.json | head -10 >&2
			fail "'$q' differs between $1 and a fresh build"
		}
	done
}

# flip_docdata DIR: overwrite one byte of DIR's docdata.glass where Xapian
# notices (reading every document fails with Xapian's own error, not
# with a record that does not parse: glass keeps no checksums, so most
# bytes of a record can change unseen).
flip_docdata() {
	local file=$1/docdata.glass size off

	cp "$file" docdata.orig
	size=$(stat -c %s "$file")
	for ((off = 8192 + 11; off < size; off += 61)); do
		printf '\377' | dd of="$file" bs=1 seek=$off conv=notrunc 2>/dev/null
		"$LRMSEARCH" ${2:+--index "$2"} --json -n 1000 "" >/dev/null 2>flip.err
		if grep -q 'Database[A-Za-z]*Error' flip.err; then
			FLIPPED=$off
			return 0
		fi
		cp docdata.orig "$file"
	done
	fail "no byte of $file that Xapian notices"
}

# cut_spelling DIR: cut DIR's spelling.glass short, keeping its root
# block: the index opens and searches, and fails only when a misspelled
# query looks for a better spelling ("EOF reading block N").
cut_spelling() {
	local file=$1/spelling.glass size sz

	cp "$file" spelling.orig
	size=$(stat -c %s "$file")
	for ((sz = size - 8192; sz >= 8192; sz -= 8192)); do
		cp spelling.orig "$file"
		truncate -s $sz "$file"
		"$LRMSEARCH" --index idx --count "" >/dev/null 2>&1 || continue
		"$LRMSEARCH" --index idx latnet >/dev/null 2>&1
		if [ $? -eq 2 ]; then
			CUT=$sz
			return 0
		fi
	done
	fail "no length of $file that opens but fails"
}

test_truncated_spelling() {
	setup
	cut_spelling "idx/$GEN"
	echo "  # spelling.glass cut to $CUT bytes"
	expect_status 2 "$LRMSEARCH" --index idx latnet
	assert_contains "$ERR" "the index idx is damaged ("
	assert_contains "$ERR" "); \`lrmindex build --full --index idx\` rebuilds it"
	expect_status 0 "$LRMINDEX" build --index idx papers.yaml
	assert_contains "$ERR" "the live index idx is damaged ("
	assert_contains "$ERR" "); building it anew"
	assert_contains "$ERR" "indexed $N papers"
	same_as_fresh idx
	# and the next build, with nothing changed, updates it again
	expect_status 0 "$LRMINDEX" build --index idx papers.yaml
	assert_contains "$ERR" "updated idx: 0 of $N papers indexed again"
	same_as_fresh idx
}

test_flipped_docdata_byte() {
	setup
	flip_docdata "idx/$GEN" idx
	echo "  # byte $FLIPPED of docdata.glass"
	expect_status 2 "$LRMSEARCH" --index idx --json -n 1000 ""
	assert_contains "$ERR" "the index idx is damaged ("
	assert_contains "$ERR" "); \`lrmindex build --full --index idx\` rebuilds it"
	expect_status 0 "$LRMINDEX" build --index idx papers.yaml
	assert_contains "$ERR" "the live index idx is damaged ("
	assert_contains "$ERR" "indexed $N papers"
	same_as_fresh idx
	expect_status 0 "$LRMSEARCH" --index idx --json -n 1000 ""
}

# Other tables, cut short or garbled: a plain build repairs them too.
test_other_tables() {
	local table how

	setup
	for table in postlist termlist position docdata spelling; do
		for how in cut garble; do
			rm -rf idx && cp -r fresh idx
			GEN=$(sed -n 's/^auto //p' idx/current)
			if [ $how = cut ]; then
				truncate -s 8192 "idx/$GEN/$table.glass"
			else
				yes "garbage $table" | head -c 8192 |
					dd of="idx/$GEN/$table.glass" bs=8192 seek=0 \
						conv=notrunc 2>/dev/null
			fi
			expect_status 0 "$LRMINDEX" build --index idx papers.yaml
			assert_contains "$ERR" "the live index idx is damaged ("
			same_as_fresh idx
		done
	done
}

# A table deleted outright: Xapian takes a missing docdata, position,
# spelling or synonym table for an empty one (and its check passes), so
# searches would quietly go wrong; lrmsearch says the index is damaged,
# and a plain build repairs it.
test_missing_tables() {
	local table

	setup
	for table in docdata position spelling synonym termlist; do
		rm -rf idx && cp -r fresh idx
		GEN=$(sed -n 's/^auto //p' idx/current)
		rm "idx/$GEN/$table.glass"
		expect_status 2 "$LRMSEARCH" --index idx latent
		assert_contains "$ERR" "the index idx is damaged: its $table table ($table.glass) is missing; \`lrmindex build --full --index idx\` rebuilds it"
		expect_status 0 "$LRMINDEX" build --index idx papers.yaml
		assert_contains "$ERR" "the live index idx is damaged (its $table table ($table.glass) is missing); building it anew"
		same_as_fresh idx
	done
}

# The default index: the message says how to rebuild it, and that works.
test_damaged_default_index() {
	local dir cmd

	setup
	expect_status 0 "$LRMSEARCH" --count latent
	dir=$XDG_CACHE_HOME/lrmsearch/index
	flip_docdata "$dir/$(sed -n 's/^auto //p' "$dir/current")" ""
	unset FLIPPED
	expect_status 2 "$LRMSEARCH" --json -n 1000 ""
	assert_contains "$ERR" "the index $dir is damaged ("
	assert_contains "$ERR" "); rebuild it with \`lrmindex build --full --index $dir "
	cmd=$(sed -n 's/.*rebuild it with `lrmindex \(.*\)`$/\1/p' "$ERR")
	[ -n "$cmd" ] || fail "no command in the message"
	# shellcheck disable=SC2086
	expect_status 0 "$LRMINDEX" $cmd
	expect_status 0 "$LRMSEARCH" --json -n 1000 ""
	[ -s "$ERR" ] && fail "lrmsearch did not take the rebuilt index: $(cat "$ERR")"
	true
}

run_tests "$@"
