/* SPDX-License-Identifier: MIT */
/*
 * json-t.c - the programs' one JSON writer (src/common/json.c) in the
 * CLI's form, pretty and text-safe, and the rules both forms share: what
 * jw_bytes writes for bytes that are not text, and the move from the
 * caller's buffer to the heap.  A writer that put a raw control byte, a
 * lone UTF-8 byte or an unbalanced separator into the CLI's output would
 * make `agora-token decode` print something jq cannot read.  The compact
 * form is held to cJSON's own bytes by tests/unit/json-out-t; here
 * layouts and escapes are compared with texts written out by hand, and
 * random documents are read back with cJSON.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "common/common.h"
#include "tap/tap.h"
#include "tap/testrand.h"

static unsigned long long rng = 0x13198a2e03707344ULL;

static unsigned rnd(unsigned n)
{
	return test_rand_below(&rng, n);
}

/* The document in w as a C string (the writer adds no NUL). */
static char *text_of(struct jw *w)
{
	char *t = malloc(w->len + 1);

	if (t == NULL)
		bail("out of memory");
	memcpy(t, w->buf, w->len);
	t[w->len] = '\0';
	return t;
}

static void layout(void)
{
	struct jw w;
	char *t;

	jw_init(&w, NULL, 0, JW_PRETTY | JW_TEXT_SAFE);
	jw_obj_begin(&w, NULL);
	jw_cstr(&w, "a", "x");
	jw_arr_begin(&w, "b");
	jw_int(&w, NULL, -1);
	jw_uint(&w, NULL, UINT64_MAX);
	jw_null(&w, NULL);
	jw_obj_begin(&w, NULL);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_obj_begin(&w, "c");
	jw_bool(&w, "t", 1);
	jw_bool(&w, "f", 0);
	jw_obj_end(&w);
	jw_arr_begin(&w, "d");
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_newline(&w);
	t = text_of(&w);
	is_str("{\n"
	    "  \"a\": \"x\",\n"
	    "  \"b\": [\n"
	    "    -1,\n"
	    "    18446744073709551615,\n"
	    "    null,\n"
	    "    {}\n"
	    "  ],\n"
	    "  \"c\": {\n"
	    "    \"t\": true,\n"
	    "    \"f\": false\n"
	    "  },\n"
	    "  \"d\": []\n"
	    "}\n", t, "pretty: one member a line, two spaces a level, "
	    "empty containers closed at once");
	free(t);
	jw_release(&w);

	jw_init(&w, NULL, 0, 0);
	jw_obj_begin(&w, NULL);
	jw_cstr(&w, "a", "x");
	jw_arr_begin(&w, "b");
	jw_int(&w, NULL, -1);
	jw_obj_begin(&w, NULL);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);
	t = text_of(&w);
	is_str("{\"a\":\"x\",\"b\":[-1,{}]}", t, "compact: no white space");
	free(t);
	jw_release(&w);
}

static char *one_string(unsigned flags, const char *s, size_t n)
{
	struct jw w;
	char *t;

	jw_init(&w, NULL, 0, flags);
	jw_str(&w, NULL, s, n);
	t = text_of(&w);
	jw_release(&w);
	return t;
}

static void escapes(void)
{
	static const char in[] = "\x00\x01\b\f\n\r\t\"\\/\x1f\x7f"
	    "\xff\xc3\xa9\xed\xa0\x80\xf0\x9f\x98\x80\xc3";
	char *t;

	t = one_string(JW_TEXT_SAFE, in, sizeof in - 1);
	is_str("\"\\u0000\\u0001\\u0008\\u000c\\n\\r\\t\\\"\\\\/\\u001f\\u007f"
	    "\\ufffd\xc3\xa9\\ufffd\\ufffd\\ufffd\xf0\x9f\x98\x80\\ufffd\"", t,
	    "text-safe: controls and DEL as \\u00xx, each byte that starts no "
	    "UTF-8 sequence as U+FFFD, UTF-8 as is");
	free(t);
	t = one_string(0, in, sizeof in - 1);
	is_str("\"\\u0000\\u0001\\b\\f\\n\\r\\t\\\"\\\\/\\u001f\x7f"
	    "\xff\xc3\xa9\xed\xa0\x80\xf0\x9f\x98\x80\xc3\"", t,
	    "compact: cJSON's escapes, every other byte as is");
	free(t);
}

/* Random text of UTF-8 characters and control bytes, no NUL. */
static size_t rnd_text(char *buf, size_t cap)
{
	static const char *const pieces[] = { "a", "Z", " ", "\"", "\\", "/",
	    "\b", "\f", "\n", "\r", "\t", "\x01", "\x1f", "\x7f", "\xc3\xa9",
	    "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xef\xbf\xbf",
	    "\xed\x9f\xbf" };
	size_t n = 0;
	unsigned k = rnd(12);

	while (k-- > 0) {
		const char *p = pieces[rnd(sizeof pieces / sizeof pieces[0])];
		size_t m = strlen(p);

		if (cap - n <= m)
			break;
		memcpy(buf + n, p, m);
		n += m;
	}
	buf[n] = '\0';
	return n;
}

static cJSON *rnd_tree(int depth);

static void rnd_members(cJSON *o, int depth, int keyed)
{
	unsigned n = rnd(5);
	char key[64];

	while (n-- > 0) {
		cJSON *v = rnd_tree(depth + 1);
		size_t k = rnd_text(key, sizeof key - 2);

		/* Keys of one object differ (cJSON_Compare looks them up). */
		key[k] = (char)('0' + n);
		key[k + 1] = '\0';
		if (keyed)
			cJSON_AddItemToObject(o, key, v);
		else
			cJSON_AddItemToArray(o, v);
	}
}

static cJSON *rnd_tree(int depth)
{
	char text[128];
	cJSON *c;

	switch (depth > 3 ? rnd(4) : rnd(6)) {
	case 0: return cJSON_CreateNull();
	case 1: return cJSON_CreateNumber((double)((long long)rnd(2000000000U) -
	    1000000000LL));
	case 2:
		rnd_text(text, sizeof text);
		return cJSON_CreateString(text);
	case 3: return cJSON_CreateBool(rnd(2));
	case 4:
		c = cJSON_CreateArray();
		rnd_members(c, depth, 0);
		return c;
	default:
		c = cJSON_CreateObject();
		rnd_members(c, depth, 1);
		return c;
	}
}

static void emit(struct jw *w, const char *key, const cJSON *v)
{
	const cJSON *c;

	if (cJSON_IsNull(v)) {
		jw_null(w, key);
	} else if (cJSON_IsBool(v)) {
		jw_bool(w, key, cJSON_IsTrue(v));
	} else if (cJSON_IsNumber(v)) {
		jw_int(w, key, (long long)v->valuedouble);
	} else if (cJSON_IsString(v)) {
		jw_cstr(w, key, v->valuestring);
	} else if (cJSON_IsArray(v)) {
		jw_arr_begin(w, key);
		for (c = v->child; c != NULL; c = c->next)
			emit(w, NULL, c);
		jw_arr_end(w);
	} else {
		jw_obj_begin(w, key);
		for (c = v->child; c != NULL; c = c->next)
			emit(w, c->string, c);
		jw_obj_end(w);
	}
}

/* No byte below 0x20 or DEL, and well-formed UTF-8. */
static int printable_utf8(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n')
			return 0;
		else if (s[i] == 0x7f)
			return 0;
	return utf8_valid(s, n);
}

static void round_trips(int rounds)
{
	int bad = 0, unprintable = 0;

	for (int i = 0; i < rounds; i++) {
		cJSON *root = rnd_tree(0), *back;
		char small[16];
		struct jw w;
		char *t;

		/* A tiny caller buffer: most documents move to the heap. */
		jw_init(&w, small, sizeof small, JW_PRETTY | JW_TEXT_SAFE);
		emit(&w, NULL, root);
		jw_newline(&w);
		t = text_of(&w);
		unprintable += !printable_utf8(t, strlen(t));
		back = cJSON_Parse(t);
		if (back == NULL || !cJSON_Compare(root, back, 1)) {
			if (bad++ == 0)
				diag("not read back: %s", t);
		}
		cJSON_Delete(back);
		free(t);
		jw_release(&w);
		cJSON_Delete(root);
	}
	is_int(0, bad, "%d random documents, pretty and text-safe, read back "
	    "by cJSON as written", rounds);
	is_int(0, unprintable, "their text is UTF-8 without control bytes "
	    "other than newlines");
}

static void bytes(void)
{
	struct jw w;
	char *t;
	struct agt_str nonutf8 = { "a\xff", 2 }, nul = { "a\0b", 3 };

	jw_init(&w, NULL, 0, JW_TEXT_SAFE);
	jw_obj_begin(&w, NULL);
	jw_bytes(&w, "c", nonutf8);
	jw_bytes(&w, "n", nul);
	jw_bytes(&w, "e", (struct agt_str){ NULL, 0 });
	jw_arr_begin(&w, "l");
	jw_bytes(&w, NULL, nonutf8);
	jw_arr_end(&w);
	jw_obj_end(&w);
	t = text_of(&w);
	is_str("{\"c\":\"a\\ufffd\",\"c_hex\":\"61ff\",\"n\":\"a\\u0000b\","
	    "\"e\":\"\",\"l\":[\"a\\ufffd\"]}", t,
	    "text-safe bytes: always a string, \"_hex\" added when not UTF-8");
	free(t);
	jw_release(&w);

	jw_init(&w, NULL, 0, 0);
	jw_obj_begin(&w, NULL);
	jw_bytes(&w, "c", nonutf8);
	jw_bytes(&w, "n", nul);
	jw_bytes(&w, "e", (struct agt_str){ NULL, 0 });
	jw_bytes(&w, "u", (struct agt_str){ "\xc3\xa9", 2 });
	jw_obj_end(&w);
	t = text_of(&w);
	is_str("{\"c\":null,\"c_hex\":\"61ff\",\"n\":null,\"n_hex\":\"610062\","
	    "\"e\":\"\",\"u\":\"\xc3\xa9\"}", t,
	    "compact bytes: a string for UTF-8 without NUL, else null and "
	    "\"_hex\"");
	free(t);
	jw_release(&w);
}

static void growth_and_time(void)
{
	char caller[32];
	struct jw w;
	char *t;
	int zero = 1;

	jw_init(&w, caller, sizeof caller, 0);
	jw_obj_begin(&w, NULL);
	jw_time(&w, "t", 1111111);
	jw_time(&w, "max", 4294967295U);
	jw_obj_end(&w);
	ok(w.heap && w.buf != caller, "a document larger than the caller's "
	    "buffer moves to the heap");
	for (size_t i = 0; i < sizeof caller; i++)
		zero &= caller[i] == 0;
	ok(zero, "and the caller's buffer is wiped");
	t = text_of(&w);
	is_str("{\"t\":1111111,\"t_iso\":\"1970-01-13T20:38:31Z\","
	    "\"max\":4294967295,\"max_iso\":\"2106-02-07T06:28:15Z\"}", t,
	    "jw_time: unix seconds and ISO 8601 UTC");
	free(t);
	jw_release(&w);
	ok(w.buf == NULL && w.len == 0, "jw_release empties the writer");
}

int main(void)
{
	plan(12);
	layout();
	escapes();
	round_trips(3000);
	bytes();
	growth_and_time();
	return 0;
}
