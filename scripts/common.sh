# scripts/common.sh - sourced by run.sh and test.sh: Debian packages, build.
#
# The two commands in README.md must work on a fresh Debian 12 machine with
# nothing but git: as root they install what is missing with apt-get; as
# anyone else they print the exact apt-get line and stop.

set -eu

LRM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# What building and running need.
LRM_BUILD_PACKAGES="build-essential cmake pkg-config libxapian-dev libyaml-dev libutf8proc-dev libcurl4-openssl-dev libxml2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev ca-certificates"
# What the test suite needs on top.
# python3 runs the fake arXiv API that the fetcher is tested against;
# clang and its runtime libraries (libFuzzer, the sanitizers) build the
# fuzz targets of tests/fuzz/; valgrind checks memory and descriptors;
# SQLite (FTS5) and Xapian's quest are the peers of the benchmark suite,
# whose smoke run is a test (bench/); strace shows what a file is
# created with (tests/test_import_cli.sh).
LRM_TEST_PACKAGES="python3 clang libclang-rt-14-dev valgrind strace libsqlite3-dev xapian-tools"

lrm_say() {
	printf '==> %s\n' "$*" >&2
}

lrm_missing_packages() {
	local pkg missing=""
	for pkg in "$@"; do
		if ! dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null |
			grep -q '^install ok installed$'; then
			missing="$missing $pkg"
		fi
	done
	printf '%s' "${missing# }"
}

# lrm_ensure_packages PKG...: install the missing ones, or say how to.
lrm_ensure_packages() {
	local missing
	if ! command -v dpkg-query >/dev/null 2>&1; then
		lrm_say "dpkg-query not found: this script expects Debian 12 (or a derivative)."
		lrm_say "Install by hand: $*"
		return 1
	fi
	missing=$(lrm_missing_packages "$@")
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "Missing Debian packages. Install them as root with:" >&2
		echo "apt-get install $missing" >&2
		exit 1
	fi
	lrm_say "installing $missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing
}

# lrm_build DIR [CMAKE_ARG...]: configure (once) and build into DIR.
lrm_build() {
	local dir=$1
	shift
	lrm_say "building in $dir"
	cmake -S "$LRM_ROOT" -B "$dir" "$@" >/dev/null
	cmake --build "$dir" --parallel "$(nproc 2>/dev/null || echo 2)"
}
