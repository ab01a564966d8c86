#!/usr/bin/env bash
# End-to-end tests of what lrmsearch and lrmindex open as an index: only
# the generation that a "current" written by lrmindex names, as a glass
# database.  A planted "current" (remote programs, paths elsewhere, other
# backends, a FIFO) is refused with a sentence and runs nothing; what is no
# index at all (a missing path, a file, a directory of something else, an
# empty "current") is told apart, with what to do.
# Usage: test_index_open.sh LRMINDEX LRMSEARCH SOURCE_DIR [TEST...]
LRMINDEX=$1
LRMSEARCH=$2
SRC=$3
shift 3
. "$SRC/tests/lib.sh"

# An index of tests/lists/small.md in $T/idx; GEN is its generation.
setup() {
	unset LRM_INDEX NO_COLOR LRM_INDEX_WAIT
	export XDG_CACHE_HOME=$T/cache HOME=$T/home
	"$LRMINDEX" import -q -o small.yaml "$SRC/tests/lists/small.md" || fail "import"
	"$LRMINDEX" build -q --index idx small.yaml || fail "build"
	GEN=$(sed -n 's/^auto //p' idx/current)
	[ -f "idx/$GEN/iamglass" ] || fail "no generation in idx"
}

# planted DIR: a copy of the real index whose "current" is standard input.
planted() {
	rm -rf "$1"
	cp -r idx "$1"
	cat >"$1/current"
}

# refused DIR TEXT: lrmsearch refuses DIR, given by --index and by
# LRM_INDEX, with a message that holds TEXT; nothing was run.
refused() {
	timeout 10 "$LRMSEARCH" --index "$1" latent >/dev/null 2>&1 </dev/null
	LRM_INDEX=$1 timeout 10 "$LRMSEARCH" latent >/dev/null 2>&1 </dev/null
	[ -e pwned ] && fail "a program named in $1 was run"
	expect_status 2 timeout 10 "$LRMSEARCH" --index "$1" latent
	assert_contains "$ERR" "$2"
	assert_not_contains "$ERR" "NetworkError"
	LRM_INDEX=$1 expect_status 2 timeout 10 "$LRMSEARCH" latent
	assert_contains "$ERR" "$2"
}

test_planted_stub_runs_nothing() {
	local stub

	setup
	for stub in "remote :touch $T/pwned" \
		"remote :sh -c 'touch $T/pwned'" \
		"auto $GEN
remote :touch $T/pwned" \
		"auto /etc" "auto ../x" "auto $T/idx/$GEN" "auto $GEN/../$GEN" \
		"tcp localhost 1" "inmemory" "chert $GEN" "glass $GEN" \
		"auto $GEN
auto $GEN"; do
		printf '%s\n' "$stub" | planted p
		refused p "cannot open the index p: p/current was not written by lrmindex"
		assert_contains "$ERR" "lrmindex build --full --index p"
	done
	# a stub within the stub: a generation that is a stub directory
	planted p <<<"auto gen-1-2-3"
	mkdir p/gen-1-2-3
	echo "remote :touch $T/pwned" >p/gen-1-2-3/XAPIANDB
	refused p "the index p is damaged: p/current names gen-1-2-3, which is missing or is no glass database"
	# or a chert database, or a symbolic link to one somewhere else
	rm -rf p/gen-1-2-3 && mkdir p/gen-1-2-3 && touch p/gen-1-2-3/iamchert
	refused p "which is missing or is no glass database"
	rm -rf p/gen-1-2-3 && mkdir stubdir &&
		echo "remote :touch $T/pwned" >stubdir/XAPIANDB &&
		ln -s "$T/stubdir" p/gen-1-2-3
	refused p "gen-1-2-3 is a symbolic link, not a directory"
	# a FIFO, which the old reader blocked on
	rm -f p/current && mkfifo p/current
	refused p "was not written by lrmindex (it is not a regular file)"
	# the real index still opens
	expect_status 0 "$LRMSEARCH" --index idx --count latent
}

# lrmindex does not open what a planted "current" names either: it
# builds the index anew, and runs nothing.
test_build_over_planted_stub() {
	setup
	planted p <<<"auto gen-1-2-3"
	mkdir p/gen-1-2-3
	echo "remote :touch $T/pwned" >p/gen-1-2-3/XAPIANDB
	expect_status 0 "$LRMINDEX" build --index p small.yaml
	assert_contains "$ERR" "indexed 8 papers"
	[ -e pwned ] && fail "lrmindex ran the program named in p/gen-1-2-3/XAPIANDB"
	printf 'remote :touch %s\n' "$T/pwned" | planted q
	expect_status 0 "$LRMINDEX" build --index q small.yaml
	[ -e pwned ] && fail "lrmindex ran the program named in q/current"
	for d in p q; do
		expect_status 0 "$LRMSEARCH" --index $d --count latent
		assert_eq "$(cat "$OUT")" 3 "latent in $d"
		# what was planted goes with the next build (the generation
		# it named is kept once, as the previous one)
		expect_status 0 "$LRMINDEX" build --index $d small.yaml
		[ -e $d/gen-1-2-3 ] && fail "$d/gen-1-2-3 was kept"
		assert_eq "$(ls $d | grep -c '^gen-')" 2 "generations in $d"
	done
}

# What lrmindex writes is still a Xapian stub that Xapian's own tools read,
# with the previous generation as a comment.
test_quest_reads_the_index() {
	setup
	expect_status 0 "$LRMINDEX" build --full --index idx small.yaml
	assert_eq "$(grep -c '^auto gen-' idx/current)" 1 "auto lines"
	assert_eq "$(grep -c "^# previous $GEN\$" idx/current)" 1 "previous line"
	command -v quest >/dev/null ||
		fail "quest is not installed (apt-get install xapian-tools)"
	expect_status 0 quest -d idx/current latent
	assert_contains "$OUT" "MSet:"
	assert_not_contains "$OUT" "Between 0 and 0"
}

test_not_an_index() {
	setup
	expect_status 2 "$LRMSEARCH" --index nowhere latent
	assert_contains "$ERR" "cannot open the index nowhere: there is no such file or directory; \`lrmindex build --index nowhere [DATASET]\` builds an index there"
	echo hello >file.txt
	expect_status 2 "$LRMSEARCH" --index file.txt latent
	assert_contains "$ERR" "cannot open the index file.txt: it is a file, and an index is a directory"
	mkdir empty
	expect_status 2 "$LRMSEARCH" --index empty latent
	assert_contains "$ERR" "cannot open the index empty: it is an empty directory, where no index has been built; \`lrmindex build --index empty [DATASET]\` builds one"
	mkdir other && echo keep >other/notes.txt
	LRM_INDEX=other expect_status 2 "$LRMSEARCH" latent
	assert_contains "$ERR" "cannot open the index other: it is a directory but no lrmsearch index (it has no \"current\" file"
	: | planted blank
	expect_status 2 "$LRMSEARCH" --index blank latent
	assert_contains "$ERR" "the index blank is damaged: its \"current\" file is empty; \`lrmindex build --full --index blank\` rebuilds it"
	planted gone <<<"auto gen-1-2-3"
	expect_status 2 "$LRMSEARCH" --index gone latent
	assert_contains "$ERR" "the index gone is damaged: gone/current names gen-1-2-3, which is missing"
	# Xapian's class names are not what a user reads
	for f in nowhere file.txt empty other blank gone; do
		expect_status 2 "$LRMSEARCH" --index $f latent
		assert_not_contains "$ERR" "Error:"
	done
	# a generation on its own is a glass database, and opens
	expect_status 0 "$LRMSEARCH" --index "idx/$GEN" --count latent
	assert_eq "$(cat "$OUT")" 3
}

# A ".lock" planted as a link is never followed (the build writes its pid
# into the lock file): the file it names is neither changed nor created;
# a FIFO as the lock is refused at once.
test_planted_lock() {
	setup
	printf 'precious\n' >victim
	ln -s ../victim idx/.lock 2>/dev/null || { rm -f idx/.lock && ln -s ../victim idx/.lock; }
	expect_status 2 timeout 10 "$LRMINDEX" build --index idx small.yaml
	assert_contains "$ERR" "idx/.lock is a symbolic link, not the lock file lrmindex makes; remove it"
	assert_eq "$(cat victim)" precious
	rm idx/.lock
	ln -s ../created idx/.lock
	expect_status 2 timeout 10 "$LRMINDEX" build --index idx small.yaml
	[ -e created ] && fail "a dangling .lock link created its target"
	rm idx/.lock
	mkfifo idx/.lock
	expect_status 2 timeout 10 "$LRMINDEX" build --index idx small.yaml
	assert_contains "$ERR" "idx/.lock is a FIFO, not the lock file lrmindex makes"
	rm idx/.lock
	expect_status 0 "$LRMINDEX" build --index idx small.yaml
}

# The lock held by something that wrote no pid of its own: the pid left
# in the file by an earlier build is dead, and is not named.
test_lock_holder_named_only_when_alive() {
	local dead=999999 pid

	setup
	while kill -0 $dead 2>/dev/null; do dead=$((dead - 1)); done
	echo $dead >idx/.lock
	flock idx/.lock sleep 30 &
	pid=$!
	for _ in $(seq 100); do
		flock -n idx/.lock true 2>/dev/null || break
		sleep 0.05
	done
	expect_status 2 "$LRMINDEX" build --no-wait --index idx small.yaml
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	assert_contains "$ERR" "another process is building the index idx; not waiting for it to finish"
	assert_not_contains "$ERR" "pid $dead"
}

# A generation holding something lrmindex never makes: a FIFO would hang
# Xapian's open() for ever, a link lead elsewhere.  lrmsearch refuses it
# at once; a plain build takes it for damage and builds anew.
test_generation_holds_odd_files() {
	setup
	mkdir -p fifo/gen-1-1-1
	mkfifo fifo/gen-1-1-1/iamglass
	echo 'auto gen-1-1-1' >fifo/current
	expect_status 2 timeout 10 "$LRMSEARCH" --index fifo latent
	assert_contains "$ERR" "the index fifo is damaged: gen-1-1-1/iamglass is a FIFO, which lrmindex never makes"
	# a plain glass directory too
	mkdir bare
	mkfifo bare/iamglass
	expect_status 2 timeout 10 "$LRMSEARCH" --index bare latent
	assert_contains "$ERR" "iamglass is a FIFO"
	# a real generation with a table replaced by a FIFO
	rm -rf odd && cp -r idx odd
	rm "odd/$GEN/postlist.glass"
	mkfifo "odd/$GEN/postlist.glass"
	expect_status 2 timeout 10 "$LRMSEARCH" --index odd latent
	assert_contains "$ERR" "postlist.glass is a FIFO"
	expect_status 0 timeout 30 "$LRMINDEX" build --index odd small.yaml
	assert_contains "$ERR" "the live index odd is damaged ($GEN/postlist.glass is a FIFO, which lrmindex never makes); building it anew"
	expect_status 0 "$LRMSEARCH" --index odd --count latent
	assert_eq "$(cat "$OUT")" 3
	# a generation that is a link to a database elsewhere
	"$LRMINDEX" build -q --index other small.yaml || fail "build"
	mkdir linked
	ln -s "$T/other/$(sed -n 's/^auto //p' other/current)" linked/gen-1-1-1
	echo 'auto gen-1-1-1' >linked/current
	expect_status 2 "$LRMSEARCH" --index linked latent
	assert_contains "$ERR" "gen-1-1-1 is a symbolic link, not a directory"
}

# A directory of the user's that merely has names starting with "gen-" is
# no index: refused, and nothing in it is removed.
test_user_directory_left_alone() {
	setup
	mkdir -p notes/gen-drafts
	echo thesis >notes/gen-drafts/t.tex
	echo x >notes/gen-notes.txt
	expect_status 2 "$LRMINDEX" build --index notes small.yaml
	assert_contains "$ERR" "notes: not an lrmsearch index directory (it holds other files)"
	assert_eq "$(cat notes/gen-drafts/t.tex)" thesis
	assert_eq "$(cat notes/gen-notes.txt)" x
	# and what is no directory says so
	echo x >afile
	expect_status 2 "$LRMINDEX" build --index afile small.yaml
	assert_contains "$ERR" "afile: is a regular file, and an index is a directory"
	expect_status 2 "$LRMINDEX" build --index afile/sub small.yaml
	assert_contains "$ERR" "afile/sub: a part of the path is a file, not a directory"
	expect_status 2 "$LRMINDEX" build --index '' small.yaml
	assert_contains "$ERR" "no index directory given"
}

# An index of another version (another index format, or none: a Xapian
# database lrmindex did not build) is not read: lrmsearch says how to
# build it anew, and the default index is simply rebuilt.
test_other_format() {
	setup
	command -v xapian-metadata >/dev/null ||
		fail "xapian-metadata is not installed (apt-get install xapian-tools)"
	xapian-metadata set "idx/$GEN" lrm.format 4 || fail "xapian-metadata"
	expect_status 2 "$LRMSEARCH" --index idx latent
	assert_contains "$ERR" "cannot search the index idx: it has index format 4 (another version of lrmindex), and this version reads index format "
	assert_contains "$ERR" "\`lrmindex build --full --index idx\` builds it anew"
	expect_status 0 "$LRMINDEX" build --index idx small.yaml
	assert_contains "$ERR" "indexed 8 papers"
	expect_status 0 "$LRMSEARCH" --index idx --count latent
	xapian-metadata set "idx/$(sed -n 's/^auto //p' idx/current)" lrm.format "" ||
		fail "xapian-metadata"
	expect_status 2 "$LRMSEARCH" --index idx latent
	assert_contains "$ERR" "it is not one lrmindex built"
	# the default index: rebuilt, as when the dataset changes
	expect_status 0 "$LRMSEARCH" --count latent
	def=$XDG_CACHE_HOME/lrmsearch/index
	xapian-metadata set "$def/$(sed -n 's/^auto //p' "$def/current")" lrm.format 4 ||
		fail "xapian-metadata"
	expect_status 0 "$LRMSEARCH" --count latent
	assert_contains "$ERR" "building the index"
}

# `lrmindex build data-link.yaml`, the link pointing elsewhere: the
# abstracts are those beside the dataset itself.
test_symlinked_dataset() {
	setup
	mkdir real elsewhere
	cp small.yaml real/papers.yaml
	cat >real/abstracts.yaml <<-'EOF'
	format: lrmsearch-abstracts/2
	abstracts:
	- arxiv: "2510.02312"
	  abstract: "Zanzibarite reasoning, kept in the cache."
	  fetched: "2025-10-01T00:00:00Z"
	count: 1
	EOF
	ln -s "$T/real/papers.yaml" elsewhere/data-link.yaml
	expect_status 0 "$LRMINDEX" build --index linked elsewhere/data-link.yaml
	assert_contains "$ERR" "indexed 8 papers (1 abstracts)"
	expect_status 0 "$LRMSEARCH" --index linked --count zanzibarite
	assert_eq "$(cat "$OUT")" 1
}

run_tests "$@"
