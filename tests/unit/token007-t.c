/* SPDX-License-Identifier: MIT */
/*
 * token007-t - defends the raw 007 AccessToken2 builder: byte-exact output
 * against the tokens the reference's Python and C++ suites publish, for
 * every service layout (RTC, RTM, Chat, APaaS, FPA, Streaming, FCDN, and
 * several services at once); the stable sort of services by type and the
 * sort and "last wins" rule of privileges; the 32-hex app id and
 * certificate rule with its separate errors; string and count limits at
 * 65535 / 65536; the size query; fresh salt and issue_ts when unpinned;
 * and RTM2 type-only entries against tokens of the Python reference.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap/tap.h"
#include "unit/published.h"
#include "unit/testutil.h"

static char out[1 << 20];
static size_t outlen;

static struct agt_token007_params params(const struct agt_service *s, size_t n)
{
	struct agt_token007_params p;

	agt_token007_params_init(&p);
	p.app_id = S(T_APP_ID);
	p.app_certificate = S(T_CERT);
	p.expire = T_EXPIRE;
	p.services = s;
	p.nservices = n;
	p.pin = T_PIN;
	return p;
}

static int build(const struct agt_service *s, size_t n)
{
	struct agt_token007_params p = params(s, n);

	memset(out, 0, 64);
	return agt_build007(&p, out, sizeof out, &outlen);
}

static const struct agt_priv p1 = { 1, T_EXPIRE }, p2 = { 2, T_EXPIRE },
    p3 = { 3, T_EXPIRE };
static const struct agt_priv rtc4[] = {
	{ 1, T_EXPIRE }, { 2, T_EXPIRE }, { 3, T_EXPIRE }, { 4, T_EXPIRE }
};

static void test_single_services(void)
{
	struct agt_service s = {0};

	s.type = AGT_SERVICE_RTC;
	s.privs = &p1;
	s.nprivs = 1;
	s.channel = S(T_CHANNEL);
	s.account = S(T_UID_STR);
	is_int(AGT_OK, build(&s, 1), "RTC");
	is_str(PUB7_RTC, out, "RTC matches AccessToken2Test.py");
	is_int((long long)strlen(PUB7_RTC), (long long)outlen, "RTC length");
	s.account = S("");
	is_int(AGT_OK, build(&s, 1), "RTC uid 0");
	is_str(PUB7_RTC_UID0, out, "RTC uid 0 matches");

	memset(&s, 0, sizeof s);
	s.type = AGT_SERVICE_CHAT;
	s.privs = &p1;
	s.nprivs = 1;
	s.user_id = S(T_UID_STR);
	is_int(AGT_OK, build(&s, 1), "Chat user");
	is_str(PUB7_CHAT_USER, out, "Chat user matches");
	s.privs = &p2;
	s.user_id = S("");
	is_int(AGT_OK, build(&s, 1), "Chat app");
	is_str(PUB7_CHAT_APP, out, "Chat app matches");

	memset(&s, 0, sizeof s);
	s.type = AGT_SERVICE_APAAS;
	s.privs = &p2;
	s.nprivs = 1;
	s.user_uuid = S(T_UID_STR);
	s.role = -1;
	is_int(AGT_OK, build(&s, 1), "APaaS user");
	is_str(PUB7_APAAS_USER, out, "APaaS user matches (role -1 as int16)");
	s.privs = &p3;
	s.user_uuid = S("");
	is_int(AGT_OK, build(&s, 1), "APaaS app");
	is_str(PUB7_APAAS_APP, out, "APaaS app matches");

	memset(&s, 0, sizeof s);
	s.type = AGT_SERVICE_RTM;
	s.privs = &p1;
	s.nprivs = 1;
	s.user_id = S(T_UID_STR);
	is_int(AGT_OK, build(&s, 1), "RTM");
	is_str(PUB7_RTM_UIDSTR, out, "RTM matches AccessToken2_test.cpp");
	s.user_id = S("test_user");
	is_int(AGT_OK, build(&s, 1), "RTM test_user");
	ok(same_signed_content(PUB7_GO_RTM, out), "RTM content matches the Go suite's token");
}

static void test_multi(void)
{
	struct agt_service s[5] = {{0}};
	struct agt_service sf[6] = {{0}};
	const struct agt_priv mixraw[] = { { 1, T_EXPIRE }, { 2, T_EXPIRE } };
	size_t i;

	/* Insertion order RTC, RTM, FPA, Chat, APaaS (already by type). */
	s[0].type = AGT_SERVICE_RTC;
	s[0].privs = rtc4;
	s[0].nprivs = 4;
	s[0].channel = S(T_CHANNEL);
	s[0].account = S(T_UID_STR);
	s[1].type = AGT_SERVICE_RTM;
	s[1].privs = &p1;
	s[1].nprivs = 1;
	s[1].user_id = S(T_UID_STR);
	s[2].type = AGT_SERVICE_FPA;
	s[2].privs = &p1;
	s[2].nprivs = 1;
	s[3].type = AGT_SERVICE_CHAT;
	s[3].privs = &p1;
	s[3].nprivs = 1;
	s[3].user_id = S(T_UID_STR);
	s[4].type = AGT_SERVICE_APAAS;
	s[4].privs = &p2;
	s[4].nprivs = 1;
	s[4].user_uuid = S(T_UID_STR);
	s[4].role = -1;
	is_int(AGT_OK, build(s, 5), "five services");
	is_str(PUB7_MULTI, out, "multi-service token matches");
	{
		/* Reversed insertion order: packing sorts by type. */
		struct agt_service r[5];

		for (i = 0; i < 5; i++)
			r[i] = s[4 - i];
		is_int(AGT_OK, build(r, 5), "five services reversed");
		is_str(PUB7_MULTI, out, "services are packed sorted by type");
	}

	/* Three Streaming then three FCDN services: equal types keep order. */
	for (i = 0; i < 6; i++) {
		sf[i].type = i < 3 ? AGT_SERVICE_STREAMING : AGT_SERVICE_FCDN;
		sf[i].channel = S(T_CHANNEL);
		sf[i].nprivs = 1;
	}
	sf[0].account = S(T_UID_STR);
	sf[0].privs = &mixraw[0];
	sf[1].account = S("");
	sf[1].privs = &mixraw[1];
	sf[2].account = S("stream-account");
	sf[2].privs = mixraw;
	sf[2].nprivs = 2;
	sf[3].account = S(T_UID_STR);
	sf[3].privs = &mixraw[0];
	sf[4].account = S("");
	sf[4].privs = &mixraw[1];
	sf[5].account = S("fcdn-account");
	sf[5].privs = mixraw;
	sf[5].nprivs = 2;
	is_int(AGT_OK, build(sf, 6), "Streaming and FCDN");
	is_str(PUB7_STREAMING_FCDN, out, "Streaming/FCDN token matches");
	{
		/* Interleave the types; within a type the order is kept. */
		struct agt_service r[6] = { sf[3], sf[0], sf[4], sf[1], sf[5], sf[2] };

		is_int(AGT_OK, build(r, 6), "interleaved types");
		is_str(PUB7_STREAMING_FCDN, out, "stable sort keeps equal types in insertion order");
		r[0] = sf[4];
		r[2] = sf[3];
		is_int(AGT_OK, build(r, 6), "swapped equal types");
		ok(strcmp(out, PUB7_STREAMING_FCDN) != 0, "swapping two FCDN services changes the token");
	}

	/* Node's suite adds RTM before RTC; the content must be the same as
	 * with RTC first. */
	{
		struct agt_service n[2] = {{0}};

		n[0].type = AGT_SERVICE_RTM;
		n[0].privs = &p1;
		n[0].nprivs = 1;
		n[0].user_id = S("test_user");
		n[1] = s[0];
		is_int(AGT_OK, build(n, 2), "RTM added before RTC");
		ok(same_signed_content(PUB7_NODE_RTC_RTM, out),
		    "content matches AccessToken2Test.js stable ordering token");
	}
}

static void test_rtm2(void)
{
	const struct agt_priv mixraw[] = { { 1, T_EXPIRE }, { 2, T_EXPIRE } };
	const struct agt_str msgs[] = { S("message-a"), S("message-b") };
	const struct agt_str stream[] = { S("stream-a") }, user[] = { S("user-a") };
	const struct agt_str stale[] = { S("old") };
	struct agt_service s[3] = {{0}};
	/* Given out of order, with (0, 0) first as a stale entry that the
	 * later (0, 0) must replace, as Permissions.add() does. */
	const struct agt_rtm2_perm perms[] = {
		{ AGT_RTM2_MESSAGE_CHANNELS, AGT_RTM2_READ, stale, 1, 0 },
		{ AGT_RTM2_USERS, AGT_RTM2_READ, user, 1, 0 },
		{ AGT_RTM2_STREAM_CHANNELS, AGT_RTM2_WRITE, stream, 1, 0 },
		{ AGT_RTM2_MESSAGE_CHANNELS, AGT_RTM2_READ, msgs, 2, 0 },
	};

	s[0].type = AGT_SERVICE_RTM2;
	s[0].privs = &p1;
	s[0].nprivs = 1;
	s[0].user_id = S("test_user");
	s[0].perms = perms;
	s[0].nperms = 4;
	s[1].type = AGT_SERVICE_FCDN;
	s[1].privs = mixraw;
	s[1].nprivs = 2;
	s[1].channel = S(T_CHANNEL);
	s[1].account = S(T_UID_STR);
	s[2] = s[1];
	s[2].type = AGT_SERVICE_STREAMING;
	is_int(AGT_OK, build(s, 3), "Streaming, FCDN, RTM2");
	is_str(PUB7_CPP_RTM2, out, "RTM2 permissions token matches the C++ suite's");
	s[0].perms = NULL;
	is_int(AGT_EINVAL, build(s, 3), "NULL permissions with a count");
}

/* Tokens the official Python reference builds (AccessToken2 + ServiceRtm2,
 * app T_APP_ID, certificate T_CERT, salt 1, issue_ts 1111111, expire 600,
 * user "test_user", login = 600) from Permissions.details: */
/* {1: {}}: a resource type without permission types. */
#define REF7_RTM2_TYPE_ONLY "007eJxTYIhV/vCRM6W3tZbFs0vPjauqmqVDmEX4s/Pnt69Eyh2joxUYLM0NnB2NTVNSzQySTUzMTEyTkhJTLRKNDE0NzAyTjI3dvwgwRDAxMDAygDAHEDOC+ZwMJanFJfGlxalFjGBJAP5EG1M="
/* {0: {1: ["a"]}} */
#define REF7_RTM2_ONE "007eJxTYDCsr5y/c8GpjwHLKpZL2eX7LE9fcVhRa1v91gtXVhzqOpSjwGBpbuDsaGyakmpmkGxiYmZimpSUmGqRaGRoamBmmGRs7P5FgCGCiYGBkQGEOYCYEcznZChJLS6JLy1OLYJIQWAiAHpgIFA="

/* RTM2 type-only entries (agt_rtm2_perm.type_only): packed as the type
 * with a zero permission count, parsed back as such, rebuilt to the same
 * bytes, and absorbed by a normal entry of the same type. */
static void test_rtm2_type_only(void)
{
	const struct agt_str a[] = { S("a") };
	const struct agt_rtm2_perm only1 = { AGT_RTM2_STREAM_CHANNELS, 0, NULL, 0, 1 };
	const struct agt_rtm2_perm mixed[] = {
		{ AGT_RTM2_MESSAGE_CHANNELS, 7, NULL, 0, 1 },
		{ AGT_RTM2_MESSAGE_CHANNELS, AGT_RTM2_WRITE, a, 1, 0 },
	};
	const struct agt_rtm2_perm mixed_rev[] = { mixed[1], mixed[0] };
	struct agt_service s = {0}, again[1];
	struct agt_token *tok = NULL;
	struct agt_token_view v;
	struct agt_token007_params p;

	s.type = AGT_SERVICE_RTM2;
	s.privs = &p1;
	s.nprivs = 1;
	s.user_id = S("test_user");
	s.perms = &only1;
	s.nperms = 1;
	is_int(AGT_OK, build(&s, 1), "type-only entry builds");
	/* The reference packs {1: {}} as u16 1 (type) + u16 0 (no permission
	 * types): equal tokens mean equal bytes. */
	is_str(REF7_RTM2_TYPE_ONLY, out, "type-only packs as type + u16 0, as the reference's {1: {}}");

	is_int(AGT_OK, agt_token_parse(REF7_RTM2_TYPE_ONLY,
	    strlen(REF7_RTM2_TYPE_ONLY), &tok), "reference token parses");
	agt_token_view_init(&v);
	if (tok == NULL || agt_token_get_view(tok, &v) != AGT_OK ||
	    v.nservices != 1) {
		ok(0, "view of the type-only token");
		agt_token_free(tok);
		return;
	}
	is_int(1, (long long)v.services[0].nperms, "one permission entry parsed");
	ok(v.services[0].perms[0].type_only != 0, "parsed entry is type-only");
	is_int(AGT_RTM2_STREAM_CHANNELS, v.services[0].perms[0].resource_type,
	    "with resource type 1");
	is_int(0, (long long)v.services[0].perms[0].nresources, "and no resources");
	/* Rebuild from the view with the token's own salt, ts and expire. */
	again[0] = v.services[0];
	agt_token007_params_init(&p);
	p.app_id = S(T_APP_ID);
	p.app_certificate = S(T_CERT);
	p.expire = v.expire;
	p.services = again;
	p.nservices = 1;
	p.pin = (struct agt_pin){ AGT_PIN_SALT | AGT_PIN_TS, v.salt, v.ts };
	is_int(AGT_OK, agt_build007(&p, out, sizeof out, &outlen), "rebuild from the view");
	is_str(REF7_RTM2_TYPE_ONLY, out, "round trip gives identical bytes");
	agt_token_free(tok);

	s.perms = mixed;
	s.nperms = 2;
	is_int(AGT_OK, build(&s, 1), "type-only plus a normal entry of the same type");
	is_str(REF7_RTM2_ONE, out, "only the normal entry's permission is packed ({0: {1: [a]}})");
	s.perms = mixed_rev;
	is_int(AGT_OK, build(&s, 1), "same, type-only given last");
	is_str(REF7_RTM2_ONE, out, "order of the two does not matter");
}

static void test_privileges(void)
{
	struct agt_service s = {0};
	/* Shuffled and with a duplicate id whose later value is the right one. */
	const struct agt_priv shuffled[] = {
		{ 4, T_EXPIRE }, { 1, 9 }, { 3, T_EXPIRE }, { 2, T_EXPIRE }, { 1, T_EXPIRE }
	};
	struct agt_service m[1];

	s.type = AGT_SERVICE_RTC;
	s.privs = shuffled;
	s.nprivs = 5;
	s.channel = S(T_CHANNEL);
	s.account = S(T_UID_STR);
	m[0] = s;
	is_int(AGT_OK, build(m, 1), "shuffled privileges");
	{
		struct agt_token *tok = NULL;
		struct agt_token_view v;

		agt_token_view_init(&v);
		if (agt_token_parse(out, outlen, &tok) == AGT_OK &&
		    agt_token_get_view(tok, &v) == AGT_OK && v.nservices == 1) {
			const struct agt_service *ps = &v.services[0];

			is_int(4, (long long)ps->nprivs, "duplicate id packed once");
			ok(ps->nprivs == 4 && ps->privs[0].id == 1 && ps->privs[1].id == 2 &&
			    ps->privs[2].id == 3 && ps->privs[3].id == 4, "sorted by id");
			is_int(T_EXPIRE, ps->nprivs ? ps->privs[0].expire : 0,
			    "later duplicate wins");
		} else {
			ok(0, "shuffled token parses");
		}
		agt_token_free(tok);
	}
}

static void test_ids_and_limits(void)
{
	struct agt_service s = {0};
	struct agt_token007_params p;
	static const char *const bad_ids[] = {
		"970CA35de60c44645bbae8a215061b3",   /* 31 */
		"970CA35de60c44645bbae8a215061b333", /* 33 */
		"970CA35de60c44645bbae8a215061b3g",  /* g */
		"970CA35de60c44645bbae8a215061b3 ",  /* Python's fromhex skips spaces */
		" 970CA35de60c44645bbae8a215061b3",
		"",
	};
	char *big;
	size_t i;
	struct agt_service *many;

	s.type = AGT_SERVICE_RTC;
	s.privs = &p1;
	s.nprivs = 1;
	s.channel = S(T_CHANNEL);
	s.account = S(T_UID_STR);
	for (i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
		ok(!agt_app_id_valid(CSTR(bad_ids[i])) &&
		    !agt_app_certificate_valid(CSTR(bad_ids[i])),
		    "agt_app_id_valid, agt_app_certificate_valid: \"%s\" is "
		    "neither", bad_ids[i]);
		p = params(&s, 1);
		p.app_id = CSTR(bad_ids[i]);
		is_int(AGT_EAPPID, agt_build007(&p, out, sizeof out, &outlen),
		    "app id \"%s\" refused", bad_ids[i]);
		p = params(&s, 1);
		p.app_certificate = CSTR(bad_ids[i]);
		is_int(AGT_ECERT, agt_build007(&p, out, sizeof out, &outlen),
		    "certificate \"%s\" refused", bad_ids[i]);
	}
	p = params(&s, 1);
	p.app_id = S("970ca35de60c44645bbae8a215061b33");
	is_int(AGT_OK, agt_build007(&p, out, sizeof out, &outlen), "lower-case hex app id");
	ok(agt_app_id_valid(S("970ca35de60c44645bbae8a215061b33")) &&
	    agt_app_id_valid(S("970CA35DE60C44645BBAE8A215061B33")) &&
	    agt_app_certificate_valid(S("5CFd2fd1755d40ecb72977518be15d3b")),
	    "32 hex digits in either case are an app id and a certificate");
	ok(!agt_app_id_valid((struct agt_str){ NULL, 32 }) &&
	    !agt_app_certificate_valid((struct agt_str){ NULL, 0 }),
	    "a NULL string is neither");
	{
		/* Every byte value in every position: valid exactly when it is
		 * a hex digit, and the builder agrees with the function. */
		char id[33];
		int wrong = 0, disagree = 0;

		for (size_t pos = 0; pos < 32; pos += 31)
			for (int c = 0; c < 256; c++) {
				int hex = (c >= '0' && c <= '9') ||
				    (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
				struct agt_str a = { id, 32 };
				enum agt_err e;

				memcpy(id, "970ca35de60c44645bbae8a215061b33", 33);
				id[pos] = (char)c;
				wrong += agt_app_id_valid(a) != hex;
				p = params(&s, 1);
				p.app_id = a;
				e = agt_build007(&p, out, sizeof out, &outlen);
				disagree += (e == AGT_OK) != hex ||
				    (!hex && e != AGT_EAPPID);
			}
		is_int(0, wrong, "agt_app_id_valid: every byte value first and "
		    "last");
		is_int(0, disagree, "agt_build007 refuses exactly the app ids "
		    "agt_app_id_valid refuses");
	}
	p = params(NULL, 0);
	is_int(AGT_ENOSERVICE, agt_build007(&p, out, sizeof out, &outlen), "no services");
	p = params(NULL, 1);
	is_int(AGT_EINVAL, agt_build007(&p, out, sizeof out, &outlen), "NULL services");
	p = params(&s, 1);
	p.size = 0;
	is_int(AGT_EINVAL, agt_build007(&p, out, sizeof out, &outlen), "size 0 params");

	/* Size query and exact capacity. */
	p = params(&s, 1);
	is_int(AGT_ERANGE, agt_build007(&p, NULL, 0, &outlen), "size query");
	is_int((long long)strlen(PUB7_RTC), (long long)outlen, "size query length");
	is_int(AGT_ERANGE, agt_build007(&p, out, strlen(PUB7_RTC), &outlen), "len bytes do not fit");
	is_int(AGT_OK, agt_build007(&p, out, strlen(PUB7_RTC) + 1, &outlen), "len + 1 bytes fit");
	is_str(PUB7_RTC, out, "token in an exact buffer");

	/* Strings at 65535 and 65536 bytes. */
	big = malloc(65536);
	if (big == NULL)
		bail("out of memory");
	memset(big, 'c', 65536);
	s.channel = (struct agt_str){ big, 65535 };
	p = params(&s, 1);
	is_int(AGT_OK, agt_build007(&p, out, sizeof out, &outlen), "channel of 65535 bytes");
	{
		struct agt_token *tok = NULL;
		struct agt_token_view v;

		agt_token_view_init(&v);
		ok(agt_token_parse(out, outlen, &tok) == AGT_OK &&
		    agt_token_get_view(tok, &v) == AGT_OK && v.nservices == 1 &&
		    v.services[0].channel.n == 65535, "65535-byte channel survives parsing");
		agt_token_free(tok);
	}
	s.channel = (struct agt_str){ big, 65536 };
	p = params(&s, 1);
	is_int(AGT_ETOOLONG, agt_build007(&p, out, sizeof out, &outlen), "channel of 65536 bytes");
	s.channel = S(T_CHANNEL);
	s.account = (struct agt_str){ big, 65536 };
	p = params(&s, 1);
	is_int(AGT_ETOOLONG, agt_build007(&p, out, sizeof out, &outlen), "account of 65536 bytes");
	s.account = S(T_UID_STR);
	s.channel = (struct agt_str){ NULL, 1 };
	p = params(&s, 1);
	is_int(AGT_EINVAL, agt_build007(&p, out, sizeof out, &outlen), "NULL channel of length 1");
	s.channel = S(T_CHANNEL);
	free(big);

	/* Service counts at 65535 and 65536 (FPA without privileges: 4 bytes). */
	many = calloc(65536, sizeof *many);
	if (many == NULL)
		bail("out of memory");
	for (i = 0; i < 65536; i++)
		many[i].type = AGT_SERVICE_FPA;
	p = params(many, 65535);
	is_int(AGT_OK, agt_build007(&p, out, sizeof out, &outlen), "65535 services");
	p = params(many, 65536);
	is_int(AGT_ETOOLONG, agt_build007(&p, out, sizeof out, &outlen), "65536 services");
	free(many);
}

static void test_unpinned(void)
{
	struct agt_service s = {0};
	struct agt_token007_params p;
	struct agt_token *tok;
	struct agt_token_view v;
	time_t before, after;
	uint32_t first = 0;
	int i, varied = 0;

	s.type = AGT_SERVICE_RTC;
	s.privs = &p1;
	s.nprivs = 1;
	for (i = 0; i < 8; i++) {
		p = params(&s, 1);
		p.pin.flags = 0;
		before = time(NULL);
		if (agt_build007(&p, out, sizeof out, &outlen) != AGT_OK ||
		    agt_token_parse(out, outlen, &tok) != AGT_OK)
			bail("unpinned 007 build failed");
		after = time(NULL);
		agt_token_view_init(&v);
		if (agt_token_get_view(tok, &v) != AGT_OK)
			bail("view failed");
		if (i == 0) {
			first = v.salt;
			ok((int64_t)v.ts >= (int64_t)before && (int64_t)v.ts <= (int64_t)after,
			    "issue_ts defaults to now");
			ok(v.salt >= AGT_SALT_MIN && v.salt <= AGT_SALT_MAX, "salt in range");
		} else if (v.salt != first) {
			varied = 1;
		}
		ok(agt_token_verify(tok, S(T_CERT), S(""), S("")) == AGT_OK,
		    "unpinned token %d verifies", i);
		agt_token_free(tok);
	}
	ok(varied, "salts vary");
	/* Only the salt pinned, and only the clock pinned. */
	p = params(&s, 1);
	p.pin.flags = AGT_PIN_TS;
	is_int(AGT_OK, agt_build007(&p, out, sizeof out, &outlen), "clock pinned only");
	p.pin.flags = AGT_PIN_SALT;
	is_int(AGT_OK, agt_build007(&p, out, sizeof out, &outlen), "salt pinned only");
}

int main(void)
{
	plan_lazy();
	test_single_services();
	test_multi();
	test_rtm2();
	test_rtm2_type_only();
	test_privileges();
	test_ids_and_limits();
	test_unpinned();
	agt_thread_cleanup();
	return 0;
}
