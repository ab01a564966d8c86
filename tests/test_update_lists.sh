#!/usr/bin/env bash
# End-to-end tests of `lrmindex update-lists` against a stand-in for
# raw.githubusercontent.com on 127.0.0.1 (tests/fake_lists.py): a manifest
# of two lists in a temporary directory, their READMEs served from www/.
# Usage: test_update_lists.sh LRMINDEX SOURCE_DIR [TEST...]
LRMINDEX=$1
SRC=$2
shift 2
. "$SRC/tests/lib.sh"

# The README of list $1 on the server.
readme() {
	echo "www/$1/awesome-$1/HEAD/README.md"
}

# write_readme LIST TITLE...: a list in the seed list's format, one row a
# title, each with an arXiv link of its own.
write_readme() {
	local list=$1 n=0 title
	shift
	mkdir -p "$(dirname "$(readme "$list")")"
	{
		echo "# Awesome $list"
		echo
		echo "## Papers"
		echo
		echo "| Time | Title | Venue | Paper | Code |"
		echo "| - | - | - | - | - |"
		for title in "$@"; do
			n=$((n + 1))
			printf '| 2025.0%d | %s | arXiv'\''25 | [link](https://arxiv.org/abs/2501.%05d) | - |\n' \
				$((n % 9 + 1)) "$title" "$(( $(printf %d "'${list:0:1}") * 100 + n ))"
		done
	} >"$(readme "$list")"
}

# The manifest, with each list's url under SCHEME (default https).
write_manifest() {
	local scheme=${1:-https} list
	mkdir -p corpus
	{
		echo "format: lrmsearch-lists/1"
		echo "lists:"
		for list in alpha beta; do
			echo "- name: \"$list\""
			echo "  repository: \"https://github.com/$list/awesome-$list\""
			echo "  path: \"lists/$list.md\""
			echo "  commit: \"0123456789abcdef0123456789abcdef01234567\""
			echo "  url: \"$scheme://raw.githubusercontent.com/$list/awesome-$list/HEAD/README.md\""
		done
		if [ "${2:-}" = with-local ]; then
			echo "- name: \"mine\""
			echo "  path: \"lists/mine.md\""
		fi
		echo "count: $([ "${2:-}" = with-local ] && echo 3 || echo 2)"
	} >corpus/lists.yaml
}

start_server() {
	mkdir -p www
	python3 "$SRC/tests/fake_lists.py" www port requests.log &
	SERVER=$!
	for _ in $(seq 100); do
		[ -s port ] && break
		sleep 0.05
	done
	[ -s port ] || fail "the fake list server did not start"
	PORT=$(cat port)
	BASE=http://127.0.0.1:$PORT
}

stop_server() {
	[ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null
	wait 2>/dev/null
}

# Two lists; Shared Thoughts is in both.
setup() {
	write_manifest "$@"
	start_server
	trap stop_server EXIT
	write_readme alpha "Alpha Paper One" "Alpha Paper Two" "Shared Thoughts"
	write_readme beta "Beta Paper One" "Shared Thoughts"
}

update() {
	env -u LRM_LISTS_BASE_URL "$LRMINDEX" update-lists \
		--manifest corpus/lists.yaml --output corpus/papers.yaml \
		--timeout 5 --delay 0 "$@"
}

requests() {
	if [ -e requests.log ]; then
		grep -c "^$1/" requests.log || true
	else
		echo 0
	fi
}

# Fail if FILE holds a control character other than a line feed or tab.
assert_no_controls() {
	! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$1" ||
		fail "$1 holds a control character: $(od -c "$1" | head -5)"
}

# The snapshot of LIST, its bytes and time stamp kept in LIST.before.
keep_snapshot() {
	touch -d '2020-01-02 03:04:05' "corpus/lists/$1.md"
	cp -p "corpus/lists/$1.md" "$1.before"
}

assert_snapshot_kept() {
	assert_same "$1.before" "corpus/lists/$1.md"
	assert_eq "$(stat -c %Y "corpus/lists/$1.md")" \
		"$(stat -c %Y "$1.before")" "the snapshot of $1 was rewritten"
}

test_first_update_fetches_every_list() {
	setup
	expect_status 0 update --base-url "$BASE"
	assert_same "$(readme alpha)" corpus/lists/alpha.md
	assert_same "$(readme beta)" corpus/lists/beta.md
	assert_line "$OUT" "4 new papers in 2 lists:"
	assert_line "$OUT" "  Alpha Paper One (alpha)"
	assert_line "$OUT" "  Beta Paper One (beta)"
	assert_line "$OUT" "  Shared Thoughts (alpha, beta)"
	assert_contains "$ERR" "alpha: updated"
	assert_contains "$ERR" "(the manifest's commit 0123456789abcdef0123456789abcdef01234567 is the previous snapshot's)"
	assert_contains corpus/papers.yaml 'title: "Beta Paper One"'
	assert_eq "$(requests alpha)" 1
	assert_eq "$(requests beta)" 1
	assert_contains requests.log "lrmsearch/"
	assert_contains requests.log "(lrmindex update-lists)"
}

test_two_new_rows_are_reported_with_their_titles() {
	setup
	expect_status 0 update --base-url "$BASE"
	keep_snapshot beta
	write_readme alpha "Alpha Paper One" "Fresh Idea One" "Alpha Paper Two" \
		"Shared Thoughts" "Fresh Idea Two"
	expect_status 0 update --base-url "$BASE"
	assert_same "$(readme alpha)" corpus/lists/alpha.md
	assert_eq "$(head -1 "$OUT")" "2 new papers in 1 list:"
	assert_line "$OUT" "  Fresh Idea One (alpha)"
	assert_line "$OUT" "  Fresh Idea Two (alpha)"
	assert_eq "$(wc -l <"$OUT")" 3
	assert_contains corpus/papers.yaml 'title: "Fresh Idea Two"'
	assert_snapshot_kept beta
}

test_unchanged_readme_leaves_the_snapshot_untouched() {
	setup
	expect_status 0 update --base-url "$BASE"
	keep_snapshot alpha
	keep_snapshot beta
	expect_status 0 update --base-url "$BASE"
	assert_snapshot_kept alpha
	assert_snapshot_kept beta
	assert_line "$OUT" "no new papers"
	assert_contains "$ERR" "alpha: unchanged"
}

test_a_404_names_the_list_and_the_others_update() {
	setup
	expect_status 0 update --base-url "$BASE"
	keep_snapshot beta
	write_readme alpha "Alpha Paper One" "Alpha Paper Two" "Shared Thoughts" \
		"Fresh Idea One" "Fresh Idea Two"
	rm "$(readme beta)"
	expect_status 1 update --base-url "$BASE"
	assert_contains "$ERR" "beta: failed: HTTP status 404 ($BASE/beta/awesome-beta/HEAD/README.md); corpus/lists/beta.md left as it was; check the list's url in corpus/lists.yaml"
	assert_contains "$ERR" "1 of 2 lists failed"
	assert_snapshot_kept beta
	assert_same "$(readme alpha)" corpus/lists/alpha.md
	assert_eq "$(head -1 "$OUT")" "2 new papers in 1 list:"
	assert_line "$OUT" "  Fresh Idea Two (alpha)"
	# a 404 is not retried
	assert_eq "$(requests beta)" 2
}

test_answers_that_are_no_readme_are_refused() {
	local why
	setup
	expect_status 0 update --base-url "$BASE"
	keep_snapshot alpha
	while IFS='|' read -r case why; do
		case $case in
		html-evil)
			printf '<div>Rate limited</div>\n' >"$(readme alpha)"
			printf 'text/html; charset=\033]0;pwned\007x\n' >"$(readme alpha).type" ;;
		html-type)
			echo "text/html; charset=utf-8" >"$(readme alpha).type" ;;
		html-body)
			rm -f "$(readme alpha).type"
			printf '\n  <!DOCTYPE html>\n<html><body>Sign in</body></html>\n' >"$(readme alpha)" ;;
		empty) : >"$(readme alpha)" ;;
		blank) printf ' \n\n\t\n' >"$(readme alpha)" ;;
		binary) printf '# List\n\000\001\002' >"$(readme alpha)" ;;
		latin1) printf '# Liste des papiers\n| Ann\351e |\n' >"$(readme alpha)" ;;
		huge) head -c $((9 << 20)) /dev/zero | tr '\0' 'a' >"$(readme alpha)" ;;
		esac
		expect_status 1 update --base-url "$BASE" --list alpha
		assert_contains "$ERR" "alpha: failed: $why"
		assert_contains "$ERR" "corpus/lists/alpha.md left as it was"
		assert_snapshot_kept alpha
		assert_line "$OUT" "no new papers"
		assert_no_controls "$ERR"
	done <<'CASES'
html-evil|the server sent an HTML page (Content-Type: text/html; charset=\x1b]0;pwned\x07x), not Markdown
html-type|the server sent an HTML page (Content-Type: text/html; charset=utf-8), not Markdown
html-body|the server sent an HTML page, not Markdown
empty|the server sent an empty answer, not a README
blank|the server sent only white space, not a README
binary|the server sent binary data (a NUL byte at offset 7), not Markdown
latin1|the server sent text that is not UTF-8 (an invalid byte at offset 25), not Markdown
huge|the README is larger than 8 MiB, the most accepted
CASES
}

test_control_characters_in_a_title_are_not_printed() {
	setup
	expect_status 0 update --base-url "$BASE"
	write_readme alpha "Alpha Paper One" "Alpha Paper Two" "Shared Thoughts" \
		"$(printf 'Evil \033]0;pwned\007Title \302\233\061m')"
	expect_status 0 update --base-url "$BASE"
	assert_eq "$(head -1 "$OUT")" "1 new paper in 1 list:"
	assert_contains "$OUT" "Evil"
	assert_no_controls "$OUT"
	assert_no_controls "$ERR"
	! grep -q "$(printf '\302\233')" "$OUT" || fail "a C1 control reached stdout"
}

test_503_is_retried_as_retry_after_says() {
	setup
	echo 503 >"$(readme beta).once"
	expect_status 0 update --base-url "$BASE"
	assert_contains "$ERR" "beta: HTTP status 503; trying again in 0.0s"
	assert_eq "$(requests beta)" 2
	assert_same "$(readme beta)" corpus/lists/beta.md
}

test_redirects_are_followed_to_http_and_https_only() {
	setup
	expect_status 0 update --base-url "$BASE"
	keep_snapshot alpha
	# a renamed repository: GitHub answers 301
	write_readme alpha "Alpha Paper One" "Alpha Paper Two" "Shared Thoughts" "Moved Paper"
	mkdir -p www/alpha/renamed/HEAD
	mv "$(readme alpha)" www/alpha/renamed/HEAD/README.md
	echo "/alpha/renamed/HEAD/README.md" >"$(readme alpha).location"
	expect_status 0 update --base-url "$BASE"
	assert_line "$OUT" "  Moved Paper (alpha)"
	assert_same www/alpha/renamed/HEAD/README.md corpus/lists/alpha.md
	keep_snapshot alpha
	echo "file:///etc/passwd" >"$(readme alpha).location"
	expect_status 1 update --base-url "$BASE"
	assert_contains "$ERR" "alpha: failed: the server redirected to 'file:///etc/passwd', which is not http or https"
	assert_snapshot_kept alpha
}

test_list_fetches_one_list_and_rebuilds_from_all() {
	setup
	expect_status 0 update --base-url "$BASE"
	keep_snapshot alpha
	write_readme alpha "Alpha Paper One" "Alpha Paper Two" "Shared Thoughts" "Not Yet"
	write_readme beta "Beta Paper One" "Shared Thoughts" "Beta Paper Two"
	expect_status 0 update --base-url "$BASE" --list beta
	assert_eq "$(requests alpha)" 1
	assert_eq "$(requests beta)" 2
	assert_snapshot_kept alpha
	assert_line "$OUT" "1 new paper in 1 list:"
	assert_line "$OUT" "  Beta Paper Two (beta)"
	assert_contains corpus/papers.yaml 'title: "Alpha Paper One"'
}

test_base_url_from_the_environment() {
	setup
	LRM_LISTS_BASE_URL=$BASE/ expect_status 0 "$LRMINDEX" update-lists \
		--manifest corpus/lists.yaml --output corpus/papers.yaml
	assert_line "$OUT" "4 new papers in 2 lists:"
	assert_eq "$(requests alpha)" 1
	LRM_LISTS_BASE_URL=gopher://x expect_status 2 "$LRMINDEX" update-lists \
		--manifest corpus/lists.yaml --output corpus/papers.yaml
	assert_contains "$ERR" "invalid \$LRM_LISTS_BASE_URL 'gopher://x'"
}

test_only_https_urls_are_fetched_from_the_manifest() {
	setup http
	mkdir -p corpus/lists
	cp "$(readme alpha)" corpus/lists/alpha.md
	cp "$(readme beta)" corpus/lists/beta.md
	keep_snapshot alpha
	expect_status 1 update
	assert_contains "$ERR" "alpha: failed: its url 'http://raw.githubusercontent.com/alpha/awesome-alpha/HEAD/README.md' is not an https:// URL"
	assert_contains "$ERR" "2 of 2 lists failed"
	assert_snapshot_kept alpha
	assert_eq "$(requests alpha)" 0
}

test_a_list_without_url_is_skipped_unless_asked_for() {
	setup https with-local
	mkdir -p corpus/lists
	printf '| Title |\n| - |\n| My Own Paper |\n' >corpus/lists/mine.md
	keep_snapshot mine
	expect_status 0 update --base-url "$BASE"
	assert_contains "$ERR" "mine: skipped: the manifest gives it no url"
	assert_line "$OUT" "  My Own Paper (mine)"
	assert_snapshot_kept mine
	expect_status 1 update --base-url "$BASE" --list mine
	assert_contains "$ERR" "mine: failed: the manifest gives it no url; corpus/lists/mine.md left as it was"
	assert_contains "$ERR" "1 of 1 list failed"
	assert_eq "$(requests alpha)" 1
}

test_no_server_fails_every_list_and_keeps_snapshots() {
	setup
	expect_status 0 update --base-url "$BASE"
	keep_snapshot alpha
	keep_snapshot beta
	cp corpus/papers.yaml papers.before
	expect_status 1 update --base-url http://127.0.0.1:9 --retries 1
	assert_contains "$ERR" "alpha: failed:"
	assert_contains "$ERR" "onnect"
	assert_contains "$ERR" "(gave up after 2 tries)"
	assert_contains "$ERR" "alpha: Failed to connect"  # the retry said why
	assert_contains "$ERR" "2 of 2 lists failed"
	assert_snapshot_kept alpha
	assert_snapshot_kept beta
	assert_line "$OUT" "no new papers"
	assert_same papers.before corpus/papers.yaml
}

test_usage_errors_exit_2_before_any_request() {
	setup
	expect_status 2 update --base-url "$BASE" --list gamma
	assert_contains "$ERR" "corpus/lists.yaml has no list named 'gamma' (its lists: alpha, beta)"
	expect_status 2 update --base-url ftp://127.0.0.1/
	assert_contains "$ERR" "invalid --base-url 'ftp://127.0.0.1/'"
	expect_status 2 update --base-url "$BASE" extra.md
	assert_contains "$ERR" "unexpected argument 'extra.md'"
	expect_status 2 update --base-url "$BASE" --output -
	expect_status 2 update --base-url "$BASE" --tries 0
	expect_status 2 update --base-url "$BASE" --retries x
	expect_status 2 update --base-url "$BASE" --manifest nowhere.yaml
	assert_contains "$ERR" "nowhere.yaml"
	echo "not a dataset" >corpus/papers.yaml
	expect_status 2 update --base-url "$BASE"
	assert_contains "$ERR" "corpus/papers.yaml"
	assert_eq "$(requests alpha)" 0
	assert_eq "$(requests beta)" 0
	[ ! -e corpus/lists/alpha.md ] || fail "a snapshot was written"
	expect_status 0 "$LRMINDEX" update-lists --help
	assert_contains "$OUT" "--base-url=URL"
}

run_tests "$@"
