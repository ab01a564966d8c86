#!/usr/bin/env bash
# End-to-end tests of `lrmindex build` and `lrmsearch` on a small corpus.
# Usage: test_search_cli.sh LRMINDEX LRMSEARCH SOURCE_DIR [TEST...]
LRMINDEX=$1
LRMSEARCH=$2
SRC=$3
shift 3
. "$SRC/tests/lib.sh"

# Every test gets the small corpus indexed in $T/idx, and no default index.
setup() {
	unset LRM_INDEX NO_COLOR COLUMNS POSIXLY_CORRECT
	export XDG_CACHE_HOME=$T/cache HOME=$T/home
	"$LRMINDEX" import -q -o small.yaml "$SRC/tests/lists/small.md" || fail "import"
	"$LRMINDEX" build -q --index idx small.yaml || fail "build"
}

search() {
	"$LRMSEARCH" --index idx "$@"
}

ids() {
	grep -o '"id": "[^"]*"' "$OUT" | sed 's/"id": "//; s/"$//' | tr '\n' ' '
}

test_help_and_version() {
	expect_status 0 "$LRMSEARCH" --help
	assert_contains "$OUT" "Usage: lrmsearch [OPTION]... QUERY..."
	assert_contains "$OUT" "--json"
	expect_status 0 "$LRMSEARCH" --version
	assert_contains "$OUT" "lrmsearch (lrmsearch) "
	expect_status 0 "$LRMINDEX" build --help
	assert_contains "$OUT" "Usage: lrmindex build"
}

test_usage_errors() {
	setup
	expect_status 2 search --limit abc x
	assert_contains "$ERR" "invalid limit 'abc'"
	expect_status 2 search --sort size x
	assert_contains "$ERR" "invalid sort order 'size'"
	expect_status 2 search --bogus x
	assert_contains "$ERR" "unrecognized option '--bogus'"
	expect_status 2 search -zj x
	assert_contains "$ERR" "invalid option -- 'z'"
	expect_status 2 search --offset
	assert_contains "$ERR" "option '--offset' requires an argument"
	expect_status 2 "$LRMSEARCH" --index nowhere latent
	assert_contains "$ERR" "cannot open the index"
	assert_contains "$ERR" "nowhere"
}

test_json_shape() {
	setup
	expect_status 0 search --json -n 1 latent reasoning
	assert_contains "$OUT" '{"query": "latent reasoning", "total": 2, "results": ['
	assert_contains "$OUT" '"rank": 1, "id": "kava-latent-reasoning-via-compressed-kv-cache-distillation"'
	assert_contains "$OUT" '"title": "KaVa: Latent Reasoning via Compressed KV-Cache Distillation"'
	assert_contains "$OUT" '"venue": "arXiv'"'"'25", "date": "2025-10", "sections": ["Implicit Latent CoT"]'
	assert_contains "$OUT" '"paper": "https://arxiv.org/abs/2510.02312", "code": null, "arxiv": "2510.02312", "score": '
	assert_contains "$OUT" '"snippet": '
	assert_not_contains "$OUT" '"suggestion"'
	assert_not_contains "$OUT" '"facets"'
	# Titles exactly as a reader sees them: entities resolved, JSON-escaped.
	expect_status 0 search --json privacy
	assert_contains "$OUT" '"title": "Privacy in Large Language Models: Attacks, Defenses & Future Directions"'
}

test_exit_status_like_grep() {
	setup
	expect_status 0 search latent
	expect_status 1 search zebra
	assert_contains "$OUT" "No papers match."
	expect_status 1 search --json zebra
	assert_contains "$OUT" '"total": 0, "results": []'
	expect_status 1 search --json --facets zebra
	assert_contains "$OUT" '"facets": {"year": [], "venue": [], "section": [], "list": []}'
	# matches, but none on this page: still a match
	expect_status 0 search --offset 100 latent
	assert_contains "$OUT" "No results past 100 (of 3)."
}

test_only_excluded_words() {
	setup
	# every paper but the three about "latent"
	expect_status 0 search --count -- -latent
	assert_eq "$(cat "$OUT")" 5
	expect_status 0 search --count -- '-latent -privacy'
	assert_eq "$(cat "$OUT")" 4
	expect_status 0 search --count 'NOT latent'
	assert_eq "$(cat "$OUT")" 5
}

# Options after the query are options, as in GNU tools; "--" ends them.
test_options_after_query() {
	setup
	expect_status 0 search latent --json
	assert_contains "$OUT" '{"query": "latent", "total": 3, "results": ['
	expect_status 0 search year:2025 -n 1 --json
	assert_contains "$OUT" '{"query": "year:2025", "total": 5, "results": ['
	assert_eq "$(ids | wc -w)" 1
	expect_status 0 search latent reasoning --count
	assert_eq "$(cat "$OUT")" 2
	# after "--", words that start with '-' are the query's
	expect_status 0 search --count -- -latent -privacy
	assert_eq "$(cat "$OUT")" 4
	expect_status 0 search --json -- -latent -n
	assert_contains "$OUT" '{"query": "-latent -n", "total": 5, '
	# without it, such a word is an option error that says what to do
	expect_status 2 search reasoning -survey
	assert_contains "$ERR" "invalid option -- 's' in '-survey'; a query word that starts with '-' goes after '--': lrmsearch [OPTION]... -- QUERY..."
	assert_contains "$ERR" "Try 'lrmsearch --help'"
	assert_eq "$(wc -c <"$OUT")" 0
	expect_status 2 search latent -cot
	assert_contains "$ERR" "invalid option -- 'o' in '-cot'; a query word"
	# or a long option with one dash
	expect_status 2 search latent -json
	assert_contains "$ERR" "invalid option -- 's' in '-json': did you mean '--json'?"
	expect_status 0 "$LRMSEARCH" --help
	assert_contains "$OUT" "Options may follow the query; '--' ends them"
}

test_long_query_refused() {
	setup
	expect_status 2 search "$(head -c 70000 /dev/zero | tr '\0' a)"
	assert_contains "$ERR" "query too long: 70000 bytes"
}

# Control characters that a terminal would obey, put straight into a
# dataset (YAML escapes; an import strips them): the title clears the
# screen and sets the window title, the venue hides text with a bidi
# override, the section carries a C1 CSI and a zero-width space, the link
# a BEL.
plant_controls() {
	sed -i -e 's/^  title: "KaVa: Latent/  title: "KaVa:\\e]0;pwned\\a\\e[2J Latent/' \
		-e 's/^    venue: "arXiv'"'"'25"/    venue: "arXiv\\u202E'"'"'25"/' \
		-e 's/^    section: "Implicit Latent CoT"/    section: "Implicit\\x9b31m Latent\\u200B CoT"/' \
		-e 's|^    paper: "https://arxiv.org/abs/2510.02312"|    paper: "https://arxiv.org/abs/2510.02312\\b\\b\\b"|' \
		-e 's|^    venue_name: "arXiv"|    venue_name: "arXiv\\e[8m"|' \
		"$1"
	for planted in 'pwned' '\u202E' '\x9b' '\b\b' '\e[8m'; do
		grep -qF "$planted" "$1" || fail "could not plant $planted in $1"
	done
}

# Raw control bytes in FILE: C0 but line feed, DEL, C1 (U+0080-U+009F),
# bidi controls, zero-width characters.
assert_no_controls() {
	if LC_ALL=C grep -naP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8b-\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$1" >&2; then
		fail "$1 holds raw control characters"
	fi
}

test_controls_escaped_in_output() {
	setup
	plant_controls small.yaml
	"$LRMINDEX" build -q --index idx small.yaml || fail "build"
	for color in never always; do
		expect_status 0 search --color=$color --facets latent
		assert_contains "$OUT" 'KaVa:\x1b]0;pwned\x07\x1b[2J'
		assert_contains "$OUT" 'arXiv\u202e'"'"'25'
		assert_contains "$OUT" 'Implicit\u009b31m Latent\u200b CoT'
		assert_contains "$OUT" '2510.02312\x08\x08\x08'
		# the venue facet: an SGR from data, shown, not obeyed
		assert_contains "$OUT" 'arXiv\x1b[8m'
		if [ $color = never ]; then
			assert_no_controls "$OUT"
		else
			# only our own colours: bold, dim, yellow, reset
			if LC_ALL=C grep -q $'\x1b\[8m' "$OUT"; then
				fail "the data's SGR reached the terminal"
			fi
			sed 's/\x1b\[[0-9;]*m//g' "$OUT" >plain
			assert_no_controls plain
		fi
	done
	# a suggestion and a bad query are escaped too
	expect_status 2 search $'latent \xe2\x80\xae('
	assert_contains "$ERR" 'latent \u202e('
	assert_no_controls "$ERR"
	# JSON keeps the text exactly, correctly escaped
	expect_status 0 search --json latent
	assert_no_controls "$OUT"
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))["results"]
t = [x for x in r if x["id"].startswith("kava")][0]
assert t["title"] == "KaVa:\x1b]0;pwned\x07\x1b[2J Latent Reasoning via Compressed KV-Cache Distillation", t["title"]
assert t["venue"] == "arXiv\u202e\x2725", t["venue"]
assert t["paper"].endswith("\b\b\b"), t["paper"]
assert t["sections"] == ["Implicit\x9b31m Latent\u200b CoT"], t["sections"]
' "$OUT" || fail "JSON does not keep the planted text"
}

# File names are shown escaped too, in what lrmindex build and lrmsearch
# say they did.
test_file_names_escaped() {
	setup
	local idx=$'idx\e]0;pwned\a\xe2\x80\xae'
	expect_status 0 "$LRMINDEX" build --index "$idx" small.yaml
	assert_contains "$ERR" 'indexed 8 papers (0 abstracts) in idx\x1b]0;pwned\x07\u202e'
	assert_no_controls "$ERR"
	printf '\n' >>small.yaml
	expect_status 0 "$LRMINDEX" build --index "$idx" small.yaml
	assert_contains "$ERR" 'updated idx\x1b]0;pwned\x07\u202e: '
	assert_no_controls "$ERR"
	export XDG_CACHE_HOME=$T/$'cache\e[2J'
	expect_status 0 "$LRMSEARCH" --count latent
	assert_contains "$ERR" 'building the index of '
	assert_contains "$ERR" 'cache\x1b[2J/lrmsearch/index'
	assert_no_controls "$ERR"
}

# Filter values that cannot match anything are refused where they are.
test_bad_filter_values() {
	setup
	expect_status 2 search 'latent year:abc'
	assert_contains "$ERR" "couldn't parse query: year: expects a year or a range of years"
	assert_line "$ERR" "  latent year:abc"
	assert_line "$ERR" "              ^"
	for q in year:202 year:20255 year:.. 'year:2024..x' date:2025 date:2025-13 \
		date:2025-00 'date:2025-01..2025-1' code:maybe '(+year:20x5 OR latent)'; do
		expect_status 2 search "$q"
		assert_contains "$ERR" "expects"
	done
	for q in year:2025 'year:2024..2025' 'year:..2025' 'year:2025..' \
		'year:"2025"' date:2025-10 'date:2025-01..2025-12' code:no \
		'latent -code:yes' 'year:２０２５' '"year:abc" OR latent' \
		'latent,year:2025'; do
		expect_status 0 search -c "$q"
	done
	# a word that only contains a field name is a word
	expect_status 1 search -c 'reasoning:year'
	# Xapian starts a filter after punctuation too
	expect_status 2 search 'latent,year:abc'
	assert_line "$ERR" "              ^"
	expect_status 2 search 'latent;code:maybe'
	assert_contains "$ERR" "code: expects yes or no"
	# an unclosed quote is the first thing to fix
	expect_status 2 search 'year:"2025'
	assert_contains "$ERR" "a '\"' without a closing one"
}

test_bad_query() {
	setup
	expect_status 2 search 'reasoning AND'
	assert_contains "$ERR" "couldn't parse query"
	assert_line "$ERR" "  reasoning AND"
	assert_line "$ERR" "            ^"
	expect_status 2 search 'latent AND AND reasoning'
	assert_contains "$ERR" "couldn't parse query"
	assert_line "$ERR" "             ^"
	expect_status 2 search 'OR latent'
	assert_line "$ERR" "  ^"
	printf 'bad \377\n' >q
	expect_status 2 search "$(cat q)"
	assert_contains "$ERR" "invalid UTF-8"
}

test_ranking_title_first_ties_newest() {
	setup
	expect_status 0 search --json "continuous"
	assert_eq "$(ids)" "codi-compressing-chain-of-thought-into-continuous-space-via-self training-large-language-models-to-reason-in-a-continuous-latent " "newer first on a tie"
	# newest first; the two of 2025-03 by id, whatever their list order
	expect_status 0 search --json --sort date -n 3 ""
	assert_eq "$(ids)" "kava-latent-reasoning-via-compressed-kv-cache-distillation detecting-misbehavior-in-frontier-reasoning-models stop-overthinking-a-survey-on-efficient-reasoning-for-large "
}

test_boolean_and_phrases() {
	setup
	# "latent" is in two titles and in the section of a third
	expect_status 0 search --count latent OR privacy
	assert_eq "$(cat "$OUT")" 4
	expect_status 0 search --count 'latent NOT kava'
	assert_eq "$(cat "$OUT")" 2
	expect_status 0 search --count 'reasoning -overthinking'
	assert_eq "$(cat "$OUT")" 6
	expect_status 0 search --count '"continuous latent space"'
	assert_eq "$(cat "$OUT")" 1
	expect_status 1 search --count '"latent continuous space"'
	expect_status 0 search --count 'token*'
	assert_eq "$(cat "$OUT")" 2
	expect_status 0 search --count '(latent OR privacy) AND models'
	assert_eq "$(cat "$OUT")" 2
	expect_status 0 search --count 'latent XOR continuous'
	assert_eq "$(cat "$OUT")" 1
	expect_status 0 search --count 'compressing NEAR distillation'
	assert_eq "$(cat "$OUT")" 1
}

test_fields_and_ranges() {
	setup
	expect_status 0 search --count venue:openai
	assert_eq "$(cat "$OUT")" 1
	expect_status 0 search --count venue:icml
	assert_eq "$(cat "$OUT")" 1
	expect_status 0 search --count title:latent
	assert_eq "$(cat "$OUT")" 2
	expect_status 0 search --count section:safety
	assert_eq "$(cat "$OUT")" 3
	expect_status 0 search --count code:yes
	assert_eq "$(cat "$OUT")" 3
	expect_status 0 search --count id:2502.12067
	assert_eq "$(cat "$OUT")" 1
	expect_status 0 search --count id:token-budget-aware-llm-reasoning
	assert_eq "$(cat "$OUT")" 1
	expect_status 0 search --count year:2024
	assert_eq "$(cat "$OUT")" 2
	expect_status 0 search --count year:2024..2025
	assert_eq "$(cat "$OUT")" 7
	expect_status 0 search --count date:2025-01..2025-03
	assert_eq "$(cat "$OUT")" 4
	expect_status 0 search --count date:2025-03
	assert_eq "$(cat "$OUT")" 2
}

test_synonyms_stemming_unicode() {
	setup
	# CoT finds "Chain-of-Thought"; "chain of thought" finds "CoT".
	expect_status 0 search --json CoT compression
	assert_contains "$OUT" '"id": "codi-compressing-chain-of-thought-into-continuous-space-via-self"'
	assert_contains "$OUT" '"id": "tokenskip-controllable-cot-compression-in-llms"'
	expect_status 0 search --json chain of thought compression
	assert_contains "$OUT" '"id": "tokenskip-controllable-cot-compression-in-llms"'
	# three titles spell it out, two say "LLM" or "LLMs": either form
	# finds all five, and so does the plural of the abbreviation
	expect_status 0 search --count large language model
	assert_eq "$(cat "$OUT")" 5
	expect_status 0 search --count LLM
	assert_eq "$(cat "$OUT")" 5
	expect_status 0 search --count llms
	assert_eq "$(cat "$OUT")" 5
	# a phrase keeps its number: not "Token-Budget-Aware LLM Reasoning"
	expect_status 0 search --count '"large language models"'
	assert_eq "$(cat "$OUT")" 4
	expect_status 0 search --count 'key-value cache'
	assert_eq "$(cat "$OUT")" 1
	# stemming: "compress" finds "Compressing", "Compression", "Compressed"
	expect_status 0 search --count compress
	assert_eq "$(cat "$OUT")" 3
	# full-width letters, ligatures and odd dashes match their plain forms
	expect_status 0 search --count 'ＬＡＴＥＮＴ'
	assert_eq "$(cat "$OUT")" 3
	expect_status 0 search --json 'eﬃcient'
	assert_eq "$(ids)" "stop-overthinking-a-survey-on-efficient-reasoning-for-large "
	expect_status 0 search --count 'KV‐Cache'
	assert_eq "$(cat "$OUT")" 1
}

test_spelling_suggestion() {
	setup
	expect_status 1 search --json --no-correct latnet
	assert_contains "$OUT" '"suggestion": "latent"'
	assert_not_contains "$OUT" '"results_for"'
	expect_status 1 search --no-correct latnet
	assert_contains "$OUT" "Did you mean: latent"
	expect_status 0 search --json latent
	assert_not_contains "$OUT" '"suggestion"'
	# nothing matches, a better spelling does: its results at once
	expect_status 0 search --json latnet
	assert_contains "$OUT" '"suggestion": "latent", "results_for": "latent", "results": ['
	assert_contains "$OUT" '"id": "kava-latent-reasoning-via-compressed-kv-cache-distillation"'
	expect_status 0 search latnet
	assert_contains "$OUT" "Showing results for latent; nothing matched latnet (--no-correct searches for it alone)."
	assert_not_contains "$OUT" "Did you mean"
}

# Plain words: the papers with every word first, then those with some,
# ranked after them and marked; common words are left out.
test_forgiving_ranking() {
	setup
	expect_status 0 search --json latent reasoning
	assert_contains "$OUT" '"all_words": 2'
	ids >got
	assert_eq "$(cut -d' ' -f1-2 got)" "kava-latent-reasoning-via-compressed-kv-cache-distillation training-large-language-models-to-reason-in-a-continuous-latent" "every word first"
	grep -o '"partial": [a-z]*' "$OUT" | head -3 | tr '\n' ' ' >partial
	assert_eq "$(cat partial)" '"partial": false "partial": false "partial": true ' "then the others, marked"
	expect_status 0 search latent reasoning
	assert_contains "$OUT" "Papers that match some of the words:"
	assert_contains "$OUT" "(2 with every word)"
	# explicit operators keep their meaning
	expect_status 0 search --count latent AND reasoning
	assert_eq "$(cat "$OUT")" 2
	expect_status 0 search --count '"latent reasoning"'
	assert_eq "$(cat "$OUT")" 1
	expect_status 0 search --count +latent reasoning
	assert_eq "$(cat "$OUT")" 2
	# a common word no longer empties the result
	expect_status 0 search --json latent reasoning in the continuous space
	assert_contains "$OUT" '"ignored": ["in", "the"]'
	assert_contains "$OUT" '"rank": 1, "id": "training-large-language-models-to-reason-in-a-continuous-latent"'
	expect_status 0 search latent in space
	assert_contains "$OUT" "(ignored: in)"
}

# An arXiv id or link, pasted, finds its paper; a pasted title its paper.
test_pasted_ids_and_titles() {
	setup
	for q in 2502.21074 2502.21074v2 https://arxiv.org/abs/2502.21074 \
		http://export.arxiv.org/pdf/2502.21074v1.pdf \
		https://www.arxiv.org/html/2502.21074v3; do
		expect_status 0 search --json "$q"
		assert_contains "$OUT" '"rank": 1, "id": "codi-compressing-chain-of-thought-into-continuous-space-via-self"'
	done
	# a link the list holds, as its paper or its code
	for q in https://github.com/hemingkx/TokenSkip \
		https://www.github.com/hemingkx/TokenSkip/; do
		expect_status 0 search --json "$q"
		assert_contains "$OUT" '"total": 1, "results": ['
		assert_contains "$OUT" '"rank": 1, "id": "tokenskip-controllable-cot-compression-in-llms"'
	done
	expect_status 0 search --json https://openai.com/index/chain-of-thought-monitoring
	assert_contains "$OUT" '"rank": 1, "id": "detecting-misbehavior-in-frontier-reasoning-models"'
	expect_status 0 search --json 'Stop Overthinking: A Survey on Efficient Reasoning for Large Language Models'
	assert_contains "$OUT" '"rank": 1, "id": "stop-overthinking-a-survey-on-efficient-reasoning-for-large"'
	# "..." would be a range to Xapian: plain words are searched as words
	expect_status 0 search --json 'Token-Budget-Aware LLM Reasoning...'
	assert_contains "$OUT" '"rank": 1, "id": "token-budget-aware-llm-reasoning"'
	expect_status 0 search --json 'TokenSkip: Controllable CoT Compression in LLMs (A*)'
	assert_contains "$OUT" '"rank": 1, "id": "tokenskip-controllable-cot-compression-in-llms"'
}

# A query that is a paper's title, in any case, punctuation or spacing,
# finds that paper first, even where other papers weigh more for its
# words or its words are not a query that matches it ("NOT"); a part of a
# title is searched as words.
test_typed_title_first() {
	unset LRM_INDEX NO_COLOR
	export XDG_CACHE_HOME=$T/cache HOME=$T/home
	cat >titles.md <<'LIST'
# Titles
## Papers
| Time | Title | Venue | Paper | Code |
| - | - | - | - | - |
| 2025.05 | Reward Reasoning Model | arXiv'25 | [l](https://arxiv.org/abs/2505.14674) | - |
| 2025.05 | Skywork-VL Reward: An Effective Reward Model for Multimodal Understanding and Reasoning | arXiv'25 | [l](https://arxiv.org/abs/2505.07263) | - |
| 2025.04 | Efficient Reasoning via Reward Model | arXiv'25 | [l](https://arxiv.org/abs/2505.19075) | - |
| 2025.04 | Reward Model Reasoning for Reward Reasoning Models | arXiv'25 | [l](https://arxiv.org/abs/2505.00001) | - |
| 2024.12 | Do NOT Think That Much for 2+3=? On the Overthinking of o1-Like LLMs | arXiv'24 | [l](https://arxiv.org/abs/2412.21187) | - |
| 2025.02 | Do LLMs Really Think Step-by-step In Implicit Reasoning? | arXiv'25 | [l](https://arxiv.org/abs/2509.02350) | - |
LIST
	"$LRMINDEX" import -q -o titles.yaml titles.md || fail "import"
	"$LRMINDEX" build -q --index idx titles.yaml || fail "build"
	# as words, the longer title that repeats them weighs more
	expect_status 0 search --json 'reward reasoning models'
	assert_contains "$OUT" '"rank": 1, "id": "reward-model-reasoning-for-reward-reasoning-models"'
	for q in 'Reward Reasoning Model' 'reward reasoning model' \
		'REWARD-REASONING-MODEL' '  Reward  Reasoning, Model. '; do
		expect_status 0 search --json "$q"
		assert_contains "$OUT" '"rank": 1, "id": "reward-reasoning-model"'
	done
	expect_status 0 search --json 'Do NOT Think That Much for 2+3=? On the Overthinking of o1-Like LLMs'
	assert_contains "$OUT" '"rank": 1, "id": "do-not-think-that-much-for-2-3-on-the-overthinking-of-o1-like"'
	expect_status 0 search --json 'do not think that much for 2 3 on the overthinking of o1 like llms'
	assert_contains "$OUT" '"rank": 1, "id": "do-not-think-that-much-for-2-3-on-the-overthinking-of-o1-like"'
	# the rest follow as they would
	assert_contains "$OUT" '"rank": 2, '
	# a part of a title is not the title
	expect_status 0 search --json 'Reward Reasoning Models for'
	assert_contains "$OUT" '"rank": 1, "id": "reward-model-reasoning-for-reward-reasoning-models"'
	# a filter is not part of a title: it filters as ever
	expect_status 0 search --json 'Reward Reasoning Model year:2024'
	assert_not_contains "$OUT" '"id": "reward-reasoning-model"'
}

test_limit_offset_count() {
	setup
	expect_status 0 search --json -n 2 ""
	assert_eq "$(ids | wc -w)" 2
	first_two=$(ids)
	expect_status 0 search --json -n 2 --offset 1 ""
	assert_contains "$OUT" '"rank": 2'
	assert_eq "$(ids | cut -d' ' -f1)" "$(echo "$first_two" | cut -d' ' -f2)"
	expect_status 0 search --count ""
	assert_eq "$(cat "$OUT")" 8
	expect_status 0 search --json --offset 100 ""
	assert_contains "$OUT" '"total": 8, "results": []'
	# no results at all is what --count is for
	expect_status 2 search -n 0 latent
	assert_contains "$ERR" "invalid limit '0'"
	assert_contains "$ERR" "--count"
	expect_status 2 search -n 2000000000 latent
	assert_contains "$ERR" "from 1 to 1000000000"
}

# A long query with an error is shown as a window around the caret; the
# operators of a long OR query are not words.
test_long_queries() {
	setup
	expect_status 1 search "$(seq -f 'w%g' 999 | paste -sd' ' | sed 's/ / OR /g')"
	expect_status 2 search "$(seq -f 'w%g' 1001 | paste -sd' ' | sed 's/ / OR /g')"
	assert_contains "$ERR" "1001 words; a query has at most 1000"
	expect_status 2 search "$(seq -f 'w%g' 300 | paste -sd' ') AND"
	assert_contains "$ERR" "<expression> AND <expression>"
	line=$(sed -n 2p "$ERR")
	caret=$(sed -n 3p "$ERR")
	[ ${#line} -lt 100 ] || fail "the query is shown whole: ${#line} bytes"
	assert_contains "$ERR" "  …"
	# the caret is under the AND
	assert_eq "${line:$((${#caret} - 1)):3}" "AND"
	# the window is found in linear time: 65,000 bytes before the error
	expect_status 2 timeout 10 "$LRMSEARCH" --index idx "$(head -c 65000 /dev/zero | tr '\0' a) year:abc"
	assert_contains "$ERR" "aaaa year:abc"
	[ "$(sed -n 2p "$ERR" | wc -c)" -lt 100 ] || fail "the query is shown whole"
	expect_status 2 timeout 10 "$LRMSEARCH" --index idx "$(printf 'é%.0s' $(seq 32000)) ("
	assert_contains "$ERR" "a '(' without a closing ')'"
}

# --count is a result like any other, without its papers: JSON with
# --json, the facets with --facets.
test_count_json_and_facets() {
	setup
	expect_status 0 search --count --json latent
	assert_eq "$(cat "$OUT")" '{"query": "latent", "total": 3, "exact": true}'
	expect_status 1 search --json zebra --count
	assert_eq "$(cat "$OUT")" '{"query": "zebra", "total": 0, "exact": true}'
	expect_status 0 search --count --json --facets reasoning
	assert_contains "$OUT" '{"query": "reasoning", "total": 7, "facets": {"year": [{"value": "2025", "count": 4}, '
	assert_contains "$OUT" '"venue": [{"value": "arXiv", "count": 5}, {"value": "ICML", "count": 1}, {"value": "OpenAI", "count": 1}]'
	assert_contains "$OUT" '}, "exact": true}'
	# the same facets as a search shows
	python3 - "$OUT" <<-'EOF' || fail "--count --json --facets is not the search's JSON"
	import json, sys
	d = json.load(open(sys.argv[1], encoding="utf-8"))
	assert list(d) == ["query", "total", "facets", "exact"], list(d)
	assert set(d["facets"]) == {"year", "venue", "section", "list"}, d["facets"]
	EOF
	cp "$OUT" count.json
	expect_status 0 search --json --facets reasoning
	python3 - "$OUT" count.json <<-'EOF' || fail "the facets differ"
	import json, sys
	a, b = (json.load(open(f, encoding="utf-8")) for f in sys.argv[1:])
	assert a["facets"] == b["facets"] and a["total"] == b["total"]
	EOF
	# text: the number, then the facets
	expect_status 0 search --count --facets reasoning
	assert_eq "$(head -n 1 "$OUT")" 7
	assert_line "$OUT" "Venue"
	assert_line "$OUT" "      5  arXiv"
	assert_not_contains "$OUT" "of 7"
}

test_facets() {
	setup
	expect_status 0 search --json --facets reasoning
	assert_contains "$OUT" '"facets": {"year": [{"value": "2025", "count": 4}, {"value": "2024", "count": 2}, {"value": "2023", "count": 1}]'
	assert_contains "$OUT" '"venue": [{"value": "arXiv", "count": 5}, {"value": "ICML", "count": 1}, {"value": "OpenAI", "count": 1}]'
	# a paper in two sections counts in both
	assert_contains "$OUT" '"section": [{"value": "Explicit Compact CoT", "count": 3}, {"value": "Reasoning Safety", "count": 3}, {"value": "Implicit Latent CoT", "count": 2}]'
	expect_status 0 search --facets reasoning
	assert_contains "$OUT" "Venue"
}

# A paper listed several times: all its listings, in text and JSON, and
# a code link that is one.  The survey of the bundled list, whose journal
# listing links its arXiv PDF as the code; and a paper whose only "code"
# is a paper.
write_listed_twice() {
	cat >twice.yaml <<-'EOF'
	format: lrmsearch-papers/2
	papers:
	- id: "efficient-inference-for-large-reasoning-models-a-survey"
	  title: "Efficient Inference for Large Reasoning Models: A Survey"
	  listings:
	  - source: "awesome.md"
	    line: 50
	    section: "Survey"
	    date: "2026-05"
	    venue: "IEEE T-PAMI'26"
	    venue_name: "IEEE T-PAMI"
	    venue_year: 2026
	    paper: "https://arxiv.org/pdf/2503.23077"
	    code: "https://arxiv.org/pdf/2503.23077"
	    arxiv: "2503.23077"
	  - source: "awesome.md"
	    line: 56
	    section: "Survey"
	    date: "2025-03"
	    venue: "arXiv'25"
	    venue_name: "arXiv"
	    venue_year: 2025
	    paper: "https://arxiv.org/abs/2503.23077"
	    code: "https://github.com/yueliu1999/Awesome-Efficient-Inference-for-LRMs"
	    arxiv: "2503.23077"
	- id: "lightthinker-thinking-step-by-step-compression"
	  title: "LightThinker: Thinking Step-by-Step Compression"
	  listings:
	  - source: "awesome.md"
	    line: 123
	    section: "Explicit Compact CoT"
	    date: "2025-02"
	    venue: "arXiv'25"
	    venue_name: "arXiv"
	    venue_year: 2025
	    paper: "https://arxiv.org/abs/2502.15589"
	    code: "https://arxiv.org/abs/2412.21006"
	    arxiv: "2502.15589"
	count: 2
	EOF
	"$LRMINDEX" build -q --index twice twice.yaml || fail "build"
}

test_all_listings_shown() {
	setup
	write_listed_twice
	expect_status 0 "$LRMSEARCH" --index twice survey
	assert_line "$OUT" "1. Efficient Inference for Large Reasoning Models: A Survey"
	assert_line "$OUT" "   IEEE T-PAMI'26 · 2026-05 · Survey · in awesome"
	assert_line "$OUT" "   also: arXiv'25 · 2025-03 · Survey · https://arxiv.org/abs/2503.23077"
	assert_line "$OUT" "   https://arxiv.org/pdf/2503.23077  code: https://github.com/yueliu1999/Awesome-Efficient-Inference-for-LRMs"
	expect_status 0 "$LRMSEARCH" --index twice lightthinker
	assert_line "$OUT" "   https://arxiv.org/abs/2502.15589"
	assert_not_contains "$OUT" "code:"
	expect_status 0 "$LRMSEARCH" --index twice --json ""
	python3 - "$OUT" <<-'EOF' || fail "the listings are not all in the JSON"
	import json, sys
	r = {x["id"][:10]: x for x in json.load(open(sys.argv[1], encoding="utf-8"))["results"]}
	s, l = r["efficient-"], r["lightthink"]
	# the fields that were there stay, from the published listing
	assert (s["venue"], s["date"], s["paper"], s["arxiv"]) == ("IEEE T-PAMI'26", "2026-05", "https://arxiv.org/pdf/2503.23077", "2503.23077"), s
	assert s["code"] == "https://github.com/yueliu1999/Awesome-Efficient-Inference-for-LRMs", s["code"]
	assert l["code"] is None, l["code"]
	assert s["listings"] == [
	    {"source": "awesome.md", "list": "awesome", "section": "Survey", "date": "2026-05", "venue": "IEEE T-PAMI'26",
	     "paper": "https://arxiv.org/pdf/2503.23077", "code": "https://arxiv.org/pdf/2503.23077", "arxiv": "2503.23077",
	     "authors": []},
	    {"source": "awesome.md", "list": "awesome", "section": "Survey", "date": "2025-03", "venue": "arXiv'25",
	     "paper": "https://arxiv.org/abs/2503.23077",
	     "code": "https://github.com/yueliu1999/Awesome-Efficient-Inference-for-LRMs", "arxiv": "2503.23077",
	     "authors": []}], s["listings"]
	# a listing keeps what its list wrote
	assert l["listings"][0]["code"] == "https://arxiv.org/abs/2412.21006", l["listings"]
	EOF
	# listed twice with the same venue and date (two sections, already on
	# its first line): no line of its own
	expect_status 0 search tokenskip
	assert_line "$OUT" "   arXiv'25 · 2025-02 · Explicit Compact CoT; Reasoning Safety · in small"
	assert_not_contains "$OUT" "also:"
	expect_status 0 search --json tokenskip
	assert_contains "$OUT" '"listings": [{"source": "small.md", "section": "Explicit Compact CoT", '
	assert_contains "$OUT" '{"source": "small.md", "section": "Reasoning Safety", '
}

test_color() {
	setup
	expect_status 0 search --color=always latent
	grep -q $'\x1b\[' "$OUT" || fail "no colour with --color=always"
	expect_status 0 search --pretty latent
	grep -q $'\x1b\[' "$OUT" || fail "no colour with --pretty"
	expect_status 0 search --pretty --color=never latent
	grep -q $'\x1b\[' "$OUT" && fail "colour with --pretty --color=never"
	expect_status 0 search latent
	grep -q $'\x1b\[' "$OUT" && fail "colour when not a terminal"
	NO_COLOR=1 expect_status 0 search latent
	grep -q $'\x1b\[' "$OUT" && fail "colour with NO_COLOR"
	# highlighted words are marked
	expect_status 0 search --color=always latent
	assert_contains "$OUT" $'\x1b[1;33mLatent'
}

# on_terminal COLUMNS CMD...: run CMD on a pseudo-terminal COLUMNS wide,
# as a person would; what it writes (stdout and stderr) in $OUT, its exit
# status returned.
on_terminal() {
	python3 - "$@" >"$OUT" <<-'EOF'
	import fcntl, os, pty, struct, sys, termios
	pid, fd = pty.fork()
	if pid == 0:
	    fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 24, int(sys.argv[1]), 0, 0))
	    attrs = termios.tcgetattr(1)
	    attrs[1] &= ~termios.ONLCR  # line feeds as written
	    termios.tcsetattr(1, termios.TCSANOW, attrs)
	    os.execvp(sys.argv[2], sys.argv[2:])
	while True:
	    try:
	        chunk = os.read(fd, 65536)
	    except OSError:
	        break
	    if not chunk:
	        break
	    sys.stdout.buffer.write(chunk)
	sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
	EOF
}

# Each line of FILE fits in WIDTH columns, but a link alone on its line
# (a link cut in two would not work).
assert_fits() {
	local line word
	sed 's/\x1b\[[0-9;]*m//g' "$1" >fits.txt
	while IFS= read -r line; do
		word=${line#"${line%%[! ]*}"}
		word=${word#code: }
		[ "$(printf '%s' "$line" | LC_ALL=C.UTF-8 wc -m)" -le "$2" ] ||
			case $word in *' '*) fail "line wider than $2: $line" ;; *://*) ;; *) fail "line wider than $2: $line" ;; esac
	done <fits.txt
}

# On a terminal every line is wrapped to its width: titles, the line of
# venue, date and sections, the links.  --pretty does the same anywhere,
# to $COLUMNS.
test_terminal_width() {
	setup
	write_listed_twice
	# a real terminal: its width, whatever COLUMNS says
	COLUMNS=200 on_terminal 40 "$LRMSEARCH" --index idx tokenskip ||
		fail "on a terminal: exit status $?"
	assert_fits "$OUT" 40
	assert_contains "$OUT" "Compact"$'\n'"   CoT; Reasoning Safety · in small"
	for q in privacy tokenskip; do
		COLUMNS=40 expect_status 0 search --pretty --color=never $q
		assert_fits "$OUT" 40
	done
	assert_line "$OUT" "   arXiv'25 · 2025-02 · Explicit Compact"
	assert_line "$OUT" "   CoT; Reasoning Safety · in small"
	assert_line "$OUT" "   https://arxiv.org/abs/2502.12067"
	assert_line "$OUT" "   code: https://github.com/hemingkx/TokenSkip"
	COLUMNS=40 expect_status 0 "$LRMSEARCH" --index twice --pretty --color=never survey
	assert_fits "$OUT" 40
	assert_line "$OUT" "   code: https://github.com/yueliu1999/Awesome-Efficient-Inference-for-LRMs"
	# --pretty without COLUMNS: 80 columns
	expect_status 0 search --pretty tokenskip
	assert_fits "$OUT" 80
	assert_contains "$OUT" $'\x1b[1m1. '
}

# Not a terminal: every line whole, whatever COLUMNS says, so that a pipe
# to grep sees whole titles, all the authors and whole snippets.
test_pipe_gets_whole_lines() {
	setup
	COLUMNS=40 expect_status 0 search privacy
	assert_line "$OUT" "1. Privacy in Large Language Models: Attacks, Defenses & Future Directions"
	assert_not_contains "$OUT" "…"
	expect_status 0 search tokenskip
	assert_line "$OUT" "   https://arxiv.org/abs/2502.12067  code: https://github.com/hemingkx/TokenSkip"
	local abstract="Privacy matters. $(seq -f 'word%g' 60 | paste -sd' ') The end."
	cat >abstracts.yaml <<-EOF
	format: lrmsearch-abstracts/2
	abstracts:
	- arxiv: "2310.10383"
	  abstract: "$abstract"
	  authors: [$(seq -f '"Author Number%g"' 12 | paste -sd,)]
	  fetched: "2025-10-01T00:00:00Z"
	count: 1
	EOF
	"$LRMINDEX" build -q --index idx small.yaml || fail "build"
	expect_status 0 search word1
	assert_line "$OUT" "   $(seq -f 'Author Number%g' 12 | paste -sd, | sed 's/,/, /g')"
	# the snippet as the index gives it (about LRM_SNIPPET_BYTES), on one line
	grep -q '^   word1 word2 .* word30 ' "$OUT" ||
		fail "the snippet is not on one line: $(cat "$OUT")"
	assert_eq "$(grep -c 'word' "$OUT")" 1
	# a terminal gets two lines of it, and as many authors as fit
	on_terminal 60 "$LRMSEARCH" --index idx word1 || fail "on a terminal: exit status $?"
	assert_contains "$OUT" "et al."
	assert_fits "$OUT" 60
}

# abstract: and author: on an index built without the abstracts cache
# find nothing: a note says why and how to fetch them.
test_fields_without_abstracts() {
	setup
	expect_status 1 search author:liu
	assert_contains "$OUT" "No papers match."
	assert_contains "$ERR" "lrmsearch: 'author:' finds nothing: this index was built without abstracts and authors (fetch them from arXiv with 'lrmindex fetch', then build the index again with 'lrmindex build')"
	expect_status 1 search --json 'ABSTRACT:zebra'
	assert_contains "$ERR" "'abstract:' finds nothing"
	expect_status 0 search --count 'latent OR (abstract:zebra)'
	assert_contains "$ERR" "'abstract:' finds nothing"
	# not a field: no note
	expect_status 1 search coauthor:liu
	assert_eq "$(cat "$ERR")" "" "a note for coauthor"
	expect_status 0 search latent
	assert_eq "$(cat "$ERR")" "" "a note without the field"
	# an index with abstracts: no note, even when nothing matches
	cat >abstracts.yaml <<-'EOF'
	format: lrmsearch-abstracts/2
	abstracts:
	- arxiv: "2510.02312"
	  abstract: "Zanzibarite reasoning."
	  authors: ["Ada Liu"]
	  fetched: "2025-10-01T00:00:00Z"
	count: 1
	EOF
	"$LRMINDEX" build -q --index idx small.yaml || fail "build"
	expect_status 0 search author:liu
	assert_eq "$(cat "$ERR")" "" "a note with authors"
	expect_status 1 search abstract:zebra author:nobody
	assert_eq "$(cat "$ERR")" "" "a note with abstracts"
}

test_rebuild_atomic() {
	setup
	gen1=$(cat idx/current)
	expect_status 0 "$LRMINDEX" build --index idx small.yaml
	gen2=$(cat idx/current)
	[ "$gen1" != "$gen2" ] || fail "no new generation"
	expect_status 0 "$LRMINDEX" build --index idx small.yaml
	# the live generation and the one before it are kept, older ones go
	assert_eq "$(ls -d idx/gen-* | wc -l)" 2
	expect_status 0 search --count latent
	assert_eq "$(cat "$OUT")" 3
	# a killed build's temporary stub goes with the next build
	echo "auto gen-x" >idx/current.tmp.AbCdEf
	expect_status 0 "$LRMINDEX" build --index idx small.yaml
	[ -e idx/current.tmp.AbCdEf ] && fail "a stale current.tmp was kept"
	# a generation that is a symbolic link goes, what it points to stays
	mkdir victim && echo keep >victim/file
	ln -s "$T/victim" idx/gen-0-0-0
	expect_status 0 "$LRMINDEX" build --index idx small.yaml
	[ -e idx/gen-0-0-0 ] && fail "the symbolic link was kept"
	assert_eq "$(cat victim/file)" keep
	# a directory that is not an index is refused, and left alone
	mkdir notindex && echo keep >notindex/file
	expect_status 2 "$LRMINDEX" build --index notindex small.yaml
	assert_contains "$ERR" "not an lrmsearch index directory"
	assert_eq "$(ls notindex)" file
	# a bad dataset leaves the index as it was
	echo "format: nope" >bad.yaml
	expect_status 2 "$LRMINDEX" build --index idx bad.yaml
	assert_contains "$ERR" "bad.yaml:1:"
	assert_eq "$(cat idx/current)" "$(cat idx/current)"
	expect_status 0 search --count latent
}

test_default_index_built_on_first_use() {
	setup
	expect_status 0 "$LRMSEARCH" --count latent reasoning
	assert_contains "$ERR" "building the index"
	[ -f "$XDG_CACHE_HOME/lrmsearch/index/current" ] || fail "no index in the cache"
	expect_status 0 "$LRMSEARCH" --json latent reasoning
	[ -s "$ERR" ] && fail "rebuilt although nothing changed: $(cat "$ERR")"
	LRM_INDEX=$T/idx expect_status 0 "$LRMSEARCH" --count privacy
	assert_eq "$(cat "$OUT")" 1
}

# The default index is the one `lrmindex build` last built, from the
# datasets it was built from (lrm/sources.h): searching it never swaps in
# the bundled dataset behind the user's back.
test_default_index_follows_its_dataset() {
	setup
	all=$("$LRMSEARCH" --index idx --count "")
	expect_status 0 "$LRMINDEX" build small.yaml
	expect_status 0 "$LRMSEARCH" --count ""
	assert_eq "$(cat "$OUT")" "$all" "papers in the index just built"
	[ -s "$ERR" ] && fail "rebuilt after lrmindex build: $(cat "$ERR")"
	# from another directory too: the path is recorded absolute
	mkdir elsewhere
	(cd elsewhere && "$LRMSEARCH" --count "") >out 2>err || fail "from elsewhere"
	assert_eq "$(cat out)" "$all"
	# the dataset changes: the next search rebuilds from it, and says so
	head -n 9 "$SRC/tests/lists/small.md" >one.md
	"$LRMINDEX" import -q -o small.yaml one.md || fail "import"
	expect_status 0 "$LRMSEARCH" --count ""
	assert_eq "$(cat "$OUT")" 1 "papers after the dataset changed"
	assert_contains "$ERR" "small.yaml in $XDG_CACHE_HOME/lrmsearch/index"
	expect_status 0 "$LRMSEARCH" --count ""
	[ -s "$ERR" ] && fail "rebuilt although nothing changed: $(cat "$ERR")"
	# the dataset is gone: the index is searched as it was built
	rm small.yaml
	expect_status 0 "$LRMSEARCH" --count ""
	assert_eq "$(cat "$OUT")" 1 "papers once the dataset is gone"
	assert_contains "$ERR" "small.yaml, which the index in $XDG_CACHE_HOME/lrmsearch/index was built from, is gone"
	# no index at all: the bundled dataset, as on first use
	rm -r "$XDG_CACHE_HOME/lrmsearch/index"
	expect_status 0 "$LRMSEARCH" --count ""
	assert_contains "$ERR" "building the index of $SRC/data/papers.yaml"
	[ "$(cat "$OUT")" -gt 100 ] || fail "the bundled dataset has $(cat "$OUT") papers"
}

# A large dataset built by two processes finds what one process finds.
test_parallel_build_matches_serial() {
	awk 'BEGIN {
		split("latent reasoning chain thought compression token budget early exit speculative router merge survey", w, " ")
		srand(7)
		print "format: lrmsearch-papers/2"; print "papers:"
		for (i = 0; i < 11000; i++) {
			t = ""; for (j = 0; j < 6; j++) t = t w[int(rand() * 14) + 1] " "
			printf "- id: \"p%d\"\n  title: \"%sp%d\"\n  listings:\n  - source: \"g.md\"\n    line: %d\n    date: \"2025-%02d\"\n", i, t, i, i + 1, i % 12 + 1
		}
		print "count: 11000" }' >big.yaml
	expect_status 0 "$LRMINDEX" build --index one --jobs 1 big.yaml
	expect_status 0 "$LRMINDEX" build --index two --jobs 2 big.yaml
	assert_eq "$(ls two)" "current
$(ls two | grep '^gen-')" "no shard left behind"
	for q in "latent reasoning" "token OR budget" '"early exit"' "p10999" ""; do
		a=$("$LRMSEARCH" --index one --count "$q")
		b=$("$LRMSEARCH" --index two --count "$q")
		assert_eq "$a" "$b" "count of '$q'"
		"$LRMSEARCH" --index one --json -n 5 "$q" | grep -o '"id": "[^"]*"' >a
		"$LRMSEARCH" --index two --json -n 5 "$q" | grep -o '"id": "[^"]*"' >b
		assert_same a b
	done
	expect_status 2 "$LRMINDEX" build --index two --jobs 0 big.yaml
	assert_contains "$ERR" "invalid --jobs '0'"
}

# finds QUERY ID...: QUERY finds exactly the papers ID..., newest first.
finds() {
	local q=$1
	shift
	expect_status 0 search --json --sort date "$q"
	assert_eq "$(ids)" "$* " "$q"
}

# setup_papers: index the papers of standard input in $T/idx (with the
# bundled synonyms), and no default index.  One paper a line:
# "ID|TITLE|LISTING;LISTING...", a listing "DATE,VENUE,VENUE_NAME,YEAR".
setup_papers() {
	local n=0
	unset LRM_INDEX NO_COLOR
	export XDG_CACHE_HOME=$T/cache HOME=$T/home
	cat >papers.txt
	{
		echo "format: lrmsearch-papers/2"
		echo "papers:"
		while IFS='|' read -r id title listings; do
			printf -- '- id: "%s"\n  title: "%s"\n  listings:\n' "$id" "$title"
			echo "$listings" | tr ';' '\n' | while IFS=, read -r date venue name year; do
				n=$((n + 1))
				printf '  - {source: "y.md", line: %d, section: "S", date: "%s", venue: "%s", venue_name: "%s", venue_year: %s}\n' \
					"$n" "$date" "$venue" "$name" "$year"
			done
			n=$((n + 10))
		done <papers.txt
		echo "count: $(grep -c . papers.txt)"
	} >papers.yaml
	"$LRMINDEX" build -q --synonyms "$SRC/data/synonyms.txt" --index idx \
		papers.yaml || fail "build"
}

# year_facet: the year facet of $OUT (JSON) as "YEAR:COUNT ..." lines.
year_facet() {
	sed -n 's/.*"year": \[\([^]]*\)\].*/\1/p' "$OUT" |
		grep -o '"value": "[^"]*", "count": [0-9]*' |
		sed 's/"value": "\([^"]*\)", "count": \([0-9]*\)/\1:\2/'
}

# One meaning for year: and date: (issue 13): a paper has the year of
# each listing's date and of each venue ("ICLR'26" for a paper of
# 2025-10), and year:Y, year:Y..Y and the year facet all count it in each.
test_year_and_date_mean_any_listing() {
	setup_papers <<-'EOF'
	survey|Efficient Inference: A Survey|2026-05,IEEE T-PAMI'26,IEEE T-PAMI,2026;2025-03,arXiv'25,arXiv,2025
	iclr|Thought-Adaptive Cache Compression|2025-10,ICLR'26,ICLR,2026
	drive|Models for Autonomous Driving|2023-11,arXiv'24,arXiv,2024
	plain|Plain Reasoning|2024-06,arXiv'24,arXiv,2024
	EOF
	for q in year:2026 year:2026..2026 year:2026.. year:2026..2030 \
		year:2025 year:2025..2025; do
		finds "$q" survey iclr
	done
	for q in year:2024 year:2024..2024 year:2023..2024 year:..2024; do
		finds "$q" plain drive
	done
	finds year:2024..2026 survey iclr plain drive
	expect_status 1 search --count year:2027..2030
	# the survey's arXiv listing is of 2025-03
	for q in date:2025-03 date:2025-03..2025-03 date:2025-01..2025-04; do
		finds "$q" survey
	done
	finds date:..2025-03 survey plain drive
	# values and ranges of one field: either
	finds 'year:2023 year:2026..2026' survey iclr drive
	expect_status 0 search --count 'year:2023 -year:2026..'
	assert_eq "$(cat "$OUT")" 1
	# the facet counts what year:Y finds, and year:Y..Y too
	expect_status 0 search --json --facets ''
	year_facet >facet
	assert_eq "$(tr '\n' ' ' <facet)" "2026:2 2025:2 2024:2 2023:1 "
	for y in 2026 2025 2024 2023; do
		want=$(sed -n "s/^$y://p" facet)
		for q in "year:$y" "year:$y..$y"; do
			expect_status 0 search --count "$q"
			assert_eq "$(cat "$OUT")" "$want" "$q and the facet"
		done
	done
	# within a search too: the facet of year:2026 counts the survey in
	# 2025 as well, as year:2025 finds it
	expect_status 0 search --json --facets year:2026
	assert_eq "$(year_facet | tr '\n' ' ')" "2026:2 2025:2 "
}

# The plural of an abbreviation finds what the singular finds (issue 13):
# stemming leaves "LLMs" alone, so the index makes it a synonym.
test_abbreviation_plurals() {
	setup_papers <<-'EOF'
	expanded|Large Language Models Can Plan|2025-01,arXiv'25,arXiv,2025
	singular|An LLM Thinks Fast|2025-02,arXiv'25,arXiv,2025
	plural|LLMs Are Few-Shot Reasoners|2025-03,arXiv'25,arXiv,2025
	lrm|Large Reasoning Models Overthink|2025-04,arXiv'25,arXiv,2025
	lrms|Safety of LRMs|2025-05,arXiv'25,arXiv,2025
	mllm|A Multimodal Large Language Model for Charts|2025-06,arXiv'25,arXiv,2025
	mllms|MLLMs See Better|2025-07,arXiv'25,arXiv,2025
	cot|CoT Prompting|2025-08,arXiv'25,arXiv,2025
	cots|Chain-of-Thoughts Distilled|2025-09,arXiv'25,arXiv,2025
	EOF
	for pair in LLM/LLMs title:LLM/title:LLMs LRM/LRMs MLLM/MLLMs CoT/CoTs \
		'llm reasoners/llms reasoners' 'title:lrm/title:lrms'; do
		expect_status 0 search --json --sort date "${pair%/*}"
		ids >singular
		expect_status 0 search --json --sort date "${pair#*/}"
		ids >plural
		assert_same singular plural
	done
	finds LLMs mllm plural singular expanded
	finds LRMs lrms lrm
	finds MLLMs mllms mllm
}

# A compound name in a title is found by its parts (issue 13), as a title
# word, while the title's own words and phrases stay as they were.
test_compound_title_words() {
	setup_papers <<-'EOF'
	flash|FlashThink: An Early Exit Method For Efficient Reasoning|2025-01,arXiv'25,arXiv,2025
	budget|BudgetThinker: Empowering Budget-aware LLM Reasoning|2025-02,arXiv'25,arXiv,2025
	self|SelfBudgeter: Adaptive Token Allocation for Efficient LLM Reasoning|2025-03,arXiv'25,arXiv,2025
	light|LightThinker: Thinking Step-by-Step Compression|2025-04,arXiv'25,arXiv,2025
	rag|LatentRAG: Latent Retrieval for Agents|2025-05,arXiv'25,arXiv,2025
	plain|LLMs and CoTs on a Token Budget|2025-06,arXiv'25,arXiv,2025
	EOF
	finds think light flash
	finds budget plain self budget
	finds thinker light budget
	finds 'title:think' light flash
	# a part is a title word, with a title word's weight
	finds title:budget plain self budget
	# the parts of one name are a phrase; the name and the title's own
	# phrases still match
	finds '"flash think"' flash
	finds '"flashthink an early exit"' flash
	finds flashthink flash
	# an abbreviation inside a name is one too, with its synonyms
	finds RAG rag
	finds '"retrieval augmented generation"' rag
	# "LLMs" and "CoTs" are plurals, not names: no "ms", no "ts"
	expect_status 1 search --count ms
	expect_status 1 search --count ts
	expect_status 1 search --count '"flash think an"'
}

# ------------------------------------------------------------------
# Issue 14: the lists that hold a paper, and the day it was added
# ------------------------------------------------------------------

# setup_lists: index, in $T/idx, six papers of several lists, added on
# three days but one (that one of the newest date).
setup_lists() {
	unset LRM_INDEX NO_COLOR COLUMNS POSIXLY_CORRECT
	export XDG_CACHE_HOME=$T/cache HOME=$T/home
	cat >lists.yaml <<-'EOF'
	format: lrmsearch-papers/2
	papers:
	- id: "new-b"
	  title: "Latent Budget"
	  added: "2026-11-20"
	  listings:
	  - {source: "xiaoyee.md", list: "xiaoyee", line: 1, section: "S", date: "2025-06"}
	- id: "none"
	  title: "Old Latent Paper"
	  listings:
	  - {source: "My-List.md", line: 2, section: "S", date: "2026-01"}
	- id: "mid"
	  title: "Latent Thoughts"
	  added: "2026-11-05"
	  listings:
	  - {source: "h.md", list: "hemingkx", line: 3, section: "S", date: "2025-03", authors: ["Yue Liu", "Jane Doe"]}
	  - {source: "f.md", list: "fscdc", line: 4, section: "S", date: "2025-03"}
	- id: "new-long"
	  title: "Latent Reasoning with Latent Tokens"
	  added: "2026-11-20"
	  listings:
	  - {source: "xiaoyee.md", list: "xiaoyee", line: 5, section: "S", date: "2024-05"}
	- id: "early"
	  title: "Latent Plans"
	  added: "2026-10-30"
	  listings:
	  - {source: "h.md", list: "hemingkx", line: 6, section: "S", date: "2025-01"}
	  - {source: "x.md", list: "xiaoyee", line: 7, section: "S", date: "2025-01"}
	  - {source: "f.md", list: "fscdc", line: 8, section: "S", date: "2025-01"}
	- id: "new-a"
	  title: "Latent Twin"
	  added: "2026-11-20"
	  listings:
	  - {source: "xiaoyee.md", list: "xiaoyee", line: 9, section: "S", date: "2025-06"}
	count: 6
	EOF
	"$LRMINDEX" build -q --index idx lists.yaml || fail "build"
}

test_list_filter_and_facet() {
	setup_lists
	finds list:hemingkx mid early
	finds list:HemingKX mid early
	# a list imported by its path is named after its file
	finds list:my-list none
	finds 'list:fscdc list:my-list' none mid early
	finds 'latent -list:xiaoyee' none mid
	expect_status 1 search --count list:nowhere
	expect_status 0 search --json --facets ''
	assert_contains "$OUT" '"list": [{"value": "xiaoyee", "count": 4}, {"value": "fscdc", "count": 2}, {"value": "hemingkx", "count": 2}, {"value": "My-List", "count": 1}]'
	expect_status 0 search --facets ''
	assert_line "$OUT" "List"
	assert_line "$OUT" "      4  xiaoyee"
	expect_status 0 "$LRMSEARCH" --help
	assert_contains "$OUT" "list:hemingkx"
	assert_contains "$OUT" "by year, venue, section"
}

test_results_say_their_lists() {
	setup_lists
	expect_status 0 search --json ''
	python3 - "$OUT" <<-'EOF' || fail "the lists are not in the JSON"
	import json, sys
	r = {x["id"]: x for x in json.load(open(sys.argv[1], encoding="utf-8"))["results"]}
	assert r["mid"]["lists"] == ["fscdc", "hemingkx"], r["mid"]
	assert r["early"]["lists"] == ["fscdc", "hemingkx", "xiaoyee"], r["early"]
	assert r["none"]["lists"] == ["My-List"], r["none"]
	assert [l["list"] for l in r["mid"]["listings"]] == ["hemingkx", "fscdc"]
	assert r["none"]["listings"][0]["list"] == "My-List"
	assert r["mid"]["listings"][0]["authors"] == ["Yue Liu", "Jane Doe"]
	assert r["mid"]["listings"][1]["authors"] == []
	# added only when the paper has it; nothing renamed
	assert r["mid"]["added"] == "2026-11-05" and "added" not in r["none"]
	for k in ("source", "section", "date", "venue", "paper", "code", "arxiv"):
	    assert k in r["mid"]["listings"][0], k
	assert r["mid"]["authors"] == [], r["mid"]["authors"]
	EOF
	expect_status 0 search thoughts
	assert_line "$OUT" "   2025-03 · S · in fscdc, hemingkx"
	# the authors the list gives, when no abstract gives any
	assert_line "$OUT" "   Yue Liu, Jane Doe"
	expect_status 0 search plans
	assert_line "$OUT" "   2025-01 · S · in 3 lists"
	expect_status 0 search old
	assert_line "$OUT" "   2026-01 · S · in My-List"
	# the day it was added only when the results are sorted by it
	assert_not_contains "$OUT" "added"
	# BibTeX as it was
	expect_status 0 search --format bibtex thoughts
	assert_not_contains "$OUT" "hemingkx"
	assert_not_contains "$OUT" "2026-11-05"
}

test_added_values_and_ranges() {
	setup_lists
	for q in added:2026-11-01.. added:2026-11 'added:2026-11-01..2026-11-30' \
		'added:"2026-11"' 'added:２０２６-１１'; do
		finds "$q" new-a new-b mid new-long
	done
	finds added:..2026-11-30 new-a new-b mid early new-long
	finds added:2026-11-05 mid
	finds added:2026-10-30..2026-11-05 mid early
	finds 'added:2026-11-06..2026-11' new-a new-b new-long
	finds 'added:2026-10 added:2026-11-05' mid early
	finds 'latent -added:2026' none
	expect_status 1 search --count added:2026-11-21..
	expect_status 1 search --count added:2027
	for q in added:2026-13 added:abc added:2026-11-31 added:2025-02-29 \
		added:2026-1 'added:2026-11-01..x' added:..; do
		expect_status 2 search "$q"
		assert_contains "$ERR" "couldn't parse query: added: expects a day, a month or a year"
	done
	expect_status 2 search 'latent added:2026-13'
	assert_line "$ERR" "  latent added:2026-13"
	assert_line "$ERR" "               ^"
}

test_sort_added() {
	setup_lists
	expect_status 0 search --json --sort added ''
	assert_eq "$(ids)" "new-a new-b new-long mid early none "
	# within a day, the best match first
	expect_status 0 search --json --sort added latent
	assert_eq "$(ids)" "new-long new-a new-b mid early none "
	expect_status 0 search --json --sort added -n 2 --offset 2 latent
	assert_eq "$(ids)" "new-b mid "
	assert_contains "$OUT" '"rank": 3, "id": "new-b"'
	expect_status 0 search --json --sort added added:2026-11-01..
	assert_eq "$(ids)" "new-a new-b new-long mid "
	expect_status 0 search --sort added thoughts
	assert_line "$OUT" "   2025-03 · S · in fscdc, hemingkx · added 2026-11-05"
	expect_status 0 search --sort added old
	assert_line "$OUT" "   2026-01 · S · in My-List"
	expect_status 0 "$LRMSEARCH" --help
	assert_contains "$OUT" "'added' (newest"
}

test_author_from_lists() {
	setup_lists
	finds author:liu mid
	finds 'author:"jane doe"' mid
	finds liu mid
	# the note on author: is for an index without any authors
	assert_eq "$(cat "$ERR")" "" "a note with the lists' authors"
	expect_status 1 search author:nobody
	assert_eq "$(cat "$ERR")" "" "a note with the lists' authors"
}

run_tests "$@"
