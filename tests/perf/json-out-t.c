/* SPDX-License-Identifier: MIT */
/*
 * json-out-t.c - the responder prints its JSON bodies itself (response.c)
 * rather than with cJSON_PrintUnformatted, for speed; this test holds it
 * to printing the very bytes cJSON prints.  Random trees (strings of every
 * byte value, numbers of every kind: whole, negative, -0, fractions, huge,
 * tiny, NaN, infinities; booleans, null, nested objects and arrays) go
 * through rsp_response_json and through cJSON_PrintUnformatted; random
 * member sequences go through the direct writer (rsp_json_*) and through
 * the cJSON tree the handlers used to build.  Both must agree byte for
 * byte, trailing newline aside.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "responder/responder.h"
#include "tap/tap.h"
#include "tap/testrand.h"

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

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

static double rnd_number(void)
{
	static const double fixed[] = {
		0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, -2.25, 1e15, -1e15,
		999999999999999.0, 1e15 + 1, 1e16, 1e21, 1e300, 1e-7, 1e-300,
		4294967295.0, 2882341273.0, 9007199254740993.0, 123456.789,
		3.141592653589793, 2.2250738585072014e-308, 4.9e-324,
		1.7976931348623157e308, 0.30000000000000004,
	};
	unsigned long long u;
	double d;

	switch (rnd(7)) {
	case 0:
		return fixed[rnd(sizeof fixed / sizeof fixed[0])];
	case 1:
		return (double)rnd(4000000000U);
	case 2:
		return -(double)rnd(4000000000U);
	case 3:
		return ((double)rnd(1000000) - 500000.0) / (double)(1 + rnd(1000));
	case 4:
		switch (rnd(3)) {
		case 0: return NAN;
		case 1: return INFINITY;
		default: return -INFINITY;
		}
	case 5:
		u = ((unsigned long long)rnd(1U << 31) << 33) ^
		    ((unsigned long long)rnd(1U << 31) << 2) ^ rnd(4);
		memcpy(&d, &u, sizeof d);
		return d;
	default:
		return (double)rnd(1U << 30) * (double)rnd(1U << 30);
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

	switch (depth > 3 ? rnd(5) : rnd(7)) {
	case 0: return cJSON_CreateNull();
	case 1: return cJSON_CreateBool(rnd(2));
	case 2: return cJSON_CreateNumber(rnd_number());
	case 3: return cJSON_CreateString(rnd_text(text, sizeof text));
	case 4: return cJSON_CreateString("");
	case 5:
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

static void trees(int rounds)
{
	int i, bad = 0;

	for (i = 0; i < rounds; i++) {
		struct rsp_response res;
		cJSON *root = rnd_tree(0), *copy = cJSON_Duplicate(root, 1);

		rsp_response_init(&res);
		if (copy == NULL || rsp_response_json(&res, 200, copy) != 0 ||
		    !same_as_cjson(&res, root))
			bad++;
		rsp_response_free(&res);
		cJSON_Delete(root);
	}
	is_int(0, bad, "%d random trees print as cJSON prints them", rounds);
}

/* Strings of any bytes through rsp_json_bytes and rsp_json_add_bytes. */
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
		struct rsp_json j;
		cJSON *root = cJSON_CreateObject(), *cur = root;
		unsigned k, n = rnd(12);
		char key[24], text[120], bytes[60];

		rsp_response_init(&res);
		rsp_json_start(&j, &res);
		for (k = 0; k < n; k++) {
			struct agt_str s;
			long long v;

			rnd_text(key, sizeof key);
			switch (rnd(6)) {
			case 0:
				rnd_text(text, sizeof text);
				rsp_json_cstr(&j, key, text);
				cJSON_AddStringToObject(cur, key, text);
				break;
			case 1:
				v = (long long)rnd(4000000000U) - (rnd(2) ?
				    2000000000LL : 0);
				rsp_json_int(&j, key, v);
				cJSON_AddNumberToObject(cur, key, (double)v);
				break;
			case 2:
				s = rnd_bytes(bytes, sizeof bytes);
				rsp_json_bytes(&j, key, s);
				rsp_json_add_bytes(cur, key, s);
				break;
			case 3:
				if (cur == root) {
					rsp_json_open(&j, key);
					cur = cJSON_AddObjectToObject(root, key);
				}
				break;
			case 4:
				if (cur != root) {
					rsp_json_close(&j);
					cur = root;
				}
				break;
			default:
				if (rnd(20) == 0) {   /* past the fixed buffer */
					rsp_json_cstr(&j, key, big_text);
					cJSON_AddStringToObject(cur, key, big_text);
					big++;
				}
				break;
			}
		}
		if (cur != root)
			rsp_json_close(&j);
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
		rsp_fail(&f, "invalid_uid", "%s", msgs[i / 2]);
		if (i % 2)
			f.reason = "AGT_EINVAL";
		cJSON_AddStringToObject(err, "code", f.code);
		cJSON_AddStringToObject(err, "message", f.message);
		if (f.reason != NULL)
			cJSON_AddStringToObject(err, "reason", f.reason);
		rsp_response_init(&res);
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
	plan(3);
	trees(3000);
	writer(3000);
	errors();
	rsp_arena_reset();
	return 0;
}
