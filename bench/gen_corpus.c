/* bench/gen_corpus.c - a deterministic corpus of synthetic papers shaped
 * like the real list, for the benchmarks.
 *
 *   gen_corpus [--seed S] [--modify PCT] [--tsv FILE] N OUTDIR
 *
 * writes OUTDIR/papers.yaml (a dataset, as `lrmindex import` writes it) and
 * OUTDIR/abstracts.yaml (an abstracts cache, as `lrmindex fetch` writes it),
 * so `lrmindex build --index IDX OUTDIR/papers.yaml` indexes titles,
 * abstracts and authors exactly as it would for the real list.  Beyond
 * --part-size papers (25000) the files come in parts, papers-001.yaml and
 * abstracts-001.yaml and so on, as liblrm reads no YAML file over 64 MB;
 * bench_build indexes those.
 *
 * The shapes follow the real list: titles of 6-16 words, abstracts of
 * 120-250 words, arXiv ids "YYMM.NNNNN" that match each paper's month,
 * dates from 2023-01 to 2026-06 weighted like the list's, its venues and
 * sections.  Words follow Zipf's law over a vocabulary whose head is the
 * field's own words - taken from the titles of the bundled
 * data/papers.yaml - and whose tail is made-up words (rare terms), and
 * every paper is about a topic (a phrase such as "chain of thought" and a
 * few of the field's words) that its title and abstract repeat, so real
 * queries hit and rank.
 *
 * Every paper is made from its own random stream (seed, paper number), so
 * the output depends only on N, the seed and the bundled titles; the same
 * arguments always give byte-identical files.  --modify PCT makes the same
 * corpus with PCT percent of the papers revised (a new abstract, and for
 * half of them a published venue besides the preprint): a re-import where
 * that share of the list changed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lrm/abstracts.h"
#include "lrm/buf.h"
#include "lrm/file.h"
#include "lrm/paper.h"
#include "lrm/text.h"

static const char *const program = "gen_corpus";

#define DEFAULT_TITLES LRM_SOURCE_DIR "/data/papers.yaml"

/* Made-up words after the field's: the rare terms of the corpus. */
#define TAIL_WORDS 60000
/* Zipf exponent of the word distribution (about 1 in English text). */
#define ZIPF_S 1.0

/* ------------------------------------------------------------------ */
/* Random numbers: xoshiro256**, one stream per paper                 */
/* ------------------------------------------------------------------ */

struct rng {
	uint64_t s[4];
};

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
rng_seed(struct rng *r, uint64_t seed, uint64_t stream, uint64_t salt)
{
	uint64_t x = seed ^ (stream * 0xd1342543de82ef95ULL) ^
		     (salt * 0xaf251af3b0f025b5ULL);

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(struct rng *r)
{
	uint64_t result = rotl(r->s[1] * 5, 7) * 9, t = r->s[1] << 17;

	r->s[2] ^= r->s[0];
	r->s[3] ^= r->s[1];
	r->s[1] ^= r->s[2];
	r->s[0] ^= r->s[3];
	r->s[2] ^= t;
	r->s[3] = rotl(r->s[3], 45);
	return result;
}

/* Uniform in [0, 1). */
static double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, N). */
static unsigned
rng_below(struct rng *r, unsigned n)
{
	return (unsigned)(rng_unit(r) * n);
}

/* ------------------------------------------------------------------ */
/* Word lists                                                         */
/* ------------------------------------------------------------------ */

/* Function words of abstracts, most frequent first. */
static const char *const function_words[] = {
	"the", "of", "and", "to", "a", "in", "we", "that", "is", "for",
	"on", "with", "by", "this", "as", "our", "are", "it", "from", "be",
	"which", "an", "can", "while", "these", "at", "or", "both", "than",
	"such", "has", "its", "not", "more", "how", "into", "without", "over",
	"across", "each", "when", "only", "also", "under", "between", "their",
	"up", "per", "via", "then",
};

/* Words a title uses to join its parts. */
static const char *const title_joiners[] = {
	"for", "via", "in", "with", "of", "and", "through", "towards",
	"without", "on", "by", "from",
};

/* Words of any research abstract, to mix with the field's. */
static const char *const academic_words[] = {
	"model", "method", "performance", "results", "approach", "propose",
	"show", "task", "data", "accuracy", "framework", "training", "achieve",
	"existing", "problem", "benchmark", "experiments", "significantly",
	"novel", "based", "new", "improve", "demonstrate", "analysis",
	"state-of-the-art", "output", "evaluation", "outperforms", "baseline",
	"introduce", "reduce", "cost", "computational", "quality", "study",
	"work", "paper", "key", "strategy", "design", "results", "learn",
	"specific", "various", "multiple", "different", "general", "number",
	"high", "low", "large", "small", "single", "final", "first", "process",
	"information", "effectiveness", "extensive", "simple", "effective",
	"substantial", "improvement", "limited", "critical", "address",
	"challenge", "capabilities", "potential", "significant", "comparable",
	"maintaining", "enables", "leverages", "achieves", "requires",
	"provides", "remains", "consistently", "across", "datasets",
	"settings", "tasks", "approaches", "methods", "models", "techniques",
	"mechanism", "objective", "function", "loss", "gradient", "policy",
	"signal", "feedback", "supervision", "label", "sample", "samples",
	"distribution", "representation", "representations", "architecture",
	"layer", "layers", "attention", "head", "heads", "parameters",
	"weights", "memory", "latency", "throughput", "speedup", "overhead",
	"runtime", "hardware", "gpu", "serving", "deployment", "scale",
	"scaling", "size", "budget", "ratio", "rate", "metric", "metrics",
	"score", "scores", "error", "errors", "correct", "incorrect",
	"answer", "answers", "question", "questions", "problems", "math",
	"mathematical", "coding", "code", "logic", "logical", "commonsense",
	"planning", "agents", "agentic", "tool", "tools", "environment",
	"trajectory", "trajectories", "step", "steps", "stage", "stages",
	"phase", "iteration", "iterative", "online", "offline", "prior",
	"posterior", "probability", "uncertainty", "confidence", "entropy",
	"signal", "prompt", "prompts", "prompting", "instruction",
	"instructions", "generation", "generate", "generated", "decode",
	"decoding", "sequence", "sequences", "context", "window", "length",
	"lengths", "long", "short", "shorter", "longer", "fewer", "faster",
	"cheaper", "accurate", "robust", "stable", "scalable", "practical",
	"theoretical", "empirical", "empirically", "theoretically", "notably",
	"furthermore", "moreover", "however", "specifically", "finally",
	"additionally", "respectively", "overall", "average", "relative",
	"absolute", "original", "standard", "vanilla", "full", "partial",
	"redundant", "unnecessary", "excessive", "verbose", "concise",
	"compact", "dense", "sparse", "hybrid", "unified", "modular",
	"lightweight", "plug-and-play", "training-free", "open-source",
	"publicly", "available", "code", "release", "human", "humans",
	"expert", "experts", "teacher", "student", "distill", "trade-off",
	"pareto", "frontier", "regime", "domain", "domains", "out-of-domain",
	"generalization", "transfer", "downstream", "upstream", "pipeline",
	"component", "module", "signal", "estimate", "estimation", "predict",
	"prediction", "predictor", "classifier", "verifier", "judge",
	"reward", "rewards", "preference", "alignment", "safety", "risk",
};

/* Phrases of the field: each paper is about one of them. */
static const char *const phrases[] = {
	"chain of thought", "large reasoning models", "large language models",
	"test-time scaling", "reinforcement learning", "KV cache",
	"early exit", "speculative decoding", "latent reasoning",
	"token budget", "model merging", "long-to-short", "overthinking",
	"adaptive thinking", "reasoning length", "continuous latent space",
	"mixture of experts", "supervised fine-tuning", "length penalty",
	"reward model", "model router", "small language models",
	"reasoning compression", "implicit chain of thought",
	"efficient reasoning", "thinking budget", "early stopping",
	"step skipping", "token pruning", "knowledge distillation",
	"chain-of-thought compression", "LLM routing", "RL fine-tuning",
	"dynamic early exit", "latent tokens", "reasoning efficiency",
};

/* Words the field writes in capitals. */
static const struct {
	const char *word, *display;
} capitals[] = {
	{"llm", "LLM"}, {"llms", "LLMs"}, {"cot", "CoT"}, {"cots", "CoTs"},
	{"rl", "RL"}, {"kv", "KV"}, {"moe", "MoE"}, {"sft", "SFT"},
	{"lrm", "LRM"}, {"lrms", "LRMs"}, {"rag", "RAG"}, {"grpo", "GRPO"},
	{"tts", "TTS"}, {"mllms", "MLLMs"}, {"gpt", "GPT"}, {"cpu", "CPU"},
	{"gpu", "GPU"}, {"openai", "OpenAI"}, {"rnns", "RNNs"},
	{"dpo", "DPO"}, {"ppo", "PPO"}, {"sot", "SoT"}, {"ai", "AI"},
};

/* Words not taken from titles: they are function words, or too short. */
static const char *const title_stopwords[] = {
	"a", "an", "the", "of", "for", "in", "on", "with", "via", "and",
	"or", "to", "from", "by", "as", "at", "is", "are", "be", "it",
	"its", "into", "through", "without", "when", "not", "can", "you",
	"your", "i", "all", "how", "what", "this", "that", "beyond",
	"towards", "toward", "do", "don", "t", "s", "more", "less", "per",
	"such", "but", "have", "makes", "need", "other", "go", "i", "so",
	"we", "us", "our", "than", "too", "very", "just", "yet",
};

static const char *const sections[] = {
	"Survey",
	"Explicit Compact CoT",
	"Implicit Latent CoT",
	"Limitations and Challenges / User-centric Controllable Reasoning",
	"Limitations and Challenges / Interpretability of Reasoning",
	"Limitations and Challenges / Reasoning Safety",
	"Limitations and Challenges / Broader Application",
	"Further Improvement / New Architecture",
	"Further Improvement / Model Merge",
	"Further Improvement / Agent Router",
};
/* As often as the real list uses them. */
static const unsigned section_weights[] = {10, 73, 15, 5, 10, 10, 15, 11, 12, 12};

static const char *const conferences[] = {
	"ICLR", "NeurIPS", "ICML", "ACL", "EMNLP", "NAACL", "AAAI", "COLM",
	"TMLR", "IJCAI",
};
static const char *const lab_names[] = {
	"OpenAI", "Anthropic", "Google", "Nvidia", "DeepSeek", "Qwen",
};
static const char *const categories[] = {"cs.CL", "cs.LG", "cs.AI"};

static const char *const first_names[] = {
	"Yue", "Wei", "Xin", "Jing", "Hao", "Yu", "Li", "Chen", "Zhang",
	"Anna", "David", "Maria", "James", "Sara", "Daniel", "Elena", "Omar",
	"Priya", "Arjun", "Kenji", "Yuki", "Min", "Ji-woo", "Lucas", "Sofia",
	"Noah", "Emma", "Liam", "Olivia", "Mateo", "Aisha", "Fatima", "Ivan",
	"Olga", "Pierre", "Claire", "Jonas", "Lena", "Tomás", "Inés",
	"Kwame", "Amara", "Ravi", "Meera", "Hyun", "Sung", "Thanh", "Linh",
};
static const char *const last_names[] = {
	"Liu", "Wang", "Li", "Zhang", "Chen", "Yang", "Huang", "Zhao", "Wu",
	"Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Luo",
	"Smith", "Johnson", "Brown", "Garcia", "Miller", "Davis", "Martinez",
	"Müller", "Schmidt", "Dubois", "Rossi", "Kowalski", "Ivanov",
	"Nakamura", "Tanaka", "Kim", "Park", "Lee", "Nguyen", "Tran", "Patel",
	"Sharma", "Gupta", "Singh", "Okafor", "Mensah", "Haddad", "Cohen",
	"Silva", "Santos", "Oliveira", "Andersson", "Nielsen", "Novák",
};

/* Syllables of made-up words: 64 of them, so three make 262144 words. */
static const char *const syllables[64] = {
	"ba", "be", "bi", "bo", "da", "de", "di", "do", "fa", "fe", "fi",
	"fo", "ga", "ge", "gi", "go", "ka", "ke", "ki", "ko", "la", "le",
	"li", "lo", "ma", "me", "mi", "mo", "na", "ne", "ni", "no", "pa",
	"pe", "pi", "po", "ra", "re", "ri", "ro", "sa", "se", "si", "so",
	"ta", "te", "ti", "to", "va", "ve", "vi", "vo", "za", "ze", "zi",
	"zo", "xan", "quor", "thel", "myr", "dral", "vesk", "pold", "gund",
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Vocabularies and sampling                                          */
/* ------------------------------------------------------------------ */

struct vocab {
	char **words; /* owned */
	double *cdf;  /* cumulative probability, cdf[n-1] == 1 */
	size_t n;
};

static void
vocab_clear(struct vocab *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->words[i]);
	free(v->words);
	free(v->cdf);
	memset(v, 0, sizeof(*v));
}

static int
vocab_add(struct vocab *v, const char *word, size_t *cap)
{
	if (v->n == *cap) {
		size_t want = *cap ? *cap * 2 : 256;
		char **grown = realloc(v->words, want * sizeof(*grown));

		if (!grown)
			return -1;
		v->words = grown;
		*cap = want;
	}
	if (!(v->words[v->n] = strdup(word)))
		return -1;
	v->n++;
	return 0;
}

/* Probabilities: WEIGHTS[i] when given, else Zipf's 1/(rank^s). */
static int
vocab_finish(struct vocab *v, const double *weights)
{
	double sum = 0;

	v->cdf = malloc(v->n * sizeof(*v->cdf));
	if (!v->cdf)
		return -1;
	for (size_t i = 0; i < v->n; i++) {
		sum += weights ? weights[i] : 1.0 / pow((double)(i + 1), ZIPF_S);
		v->cdf[i] = sum;
	}
	for (size_t i = 0; i < v->n; i++)
		v->cdf[i] /= sum;
	v->cdf[v->n - 1] = 1.0;
	return 0;
}

static const char *
vocab_pick(const struct vocab *v, struct rng *r)
{
	double u = rng_unit(r);
	size_t lo = 0, hi = v->n - 1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v->cdf[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return v->words[lo];
}

/* Made-up word number I (0 <= I < 64^3), all distinct: I is scrambled by
 * an odd multiplier mod 2^18, a bijection, so neighbours do not look
 * alike. */
static void
made_up_word(unsigned i, char *buf, size_t size)
{
	unsigned x = (i * 40503u + 12345u) & 0x3ffffu;

	snprintf(buf, size, "%s%s%s", syllables[x >> 12],
		 syllables[(x >> 6) & 63], syllables[x & 63]);
}

struct word_count {
	char *word;
	unsigned count;
};

static int
word_count_cmp(const void *a, const void *b)
{
	const struct word_count *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->word, y->word);
}

static int
is_title_stopword(const char *w)
{
	for (size_t i = 0; i < N_OF(title_stopwords); i++)
		if (strcmp(w, title_stopwords[i]) == 0)
			return 1;
	return 0;
}

/* The field's words: the words of the titles of the dataset at PATH, most
 * frequent first, without function words, numbers and one-letter words;
 * their counts in *COUNTS (malloc()ed). */
static int
field_words(const char *path, struct vocab *out, double **counts)
{
	struct lrm_dataset ds = {0};
	lrm_error_t err = {0};
	struct word_count *wc = NULL;
	size_t n_wc = 0, cap_wc = 0, cap = 0;
	int ret = -1;

	if (lrm_dataset_load(&ds, path, &err)) {
		fprintf(stderr, "%s: %s\n", program, err.msg);
		return -1;
	}
	for (size_t p = 0; p < ds.n_papers; p++) {
		char *words = NULL, *save = NULL;

		if (lrm_text_words(ds.papers[p].title, strlen(ds.papers[p].title),
				   &words, &err))
			goto cleanup;
		for (char *w = strtok_r(words, " ", &save); w;
		     w = strtok_r(NULL, " ", &save)) {
			size_t i;

			if (strlen(w) < 2 || strspn(w, "0123456789") == strlen(w) ||
			    is_title_stopword(w))
				continue;
			for (i = 0; i < n_wc && strcmp(wc[i].word, w) != 0; i++)
				;
			if (i < n_wc) {
				wc[i].count++;
				continue;
			}
			if (n_wc == cap_wc) {
				size_t want = cap_wc ? cap_wc * 2 : 256;
				struct word_count *grown =
					realloc(wc, want * sizeof(*wc));

				if (!grown) {
					free(words);
					goto cleanup;
				}
				wc = grown;
				cap_wc = want;
			}
			if (!(wc[n_wc].word = strdup(w))) {
				free(words);
				goto cleanup;
			}
			wc[n_wc++].count = 1;
		}
		free(words);
	}
	if (n_wc == 0) {
		fprintf(stderr, "%s: %s: no title words to build a vocabulary\n",
			program, path);
		goto cleanup;
	}
	qsort(wc, n_wc, sizeof(*wc), word_count_cmp);
	if (!(*counts = malloc(n_wc * sizeof(**counts))))
		goto cleanup;
	for (size_t i = 0; i < n_wc; i++) {
		if (vocab_add(out, wc[i].word, &cap))
			goto cleanup;
		(*counts)[i] = wc[i].count;
	}
	ret = 0;
cleanup:
	for (size_t i = 0; i < n_wc; i++)
		free(wc[i].word);
	free(wc);
	lrm_dataset_clear(&ds);
	return ret;
}

/* Everything a paper is made from. */
struct corpus {
	struct vocab field;	/* the field's words, by their title counts */
	struct vocab content;	/* field and academic words, then the tail */
	struct vocab function;	/* function words */
	uint64_t seed;
};

static void
corpus_clear(struct corpus *c)
{
	vocab_clear(&c->field);
	vocab_clear(&c->content);
	vocab_clear(&c->function);
}

static int
corpus_init(struct corpus *c, const char *titles, uint64_t seed)
{
	double *counts = NULL;
	size_t cap = 0, fi = 0, ai = 0;
	char word[64];
	int ret = -1;

	c->seed = seed;
	if (field_words(titles, &c->field, &counts) ||
	    vocab_finish(&c->field, counts))
		goto cleanup;
	/* The content words: the field's and the academic ones take turns,
	 * so both are frequent, then the made-up tail.  A word already
	 * taken is skipped (the lists share a few). */
	while (fi < c->field.n || ai < N_OF(academic_words)) {
		const char *w = NULL;
		int dup = 0;

		if ((c->content.n % 2 == 0 && fi < c->field.n) ||
		    ai >= N_OF(academic_words))
			w = c->field.words[fi++];
		else
			w = academic_words[ai++];
		for (size_t i = 0; i < c->content.n && !dup; i++)
			dup = strcmp(c->content.words[i], w) == 0;
		if (!dup && vocab_add(&c->content, w, &cap))
			goto cleanup;
	}
	for (unsigned i = 0; i < TAIL_WORDS; i++) {
		made_up_word(i, word, sizeof(word));
		if (vocab_add(&c->content, word, &cap))
			goto cleanup;
	}
	if (vocab_finish(&c->content, NULL))
		goto cleanup;
	cap = 0;
	for (size_t i = 0; i < N_OF(function_words); i++)
		if (vocab_add(&c->function, function_words[i], &cap))
			goto cleanup;
	if (vocab_finish(&c->function, NULL))
		goto cleanup;
	ret = 0;
cleanup:
	free(counts);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Text                                                               */
/* ------------------------------------------------------------------ */

/* The most a title or an abstract may take: far above the 16 and 250
 * words made here. */
#define MAX_TEXT (1u << 20)

/* How WORD is written: its capitals ("CoT"), else as given. */
static const char *
display(const char *word)
{
	for (size_t i = 0; i < N_OF(capitals); i++)
		if (strcmp(word, capitals[i].word) == 0)
			return capitals[i].display;
	return word;
}

static unsigned
count_words(const char *s)
{
	unsigned n = 0;
	int in = 0;

	for (; *s; s++) {
		if (*s == ' ')
			in = 0;
		else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

/* Append WORD (one word or a phrase) to B, title-cased when TITLE:
 * every word capitalised but the joiners, hyphenated parts too. */
static void
add_word(struct lrm_buf *b, const char *word, int title, int first)
{
	const char *w = display(word);
	size_t start = b->len;

	lrm_buf_adds(b, w);
	if (!title || b->status || w != word)
		return;
	for (size_t i = start; i < b->len; i++) {
		int word_start = i == start || b->data[i - 1] == ' ' ||
				 b->data[i - 1] == '-';
		size_t n = strcspn(b->data + i, " -");
		int joiner = 0;

		if (!word_start)
			continue;
		for (size_t j = 0; j < N_OF(title_joiners) && !first; j++)
			joiner |= strlen(title_joiners[j]) == n &&
				  strncmp(b->data + i, title_joiners[j], n) == 0;
		joiner |= !first && n == 1 && b->data[i] == 'a';
		joiner |= !first && n == 2 && strncmp(b->data + i, "of", 2) == 0;
		if (!joiner && b->data[i] >= 'a' && b->data[i] <= 'z')
			b->data[i] = (char)(b->data[i] - 'a' + 'A');
		first = 0;
	}
}

/* Append WORD to B after a space, unless B is empty. */
static void
emit(struct lrm_buf *b, const char *word, int title)
{
	if (b->len)
		lrm_buf_adds(b, " ");
	add_word(b, word, title, 0);
}

/* The topic of a paper: a phrase of the field and a few of its words. */
struct topic {
	const char *phrase;
	const char *words[3];
	unsigned n_words;
};

static void
pick_topic(const struct corpus *c, struct rng *r, struct topic *t)
{
	t->phrase = phrases[rng_below(r, N_OF(phrases))];
	t->n_words = 1 + rng_below(r, 3);
	for (unsigned i = 0; i < t->n_words; i++)
		t->words[i] = vocab_pick(&c->field, r);
}

/* A title of 6-16 words: maybe a name ("ThinkLess: ..."), then the
 * topic's phrase and words and more of the field's words, joined as
 * titles join them. */
static char *
make_title(const struct corpus *c, struct rng *r, const struct topic *t)
{
	struct lrm_buf b;
	unsigned target = 6 + rng_below(r, 6) + rng_below(r, 6), words = 0;
	unsigned chunk = 0, phrase_at = rng_below(r, 2);
	int name = rng_unit(r) < 0.35, joined = 1;
	char made[64];

	lrm_buf_init(&b, MAX_TEXT);
	if (name) {
		/* A made-up name: a field word and a syllable, CamelCase. */
		const char *w = vocab_pick(&c->field, r);

		made_up_word(rng_below(r, TAIL_WORDS), made, sizeof(made));
		made[3] = '\0';
		add_word(&b, w, 1, 1);
		lrm_buf_adds(&b, made);
		if (b.len && b.data[b.len - 3] >= 'a')
			b.data[b.len - 3] = (char)(b.data[b.len - 3] - 'a' + 'A');
		lrm_buf_adds(&b, ":");
		words = 1;
	}
	while (words < target) {
		const char *w;
		int join;

		if (chunk == phrase_at)
			w = t->phrase;
		else if (chunk < t->n_words + 1)
			w = t->words[chunk - (chunk > phrase_at)];
		else
			w = vocab_pick(&c->field, r);
		chunk++;
		/* Nouns run together; a joiner every so often. */
		join = words > (name ? 1u : 0u) && !joined && rng_unit(r) < 0.5;
		if (words + count_words(w) + (unsigned)join > 16)
			continue;
		if (join) {
			lrm_buf_adds(&b, " ");
			lrm_buf_adds(&b, title_joiners[rng_below(r, N_OF(title_joiners))]);
			words++;
		}
		joined = join;
		if (b.len)
			lrm_buf_adds(&b, " ");
		add_word(&b, w, 1,
			 words == 0 || (b.len >= 2 && b.data[b.len - 2] == ':'));
		words += count_words(w);
	}
	return lrm_buf_take(&b);
}

/* An abstract of 120-250 words in sentences of 8-28, with the topic's
 * phrase and words repeated, as abstracts repeat what they are about. */
static char *
make_abstract(const struct corpus *c, struct rng *r, const struct topic *t)
{
	static const char *const openers[] = {
		"Large reasoning models", "We", "This paper", "Recent work",
		"Reasoning models", "Existing methods", "In this work, we",
		"Chain-of-thought prompting", "LLMs",
	};
	struct lrm_buf b;
	unsigned target = 120 + rng_below(r, 128), words = 0;
	unsigned phrase_uses = 0, word_uses = 0;

	lrm_buf_init(&b, MAX_TEXT);
	while (words < target) {
		unsigned len = 8 + rng_below(r, 21), in = 0;

		/* the last sentence ends the abstract near its target; a
		 * phrase may run over by its length, hence 128 above */
		if (words + len > target)
			len = target - words < 4 ? 4 : target - words;
		if (words == 0 || rng_unit(r) < 0.15) {
			const char *o = openers[rng_below(r, N_OF(openers))];

			emit(&b, o, 0);
			in = count_words(o);
		}
		while (in < len) {
			double u = rng_unit(r);
			const char *w;

			/* the topic, early and then now and again */
			if ((phrase_uses == 0 && words + in >= 12) || u < 0.02) {
				w = t->phrase;
				phrase_uses++;
			} else if ((word_uses < 2 && words + in >= 20) || u < 0.06) {
				w = t->words[word_uses++ % t->n_words];
			} else if (u < 0.45) {
				w = vocab_pick(&c->function, r);
			} else if (u < 0.455) {
				char pct[32];

				snprintf(pct, sizeof(pct), "by %u%%",
					 5 + rng_below(r, 90));
				emit(&b, pct, 0);
				in += 2;
				continue;
			} else {
				w = vocab_pick(&c->content, r);
			}
			emit(&b, w, 0);
			in += count_words(w);
			if (in + 2 < len && rng_unit(r) < 0.06)
				lrm_buf_adds(&b, ",");
		}
		lrm_buf_adds(&b, ".");
		words += in;
	}
	/* Sentences start with a capital (a failed buffer holds none). */
	for (size_t i = 0; i < b.len; i++)
		if ((i == 0 || (i >= 2 && b.data[i - 2] == '.')) && b.data[i] >= 'a' &&
		    b.data[i] <= 'z')
			b.data[i] = (char)(b.data[i] - 'a' + 'A');
	return lrm_buf_take(&b);
}

/* ------------------------------------------------------------------ */
/* Papers                                                             */
/* ------------------------------------------------------------------ */

/* 2023-01 .. 2026-06: 42 months, weighted by year like the list. */
#define FIRST_YEAR 2023
#define N_MONTHS 42

static unsigned
pick_month(struct rng *r)
{
	static const double year_share[] = {0.08, 0.17, 0.60, 0.15};
	double u = rng_unit(r), acc = 0;

	for (unsigned y = 0; y < 4; y++) {
		acc += year_share[y];
		if (u < acc || y == 3)
			return y * 12 + rng_below(r, y == 3 ? 6 : 12);
	}
	return 0;
}

static unsigned
pick_section(struct rng *r)
{
	unsigned total = 0, u;

	for (size_t i = 0; i < N_OF(section_weights); i++)
		total += section_weights[i];
	u = rng_below(r, total);
	for (unsigned i = 0; i < N_OF(section_weights); i++) {
		if (u < section_weights[i])
			return i;
		u -= section_weights[i];
	}
	return 0;
}

static char *
xstrdup(const char *s, int *failed)
{
	char *d = strdup(s);

	if (!d)
		*failed = 1;
	return d;
}

static char *
xprintf(int *failed, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *
xprintf(int *failed, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0) {
		s = NULL;
		*failed = 1;
	}
	va_end(ap);
	return s;
}

/* Fill listing L: SECTION, month MONTH (0 = 2023-01), venue per KIND
 * (0 arXiv, 1 a conference, 2 a lab), the arXiv id ARXIV. */
static void
fill_listing(struct lrm_listing *l, struct rng *r, unsigned section,
	     unsigned month, int kind, const char *arxiv, unsigned line,
	     const char *code, int *failed)
{
	unsigned year = FIRST_YEAR + month / 12, vyear = year;
	const char *name = "arXiv";

	if (kind == 1) {
		name = conferences[rng_below(r, N_OF(conferences))];
		vyear = month % 12 >= 8 && year < 2026 ? year + 1 : year;
	} else if (kind == 2) {
		name = lab_names[rng_below(r, N_OF(lab_names))];
	}
	l->source = xstrdup("synthetic.md", failed);
	l->line = line;
	l->section = xstrdup(sections[section], failed);
	l->date = xprintf(failed, "%u-%02u", year, month % 12 + 1);
	l->venue = xprintf(failed, "%s'%02u", name, vyear % 100);
	l->venue_name = xstrdup(name, failed);
	l->venue_year = (int)vyear;
	l->paper = xprintf(failed, "https://arxiv.org/abs/%s", arxiv);
	l->code = code ? xstrdup(code, failed) : NULL;
	l->arxiv = xstrdup(arxiv, failed);
}

/* A set of the ids taken so far (open addressing), so that two papers
 * whose titles slug alike get "-2", as `lrmindex import` does. */
struct idset {
	char **slots;
	size_t cap;
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Add ID unless taken: 1 when added, 0 when taken. */
static int
idset_add(struct idset *set, const char *id)
{
	size_t i = hash_str(id) & (set->cap - 1);

	while (set->slots[i]) {
		if (strcmp(set->slots[i], id) == 0)
			return 0;
		i = (i + 1) & (set->cap - 1);
	}
	set->slots[i] = (char *)id;
	return 1;
}

/* Paper number I of the corpus into P and its abstract into A.
 * MODIFIED: the revised version of the paper. */
static int
make_paper(const struct corpus *c, size_t i, int modified,
	   unsigned month_counter[N_MONTHS], struct idset *ids,
	   struct lrm_paper *p, struct lrm_abstract *a)
{
	struct rng r, text;
	struct topic t;
	unsigned month, section, n_authors;
	char arxiv[16], *slug = NULL, *code = NULL;
	int failed = 0, kind;
	double u;
	lrm_error_t err = {0};
	struct lrm_listing *l;

	rng_seed(&r, c->seed, i, 1);
	pick_topic(c, &r, &t);
	month = pick_month(&r);
	section = pick_section(&r);
	u = rng_unit(&r);
	kind = u < 0.65 ? 0 : u < 0.93 ? 1 : 2;
	snprintf(arxiv, sizeof(arxiv), "%02u%02u.%05u",
		 (FIRST_YEAR + month / 12) % 100, month % 12 + 1,
		 ++month_counter[month]);

	p->title = make_title(c, &r, &t);
	if (!p->title)
		return -1;
	if (lrm_text_slug(p->title, strlen(p->title), 64, &slug, &err))
		return -1;
	for (unsigned n = 1;; n++) {
		free(p->id);
		p->id = n == 1 ? xstrdup(slug, &failed)
			       : xprintf(&failed, "%s-%u", slug, n);
		if (failed || idset_add(ids, p->id))
			break;
	}
	free(slug);
	if (failed)
		return -1;

	if (rng_unit(&r) < 0.4)
		code = xprintf(&failed, "https://github.com/%s/%.24s",
			       last_names[rng_below(&r, N_OF(last_names))],
			       p->id);
	if (!(l = lrm_paper_add_listing(p))) {
		free(code);
		return -1;
	}
	fill_listing(l, &r, section, month, kind, arxiv, (unsigned)(100 + i),
		     code, &failed);
	/* One paper in ten is listed twice: in a second section, or as the
	 * published version of the preprint.  A revised paper is published
	 * half the time. */
	if (!failed && (rng_unit(&r) < 0.10 ||
			(modified && kind == 0 && rng_unit(&r) < 0.5))) {
		unsigned later = month + 1 + rng_below(&r, 6);

		if (later >= N_MONTHS)
			later = N_MONTHS - 1;
		if (!(l = lrm_paper_add_listing(p))) {
			free(code);
			return -1;
		}
		fill_listing(l, &r, kind == 0 ? section : pick_section(&r),
			     kind == 0 ? later : month, kind == 0 ? 1 : 0, arxiv,
			     (unsigned)(100 + i), code, &failed);
	}
	free(code);

	/* The abstract comes from its own stream: a revision changes it
	 * and nothing before it. */
	rng_seed(&text, c->seed, i, modified ? 3 : 2);
	a->arxiv = xstrdup(arxiv, &failed);
	a->version = xstrdup(modified ? "v2" : "v1", &failed);
	a->title = xstrdup(p->title, &failed);
	a->abstract = make_abstract(c, &text, &t);
	if (!a->abstract)
		failed = 1;
	n_authors = 2 + rng_below(&text, 8);
	for (unsigned k = 0; k < n_authors && !failed; k++) {
		char *name = xprintf(&failed, "%s %s",
				     first_names[rng_below(&text, N_OF(first_names))],
				     last_names[rng_below(&text, N_OF(last_names))]);

		if (name && lrm_abstract_add_author(a, name))
			failed = 1;
		free(name);
	}
	a->published = xprintf(&failed, "%u-%02u-%02uT12:00:00Z",
			       FIRST_YEAR + month / 12, month % 12 + 1,
			       1 + rng_below(&text, 28));
	a->category = xstrdup(categories[rng_below(&text, N_OF(categories))],
			      &failed);
	a->fetched = xstrdup("2026-06-30T00:00:00Z", &failed);
	return failed ? -1 : 0;
}

/* Whether paper I is among the PCT_X100 / 10000 revised ones. */
static int
is_modified(uint64_t seed, size_t i, unsigned pct_x100)
{
	struct rng r;

	rng_seed(&r, seed, i, 4);
	return rng_below(&r, 10000) < pct_x100;
}

/* TEXT with tabs and newlines as spaces, for the TSV export. */
static void
tsv_field(FILE *f, const char *text)
{
	for (const char *s = text ? text : ""; *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static int
write_tsv(const char *path, const struct lrm_dataset *ds,
	  const struct lrm_abstracts *abs)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", program, path, strerror(errno));
		return -1;
	}
	fputs("id\ttitle\tabstract\tauthors\tvenue\tsection\tdate\tarxiv\n", f);
	for (size_t i = 0; i < ds->n_papers; i++) {
		const struct lrm_paper *p = &ds->papers[i];
		const struct lrm_abstract *a = &abs->items[i];
		const struct lrm_listing *l = lrm_paper_primary(p);

		tsv_field(f, p->id);
		fputc('\t', f);
		tsv_field(f, p->title);
		fputc('\t', f);
		tsv_field(f, a->abstract);
		fputc('\t', f);
		for (size_t k = 0; k < a->n_authors; k++) {
			if (k)
				fputs(", ", f);
			tsv_field(f, a->authors[k]);
		}
		fputc('\t', f);
		tsv_field(f, l->venue);
		fputc('\t', f);
		tsv_field(f, l->section);
		fputc('\t', f);
		tsv_field(f, l->date);
		fputc('\t', f);
		tsv_field(f, l->arxiv);
		fputc('\n', f);
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "%s: %s: %s\n", program, path, strerror(errno));
		return -1;
	}
	return 0;
}

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [OPTION]... N OUTDIR\n"
		"Write N synthetic papers to OUTDIR/papers.yaml and their\n"
		"abstracts to OUTDIR/abstracts.yaml, the same for the same\n"
		"arguments.\n"
		"\n"
		"  -s, --seed=S       the random seed (default 1)\n"
		"  -m, --modify=PCT   revise PCT percent of the papers (a new\n"
		"                     abstract; half also get a published venue)\n"
		"  -t, --titles=FILE  the dataset whose titles give the field's\n"
		"                     words (default %s)\n"
		"      --tsv=FILE     also write id, title, abstract, authors,\n"
		"                     venue, section, date, arxiv as TSV\n"
		"      --part-size=N  papers per file (default 25000): a larger\n"
		"                     corpus is written as papers-001.yaml,\n"
		"                     abstracts-001.yaml, ... (liblrm reads YAML\n"
		"                     files of at most 64 MB)\n"
		"      --vocab        print the content vocabulary, most frequent\n"
		"                     first (rank, word), and exit\n"
		"  -h, --help         display this help and exit\n",
		program, DEFAULT_TITLES);
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{"seed", required_argument, NULL, 's'},
		{"modify", required_argument, NULL, 'm'},
		{"titles", required_argument, NULL, 't'},
		{"tsv", required_argument, NULL, 'T'},
		{"vocab", no_argument, NULL, 'V'},
		{"part-size", required_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *titles = DEFAULT_TITLES, *tsv = NULL, *outdir;
	struct corpus c = {0};
	struct lrm_dataset ds = {0};
	struct lrm_abstracts abs = {0};
	struct idset ids = {0};
	unsigned month_counter[N_MONTHS] = {0}, pct_x100 = 0;
	size_t part_size = 25000;
	uint64_t seed = 1;
	size_t n = 0, n_modified = 0;
	char path[4096];
	lrm_error_t err = {0};
	int opt, print_vocab = 0, ret = 2;

	while ((opt = getopt_long(argc, argv, "s:m:t:h", options, NULL)) != -1) {
		switch (opt) {
		case 's':
			seed = strtoull(optarg, NULL, 10);
			break;
		case 'm': {
			double pct = strtod(optarg, NULL);

			if (pct < 0 || pct > 100) {
				fprintf(stderr, "%s: --modify: 0 to 100\n", program);
				return 2;
			}
			pct_x100 = (unsigned)(pct * 100 + 0.5);
			break;
		}
		case 't':
			titles = optarg;
			break;
		case 'T':
			tsv = optarg;
			break;
		case 'V':
			print_vocab = 1;
			break;
		case 'p':
			part_size = strtoull(optarg, NULL, 10);
			if (part_size == 0) {
				fprintf(stderr, "%s: --part-size: at least 1\n",
					program);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (corpus_init(&c, titles, seed)) {
		fprintf(stderr, "%s: cannot build the vocabulary\n", program);
		goto cleanup;
	}
	if (print_vocab) {
		for (size_t i = 0; i < c.content.n; i++)
			printf("%zu\t%s\n", i + 1, c.content.words[i]);
		ret = 0;
		goto cleanup;
	}
	if (argc - optind != 2) {
		usage(stderr);
		goto cleanup;
	}
	n = strtoull(argv[optind], NULL, 10);
	outdir = argv[optind + 1];
	if (n == 0 || n > 20000000) {
		fprintf(stderr, "%s: N must be 1 to 20000000\n", program);
		goto cleanup;
	}
	if (lrm_file_mkdir_p(outdir, 0755, &err)) {
		fprintf(stderr, "%s: %s\n", program, err.msg);
		goto cleanup;
	}
	for (ids.cap = 1024; ids.cap < n * 2; ids.cap *= 2)
		;
	ids.slots = calloc(ids.cap, sizeof(*ids.slots));
	if (!ids.slots)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		struct lrm_paper *p = lrm_dataset_add_paper(&ds);
		struct lrm_abstract *a = p ? lrm_abstracts_add(&abs) : NULL;
		int modified = pct_x100 && is_modified(seed, i, pct_x100);

		if (!a)
			goto nomem;
		n_modified += modified;
		if (make_paper(&c, i, modified, month_counter, &ids, p, a))
			goto nomem;
	}
	/* liblrm reads YAML files of at most 64 MB: a large corpus is
	 * written in parts (papers-001.yaml, abstracts-001.yaml, ...). */
	for (size_t first = 0, k = 1; first < n; first += part_size, k++) {
		size_t count = n - first < part_size ? n - first : part_size;
		struct lrm_dataset dpart = {ds.papers + first, count};
		struct lrm_abstracts apart = {.items = abs.items + first,
					     .n = count};
		char suffix[16] = "";

		if (n > part_size)
			snprintf(suffix, sizeof(suffix), "-%03zu", k);
		snprintf(path, sizeof(path), "%s/papers%s.yaml", outdir, suffix);
		if (lrm_dataset_save(&dpart, path, &err)) {
			fprintf(stderr, "%s: %s\n", program, err.msg);
			goto cleanup;
		}
		snprintf(path, sizeof(path), "%s/abstracts%s.yaml", outdir, suffix);
		if (lrm_abstracts_save(&apart, path, &err)) {
			fprintf(stderr, "%s: %s\n", program, err.msg);
			goto cleanup;
		}
	}
	if (tsv && write_tsv(tsv, &ds, &abs))
		goto cleanup;
	fprintf(stderr, "%s: %zu papers (%zu revised) in %s\n", program, n,
		n_modified, outdir);
	ret = 0;
	goto cleanup;
nomem:
	fprintf(stderr, "%s: out of memory\n", program);
cleanup:
	free(ids.slots);
	lrm_abstracts_clear(&abs);
	lrm_dataset_clear(&ds);
	corpus_clear(&c);
	return ret;
}
