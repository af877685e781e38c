/* SPDX-License-Identifier: MIT */
/*
 * verify-t - defends signature verification and the problem report.  A
 * published token verifies with its certificate and with no other; a
 * change to any single byte of a 007 token's signed content is caught
 * (parse error or AGT_ESIGNATURE, never AGT_OK); 006 checks the channel
 * and uid it signs (crc32 first, AGT_EMISMATCH) and any change to its m;
 * agt_token_check() reports each AGT_PROB_* bit exactly at its boundary
 * (expiry at issue_ts + expire, not a second earlier; 300 s of clock skew),
 * with 64-bit time arithmetic so large values cannot wrap into validity.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tap/tap.h"
#include "unit/published.h"
#include "unit/testutil.h"

#define PUB6_UID "006970CA35de60c44645bbae8a215061b33IACV0fZUBw+72cVoL9eyGGh3Q6Poi8bgjwVLnyKSJyOXR7dIfRBXoFHlEAABAAAAR/QQAAEAAQCvKDdW"

static struct agt_token *parse(const char *text)
{
	struct agt_token *tok = NULL;

	if (agt_token_parse(text, strlen(text), &tok) != AGT_OK)
		bail("published token does not parse: %.20s", text);
	return tok;
}

static void test_verify007(void)
{
	struct agt_token *tok = parse(PUB7_RTC);

	is_int(AGT_OK, agt_token_verify(tok, S(T_CERT), S(""), S("")), "published token verifies");
	is_int(AGT_ESIGNATURE, agt_token_verify(tok, S("5cfd2fd1755d40ecb72977518be15d3b"),
	    S(""), S("")), "certificate case matters (its text is the key)");
	is_int(AGT_ESIGNATURE, agt_token_verify(tok, S("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
	    S(""), S("")), "wrong certificate");
	is_int(AGT_ECERT, agt_token_verify(tok, S("5CFd2fd1755d40ecb72977518be15d3"), S(""), S("")),
	    "31-character certificate");
	is_int(AGT_ECERT, agt_token_verify(tok, S("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"), S(""), S("")),
	    "non-hex certificate");
	is_int(AGT_ECERT, agt_token_verify(tok, S(""), S(""), S("")), "empty certificate");
	is_int(AGT_OK, agt_token_verify(tok, S(T_CERT), S("ignored"), S("ignored")),
	    "007 ignores channel and uid");
	is_int(AGT_EINVAL, agt_token_verify(tok, (struct agt_str){ NULL, 32 }, S(""), S("")),
	    "NULL certificate with a length");
	agt_token_free(tok);
}

/* Flip every byte of the inflated content (two bit patterns each), rebuild
 * the text, and require that nothing verifies. */
static void test_flips007(void)
{
	const char *body = PUB7_MULTI + 3;
	uint8_t z[1024], *content, *mut, *zz;
	size_t zlen, clen, i, zcap, zzlen, tlen;
	char *text;
	int bit, accepted = 0, sigerr = 0, parseerr = 0;

	if (agt_b64_decode(body, strlen(body), z, sizeof z, &zlen) != AGT_OK ||
	    agt_zip_inflate(z, zlen, AGT_PARSE_INFLATED_MAX, &content, &clen) != AGT_OK)
		bail("cannot open the published token");
	mut = malloc(clen);
	zcap = agt_zip_bound(clen);
	zz = malloc(zcap);
	text = malloc(3 + agt_b64_enclen(zcap) + 1);
	if (mut == NULL || zz == NULL || text == NULL)
		bail("out of memory");
	for (i = 0; i < clen; i++) {
		for (bit = 0; bit < 2; bit++) {
			struct agt_token *tok = NULL;
			enum agt_err rc;

			memcpy(mut, content, clen);
			mut[i] ^= bit ? 0x80 : 0x01;
			if (agt_zip_compress(mut, clen, zz, zcap, &zzlen) != AGT_OK)
				bail("compress");
			memcpy(text, "007", 3);
			agt_b64_encode(zz, zzlen, text + 3);
			tlen = 3 + agt_b64_enclen(zzlen);
			rc = agt_token_parse(text, tlen, &tok);
			if (rc != AGT_OK) {
				parseerr++;
				continue;
			}
			rc = agt_token_verify(tok, S(T_CERT), S(""), S(""));
			if (rc == AGT_OK) {
				accepted++;
				diag("flip of byte %zu (mask %s) accepted", i, bit ? "0x80" : "0x01");
			} else if (rc == AGT_ESIGNATURE) {
				sigerr++;
			}
			agt_token_free(tok);
		}
	}
	is_int(0, accepted, "no single-byte change of %zu content bytes verifies", clen);
	is_int((long long)(2 * clen), parseerr + sigerr,
	    "each is a parse error (%d) or AGT_ESIGNATURE (%d)", parseerr, sigerr);
	ok(sigerr > 0 && parseerr > 0, "both outcomes occur");
	free(content);
	free(mut);
	free(zz);
	free(text);
}

static void test_verify006(void)
{
	struct agt_token *tok = parse(PUB6_UID);
	const char *body = PUB6_UID + 35;
	uint8_t c[256];
	size_t clen, i, n;
	char text[512];
	int accepted = 0;

	is_int(AGT_OK, agt_token_verify(tok, S(T_CERT), S(T_CHANNEL), S(T_UID_STR)),
	    "published 006 token verifies");
	is_int(AGT_EMISMATCH, agt_token_verify(tok, S(T_CERT), S("other"), S(T_UID_STR)),
	    "wrong channel: crc mismatch");
	is_int(AGT_EMISMATCH, agt_token_verify(tok, S(T_CERT), S(T_CHANNEL), S("1")),
	    "wrong uid: crc mismatch");
	is_int(AGT_EMISMATCH, agt_token_verify(tok, S(T_CERT), S(T_CHANNEL), S("")),
	    "uid 0 against a uid token");
	is_int(AGT_ESIGNATURE, agt_token_verify(tok, S("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
	    S(T_CHANNEL), S(T_UID_STR)), "wrong certificate");
	is_int(AGT_ESIGNATURE, agt_token_verify(tok, S(""), S(T_CHANNEL), S(T_UID_STR)),
	    "empty certificate (006 takes any bytes)");
	is_int(AGT_EINVAL, agt_token_verify(tok, S(T_CERT), (struct agt_str){ NULL, 1 },
	    S(T_UID_STR)), "NULL channel with a length");
	agt_token_free(tok);

	tok = parse("006970CA35de60c44645bbae8a215061b33IACw1o7htY6ISdNRtku3p9tjTPi0jCKf9t49UHJhzCmL6bdIfRAAAAAAEAABAAAAR/QQAAEAAQCvKDdW");
	is_int(AGT_OK, agt_token_verify(tok, S(T_CERT), S(T_CHANNEL), S("")),
	    "uid 0 token verifies with uid \"\"");
	agt_token_free(tok);

	/* Any change to m (after the crc32s) must not verify. */
	if (agt_b64_decode(body, strlen(body), c, sizeof c, &clen) != AGT_OK)
		bail("decode 006");
	n = 35 + agt_b64_enclen(clen);
	for (i = 2 + 32 + 8 + 2; i < clen; i++) {
		c[i] ^= 0x01;
		memcpy(text, "006" T_APP_ID, 35);
		agt_b64_encode(c, clen, text + 35);
		if (agt_token_parse(text, n, &tok) == AGT_OK) {
			if (agt_token_verify(tok, S(T_CERT), S(T_CHANNEL), S(T_UID_STR)) == AGT_OK)
				accepted++;
			agt_token_free(tok);
		}
		c[i] ^= 0x01;
	}
	is_int(0, accepted, "no single change of m verifies");
	/* Nor a change of the signature itself. */
	c[2] ^= 0x01;
	agt_b64_encode(c, clen, text + 35);
	if (agt_token_parse(text, n, &tok) == AGT_OK) {
		is_int(AGT_ESIGNATURE, agt_token_verify(tok, S(T_CERT), S(T_CHANNEL),
		    S(T_UID_STR)), "changed signature byte");
		agt_token_free(tok);
	} else {
		ok(0, "changed-signature token parses");
	}
}

static unsigned check(struct agt_token *tok, uint32_t now, const char *cert,
    const char *channel, const char *uid)
{
	struct agt_check_params c;

	agt_check_params_init(&c);
	c.now = now;
	if (cert != NULL)
		c.app_certificate = CSTR(cert);
	if (channel != NULL)
		c.channel = CSTR(channel);
	if (uid != NULL)
		c.uid = CSTR(uid);
	return agt_token_check(tok, &c);
}

/* Builds a raw 007 token (salt 1) and parses it. */
static struct agt_token *make007(const struct agt_service *s, size_t n,
    uint32_t ts, uint32_t expire)
{
	struct agt_token007_params p;
	struct agt_token *tok = NULL;
	char out[2048];
	size_t len;

	agt_token007_params_init(&p);
	p.app_id = S(T_APP_ID);
	p.app_certificate = S(T_CERT);
	p.expire = expire;
	p.services = s;
	p.nservices = n;
	p.pin = (struct agt_pin){ AGT_PIN_SALT | AGT_PIN_TS, 1, ts };
	if (agt_build007(&p, out, sizeof out, &len) != AGT_OK ||
	    agt_token_parse(out, len, &tok) != AGT_OK)
		bail("make007");
	return tok;
}

static void test_check007(void)
{
	struct agt_token *tok = parse(PUB7_RTC);
	const uint32_t ts = T_TS;
	const struct agt_priv p0 = { 1, 0 }, p2 = { 2, 100 }, big = { 1, 0xffffffffU };
	struct agt_service s = {0}, u[2] = {{0}};
	struct agt_check_params c;

	is_int(0, check(tok, ts + 599, T_CERT, T_CHANNEL, T_UID_STR), "valid one second before expiry");
	is_int(AGT_PROB_EXPIRED | AGT_PROB_PRIV_EXPIRED, check(tok, ts + 600, NULL, NULL, NULL),
	    "expired at issue_ts + expire (token and join privilege)");
	is_int(0, check(tok, ts - 300, NULL, NULL, NULL), "300 s in the future is tolerated");
	is_int(AGT_PROB_NOT_YET_VALID, check(tok, ts - 301, NULL, NULL, NULL),
	    "301 s in the future is not yet valid");
	is_int(AGT_PROB_BAD_SIGNATURE, check(tok, ts, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL, NULL),
	    "wrong certificate");
	is_int(AGT_PROB_BAD_SIGNATURE, check(tok, ts, "short", NULL, NULL),
	    "malformed certificate counts as a bad signature");
	is_int(AGT_PROB_CHANNEL_MISMATCH, check(tok, ts, NULL, "other", NULL), "channel differs");
	is_int(AGT_PROB_UID_MISMATCH, check(tok, ts, NULL, NULL, "1"), "uid differs");
	is_int(AGT_PROB_UID_MISMATCH, check(tok, ts, NULL, NULL, ""), "uid 0 vs uid token");
	/* The check that cannot run says so: never a silent pass. */
	agt_check_params_init(&c);
	c.size = 1;
	is_int(AGT_PROB_UNCHECKED, agt_token_check(tok, &c),
	    "short check params: unchecked");
	c.size = sizeof c - 1;
	is_int(AGT_PROB_UNCHECKED, agt_token_check(tok, &c),
	    "params one byte short: unchecked");
	c.size = 0;
	is_int(AGT_PROB_UNCHECKED, agt_token_check(tok, &c), "size 0: unchecked");
	agt_check_params_init(&c);
	c.now = ts;
	is_int(AGT_PROB_UNCHECKED, agt_token_check(NULL, &c), "NULL token: unchecked");
	is_int(AGT_PROB_UNCHECKED, agt_token_check(tok, NULL), "NULL params: unchecked");
	is_int(0, agt_token_check(tok, &c), "no certificate: signature not asked for, no bit");
	agt_token_free(tok);

	/* A privilege of 0 never expires on its own. */
	s.type = AGT_SERVICE_RTC;
	s.privs = &p0;
	s.nprivs = 1;
	tok = make007(&s, 1, ts, 600);
	is_int(AGT_PROB_EXPIRED, check(tok, ts + 600, T_CERT, NULL, NULL),
	    "privilege 0 has no expiry of its own");
	agt_token_free(tok);
	/* RTC without join. */
	s.privs = &p2;
	tok = make007(&s, 1, ts, 600);
	is_int(AGT_PROB_NO_JOIN, check(tok, ts, T_CERT, NULL, NULL), "RTC without join");
	is_int(AGT_PROB_NO_JOIN | AGT_PROB_PRIV_EXPIRED, check(tok, ts + 100, NULL, NULL, NULL),
	    "privilege expires at issue_ts + its value");
	agt_token_free(tok);
	/* 64-bit sums: ts + expire beyond 2^32 is far in the future. */
	s.privs = &big;
	tok = make007(&s, 1, 0xffffff00U, 0xffffffffU);
	is_int(0, check(tok, 0xffffffffU, T_CERT, "", ""), "no 32-bit wrap-around");
	agt_token_free(tok);
	/* Unknown service type. */
	u[0].type = AGT_SERVICE_RTM;
	u[0].privs = &p0;
	u[0].nprivs = 1;
	u[1].type = 4242;
	tok = make007(u, 2, ts, 600);
	is_int(AGT_PROB_UNKNOWN_SERVICE, check(tok, ts, T_CERT, "ch", "uid"),
	    "unknown service; no RTC so nothing to mismatch");
	agt_token_free(tok);
	/* A zero-service token can only come from elsewhere: make one. */
	{
		uint8_t content[128], sig[32], key[32], z[256];
		struct agt_wr w;
		struct agt_iov part;
		size_t zlen;
		char text[512];

		memset(sig, 0, sizeof sig);
		agt_wr_init(&w, content, sizeof content);
		if (agt_wr_u16(&w, 32) != AGT_OK || agt_wr_bytes(&w, sig, 32) != AGT_OK ||
		    agt_wr_str(&w, T_APP_ID, 32) != AGT_OK || agt_wr_u32(&w, ts) != AGT_OK ||
		    agt_wr_u32(&w, 600) != AGT_OK || agt_wr_u32(&w, 1) != AGT_OK ||
		    agt_wr_u16(&w, 0) != AGT_OK)
			bail("zero-service content");
		part = (struct agt_iov){ content + 34, w.len - 34 };
		if (agt_signing_key007(S(T_CERT), ts, 1, key) != AGT_OK ||
		    agt_hmac_sha256(key, 32, &part, 1, content + 2) != AGT_OK ||
		    agt_zip_compress(content, w.len, z, sizeof z, &zlen) != AGT_OK)
			bail("zero-service token");
		memcpy(text, "007", 3);
		agt_b64_encode(z, zlen, text + 3);
		if (agt_token_parse(text, 3 + agt_b64_enclen(zlen), &tok) != AGT_OK)
			bail("zero-service parse");
		is_int(AGT_PROB_NO_SERVICE, check(tok, ts, T_CERT, NULL, NULL),
		    "token without services");
		agt_token_free(tok);
	}
}

static struct agt_token *make006(const struct agt_priv *privs, size_t n, uint32_t ts)
{
	struct agt_token006_params p;
	struct agt_token *tok = NULL;
	char out[1024];
	size_t len;

	agt_token006_params_init(&p);
	p.app_id = S(T_APP_ID);
	p.app_certificate = S(T_CERT);
	p.channel = S(T_CHANNEL);
	p.uid = S("");
	p.privs = privs;
	p.nprivs = n;
	p.pin = (struct agt_pin){ AGT_PIN_SALT | AGT_PIN_TS, 1, ts };
	if (agt_build006(&p, out, sizeof out, &len) != AGT_OK ||
	    agt_token_parse(out, len, &tok) != AGT_OK)
		bail("make006");
	return tok;
}

static void test_check006(void)
{
	struct agt_token *tok = parse(PUB6_UID);
	const uint32_t ts = T_TS, join = T_EXPIRE_TS;
	const struct agt_priv audio = { 2, 0 }, rtm = { 1000, 0 };

	/* This token's ts (1111111) lies before its join privilege (1446455471). */
	is_int(0, check(tok, ts - 1, T_CERT, T_CHANNEL, T_UID_STR), "valid before ts");
	is_int(AGT_PROB_EXPIRED, check(tok, ts, T_CERT, T_CHANNEL, T_UID_STR), "expired at ts");
	is_int(AGT_PROB_EXPIRED, check(tok, join - 1, NULL, NULL, NULL), "join still valid");
	is_int(AGT_PROB_EXPIRED | AGT_PROB_PRIV_EXPIRED, check(tok, join, NULL, NULL, NULL),
	    "join expired at its absolute time");
	is_int(AGT_PROB_CHANNEL_MISMATCH | AGT_PROB_SIGNATURE_UNCHECKED,
	    check(tok, 0, T_CERT, "other", T_UID_STR),
	    "channel differs: signature not judged, and that is reported");
	is_int(AGT_PROB_UID_MISMATCH | AGT_PROB_SIGNATURE_UNCHECKED,
	    check(tok, 0, T_CERT, T_CHANNEL, "7"),
	    "uid differs: signature not judged, and that is reported");
	is_int(AGT_PROB_CHANNEL_MISMATCH, check(tok, 0, NULL, "other", T_UID_STR),
	    "channel differs, no certificate: no signature bit");
	is_int(AGT_PROB_BAD_SIGNATURE, check(tok, 0, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    T_CHANNEL, T_UID_STR), "wrong certificate");
	is_int(AGT_PROB_SIGNATURE_UNCHECKED,
	    check(tok, 0, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL, NULL),
	    "certificate without the channel: the 006 signature is unchecked");
	is_int(AGT_PROB_SIGNATURE_UNCHECKED, check(tok, 0, T_CERT, NULL, NULL),
	    "right certificate without the channel: still unchecked, not valid");
	is_int(AGT_PROB_SIGNATURE_UNCHECKED, check(tok, 0, T_CERT, NULL, T_UID_STR),
	    "uid without the channel: unchecked");
	is_int(AGT_PROB_SIGNATURE_UNCHECKED, check(tok, 0, T_CERT, T_CHANNEL, NULL),
	    "channel without the uid of a uid token (uid taken as \"\"): unchecked");
	is_int(0, check(tok, 0, NULL, NULL, NULL), "no certificate: no signature bit");
	{
		struct agt_check_params c;

		agt_check_params_init(&c);
		c.size = 1;
		c.app_certificate = S(T_CERT);
		is_int(AGT_PROB_UNCHECKED, agt_token_check(tok, &c),
		    "006, short check params: unchecked");
	}
	agt_token_free(tok);

	tok = make006(&audio, 1, ts);
	is_int(AGT_PROB_NO_JOIN, check(tok, 0, T_CERT, T_CHANNEL, ""), "RTC privileges without join");
	agt_token_free(tok);
	tok = make006(&rtm, 1, ts);
	is_int(0, check(tok, 0, T_CERT, T_CHANNEL, ""), "RTM login needs no join");
	agt_token_free(tok);
	tok = make006(NULL, 0, ts);
	is_int(AGT_PROB_NO_SERVICE, check(tok, 0, T_CERT, T_CHANNEL, ""), "no privileges");
	agt_token_free(tok);
}

int main(void)
{
	plan_lazy();
	test_verify007();
	test_flips007();
	test_verify006();
	test_check007();
	test_check006();
	agt_thread_cleanup();
	return 0;
}
