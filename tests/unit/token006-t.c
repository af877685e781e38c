/* SPDX-License-Identifier: MIT */
/*
 * token006-t - defends the 006 AccessToken builder: byte-exact output
 * against the tokens published in the reference's own test suites
 * (python3/test/AccessTokenTest.py, nodejs/test/AccessTokenTest.js), the
 * RtcTokenBuilder / RtmTokenBuilder role and uid rules on top of it, the
 * size-query convention (exactly len + 1 bytes fit, len do not), and the
 * argument checks: a 006 app id must be 32 bytes, the message m must fit
 * its uint16 length, NULL arrays and short param structs are refused.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap/tap.h"
#include "unit/testutil.h"

/* python3/test/AccessTokenTest.py: uid 2882341273, join = 1446455471. */
#define PUB_UID "006970CA35de60c44645bbae8a215061b33IACV0fZUBw+72cVoL9eyGGh3Q6Poi8bgjwVLnyKSJyOXR7dIfRBXoFHlEAABAAAAR/QQAAEAAQCvKDdW"
/* Same with uid 0. */
#define PUB_UID0 "006970CA35de60c44645bbae8a215061b33IACw1o7htY6ISdNRtku3p9tjTPi0jCKf9t49UHJhzCmL6bdIfRAAAAAAEAABAAAAR/QQAAEAAQCvKDdW"
/* nodejs/test/AccessTokenTest.js: publisher, privileges 1..4 = 1446455471. */
#define PUB_PUBLISHER "006970CA35de60c44645bbae8a215061b33IACMv3I+fsRSejxy6luEwzA/1t/zbEHWfJCJ5m8ssFP/fLdIfRBXoFHlIgABAAAAR/QQAAQAAQCvKDdWAgCvKDdWAwCvKDdWBACvKDdW"

static char out[1 << 17];
static size_t outlen;
static char *volatile null_out; /* NULL the compiler cannot see */

static void raw_params(struct agt_token006_params *p, const char *uid,
    const struct agt_priv *privs, size_t n)
{
	agt_token006_params_init(p);
	p->app_id = S(T_APP_ID);
	p->app_certificate = S(T_CERT);
	p->channel = S(T_CHANNEL);
	p->uid = CSTR(uid);
	p->privs = privs;
	p->nprivs = n;
	p->pin = T_PIN;
}

static void test_published_raw(void)
{
	struct agt_token006_params p;
	const struct agt_priv join = { AGT_PRIV_JOIN_CHANNEL, T_EXPIRE_TS };
	/* Node adds join, audio, video, data; a different order must not matter. */
	const struct agt_priv four[] = {
		{ AGT_PRIV_PUBLISH_DATA, T_EXPIRE_TS }, { AGT_PRIV_JOIN_CHANNEL, T_EXPIRE_TS },
		{ AGT_PRIV_PUBLISH_VIDEO, T_EXPIRE_TS }, { AGT_PRIV_PUBLISH_AUDIO, T_EXPIRE_TS },
	};
	/* A duplicate id: the later value wins, as the reference's dict does. */
	const struct agt_priv dup[] = {
		{ AGT_PRIV_JOIN_CHANNEL, 5 }, { AGT_PRIV_JOIN_CHANNEL, T_EXPIRE_TS },
	};

	raw_params(&p, T_UID_STR, &join, 1);
	is_int(AGT_OK, agt_build006(&p, out, sizeof out, &outlen), "raw uid token");
	is_str(PUB_UID, out, "AccessTokenTest.py uid token");
	is_int((long long)strlen(PUB_UID), (long long)outlen, "length reported");
	raw_params(&p, "", &join, 1);
	is_int(AGT_OK, agt_build006(&p, out, sizeof out, &outlen), "raw uid 0 token");
	is_str(PUB_UID0, out, "AccessTokenTest.py uid 0 token");
	raw_params(&p, T_UID_STR, four, 4);
	is_int(AGT_OK, agt_build006(&p, out, sizeof out, &outlen), "raw four privileges");
	is_str(PUB_PUBLISHER, out, "AccessTokenTest.js publisher token (sorted by id)");
	raw_params(&p, T_UID_STR, dup, 2);
	is_int(AGT_OK, agt_build006(&p, out, sizeof out, &outlen), "duplicate id");
	is_str(PUB_UID, out, "duplicate privilege id: last value wins");
}

static void rtc_params(struct agt_rtc_params *r, int role)
{
	agt_rtc_params_init(r);
	r->app_id = S(T_APP_ID);
	r->app_certificate = S(T_CERT);
	r->channel = S(T_CHANNEL);
	r->uid = T_UID;
	r->role = role;
	r->privilege_expire = T_EXPIRE_TS;
	r->pin = T_PIN;
}

static void test_rtc_builder(void)
{
	struct agt_rtc_params r;

	rtc_params(&r, AGT_ROLE_PUBLISHER);
	is_int(AGT_OK, agt_rtc_build006(&r, out, sizeof out, &outlen), "publisher");
	is_str(PUB_PUBLISHER, out, "publisher gets join + 3 publish privileges");
	rtc_params(&r, AGT_ROLE_ATTENDEE);
	is_int(AGT_OK, agt_rtc_build006(&r, out, sizeof out, &outlen), "attendee");
	is_str(PUB_PUBLISHER, out, "attendee (0) is treated as publisher");
	rtc_params(&r, AGT_ROLE_ADMIN);
	is_int(AGT_OK, agt_rtc_build006(&r, out, sizeof out, &outlen), "admin");
	is_str(PUB_PUBLISHER, out, "admin (101) is treated as publisher");
	rtc_params(&r, AGT_ROLE_SUBSCRIBER);
	is_int(AGT_OK, agt_rtc_build006(&r, out, sizeof out, &outlen), "subscriber");
	is_str(PUB_UID, out, "subscriber gets join only");
	rtc_params(&r, AGT_ROLE_SUBSCRIBER);
	r.account = S(T_UID_STR);
	r.uid = 7; /* ignored when an account is given */
	is_int(AGT_OK, agt_rtc_build006(&r, out, sizeof out, &outlen), "account");
	is_str(PUB_UID, out, "account \"2882341273\" equals uid 2882341273");
	rtc_params(&r, AGT_ROLE_SUBSCRIBER);
	r.uid = 0;
	is_int(AGT_OK, agt_rtc_build006(&r, out, sizeof out, &outlen), "uid 0");
	is_str(PUB_UID0, out, "uid 0 encodes as the empty uid string");
	rtc_params(&r, AGT_ROLE_SUBSCRIBER);
	r.uid = 0;
	r.account = S("");
	is_int(AGT_OK, agt_rtc_build006(&r, out, sizeof out, &outlen), "empty account");
	is_str(PUB_UID0, out, "empty account equals uid 0");
}

static void test_rtm_builder(void)
{
	struct agt_rtm_params m;
	struct agt_token *tok = NULL;
	struct agt_token_view v;

	agt_rtm_params_init(&m);
	m.app_id = S(T_APP_ID);
	m.app_certificate = S(T_CERT);
	m.user_id = S("test_user");
	m.expire = T_EXPIRE_TS;
	m.pin = T_PIN;
	is_int(AGT_OK, agt_rtm_build006(&m, out, sizeof out, &outlen), "RTM 006");
	/* No published RTM 006 token exists; check the fields against the
	 * reference's definition and crc32 values computed by Python's zlib. */
	is_int(AGT_OK, agt_token_parse(out, outlen, &tok), "RTM 006 parses");
	agt_token_view_init(&v);
	if (tok != NULL && agt_token_get_view(tok, &v) == AGT_OK) {
		is_int(0x88eafc86LL, v.crc_channel, "channel is the account (crc32 \"test_user\")");
		is_int(0, v.crc_uid, "uid is the empty string");
		is_int(1, (long long)v.nprivs, "one privilege");
		is_int(AGT_PRIV_RTM_LOGIN_006, v.nprivs ? v.privs[0].id : 0, "privilege 1000");
		is_int(T_EXPIRE_TS, v.nprivs ? v.privs[0].expire : 0, "login expiry");
		is_int(T_SALT, v.salt, "salt");
		is_int(T_TS, v.ts, "ts");
		is_int(AGT_OK, agt_token_verify(tok, S(T_CERT), S("test_user"), S("")),
		    "verifies with channel = account, uid = \"\"");
	} else {
		bail("RTM 006 token does not parse");
	}
	agt_token_free(tok);
}

static void test_sizes_and_errors(void)
{
	struct agt_token006_params p;
	const struct agt_priv join = { AGT_PRIV_JOIN_CHANNEL, T_EXPIRE_TS };
	size_t need = strlen(PUB_UID);
	struct agt_priv *many;
	size_t i;

	raw_params(&p, T_UID_STR, &join, 1);
	outlen = 0;
	is_int(AGT_ERANGE, agt_build006(&p, NULL, 0, &outlen), "size query");
	is_int((long long)need, (long long)outlen, "size query answers the length");
	memset(out, 'x', sizeof out);
	is_int(AGT_ERANGE, agt_build006(&p, out, need, &outlen), "no room for the NUL");
	is_int('x', out[0], "nothing written on AGT_ERANGE");
	is_int(AGT_OK, agt_build006(&p, out, need + 1, &outlen), "exactly len + 1 fits");
	is_str(PUB_UID, out, "token in an exact buffer");
	is_int(AGT_EINVAL, agt_build006(&p, null_out, 10, &outlen), "NULL out with capacity");

	p.app_id = S("970CA35de60c44645bbae8a215061b3");
	is_int(AGT_EAPPID, agt_build006(&p, out, sizeof out, &outlen), "app id of 31 bytes");
	p.app_id = S("970CA35de60c44645bbae8a215061b333");
	is_int(AGT_EAPPID, agt_build006(&p, out, sizeof out, &outlen), "app id of 33 bytes");
	p.app_id = S("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz");
	is_int(AGT_OK, agt_build006(&p, out, sizeof out, &outlen),
	    "006 accepts any 32-byte app id, as the reference does");
	raw_params(&p, T_UID_STR, &join, 1);
	p.app_certificate = S("");
	is_int(AGT_OK, agt_build006(&p, out, sizeof out, &outlen),
	    "006 accepts any certificate bytes");
	raw_params(&p, T_UID_STR, NULL, 1);
	is_int(AGT_EINVAL, agt_build006(&p, out, sizeof out, &outlen), "NULL privileges");
	raw_params(&p, T_UID_STR, &join, 1);
	p.channel = (struct agt_str){ NULL, 3 };
	is_int(AGT_EINVAL, agt_build006(&p, out, sizeof out, &outlen), "NULL channel of length 3");
	raw_params(&p, T_UID_STR, &join, 1);
	p.size = sizeof p - 1;
	is_int(AGT_EINVAL, agt_build006(&p, out, sizeof out, &outlen), "param struct too small");
	raw_params(&p, T_UID_STR, NULL, 0);
	is_int(AGT_OK, agt_build006(&p, out, sizeof out, &outlen), "no privileges is allowed");

	/* m = 8 + 2 + 6 n must fit a uint16: n = 10920 fits, 10921 does not. */
	many = calloc(10921, sizeof *many);
	if (many == NULL)
		bail("out of memory");
	for (i = 0; i < 10921; i++)
		many[i] = (struct agt_priv){ (uint16_t)i, (uint32_t)i };
	raw_params(&p, T_UID_STR, many, 10920);
	is_int(AGT_OK, agt_build006(&p, out, sizeof out, &outlen), "m of 65530 bytes");
	raw_params(&p, T_UID_STR, many, 10921);
	is_int(AGT_ETOOLONG, agt_build006(&p, out, sizeof out, &outlen), "m of 65536 bytes");
	free(many);
}

static void test_unpinned(void)
{
	struct agt_token006_params p;
	const struct agt_priv join = { AGT_PRIV_JOIN_CHANNEL, T_EXPIRE_TS };
	struct agt_token *tok;
	struct agt_token_view v;
	uint32_t salts[8];
	time_t before, after;
	int i, varied = 0, ok_range = 1;

	raw_params(&p, T_UID_STR, &join, 1);
	p.pin.flags = 0;
	for (i = 0; i < 8; i++) {
		before = time(NULL);
		if (agt_build006(&p, out, sizeof out, &outlen) != AGT_OK ||
		    agt_token_parse(out, outlen, &tok) != AGT_OK)
			bail("unpinned 006 build failed");
		after = time(NULL);
		agt_token_view_init(&v);
		if (agt_token_get_view(tok, &v) != AGT_OK)
			bail("view failed");
		salts[i] = v.salt;
		if (v.salt < AGT_SALT_MIN || v.salt > AGT_SALT_MAX)
			ok_range = 0;
		if (i > 0 && salts[i] != salts[0])
			varied = 1;
		if (i == 0)
			ok((int64_t)v.ts >= (int64_t)before + 86400 &&
			    (int64_t)v.ts <= (int64_t)after + 86400,
			    "ts defaults to now + 24 h");
		agt_token_free(tok);
	}
	ok(ok_range, "random salts in range");
	ok(varied, "random salts vary");
}

int main(void)
{
	plan_lazy();
	test_published_raw();
	test_rtc_builder();
	test_rtm_builder();
	test_sizes_and_errors();
	test_unpinned();
	return 0;
}
