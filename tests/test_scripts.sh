#!/usr/bin/env bash
# Tests of the two README commands' package handling (scripts/common.sh).
# Usage: test_scripts.sh SOURCE_DIR [TEST...]
SRC=$1
shift
. "$SRC/tests/lib.sh"

# Run bash code with common.sh sourced, as a user who is not root.
as_user() {
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		bash -c ". '$SRC/scripts/common.sh'; $1"
}

test_installed_packages_are_not_missing() {
	expect_status 0 bash -c ". '$SRC/scripts/common.sh'; lrm_missing_packages bash coreutils"
	assert_eq "$(cat "$OUT")" ""
}

test_missing_packages_are_named() {
	expect_status 0 bash -c ". '$SRC/scripts/common.sh'; lrm_missing_packages bash lrm-no-such-package-1 lrm-no-such-package-2"
	assert_eq "$(cat "$OUT")" "lrm-no-such-package-1 lrm-no-such-package-2"
}

# Not root: print the exact apt-get line and stop, installing nothing.
test_not_root_prints_the_apt_get_line() {
	[ "$(id -u)" -eq 0 ] || { echo "  (skipped: needs root to switch users)"; return 0; }
	expect_status 1 as_user "lrm_ensure_packages bash lrm-no-such-package; echo not reached"
	assert_line "$ERR" "apt-get install lrm-no-such-package"
	assert_not_contains "$OUT" "not reached"
	# nothing missing: carries on
	expect_status 0 as_user "lrm_ensure_packages bash; echo carried on"
	assert_contains "$OUT" "carried on"
}

# The scripts need every package the build needs: the list names them.
test_package_list_covers_the_build() {
	for pkg in cmake pkg-config libxapian-dev libyaml-dev libutf8proc-dev build-essential; do
		expect_status 0 bash -c ". '$SRC/scripts/common.sh'; case \" \$LRM_BUILD_PACKAGES \" in *\" $pkg \"*) ;; *) exit 1 ;; esac"
	done
}

# CMake names the Debian package of a missing dependency.
test_cmake_names_missing_packages() {
	PKG_CONFIG_LIBDIR=$T/none PKG_CONFIG_PATH= \
		expect_status 1 cmake -S "$SRC" -B "$T/build"
	assert_contains "$ERR" "xapian-core not found"
	assert_contains "$ERR" "Install it with: apt-get install libxapian-dev"
}

run_tests "$@"
