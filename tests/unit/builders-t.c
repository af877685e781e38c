/* SPDX-License-Identifier: MIT */
/*
 * builders-t - defends the mapping of each reference builder onto the raw
 * formats: where the reference's suites publish a token for a builder's
 * output it must match (RTC subscriber by uid, account and uid 0; Chat user
 * and app; APaaS and Education room-user, user and app; RTM; RTC+RTM2
 * against Node's content); every other form is parsed back and checked
 * field by field against the reference's definition of that builder (which
 * services, which privileges, which expiry where), so a swapped expiry or
 * a missing publisher privilege cannot pass.
 */
#include "config.h"

#include <string.h>

#include "tap/tap.h"
#include "unit/published.h"
#include "unit/testutil.h"

static char out[8192];
static size_t outlen;
static struct agt_token *tok;
static struct agt_token_view v;

/* Parses out into tok/v; 0 on failure. */
static int load(void)
{
	agt_token_free(tok);
	tok = NULL;
	agt_token_view_init(&v);
	return agt_token_parse(out, outlen, &tok) == AGT_OK &&
	    agt_token_get_view(tok, &v) == AGT_OK &&
	    agt_token_verify(tok, S(T_CERT), S(""), S("")) == AGT_OK;
}

static uint32_t priv(const struct agt_service *s, uint16_t id, int *found)
{
	size_t i;

	*found = 0;
	for (i = 0; i < s->nprivs; i++)
		if (s->privs[i].id == id) {
			*found = 1;
			return s->privs[i].expire;
		}
	return 0;
}

/* Checks that service s has exactly the privileges ids[i] = vals[i]. */
static void expect_privs(const struct agt_service *s, const char *what,
    size_t n, const uint16_t *ids, const uint32_t *vals)
{
	size_t i;
	int found;

	is_int((long long)n, (long long)s->nprivs, "%s: %zu privileges", what, n);
	for (i = 0; i < n; i++) {
		uint32_t got = priv(s, ids[i], &found);

		ok(found && got == vals[i], "%s: privilege %u = %u", what,
		    (unsigned)ids[i], (unsigned)vals[i]);
	}
}

static int str_is(struct agt_str s, const char *want)
{
	return s.n == strlen(want) && (s.n == 0 || memcmp(s.p, want, s.n) == 0);
}

static void rtc(struct agt_rtc_params *r, int role)
{
	agt_rtc_params_init(r);
	r->app_id = S(T_APP_ID);
	r->app_certificate = S(T_CERT);
	r->channel = S(T_CHANNEL);
	r->uid = T_UID;
	r->role = role;
	r->token_expire = T_EXPIRE;
	r->privilege_expire = T_EXPIRE;
	r->pin = T_PIN;
}

static void test_rtc_published(void)
{
	struct agt_rtc_params r;

	rtc(&r, AGT_ROLE_SUBSCRIBER);
	is_int(AGT_OK, agt_rtc_build(&r, out, sizeof out, &outlen), "with uid");
	is_str(PUB7_RTC, out, "build_token_with_uid subscriber matches");
	r.account = S(T_UID_STR);
	r.uid = 1;
	is_int(AGT_OK, agt_rtc_build(&r, out, sizeof out, &outlen), "with account");
	is_str(PUB7_RTC, out, "build_token_with_user_account matches");
	rtc(&r, AGT_ROLE_SUBSCRIBER);
	r.uid = 0;
	is_int(AGT_OK, agt_rtc_build(&r, out, sizeof out, &outlen), "uid 0");
	is_str(PUB7_RTC_UID0, out, "uid 0 matches");
	rtc(&r, AGT_ROLE_ATTENDEE);
	is_int(AGT_OK, agt_rtc_build(&r, out, sizeof out, &outlen), "role 0 in 007");
	is_str(PUB7_RTC, out, "007: only the publisher role gets publish privileges");
	rtc(&r, AGT_ROLE_ADMIN);
	is_int(AGT_OK, agt_rtc_build(&r, out, sizeof out, &outlen), "role 101 in 007");
	is_str(PUB7_RTC, out, "007: admin gets join only");
}

static void test_rtc_structure(void)
{
	struct agt_rtc_params r;
	const uint16_t ids4[] = { 1, 2, 3, 4 }, id1[] = { 1 };
	const uint32_t pe4[] = { 700, 700, 700, 700 }, pe1[] = { 700 };
	const uint32_t each[] = { 601, 602, 603, 604 };

	rtc(&r, AGT_ROLE_PUBLISHER);
	r.token_expire = 900;
	r.privilege_expire = 700;
	is_int(AGT_OK, agt_rtc_build(&r, out, sizeof out, &outlen), "publisher");
	if (load() && v.nservices == 1) {
		is_int(900, v.expire, "token expire = token_expire");
		expect_privs(&v.services[0], "publisher", 4, ids4, pe4);
		ok(str_is(v.services[0].account, T_UID_STR), "uid string");
	} else {
		ok(0, "publisher token loads");
	}

	rtc(&r, AGT_ROLE_SUBSCRIBER);
	r.join_expire = 601;
	r.pub_audio_expire = 602;
	r.pub_video_expire = 603;
	r.pub_data_expire = 604;
	is_int(AGT_OK, agt_rtc_build_with_privileges(&r, out, sizeof out, &outlen),
	    "with privileges");
	if (load() && v.nservices == 1) {
		is_int(T_EXPIRE, v.expire, "token expire");
		expect_privs(&v.services[0], "with privileges (any role)", 4, ids4, each);
	} else {
		ok(0, "with-privileges token loads");
	}

	/* build_token_with_rtm: RTM user = the RTC account, login = token expire. */
	rtc(&r, AGT_ROLE_SUBSCRIBER);
	r.account = S("acct");
	r.token_expire = 900;
	r.privilege_expire = 700;
	is_int(AGT_OK, agt_rtc_build_with_rtm(&r, out, sizeof out, &outlen), "with rtm");
	if (load() && v.nservices == 2) {
		const uint16_t login[] = { 1 };
		const uint32_t lv[] = { 900 };

		is_int(AGT_SERVICE_RTC, v.services[0].type, "RTC first");
		expect_privs(&v.services[0], "with rtm subscriber", 1, id1, pe1);
		ok(str_is(v.services[0].account, "acct"), "RTC account");
		is_int(AGT_SERVICE_RTM, v.services[1].type, "RTM second");
		ok(str_is(v.services[1].user_id, "acct"), "RTM user is the account");
		expect_privs(&v.services[1], "RTM login", 1, login, lv);
	} else {
		ok(0, "with-rtm token loads");
	}
	rtc(&r, AGT_ROLE_PUBLISHER);
	r.privilege_expire = 700;
	is_int(AGT_OK, agt_rtc_build_with_rtm(&r, out, sizeof out, &outlen), "with rtm by uid");
	if (load() && v.nservices == 2) {
		expect_privs(&v.services[0], "with rtm publisher", 4, ids4, pe4);
		ok(str_is(v.services[1].user_id, T_UID_STR), "RTM user is the uid string");
	} else {
		ok(0, "with-rtm uid token loads");
	}
}

static void rtm2_params(struct agt_rtc_params *r, int role)
{
	rtc(r, role);
	r->join_expire = T_EXPIRE;
	r->pub_audio_expire = T_EXPIRE;
	r->pub_video_expire = T_EXPIRE;
	r->pub_data_expire = T_EXPIRE;
	r->rtm_user_id = S("test_user");
	r->rtm_token_expire = T_EXPIRE;
}

static void test_rtm2_family(void)
{
	struct agt_rtc_params r;
	const uint16_t ids4[] = { 1, 2, 3, 4 }, id1[] = { 1 };
	const uint32_t each[] = { 601, 602, 603, 604 }, j[] = { 601 }, l[] = { 605 };
	enum agt_err (*const fns[])(const struct agt_rtc_params *, char *, size_t,
	    size_t *) = { agt_rtc_build_with_rtm2, agt_convoai_build, agt_stt_build };
	static const char *const names[] = { "with_rtm2", "ConvoAI", "STT" };
	size_t i;

	rtm2_params(&r, AGT_ROLE_PUBLISHER);
	is_int(AGT_OK, agt_rtc_build_with_rtm2(&r, out, sizeof out, &outlen), "with rtm2");
	ok(same_signed_content(PUB7_NODE_RTC_RTM, out),
	    "build_token_with_rtm2 content matches AccessToken2Test.js");

	for (i = 0; i < 3; i++) {
		rtm2_params(&r, AGT_ROLE_PUBLISHER);
		r.token_expire = 900;
		r.join_expire = 601;
		r.pub_audio_expire = 602;
		r.pub_video_expire = 603;
		r.pub_data_expire = 604;
		r.rtm_token_expire = 605;
		is_int(AGT_OK, fns[i](&r, out, sizeof out, &outlen), "%s publisher", names[i]);
		if (load() && v.nservices == (i == 0 ? 2U : 3U)) {
			is_int(900, v.expire, "%s: token expire = rtc token_expire", names[i]);
			expect_privs(&v.services[0], names[i], 4, ids4, each);
			ok(v.services[1].type == AGT_SERVICE_RTM &&
			    str_is(v.services[1].user_id, "test_user"), "%s: RTM user", names[i]);
			expect_privs(&v.services[1], "RTM login = rtm_token_expire", 1, id1, l);
			if (i > 0) {
				is_int(i == 1 ? AGT_SERVICE_CONVOAI : AGT_SERVICE_STT,
				    v.services[2].type, "%s service type", names[i]);
				is_int(0, (long long)v.services[2].nprivs,
				    "%s service has no privileges", names[i]);
			}
		} else {
			ok(0, "%s token loads", names[i]);
		}
		r.role = AGT_ROLE_SUBSCRIBER;
		is_int(AGT_OK, fns[i](&r, out, sizeof out, &outlen), "%s subscriber", names[i]);
		if (load() && v.nservices >= 1)
			expect_privs(&v.services[0], "subscriber: join only", 1, id1, j);
		else
			ok(0, "%s subscriber loads", names[i]);
	}
}

static void test_rtm(void)
{
	struct agt_rtm_params m;
	const struct agt_str chans[] = { S("c1"), S("c2") };
	const struct agt_rtm2_perm perms[] = {
		{ AGT_RTM2_USERS, AGT_RTM2_WRITE, chans, 1, 0 },
		{ AGT_RTM2_MESSAGE_CHANNELS, AGT_RTM2_READ, chans, 2, 0 },
	};
	const uint16_t id1[] = { 1 };
	const uint32_t e[] = { 900 };

	agt_rtm_params_init(&m);
	m.app_id = S(T_APP_ID);
	m.app_certificate = S(T_CERT);
	m.user_id = S(T_UID_STR);
	m.expire = T_EXPIRE;
	m.pin = T_PIN;
	is_int(AGT_OK, agt_rtm_build(&m, out, sizeof out, &outlen), "RTM");
	is_str(PUB7_RTM_UIDSTR, out, "RtmTokenBuilder2.build_token matches the C++ suite's RTM token");
	m.user_id = S("test_user");
	is_int(AGT_OK, agt_rtm_build(&m, out, sizeof out, &outlen), "RTM test_user");
	ok(same_signed_content(PUB7_GO_RTM, out), "matches the Go suite's RTM content");

	m.expire = 900;
	m.perms = perms;
	m.nperms = 2;
	is_int(AGT_OK, agt_rtm_build_with_permissions(&m, out, sizeof out, &outlen),
	    "RTM with permissions");
	if (load() && v.nservices == 1) {
		const struct agt_service *s = &v.services[0];

		is_int(AGT_SERVICE_RTM2, s->type, "RTM2 service");
		is_int(900, v.expire, "token expire");
		expect_privs(s, "RTM2 login = expire", 1, id1, e);
		ok(str_is(s->user_id, "test_user"), "RTM2 user");
		ok(s->nperms == 2 && s->perms[0].resource_type == AGT_RTM2_MESSAGE_CHANNELS &&
		    s->perms[0].nresources == 2 && str_is(s->perms[0].resources[1], "c2") &&
		    s->perms[1].resource_type == AGT_RTM2_USERS &&
		    s->perms[1].permission_type == AGT_RTM2_WRITE &&
		    s->perms[1].nresources == 1, "permissions sorted by resource type");
	} else {
		ok(0, "RTM2 token loads");
	}
	m.nperms = 0;
	m.perms = NULL;
	is_int(AGT_OK, agt_rtm_build_with_permissions(&m, out, sizeof out, &outlen),
	    "RTM2 without permissions");
	ok(load() && v.nservices == 1 && v.services[0].nperms == 0, "empty permission list");
}

static void test_chat_fpa(void)
{
	struct agt_chat_params c;
	struct agt_fpa_params f;
	const uint16_t id1[] = { 1 };
	const uint32_t zero[] = { 0 };

	agt_chat_params_init(&c);
	c.app_id = S(T_APP_ID);
	c.app_certificate = S(T_CERT);
	c.user_id = S(T_UID_STR);
	c.expire = T_EXPIRE;
	c.pin = T_PIN;
	is_int(AGT_OK, agt_chat_build_user(&c, out, sizeof out, &outlen), "chat user");
	is_str(PUB7_CHAT_USER, out, "ChatTokenBuilder2.build_user_token matches");
	is_int(AGT_OK, agt_chat_build_app(&c, out, sizeof out, &outlen), "chat app");
	is_str(PUB7_CHAT_APP, out, "build_app_token matches (user id ignored)");

	agt_fpa_params_init(&f);
	f.app_id = S(T_APP_ID);
	f.app_certificate = S(T_CERT);
	f.pin = T_PIN;
	is_int(AGT_OK, agt_fpa_build(&f, out, sizeof out, &outlen), "FPA");
	if (load() && v.nservices == 1) {
		is_int(86400, v.expire, "FPA expire is 24 h");
		is_int(AGT_SERVICE_FPA, v.services[0].type, "FPA service");
		expect_privs(&v.services[0], "FPA login = 0", 1, id1, zero);
	} else {
		ok(0, "FPA token loads");
	}
}

static void test_apaas(void)
{
	struct agt_apaas_params a;
	enum agt_err (*const room[])(const struct agt_apaas_params *, char *, size_t,
	    size_t *) = { agt_apaas_build_room_user, agt_education_build_room_user };
	enum agt_err (*const user[])(const struct agt_apaas_params *, char *, size_t,
	    size_t *) = { agt_apaas_build_user, agt_education_build_user };
	enum agt_err (*const app[])(const struct agt_apaas_params *, char *, size_t,
	    size_t *) = { agt_apaas_build_app, agt_education_build_app };
	int i;

	for (i = 0; i < 2; i++) {
		const char *who = i == 0 ? "Apaas" : "Education";

		agt_apaas_params_init(&a);
		a.app_id = S(T_APP_ID);
		a.app_certificate = S(T_CERT);
		a.room_uuid = S("123");
		a.user_uuid = S(T_UID_STR);
		a.role = 1;
		a.expire = T_EXPIRE;
		a.pin = T_PIN;
		is_int(AGT_OK, room[i](&a, out, sizeof out, &outlen), "%s room user", who);
		is_str(PUB7_APAAS_ROOM_USER, out, "%s room user matches", who);
		is_int(AGT_OK, user[i](&a, out, sizeof out, &outlen), "%s user", who);
		is_str(PUB7_APAAS_USER, out, "%s user matches (room and role ignored)", who);
		is_int(AGT_OK, app[i](&a, out, sizeof out, &outlen), "%s app", who);
		is_str(PUB7_APAAS_APP, out, "%s app matches", who);
	}
}

static void test_bad_params(void)
{
	struct agt_rtc_params r;
	struct agt_chat_params c;

	rtc(&r, AGT_ROLE_PUBLISHER);
	r.size = sizeof r - 1;
	is_int(AGT_EINVAL, agt_rtc_build(&r, out, sizeof out, &outlen), "short rtc params");
	is_int(AGT_EINVAL, agt_rtc_build006(&r, out, sizeof out, &outlen), "short rtc params (006)");
	rtc(&r, AGT_ROLE_PUBLISHER);
	r.app_certificate = S("5CFd2fd1755d40ecb72977518be15d3");
	is_int(AGT_ECERT, agt_rtc_build(&r, out, sizeof out, &outlen), "short certificate");
	rtc(&r, AGT_ROLE_PUBLISHER);
	is_int(AGT_ERANGE, agt_rtc_build(&r, NULL, 0, &outlen), "size query through a builder");
	ok(outlen > 100 && outlen < AGT_TOKEN_MAX, "size is plausible (%zu)", outlen);
	rtc(&r, AGT_ROLE_PUBLISHER);
	r.account = (struct agt_str){ NULL, 5 };
	is_int(AGT_EINVAL, agt_rtc_build(&r, out, sizeof out, &outlen), "NULL account with a length");
	agt_chat_params_init(&c);
	c.app_id = S(T_APP_ID);
	is_int(AGT_ECERT, agt_chat_build_user(&c, out, sizeof out, &outlen), "missing certificate");
}

int main(void)
{
	plan_lazy();
	test_rtc_published();
	test_rtc_structure();
	test_rtm2_family();
	test_rtm();
	test_chat_fpa();
	test_apaas();
	test_bad_params();
	agt_token_free(tok);
	agt_thread_cleanup();
	return 0;
}
