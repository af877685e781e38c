/* SPDX-License-Identifier: MIT */
/*
 * floor-t - defends the floor `agora-token bench` compares tokens with
 * (src/lib/floor.h): it must do the very work of the token it was made
 * from, or the ratio it prints means nothing.  For unpinned tokens of
 * every kind of builder (006 RTC, RTM and raw; 007 RTC, RTM, chat, FPA,
 * APaaS and five services), one floor run must produce the token's own
 * signature and, for 007, the token's own compressed bytes, and those
 * bytes must inflate (zlib) to what the floor compressed.  A floor given a
 * wrong certificate, or for 006 a wrong channel or uid, must not match:
 * agt_floor_matches() can tell.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "floor.h"
#include "tap/tap.h"
#include "unit/testutil.h"

#define ROUNDS 200

/* The token's compressed bytes (the floor's z) inflate to its content. */
static int inflates_to_content(const struct agt_floor *f)
{
	unsigned char out[4096];
	uLongf n = sizeof out;

	return uncompress(out, &n, f->z, (uLong)f->zlen) == Z_OK &&
	    n == f->len && memcmp(out, f->content, n) == 0;
}

/* Builds ROUNDS tokens with build and holds a floor of each to them. */
static void check(const char *what, enum agt_err (*build)(char *, size_t,
    size_t *), struct agt_str channel, struct agt_str uid)
{
	int made = 0, matched = 0, inflated = 0, version = 0;

	for (int i = 0; i < ROUNDS; i++) {
		char tok[AGT_TOKEN_MAX];
		size_t len;
		struct agt_floor f;

		if (build(tok, sizeof tok, &len) != AGT_OK)
			continue;
		made++;
		if (agt_floor_init(&f, tok, len, S(T_CERT), channel, uid) !=
		    AGT_OK)
			continue;
		version = f.version;
		if (agt_floor_run(&f) == AGT_OK && agt_floor_matches(&f))
			matched++;
		if (f.version == 6 || inflates_to_content(&f))
			inflated++;
		agt_floor_free(&f);
	}
	is_int(ROUNDS, made, "%s: %d tokens built", what, ROUNDS);
	is_int(ROUNDS, matched, "%s: each floor makes its token's signature%s",
	    what, version == 7 ? " and compressed bytes" : "");
	if (version == 7)
		is_int(ROUNDS, inflated, "%s: those bytes inflate to the "
		    "floor's content", what);
}

static struct agt_rtc_params rtc;
static struct agt_rtm_params rtm;
static struct agt_chat_params chat;
static struct agt_fpa_params fpa;
static struct agt_apaas_params apaas;
static struct agt_token006_params raw6;
static struct agt_token007_params raw7;

static enum agt_err b_rtc006(char *o, size_t c, size_t *n)
{
	return agt_rtc_build006(&rtc, o, c, n);
}

static enum agt_err b_rtm006(char *o, size_t c, size_t *n)
{
	return agt_rtm_build006(&rtm, o, c, n);
}

static enum agt_err b_raw006(char *o, size_t c, size_t *n)
{
	return agt_build006(&raw6, o, c, n);
}

static enum agt_err b_rtc007(char *o, size_t c, size_t *n)
{
	return agt_rtc_build_with_rtm2(&rtc, o, c, n);
}

static enum agt_err b_rtm007(char *o, size_t c, size_t *n)
{
	return agt_rtm_build(&rtm, o, c, n);
}

static enum agt_err b_chat(char *o, size_t c, size_t *n)
{
	return agt_chat_build_user(&chat, o, c, n);
}

static enum agt_err b_fpa(char *o, size_t c, size_t *n)
{
	return agt_fpa_build(&fpa, o, c, n);
}

static enum agt_err b_apaas(char *o, size_t c, size_t *n)
{
	return agt_apaas_build_app(&apaas, o, c, n);
}

static enum agt_err b_raw007(char *o, size_t c, size_t *n)
{
	return agt_build007(&raw7, o, c, n);
}

/* A floor that cannot make the token's signature says so. */
static void mismatches(void)
{
	char tok[AGT_TOKEN_MAX];
	size_t len;
	struct agt_floor f;

	if (agt_rtc_build(&rtc, tok, sizeof tok, &len) != AGT_OK ||
	    agt_floor_init(&f, tok, len, S("0123456789abcdef0123456789abcdef"),
	    S(""), S("")) != AGT_OK)
		bail("007 floor setup failed");
	ok(agt_floor_run(&f) == AGT_OK && !agt_floor_matches(&f),
	    "007: a floor with another certificate does not match");
	agt_floor_free(&f);

	if (agt_rtc_build006(&rtc, tok, sizeof tok, &len) != AGT_OK)
		bail("006 build failed");
	if (agt_floor_init(&f, tok, len, S(T_CERT), S("other"),
	    S(T_UID_STR)) != AGT_OK)
		bail("006 floor setup failed");
	ok(agt_floor_run(&f) == AGT_OK && !agt_floor_matches(&f),
	    "006: a floor signing another channel does not match");
	agt_floor_free(&f);
	if (agt_floor_init(&f, tok, len, S(T_CERT), S(T_CHANNEL),
	    S("1")) != AGT_OK)
		bail("006 floor setup failed");
	ok(agt_floor_run(&f) == AGT_OK && !agt_floor_matches(&f),
	    "006: a floor signing another uid does not match");
	agt_floor_free(&f);
}

int main(void)
{
	static const struct agt_priv privs6[] = {
		{ AGT_PRIV_JOIN_CHANNEL, 1446455471U },
		{ AGT_PRIV_PUBLISH_AUDIO, 1446455471U },
		{ AGT_PRIV_PUBLISH_VIDEO, 1446455471U },
		{ AGT_PRIV_PUBLISH_DATA, 1446455471U },
	};
	struct agt_service svc[5];

	plan_lazy();
	agt_rtc_params_init(&rtc);
	rtc.app_id = S(T_APP_ID);
	rtc.app_certificate = S(T_CERT);
	rtc.channel = S(T_CHANNEL);
	rtc.uid = T_UID;
	rtc.role = AGT_ROLE_PUBLISHER;
	rtc.token_expire = 3600;
	rtc.privilege_expire = 3600;
	rtc.rtm_token_expire = 3600;
	rtc.rtm_user_id = S("rtm-user");
	agt_rtm_params_init(&rtm);
	rtm.app_id = S(T_APP_ID);
	rtm.app_certificate = S(T_CERT);
	rtm.user_id = S("test_user");
	rtm.expire = 3600;
	agt_chat_params_init(&chat);
	chat.app_id = S(T_APP_ID);
	chat.app_certificate = S(T_CERT);
	chat.user_id = S("2882341273");
	chat.expire = 600;
	agt_fpa_params_init(&fpa);
	fpa.app_id = S(T_APP_ID);
	fpa.app_certificate = S(T_CERT);
	agt_apaas_params_init(&apaas);
	apaas.app_id = S(T_APP_ID);
	apaas.app_certificate = S(T_CERT);
	apaas.expire = 600;
	agt_token006_params_init(&raw6);
	raw6.app_id = S(T_APP_ID);
	raw6.app_certificate = S(T_CERT);
	raw6.channel = S(T_CHANNEL);
	raw6.uid = S(T_UID_STR);
	raw6.privs = privs6;
	raw6.nprivs = 4;
	memset(svc, 0, sizeof svc);
	agt_token007_params_init(&raw7);
	raw7.app_id = S(T_APP_ID);
	raw7.app_certificate = S(T_CERT);
	raw7.expire = 600;
	for (int i = 0; i < 5; i++) {
		svc[i].type = (uint16_t)(i == 4 ? AGT_SERVICE_CHAT : i + 1);
		svc[i].channel = S(T_CHANNEL);
		svc[i].account = S(T_UID_STR);
		svc[i].user_id = S("test_user");
	}
	raw7.services = svc;
	raw7.nservices = 5;

	check("006 RTC", b_rtc006, S(T_CHANNEL), S(T_UID_STR));
	check("006 RTM", b_rtm006, S("test_user"), S(""));
	check("006 raw, 4 privileges", b_raw006, S(T_CHANNEL), S(T_UID_STR));
	check("007 RTC with RTM2", b_rtc007, S(""), S(""));
	check("007 RTM", b_rtm007, S(""), S(""));
	check("007 chat user", b_chat, S(""), S(""));
	check("007 FPA", b_fpa, S(""), S(""));
	check("007 APaaS app", b_apaas, S(""), S(""));
	check("007 five services", b_raw007, S(""), S(""));
	mismatches();
	agt_thread_cleanup();
	return 0;
}
