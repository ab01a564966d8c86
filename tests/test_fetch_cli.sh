#!/usr/bin/env bash
# End-to-end tests of `lrmindex fetch` against a fake arXiv API on
# 127.0.0.1 (tests/fake_arxiv.py), and of searching what it fetched.
# Usage: test_fetch_cli.sh LRMINDEX LRMSEARCH SOURCE_DIR [TEST...]
LRMINDEX=$1
LRMSEARCH=$2
SRC=$3
shift 3
. "$SRC/tests/lib.sh"

# Seven papers the fake API knows; 2501.00005's list title is another
# paper's (the list links the wrong paper).
write_papers() {
	cat >papers.tsv <<'TSV'
2501.00001	Latent Thoughts for Efficient Reasoning	We study zanzibarite reasoning chains. They are short.	Ada Lovelace;Alan Turing
2501.00002	Budget Forcing at Test Time	Budget forcing trims long chains of thought without hurting accuracy.	Grace Hopper
2501.00003	Pruning Reflection Tokens	Reflection tokens are pruned by a small verifier model.	Edsger Dijkstra;Barbara Liskov
2501.00004	Speculative Thinking with Drafts	A draft model proposes steps that a large model checks.	Donald Knuth
2501.00005	Protein Folding with Diffusion	An unrelated paper about proteins.	Frances Allen
2501.00006	Early Exit for Reasoning Models	Models stop thinking once an answer is stable.	John Backus
2501.00007	Routing Queries between Models	A router sends easy queries to a small model & hard ones to a large one.	Leslie Lamport
TSV
	{
		echo "## Papers"
		echo "| Time | Title | Venue | Paper | Code |"
		echo "| - | - | - | - | - |"
		while IFS=$'\t' read -r id title _; do
			[ "$id" = 2501.00005 ] && title="Mixture of Reasoning Experts"
			echo "| 2025.01 | $title | arXiv'25 | [link](https://arxiv.org/abs/$id) | - |"
		done <papers.tsv
		[ "${1:-}" = with-bad-id ] &&
			echo "| 2025.01 | Not On arXiv | arXiv'25 | [link](https://arxiv.org/abs/2501.99999) | - |"
	} >list.md
	"$LRMINDEX" import -q -o dataset.yaml list.md || fail "import"
}

start_server() {
	python3 "$SRC/tests/fake_arxiv.py" papers.tsv port requests.log &
	SERVER=$!
	for _ in $(seq 100); do
		[ -s port ] && break
		sleep 0.05
	done
	[ -s port ] || fail "the fake arXiv API did not start"
	PORT=$(cat port)
}

stop_server() {
	[ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null
	wait 2>/dev/null
}

setup() {
	write_papers "$@"
	start_server
	trap stop_server EXIT
}

api() {
	echo "http://127.0.0.1:$PORT/$1/api/query"
}

fetch() {
	"$LRMINDEX" fetch --cache cache.yaml --delay 0 --timeout 1 "$@" dataset.yaml
}

requests() {
	if [ -e requests.log ]; then
		grep -c "^$1	" requests.log || true
	else
		echo 0
	fi
}

test_normal_run_fills_the_cache() {
	setup
	expect_status 0 fetch --arxiv-url "$(api normal)" --batch 3
	assert_contains "$ERR" "7 fetched, 0 cached already, 0 failed"
	assert_eq "$(requests normal)" 3 "7 ids in batches of 3"
	# every request named at most 3 ids, and who we are
	awk -F'\t' '{ if (split($2, a, ",") > 3) exit 1 }' requests.log ||
		fail "a batch larger than 3"
	assert_contains requests.log "lrmsearch/"
	# the cache holds what the API said, white space normalised
	assert_contains cache.yaml 'format: lrmsearch-abstracts/2'
	assert_contains cache.yaml 'arxiv: "2501.00001"'
	assert_contains cache.yaml 'version: "v2"'
	assert_contains cache.yaml 'abstract: "We study zanzibarite reasoning chains. They are short."'
	assert_contains cache.yaml 'title: "Latent Thoughts for Efficient Reasoning"'
	assert_contains cache.yaml '"Alan Turing"'
	assert_contains cache.yaml 'published: "2025-03-29T17:59:59Z"'
	assert_contains cache.yaml 'category: "cs.CL"'
	assert_contains cache.yaml 'comment: "12 pages"'
	assert_contains cache.yaml 'fetched: "20'
	assert_contains cache.yaml 'abstract: "A router sends easy queries to a small model & hard ones to a large one."'
	# the list links the wrong paper for 2501.00005: flagged
	assert_contains "$ERR" "title mismatch 2501.00005"
	assert_not_contains "$ERR" "title mismatch 2501.00001"
}

test_second_run_fetches_nothing_new() {
	setup
	expect_status 0 fetch --arxiv-url "$(api normal)"
	cp cache.yaml first.yaml
	expect_status 0 fetch --arxiv-url "$(api normal)"
	assert_contains "$ERR" "0 fetched, 7 cached already, 0 failed"
	assert_eq "$(requests normal)" 1
	assert_same first.yaml cache.yaml
	expect_status 0 fetch --arxiv-url "$(api normal)" --refresh
	assert_contains "$ERR" "7 fetched, 0 cached already"
	assert_eq "$(requests normal)" 2
}

test_503_then_success_honours_retry_after() {
	setup
	expect_status 0 fetch --arxiv-url "$(api flaky)"
	assert_contains "$ERR" "HTTP status 503; trying again in 1.0s"
	assert_contains "$ERR" "7 fetched"
	assert_eq "$(requests flaky)" 2
	# the retry waited as Retry-After asked
	awk -F'\t' 'NR == 1 { t = $4 } NR == 2 { exit !($4 - t >= 0.9) }' requests.log ||
		fail "retried sooner than Retry-After: 1"
}

test_slow_response_times_out_then_retries() {
	setup
	expect_status 0 fetch --arxiv-url "$(api slow)"
	assert_contains "$ERR" "imed out"
	assert_contains "$ERR" "7 fetched"
	assert_eq "$(requests slow)" 2
}

test_truncated_body_is_retried() {
	setup
	expect_status 0 fetch --arxiv-url "$(api truncated)"
	assert_contains "$ERR" "trying again"
	assert_contains "$ERR" "7 fetched, 0 cached already, 0 failed"
	assert_eq "$(requests truncated)" 2
}

test_malformed_xml_fails_the_batch_and_keeps_the_cache() {
	setup
	expect_status 0 fetch --arxiv-url "$(api normal)" --batch 100
	cp cache.yaml before.yaml
	expect_status 1 fetch --arxiv-url "$(api malformed)" --refresh --tries 2
	assert_contains "$ERR" "bad response: response:1:"
	assert_contains "$ERR" "gave up after retries"
	assert_contains "$ERR" "0 fetched, 0 cached already, 7 failed"
	assert_eq "$(requests malformed)" 2
	assert_same before.yaml cache.yaml
}

test_error_entry_fails_one_id_keeps_the_rest() {
	setup with-bad-id
	expect_status 1 fetch --arxiv-url "$(api normal)"
	assert_contains "$ERR" "7 fetched, 0 cached already, 1 failed"
	assert_contains "$ERR" "failed 2501.99999: incorrect id format for 2501.99999"
	assert_not_contains cache.yaml "2501.99999"
	assert_contains cache.yaml "2501.00007"
}

test_client_error_is_not_retried() {
	setup
	expect_status 1 fetch --arxiv-url "$(api notfound)" --tries 5
	assert_contains "$ERR" "HTTP status 404"
	assert_eq "$(requests notfound)" 1
}

test_unavailable_gives_up_per_batch_and_goes_on() {
	setup
	expect_status 1 fetch --arxiv-url "$(api unavailable)" --tries 2 --batch 4
	assert_eq "$(requests unavailable)" 4 "2 tries for each of 2 batches"
	assert_contains "$ERR" "batch 2501.00001..2501.00004 failed"
	assert_contains "$ERR" "batch 2501.00005..2501.00007 failed"
	[ -e cache.yaml ] && fail "a cache was written with nothing in it"
	true
}

test_no_server_reachable() {
	write_papers
	expect_status 0 "$LRMINDEX" import -q -o dataset.yaml list.md
	printf 'format: lrmsearch-abstracts/2\nabstracts: []\ncount: 0\n' >cache.yaml
	cp cache.yaml before.yaml
	# a port nobody listens on
	expect_status 1 fetch --arxiv-url http://127.0.0.1:9/api/query --tries 2 --batch 5
	assert_contains "$ERR" "batch 2501.00001..2501.00005 failed"
	assert_contains "$ERR" "batch 2501.00006..2501.00007 failed"
	assert_contains "$ERR" "onnect"
	assert_contains "$ERR" "0 fetched, 0 cached already, 7 failed"
	assert_same before.yaml cache.yaml
}

test_delay_between_requests() {
	setup
	expect_status 0 "$LRMINDEX" fetch --cache cache.yaml --delay 0.4 --batch 3 \
		--arxiv-url "$(api normal)" dataset.yaml
	awk -F'\t' 'NR > 1 && $4 - t < 0.35 { exit 1 } { t = $4 }' requests.log ||
		fail "requests closer together than --delay"
}

test_killed_midway_then_resumed() {
	setup
	"$LRMINDEX" fetch --cache cache.yaml --delay 0.3 --batch 1 \
		--arxiv-url "$(api normal)" dataset.yaml 2>/dev/null &
	pid=$!
	for _ in $(seq 200); do
		n=$(grep -c 'arxiv:' cache.yaml 2>/dev/null)
		[ "${n:-0}" -ge 2 ] && break
		sleep 0.02
	done
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	got=$(grep -c 'arxiv:' cache.yaml)
	[ "$got" -ge 2 ] && [ "$got" -lt 7 ] || fail "killed with $got of 7 cached"
	# no temporary file is left as the cache, and the cache reads back
	expect_status 0 fetch --arxiv-url "$(api normal)"
	assert_contains "$ERR" "$((7 - got)) fetched, $got cached already, 0 failed"
	assert_eq "$(grep -c 'arxiv:' cache.yaml)" 7
}

test_damaged_cache_is_left_alone() {
	setup
	printf 'format: lrmsearch-abstracts/2\nabstracts:\n- arxiv: [oops\ncount: 1\n' >cache.yaml
	cp cache.yaml before.yaml
	expect_status 2 fetch --arxiv-url "$(api normal)"
	assert_contains "$ERR" "cache.yaml:"
	assert_same before.yaml cache.yaml
	assert_eq "$(requests normal)" 0
}

# On a terminal a progress line counts papers; elsewhere it stays quiet.
test_progress_on_a_terminal() {
	setup
	script -qec "'$LRMINDEX' fetch --cache cache.yaml --delay 0.2 --batch 2 \
		--arxiv-url '$(api normal)' dataset.yaml" /dev/null >tty.out
	grep -q $'\r'"lrmindex fetch: 2/7 papers, about" tty.out ||
		fail "no progress line: $(tr '\r' '\n' <tty.out | head -5)"
	assert_contains tty.out "7/7 papers"
	expect_status 0 fetch --arxiv-url "$(api normal)" --refresh
	assert_not_contains "$ERR" "papers, about"
}

test_usage() {
	expect_status 0 "$LRMINDEX" fetch --help
	assert_contains "$OUT" "Usage: lrmindex fetch"
	assert_contains "$OUT" "--arxiv-url"
	expect_status 2 "$LRMINDEX" fetch --delay soon
	assert_contains "$ERR" "invalid delay 'soon'"
	expect_status 2 "$LRMINDEX" fetch --arxiv-url ftp://example.org
	assert_contains "$ERR" "invalid --arxiv-url"
}

# What was fetched is searched: a word only in an abstract finds its paper.
test_search_finds_words_of_fetched_abstracts() {
	setup
	expect_status 0 fetch --arxiv-url "$(api normal)"
	expect_status 0 "$LRMINDEX" build --index idx --cache cache.yaml dataset.yaml
	assert_contains "$ERR" "indexed 7 papers (7 abstracts)"
	expect_status 0 "$LRMSEARCH" --index idx --json zanzibarite
	assert_contains "$OUT" '"total": 1'
	assert_contains "$OUT" '"title": "Latent Thoughts for Efficient Reasoning"'
	assert_contains "$OUT" '"authors": ["Ada Lovelace", "Alan Turing"]'
	assert_contains "$OUT" '"snippet": "We study zanzibarite reasoning chains. They are short."'
	expect_status 0 "$LRMSEARCH" --index idx --count abstract:verifier
	assert_eq "$(cat "$OUT")" 1
	expect_status 1 "$LRMSEARCH" --index idx --count title:verifier
	expect_status 0 "$LRMSEARCH" --index idx --count author:lamport
	assert_eq "$(cat "$OUT")" 1
	expect_status 0 "$LRMSEARCH" --index idx --color=always verifier
	assert_contains "$OUT" "Edsger Dijkstra, Barbara Liskov"
	assert_contains "$OUT" $'\x1b[1;33mverifier'
	# the cache beside the dataset is found without --cache
	mkdir d && cp dataset.yaml d/papers.yaml && cp cache.yaml d/abstracts.yaml
	expect_status 0 "$LRMINDEX" build --index idx2 d/papers.yaml
	assert_contains "$ERR" "(7 abstracts)"
	# build never touches the network: the server saw only the fetch
	assert_eq "$(wc -l <requests.log)" 1
}

run_tests "$@"
