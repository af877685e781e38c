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
#include <string.h>

#include <cjson/cJSON.h>

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

static void add_str(cJSON *o, const char *key, struct agt_str s)
{
	rsp_json_add_bytes(o, key, s);
}

/* Builds and answers: the token and its facts first, then the request's
 * identifying fields from extra (consumed). */
static int answer(const struct rsp_build *b, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, cJSON *extra,
    struct rsp_fail *f)
{
	struct rsp_token t;
	cJSON *o;

	if (extra == NULL)
		return rsp_fail(f, "internal_error", "out of memory");
	if (rsp_build_token(b, r, cfg, &t, f) != 0) {
		cJSON_Delete(extra);
		return -1;
	}
	o = cJSON_CreateObject();
	if (o == NULL) {
		agt_memzero(&t, sizeof t);
		cJSON_Delete(extra);
		return rsp_fail(f, "internal_error", "out of memory");
	}
	cJSON_AddStringToObject(o, "token", t.text);
	cJSON_AddStringToObject(o, "format", b->format == 6 ? "006" : "007");
	cJSON_AddStringToObject(o, "app", b->app->name);
	cJSON_AddStringToObject(o, "app_id", b->app->app_id);
	rsp_json_add_u32(o, "issued_at", t.issued_at);
	rsp_json_add_u32(o, "expires_at", t.expires_at);
	rsp_json_add_u32(o, "expire", t.expires_at - t.issued_at);
	agt_memzero(&t, sizeof t);
	while (extra->child != NULL) {
		cJSON *it = cJSON_DetachItemViaPointer(extra, extra->child);
		/* it keeps its key; appending it keeps the member. */
		cJSON_AddItemToArray(o, it);
	}
	cJSON_Delete(extra);
	if (rsp_response_json(res, 200, o) != 0)
		return rsp_fail(f, "internal_error", "out of memory");
	return 0;
}

int rsp_h_rtc(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b;
	cJSON *o;

	if (setup(rt, r, cfg, &v, &b, RSP_K_RTC, f) != 0)
		return -1;
	if (v.v[FLD_UID].present && v.v[FLD_ACCOUNT].present)
		return rsp_fail(f, "conflicting_parameters",
		    "give either uid or account, not both");
	if (!v.v[FLD_UID].present && !v.v[FLD_ACCOUNT].present)
		return rsp_fail(f, "missing_parameter",
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
	o = cJSON_CreateObject();
	if (o != NULL) {
		add_str(o, "channel", b.channel);
		if (b.has_account)
			add_str(o, "account", b.account);
		else
			rsp_json_add_u32(o, "uid", b.uid);
		cJSON_AddStringToObject(o, "role",
		    b.role == AGT_ROLE_PUBLISHER ? "publisher" : "subscriber");
		if (b.rtm_user.p != NULL)
			add_str(o, "rtm_user", b.rtm_user);
		if (b.per_privilege) {
			cJSON *pe = cJSON_AddObjectToObject(o, "privilege_expire");
			if (pe != NULL) {
				rsp_json_add_u32(pe, "join",
				    rsp_privilege_expire(&b, b.join_expire));
				if (b.role == AGT_ROLE_PUBLISHER) {
					rsp_json_add_u32(pe, "audio",
					    rsp_privilege_expire(&b, b.audio_expire));
					rsp_json_add_u32(pe, "video",
					    rsp_privilege_expire(&b, b.video_expire));
					rsp_json_add_u32(pe, "data",
					    rsp_privilege_expire(&b, b.data_expire));
				}
			}
		}
	}
	return answer(&b, r, cfg, res, o, f);
}

int rsp_h_rtm(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b;
	cJSON *o;

	if (setup(rt, r, cfg, &v, &b, RSP_K_RTM, f) != 0)
		return -1;
	b.user = v.v[FLD_USER].s;
	o = cJSON_CreateObject();
	if (o != NULL)
		add_str(o, "user", b.user);
	return answer(&b, r, cfg, res, o, f);
}

int rsp_h_chat(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b;
	cJSON *o;
	int app_level;

	if (setup(rt, r, cfg, &v, &b, RSP_K_CHAT_USER, f) != 0)
		return -1;
	app_level = v.v[FLD_CHAT_TYPE].present && v.v[FLD_CHAT_TYPE].i == 1;
	if (app_level && v.v[FLD_USER].present)
		return rsp_fail(f, "conflicting_parameters",
		    "an app-level chat token (type=app) has no user");
	if (!app_level && !v.v[FLD_USER].present)
		return rsp_fail(f, "missing_parameter",
		    "user is required (or type=app for an app-level token)");
	o = cJSON_CreateObject();
	if (app_level) {
		b.kind = RSP_K_CHAT_APP;
		if (o != NULL)
			cJSON_AddStringToObject(o, "type", "app");
	} else {
		b.user = v.v[FLD_USER].s;
		if (o != NULL) {
			cJSON_AddStringToObject(o, "type", "user");
			add_str(o, "user", b.user);
		}
	}
	return answer(&b, r, cfg, res, o, f);
}

int rsp_h_fpa(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b;

	if (setup(rt, r, cfg, &v, &b, RSP_K_FPA, f) != 0)
		return -1;
	return answer(&b, r, cfg, res, cJSON_CreateObject(), f);
}

int rsp_h_apaas(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b;
	cJSON *o;
	int room = 0, user = 0, role = 0;

	if (setup(rt, r, cfg, &v, &b, RSP_K_APAAS_APP, f) != 0)
		return -1;
	room = v.v[FLD_ROOM].present;
	user = v.v[FLD_USER].present;
	role = v.v[FLD_APAAS_ROLE].present;
	if (room && !user)
		return rsp_fail(f, "missing_parameter",
		    "user is required with room");
	if (room && !role)
		return rsp_fail(f, "missing_parameter",
		    "role is required with room");
	if (role && !room)
		return rsp_fail(f, "conflicting_parameters",
		    "role belongs to a room: give room and user too");
	o = cJSON_CreateObject();
	if (room) {
		b.kind = RSP_K_APAAS_ROOM_USER;
		b.room = v.v[FLD_ROOM].s;
		b.user = v.v[FLD_USER].s;
		b.apaas_role = (int16_t)v.v[FLD_APAAS_ROLE].i;
	} else if (user) {
		b.kind = RSP_K_APAAS_USER;
		b.user = v.v[FLD_USER].s;
	}
	if (o != NULL) {
		cJSON_AddStringToObject(o, "type", room ? "room_user" :
		    user ? "user" : "app");
		if (room) {
			add_str(o, "room", b.room);
			cJSON_AddNumberToObject(o, "role", b.apaas_role);
		}
		if (user)
			add_str(o, "user", b.user);
	}
	return answer(&b, r, cfg, res, o, f);
}

int rsp_h_healthz(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	(void)rt; (void)r; (void)cfg;
	/* A broken configuration never gets here: it is a 500 for every
	 * route, this one included. */
	if (rsp_response_json_pair(res, 200, "status", "ok") != 0)
		return rsp_fail(f, "internal_error", "out of memory");
	return 0;
}
