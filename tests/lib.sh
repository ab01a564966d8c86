# tests/lib.sh - a small harness for end-to-end tests of the real binaries.
#
# A test script defines functions named test_*, sources this file, and
# calls run_tests "$@".  Each test runs in a fresh temporary directory
# ($T) in a subshell, so one failure cannot leak into the next.  The run
# ends with "N passed, N failed" and exits 1 when any test failed.

set -u

fail() {
	echo "  FAILED: $*" >&2
	exit 1
}

# expect_status WANT CMD...: run CMD, fail unless it exits with WANT.
# Its output is kept in $OUT and $ERR (beside $T, not in it, so a test can
# list its own directory).
expect_status() {
	local want=$1 got
	shift
	"$@" >"$OUT" 2>"$ERR" </dev/null && got=0 || got=$?
	if [ "$got" != "$want" ]; then
		echo "  command: $(printf '%s' "$*" | head -c 300)" >&2
		echo "  stdout:" >&2
		sed 's/^/    /' "$OUT" | head -20 >&2
		echo "  stderr:" >&2
		sed 's/^/    /' "$ERR" | head -20 >&2
		fail "exit status $got, expected $want"
	fi
}

# assert_contains FILE TEXT: FILE contains TEXT (a fixed string).
assert_contains() {
	grep -qF -- "$2" "$1" || {
		sed 's/^/    /' "$1" | head -20 >&2
		fail "$1 does not contain '$2'"
	}
}

# assert_line FILE LINE: FILE has a line that is exactly LINE.
assert_line() {
	grep -qxF -- "$2" "$1" || {
		sed 's/^/    |/' "$1" | head -20 >&2
		fail "$1 has no line '$2'"
	}
}

assert_not_contains() {
	! grep -qF -- "$2" "$1" || fail "$1 contains '$2'"
}

# assert_same FILE1 FILE2: byte-identical.
assert_same() {
	cmp -s "$1" "$2" || {
		diff -u "$1" "$2" | head -40 >&2
		fail "$1 and $2 differ"
	}
}

assert_eq() {
	[ "$1" = "$2" ] || fail "'$1' != '$2'${3:+ ($3)}"
}

run_tests() {
	local passed=0 failed=0 name
	local names
	if [ $# -gt 0 ]; then
		names="$*"
	else
		names=$(declare -F | awk '{print $3}' | grep '^test_')
	fi
	for name in $names; do
		T=$(mktemp -d "${TMPDIR:-/tmp}/lrme2e.XXXXXX")
		OUT=$T.out
		ERR=$T.err
		if (cd "$T" && "$name"); then
			echo "ok - $name"
			passed=$((passed + 1))
		else
			echo "FAIL - $name"
			failed=$((failed + 1))
		fi
		rm -rf "$T" "$OUT" "$ERR"
	done
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
