#!/usr/bin/env bash
# tests/fuzz/run.sh BUILD_DIR [SECONDS [TARGET...]] - a bounded fuzzing run.
#
# Runs each libFuzzer binary of BUILD_DIR (configured with -DLRM_FUZZ=ON
# and built with `cmake --build BUILD_DIR --target fuzz`) for SECONDS
# (default 60) seconds: all four targets, or the ones named, as many at a
# time as there are cores.  Each starts from its committed corpus, tests/fuzz/corpus/TARGET/,
# which it only reads; the new inputs it finds go to
# BUILD_DIR/fuzz-corpus/TARGET/, kept for the next run.  A crash, leak,
# timeout or out-of-memory input is written to BUILD_DIR/fuzz-artifacts/.
#
# Exits 0 when no target failed, 1 when one did (after printing each
# failing input and what to do with it), 2 on a usage error.
set -u

here=$(cd "$(dirname "$0")" && pwd)
all_targets="fuzz_list fuzz_yaml fuzz_atom fuzz_query"

if [ $# -lt 1 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
	echo "Usage: $0 BUILD_DIR [SECONDS [TARGET...]]" >&2
	echo "Fuzz each target ($all_targets) for SECONDS (default 60)." >&2
	exit 2
fi
build=$(cd "$1" 2>/dev/null && pwd) || {
	echo "$0: $1: no such build directory" >&2
	exit 2
}
seconds=${2:-60}
case $seconds in
'' | *[!0-9]*)
	echo "$0: SECONDS must be a whole number, not '$seconds'" >&2
	exit 2
	;;
esac
shift $(($# >= 2 ? 2 : 1))
targets=${*:-$all_targets}

for t in $targets; do
	if [ ! -d "$here/corpus/$t" ]; then
		echo "$0: unknown target '$t' (known: $all_targets)" >&2
		exit 2
	fi
	if [ ! -x "$build/fuzz/$t" ]; then
		echo "$0: $build/fuzz/$t not found; build it with:" >&2
		echo "  CC=clang CXX=clang++ cmake -S $(cd "$here/../.." && pwd) -B $build -DLRM_FUZZ=ON" >&2
		echo "  cmake --build $build --target fuzz" >&2
		exit 2
	fi
done

artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts" "$build/fuzz-logs" || exit 2
# Stack traces for UBSan too; sanitizer reports end the run.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_stack_use_after_return=1}

# fuzz_one TARGET: fuzz it, write its summary line to
# fuzz-logs/TARGET.result, and return non-zero when it failed.
fuzz_one() {
	local t=$1 scratch tmp log before status runs speed found new line
	local dict=()
	scratch=$build/fuzz-corpus/$t
	tmp=$build/fuzz-tmp/$t
	log=$build/fuzz-logs/$t.log
	[ -f "$here/$t.dict" ] && dict=(-dict="$here/$t.dict")
	mkdir -p "$scratch" "$tmp" || return 2
	before=$(ls "$artifacts" | grep "^$t-" | sort)

	echo "==> fuzzing $t for ${seconds}s (log: $log)" >&2
	# New inputs go to the first directory, the scratch one; the
	# committed corpus is only read.  TMPDIR keeps fuzz_query's index
	# inside the build directory even when a crash skips its cleanup.
	TMPDIR=$tmp "$build/fuzz/$t" "${dict[@]}" \
		-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
		-print_final_stats=1 -artifact_prefix="$artifacts/$t-" \
		"$scratch" "$here/corpus/$t" >"$log" 2>&1
	status=$?
	rm -rf "$tmp"

	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	found=$(ls "$scratch" | wc -l)
	new=$(comm -13 <(printf '%s\n' "$before") \
		<(ls "$artifacts" | grep "^$t-" | sort) | grep -v '^$')
	line="$t: ${runs:-?} runs, ${speed:-?} exec/s, $found inputs in $scratch"
	if [ "$status" -eq 0 ] && [ -z "$new" ]; then
		echo "$line: ok" >"$build/fuzz-logs/$t.result"
		return 0
	fi
	echo "$line: FAILED (exit status $status)" >"$build/fuzz-logs/$t.result"
	{
		echo "==> $t FAILED (exit status $status); the end of its log:"
		# The sanitizer's or the oracle's report and the stack.
		grep -v '^#[0-9]*[[:space:]]*\(NEW\|REDUCE\|pulse\)' "$log" | tail -60
		if [ -z "$new" ]; then
			echo "$t failed without writing an input; see $log"
		fi
		for f in $new; do
			cat <<MSG

$t failed on: $artifacts/$f
Reproduce it with:
  $build/fuzz/$t $artifacts/$f
Add it to tests/fuzz/corpus/$t/ as a regression input, so every build's
test run replays it (ctest -R fuzz_replay_$t), then fix the bug:
  cp $artifacts/$f $here/corpus/$t/$f
MSG
		done
	} >&2
	return 1
}

# One target per core at a time: four targets on two cores take two
# rounds of SECONDS.
cores=$(nproc 2>/dev/null || echo 1)
failed=0
pids=()
for t in $targets; do
	rm -f "$build/fuzz-logs/$t.result"
	fuzz_one "$t" &
	pids+=($!)
	if [ "${#pids[@]}" -ge "$cores" ]; then
		wait "${pids[0]}" || failed=1
		pids=("${pids[@]:1}")
	fi
done
for pid in "${pids[@]}"; do
	wait "$pid" || failed=1
done
summary=$(for t in $targets; do cat "$build/fuzz-logs/$t.result" 2>/dev/null; done)
summary="$summary"$'\n'

echo "==> fuzzing summary" >&2
printf '%s' "$summary" >&2
exit $failed
