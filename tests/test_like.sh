#!/usr/bin/env bash
# End-to-end tests of `lrmsearch --like` (papers like a paper or a text)
# and `--format bibtex`, on the small corpus with a few abstracts.
# Usage: test_like.sh LRMINDEX LRMSEARCH SOURCE_DIR [TEST...]
LRMINDEX=$1
LRMSEARCH=$2
SRC=$3
shift 3
. "$SRC/tests/lib.sh"

# A list beside the small one: a paper on OpenReview with code on GitHub,
# BibTeX's specials in its title; and one whose key collides with the
# token budget paper's ("token2024").
write_extra_list() {
	cat >extra.md <<'EOF'
# Extra papers

## Papers

### Budgets

| Time | Title | Venue | Paper | Code |
| ---- | ----- | ----- | ----- | ---- |
| 2025.01 | **Budget Forcing: 100% of the Tokens & None of the $Cost #1 for_all** | ICLR'25 | [link](https://openreview.net/forum?id=AbC123xyz) | [link](https://github.com/Example/BudgetForcing) |
| 2024.06 | **Token Savings in R1-style Reasoning** | arXiv'24 | [link](https://arxiv.org/abs/2406.00001) | - |
EOF
}

# Abstracts and authors: KaVa and CODI share an author and most of their
# words; the rest have little in common with either.
write_abstracts() {
	cat >cache.yaml <<'EOF'
format: lrmsearch-abstracts/2
abstracts:
- arxiv: "2510.02312"
  abstract: "We distil the chain of thought of a teacher into a compressed key-value cache, so that a student reasons in a continuous latent space."
  authors:
  - "Anna Kowalska"
  - "Zhenyi Shen"
  fetched: "2026-01-01T00:00:00Z"
- arxiv: "2502.21074"
  abstract: "CODI distils explicit chain of thought into a continuous latent space by self-distillation: the student reasons with compressed continuous thoughts."
  authors:
  - "Zhenyi Shen"
  - "Hanqi Yan"
  fetched: "2026-01-01T00:00:00Z"
- arxiv: "2412.06769"
  abstract: "We let large language models reason in an unrestricted space, feeding the last hidden state back as the next input embedding."
  authors:
  - "Shibo Hao"
  - "Jörg Müller"
  fetched: "2026-01-01T00:00:00Z"
- arxiv: "2502.12067"
  abstract: "TokenSkip lets large language models skip unimportant tokens of their outputs with little loss of accuracy."
  authors:
  - "Heming Xia"
  fetched: "2026-01-01T00:00:00Z"
- arxiv: "2310.10383"
  abstract: "A survey of privacy attacks on large language models and of the defenses against them."
  authors:
  - "Research and Development Team"
  fetched: "2026-01-01T00:00:00Z"
count: 5
EOF
}

index() {
	"$LRMINDEX" build -q "$@" --index idx --cache cache.yaml small.yaml ||
		fail "build"
}

setup() {
	unset LRM_INDEX NO_COLOR
	export XDG_CACHE_HOME=$T/cache HOME=$T/home
	write_extra_list
	write_abstracts
	"$LRMINDEX" import -q -o small.yaml "$SRC/tests/lists/small.md" extra.md ||
		fail "import"
	index
}

search() {
	"$LRMSEARCH" --index idx "$@"
}

ids() {
	grep -o '"id": "[^"]*"' "$OUT" | sed 's/"id": "//; s/"$//' | tr '\n' ' '
}

# The ids of the results alone (not the "like" object's).
result_ids() {
	python3 -c '
import json, sys
print(" ".join(r["id"] for r in json.load(open(sys.argv[1]))["results"]))' "$OUT"
}

KAVA=kava-latent-reasoning-via-compressed-kv-cache-distillation
CODI=codi-compressing-chain-of-thought-into-continuous-space-via-self
COCONUT=training-large-language-models-to-reason-in-a-continuous-latent
TOKENSKIP=tokenskip-controllable-cot-compression-in-llms
FORCING=budget-forcing-100-of-the-tokens-none-of-the-cost-1-for-all

test_like_a_paper_ranks_the_similar_one_first() {
	setup
	expect_status 0 search --json --like $KAVA
	assert_contains "$OUT" '"like": {"id": "'$KAVA'", "title": "KaVa: Latent Reasoning via Compressed KV-Cache Distillation"}'
	local got
	got=$(result_ids)
	# CODI shares an author and most words; Coconut the continuous
	# latent space; the paper itself is never among them
	case "$got" in
	"$CODI $COCONUT "*) ;;
	*) fail "papers like KaVa: $got" ;;
	esac
	case " $got " in *" $KAVA "*) fail "the seed is among its likes: $got" ;; esac
	# the same shape as a search's, and the same in text
	assert_contains "$OUT" '"total": '
	assert_contains "$OUT" '"offset": 0, "exact": true}'
	expect_status 0 search --like $KAVA -n 1
	assert_contains "$OUT" "1. CODI: Compressing Chain-of-Thought"
	assert_not_contains "$OUT" "KaVa"
}

test_like_named_by_arxiv_id_and_links() {
	setup
	expect_status 0 search --json --like $KAVA
	local want
	want=$(result_ids)
	for name in 2510.02312 2510.02312v3 arXiv:2510.02312 \
		https://arxiv.org/abs/2510.02312 \
		http://www.arxiv.org/pdf/2510.02312v1.pdf \
		https://export.arxiv.org/abs/2510.02312v2; do
		expect_status 0 search --json --like "$name"
		assert_contains "$OUT" '"like": {"id": "'$KAVA'"'
		assert_eq "$(result_ids)" "$want" "--like $name"
	done
	# links the list holds that are not arXiv's: OpenReview (its pdf link
	# is its forum's), GitHub (the repository, whatever the case or path)
	for name in 'https://openreview.net/forum?id=AbC123xyz' \
		'https://openreview.net/pdf?id=AbC123xyz' \
		https://github.com/example/budgetforcing.git \
		https://www.github.com/Example/BudgetForcing/tree/main/src; do
		expect_status 0 search --json --like "$name"
		assert_contains "$OUT" '"like": {"id": "'$FORCING'"'
		case " $(result_ids) " in *" $FORCING "*) fail "the seed is among its likes" ;; esac
	done
	expect_status 0 search --json --like http://github.com/hemingkx/TokenSkip/
	assert_contains "$OUT" '"like": {"id": "'$TOKENSKIP'"'
}

test_like_an_unknown_paper_is_an_error() {
	setup
	for name in nope 2501.99999 https://arxiv.org/abs/2501.99999 \
		https://openreview.net/forum?id=nothing https://github.com/example \
		''; do
		expect_status 2 search --like "$name"
		assert_contains "$ERR" "lrmsearch: no paper in the index is '$name': name one by its id"
		[ -s "$OUT" ] && fail "output for --like '$name'"
	done
	expect_status 2 search --like
	assert_contains "$ERR" "option '--like' requires an argument"
}

test_like_with_limit_offset_count_and_a_filter() {
	setup
	expect_status 0 search --json --like $KAVA
	local all total
	all=$(result_ids)
	total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$OUT")
	expect_status 0 search --count --like $KAVA
	assert_eq "$(cat "$OUT")" "$total"
	expect_status 0 search --json --like $KAVA -n 2 --offset 1
	assert_eq "$(result_ids)" "$(echo "$all" | cut -d' ' -f2-3)"
	# a query filters the likes and adds nothing to their order
	expect_status 0 search --json --like $KAVA year:2024
	assert_eq "$(result_ids)" "$(for id in $all; do
		case $id in $COCONUT | token-budget-aware-llm-reasoning | token-savings-in-r1-style-reasoning) printf '%s ' $id ;; esac
	done | sed 's/ $//')"
	expect_status 1 search --like $KAVA zebra
	assert_contains "$OUT" "No papers match."
	# every word of it: no paper has both
	expect_status 1 search --like $KAVA latent zebra
	assert_contains "$OUT" "No papers match."
	expect_status 2 search --like $KAVA 'year:abc'
	assert_contains "$ERR" "couldn't parse query"
}

test_like_text_from_standard_input() {
	setup
	printf 'Self-distillation\tof the chain of thought\ninto continuous latent thoughts.\r\n' >abstract.txt
	"$LRMSEARCH" --index idx --json --like - <abstract.txt >"$OUT" 2>"$ERR" ||
		fail "--like - failed: $(cat "$ERR")"
	case "$(result_ids)" in
	"$CODI $KAVA "* | "$CODI $KAVA") ;;
	*) fail "papers like the text: $(result_ids)" ;;
	esac
	assert_not_contains "$OUT" '"like"'
	assert_contains "$OUT" '{"query": "", "total": '
	# a filter, as with a paper
	"$LRMSEARCH" --index idx --json --like - year:2024 <abstract.txt >"$OUT" ||
		fail "--like - with a filter"
	assert_eq "$(result_ids)" "$COCONUT"
}

test_like_text_refused() {
	setup
	printf 'latent \033[2J reasoning' >controls.txt
	printf 'latent \377 reasoning' >bad.txt
	printf ' ... -- !! ' >nowords.txt
	head -c 1048577 /dev/zero | tr '\0' a >big.txt
	for f in controls bad nowords big; do
		"$LRMSEARCH" --index idx --like - <$f.txt >"$OUT" 2>"$ERR" && rc=0 || rc=$?
		assert_eq $rc 2 "--like - <$f.txt"
		[ -s "$OUT" ] && fail "output for $f.txt"
	done
	"$LRMSEARCH" --index idx --like - <controls.txt 2>"$ERR" >/dev/null
	assert_contains "$ERR" "lrmsearch: --like -: the text holds a control character (U+001B) at byte 7"
	"$LRMSEARCH" --index idx --like - <bad.txt 2>"$ERR" >/dev/null
	assert_contains "$ERR" "lrmsearch: --like -: the text is not valid UTF-8 (at byte 7)"
	"$LRMSEARCH" --index idx --like - <nowords.txt 2>"$ERR" >/dev/null
	assert_contains "$ERR" "the text holds no words to compare"
	"$LRMSEARCH" --index idx --like - <big.txt 2>"$ERR" >/dev/null
	assert_contains "$ERR" "standard input holds more than 1048576 bytes"
	# exactly the cap is read
	head -c 1048576 /dev/zero | tr '\0' a >cap.txt
	"$LRMSEARCH" --index idx --like - <cap.txt >"$OUT" 2>"$ERR" && rc=0 || rc=$?
	assert_eq $rc 1 "--like - of 1 MiB"
}

# ------------------------------------------------------------------
# BibTeX
# ------------------------------------------------------------------

# Check FILE as BibTeX: braces balanced in each entry, N entries, keys
# unique, no unescaped special outside url, and print "KEY TYPE" lines.
check_bibtex() {
	python3 - "$1" "$2" <<'PY' || fail "$1 is not sound BibTeX"
import re, sys
text, want = open(sys.argv[1], encoding="utf-8").read(), int(sys.argv[2])
entries, pos = [], 0
while True:
    m = re.compile(r"@(\w+)\{([^,\s{}]+),\n").search(text, pos)
    if not m:
        assert not text[pos:].strip(), "text outside entries: %r" % text[pos:]
        break
    assert not text[pos:m.start()].strip(), "text between entries"
    depth, i = 1, m.end()
    while depth:
        assert i < len(text), "entry %s: unbalanced braces" % m.group(2)
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
    body = text[m.end():i - 1]
    for field in re.findall(r"^  (\w+) = \{(.*)\},$", body, re.M):
        if field[0] != "url":
            bad = re.search(r"(?<!\\)[&%$#_]", field[1])
            assert not bad, "unescaped %r in %s" % (bad.group(0), field)
    for line in body.split("\n")[:-1]:
        assert re.fullmatch(r"  \w+ = \{.*\},", line), "not a field: %r" % line
    entries.append((m.group(2), m.group(1)))
    pos = i
keys = [k for k, _ in entries]
assert len(entries) == want, "%d entries, expected %d" % (len(entries), want)
assert len(set(keys)) == len(keys), "keys repeat: %s" % keys
for k, t in entries:
    print(k, t)
PY
}

test_bibtex_entries() {
	setup
	expect_status 0 search --json -n 100 ''
	local n
	n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["results"]))' "$OUT")
	expect_status 0 search --format bibtex -n 100 ''
	cp "$OUT" all.bib
	check_bibtex all.bib "$n" >keys.txt
	# keys: surname, year, first word; without authors word and year; a
	# repeat gets a letter
	assert_line keys.txt "kowalska2025kava misc"
	assert_line keys.txt "shen2025codi misc"
	assert_line keys.txt "hao2024training misc"
	assert_line keys.txt "stop2025 inproceedings"
	assert_line keys.txt "budget2025 inproceedings"
	assert_line keys.txt "detecting2025 misc"
	assert_eq "$(grep -c '^token2024b\? misc$' keys.txt)" 2 "token2024 and token2024b"
	# the fields
	assert_contains all.bib '@misc{shen2025codi,
  title = {{CODI:} Compressing {Chain-of-Thought} into Continuous Space via {Self-Distillation}},
  author = {Zhenyi Shen and Hanqi Yan},
  year = {2025},
  eprint = {2502.21074},
  archivePrefix = {arXiv},
  url = {https://arxiv.org/abs/2502.21074},
}'
	assert_contains all.bib '  title = {{KaVa:} Latent Reasoning via Compressed {KV-Cache} Distillation},'
	assert_contains all.bib '  author = {Shibo Hao and Jörg Müller},'
	assert_contains all.bib '  author = {{Research and Development Team}},'
	assert_contains all.bib '@inproceedings{budget2025,
  title = {Budget Forcing: 100\% of the Tokens \& None of the \$Cost \#1 for\_all},
  booktitle = {ICLR},
  year = {2025},
  url = {https://openreview.net/forum?id=AbC123xyz},
}'
	assert_contains all.bib '  title = {Privacy in Large Language Models: Attacks, Defenses \& Future Directions},'
	assert_contains all.bib '@misc{detecting2025,
  title = {Detecting misbehavior in frontier reasoning models},
  howpublished = {OpenAI},
  year = {2025},
  url = {https://openai.com/index/chain-of-thought-monitoring/},
}'
	assert_contains all.bib '  booktitle = {ICML},'
	assert_contains all.bib '  title = {Token Savings in {R1-style} Reasoning},'
}

test_bibtex_keys_are_stable() {
	setup
	expect_status 0 search --format bibtex -n 100 ''
	cp "$OUT" first.bib
	expect_status 0 search --format bibtex -n 100 ''
	assert_same first.bib "$OUT"
	# a full rebuild numbers the documents anew; nothing else changes
	index --full
	expect_status 0 search --format bibtex -n 100 ''
	assert_same first.bib "$OUT"
	# a key is the paper's, whatever the query that found it
	expect_status 0 search --format bibtex distillation
	check_bibtex "$OUT" 2 >keys.txt
	assert_line keys.txt "kowalska2025kava misc"
	assert_line keys.txt "shen2025codi misc"
	# and with --like
	expect_status 0 search --format bibtex --like $KAVA -n 1
	check_bibtex "$OUT" 1 >keys.txt
	assert_line keys.txt "shen2025codi misc"
}

test_format_option() {
	setup
	expect_status 0 search --json latent
	cp "$OUT" json.out
	expect_status 0 search --format json latent
	assert_same json.out "$OUT"
	expect_status 0 search --format bibtex --json latent
	assert_same json.out "$OUT"
	expect_status 0 search latent
	cp "$OUT" text.out
	expect_status 0 search --format text latent
	assert_same text.out "$OUT"
	expect_status 0 search --json --format bibtex latent
	check_bibtex "$OUT" 3 >/dev/null
	expect_status 1 search --format bibtex zebra
	[ -s "$OUT" ] && fail "BibTeX for no results"
	expect_status 2 search --format xml latent
	assert_contains "$ERR" "invalid format 'xml': expected 'text', 'json' or 'bibtex'"
	expect_status 0 "$LRMSEARCH" --help
	assert_contains "$OUT" "--format=FORMAT"
	assert_contains "$OUT" "--like=PAPER"
}

run_tests "$@"
