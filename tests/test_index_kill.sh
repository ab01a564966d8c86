#!/usr/bin/env bash
# End-to-end tests of builds that are killed or stopped: shard workers die
# with their build and let go of the lock; a worker that dies is named,
# with its signal; what killed builds leave is removed as soon as the next
# build holds the lock; and a build waiting for a stopped one says who
# holds the lock and gives up after a bounded time.
# Usage: test_index_kill.sh LRMINDEX LRMSEARCH GEN_CORPUS SOURCE_DIR [TEST...]
LRMINDEX=$1
LRMSEARCH=$2
GEN_CORPUS=$3
SRC=$4
shift 4
. "$SRC/tests/lib.sh"

# One corpus for every test: 10,000 papers with abstracts (enough for two
# shard workers, and a build long enough to be killed or stopped midway).
CORPUS=$(mktemp -d "${TMPDIR:-/tmp}/lrmcorpus.XXXXXX")
trap 'rm -rf "$CORPUS"' EXIT
"$GEN_CORPUS" 10000 "$CORPUS" >/dev/null 2>&1 || {
	echo "gen_corpus failed" >&2
	exit 1
}

setup() {
	unset LRM_INDEX NO_COLOR LRM_INDEX_WAIT
	export XDG_CACHE_HOME=$T/cache HOME=$T/home
	"$LRMINDEX" import -q -o small.yaml "$SRC/tests/lists/small.md" || fail "import"
}

info() {
	echo "  # $*"
}

# gone PID: PID has ended (a zombie waiting for whoever adopted it counts
# as ended: it runs no more and holds nothing).
gone() {
	local state

	state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 0
	[ -z "$state" ] || [ "$state" = Z ]
}

# start_build ARGS...: lrmindex build ARGS in the background, until its
# shard workers have started; PID is the build's, KIDS its workers'.
start_build() {
	local deadline

	"$LRMINDEX" build "$@" >build.out 2>build.err </dev/null &
	PID=$!
	deadline=$((SECONDS + 60))
	until compgen -G 'idx/gen-*-shard-1' >/dev/null; do
		kill -0 "$PID" 2>/dev/null || fail "the build ended before its workers started: $(cat build.err)"
		[ "$SECONDS" -lt "$deadline" ] || fail "no shard workers after 60 s"
		sleep 0.02
	done
	KIDS=$(pgrep -P "$PID" | tr '\n' ' ')
	[ -n "$KIDS" ] || fail "no worker processes"
}

# A build killed with SIGKILL takes its workers with it: within a couple
# of seconds they are gone and the lock is free.
test_killed_build_takes_its_workers() {
	local kid i left

	setup
	start_build --jobs 2 --index idx "$CORPUS/papers.yaml"
	info "workers $KIDS"
	kill -KILL "$PID"
	wait "$PID" 2>/dev/null
	for i in $(seq 30); do
		left=
		for kid in $KIDS; do
			gone "$kid" || left="$left $kid"
		done
		[ -z "$left" ] && break
		sleep 0.1
	done
	if [ -n "$left" ]; then
		kill -KILL $left 2>/dev/null
		fail "workers$left still ran 3 s after their build was killed"
	fi
	flock -n idx/.lock true || fail "the lock is still held after the build was killed"
	# the next build removes what this one left
	expect_status 0 "$LRMINDEX" build --index idx small.yaml
	assert_eq "$(ls idx | grep -c '^gen-')" 1 "generations and shards in idx"
}

# A worker that dies is named, with the signal that killed it, and the
# other worker is stopped rather than waited for.
test_dead_worker_named() {
	local kid rc

	setup
	start_build --jobs 2 --index idx "$CORPUS/papers.yaml"
	kid=${KIDS%% *}
	kill -KILL "$kid"
	timeout 60 tail --pid="$PID" -f /dev/null
	wait "$PID" && rc=0 || rc=$?
	[ "$rc" -eq 2 ] || fail "exit status $rc: $(cat build.err)"
	assert_contains build.err "the worker process was killed by signal 9 (Killed)"
	assert_not_contains build.err "the process failed"
	for kid in $KIDS; do
		gone "$kid" || fail "worker $kid still runs"
	done
	assert_eq "$(ls idx | grep -c '^gen-')" 0 "generations and shards in idx"
}

# What killed builds leave (generations never swapped in, shards,
# temporary stubs) goes as soon as the next build holds the lock, even if
# that build does not finish: on a full disk it needs the room.
test_leftovers_go_first() {
	local live previous new

	setup
	"$LRMINDEX" build -q --index idx small.yaml || fail "build"
	"$LRMINDEX" build -q --full --index idx small.yaml || fail "build"
	live=$(sed -n 's/^auto //p' idx/current)
	previous=$(cd idx && ls -d gen-* | grep -vxF "$live")
	[ "$(echo "$previous" | wc -w)" = 1 ] || fail "generations: $(ls idx)"
	mkdir idx/gen-1-0-1 idx/gen-9999999999-0-1 "idx/gen-1-0-2-shard-0"
	echo x >idx/gen-1-0-1/postlist.glass
	echo "auto gen-x" >idx/current.tmp.AbCdEf
	# a build killed once it has started its own generation
	"$LRMINDEX" build --jobs 1 --full --index idx "$CORPUS/papers.yaml" \
		>build.out 2>build.err </dev/null &
	PID=$!
	for _ in $(seq 600); do
		new=$(cd idx && ls -d gen-* | grep -vxF -e "$live" -e "$previous" \
			-e gen-1-0-1 -e gen-9999999999-0-1 -e gen-1-0-2-shard-0 | head -1)
		[ -n "$new" ] && break
		kill -0 "$PID" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$PID" 2>/dev/null
	wait "$PID" 2>/dev/null
	[ -n "$new" ] || fail "the build made no generation: $(cat build.err)"
	assert_eq "$(cd idx && ls -d gen-* current* | grep -vxF "$new" | sort | tr '\n' ' ')" \
		"current $(printf '%s\n' "$live" "$previous" | sort | tr '\n' ' ')" \
		"what the killed build found and kept"
	expect_status 0 "$LRMSEARCH" --index idx --count latent
}

# now_ms: the clock, in milliseconds.
now_ms() {
	local t=${EPOCHREALTIME//[!0-9]/}

	echo $((10#$t / 1000))
}

# A build that holds the lock is stopped: another says who holds it, and
# waits a bounded time (--no-wait: not at all); lrmsearch, building its
# default index, too.  Resumed, the stopped one finishes.
test_stopped_lock_holder() {
	local dir pid t0 t rc

	setup
	# a build of a few seconds, stopped once it holds the lock (and has
	# written its pid in it)
	"$GEN_CORPUS" 1500 c >/dev/null 2>&1 || fail "gen_corpus"
	dir=$XDG_CACHE_HOME/lrmsearch/index
	"$LRMINDEX" build --jobs 1 --index "$dir" c/papers.yaml \
		>holder.out 2>holder.err </dev/null &
	pid=$!
	until [ "$(cat "$dir/.lock" 2>/dev/null)" = "$pid" ]; do
		kill -0 "$pid" 2>/dev/null ||
			fail "the build ended and never wrote its pid in the lock: $(cat holder.err)"
		sleep 0.01
	done
	kill -STOP "$pid"
	# from here on, whatever fails must not leave it stopped
	trap 'kill -CONT '"$pid"' 2>/dev/null; kill -KILL '"$pid"' 2>/dev/null' EXIT

	t0=$(now_ms)
	expect_status 2 timeout 20 "$LRMINDEX" build --no-wait --index "$dir" small.yaml
	assert_contains "$ERR" "another build (pid $pid) is building the index $dir; not waiting"
	t=$(($(now_ms) - t0))
	[ "$t" -lt 10000 ] || fail "--no-wait took $t ms"

	t0=$(now_ms)
	expect_status 2 timeout 20 "$LRMINDEX" build --wait=1 --index "$dir" small.yaml
	t=$(($(now_ms) - t0))
	info "--wait=1 gave up after $t ms"
	assert_contains "$ERR" "another build (pid $pid) is building the index $dir; waiting for it to finish (at most 1 s)"
	assert_contains "$ERR" "another build (pid $pid) still holds the lock of the index $dir after 1 s; gave up waiting"
	[ "$t" -ge 900 ] && [ "$t" -lt 15000 ] || fail "--wait=1 gave up after $t ms"

	LRM_INDEX_WAIT=1 expect_status 2 timeout 20 "$LRMSEARCH" latent
	assert_contains "$ERR" "lrmsearch: another build (pid $pid) is building the index $dir; waiting for it to finish (at most 1 s)"
	assert_contains "$ERR" "still holds the lock of the index $dir after 1 s"

	expect_status 2 "$LRMINDEX" build --wait=soon --index "$dir" small.yaml
	assert_contains "$ERR" "invalid --wait 'soon'"

	kill -CONT "$pid"
	trap - EXIT
	timeout 120 tail --pid="$pid" -f /dev/null
	wait "$pid" && rc=0 || rc=$?
	[ "$rc" -eq 0 ] || fail "the resumed build exited with status $rc: $(cat holder.err)"
	expect_status 0 "$LRMSEARCH" --count latent
}

run_tests "$@"
