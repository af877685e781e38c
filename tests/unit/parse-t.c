/* SPDX-License-Identifier: MIT */
/*
 * parse-t - defends the parser against every malformed shape we can name,
 * each with its own expected error (a table: version, base64, zlib, size
 * limits, truncation inside each field, impossible counts, wrong signature
 * length, trailing bytes), against every prefix cut of real tokens, and
 * checks what parsing must keep: tokens from six different deflate encoders
 * parse to the same content, a service of unknown type stops parsing the
 * way the reference does while the signature still verifies, and every
 * builder's token parses back to fields that rebuild the identical token.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tap/tap.h"
#include "unit/published.h"
#include "unit/testutil.h"

#define PUB6_UID "006970CA35de60c44645bbae8a215061b33IACV0fZUBw+72cVoL9eyGGh3Q6Poi8bgjwVLnyKSJyOXR7dIfRBXoFHlEAABAAAAR/QQAAEAAQCvKDdW"

struct row {
	const char *name;
	char *text;
	size_t len;
	enum agt_err want;
};

static struct row rows[128];
static size_t nrows;

static void add(const char *name, char *text, size_t len, enum agt_err want)
{
	if (nrows == sizeof rows / sizeof rows[0])
		bail("row table full");
	rows[nrows++] = (struct row){ name, text, len, want };
}

static void add_lit(const char *name, const char *lit, enum agt_err want)
{
	char *t = strdup(lit);

	if (t == NULL)
		bail("out of memory");
	add(name, t, strlen(lit), want);
}

/* prefix + base64(bin) as a new string. */
static char *with_b64(const char *prefix, const void *bin, size_t n, size_t *len)
{
	size_t pl = strlen(prefix), el = agt_b64_enclen(n);
	char *t = malloc(pl + el + 1);

	if (t == NULL)
		bail("out of memory");
	memcpy(t, prefix, pl);
	agt_b64_encode(bin, n, t + pl);
	t[pl + el] = '\0';
	*len = pl + el;
	return t;
}

static void add006(const char *name, const void *content, size_t n, enum agt_err want)
{
	size_t len;
	char *t = with_b64("006" T_APP_ID, content, n, &len);

	add(name, t, len, want);
}

/* "007" + base64(zlib(content) + extra). */
static void add007(const char *name, const void *content, size_t n,
    const void *extra, size_t nextra, size_t cut, enum agt_err want)
{
	size_t cap = agt_zip_bound(n) + nextra, zlen, len;
	uint8_t *z = malloc(cap);
	char *t;

	if (z == NULL || agt_zip_compress(content, n, z, cap, &zlen) != AGT_OK)
		bail("compress failed");
	if (nextra > 0)
		memcpy(z + zlen, extra, nextra);
	zlen = zlen + nextra - cut;
	t = with_b64("007", z, zlen, &len);
	add(name, t, len, want);
	free(z);
}

/* 006 content: string(sig) + crc + crc + string(m). */
static size_t content006(uint8_t *buf, size_t cap, uint16_t siglen,
    const uint8_t *m, size_t mlen, uint16_t mdeclared)
{
	struct agt_wr w;
	uint8_t sig[64];

	memset(sig, 0x5a, sizeof sig);
	agt_wr_init(&w, buf, cap);
	if (agt_wr_u16(&w, siglen) != AGT_OK ||
	    agt_wr_bytes(&w, sig, siglen) != AGT_OK ||
	    agt_wr_u32(&w, 0x107d48b7U) != AGT_OK ||
	    agt_wr_u32(&w, 0xe551a057U) != AGT_OK ||
	    agt_wr_u16(&w, mdeclared) != AGT_OK ||
	    agt_wr_bytes(&w, m, mlen) != AGT_OK)
		bail("content006");
	return w.len;
}

/* A 007 signing head: sig, app id, ts, expire, salt, service count. */
static void head007(struct agt_wr *w, uint16_t siglen, uint16_t nservices)
{
	uint8_t sig[64];

	memset(sig, 0x33, sizeof sig);
	if (agt_wr_u16(w, siglen) != AGT_OK ||
	    agt_wr_bytes(w, sig, siglen) != AGT_OK ||
	    agt_wr_str(w, T_APP_ID, 32) != AGT_OK ||
	    agt_wr_u32(w, T_TS) != AGT_OK || agt_wr_u32(w, T_EXPIRE) != AGT_OK ||
	    agt_wr_u32(w, T_SALT) != AGT_OK || agt_wr_u16(w, nservices) != AGT_OK)
		bail("head007");
}

static void build_table(void)
{
	uint8_t m[64], c[256];
	struct agt_wr w;
	size_t n, len;
	char *t;

	/* ---- version and text ---- */
	add_lit("token_empty", "", AGT_EVERSION);
	add_lit("token_no_version", "hello world", AGT_EVERSION);
	add_lit("token_version_008", "008eJxTYBBbsMMn", AGT_EVERSION);
	add_lit("token_version_005", "005AQAoAEJERTJDRDdFNkZDNkU0ODYxNkYx", AGT_EVERSION);
	add_lit("token_two_chars", "00", AGT_EVERSION);
	add_lit("token_006_short_app_id", "006970CA35de60c44645bbae8a215061b3", AGT_ETRUNCATED);
	add_lit("token_006_app_id_only", "006970CA35de60c44645bbae8a215061b33", AGT_ETRUNCATED);
	t = strdup(PUB6_UID);
	if (t == NULL)
		bail("out of memory");
	t[40] = '*';
	add("token_bad_base64_char", t, strlen(t), AGT_EBASE64);
	t = strdup(PUB6_UID);
	if (t == NULL)
		bail("out of memory");
	t[strlen(t) - 2] = '=';
	add("token_006_pad_in_middle", t, strlen(t), AGT_EBASE64);
	add_lit("token_006_missing_padding", "006" T_APP_ID "IACV0fZUBw+72cVo", AGT_ETRUNCATED);
	add_lit("token_006_body_not_multiple_of_4", "006" T_APP_ID "IACV0fZ", AGT_EBASE64);
	add_lit("token_006_noncanonical_bits", "006" T_APP_ID "QR==", AGT_EBASE64);
	add_lit("token_006_trailing_garbage", PUB6_UID "x", AGT_EBASE64);
	add_lit("token_006_trailing_newline", PUB6_UID "\n", AGT_EBASE64);
	add_lit("token_007_space", "007eJxTYBBb sMMn", AGT_EBASE64);

	/* ---- 006 content ---- */
	/* m: salt, ts, one privilege (1 = 1446455471). */
	agt_wr_init(&w, m, sizeof m);
	if (agt_wr_u32(&w, T_SALT) != AGT_OK || agt_wr_u32(&w, T_TS) != AGT_OK ||
	    agt_wr_u16(&w, 1) != AGT_OK || agt_wr_u16(&w, 1) != AGT_OK ||
	    agt_wr_u32(&w, T_EXPIRE_TS) != AGT_OK)
		bail("m");
	n = content006(c, sizeof c, 32, m, 16, 16);
	add006("token_006_wellformed", c, n, AGT_OK);
	add006("token_truncated_in_sig", c, 2 + 10, AGT_ETRUNCATED);
	add006("token_truncated_in_siglen", c, 1, AGT_ETRUNCATED);
	add006("token_006_empty_content", c, 0, AGT_ETRUNCATED);
	add006("token_truncated_in_crc", c, 2 + 32 + 6, AGT_ETRUNCATED);
	add006("token_truncated_in_m", c, n - 1, AGT_ETRUNCATED);
	c[n] = 0;
	add006("token_trailing_bytes", c, n + 1, AGT_ETRAILING);
	n = content006(c, sizeof c, 31, m, 16, 16);
	add006("token_siglen_31", c, n, AGT_ESIGLEN);
	n = content006(c, sizeof c, 33, m, 16, 16);
	add006("token_siglen_33", c, n, AGT_ESIGLEN);
	n = content006(c, sizeof c, 0, m, 16, 16);
	add006("token_siglen_0", c, n, AGT_ESIGLEN);
	n = content006(c, sizeof c, 32, m, 16, 17);
	add006("token_m_length_beyond_content", c, n, AGT_ETRUNCATED);
	m[16] = 0;
	n = content006(c, sizeof c, 32, m, 17, 17);
	add006("token_m_trailing_byte", c, n, AGT_ETRAILING);
	n = content006(c, sizeof c, 32, m, 7, 7);
	add006("token_m_truncated_in_ts", c, n, AGT_ETRUNCATED);
	n = content006(c, sizeof c, 32, m, 9, 9);
	add006("token_m_truncated_in_count", c, n, AGT_ETRUNCATED);
	m[8] = 2; /* two privileges declared, one present */
	n = content006(c, sizeof c, 32, m, 16, 16);
	add006("count_exceeds_data", c, n, AGT_ECOUNT);
	m[8] = 0xff;
	m[9] = 0xff;
	n = content006(c, sizeof c, 32, m, 16, 16);
	add006("count_65535_privileges", c, n, AGT_ECOUNT);
	m[8] = 0;
	m[9] = 0;
	n = content006(c, sizeof c, 32, m, 10, 10);
	add006("token_006_no_privileges", c, n, AGT_OK);

	/* ---- 007 zlib layer ---- */
	t = with_b64("007", "hello, world", 12, &len);
	add("007_not_zlib", t, len, AGT_EINFLATE);
	add_lit("007_empty_body", "007", AGT_EINFLATE);
	{
		uint8_t ok7[256];

		agt_wr_init(&w, ok7, sizeof ok7);
		head007(&w, 32, 1);
		if (agt_wr_u16(&w, AGT_SERVICE_FPA) != AGT_OK ||
		    agt_wr_u16(&w, 0) != AGT_OK)
			bail("ok7");
		n = w.len;
		add007("007_wellformed", ok7, n, NULL, 0, 0, AGT_OK);
		add007("007_zlib_trailing_garbage", ok7, n, "x", 1, 0, AGT_EINFLATE);
		add007("007_zlib_second_stream", ok7, n, "\x78\x9c\x03\x00\x00\x00\x00\x01", 8, 0,
		    AGT_EINFLATE);
		add007("007_zlib_truncated", ok7, n, NULL, 0, 1, AGT_EINFLATE);
		ok7[n] = 0;
		add007("007_trailing_bytes", ok7, n + 1, NULL, 0, 0, AGT_ETRAILING);
		add007("007_truncated_in_service", ok7, n - 1, NULL, 0, 0, AGT_ETRUNCATED);
		add007("007_truncated_in_app_id", ok7, 2 + 32 + 10, NULL, 0, 0, AGT_ETRUNCATED);
		add007("007_truncated_in_sig", ok7, 20, NULL, 0, 0, AGT_ETRUNCATED);
		add007("007_empty_content", ok7, 0, NULL, 0, 0, AGT_ETRUNCATED);
		/* Layout end: u16 service count, u16 type, u16 privilege count. */
		ok7[n - 6] = 2; /* service count 2, one present */
		add007("007_missing_service", ok7, n, NULL, 0, 0, AGT_ETRUNCATED);
		ok7[n - 6] = 0; /* service count 0, one present: trailing */
		add007("007_zero_services_with_data", ok7, n, NULL, 0, 0, AGT_ETRAILING);
		add007("007_zero_services", ok7, n - 4, NULL, 0, 0, AGT_OK);
		ok7[n - 6] = 1;
		ok7[n - 2] = 5; /* FPA privilege count 5, no entries */
		add007("007_count_exceeds_data", ok7, n, NULL, 0, 0, AGT_ECOUNT);
	}
	{
		uint8_t s7[256];

		agt_wr_init(&w, s7, sizeof s7);
		head007(&w, 31, 1);
		if (agt_wr_u16(&w, AGT_SERVICE_FPA) != AGT_OK || agt_wr_u16(&w, 0) != AGT_OK)
			bail("s7");
		add007("007_siglen_31", s7, w.len, NULL, 0, 0, AGT_ESIGLEN);
		agt_wr_init(&w, s7, sizeof s7);
		head007(&w, 32, 1);
		/* RTM2 with a resource-type count that cannot fit. */
		if (agt_wr_u16(&w, AGT_SERVICE_RTM2) != AGT_OK || agt_wr_u16(&w, 0) != AGT_OK ||
		    agt_wr_str(&w, "u", 1) != AGT_OK || agt_wr_u16(&w, 100) != AGT_OK ||
		    agt_wr_u32(&w, 0) != AGT_OK)
			bail("rtm2");
		add007("007_rtm2_resource_count", s7, w.len, NULL, 0, 0, AGT_ECOUNT);
		agt_wr_init(&w, s7, sizeof s7);
		head007(&w, 32, 1);
		/* RTM2: one resource type, one permission, 9 resources, 1 present. */
		if (agt_wr_u16(&w, AGT_SERVICE_RTM2) != AGT_OK || agt_wr_u16(&w, 0) != AGT_OK ||
		    agt_wr_str(&w, "u", 1) != AGT_OK || agt_wr_u16(&w, 1) != AGT_OK ||
		    agt_wr_u16(&w, 0) != AGT_OK || agt_wr_u16(&w, 1) != AGT_OK ||
		    agt_wr_u16(&w, 0) != AGT_OK || agt_wr_u16(&w, 9) != AGT_OK ||
		    agt_wr_str(&w, "r", 1) != AGT_OK)
			bail("rtm2b");
		add007("007_rtm2_string_count", s7, w.len, NULL, 0, 0, AGT_ECOUNT);
		agt_wr_init(&w, s7, sizeof s7);
		head007(&w, 32, 1);
		/* APaaS cut inside its role. */
		if (agt_wr_u16(&w, AGT_SERVICE_APAAS) != AGT_OK || agt_wr_u16(&w, 0) != AGT_OK ||
		    agt_wr_str(&w, "", 0) != AGT_OK || agt_wr_str(&w, "", 0) != AGT_OK ||
		    agt_wr_bytes(&w, "\xff", 1) != AGT_OK)
			bail("apaas");
		add007("007_truncated_in_role", s7, w.len, NULL, 0, 0, AGT_ETRUNCATED);
		agt_wr_init(&w, s7, sizeof s7);
		head007(&w, 32, 1);
		if (agt_wr_u16(&w, AGT_SERVICE_RTC) != AGT_OK || agt_wr_u16(&w, 0) != AGT_OK ||
		    agt_wr_str(&w, "ch", 2) != AGT_OK || agt_wr_u16(&w, 5) != AGT_OK ||
		    agt_wr_bytes(&w, "1234", 4) != AGT_OK)
			bail("rtc");
		add007("007_uid_string_beyond_data", s7, w.len, NULL, 0, 0, AGT_ETRUNCATED);
	}

	/* ---- size limits ---- */
	{
		size_t big = AGT_PARSE_INFLATED_MAX + 1;
		uint8_t *zeros = calloc(1, big);

		if (zeros == NULL)
			bail("out of memory");
		add007("007_inflate_bomb", zeros, big, NULL, 0, 0, AGT_ETOOBIG);
		/* At the limit the content is read: all zeros, siglen 0. */
		add007("007_inflate_at_limit", zeros, big - 1, NULL, 0, 0, AGT_ESIGLEN);
		free(zeros);
		t = malloc(AGT_PARSE_TEXT_MAX + 2);
		if (t == NULL)
			bail("out of memory");
		memcpy(t, "007", 3);
		memset(t + 3, 'A', AGT_PARSE_TEXT_MAX - 2);
		t[AGT_PARSE_TEXT_MAX + 1] = '\0';
		add("token_text_over_limit", t, AGT_PARSE_TEXT_MAX + 1, AGT_ETOOBIG);
		t = malloc(AGT_PARSE_TEXT_MAX + 1);
		if (t == NULL)
			bail("out of memory");
		memcpy(t, "007", 3);
		memset(t + 3, 'A', AGT_PARSE_TEXT_MAX - 3);
		t[AGT_PARSE_TEXT_MAX - 3 + 3] = '\0';
		/* 262141 characters of base64: not a multiple of 4. */
		add("token_text_at_limit", t, AGT_PARSE_TEXT_MAX, AGT_EBASE64);
	}
}

static void test_table(void)
{
	size_t i;

	build_table();
	for (i = 0; i < nrows; i++) {
		struct agt_token *tok = (struct agt_token *)&rows[i];
		enum agt_err rc = agt_token_parse(rows[i].text, rows[i].len, &tok);

		is_int(rows[i].want, rc, "%s: %s", rows[i].name, agt_errname(rows[i].want));
		ok(rc == AGT_OK ? tok != NULL : tok == NULL, "%s: out set accordingly",
		    rows[i].name);
		agt_token_free(tok);
		free(rows[i].text);
	}
	{
		struct agt_token *tok;

		is_int(AGT_EINVAL, agt_token_parse(NULL, 5, &tok), "NULL text with a length");
		is_int(AGT_EVERSION, agt_token_parse(NULL, 0, &tok), "NULL empty text");
		is_int(AGT_EINVAL, agt_token_parse("007", 3, NULL), "NULL out");
	}
}

static enum agt_err want_for_cut(const char *tok, size_t len)
{
	if (len < 3)
		return AGT_EVERSION;
	if (tok[2] == '6') {
		if (len < 35)
			return AGT_ETRUNCATED;
		return (len - 35) % 4 != 0 ? AGT_EBASE64 : AGT_ETRUNCATED;
	}
	return (len - 3) % 4 != 0 ? AGT_EBASE64 : AGT_EINFLATE;
}

static void test_prefix_cuts(void)
{
	static const char *const toks[] = {
		PUB6_UID, PUB7_RTC, PUB7_MULTI, PUB7_CPP_RTM2, PUB7_SF_GO,
	};
	size_t i, len, wrong, total;

	for (i = 0; i < sizeof toks / sizeof toks[0]; i++) {
		wrong = 0;
		total = strlen(toks[i]);
		for (len = 0; len < total; len++) {
			struct agt_token *tok;
			enum agt_err rc = agt_token_parse(toks[i], len, &tok);

			if (rc != want_for_cut(toks[i], len)) {
				if (wrong == 0)
					diag("cut at %zu: got %s", len, agt_errname(rc));
				wrong++;
			}
			if (rc == AGT_OK)
				agt_token_free(tok);
		}
		is_int(0, (long long)wrong, "token %zu: each of %zu prefix cuts has its error",
		    i, total);
	}
}

static void test_cross_encoders(void)
{
	static const char *const toks[] = {
		PUB7_STREAMING_FCDN, PUB7_SF_GO, PUB7_SF_NODE, PUB7_SF_CSHARP,
		PUB7_SF_DART, PUB7_SF_RUST,
	};
	static const char *const names[] = { "Python", "Go", "Node", "C#", "Dart", "Rust" };
	size_t i;

	for (i = 0; i < 6; i++) {
		struct agt_token *tok = NULL;
		struct agt_token_view v;

		agt_token_view_init(&v);
		is_int(AGT_OK, agt_token_parse(toks[i], strlen(toks[i]), &tok),
		    "%s-deflated token parses", names[i]);
		ok(tok != NULL && agt_token_get_view(tok, &v) == AGT_OK &&
		    v.version == 7 && v.nservices == 6 && v.salt == T_SALT &&
		    v.ts == T_TS && v.expire == T_EXPIRE, "%s: header fields", names[i]);
		ok(tok != NULL && agt_token_verify(tok, S(T_CERT), S(""), S("")) == AGT_OK,
		    "%s: signature verifies", names[i]);
		ok(i == 0 || same_signed_content(toks[0], toks[i]),
		    "%s: same content as Python's", names[i]);
		agt_token_free(tok);
	}
}

static void test_cpp_rtm2_view(void)
{
	struct agt_token *tok = NULL;
	struct agt_token_view v;
	const struct agt_service *s;

	agt_token_view_init(&v);
	if (agt_token_parse(PUB7_CPP_RTM2, strlen(PUB7_CPP_RTM2), &tok) != AGT_OK ||
	    agt_token_get_view(tok, &v) != AGT_OK || v.nservices != 3) {
		ok(0, "C++ RTM2 token parses");
		agt_token_free(tok);
		return;
	}
	ok(v.app_id.n == 32 && memcmp(v.app_id.p, T_APP_ID, 32) == 0, "app id");
	is_int(3, (long long)v.declared_services, "declared services");
	is_int(0, v.unknown_service, "no unknown service");
	ok(v.services[0].type == AGT_SERVICE_STREAMING && v.services[0].nprivs == 2 &&
	    v.services[0].channel.n == 32 && v.services[0].account.n == 10,
	    "Streaming fields");
	ok(v.services[1].type == AGT_SERVICE_FCDN && v.services[1].nprivs == 2,
	    "FCDN fields");
	s = &v.services[2];
	ok(s->type == AGT_SERVICE_RTM2 && s->user_id.n == 9 &&
	    memcmp(s->user_id.p, "test_user", 9) == 0, "RTM2 user");
	is_int(3, (long long)s->nperms, "three (resource, permission) entries");
	if (s->nperms == 3) {
		ok(s->perms[0].resource_type == 0 && s->perms[0].permission_type == 0 &&
		    s->perms[0].nresources == 2 && s->perms[0].resources[1].n == 9 &&
		    memcmp(s->perms[0].resources[1].p, "message-b", 9) == 0,
		    "{0: {0: [message-a, message-b]}}");
		ok(s->perms[1].resource_type == 1 && s->perms[1].permission_type == 1 &&
		    s->perms[1].nresources == 1 && memcmp(s->perms[1].resources[0].p,
		    "stream-a", 8) == 0, "{1: {1: [stream-a]}}");
		ok(s->perms[2].resource_type == 4 && s->perms[2].permission_type == 0 &&
		    s->perms[2].nresources == 1 && memcmp(s->perms[2].resources[0].p,
		    "user-a", 6) == 0, "{4: {0: [user-a]}}");
	}
	ok(s->nprivs == 1 && s->privs[0].id == 1 && s->privs[0].expire == T_EXPIRE,
	    "RTM2 login");
	agt_token_free(tok);
}

static void test_unknown_service(void)
{
	const struct agt_priv p1 = { 1, T_EXPIRE };
	struct agt_service s[2] = {{0}};
	struct agt_token007_params p;
	struct agt_token *tok = NULL;
	struct agt_token_view v;
	char out[1024];
	size_t len;

	/* As AccessToken2Test.py: RTC then a type-999 service. */
	s[0].type = AGT_SERVICE_RTC;
	s[0].privs = &p1;
	s[0].nprivs = 1;
	s[0].channel = S(T_CHANNEL);
	s[0].account = S(T_UID_STR);
	s[1].type = 999;
	s[1].privs = &p1;
	s[1].nprivs = 1;
	agt_token007_params_init(&p);
	p.app_id = S(T_APP_ID);
	p.app_certificate = S(T_CERT);
	p.expire = T_EXPIRE;
	p.services = s;
	p.nservices = 2;
	p.pin = T_PIN;
	if (agt_build007(&p, out, sizeof out, &len) != AGT_OK)
		bail("unknown-service token");
	agt_token_view_init(&v);
	is_int(AGT_OK, agt_token_parse(out, len, &tok), "unknown service type parses");
	ok(tok != NULL && agt_token_get_view(tok, &v) == AGT_OK && v.nservices == 1 &&
	    v.services[0].type == AGT_SERVICE_RTC, "the RTC service before it is kept");
	ok(v.unknown_service && v.unknown_service_type == 999, "unknown type 999 reported");
	is_int(2, (long long)v.declared_services, "declared count kept");
	is_int(AGT_OK, tok ? (long long)agt_token_verify(tok, S(T_CERT), S(""), S("")) : -1LL,
	    "signature over all bytes still verifies");
	agt_token_free(tok);
	tok = NULL;

	/* Type 0 sorts first: parsing stops before the RTC service. */
	s[1].type = 0;
	if (agt_build007(&p, out, sizeof out, &len) != AGT_OK)
		bail("type-0 token");
	agt_token_view_init(&v);
	is_int(AGT_OK, agt_token_parse(out, len, &tok), "type 0 first parses");
	ok(tok != NULL && agt_token_get_view(tok, &v) == AGT_OK && v.nservices == 0 &&
	    v.unknown_service && v.unknown_service_type == 0,
	    "nothing after the unknown service is parsed");
	is_int(AGT_OK, tok ? (long long)agt_token_verify(tok, S(T_CERT), S(""), S("")) : -1LL,
	    "and the signature verifies");
	agt_token_free(tok);
	tok = NULL;
	/* Types 9 and 10 are known: no privileges, nothing more. */
	s[1].type = AGT_SERVICE_STT;
	s[1].nprivs = 0;
	if (agt_build007(&p, out, sizeof out, &len) != AGT_OK)
		bail("stt token");
	agt_token_view_init(&v);
	ok(agt_token_parse(out, len, &tok) == AGT_OK &&
	    agt_token_get_view(tok, &v) == AGT_OK && v.nservices == 2 &&
	    !v.unknown_service && v.services[1].type == AGT_SERVICE_STT,
	    "STT is a known service");
	agt_token_free(tok);
}

/* ---- parse -> rebuild for every builder ---- */

static char built[8192], rebuilt[8192];
static size_t builtlen;

static void rebuild007(const char *what)
{
	struct agt_token *tok = NULL;
	struct agt_token_view v;
	struct agt_token007_params p;
	size_t len;

	agt_token_view_init(&v);
	if (agt_token_parse(built, builtlen, &tok) != AGT_OK ||
	    agt_token_get_view(tok, &v) != AGT_OK) {
		ok(0, "%s: parses", what);
		agt_token_free(tok);
		return;
	}
	agt_token007_params_init(&p);
	p.app_id = v.app_id;
	p.app_certificate = S(T_CERT);
	p.expire = v.expire;
	p.services = v.services;
	p.nservices = v.nservices;
	p.pin = (struct agt_pin){ AGT_PIN_SALT | AGT_PIN_TS, v.salt, v.ts };
	is_int(AGT_OK, agt_build007(&p, rebuilt, sizeof rebuilt, &len), "%s: rebuilds", what);
	is_str(built, rebuilt, "%s: parse -> rebuild reproduces the token", what);
	agt_token_free(tok);
}

static void rebuild006(const char *what, struct agt_str channel, struct agt_str uid)
{
	struct agt_token *tok = NULL;
	struct agt_token_view v;
	struct agt_token006_params p;
	size_t len;

	agt_token_view_init(&v);
	if (agt_token_parse(built, builtlen, &tok) != AGT_OK ||
	    agt_token_get_view(tok, &v) != AGT_OK) {
		ok(0, "%s: parses", what);
		agt_token_free(tok);
		return;
	}
	agt_token006_params_init(&p);
	p.app_id = v.app_id;
	p.app_certificate = S(T_CERT);
	p.channel = channel;
	p.uid = uid;
	p.privs = v.privs;
	p.nprivs = v.nprivs;
	p.pin = (struct agt_pin){ AGT_PIN_SALT | AGT_PIN_TS, v.salt, v.ts };
	is_int(AGT_OK, agt_build006(&p, rebuilt, sizeof rebuilt, &len), "%s: rebuilds", what);
	is_str(built, rebuilt, "%s: parse -> rebuild reproduces the token", what);
	agt_token_free(tok);
}

static void test_rebuild_all(void)
{
	/* Unpinned salt and clock on purpose: the view must carry them. */
	struct agt_rtc_params r;
	struct agt_rtm_params m;
	struct agt_chat_params c;
	struct agt_fpa_params f;
	struct agt_apaas_params a;
	const struct agt_str res[] = { S("r1"), S("r2"), S("") };
	const struct agt_rtm2_perm perms[] = {
		{ 3, 1, res, 3, 0 }, { 0, 0, res, 1, 0 }, { 3, 0, NULL, 0, 0 },
	};
	static const struct {
		const char *name;
		enum agt_err (*fn)(const struct agt_rtc_params *, char *, size_t, size_t *);
	} rtc_fns[] = {
		{ "rtc", agt_rtc_build }, { "rtc_with_privileges", agt_rtc_build_with_privileges },
		{ "rtc_with_rtm", agt_rtc_build_with_rtm }, { "rtc_with_rtm2", agt_rtc_build_with_rtm2 },
		{ "convoai", agt_convoai_build }, { "stt", agt_stt_build },
	};
	static const struct {
		const char *name;
		enum agt_err (*fn)(const struct agt_apaas_params *, char *, size_t, size_t *);
	} apaas_fns[] = {
		{ "apaas_room_user", agt_apaas_build_room_user }, { "apaas_user", agt_apaas_build_user },
		{ "apaas_app", agt_apaas_build_app },
		{ "education_room_user", agt_education_build_room_user },
		{ "education_user", agt_education_build_user },
		{ "education_app", agt_education_build_app },
	};
	size_t i;

	agt_rtc_params_init(&r);
	r.app_id = S(T_APP_ID);
	r.app_certificate = S(T_CERT);
	r.channel = S(T_CHANNEL);
	r.uid = T_UID;
	r.role = AGT_ROLE_PUBLISHER;
	r.token_expire = 3600;
	r.privilege_expire = 1800;
	r.join_expire = 1;
	r.pub_audio_expire = 2;
	r.pub_video_expire = 3;
	r.pub_data_expire = 4;
	r.rtm_user_id = S("rtm user");
	r.rtm_token_expire = 5;
	for (i = 0; i < sizeof rtc_fns / sizeof rtc_fns[0]; i++) {
		is_int(AGT_OK, rtc_fns[i].fn(&r, built, sizeof built, &builtlen), "%s builds",
		    rtc_fns[i].name);
		rebuild007(rtc_fns[i].name);
	}
	r.account = S("account \xe2\x9c\x93");
	is_int(AGT_OK, agt_rtc_build(&r, built, sizeof built, &builtlen), "rtc account builds");
	rebuild007("rtc_account");
	is_int(AGT_OK, agt_rtc_build006(&r, built, sizeof built, &builtlen), "rtc006 account builds");
	rebuild006("rtc006_account", S(T_CHANNEL), S("account \xe2\x9c\x93"));
	r.account = (struct agt_str){ NULL, 0 };
	is_int(AGT_OK, agt_rtc_build006(&r, built, sizeof built, &builtlen), "rtc006 uid builds");
	rebuild006("rtc006_uid", S(T_CHANNEL), S(T_UID_STR));

	agt_rtm_params_init(&m);
	m.app_id = S(T_APP_ID);
	m.app_certificate = S(T_CERT);
	m.user_id = S("rtm user");
	m.expire = 600;
	m.perms = perms;
	m.nperms = 3;
	is_int(AGT_OK, agt_rtm_build(&m, built, sizeof built, &builtlen), "rtm builds");
	rebuild007("rtm");
	is_int(AGT_OK, agt_rtm_build_with_permissions(&m, built, sizeof built, &builtlen),
	    "rtm2 builds");
	rebuild007("rtm_with_permissions");
	is_int(AGT_OK, agt_rtm_build006(&m, built, sizeof built, &builtlen), "rtm006 builds");
	rebuild006("rtm006", S("rtm user"), S(""));

	agt_chat_params_init(&c);
	c.app_id = S(T_APP_ID);
	c.app_certificate = S(T_CERT);
	c.user_id = S("chat");
	c.expire = 600;
	is_int(AGT_OK, agt_chat_build_user(&c, built, sizeof built, &builtlen), "chat user builds");
	rebuild007("chat_user");
	is_int(AGT_OK, agt_chat_build_app(&c, built, sizeof built, &builtlen), "chat app builds");
	rebuild007("chat_app");

	agt_fpa_params_init(&f);
	f.app_id = S(T_APP_ID);
	f.app_certificate = S(T_CERT);
	is_int(AGT_OK, agt_fpa_build(&f, built, sizeof built, &builtlen), "fpa builds");
	rebuild007("fpa");

	agt_apaas_params_init(&a);
	a.app_id = S(T_APP_ID);
	a.app_certificate = S(T_CERT);
	a.room_uuid = S("room");
	a.user_uuid = S("user");
	a.role = -32768;
	a.expire = 600;
	for (i = 0; i < sizeof apaas_fns / sizeof apaas_fns[0]; i++) {
		is_int(AGT_OK, apaas_fns[i].fn(&a, built, sizeof built, &builtlen), "%s builds",
		    apaas_fns[i].name);
		rebuild007(apaas_fns[i].name);
	}
}

int main(void)
{
	plan_lazy();
	test_table();
	test_prefix_cuts();
	test_cross_encoders();
	test_cpp_rtm2_view();
	test_unknown_service();
	test_rebuild_all();
	agt_thread_cleanup();
	return 0;
}
