/* SPDX-License-Identifier: MIT */
/*
 * build.c - one validated token request -> libagoratoken.
 *
 * Handlers (native and compatible routes alike) describe the token they
 * want in a struct rsp_build; this file applies bind_identity, picks the
 * reference builder that makes exactly that token, pins issue_ts to the
 * request's clock (so the response can state issued_at and expires_at
 * exactly) and reports a library failure as a logged 500.  Which bytes go
 * where is the library's business, not ours.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "responder.h"

void rsp_build_init(struct rsp_build *b, const struct rsp_config *cfg)
{
	memset(b, 0, sizeof *b);
	b->app = cfg->napps ? &cfg->apps[0] : NULL;
	b->format = cfg->default_format;
	b->expire = cfg->default_expire;
	b->role = AGT_ROLE_PUBLISHER;
}

static struct agt_str s_of(const char *p)
{
	struct agt_str s;

	s.p = p;
	s.n = strlen(p);
	return s;
}

/* 007 tokens carry the request's clock as their issue time, so that the
 * answer's issued_at and expires_at are the token's own; the salt stays
 * random. */
static struct agt_pin issued_now(uint32_t now)
{
	struct agt_pin pin = { .flags = AGT_PIN_TS, .ts = now };

	return pin;
}

/* bind_identity: every user the token names must be the caller, and a
 * token that names nobody (uid 0, app-level) is not the caller's. */
static int check_identity(const struct rsp_build *b,
    const struct rsp_request *r, const struct rsp_config *cfg,
    struct rsp_fail *f)
{
	char uidbuf[11];

	if (!cfg->bind_identity)
		return 0;
	switch (b->kind) {
	case RSP_K_RTC:
		if (b->has_account) {
			if (rsp_auth_bind(r, cfg, "account", b->account, f) != 0)
				return -1;
		} else {
			struct agt_str u;
			if (b->uid == 0)
				return rsp_fail(f, RSP_E_IDENTITY_MISMATCH,
				    "this server only issues tokens for your own "
				    "identity: uid 0 (any user) is not allowed");
			u.p = uidbuf;
			u.n = agt_uid_string(b->uid, uidbuf);
			if (rsp_auth_bind(r, cfg, "uid", u, f) != 0)
				return -1;
		}
		if (b->rtm_user.p != NULL)
			return rsp_auth_bind(r, cfg, "rtm_user", b->rtm_user, f);
		return 0;
	case RSP_K_RTM:
	case RSP_K_RTM_STREAM:
	case RSP_K_CHAT_USER:
	case RSP_K_APAAS_ROOM_USER:
	case RSP_K_APAAS_USER:
		return rsp_auth_bind(r, cfg, "user", b->user, f);
	case RSP_K_CHAT_APP:
	case RSP_K_FPA:
	case RSP_K_APAAS_APP:
	default:
		return rsp_fail(f, RSP_E_IDENTITY_MISMATCH,
		    "this server only issues tokens for your own identity: "
		    "app-level tokens are not available");
	}
}

void rsp_token_wipe(struct rsp_token *t)
{
	size_t n = t->len < sizeof t->text ? t->len + 1 : sizeof t->text;

	agt_memzero(t->text, n);
	t->len = 0;
}

uint32_t rsp_privilege_expire(const struct rsp_build *b, uint32_t given)
{
	return given != 0 ? given : b->expire;
}

static void fill_rtc(struct agt_rtc_params *p, const struct rsp_build *b)
{
	agt_rtc_params_init(p);
	p->app_id = s_of(b->app->app_id);
	p->app_certificate = s_of(b->app->cert);
	p->channel = b->channel;
	p->uid = b->uid;
	if (b->has_account)
		p->account = b->account;
	p->role = b->role;
	p->token_expire = b->expire;
	p->privilege_expire = b->expire;
	p->join_expire = rsp_privilege_expire(b, b->join_expire);
	p->pub_audio_expire = rsp_privilege_expire(b, b->audio_expire);
	p->pub_video_expire = rsp_privilege_expire(b, b->video_expire);
	p->pub_data_expire = rsp_privilege_expire(b, b->data_expire);
}

static enum agt_err build_rtc(const struct rsp_build *b, uint32_t now,
    struct rsp_token *t)
{
	struct agt_rtc_params p;
	enum agt_err e;
	size_t cap = sizeof t->text;

	fill_rtc(&p, b);
	if (b->format == 6) {
		p.privilege_expire = now + b->expire;   /* absolute in 006 */
		e = agt_rtc_build006(&p, t->text, cap, &t->len);
	} else {
		p.pin = issued_now(now);
		if (b->rtm_user.p != NULL) {
			p.rtm_user_id = b->rtm_user;
			p.rtm_token_expire = b->expire;
			e = agt_rtc_build_with_rtm2(&p, t->text, cap, &t->len);
		} else if (b->per_privilege && b->role == AGT_ROLE_PUBLISHER) {
			e = agt_rtc_build_with_privileges(&p, t->text, cap,
			    &t->len);
		} else {
			/* A subscriber's only privilege is join. */
			p.privilege_expire = b->privilege_no_limit ? 0
			    : p.join_expire;
			e = agt_rtc_build(&p, t->text, cap, &t->len);
		}
	}
	agt_memzero(&p, sizeof p);
	return e;
}

/* The community service's RTM token with a stream channel: an RTC service
 * (join + publish data) for the channel next to the RTM login. */
static enum agt_err build_rtm_stream(const struct rsp_build *b, uint32_t now,
    struct rsp_token *t)
{
	struct agt_priv rtc_privs[2], rtm_priv[1];
	struct agt_service svc[2];
	struct agt_token007_params p;
	enum agt_err e;

	memset(svc, 0, sizeof svc);
	rtc_privs[0].id = AGT_PRIV_JOIN_CHANNEL;
	rtc_privs[0].expire = b->expire;
	rtc_privs[1].id = AGT_PRIV_PUBLISH_DATA;
	rtc_privs[1].expire = b->expire;
	rtm_priv[0].id = AGT_PRIV_RTM_LOGIN;
	rtm_priv[0].expire = b->expire;
	svc[0].type = AGT_SERVICE_RTC;
	svc[0].privs = rtc_privs;
	svc[0].nprivs = 2;
	svc[0].channel = b->channel;
	svc[0].account = b->user;
	svc[1].type = AGT_SERVICE_RTM;
	svc[1].privs = rtm_priv;
	svc[1].nprivs = 1;
	svc[1].user_id = b->user;
	agt_token007_params_init(&p);
	p.app_id = s_of(b->app->app_id);
	p.app_certificate = s_of(b->app->cert);
	p.expire = b->expire;
	p.services = svc;
	p.nservices = 2;
	p.pin = issued_now(now);
	e = agt_build007(&p, t->text, sizeof t->text, &t->len);
	agt_memzero(&p, sizeof p);
	return e;
}

static enum agt_err build_other(const struct rsp_build *b, uint32_t now,
    struct rsp_token *t)
{
	size_t cap = sizeof t->text;
	enum agt_err e;

	switch (b->kind) {
	case RSP_K_RTM: {
		struct agt_rtm_params p;
		agt_rtm_params_init(&p);
		p.app_id = s_of(b->app->app_id);
		p.app_certificate = s_of(b->app->cert);
		p.user_id = b->user;
		if (b->format == 6) {
			p.expire = now + b->expire;
			e = agt_rtm_build006(&p, t->text, cap, &t->len);
		} else {
			p.expire = b->expire;
			p.pin = issued_now(now);
			e = agt_rtm_build(&p, t->text, cap, &t->len);
		}
		agt_memzero(&p, sizeof p);
		return e;
	}
	case RSP_K_CHAT_USER:
	case RSP_K_CHAT_APP: {
		struct agt_chat_params p;
		agt_chat_params_init(&p);
		p.app_id = s_of(b->app->app_id);
		p.app_certificate = s_of(b->app->cert);
		p.user_id = b->user;
		p.expire = b->expire;
		p.pin = issued_now(now);
		e = b->kind == RSP_K_CHAT_USER
		    ? agt_chat_build_user(&p, t->text, cap, &t->len)
		    : agt_chat_build_app(&p, t->text, cap, &t->len);
		agt_memzero(&p, sizeof p);
		return e;
	}
	case RSP_K_FPA: {
		struct agt_fpa_params p;
		agt_fpa_params_init(&p);
		p.app_id = s_of(b->app->app_id);
		p.app_certificate = s_of(b->app->cert);
		p.pin = issued_now(now);
		e = agt_fpa_build(&p, t->text, cap, &t->len);
		agt_memzero(&p, sizeof p);
		return e;
	}
	case RSP_K_APAAS_ROOM_USER:
	case RSP_K_APAAS_USER:
	case RSP_K_APAAS_APP: {
		struct agt_apaas_params p;
		agt_apaas_params_init(&p);
		p.app_id = s_of(b->app->app_id);
		p.app_certificate = s_of(b->app->cert);
		p.room_uuid = b->room;
		p.user_uuid = b->user;
		p.role = b->apaas_role;
		p.expire = b->expire;
		p.pin = issued_now(now);
		if (b->kind == RSP_K_APAAS_ROOM_USER)
			e = agt_apaas_build_room_user(&p, t->text, cap, &t->len);
		else if (b->kind == RSP_K_APAAS_USER)
			e = agt_apaas_build_user(&p, t->text, cap, &t->len);
		else
			e = agt_apaas_build_app(&p, t->text, cap, &t->len);
		agt_memzero(&p, sizeof p);
		return e;
	}
	default:
		return AGT_EINVAL;
	}
}

int rsp_build_token(const struct rsp_build *b, const struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_token *t, struct rsp_fail *f)
{
	uint32_t now = (uint32_t)r->now;
	enum agt_err e;

	/* Not the whole 4 KiB text: the library's output is the text and a
	 * NUL, and rsp_token_wipe wipes exactly that. */
	t->len = 0;
	t->text[0] = '\0';
	t->issued_at = t->expires_at = 0;
	if (b->app == NULL)
		return rsp_fail(f, RSP_E_INTERNAL, "no app configured");
	if (b->format == 6 && b->kind != RSP_K_RTC && b->kind != RSP_K_RTM)
		return rsp_fail(f, RSP_E_INVALID_FORMAT,
		    "format 006 exists only for RTC and RTM tokens; use 007");
	if (b->format == 6 && (b->rtm_user.p != NULL || b->per_privilege))
		return rsp_fail(f, RSP_E_INVALID_FORMAT,
		    "format 006 has neither rtm_user nor per-privilege "
		    "expiries; use 007");
	if (b->kind == RSP_K_RTC && b->role != AGT_ROLE_PUBLISHER &&
	    (b->audio_expire || b->video_expire || b->data_expire))
		return rsp_fail(f, RSP_E_CONFLICTING_PARAMETERS,
		    "audio_expire, video_expire and data_expire are publish "
		    "privileges: they need role publisher");
	if (check_identity(b, r, cfg, f) != 0)
		return -1;
	if (b->kind == RSP_K_RTC)
		e = build_rtc(b, now, t);
	else if (b->kind == RSP_K_RTM_STREAM)
		e = build_rtm_stream(b, now, t);
	else
		e = build_other(b, now, t);
	if (e != AGT_OK) {
		rsp_log_req(r, RSP_LOG_ERROR, "building a token for app %s "
		    "failed: %s (%s)", b->app->name, agt_strerror(e),
		    agt_errname(e));
		memset(t, 0, sizeof *t);
		return rsp_fail(f, RSP_E_INTERNAL, "token build failed");
	}
	t->issued_at = now;
	t->expires_at = now + (b->kind == RSP_K_FPA ? 86400U : b->expire);
	return 0;
}
