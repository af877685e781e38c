/* SPDX-License-Identifier: MIT */
/*
 * handlers_native.c - the native API: /v1/rtc, /v1/rtm, /v1/chat, /v1/fpa,
 * /v1/apaas and /healthz.
 *
 * Each handler receives parameters already checked by the rules table
 * (validate.c), settles how they combine (uid or account, user or app
 * level, which builder), hands a struct rsp_build to build.c and answers
 * 200 {"token", "format", "app", "app_id", "issued_at", "expires_at",
 * "expire", + the request's identifying fields}.
 */
#include "config.h"

#include <string.h>

#include "responder.h"

static int setup(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_values *v, struct rsp_build *b,
    enum rsp_kind kind, struct rsp_fail *f)
{
	if (rsp_validate(r, rt->params, (rt->flags & RSP_R_STRICT) != 0, cfg, v,
	    f) != 0)
		return -1;
	rsp_build_init(b, cfg);
	b->kind = kind;
	if (v->v[FLD_APP].present)
		b->app = v->v[FLD_APP].app;
	if (v->v[FLD_FORMAT].present)
		b->format = (int)v->v[FLD_FORMAT].u;
	if (v->v[FLD_EXPIRE].present)
		b->expire = v->v[FLD_EXPIRE].u;
	return 0;
}

/* The request's identifying fields, after the token's facts; what they
 * are follows from the kind of token. */
static void identity_fields(struct jw *j, const struct rsp_build *b)
{
	switch (b->kind) {
	case RSP_K_RTC:
		jw_bytes(j, "channel", b->channel);
		if (b->has_account)
			jw_bytes(j, "account", b->account);
		else
			jw_int(j, "uid", b->uid);
		jw_cstr(j, "role", b->role == AGT_ROLE_PUBLISHER ?
		    "publisher" : "subscriber");
		if (b->rtm_user.p != NULL)
			jw_bytes(j, "rtm_user", b->rtm_user);
		if (b->per_privilege) {
			jw_obj_begin(j, "privilege_expire");
			jw_int(j, "join",
			    rsp_privilege_expire(b, b->join_expire));
			if (b->role == AGT_ROLE_PUBLISHER) {
				jw_int(j, "audio",
				    rsp_privilege_expire(b, b->audio_expire));
				jw_int(j, "video",
				    rsp_privilege_expire(b, b->video_expire));
				jw_int(j, "data",
				    rsp_privilege_expire(b, b->data_expire));
			}
			jw_obj_end(j);
		}
		break;
	case RSP_K_RTM:
		jw_bytes(j, "user", b->user);
		break;
	case RSP_K_CHAT_APP:
	case RSP_K_APAAS_APP:
		jw_cstr(j, "type", "app");
		break;
	case RSP_K_CHAT_USER:
	case RSP_K_APAAS_USER:
		jw_cstr(j, "type", "user");
		jw_bytes(j, "user", b->user);
		break;
	case RSP_K_APAAS_ROOM_USER:
		jw_cstr(j, "type", "room_user");
		jw_bytes(j, "room", b->room);
		jw_int(j, "role", b->apaas_role);
		jw_bytes(j, "user", b->user);
		break;
	case RSP_K_FPA:
	case RSP_K_RTM_STREAM:
	default:
		break;
	}
}

/* Builds and answers: the token and its facts first, then the request's
 * identifying fields.  The body is written directly (response.c), in the
 * member order and bytes cJSON printed it in before. */
static int answer(const struct rsp_build *b, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res,
    struct rsp_fail *f)
{
	struct rsp_token t;
	struct jw j;
	int rc;

	if (rsp_build_token(b, r, cfg, &t, f) != 0)
		return -1;
	rsp_json_start(&j, res);
	jw_str(&j, "token", t.text, t.len);
	jw_cstr(&j, "format", b->format == 6 ? "006" : "007");
	jw_cstr(&j, "app", b->app->name);
	jw_cstr(&j, "app_id", b->app->app_id);
	jw_int(&j, "issued_at", t.issued_at);
	jw_int(&j, "expires_at", t.expires_at);
	jw_int(&j, "expire", t.expires_at - t.issued_at);
	rsp_token_wipe(&t);
	identity_fields(&j, b);
	rc = rsp_json_finish(&j, res, 200);
	if (rc != 0)
		return rsp_fail(f, RSP_E_INTERNAL, "out of memory");
	return 0;
}

int rsp_h_rtc(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b;

	if (setup(rt, r, cfg, &v, &b, RSP_K_RTC, f) != 0)
		return -1;
	if (v.v[FLD_UID].present && v.v[FLD_ACCOUNT].present)
		return rsp_fail(f, RSP_E_CONFLICTING_PARAMETERS,
		    "give either uid or account, not both");
	if (!v.v[FLD_UID].present && !v.v[FLD_ACCOUNT].present)
		return rsp_fail(f, RSP_E_MISSING_PARAMETER,
		    "uid or account is required (uid 0 means any user)");
	b.channel = v.v[FLD_CHANNEL].s;
	if (v.v[FLD_ACCOUNT].present) {
		b.has_account = 1;
		b.account = v.v[FLD_ACCOUNT].s;
	} else {
		b.uid = v.v[FLD_UID].u;
	}
	if (v.v[FLD_ROLE].present)
		b.role = v.v[FLD_ROLE].i;
	if (v.v[FLD_JOIN_EXPIRE].present || v.v[FLD_AUDIO_EXPIRE].present ||
	    v.v[FLD_VIDEO_EXPIRE].present || v.v[FLD_DATA_EXPIRE].present) {
		b.per_privilege = 1;
		b.join_expire = v.v[FLD_JOIN_EXPIRE].u;
		b.audio_expire = v.v[FLD_AUDIO_EXPIRE].u;
		b.video_expire = v.v[FLD_VIDEO_EXPIRE].u;
		b.data_expire = v.v[FLD_DATA_EXPIRE].u;
	}
	if (v.v[FLD_RTM_USER].present)
		b.rtm_user = v.v[FLD_RTM_USER].s;
	return answer(&b, r, cfg, res, f);
}

int rsp_h_rtm(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b;

	if (setup(rt, r, cfg, &v, &b, RSP_K_RTM, f) != 0)
		return -1;
	b.user = v.v[FLD_USER].s;
	return answer(&b, r, cfg, res, f);
}

int rsp_h_chat(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b;
	int app_level;

	if (setup(rt, r, cfg, &v, &b, RSP_K_CHAT_USER, f) != 0)
		return -1;
	app_level = v.v[FLD_CHAT_TYPE].present && v.v[FLD_CHAT_TYPE].i == 1;
	if (app_level && v.v[FLD_USER].present)
		return rsp_fail(f, RSP_E_CONFLICTING_PARAMETERS,
		    "an app-level chat token (type=app) has no user");
	if (!app_level && !v.v[FLD_USER].present)
		return rsp_fail(f, RSP_E_MISSING_PARAMETER,
		    "user is required (or type=app for an app-level token)");
	if (app_level)
		b.kind = RSP_K_CHAT_APP;
	else
		b.user = v.v[FLD_USER].s;
	return answer(&b, r, cfg, res, f);
}

int rsp_h_fpa(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b;

	if (setup(rt, r, cfg, &v, &b, RSP_K_FPA, f) != 0)
		return -1;
	return answer(&b, r, cfg, res, f);
}

int rsp_h_apaas(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b;
	int room = 0, user = 0, role = 0;

	if (setup(rt, r, cfg, &v, &b, RSP_K_APAAS_APP, f) != 0)
		return -1;
	room = v.v[FLD_ROOM].present;
	user = v.v[FLD_USER].present;
	role = v.v[FLD_APAAS_ROLE].present;
	if (room && !user)
		return rsp_fail(f, RSP_E_MISSING_PARAMETER,
		    "user is required with room");
	if (room && !role)
		return rsp_fail(f, RSP_E_MISSING_PARAMETER,
		    "role is required with room");
	if (role && !room)
		return rsp_fail(f, RSP_E_CONFLICTING_PARAMETERS,
		    "role belongs to a room: give room and user too");
	if (room) {
		b.kind = RSP_K_APAAS_ROOM_USER;
		b.room = v.v[FLD_ROOM].s;
		b.user = v.v[FLD_USER].s;
		b.apaas_role = (int16_t)v.v[FLD_APAAS_ROLE].i;
	} else if (user) {
		b.kind = RSP_K_APAAS_USER;
		b.user = v.v[FLD_USER].s;
	}
	return answer(&b, r, cfg, res, f);
}

/* {"status": "ok"}.  With auth mode none, where anyone may ask for tokens
 * and every token answer names its app anyway, also the apps' names, so
 * the playground can show its demo-credential banner before the first
 * token; behind authentication this public route names nothing. */
int rsp_h_healthz(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct jw j;
	size_t i;

	(void)rt; (void)r;
	/* A broken configuration never gets here: it is a 500 for every
	 * route, this one included. */
	rsp_json_start(&j, res);
	jw_cstr(&j, "status", "ok");
	if (cfg->auth == RSP_AUTH_NONE) {
		jw_arr_begin(&j, "apps");
		for (i = 0; i < cfg->napps; i++)
			jw_cstr(&j, NULL, cfg->apps[i].name);
		jw_arr_end(&j);
	}
	if (rsp_json_finish(&j, res, 200) != 0)
		return rsp_fail(f, RSP_E_INTERNAL, "out of memory");
	return 0;
}
