#!/usr/bin/env bash
# End-to-end tests of `lrmindex import` and `lrmindex lint`.
# Usage: test_import_cli.sh LRMINDEX SOURCE_DIR [TEST...]
LRMINDEX=$1
SRC=$2
shift 2
. "$SRC/tests/lib.sh"

NEWEST=$SRC/data/lists/awesome-efficient-inference-for-lrms.md
MARCH=$SRC/data/lists/awesome-efficient-inference-for-lrms.2025-03.md

# New papers are dated by SOURCE_DATE_EPOCH (2025-12-01), so that two
# imports on either side of midnight agree; test_added_from_the_clock
# unsets it.
export SOURCE_DATE_EPOCH=1764547200
DAY=2025-12-01

# without_added FILE: FILE less its papers' 'added' lines, each of which
# must be exactly DAY's.
without_added() {
	[ "$(grep -c '^  added: ' "$1")" = "$(grep -c '^- id: ' "$1")" ] ||
		fail "$1: not one 'added' per paper"
	[ "$(grep -c "^  added: \"$DAY\"\$" "$1")" = "$(grep -c '^  added: ' "$1")" ] ||
		fail "$1: an 'added' day other than $DAY"
	grep -v '^  added: ' "$1"
}

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
	# data/papers.yaml is the import of the manifest's lists, each paper
	# keeping the day the dataset it replaces gives it
	expect_status 0 "$LRMINDEX" import --manifest "$SRC/data/lists.yaml" \
		--previous "$SRC/data/papers.yaml" --output papers.yaml
	assert_contains "$ERR" "$(grep -c '^- id: ' "$SRC/data/papers.yaml") papers from 1146 rows in 4 lists"
	assert_contains "$ERR" "0 new papers"
	assert_same "$SRC/data/papers.yaml" papers.yaml
	# and without the previous dataset, the same papers, all new today
	expect_status 0 "$LRMINDEX" import --manifest "$SRC/data/lists.yaml" -o fresh.yaml
	without_added fresh.yaml >stripped.yaml
	grep -v '^  added: ' "$SRC/data/papers.yaml" >bundled.yaml
	assert_same bundled.yaml stripped.yaml
	# the seed list alone gives what it gave before the readers
	expect_status 0 "$LRMINDEX" import --output seed.yaml "$NEWEST"
	assert_contains "$ERR" "157 papers from 173 rows in 1 list"
	assert_same "$SRC/tests/expected/import-seed.yaml" seed.yaml
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

# import -o FILE replaces FILE only when it is a dataset (or empty, or
# new): a list, a README, another store's file, a directory, a FIFO or a
# device stay exactly as they were, and the message says what to do.
test_output_refuses_what_is_not_a_dataset() {
	local list=$SRC/tests/lists/small.md f
	cp "$list" mylist.md
	cp "$SRC/README.md" README.md
	printf 'format: lrmsearch-abstracts/2\nabstracts: []\ncount: 0\n' >abstracts.yaml
	mkdir adir
	mkfifo fifo
	for f in mylist.md README.md abstracts.yaml; do
		cp "$f" "$f.before"
		expect_status 2 "$LRMINDEX" import -o "$f" mylist.md
		assert_contains "$ERR" "lrmindex import: $f: will not replace this with a dataset: "
		assert_contains "$ERR" "give the name of a dataset or of a new file"
		assert_same "$f.before" "$f"
	done
	assert_contains "$ERR" 'its format is "lrmsearch-abstracts/2", not "lrmsearch-papers/..."'
	# the classic slip: the list given as its own output
	expect_status 2 "$LRMINDEX" import -o mylist.md mylist.md
	assert_contains "$ERR" "mylist.md: will not replace this with a dataset: it does not start with 'format: lrmsearch-papers/...'"
	assert_same "$list" mylist.md
	expect_status 2 "$LRMINDEX" import -o adir mylist.md
	assert_contains "$ERR" "adir: will not replace this with a dataset: it is a directory"
	[ -d adir ] && [ -z "$(ls adir)" ] || fail "adir changed"
	# a FIFO is never opened, so nothing waits for a writer
	expect_status 2 timeout 20 "$LRMINDEX" import -o fifo mylist.md
	assert_contains "$ERR" "fifo: will not replace this with a dataset: it is a FIFO"
	[ -p fifo ] || fail "the FIFO was replaced"
	# a link to a list: judged by its target, both left alone
	ln -s mylist.md link.md
	expect_status 2 "$LRMINDEX" import -o link.md mylist.md
	assert_contains "$ERR" "link.md (a link to mylist.md): will not replace this"
	[ -L link.md ] || fail "the link was replaced"
	assert_same "$list" mylist.md
	if [ "$(id -u)" -eq 0 ]; then
		# a device node, as /dev/null is (the real one is not risked)
		mknod null c 1 3
		expect_status 2 "$LRMINDEX" import -o null mylist.md
		assert_contains "$ERR" "null: will not replace this with a dataset: it is a character device"
		[ -c null ] || fail "the device node was replaced"
		rm null
	else
		echo "  SKIP: a device node as the output (needs root)"
	fi
	# nothing left behind
	assert_eq "$(ls | sort | tr '\n' ' ')" "README.md README.md.before abstracts.yaml abstracts.yaml.before adir fifo link.md mylist.md mylist.md.before "
}

# A dataset of ours, an empty file and a new one are written; a link
# stays a link and its target gets the dataset with its own permissions.
test_output_follows_links_and_keeps_modes() {
	local list=$SRC/tests/lists/small.md
	umask 022
	expect_status 0 "$LRMINDEX" import -o new.yaml "$list"
	[ "$(stat -c %a new.yaml)" = 644 ] || fail "a new dataset is $(stat -c %a new.yaml), not 644"
	"$LRMINDEX" import -q -o want.yaml "$list" || fail "import"
	# an older dataset of ours is replaced
	printf 'format: lrmsearch-papers/1\npapers: []\n' >old.yaml
	expect_status 0 "$LRMINDEX" import -o old.yaml "$list"
	assert_same want.yaml old.yaml
	: >empty.yaml
	expect_status 0 "$LRMINDEX" import -o empty.yaml "$list"
	assert_same want.yaml empty.yaml
	# permissions are kept, whatever the umask
	cp "$SRC/tests/expected/import-seed.yaml" private.yaml
	chmod 600 private.yaml
	expect_status 0 "$LRMINDEX" import -o private.yaml "$list"
	assert_same want.yaml private.yaml
	assert_eq "$(stat -c %a private.yaml)" 600 "mode of a 0600 dataset"
	chmod 640 private.yaml
	umask 077
	expect_status 0 "$LRMINDEX" import -o private.yaml "$SRC/data/lists/awesome-efficient-inference-for-lrms.md"
	assert_eq "$(stat -c %a private.yaml)" 640 "mode of a 0640 dataset"
	assert_same "$SRC/tests/expected/import-seed.yaml" private.yaml
	umask 027
	expect_status 0 "$LRMINDEX" import -o umask.yaml "$list"
	assert_eq "$(stat -c %a umask.yaml)" 640 "mode of a new dataset under umask 027"
	umask 022
	# a link (and a chain of them, one relative to its own directory)
	mkdir real links
	cp "$SRC/tests/expected/import-seed.yaml" real/papers.yaml
	chmod 640 real/papers.yaml
	ln -s ../real/papers.yaml links/one.yaml
	ln -s links/one.yaml two.yaml
	expect_status 0 "$LRMINDEX" import -o two.yaml "$list"
	[ -L two.yaml ] && [ -L links/one.yaml ] || fail "a link was replaced"
	assert_eq "$(readlink two.yaml)" links/one.yaml
	assert_eq "$(readlink links/one.yaml)" ../real/papers.yaml
	assert_same want.yaml real/papers.yaml
	assert_eq "$(stat -c %a real/papers.yaml)" 640 "mode of a linked dataset"
	assert_eq "$(ls real)" papers.yaml
	assert_eq "$(ls links)" one.yaml
	# a dangling link: its target is created, as the shell's '>' would
	ln -s real/later.yaml dangling.yaml
	expect_status 0 "$LRMINDEX" import -o dangling.yaml "$list"
	[ -L dangling.yaml ] || fail "the dangling link was replaced"
	assert_same want.yaml real/later.yaml
	# a loop is an error, and names the link
	ln -s loop-b loop-a
	ln -s loop-a loop-b
	expect_status 2 "$LRMINDEX" import -o loop-a "$list"
	assert_contains "$ERR" "loop-a: more than 40 symbolic links in a row (a loop?)"
	# a dangling link into a directory that is not there: the message
	# names the link as well as where it leads
	ln -s nowhere/new.yaml lost.yaml
	expect_status 2 "$LRMINDEX" import -o lost.yaml "$list"
	assert_contains "$ERR" "lost.yaml (a link): nowhere/new.yaml: cannot create a temporary file"
	# /dev/stdout leads to a pipe, which no path names: refused, with
	# the way to write to standard output
	"$LRMINDEX" import -o /dev/stdout "$list" 2>pipe.err | cat >pipe.out
	assert_eq "${PIPESTATUS[0]}" 2 "import -o /dev/stdout into a pipe"
	assert_contains pipe.err "/dev/stdout: will not replace this with a dataset: it is a FIFO"
	assert_eq "$(wc -c <pipe.out)" 0
	# a name as long as a file name may be (255 bytes) is written too
	long=$(printf 'x%.0s' $(seq 250)).yaml
	expect_status 0 "$LRMINDEX" import -o "$long" "$list"
	assert_same want.yaml "$long"
	rm "$long" pipe.err pipe.out
}

# A list's file name goes into the dataset (each listing's source)
# without its control characters, and is shown escaped.
test_control_characters_in_the_file_name() {
	local name=$'evil\e]0;pwned\a\xe2\x80\xae.md'
	cp "$SRC/tests/lists/small.md" "$name"
	expect_status 0 "$LRMINDEX" import -o papers.yaml "$name"
	grep -q 'source: "evil\]0;pwned.md"' papers.yaml || { grep source papers.yaml | head -3 >&2; fail "the source keeps its control characters"; }
	if LC_ALL=C grep -qP '[\x00-\x09\x0b-\x1f]|\xe2\x80\xae' papers.yaml "$ERR"; then
		fail "a control character reached the dataset or the terminal"
	fi
	# lint names the file in every problem: escaped
	printf '| 2025.01 | a row of two cells |\n' >>"$name"
	expect_status 1 "$LRMINDEX" lint --strict "$name"
	cat "$OUT" "$ERR" >lint.all
	assert_contains lint.all 'evil\x1b]0;pwned\x07\u202e.md:'
	if LC_ALL=C grep -qP '[\x00-\x09\x0b-\x1f]|\xe2\x80\xae' "$OUT" "$ERR"; then
		fail "lint printed a control character"
	fi
}

# The temporary file is made 0600 and given its mode before anything is
# written: another user who opened it in between would keep reading it.
test_output_never_readable_before_its_mode() {
	local list=$SRC/tests/lists/small.md
	command -v strace >/dev/null || fail "strace is not installed (apt-get install strace)"
	cp "$SRC/data/papers.yaml" private.yaml
	chmod 600 private.yaml
	umask 022
	# (LeakSanitizer cannot run under ptrace: no leak check here)
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 strace -f -e trace=openat,fchmod,write -o trace \
		"$LRMINDEX" import -q -o private.yaml "$list" ||
		fail "import under strace"
	assert_eq "$(stat -c %a private.yaml)" 600
	grep -E 'openat\(.*private\.yaml\.tmp\.[A-Za-z0-9]{6}", .*O_CREAT.*, 0600\)' trace >/dev/null ||
		{ grep tmp trace >&2; fail "the temporary file was not created 0600"; }
	# its mode is set before the first write to it
	awk '/private\.yaml\.tmp\./ && /openat/ { fd = $NF } \
	     fd != "" && /fchmod\(/ && !seen_write { chmod = 1 } \
	     fd != "" && /^[0-9]+ +write\(/ && $0 ~ "write\\(" fd "," { seen_write = 1; if (!chmod) bad = 1 } \
	     END { exit bad || !chmod }' trace ||
		{ cat trace >&2; fail "the mode was set after writing"; }
}

# Terminal escapes in a list (set the window title, clear the screen, a
# bidi override, a zero-width space, a C1 CSI) in a title, a venue, a
# heading and a link: import removes them all, lint shows each at its
# line and column, and nothing either prints holds the raw bytes.
test_control_characters_removed() {
	local osc=$'\e]0;pwned\a' clear=$'\e[2J' rlo=$'\xe2\x80\xae' zwsp=$'\xe2\x80\x8b' csi=$'\xc2\x9b'
	local bad=$'\e|\a|\xe2\x80\xae|\xe2\x80\x8b|\xc2\x9b' f
	# columns count characters (checked against Python's
	# unicodedata.category() over the same file: Cc and Cf)
	{
		printf '# A list\n## Papers\n'
		printf '### Latent%s CoT%s\n' "$clear" "$rlo"
		printf '| Time | Title | Venue | Paper | Code |\n| - | - | - | - | - |\n'
		printf '| 2025.03 | **Safe%s Title%s%s%s%s** | arXiv%s%s%s%s%s'"'"'25 | [link](https://arxiv.org/abs/2503.00001%s) | - |\n' \
			"$osc" "$clear" "$rlo" "$zwsp" "$csi" "$osc" "$clear" "$rlo" "$zwsp" "$csi" "$zwsp"
		printf '### %sHidden%s\n' "$zwsp" "$csi"
		printf '| Time | Title | Venue | Paper | Code |\n| - | - | - | - | - |\n'
		printf '| 2025.04 | Another | ICML%s'"'"'25 | - | - |\n' "$osc"
	} >bad.md
	expect_status 0 "$LRMINDEX" import -o papers.yaml bad.md
	cp "$OUT" import.out
	cp "$ERR" import.err
	expect_status 0 "$LRMINDEX" import -o - bad.md
	cp "$OUT" stdout.yaml
	assert_same papers.yaml stdout.yaml
	# none of them in the dataset, raw or as YAML escapes
	for f in papers.yaml import.out import.err; do
		! grep -qP "$bad" "$f" || fail "$f holds a control character: $(grep -P "$bad" "$f" | od -c | head)"
	done
	! grep -qiE '\\(e|a|x1b|x07|u202e|u200b|x9b|N|_)' papers.yaml || fail "papers.yaml holds an escaped control character"
	assert_contains papers.yaml 'title: "Safe]0;pwned Title[2J"'
	assert_contains papers.yaml 'venue: "arXiv]0;pwned[2J'"'"'25"'
	assert_contains papers.yaml 'section: "Latent[2J CoT"'
	assert_contains papers.yaml 'section: "Hidden"'
	assert_contains papers.yaml 'paper: "https://arxiv.org/abs/2503.00001"'
	assert_contains papers.yaml 'arxiv: "2503.00001"'
	# lint: one problem per character, at its column; --strict fails
	expect_status 0 "$LRMINDEX" lint bad.md
	! grep -qP "$bad" "$OUT" "$ERR" || fail "lint printed a control character"
	cat >want.txt <<'EXPECTED'
bad.md:3:11: control character U+001B in a heading; removed
bad.md:3:19: control character U+202E in a heading; removed
bad.md:6:19: control character U+001B in a title; removed
bad.md:6:28: control character U+0007 in a title; removed
bad.md:6:35: control character U+001B in a title; removed
bad.md:6:39: control character U+202E in a title; removed
bad.md:6:40: control character U+200B in a title; removed
bad.md:6:41: control character U+009B in a title; removed
bad.md:6:52: control character U+001B in a venue; removed
bad.md:6:61: control character U+0007 in a venue; removed
bad.md:6:62: control character U+001B in a venue; removed
bad.md:6:66: control character U+202E in a venue; removed
bad.md:6:67: control character U+200B in a venue; removed
bad.md:6:68: control character U+009B in a venue; removed
bad.md:6:114: control character U+200B in a paper link; removed
bad.md:7:5: control character U+200B in a heading; removed
bad.md:7:12: control character U+009B in a heading; removed
bad.md:10:27: control character U+001B in a venue; removed
bad.md:10:36: control character U+0007 in a venue; removed
EXPECTED
	assert_same want.txt "$OUT"
	assert_contains "$ERR" "19 problems"
	expect_status 1 "$LRMINDEX" lint --strict bad.md
	# what lint prints of a file name is escaped as well
	cp bad.md "$(printf 'x\e[2Jy.md')"
	expect_status 0 "$LRMINDEX" lint "$(printf 'x\e[2Jy.md')"
	! grep -qP "$bad" "$OUT" "$ERR" || fail "lint printed a control character of a file name"
	assert_contains "$OUT" 'x\x1b[2Jy.md:3:11: control character U+001B in a heading; removed'
	expect_status 0 "$LRMINDEX" import -o "$(printf 'o\e[2J.yaml')" bad.md
	! grep -qP "$bad" "$ERR" || fail "import printed a control character of a file name"
	assert_contains "$ERR" '-> o\x1b[2J.yaml'
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


# ------------------------------------------------------------------
# One corpus of many lists (issue 14): the manifest, merging across
# lists, papers per list, 'added', lint across lists.
# ------------------------------------------------------------------

# corpus_setup: data/lists.yaml naming two small lists in data/lists/,
# which share two arXiv ids: one paper under two titles (merged) and one
# id given to two different papers (kept apart).
corpus_setup() {
	mkdir -p data/lists
	cat >data/lists.yaml <<'MANIFEST'
format: lrmsearch-lists/1
lists:
- name: "alpha"
  path: "lists/alpha.md"
- name: "beta"
  path: "lists/beta-list.md"
count: 2
MANIFEST
	cat >data/lists/alpha.md <<'LIST'
# Alpha
## Papers
| Time | Title | Venue | Paper | Code |
| - | - | - | - | - |
| 2025.05 | Let LRMs Break Free from Overthinking via Self-Braking Tuning | arXiv'25 | [l](https://arxiv.org/abs/2505.14604) | - |
| 2024.07 | Concise Thoughts: Impact of Output Length on LLM Reasoning and Cost | arXiv'24 | [l](https://arxiv.org/abs/2407.19825) | - |
| 2025.01 | Only In Alpha | arXiv'25 | [l](https://arxiv.org/abs/2501.00001) | - |
LIST
	cat >data/lists/beta-list.md <<'LIST'
# Beta
## Papers
| Time | Title | Venue | Paper | Code |
| - | - | - | - | - |
| 2025.05 | Let LLMs Break Free from Overthinking via Self-Braking Tuning | ACL'25 | [l](https://arxiv.org/abs/2505.14604v2) | - |
| 2024.07 | The Impact of Reasoning Step Length on Large Language Models | ACL'24 | [l](https://arxiv.org/abs/2407.19825) | - |
LIST
}

# `lrmindex import` with no list imports the manifest's, paths relative
# to the manifest; each listing names its list and its file; one paper
# under two titles is one record; the summary counts each list's papers.
test_corpus_import_from_manifest() {
	corpus_setup
	expect_status 0 "$LRMINDEX" import
	assert_contains "$ERR" "4 papers from 5 rows in 2 lists -> data/papers.yaml"
	assert_line "$ERR" "lrmindex import:   3 papers from alpha (alpha.md)"
	assert_line "$ERR" "lrmindex import:   2 papers from beta (beta-list.md)"
	grep -c '^- id:' data/papers.yaml >count
	assert_eq "$(cat count)" 4
	# the merged paper: the first list's title, both listings
	awk '/^- id: "let-lrms-break-free/ { on = 1; next } /^- id:/ { on = 0 } on' data/papers.yaml >merged
	assert_line merged '  - source: "alpha.md"'
	assert_line merged '    list: "alpha"'
	assert_line merged '  - source: "beta-list.md"'
	assert_line merged '    list: "beta"'
	assert_line merged '    arxiv_version: "v2"'
	assert_line merged '    venue: "ACL'"'"'25"'
	# the misattributed id: two papers
	assert_contains data/papers.yaml 'title: "Concise Thoughts: Impact of Output Length on LLM Reasoning and Cost"'
	assert_contains data/papers.yaml 'title: "The Impact of Reasoning Step Length on Large Language Models"'
	# the same from elsewhere with --manifest, to standard output
	mkdir elsewhere
	(cd elsewhere && "$LRMINDEX" import -q --manifest ../data/lists.yaml -o -) >stdout.yaml ||
		fail "import --manifest"
	assert_same data/papers.yaml stdout.yaml
	# LIST arguments: as before, no list name
	expect_status 0 "$LRMINDEX" import -o - data/lists/alpha.md data/lists/beta-list.md
	assert_not_contains "$OUT" 'list: '
	assert_line "$ERR" "lrmindex import:   3 papers from alpha.md"
}

# The bundled corpus: every row of every list is one listing of one
# paper; a paper in several lists is one record holding all its lists'
# listings; an arXiv id is in one record only, unless lint says why (a
# link given to two clearly different papers).
test_corpus_bundled_merge() {
	local id records
	expect_status 0 "$LRMINDEX" import --manifest "$SRC/data/lists.yaml" -o corpus.yaml
	assert_contains "$ERR" "from 1146 rows in 4 lists"
	assert_eq "$(grep -c '^  - source: ' corpus.yaml)" 1146 "listings of the corpus"
	# papers in more than one list: one record each, with each list
	awk '/^- id: /{ if (n > 1) many++; n = 0; delete seen }
		/^    list: /{ if (!($2 in seen)) { seen[$2] = 1; n++ } }
		END { if (n > 1) many++; print many + 0 }' corpus.yaml >many
	[ "$(cat many)" -ge 200 ] || fail "only $(cat many) papers are in more than one list"
	# a paper all four lists hold, with every listing
	awk '/^- id: "tokenskip-controllable-chain-of-thought-compression-in-llms"/{ on = 1; next }
		/^- id:/{ on = 0 } on' corpus.yaml >tokenskip
	# (its arXiv id is on one line of each entry in the four lists)
	assert_eq "$(grep -c '^  - source: ' tokenskip)" \
		"$(sed -n 's/^  path: "\(.*\)"$/\1/p' "$SRC/data/lists.yaml" |
			(cd "$SRC/data" && xargs cat) | grep -c '2502\.12067')" \
		"TokenSkip's listings"
	assert_eq "$(grep -c '^  - source: ' tokenskip)" 6 "TokenSkip's listings"
	for list in yueliu1999 hemingkx xiaoyee fscdc; do
		assert_line tokenskip "    list: \"$list\""
	done
	# each arXiv id in one record, or explained by lint
	expect_status 1 "$LRMINDEX" lint --strict --manifest "$SRC/data/lists.yaml"
	awk '/^- id: /{ id = $3 } /^    arxiv: /{ print $2, id }' corpus.yaml |
		sort -u | awk '{ n[$1]++ } END { for (a in n) if (n[a] > 1) print a }' |
		tr -d '"' >shared
	while read -r id; do
		grep -q "arXiv id $id is .*\(shared by different titles\|for a clearly different paper\)" "$OUT" ||
			fail "arXiv id $id is in several records and lint does not say why"
	done <shared
	records=$(wc -l <shared)
	[ "$records" -ge 1 ] || fail "no shared arXiv id: the check above checked nothing"
}

test_corpus_manifest_missing_or_bad() {
	expect_status 2 "$LRMINDEX" import
	assert_contains "$ERR" "data/lists.yaml: No such file or directory"
	assert_contains "$ERR" "give LIST.md... or --manifest FILE"
	corpus_setup
	rm data/lists/beta-list.md
	expect_status 2 "$LRMINDEX" import
	assert_contains "$ERR" "data/lists/beta-list.md: No such file or directory"
	[ -e data/papers.yaml ] && fail "a dataset was written"
	expect_status 2 "$LRMINDEX" lint --manifest nowhere.yaml
	assert_contains "$ERR" "nowhere.yaml: No such file or directory"
}

# A list that yields no paper is an error, among several too, naming the
# list; the dataset stays as it was.
test_corpus_list_without_papers() {
	corpus_setup
	expect_status 0 "$LRMINDEX" import -q
	cp data/papers.yaml before.yaml
	printf '# Gamma\n\nNothing here is a table of papers.\n' >data/lists/gamma.md
	sed -i 's/^count: 2$/- name: "gamma"\n  path: "lists\/gamma.md"\ncount: 3/' data/lists.yaml
	expect_status 2 "$LRMINDEX" import
	assert_contains "$ERR" "no papers found in data/lists/gamma.md (the list 'gamma')"
	assert_contains "$ERR" "data/papers.yaml left as it was"
	assert_same before.yaml data/papers.yaml
	expect_status 2 "$LRMINDEX" import -o data/papers.yaml data/lists/alpha.md data/lists/gamma.md
	assert_contains "$ERR" "no papers found in data/lists/gamma.md ("
	assert_same before.yaml data/papers.yaml
	assert_eq "$(ls data)" "$(printf 'lists\nlists.yaml\npapers.yaml')"
}

# Each paper keeps the day it first entered the corpus; new papers get
# SOURCE_DATE_EPOCH's day; '-o -' reads no previous dataset unless
# --previous names one.
test_corpus_added_kept() {
	corpus_setup
	expect_status 0 "$LRMINDEX" import
	assert_not_contains "$ERR" "new paper"
	[ "$(grep -c '^  added: "2025-12-01"$' data/papers.yaml)" = 4 ] || fail "not every paper added on 2025-12-01"
	printf '| 2026.01 | A Newer Paper | arXiv'"'"'26 | [l](https://arxiv.org/abs/2601.00002) | - |\n' >>data/lists/beta-list.md
	SOURCE_DATE_EPOCH=1767225600 expect_status 0 "$LRMINDEX" import
	assert_contains "$ERR" "1 new paper, added 2026-01-01"
	[ "$(grep -c '^  added: "2025-12-01"$' data/papers.yaml)" = 4 ] || fail "a paper lost its day"
	awk '/title: "A Newer Paper"/ { getline; print }' data/papers.yaml >newer
	assert_line newer '  added: "2026-01-01"'
	# a paper renamed in its list, matched by its arXiv id
	sed -i 's/Only In Alpha/Only In Alpha, Renamed/' data/lists/alpha.md
	SOURCE_DATE_EPOCH=1769904000 expect_status 0 "$LRMINDEX" import
	assert_contains "$ERR" "0 new papers, added 2026-02-01"
	awk '/title: "Only In Alpha, Renamed"/ { getline; print }' data/papers.yaml >renamed
	assert_line renamed '  added: "2025-12-01"'
	# standard output: no previous dataset, unless given
	SOURCE_DATE_EPOCH=1769904000 expect_status 0 "$LRMINDEX" import -o -
	[ "$(grep -c '^  added: "2026-02-01"$' "$OUT")" = 5 ] || fail "-o - kept days from a dataset it does not replace"
	SOURCE_DATE_EPOCH=1769904000 expect_status 0 "$LRMINDEX" import -o - --previous data/papers.yaml
	grep -v '^  added: ' "$OUT" >out.stripped
	grep -v '^  added: ' data/papers.yaml >papers.stripped
	assert_same papers.stripped out.stripped
	assert_same data/papers.yaml "$OUT"
	# a damaged previous dataset is an error, and stays as it is
	head -c 300 data/papers.yaml >data/cut.yaml
	cp data/cut.yaml cut.before
	expect_status 2 "$LRMINDEX" import -o data/cut.yaml
	assert_contains "$ERR" "data/cut.yaml:"
	assert_contains "$ERR" "read for each paper's 'added' day"
	assert_same cut.before data/cut.yaml
	expect_status 2 "$LRMINDEX" import -o - --previous missing.yaml
	assert_contains "$ERR" "missing.yaml: No such file or directory"
	# SOURCE_DATE_EPOCH that is no number
	cp data/papers.yaml before.yaml
	SOURCE_DATE_EPOCH=yesterday expect_status 2 "$LRMINDEX" import
	assert_contains "$ERR" "SOURCE_DATE_EPOCH='yesterday' is not a number of seconds"
	assert_same before.yaml data/papers.yaml
}

# Without SOURCE_DATE_EPOCH, new papers are dated by the clock, in UTC.
test_corpus_added_from_the_clock() {
	local before after
	corpus_setup
	before=$(date -u +%F)
	env -u SOURCE_DATE_EPOCH "$LRMINDEX" import -q -o - >clock.yaml 2>clock.err || fail "import"
	after=$(date -u +%F)
	grep '^  added: ' clock.yaml | sort -u >days
	grep -qxF "  added: \"$before\"" days || grep -qxF "  added: \"$after\"" days ||
		fail "added is $(cat days), not today ($before)"
	assert_eq "$(wc -l <days)" 1
}

# lint across lists: an id under another title (merged) and an id given
# to a different paper (kept apart), with the file:line of both.
test_corpus_lint_across_lists() {
	corpus_setup
	expect_status 0 "$LRMINDEX" lint
	cat >want.txt <<'EXPECTED'
data/lists/beta-list.md:5: arXiv id 2505.14604 is also at data/lists/alpha.md:5 for another title: 'Let LLMs Break Free from Overthinking via Self-Braking Tuning' here, 'Let LRMs Break Free from Overthinking via Self-Braking Tuning' there; merged as one paper
data/lists/beta-list.md:6: arXiv id 2407.19825 is also at data/lists/alpha.md:6 for a clearly different paper: 'The Impact of Reasoning Step Length on Large Language Models' here, 'Concise Thoughts: Impact of Output Length on LLM Reasoning and Cost' there; kept apart (a misattributed link?)
EXPECTED
	assert_same want.txt "$OUT"
	assert_contains "$ERR" "2 problems"
	expect_status 1 "$LRMINDEX" lint --strict data/lists/alpha.md data/lists/beta-list.md
	assert_contains "$OUT" "data/lists/beta-list.md:6: arXiv id 2407.19825 is also at data/lists/alpha.md:6"
	# one list alone has nothing across lists
	expect_status 0 "$LRMINDEX" lint --strict data/lists/beta-list.md
}

# ---- Readers over cmark-gfm's syntax tree (issue 14) ----

# The seed list and its 2025-03 snapshot import exactly as the line
# parser imported them (its outputs, saved before it went).
test_readers_seed_unchanged() {
	expect_status 0 "$LRMINDEX" import -o - "$NEWEST"
	assert_contains "$ERR" "157 papers from 173 rows in 1 list"
	cp "$OUT" seed.yaml
	assert_same "$SRC/tests/expected/import-seed.yaml" seed.yaml
	expect_status 0 "$LRMINDEX" import -o march.yaml "$MARCH"
	assert_contains "$ERR" "70 papers from 85 rows in 1 list"
	assert_same "$SRC/tests/expected/import-2025-03.yaml" march.yaml
}

# Each bundled list: its entries, counted by tests/count_entries.py (plain
# line matching, no Markdown parser), are read as papers (98% at least;
# the counts are pinned), with titles clean of badges, HTML and Markdown,
# and every entry's arXiv id.  LIST ENTRIES ROWS PAPERS DATES VENUES
check_bundled_list() {
	local name=$1 list=$SRC/data/lists/$1.md entries=$2 rows=$3 papers=$4 dates=$5 venues=$6
	shift 6
	python3 "$SRC/tests/count_entries.py" "$list" >count.txt || fail "count_entries.py $list"
	assert_eq "$(head -1 count.txt)" "$entries" "entries of $name, counted independently"
	expect_status 0 "$LRMINDEX" import -o - "$list"
	assert_contains "$ERR" "$papers papers from $rows rows in 1 list"
	assert_not_contains "$ERR" "could not be read"
	[ $((rows * 100)) -ge $((entries * 98)) ] || fail "$name: $rows rows for $entries entries"
	cp "$OUT" "$name.yaml"
	assert_eq "$(grep -c '^    date: ' "$name.yaml")" "$dates" "dated listings of $name"
	assert_eq "$(grep -c '^    venue: ' "$name.yaml")" "$venues" "listings of $name with a venue"
	# titles: no badge alt text, no HTML, no Markdown, no URL
	if grep '^  title: ' "$name.yaml" | grep -E '"(Star|Publish)|Star"|<|>|\]\(|\*\*|https?:|!\['; then
		fail "$name: a title holds badge text, HTML or Markdown"
	fi
	# every arXiv id an entry links is some listing's (but those given)
	tail -n +2 count.txt | sort -u >ids.want
	sed -n 's/^    arxiv: "\(.*\)"/\1/p' "$name.yaml" | sort -u >ids.got
	comm -23 ids.want ids.got >ids.missing
	assert_eq "$(tr '\n' ' ' <ids.missing | sed 's/ $//')" "$*" "arXiv ids of $name that no listing has"
}

test_readers_bundled_hemingkx() {
	# two-line bullet entries: authors, [[pdf]], a date, venue badges
	check_bundled_list hemingkx-awesome-efficient-reasoning 470 470 458 470 467
	assert_contains hemingkx-awesome-efficient-reasoning.yaml 'title: "Stop Overthinking: A Survey on Efficient Reasoning for Large Language Models"'
	assert_contains hemingkx-awesome-efficient-reasoning.yaml 'venue: "TMLR 2025"'
	assert_contains hemingkx-awesome-efficient-reasoning.yaml 'section: "Latent Chain-of-Thought"'
	# its Blog & Project, Talks and Resources give no paper
	! grep -q 'Optimizing LLM Test-Time Compute' hemingkx-awesome-efficient-reasoning.yaml ||
		fail "a blog post of hemingkx was read as a paper"
}

test_readers_bundled_xiaoyee() {
	# bullets of links with date badges; 2506.04207's link is broken in
	# the list itself ("...(https://arxiv.org/pdf/2506.04207]"): lint
	# reports it, and its listing keeps no id
	check_bundled_list xiaoyee-awesome-efficient-lrm-reasoning 138 139 136 138 0 2506.04207
	assert_contains xiaoyee-awesome-efficient-lrm-reasoning.yaml 'section: "Efficient Reasoning during Inference / Length Budgeting"'
	assert_contains xiaoyee-awesome-efficient-lrm-reasoning.yaml 'title: "Advancing Multimodal Reasoning: From Optimized Cold Start to Staged Reinforcement Learning"'
	# its News section gives no paper
	! grep -q 'SafeWork-R1' xiaoyee-awesome-efficient-lrm-reasoning.yaml ||
		fail "a news item of xiaoyee was read as a paper"
}

test_readers_bundled_fscdc() {
	# HTML-heavy tables: badges, <br>, comments after the last pipe;
	# 2506.08889's title links "gooarxiv.org" (the list's typo)
	check_bundled_list fscdc-awesome-efficient-reasoning-models 364 364 339 360 35 2506.08889
	assert_contains fscdc-awesome-efficient-reasoning-models.yaml 'title: "CoT-Valve: Length-Compressible Chain-of-Thought Tuning"'
	assert_contains fscdc-awesome-efficient-reasoning-models.yaml 'venue: "AAAI 2025"'
	assert_contains fscdc-awesome-efficient-reasoning-models.yaml 'section: "Make Long CoT Short / SFT-based Methods"'
}

# What cites a paper but is not read: counted by import, listed by lint.
test_readers_entries_not_read() {
	cp "$SRC/tests/lists/shape-not-read.md" list.md
	expect_status 0 "$LRMINDEX" import -o - list.md
	assert_contains "$ERR" "2 papers from 2 rows in 1 list"
	assert_contains "$ERR" "3 entries that link a paper could not be read; 'lrmindex lint' lists them"
	expect_status 1 "$LRMINDEX" lint --strict list.md
	cat >want.txt <<'EXPECTED'
list.md:7: entry not read: it links a paper, but no reader knows its shape
list.md:9: entry not read: it links a paper, but no reader knows its shape
list.md:13: entry not read: it links a paper, but no reader knows its shape
list.md:15: column 2 'Stars' is not read (no reader knows it)
EXPECTED
	assert_same want.txt "$OUT"
}

# One fixture per shape: each imports all its papers, and lint is quiet
# (but for what each fixture is about).
test_readers_shape_fixtures() {
	local f
	for f in table-headers:7 bullets:10 two-line:4 badges:7 sections:5 dates:7; do
		expect_status 0 "$LRMINDEX" import -o - "$SRC/tests/lists/shape-${f%%:*}.md"
		assert_contains "$ERR" "${f##*:} papers from ${f##*:} rows in 1 list"
	done
	expect_status 0 "$LRMINDEX" import -o - "$SRC/tests/lists/shape-sections.md"
	assert_contains "$OUT" 'section: "Malformed HTML Section"'
	! grep -qE 'Not A Paper|Cited Survey|A Blog Post|Someone' "$OUT" ||
		fail "news, citation, blog or contributors gave a paper"
}

# A year alone is kept as a year ("2024"): the index's year: finds it.
test_readers_year_alone_is_searchable() {
	local lrmsearch
	lrmsearch=$(dirname "$LRMINDEX")/lrmsearch
	expect_status 0 "$LRMINDEX" import -o dates.yaml "$SRC/tests/lists/shape-dates.md"
	assert_contains dates.yaml 'date: "2024"'
	expect_status 0 "$LRMINDEX" build --index idx dates.yaml
	expect_status 0 "$lrmsearch" --index idx --format json year:2024
	assert_contains "$OUT" '"title": "Year Alone"'
	assert_contains "$OUT" '"total": 2'
	expect_status 0 "$lrmsearch" --index idx --count year:2025
	assert_eq "$(cat "$OUT")" 5
}


run_tests "$@"
