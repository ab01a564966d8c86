#!/usr/bin/env bash
# End-to-end test of builds killed on a small disk (a tmpfs): what they
# leave behind is removed by the next build as soon as it holds the lock,
# so that build has the room it needs, where it used to fail with ENOSPC
# for ever.  Needs root (mount -t tmpfs).
# Usage: test_index_disk.sh LRMINDEX LRMSEARCH GEN_CORPUS SOURCE_DIR [TEST...]
LRMINDEX=$1
LRMSEARCH=$2
GEN_CORPUS=$3
SRC=$4
shift 4
. "$SRC/tests/lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: killed builds on a small tmpfs (needs root, for mount -t tmpfs)"
	exit 77
fi
PROBE=$(mktemp -d "${TMPDIR:-/tmp}/lrmprobe.XXXXXX")
if ! mount -t tmpfs -o size=1m tmpfs "$PROBE" 2>/dev/null; then
	rmdir "$PROBE"
	echo "SKIP: killed builds on a small tmpfs (mount -t tmpfs is not allowed here)"
	exit 77
fi
umount "$PROBE"
rmdir "$PROBE"

info() {
	echo "  # $*"
}

avail_kb() {
	df -k --output=avail "$1" | tail -1 | tr -d ' '
}

# Builds killed midway on a tmpfs with room for three indexes (the live
# one, the previous one and a new one, as a build needs): on the old code
# their leftovers filled it and the next build failed with ENOSPC,
# however often it ran.
test_killed_builds_on_a_small_disk() {
	local size used live_kb start pid n landed=0 rc

	unset LRM_INDEX NO_COLOR LRM_INDEX_WAIT
	export XDG_CACHE_HOME=$T/cache HOME=$T/home
	# titles only: a build commits every 1,000 papers, so it fills the
	# disk step by step, and a kill lands midway
	"$GEN_CORPUS" 10000 c >/dev/null 2>&1 || fail "gen_corpus"
	rm c/abstracts.yaml
	mkdir disk
	mount -t tmpfs -o size=256m tmpfs disk || fail "mount"
	trap 'umount "$T/disk"' EXIT
	"$LRMINDEX" build -q --jobs 1 --index disk/idx c/papers.yaml || fail "build"
	live_kb=$(du -sk disk/idx | cut -f1)
	used=$(($(df -k --output=used disk | tail -1)))
	size=$((used + live_kb * 22 / 10))
	mount -o remount,size=${size}k disk || fail "remount"
	info "the index takes $live_kb kB; the disk $size kB, $(avail_kb disk) kB free"
	for n in 1 2 3 4; do
		start=$(avail_kb disk)
		"$LRMINDEX" build --jobs 1 --full --index disk/idx c/papers.yaml \
			>build.out 2>build.err </dev/null &
		pid=$!
		# killed once it has written half an index
		while kill -0 "$pid" 2>/dev/null &&
			[ "$(avail_kb disk)" -gt $((start - live_kb / 2)) ]; do
			sleep 0.01
		done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" && rc=0 || rc=$?
		[ "$rc" -eq 137 ] && landed=$((landed + 1))
		info "build $n: exit status $rc, $(avail_kb disk) kB free after it"
	done
	[ "$landed" -gt 0 ] || fail "no kill landed while a build ran"
	expect_status 0 "$LRMINDEX" build --index disk/idx c/papers.yaml
	expect_status 0 "$LRMSEARCH" --index disk/idx --count ""
	assert_eq "$(cat "$OUT")" 10000
	umount disk
	trap - EXIT
}

run_tests "$@"
