#!/usr/bin/env bash
# Crash and concurrency tests of the real binaries: searches while the index
# is rebuilt, two builds of one index at once, and `lrmindex import`,
# `build` and `fetch` killed with SIGKILL at random points, after which what
# they write must be the old version or the complete new one.
# Usage: test_crash.sh LRMINDEX LRMSEARCH SOURCE_DIR [TEST...]
#
# The kill points are random: each run prints its seed, and
# LRM_CRASH_SEED=N replays the same choice of delays (the timing of the
# programs themselves still varies).
LRMINDEX=$1
LRMSEARCH=$2
SRC=$3
shift 3
. "$SRC/tests/lib.sh"

SEED=${LRM_CRASH_SEED:-$$}
RANDOM=$SEED
echo "# seed $SEED (LRM_CRASH_SEED=$SEED replays the kill points)"

KILLS=${LRM_CRASH_KILLS:-20}  # SIGKILLs per command that must land while it runs
TARGETED=3                    # and this many at each targeted point (see kill_trials)

setup() {
	unset LRM_INDEX NO_COLOR
	export XDG_CACHE_HOME=$T/cache HOME=$T/home
}

info() {
	echo "  # $*"
}

now_us() {
	local t=${EPOCHREALTIME//[!0-9]/}

	echo $((10#$t))
}

sleep_us() {
	sleep "$(printf '%d.%06d' $(($1 / 1000000)) $(($1 % 1000000)))"
}

# duration_us CMD...: how long CMD normally takes, in microseconds (the
# fastest of three runs: a loaded machine only makes runs slower).
duration_us() {
	local best=0 t0 t1 _

	for _ in 1 2 3; do
		t0=${EPOCHREALTIME//[!0-9]/}
		timeout 120 "$@" >/dev/null 2>&1 </dev/null || return 1
		t1=${EPOCHREALTIME//[!0-9]/}
		t1=$((10#$t1 - 10#$t0))
		[ "$best" -eq 0 ] || [ "$t1" -lt "$best" ] && best=$t1
	done
	echo "$best"
}

# random_delay D TRIAL: a random part of D microseconds: anywhere in the
# run on odd trials, in its last 40% (where the files are written) on even
# ones.
random_delay() {
	local d=$1 permille

	if [ $(($2 % 2)) -eq 1 ]; then
		permille=$((RANDOM % 1000))
	else
		permille=$((600 + RANDOM % 400))
	fi
	echo $((d * permille / 1000))
}

# run_and_kill DELAY_US CMD...: start CMD, SIGKILL it DELAY_US microseconds
# later.  RC is its exit status: 137 when the kill ended it, else what it
# returned before the kill came.
run_and_kill() {
	local delay=$1 pid
	shift
	"$@" >"$OUT" 2>"$ERR" </dev/null &
	pid=$!
	sleep_us "$delay"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	RC=$?
	HOW="killed after $((delay / 1000)) ms"
}

# kill_when COND CMD...: start CMD, SIGKILL it as soon as the shell
# function COND succeeds (it is polled without forking), or let it finish.
# Sets RC and HOW as run_and_kill does.
kill_when() {
	local cond=$1 pid deadline
	shift
	"$@" >"$OUT" 2>"$ERR" </dev/null &
	pid=$!
	deadline=$(($(now_us) + 60000000))
	while kill -0 "$pid" 2>/dev/null &&
		[ "${EPOCHREALTIME//[!0-9]/}" -lt "$deadline" ]; do
		"$cond" && break
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	RC=$?
	HOW="killed when $cond"
}

# Targeted kills.  new_tmp: a temporary file ($TMP_GLOB) appeared that was
# not there when arm_new_tmp ran (killed runs leave some behind), so the
# kill lands between the temporary file and the rename.
declare -A SEEN_TMP
arm_new_tmp() {
	local f

	SEEN_TMP=()
	for f in $TMP_GLOB; do
		SEEN_TMP[$f]=1
	done
}

new_tmp() {
	local f

	for f in $TMP_GLOB; do
		[ -e "$f" ] && [ -z "${SEEN_TMP[$f]:-}" ] && return 0
	done
	return 1
}

# file_changed: the file the command replaces ($WATCH) was written to, or
# replaced, since arm_file_changed dated it back to 2000: the kill lands
# just after the rename, or inside a write that is not atomic.
arm_file_changed() {
	[ -e "$WATCH" ] && touch -d @946684800 "$WATCH"
	touch -d @978307200 stamp
}

file_changed() {
	[ "$WATCH" -nt stamp ]
}

# kill_trials NAME D CMD...: run CMD again and again, SIGKILLed after a
# random part of D microseconds (its normal duration; with ADAPT=1, made
# shorter each time a run ends before its kill), until $KILLS kills have
# landed while it ran; then $TARGETED times killed at each targeted point
# (new_tmp, file_changed).  NAME_before runs before each trial and
# NAME_after after it; they fail the test when something is wrong.  Counts
# the random kills in KILLED, the targeted ones in HITS.
ADAPT=1
kill_trials() {
	local name=$1 d=$2 cond
	shift 2
	KILLED=0 HITS=0 TRIAL=0
	while [ "$KILLED" -lt "$KILLS" ]; do
		TRIAL=$((TRIAL + 1))
		[ "$TRIAL" -le $((KILLS * 6)) ] ||
			fail "only $KILLED of $TRIAL kills landed while the command ran"
		"${name}_before"
		run_and_kill "$(random_delay "$d" "$TRIAL")" "$@"
		case $RC in
		137) KILLED=$((KILLED + 1)) ;;
		# it ran faster than D: a less loaded machine
		0) [ "$ADAPT" -eq 1 ] && d=$((d * 9 / 10)) ;;
		*) fail "trial $TRIAL ($HOW): exit status $RC: $(head -5 "$ERR")" ;;
		esac
		"${name}_after"
	done
	for cond in new_tmp file_changed; do
		for _ in $(seq "$TARGETED"); do
			TRIAL=$((TRIAL + 1))
			"${name}_before"
			"arm_$cond"
			kill_when "$cond" "$@"
			case $RC in
			137) HITS=$((HITS + 1)) ;;
			0) ;;
			*) fail "trial $TRIAL ($HOW): exit status $RC: $(head -5 "$ERR")" ;;
			esac
			"${name}_after"
		done
	done
}

# tmp_files GLOB: the files matching GLOB, one a line.
tmp_files() {
	compgen -G "$1" | sort || true
}

# check_index DIR: "current" names a generation that exists and opens.
check_index() {
	local gen

	[ -f "$1/current" ] || fail "$1/current is missing"
	gen=$(sed -n 's/^auto //p' "$1/current")
	case $gen in
	gen-*) ;;
	*) fail "$1/current does not name a generation: $(cat "$1/current")" ;;
	esac
	[ -f "$1/$gen/iamglass" ] || fail "$1/current names $gen, which is not a whole database"
}

generations() {
	compgen -G "$1/gen-*" | wc -l
}

# ------------------------------------------------------------------ #
# 1. Searches while the index is rebuilt                              #
# ------------------------------------------------------------------ #

test_search_during_rebuilds() {
	local queries=("latent reasoning" "chain of thought" "compression" year:2025 "")
	local n=0 bad=0 errors=0 nomatch=0 i mode rc builder deadline
	local -a args

	setup
	cp "$SRC/tests/expected/import-seed.yaml" papers.yaml
	expect_status 0 "$LRMINDEX" build -q --index idx papers.yaml
	# The answers before any rebuild: every rebuild indexes the same
	# dataset, so every search must give exactly these.
	for i in "${!queries[@]}"; do
		expect_status 0 "$LRMSEARCH" --index idx --count "${queries[$i]}"
		cp "$OUT" "want$i.count"
		expect_status 0 "$LRMSEARCH" --index idx --json -n 5 "${queries[$i]}"
		cp "$OUT" "want$i.json"
	done
	(
		for i in $(seq 20); do
			timeout 60 "$LRMINDEX" build -q --index idx papers.yaml \
				</dev/null 2>>builds.err ||
				echo "build $i: exit status $?" >>builds.err
		done
		touch builds.done
	) &
	builder=$!
	deadline=$(($(now_us) + 150000000))
	while [ ! -e builds.done ]; do
		i=$((n % ${#queries[@]}))
		if [ $((n / ${#queries[@]} % 2)) -eq 0 ]; then
			mode=count args=(--count)
		else
			mode=json args=(--json -n 5)
		fi
		"$LRMSEARCH" --index idx "${args[@]}" "${queries[$i]}" \
			>s.out 2>s.err </dev/null && rc=0 || rc=$?
		if [ "$rc" -ne 0 ] || ! cmp -s s.out "want$i.$mode"; then
			bad=$((bad + 1))
			[ "$rc" -eq 2 ] && errors=$((errors + 1))
			[ "$rc" -eq 1 ] && nomatch=$((nomatch + 1))
			{
				echo "search $n: lrmsearch --index idx ${args[*]} '${queries[$i]}': exit status $rc"
				head -3 s.out
				head -3 s.err
			} >>searches.err
		fi
		n=$((n + 1))
		if [ "$(now_us)" -gt "$deadline" ]; then
			kill "$builder"
			fail "the 20 builds did not end within 150 s"
		fi
	done
	wait "$builder"
	info "$n searches ran during 20 rebuilds"
	[ -s builds.err ] && fail "a rebuild failed: $(head -5 builds.err)"
	[ "$bad" -eq 0 ] || {
		sed 's/^/    /' searches.err | head -30 >&2
		fail "$bad of $n searches went wrong during the rebuilds ($errors exited with status 2, $nomatch found nothing)"
	}
	[ "$n" -gt 20 ] || fail "only $n searches ran during the rebuilds"
	check_index idx
	[ "$(generations idx)" -le 2 ] || fail "$(generations idx) generations left"
}

# ------------------------------------------------------------------ #
# 2. Two builds of one index at once                                  #
# ------------------------------------------------------------------ #

test_two_builds_at_once() {
	local round a b ra rb count live old big small

	setup
	cp "$SRC/tests/expected/import-seed.yaml" papers.yaml
	"$LRMINDEX" import -q -o small.yaml "$SRC/tests/lists/small.md" || fail "import"
	big=$(grep -c '^- id: ' papers.yaml)
	small=$(grep -c '^- id: ' small.yaml)
	# The first round starts on a directory that does not exist yet.
	for round in 1 2 3 4 5; do
		timeout 60 "$LRMINDEX" build -q --index idx papers.yaml 2>a.err </dev/null &
		a=$!
		timeout 60 "$LRMINDEX" build -q --index idx small.yaml 2>b.err </dev/null &
		b=$!
		wait "$a" && ra=0 || ra=$?
		wait "$b" && rb=0 || rb=$?
		[ "$ra" -eq 0 ] || fail "round $round: a build exited with status $ra: $(cat a.err)"
		[ "$rb" -eq 0 ] || fail "round $round: a build exited with status $rb: $(cat b.err)"
		check_index idx
		# the live generation and the one before it, nothing else
		assert_eq "$(generations idx)" 2 "round $round: generations left"
		assert_eq "$(ls -A idx | grep -v '^gen-' | tr '\n' ' ')" ".lock current " \
			"round $round: files in the index"
		expect_status 0 "$LRMSEARCH" --index idx --count ""
		count=$(cat "$OUT")
		[ "$count" = "$big" ] || [ "$count" = "$small" ] ||
			fail "round $round: the index holds $count papers, neither $big nor $small"
		expect_status 0 "$LRMSEARCH" --index idx --count "latent reasoning"
		# One after the other: the later build took the lock (and named
		# its generation after the clock) once the earlier one had
		# written its database.
		live=$(sed -n 's/^auto //p' idx/current)
		old=$(cd idx && ls -d gen-* | grep -vxF "$live")
		awk -v live="$live" -v done="$(stat -c %.9Y "idx/$old/iamglass")" 'BEGIN {
			split(live, p, "-")
			exit !(p[2] + p[3] / 1e9 >= done)
		}' || fail "round $round: $live started before $old was written"
	done
}

# ------------------------------------------------------------------ #
# 3. SIGKILL at random points                                         #
# ------------------------------------------------------------------ #

# K renamed copies of the bundled list: distinct papers, so that an import
# or a build has enough to do for kills to land anywhere in it.
big_list() {
	local k

	for k in $(seq "$1"); do
		sed "/^| *20[0-9][0-9]/ s/\*\*/**Copy $k: /" \
			"$SRC/data/lists/awesome-efficient-inference-for-lrms.md"
	done
}

import_before() {
	tmp_files 'out.yaml.tmp.*' >tmp.before
}

import_after() {
	local state f size

	if cmp -s out.yaml old.yaml; then
		state=old
	elif cmp -s out.yaml new.yaml; then
		state=new
	else
		cmp out.yaml old.yaml >&2
		cmp out.yaml new.yaml >&2
		fail "trial $TRIAL ($HOW, status $RC): out.yaml is neither the old dataset nor the new one"
	fi
	[ "$RC" -eq 0 ] && [ "$state" = old ] &&
		fail "trial $TRIAL: the import succeeded but out.yaml is the old dataset"
	tmp_files 'out.yaml.tmp.*' >tmp.after
	comm -13 tmp.before tmp.after >tmp.new
	[ "$(wc -l <tmp.new)" -le $((RC == 137 ? 1 : 0)) ] ||
		fail "trial $TRIAL ($HOW, status $RC): new temporary files: $(cat tmp.new)"
	comm -23 tmp.before tmp.after | grep -q . &&
		info "trial $TRIAL: a run removed an old temporary file"
	# What a kill leaves behind is the start of the new dataset, never
	# the dataset itself.
	while read -r f; do
		size=$(stat -c %s "$f")
		cmp -s -n "$size" "$f" new.yaml ||
			fail "trial $TRIAL: the leftover $f is not the start of the new dataset"
		LEFT=$((LEFT + 1))
	done <tmp.new
	# put the old dataset back for the next trial
	[ "$state" = new ] && cp old.yaml out.yaml
	true
}

test_kill_import() {
	local d lists left_now

	setup
	big_list 4 >big.md
	# The lists of tables (a list that yields no paper is an error), and
	# one day for new papers, so that imports either side of midnight
	# agree.
	lists=("$SRC"/data/lists/awesome-efficient-inference-for-lrms*.md big.md)
	export SOURCE_DATE_EPOCH=1764547200
	"$LRMINDEX" import -q -o old.yaml "$SRC/data/lists/awesome-efficient-inference-for-lrms.md" ||
		fail "import of the old dataset"
	"$LRMINDEX" import -q -o new.yaml "${lists[@]}" || fail "import of the new dataset"
	cmp -s old.yaml new.yaml && fail "the old and new datasets are the same"
	d=$(duration_us "$LRMINDEX" import -q -o m.yaml "${lists[@]}") || fail "import failed"
	assert_same m.yaml new.yaml
	rm -f m.yaml
	info "an import takes $((d / 1000)) ms"
	cp old.yaml out.yaml
	LEFT=0 TMP_GLOB='out.yaml.tmp.*' WATCH=out.yaml
	kill_trials import "$d" "$LRMINDEX" import -q -o out.yaml "${lists[@]}"
	# The polled kills above may all come too late on a loaded machine
	# (the window is one write and an fsync): one more, killed by strace
	# exactly when it asks to rename the whole temporary file.
	TRIAL=$((TRIAL + 1))
	import_before
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 strace -f -o /dev/null \
		-e trace=rename,renameat,renameat2 \
		-e inject=rename,renameat,renameat2:signal=KILL \
		"$LRMINDEX" import -q -o out.yaml "${lists[@]}" >"$OUT" 2>"$ERR" </dev/null
	RC=$?
	HOW="killed by strace at the rename"
	[ "$RC" -eq 137 ] || fail "trial $TRIAL ($HOW): exit status $RC: $(head -5 "$ERR")"
	HITS=$((HITS + 1))
	import_after
	left_now=$(tmp_files 'out.yaml.tmp.*' | wc -l)
	info "$TRIAL trials: $KILLED random kills, $HITS of $((2 * TARGETED + 1)) targeted ones; $LEFT kills left a temporary file, $left_now still there"
	# The targeted kills land between the temporary file and the rename.
	[ "$LEFT" -gt 0 ] || fail "no kill landed while the dataset was written"
	[ "$left_now" -le $((KILLED + HITS)) ] || fail "$left_now temporary files after $((KILLED + HITS)) kills"
	# A run that is not killed completes the file and leaves no
	# temporary file of its own (it does not remove those of killed runs).
	import_before
	expect_status 0 "$LRMINDEX" import -q -o out.yaml "${lists[@]}"
	assert_same out.yaml new.yaml
	tmp_files 'out.yaml.tmp.*' >tmp.after
	comm -13 tmp.before tmp.after | grep -q . && fail "a run that was not killed left a temporary file"
	true
}

build_before() {
	LIVE_BEFORE=$(sed -n 's/^auto //p' idx/current)
}

# A build that is not killed: it keeps the live generation and its own,
# and removes every other, those of killed builds included.
build_and_check_cleanup() {
	local previous live

	previous=$(sed -n 's/^auto //p' idx/current)
	expect_status 0 timeout 60 "$LRMINDEX" build -q --index idx "$1"
	check_index idx
	live=$(sed -n 's/^auto //p' idx/current)
	assert_eq "$(cd idx && ls -d gen-* | sort | tr '\n' ' ')" \
		"$(printf '%s\n' "$previous" "$live" | sort | tr '\n' ' ')" \
		"generations after a build that was not killed"
}

build_after() {
	local state

	check_index idx
	# The index answers exactly as the old one did (the total and the ten
	# best papers, scores included) or as the new one: it is whole.
	expect_status 0 "$LRMSEARCH" --index idx --json reasoning
	if cmp -s "$OUT" old.json; then
		state=old
	elif cmp -s "$OUT" new.json; then
		state=new
	else
		fail "trial $TRIAL ($HOW, status $RC): the index answers neither as the old nor as the new one"
	fi
	if [ "$state" = old ]; then
		assert_eq "$(sed -n 's/^auto //p' idx/current)" "$LIVE_BEFORE" \
			"trial $TRIAL: the live generation changed"
	else
		[ "$RC" -eq 0 ] || AFTER_SWAP=$((AFTER_SWAP + 1))
	fi
	[ "$RC" -eq 0 ] && [ "$state" = old ] &&
		fail "trial $TRIAL: the build succeeded but the index is the old one"
	[ "$(generations idx)" -gt "$MAX_GENS" ] && MAX_GENS=$(generations idx)
	# Now and then, and whenever the new index got in, a build that is
	# not killed puts the old one back and must clean up.
	if [ "$state" = new ] || [ $((TRIAL % 8)) -eq 0 ]; then
		build_and_check_cleanup small.yaml
		CLEANUPS=$((CLEANUPS + 1))
	fi
	true
}

test_kill_build() {
	local d left_now

	setup
	"$LRMINDEX" import -q -o small.yaml "$SRC/tests/lists/small.md" || fail "import"
	cp "$SRC/tests/expected/import-seed.yaml" new.yaml
	expect_status 0 "$LRMINDEX" build -q --index new-idx new.yaml
	expect_status 0 "$LRMSEARCH" --index new-idx --json reasoning
	cp "$OUT" new.json
	d=$(duration_us "$LRMINDEX" build -q --index new-idx new.yaml) || fail "build failed"
	rm -rf new-idx
	info "a build takes $((d / 1000)) ms"
	expect_status 0 "$LRMINDEX" build -q --index idx small.yaml
	expect_status 0 "$LRMSEARCH" --index idx --json reasoning
	cp "$OUT" old.json
	cmp -s old.json new.json && fail "the old and new indexes answer the same"
	MAX_GENS=0 CLEANUPS=0 AFTER_SWAP=0 TMP_GLOB='idx/current.tmp.*' WATCH=idx/current
	kill_trials build "$d" "$LRMINDEX" build -q --index idx new.yaml
	left_now=$(tmp_files 'idx/current.tmp.*' | wc -l)
	info "$TRIAL trials: $KILLED random kills, $HITS of $((2 * TARGETED)) targeted ones, $AFTER_SWAP after the swap; up to $MAX_GENS generations between clean-ups ($CLEANUPS builds checked them); $left_now current.tmp.* files left"
	build_and_check_cleanup new.yaml
	expect_status 0 "$LRMSEARCH" --index idx --json reasoning
	assert_same "$OUT" new.json
}

cache_ids() {
	if [ -e "$1" ]; then
		grep -o 'arxiv: "[^"]*"' "$1" | sort
	fi
}

fetch_before() {
	# Every fourth trial starts with no cache at all.
	[ $((TRIAL % 4)) -eq 1 ] && rm -f cache.yaml
	if [ -e cache.yaml ]; then
		HAD_CACHE=1
	else
		HAD_CACHE=0
	fi
	cache_ids cache.yaml >ids.before
	rm -f cache.before
	[ -e cache.yaml ] && cp cache.yaml cache.before
	tmp_files 'cache.yaml.tmp.*' >tmp.before
}

fetch_after() {
	local n

	tmp_files 'cache.yaml.tmp.*' >tmp.after
	comm -13 tmp.before tmp.after >tmp.new
	[ "$(wc -l <tmp.new)" -le $((RC == 137 ? 1 : 0)) ] ||
		fail "trial $TRIAL ($HOW, status $RC): new temporary files: $(cat tmp.new)"
	LEFT=$((LEFT + $(wc -l <tmp.new)))
	if [ ! -e cache.yaml ]; then
		[ "$HAD_CACHE" -eq 0 ] || fail "trial $TRIAL ($HOW): the cache is gone"
		[ "$RC" -eq 0 ] && fail "trial $TRIAL: the fetch succeeded and wrote no cache"
		return 0
	fi
	# Killed before it saved anything: the cache it had, already checked.
	[ -e cache.before ] && cmp -s cache.yaml cache.before && return 0
	# A whole cache: it reads back, and keeps every paper it had.
	expect_status 0 "$LRMINDEX" build --full --index cidx --cache cache.yaml dataset.yaml
	n=$(cache_ids cache.yaml | wc -l)
	assert_contains "$ERR" "indexed 10 papers ($n abstracts)"
	cache_ids cache.yaml >ids.after
	comm -23 ids.before ids.after | grep -q . &&
		fail "trial $TRIAL ($HOW): the cache lost $(comm -23 ids.before ids.after | tr '\n' ' ')"
	[ "$RC" -eq 0 ] && assert_eq "$n" 10 "trial $TRIAL: papers cached by a fetch that completed"
	true
}

test_kill_fetch() {
	local d i left_now fetched

	setup
	for i in $(seq -w 1 10); do
		printf '2501.000%s\tPaper number %s on reasoning\tAbstract word%sx of paper %s.\tAuthor %s\n' \
			"$i" "$i" "$i" "$i" "$i"
	done >papers.tsv
	{
		echo "## Papers"
		echo "| Time | Title | Venue | Paper | Code |"
		echo "| - | - | - | - | - |"
		while IFS=$'\t' read -r id title _; do
			echo "| 2025.01 | $title | arXiv'25 | [link](https://arxiv.org/abs/$id) | - |"
		done <papers.tsv
	} >list.md
	"$LRMINDEX" import -q -o dataset.yaml list.md || fail "import"
	python3 "$SRC/tests/fake_arxiv.py" papers.tsv port requests.log 2>server.log &
	server=$!
	trap 'kill "$server" 2>/dev/null; wait 2>/dev/null' EXIT
	for _ in $(seq 100); do
		[ -s port ] && break
		sleep 0.05
	done
	[ -s port ] || fail "the fake arXiv API did not start"
	set -- fetch --delay 0.01 --batch 1 --timeout 5 \
		--arxiv-url "http://127.0.0.1:$(cat port)/normal/api/query" dataset.yaml
	d=$(duration_us "$LRMINDEX" "$@" --refresh --cache m.yaml) || fail "fetch failed"
	rm -f m.yaml
	info "a fetch of 10 papers takes $((d / 1000)) ms"
	LEFT=0 TMP_GLOB='cache.yaml.tmp.*' WATCH=cache.yaml
	# A trial starts with no cache, resumes, or fetches everything again
	# (--refresh): see fetch_before and fetch_run.  A resumed run is
	# shorter by design: it does not make D shorter.
	ADAPT=0
	kill_trials fetch "$d" fetch_run "$@"
	left_now=$(tmp_files 'cache.yaml.tmp.*' | wc -l)
	info "$TRIAL trials: $KILLED random kills, $HITS of $((2 * TARGETED)) targeted ones; $LEFT kills left a temporary file, $left_now still there"
	[ "$LEFT" -gt 0 ] || fail "no kill landed while the cache was written"
	[ "$left_now" -le $((KILLED + HITS)) ] || fail "$left_now temporary files after $((KILLED + HITS)) kills"
	# A run that is not killed completes the cache.
	tmp_files 'cache.yaml.tmp.*' >tmp.before
	expect_status 0 timeout 60 "$LRMINDEX" "$@" --cache cache.yaml
	assert_contains "$ERR" " 0 failed"
	fetched=$(sed -n 's/.*: \([0-9]*\) fetched, \([0-9]*\) cached already.*/\1+\2/p' "$ERR")
	assert_eq "$((fetched))" 10 "fetched + cached already"
	tmp_files 'cache.yaml.tmp.*' >tmp.after
	comm -13 tmp.before tmp.after | grep -q . && fail "a run that was not killed left a temporary file"
	expect_status 0 "$LRMINDEX" build --full --index cidx --cache cache.yaml dataset.yaml
	assert_contains "$ERR" "indexed 10 papers (10 abstracts)"
	expect_status 0 "$LRMSEARCH" --index cidx --count word10x
	assert_eq "$(cat "$OUT")" 1
}

# fetch_run ARGS...: lrmindex ARGS with the trial's cache options.
# Run only in the background: it replaces its shell with lrmindex (exec),
# so that the SIGKILL reaches lrmindex itself.
fetch_run() {
	case $((TRIAL % 4)) in
	1 | 2) exec "$LRMINDEX" "$@" --cache cache.yaml ;;
	*) exec "$LRMINDEX" "$@" --cache cache.yaml --refresh ;;
	esac
}

run_tests "$@"
