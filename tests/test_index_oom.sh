#!/usr/bin/env bash
# End-to-end tests of `lrmindex build` running out of memory (ulimit -v):
# at whatever point memory runs out, the build ends with exit status 2 and
# "out of memory" in its message (never a crash: a writable database is
# closed without the commit that crashed in Xapian's destructor), the live
# index stays as it was, and nothing of the new one is left.  With
# --jobs 2 the message is the worker's own.
# Usage: test_index_oom.sh LRMINDEX LRMSEARCH GEN_CORPUS SOURCE_DIR SANITIZE [TEST...]
LRMINDEX=$1
LRMSEARCH=$2
GEN_CORPUS=$3
SRC=$4
SANITIZE=$5
shift 5
. "$SRC/tests/lib.sh"

case $SANITIZE in
ON | on | 1 | TRUE | true | YES | yes)
	# ASan reserves terabytes of address space: no ulimit -v can work.
	echo "SKIP: a memory limit (ulimit -v) cannot work under AddressSanitizer; this runs in the normal build"
	exit 77
	;;
esac

# A live index of tests/lists/small.md in $T/idx; the tests add a corpus
# of papers with abstracts in $T/c (abstracts.yaml beside the dataset).
setup() {
	unset LRM_INDEX NO_COLOR LRM_INDEX_WAIT
	export XDG_CACHE_HOME=$T/cache HOME=$T/home
	"$LRMINDEX" import -q -o small.yaml "$SRC/tests/lists/small.md" || fail "import"
	"$LRMINDEX" build -q --index idx small.yaml || fail "build"
	cp idx/current current.before
}

# vm_profile CMD...: run CMD (a build into $T/prof) and sample the virtual
# memory of it and its children: VM_START, when its first generation
# appeared (loading is done, indexing begins), and VM_PEAK, in kB.
vm_profile() {
	local pid v p

	VM_START=0 VM_PEAK=0
	"$@" >/dev/null 2>&1 </dev/null &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		for p in $pid $(pgrep -P "$pid"); do
			v=$(awk '/^VmSize/ { print $2 }' "/proc/$p/status" 2>/dev/null)
			[ -n "$v" ] && [ "$v" -gt "$VM_PEAK" ] && VM_PEAK=$v
		done
		if [ "$VM_START" -eq 0 ] && compgen -G 'prof/gen-*' >/dev/null; then
			VM_START=$(awk '/^VmSize/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
			VM_START=${VM_START:-0}
		fi
		sleep 0.02
	done
	wait "$pid" || fail "the build to profile failed"
	[ "$VM_START" -gt 0 ] && [ "$VM_PEAK" -gt "$VM_START" ] ||
		fail "no memory profile: start $VM_START kB, peak $VM_PEAK kB"
	info "a build's memory: $VM_START kB when indexing starts, $VM_PEAK kB at most"
}

info() {
	echo "  # $*"
}

# limited KB ARGS...: lrmindex build ARGS under ulimit -v KB, into $T/idx;
# RC is its exit status, build.err what it said.  It fails cleanly or
# succeeds: never a signal, the live index as it was (or replaced, when
# it succeeded), and no generation or shard left beside it.
limited() {
	local kb=$1
	shift
	(ulimit -v "$kb" && exec "$LRMINDEX" build --full --index idx "$@") \
		>/dev/null 2>build.err </dev/null && RC=0 || RC=$?
	[ "$RC" -lt 128 ] || fail "ulimit -v $kb: killed by signal $((RC - 128)): $(head -3 build.err)"
	if [ "$RC" -eq 0 ]; then
		return 0
	fi
	[ "$RC" -eq 2 ] || fail "ulimit -v $kb: exit status $RC: $(head -3 build.err)"
	assert_contains build.err "out of memory"
	assert_not_contains build.err "the process failed"
	assert_same idx/current current.before
	assert_eq "$(ls idx | tr '\n' ' ')" "current $(sed -n 's/^auto //p' idx/current) " \
		"ulimit -v $kb: what is left in idx"
	expect_status 0 "$LRMSEARCH" --index idx --count latent
}

# Memory runs out at points all through the build: each fails cleanly,
# and at least one after the dataset was read, while indexing.
test_out_of_memory() {
	local k kb mid=0

	setup
	"$GEN_CORPUS" 1200 c >/dev/null 2>&1 || fail "gen_corpus"
	vm_profile "$LRMINDEX" build --jobs 1 --index prof c/papers.yaml
	for k in $(seq 1 8); do
		kb=$((VM_START + k * 2500))
		limited "$kb" --jobs 1 c/papers.yaml
		[ "$RC" -eq 0 ] && break
		grep -q "while building the index" build.err && mid=$((mid + 1))
	done
	info "$mid of $k limits ran out of memory while indexing"
	[ "$mid" -gt 0 ] || fail "no limit ran out of memory while indexing"
}

# Memory runs out before the build has even read its data, at the very
# first thing it does (it maps the stack it will need, and growing the
# stack past the limit would be SIGSEGV): every limit at which the program
# starts at all gives exit status 0 or 2, never a signal.
test_out_of_memory_at_the_start() {
	local kb lowest=0 tried=0

	setup
	"$GEN_CORPUS" 1200 c >/dev/null 2>&1 || fail "gen_corpus"
	# the least memory in which lrmindex starts (below it the loader or
	# libxapian's own start-up fails, before any of our code runs)
	for kb in $(seq 20000 500 200000); do
		if (ulimit -v "$kb" && exec "$LRMINDEX" --help) >/dev/null 2>&1; then
			lowest=$kb
			break
		fi
	done
	[ "$lowest" -gt 0 ] || fail "lrmindex does not start under 200 MB"
	for kb in $(seq "$lowest" 125 $((lowest + 6000))); do
		(ulimit -v "$kb" && exec "$LRMINDEX" --help) >/dev/null 2>&1 || continue
		tried=$((tried + 1))
		limited "$kb" --jobs 1 c/papers.yaml
	done
	info "$tried limits from $lowest kB, each a clean failure or a build"
	[ "$tried" -gt 10 ] || fail "only $tried limits tried"
}

# start_vm CMD...: run CMD (a --jobs 2 build into $T/prof) until its
# shard workers start, and stop it: VM_START is its virtual memory then
# (the workers start with as much), in kB.
start_vm() {
	local pid deadline kids

	"$@" >/dev/null 2>&1 </dev/null &
	pid=$!
	deadline=$((SECONDS + 60))
	until compgen -G 'prof/gen-*-shard-*' >/dev/null; do
		kill -0 "$pid" 2>/dev/null || fail "the build ended before its workers started"
		[ "$SECONDS" -lt "$deadline" ] || fail "no shard workers after 60 s"
		sleep 0.02
	done
	VM_START=$(awk '/^VmSize/ { print $2 }' "/proc/$pid/status")
	kids=$(pgrep -P "$pid")
	kill -KILL "$pid" $kids 2>/dev/null
	wait "$pid" 2>/dev/null
	info "the workers start with $VM_START kB"
}

# Shard workers run out of memory: the parent says so in the worker's
# words, not "the process failed".
test_out_of_memory_in_a_worker() {
	local k kb said=0

	setup
	"$GEN_CORPUS" 10000 c >/dev/null 2>&1 || fail "gen_corpus"
	start_vm "$LRMINDEX" build --jobs 2 --index prof c/papers.yaml
	for k in 1 2 4 8; do
		kb=$((VM_START + k * 2000))
		limited "$kb" --jobs 2 c/papers.yaml
		[ "$RC" -eq 0 ] && break
		grep -q "building shard [01]: .*out of memory" build.err &&
			said=$((said + 1))
	done
	info "$said limits: a worker ran out of memory and said so"
	[ "$said" -gt 0 ] || fail "no worker reported running out of memory"
}

run_tests "$@"
