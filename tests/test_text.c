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

/* What a terminal would act on instead of showing: found, stripped and
 * escaped; what it shows (letters, accents, CJK, emoji) left alone. */
static void
test_controls(void)
{
	static const struct {
		const char *in;
		long cp;	      /* the first control, -1: none */
		size_t at;	      /* its byte offset */
		const char *stripped; /* lrm_text_strip_controls() */
		const char *escaped;  /* lrm_text_escape(..., NULL) */
	} cases[] = {
		{"Latent Reasoning", -1, 0, "Latent Reasoning", "Latent Reasoning"},
		{"caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x9a\x80", -1, 0,
		 "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x9a\x80",
		 "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x9a\x80"},
		/* ESC [2J: clear the screen */
		{"a\x1b[2Jb", 0x1b, 1, "a[2Jb", "a\\x1b[2Jb"},
		/* OSC 0 ; title BEL: set the window title */
		{"\x1b]0;pwned\x07x", 0x1b, 0, "]0;pwnedx", "\\x1b]0;pwned\\x07x"},
		{"ab\bc", 0x08, 2, "abc", "ab\\x08c"},
		{"tab\there", 0x09, 3, "tab here", "tab\\x09here"},
		{"line\nfeed\r", 0x0a, 4, "line feed ", "line\\x0afeed\\x0d"},
		{"del\x7f", 0x7f, 3, "del", "del\\x7f"},
		/* C1: U+009B is CSI, U+0085 next line */
		{"c1\xc2\x9b" "31m", 0x9b, 2, "c131m", "c1\\u009b31m"},
		{"n\xc2\x85l", 0x85, 1, "n l", "n\\u0085l"},
		/* bidi: U+202E right-to-left override, U+2066 isolate */
		{"evil\xe2\x80\xae" "fdp.exe", 0x202e, 4, "evilfdp.exe",
		 "evil\\u202efdp.exe"},
		{"\xe2\x81\xa6x", 0x2066, 0, "x", "\\u2066x"},
		/* zero width space, joiner, BOM, soft hyphen */
		{"zero\xe2\x80\x8bwidth", 0x200b, 4, "zerowidth",
		 "zero\\u200bwidth"},
		{"a\xe2\x80\x8d" "b", 0x200d, 1, "ab", "a\\u200db"},
		{"\xef\xbb\xbfhi", 0xfeff, 0, "hi", "\\ufeffhi"},
		{"soft\xc2\xadhyphen", 0xad, 4, "softhyphen", "soft\\u00adhyphen"},
		/* line separator */
		{"a\xe2\x80\xa8" "b", 0x2028, 1, "a b", "a\\u2028b"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *in = cases[i].in;
		size_t len = strlen(in);
		long cp = -1;
		size_t at = lrm_text_find_control(in, len, &cp);
		char *out = NULL, *esc;
		size_t removed = 99;
		lrm_error_t err = {0};

		if (cases[i].cp < 0) {
			CHECK_INT_EQ(at, len);
		} else {
			CHECK_INT_EQ(at, cases[i].at);
			CHECK_INT_EQ(cp, cases[i].cp);
		}
		if (CHECK(lrm_text_strip_controls(in, len, &out, &removed,
						  &err) == LRM_OK)) {
			CHECK_STR_EQ(out, cases[i].stripped);
			CHECK(cases[i].cp < 0 ? removed == 0 : removed > 0);
			/* nothing is left to strip */
			CHECK_INT_EQ(lrm_text_find_control(out, strlen(out), NULL),
				     strlen(out));
			free(out);
		}
		esc = lrm_text_escape(in, len, NULL);
		CHECK_STR_EQ(esc, cases[i].escaped);
		if (esc)
			CHECK_INT_EQ(lrm_text_find_control(esc, strlen(esc), NULL),
				     strlen(esc));
		free(esc);
	}
}

static void
test_controls_invalid(void)
{
	char *out = (char *)"x", *esc;
	lrm_error_t err = {0};

	CHECK_INT_EQ(lrm_text_strip_controls("ok \xff", 4, &out, NULL, &err),
		     LRM_ERR_PARSE);
	CHECK(out == NULL);
	CHECK_CONTAINS(err.msg, "invalid UTF-8 at byte 3");
	/* invalid bytes are escaped one by one, and the rest still shows */
	esc = lrm_text_escape("a\xff\xc3(\x1b", 5, NULL);
	CHECK_STR_EQ(esc, "a\\xff\\xc3(\\x1b");
	free(esc);
	/* KEEP lets chosen ASCII controls through, and only those */
	esc = lrm_text_escape("one\ntwo\tthree\x1b", 14, "\n");
	CHECK_STR_EQ(esc, "one\ntwo\\x09three\\x1b");
	free(esc);
	/* a NUL inside LEN is escaped, never an end of string */
	esc = lrm_text_escape("a\0b", 3, "\n");
	CHECK_STR_EQ(esc, "a\\x00b");
	free(esc);
	CHECK(lrm_text_is_control(0x1b));
	CHECK(lrm_text_is_control(0xe0001)); /* language tag */
	CHECK(!lrm_text_is_control('a'));
	CHECK(!lrm_text_is_control(0xe9));
	CHECK(!lrm_text_is_control(0x110000));
	CHECK(!lrm_text_is_control(-1));
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
		{"controls", test_controls},
		{"controls_invalid", test_controls_invalid},
		{NULL, NULL},
	};

	return check_main(cases, argc, argv);
}
