/* SPDX-License-Identifier: MIT */
/*
 * json-out-t.c - the responder writes its JSON bodies itself, with the
 * programs' JSON writer (src/common/json.c) in its compact form, rather
 * than building cJSON trees and printing them, for speed; this test holds
 * the writer to the very bytes cJSON_PrintUnformatted prints.  Random
 * trees of what the writer can write (strings of every byte value,
 * integers, null, objects and arrays nested in each other, keys of every
 * byte value) are walked into the writer (jw_*, in a body started by
 * rsp_json_start) and printed by cJSON; random member sequences, with
 * strings of any bytes (jw_bytes: a string when well-formed UTF-8 without
 * NUL, else null and "<key>_hex", a rule this test restates on its own)
 * and bodies past the response's fixed buffer, are written and built as a
 * cJSON tree side by side.  Both must agree byte for byte, trailing
 * newline aside.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "responder/responder.h"
#include "tap/tap.h"
#include "tap/testrand.h"

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;
/* The memory the responses borrow, as a request's would. */
static struct rsp_ctx ctx;

static unsigned rnd(unsigned n)
{
	return test_rand_below(&rng, n);
}

/* A NUL-free string: mostly plain text, with every kind of byte. */
static char *rnd_text(char *buf, size_t cap)
{
	size_t n = rnd((unsigned)cap - 1), i;

	for (i = 0; i < n; i++) {
		switch (rnd(4)) {
		case 0:
			buf[i] = (char)(1 + rnd(255));
			break;
		case 1:
			buf[i] = "\"\\/\b\f\n\r\t\x01\x1f\x7f"[rnd(11)];
			break;
		default:
			buf[i] = (char)('a' + rnd(26));
			break;
		}
	}
	buf[n] = '\0';
	return buf;
}

/* Integers as the responder writes them: every one it writes is below
 * 1e15 in magnitude, where cJSON prints plain decimal too. */
static long long rnd_int(void)
{
	static const long long fixed[] = {
		0, 1, -1, 4294967295LL, 2882341273LL, 999999999999999LL,
		-999999999999999LL, 65535, 1849344218LL,
	};

	switch (rnd(4)) {
	case 0:
		return fixed[rnd(sizeof fixed / sizeof fixed[0])];
	case 1:
		return (long long)rnd(4000000000U);
	case 2:
		return -(long long)rnd(4000000000U);
	default:
		return (long long)rnd(1U << 20) * (long long)rnd(1U << 29);
	}
}

static cJSON *rnd_tree(int depth);

static void rnd_members(cJSON *o, int depth, int keyed)
{
	unsigned i, n = rnd(6);
	char key[40];

	for (i = 0; i < n; i++) {
		cJSON *v = rnd_tree(depth + 1);
		if (keyed)
			cJSON_AddItemToObject(o, rnd_text(key, sizeof key), v);
		else
			cJSON_AddItemToArray(o, v);
	}
}

static cJSON *rnd_tree(int depth)
{
	char text[200];
	cJSON *c;

	switch (depth > 3 ? rnd(4) : rnd(6)) {
	case 0: return cJSON_CreateNull();
	case 1: return cJSON_CreateNumber((double)rnd_int());
	case 2: return cJSON_CreateString(rnd_text(text, sizeof text));
	case 3: return cJSON_CreateString("");
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

/* cJSON's text of root plus the newline our bodies end with. */
static char *cjson_text(const cJSON *root, size_t *n)
{
	char *t = cJSON_PrintUnformatted(root), *t2;

	if (t == NULL)
		return NULL;
	*n = strlen(t);
	t2 = realloc(t, *n + 2);
	if (t2 == NULL) {
		free(t);
		return NULL;
	}
	t2[(*n)++] = '\n';
	t2[*n] = '\0';
	return t2;
}

static int same_as_cjson(struct rsp_response *res, const cJSON *root)
{
	size_t n = 0;
	char *want = cjson_text(root, &n);
	int same = want != NULL && res->body != NULL && res->body_len == n &&
	    memcmp(res->body, want, n) == 0;

	if (!same)
		diag("cJSON: %s\nours:  %.*s", want ? want : "(null)",
		    (int)res->body_len, res->body ? res->body : "");
	free(want);
	return same;
}

/* Writes the value v (a member named key, or with key NULL an array
 * element) with the writer. */
static void emit(struct jw *j, const char *key, const cJSON *v)
{
	const cJSON *c;

	switch (v->type & 0xFF) {
	case cJSON_NULL:
		jw_null(j, key);
		break;
	case cJSON_Number:
		jw_int(j, key, (long long)v->valuedouble);
		break;
	case cJSON_String:
		jw_cstr(j, key, v->valuestring);
		break;
	case cJSON_Array:
		jw_arr_begin(j, key);
		for (c = v->child; c != NULL; c = c->next)
			emit(j, NULL, c);
		jw_arr_end(j);
		break;
	default:
		jw_obj_begin(j, key);
		for (c = v->child; c != NULL; c = c->next)
			emit(j, c->string, c);
		jw_obj_end(j);
		break;
	}
}

static void trees(int rounds)
{
	int i, bad = 0;

	for (i = 0; i < rounds; i++) {
		struct rsp_response res;
		struct jw j;
		cJSON *root = cJSON_CreateObject();
		const cJSON *c;

		rnd_members(root, 0, 1);
		rsp_response_init(&res, &ctx);
		rsp_json_start(&j, &res);
		for (c = root->child; c != NULL; c = c->next)
			emit(&j, c->string, c);
		if (rsp_json_finish(&j, &res, 200) != 0 ||
		    !same_as_cjson(&res, root))
			bad++;
		rsp_response_free(&res);
		cJSON_Delete(root);
	}
	is_int(0, bad, "%d random trees write as cJSON prints them", rounds);
}

/* Well-formed UTF-8 by the table of the Unicode standard (3.9, table
 * 3-7), without NUL: the rule jw_bytes must follow, stated here
 * independently of src/common. */
static int utf8_wellformed(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], lo = 0x80, hi = 0xbf, k;

		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			k = 1;
		else if (c >= 0xe0 && c <= 0xef)
			k = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			k = 3;
		else
			return 0;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
		else if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
		if (n - i <= k || s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (size_t m = 2; m <= k; m++)
			if (s[i + m] < 0x80 || s[i + m] > 0xbf)
				return 0;
		i += k + 1;
	}
	return 1;
}

/* What jw_bytes must write, as cJSON members. */
static void add_bytes_expected(cJSON *o, const char *key, struct agt_str s)
{
	static const char hex[] = "0123456789abcdef";
	char text[256], k[64];
	size_t i;

	if (s.n == 0 || utf8_wellformed((const unsigned char *)s.p, s.n)) {
		memcpy(text, s.p ? s.p : "", s.n);
		text[s.n] = '\0';
		cJSON_AddStringToObject(o, key, text);
		return;
	}
	cJSON_AddNullToObject(o, key);
	for (i = 0; i < s.n; i++) {
		text[2 * i] = hex[(unsigned char)s.p[i] >> 4];
		text[2 * i + 1] = hex[(unsigned char)s.p[i] & 15];
	}
	text[2 * s.n] = '\0';
	snprintf(k, sizeof k, "%s_hex", key);
	cJSON_AddStringToObject(o, k, text);
}

/* Strings of any bytes, for jw_bytes. */
static struct agt_str rnd_bytes(char *buf, size_t cap)
{
	struct agt_str s;
	size_t i;

	s.n = rnd((unsigned)cap);
	for (i = 0; i < s.n; i++)
		buf[i] = rnd(3) ? (char)('A' + rnd(26)) :
		    rnd(2) ? "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"[rnd(9)] :
		    (char)rnd(256);
	s.p = rnd(10) ? buf : NULL;
	if (s.p == NULL)
		s.n = 0;
	return s;
}

static void writer(int rounds)
{
	int i, bad = 0, big = 0;
	static char big_text[40000];

	memset(big_text, 'x', sizeof big_text - 1);
	big_text[100] = '\n';
	for (i = 0; i < rounds; i++) {
		struct rsp_response res;
		struct jw j;
		cJSON *root = cJSON_CreateObject(), *cur = root;
		unsigned k, n = rnd(12);
		char key[24], text[120], bytes[60];

		rsp_response_init(&res, &ctx);
		rsp_json_start(&j, &res);
		for (k = 0; k < n; k++) {
			struct agt_str s;
			long long v;

			rnd_text(key, sizeof key);
			switch (rnd(6)) {
			case 0:
				rnd_text(text, sizeof text);
				jw_cstr(&j, key, text);
				cJSON_AddStringToObject(cur, key, text);
				break;
			case 1:
				v = (long long)rnd(4000000000U) - (rnd(2) ?
				    2000000000LL : 0);
				jw_int(&j, key, v);
				cJSON_AddNumberToObject(cur, key, (double)v);
				break;
			case 2:
				s = rnd_bytes(bytes, sizeof bytes);
				jw_bytes(&j, key, s);
				add_bytes_expected(cur, key, s);
				break;
			case 3:
				if (cur == root) {
					jw_obj_begin(&j, key);
					cur = cJSON_AddObjectToObject(root, key);
				}
				break;
			case 4:
				if (cur != root) {
					jw_obj_end(&j);
					cur = root;
				}
				break;
			default:
				if (rnd(20) == 0) {   /* past the fixed buffer */
					jw_cstr(&j, key, big_text);
					cJSON_AddStringToObject(cur, key, big_text);
					big++;
				}
				break;
			}
		}
		if (cur != root)
			jw_obj_end(&j);
		if (rsp_json_finish(&j, &res, 200) != 0 ||
		    !same_as_cjson(&res, root))
			bad++;
		rsp_response_free(&res);
		cJSON_Delete(root);
	}
	is_int(0, bad, "%d random member sequences (%d past 16 KiB) write as "
	    "cJSON prints them", rounds, big);
}

static void errors(void)
{
	static const char *const msgs[] = { "plain", "quote \" and \\ back",
	    "ctl \x01\x1f\t\n", "utf-8 \xc3\xa9", "" };
	struct rsp_fail f;
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof msgs / sizeof msgs[0] * 2; i++) {
		struct rsp_response res;
		cJSON *root = cJSON_CreateObject();
		cJSON *err = cJSON_AddObjectToObject(root, "error");

		memset(&f, 0, sizeof f);
		rsp_fail(&f, RSP_E_INVALID_UID, "%s", msgs[i / 2]);
		if (i % 2)
			f.reason = "AGT_EINVAL";
		cJSON_AddStringToObject(err, "code", rsp_code_info(f.code)->name);
		cJSON_AddStringToObject(err, "message", f.message);
		if (f.reason != NULL)
			cJSON_AddStringToObject(err, "reason", f.reason);
		rsp_response_init(&res, &ctx);
		rsp_response_error(&res, &f);
		if (res.status != 400 || !same_as_cjson(&res, root))
			bad++;
		rsp_response_free(&res);
		cJSON_Delete(root);
	}
	is_int(0, bad, "error bodies print as cJSON prints them");
}

int main(void)
{
	if (rsp_ctx_init(&ctx) != 0)
		bail("out of memory");
	plan(3);
	trees(3000);
	writer(3000);
	errors();
	rsp_ctx_free(&ctx);
	return 0;
}
