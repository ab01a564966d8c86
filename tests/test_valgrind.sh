#!/usr/bin/env bash
# The command-line tools under valgrind's memcheck: no memory errors, no
# leaks, and every file descriptor they open closed by the time they exit.
# (The sanitizer build runs every other test under ASan and LeakSanitizer;
# valgrind also sees file descriptors.)
# Usage: test_valgrind.sh LRMINDEX LRMSEARCH SOURCE_DIR [TEST...]
LRMINDEX=$1
LRMSEARCH=$2
SRC=$3
shift 3
. "$SRC/tests/lib.sh"

if ! command -v valgrind >/dev/null; then
	echo "valgrind is not installed (apt-get install valgrind)" >&2
	exit 1
fi

# vg STATUS CMD...: CMD under memcheck exits with STATUS, valgrind found
# nothing, and no descriptor the program opened is left open.
vg() {
	local want=$1
	shift
	expect_status "$want" valgrind -q --leak-check=full \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
		--track-fds=yes --log-file="$T/vg.log" "$@"
	if grep -q 'ERROR SUMMARY\|definitely lost\|Invalid \|uninitialised' "$T/vg.log"; then
		cat "$T/vg.log" >&2
		fail "memcheck found errors"
	fi
	# descriptors still open at exit, except 0-2 and inherited ones
	awk '/Open (file|AF_UNIX socket|AF_INET socket) descriptor [0-9]+/ {
		if (fd != "" && !inherited) leaked = leaked " " fd
		fd = $0; sub(/.*descriptor /, "", fd); sub(/:.*/, "", fd)
		inherited = (fd <= 2)
		next
	}
	/inherited from parent/ { inherited = 1 }
	END {
		if (fd != "" && !inherited) leaked = leaked " " fd
		if (leaked != "") { print "left open:" leaked; exit 1 }
	}' "$T/vg.log" || {
		cat "$T/vg.log" >&2
		fail "file descriptors left open"
	}
}

test_import_lint_build_search() {
	vg 0 "$LRMINDEX" import -o papers.yaml "$SRC/data/lists/awesome-efficient-inference-for-lrms.md"
	vg 0 "$LRMINDEX" lint "$SRC/tests/lists/malformed.md"
	vg 0 "$LRMINDEX" build --index idx papers.yaml
	vg 0 "$LRMSEARCH" --index idx --facets -n 3 "latent reasoning"
	vg 0 "$LRMSEARCH" --index idx --json --facets -n 3 CoT compression
	vg 1 "$LRMSEARCH" --index idx --json --no-correct latnet
	vg 0 "$LRMSEARCH" --index idx --json latnet
	vg 0 "$LRMSEARCH" --index idx --count -- -latent
}

test_errors() {
	vg 2 "$LRMINDEX" import -o papers.yaml "$SRC/tests/lists"
	printf 'format: lrmsearch-papers/2\npapers: [\n' >bad.yaml
	vg 2 "$LRMINDEX" build --index idx bad.yaml
	vg 2 "$LRMSEARCH" --index nowhere latent
	"$LRMINDEX" build -q --index idx "$SRC/tests/expected/import-seed.yaml"
	vg 2 "$LRMSEARCH" --index idx 'latent AND'
	vg 2 "$LRMSEARCH" --index idx '"latent'
}

test_fetch() {
	printf '2501.00001\tA Paper\tAn abstract.\tAda Lovelace\n' >papers.tsv
	printf '## Papers\n| Title | Paper |\n| - | - |\n| A Paper | [l](https://arxiv.org/abs/2501.00001) |\n' >list.md
	"$LRMINDEX" import -q -o dataset.yaml list.md
	python3 "$SRC/tests/fake_arxiv.py" papers.tsv port requests.log &
	server=$!
	for _ in $(seq 100); do [ -s port ] && break; sleep 0.05; done
	vg 0 "$LRMINDEX" fetch --cache cache.yaml --delay 0 \
		--arxiv-url "http://127.0.0.1:$(cat port)/normal/api/query" dataset.yaml
	vg 1 "$LRMINDEX" fetch --cache cache2.yaml --delay 0 --tries 1 \
		--arxiv-url "http://127.0.0.1:$(cat port)/malformed/api/query" dataset.yaml
	kill "$server"
	wait 2>/dev/null
	true
}

run_tests "$@"
