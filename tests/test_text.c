/* tests/test_text.c - Unicode normalisation and width (lib/text.c). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lrm/text.h"

static void
test_normalize(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"Latent Reasoning", "latent reasoning"},
		{"ＬＡＴＥＮＴ ｒｅａｓｏｎｉｎｇ", "latent reasoning"}, /* full width */
		{"\xef\xac\x81ne-tuning", "fine-tuning"},	   /* ﬁ ligature */
		{"chain\xe2\x80\x90of\xe2\x80\x91thought", "chain-of-thought"}, /* U+2010/2011 */
		{"long\xe2\x80\x94short", "long-short"},	  /* em dash */
		{"soft\xc2\xadhyphen", "softhyphen"},		  /* U+00AD dropped */
		{"zero\xe2\x80\x8bwidth", "zerowidth"},		  /* U+200B dropped */
		{"Stra\xc3\x9f" "e", "strasse"},		  /* ß folds to ss */
		{"Cafe\xcc\x81", "caf\xc3\xa9"},		  /* NFC composition */
		{"x\xc2\xb2", "x2"},				  /* superscript 2 */
		{"", ""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = NULL;
		lrm_error_t err = {0};

		if (!CHECK(lrm_text_normalize(cases[i].in, strlen(cases[i].in),
					      &out, &err) == LRM_OK))
			continue;
		CHECK_STR_EQ(out, cases[i].out);
		free(out);
	}
}

static void
test_normalize_invalid(void)
{
	static const char *const bad[] = {
		"abc\xff", "\xc3", "ok \xed\xa0\x80 surrogate", "\xc0\xaf overlong",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *out = (char *)"untouched";
		lrm_error_t err = {0};

		CHECK_INT_EQ(lrm_text_normalize(bad[i], strlen(bad[i]), &out, &err),
			     LRM_ERR_PARSE);
		CHECK(out == NULL);
		CHECK_CONTAINS(err.msg, "invalid UTF-8 at byte");
	}
	{
		size_t at = 0;

		CHECK(!lrm_text_valid_utf8("abc\xff", 4, &at));
		CHECK_INT_EQ(at, 3);
		CHECK(lrm_text_valid_utf8("é", strlen("é"), NULL));
	}
}

static void
test_key(void)
{
	static const struct {
		const char *a, *b;
		int same;
	} cases[] = {
		{"Efficient Inference: A Survey", "efficient inference - a survey!", 1},
		{"A\\*-Thought", "A*-Thought", 1}, /* '\\' and '*' are punctuation */
		{"Think  Clearly", "ThinkClearly", 1},
		{"ＴＨＩＮＫ clearly", "think clearly", 1},
		{"o1-like", "O1 Like", 1},
		{"Model A", "Model B", 0},
		{"数学 推理", "数学推理", 1},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *ka = NULL, *kb = NULL;
		lrm_error_t err = {0};

		if (CHECK(lrm_text_key(cases[i].a, strlen(cases[i].a), &ka, &err) == 0) &&
		    CHECK(lrm_text_key(cases[i].b, strlen(cases[i].b), &kb, &err) == 0)) {
			int same = strcmp(ka, kb) == 0;

			if (same != cases[i].same)
				check_fail(__FILE__, __LINE__, "'%s' vs '%s': keys %s / %s",
					   cases[i].a, cases[i].b, ka, kb);
		}
		free(ka);
		free(kb);
	}
}

static void
test_slug(void)
{
	static const struct {
		const char *in;
		size_t max;
		const char *out;
	} cases[] = {
		{"Efficient Inference for LRMs: A Survey", 64,
		 "efficient-inference-for-lrms-a-survey"},
		{"  --Leading and trailing--  ", 64, "leading-and-trailing"},
		{"Cut Here Please", 10, "cut-here"},
		{"Unbreakablewordthatislong", 10, "unbreakabl"},
		{"Ｆｕｌｌ Width", 64, "full-width"},
		{"!!!", 64, ""},
		{"Don't Overthink It", 64, "dont-overthink-it"},
		{"Don\xe2\x80\x99t 'quote'", 64, "dont-quote"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = NULL;
		lrm_error_t err = {0};

		if (CHECK(lrm_text_slug(cases[i].in, strlen(cases[i].in), cases[i].max,
					&out, &err) == 0))
			CHECK_STR_EQ(out, cases[i].out);
		free(out);
	}
}

static void
test_width(void)
{
	CHECK_INT_EQ(lrm_text_width("abc", 3), 3);
	CHECK_INT_EQ(lrm_text_width("数学", strlen("数学")), 4);
	CHECK_INT_EQ(lrm_text_width("e\xcc\x81", 3), 1); /* combining acute */
	CHECK_INT_EQ(lrm_text_width("caf\xc3\xa9", 5), 4);
	/* fit never splits a character and counts columns, not bytes */
	CHECK_INT_EQ(lrm_text_fit("数学abc", strlen("数学abc"), 3), 3);
	CHECK_INT_EQ(lrm_text_fit("数学abc", strlen("数学abc"), 5), 7);
	CHECK_INT_EQ(lrm_text_fit("abc", 3, 10), 3);
	CHECK_INT_EQ(lrm_text_fit("abc", 3, 0), 0);
}

static void
test_words(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"Chain-of-Thought", "chain of thought"},
		{"  KV\xe2\x80\x90" "Cache, (LLMs)! ", "kv cache llms"},
		{"Don't stop", "dont stop"},
		{"ＬＡＴＥＮＴ", "latent"},
		{"---", ""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = NULL;
		lrm_error_t err = {0};

		if (CHECK(lrm_text_words(cases[i].in, strlen(cases[i].in), &out,
					 &err) == 0))
			CHECK_STR_EQ(out, cases[i].out);
		free(out);
	}
}

static void
test_next_word(void)
{
	const char *text = "one, two-3 \xe6\x95\xb0\xe5\xad\xa6";
	size_t pos = 0, start = 0, len = 0, n = strlen(text);

	CHECK(lrm_text_next_word(text, n, &pos, &start, &len));
	CHECK_INT_EQ(start, 0);
	CHECK_INT_EQ(len, 3);
	CHECK(lrm_text_next_word(text, n, &pos, &start, &len));
	CHECK_INT_EQ(start, 5);
	CHECK_INT_EQ(len, 3);
	CHECK(lrm_text_next_word(text, n, &pos, &start, &len));
	CHECK_INT_EQ(start, 9);
	CHECK_INT_EQ(len, 1);
	CHECK(lrm_text_next_word(text, n, &pos, &start, &len));
	CHECK_INT_EQ(len, 6); /* two CJK letters */
	CHECK(!lrm_text_next_word(text, n, &pos, &start, &len));
}

/* Operators survive the normalisation of a query; everything else is
 * folded like the index. */
static void
test_normalize_query(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"Latent AND Reasoning", "latent AND reasoning"},
		{"a OR b NOT c XOR d", "a OR b NOT c XOR d"},
		{"x NEAR y ADJ z", "x NEAR y ADJ z"},
		{"ANDROID ORACLE", "android oracle"},
		{"(ＬＡＴＥＮＴ OR KV)", "(latent OR kv)"},
		{"title:Latent AND year:2025..2026", "title:latent AND year:2025..2026"},
		{"\"Chain of Thought\" -Survey", "\"chain of thought\" -survey"},
		{"AND", "AND"},
		{"and or not", "and or not"},
		{"", ""},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = NULL;
		lrm_error_t err = {0};

		if (CHECK(lrm_text_normalize_query(cases[i].in, strlen(cases[i].in),
						   &out, &err) == 0))
			CHECK_STR_EQ(out, cases[i].out);
		free(out);
	}
	{
		char *out = (char *)"x";
		lrm_error_t err = {0};

		CHECK_INT_EQ(lrm_text_normalize_query("ok \xff", 4, &out, &err),
			     LRM_ERR_PARSE);
		CHECK(out == NULL);
	}
}

int
main(int argc, char **argv)
{
	static const struct check_case cases[] = {
		{"normalize", test_normalize},
		{"normalize_invalid", test_normalize_invalid},
		{"key", test_key},
		{"slug", test_slug},
		{"width", test_width},
		{"words", test_words},
		{"next_word", test_next_word},
		{"normalize_query", test_normalize_query},
		{NULL, NULL},
	};

	return check_main(cases, argc, argv);
}
