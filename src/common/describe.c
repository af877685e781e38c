/* SPDX-License-Identifier: MIT */
/*
 * describe.c - a parsed token's fields as JSON members, the one
 * description that `agora-token decode` and /v1/inspect both give
 * (common.h lists the members).  It walks the library's view of the token
 * and names what the library names: services and privileges
 * (agt_service_name, agt_privilege_name) and, here, the RTM2 resource and
 * permission types.  What a program adds (a signature in hex, a verdict,
 * problems) is the program's.
 */
#include "config.h"

#include "common.h"

static const char *rtm2_resource_name(unsigned t)
{
	switch (t) {
	case AGT_RTM2_MESSAGE_CHANNELS: return "message_channels";
	case AGT_RTM2_STREAM_CHANNELS: return "stream_channels";
	case AGT_RTM2_GROUP_CHANNELS: return "group_channels";
	case AGT_RTM2_SERVER_GROUPS: return "server_groups";
	case AGT_RTM2_USERS: return "users";
	default: return "unknown";
	}
}

static const char *rtm2_permission_name(unsigned t)
{
	switch (t) {
	case AGT_RTM2_READ: return "read";
	case AGT_RTM2_WRITE: return "write";
	default: return "unknown";
	}
}

uint64_t desc_expires_at(const struct agt_token_view *v)
{
	return v->version == 7 ? (uint64_t)v->ts + v->expire : v->ts;
}

uint64_t desc_privilege_expires_at(const struct agt_token_view *v,
    const struct agt_priv *p)
{
	if (p->expire == 0)
		return 0;
	return v->version == 7 ? (uint64_t)v->ts + p->expire : p->expire;
}

static void privileges(struct jw *w, const struct agt_token_view *v,
    unsigned service, const struct agt_priv *p, size_t n)
{
	jw_arr_begin(w, "privileges");
	for (size_t i = 0; i < n; i++) {
		uint64_t at = desc_privilege_expires_at(v, &p[i]);

		jw_obj_begin(w, NULL);
		jw_uint(w, "id", p[i].id);
		jw_cstr(w, "name", agt_privilege_name(v->version, service,
		    p[i].id));
		if (v->version == 7)
			jw_uint(w, "expire", p[i].expire);
		if (at == 0)
			jw_null(w, "expires_at");
		else
			jw_time(w, "expires_at", at);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void permissions(struct jw *w, const struct agt_service *s)
{
	jw_arr_begin(w, "permissions");
	for (size_t i = 0; i < s->nperms; i++) {
		const struct agt_rtm2_perm *p = &s->perms[i];

		jw_obj_begin(w, NULL);
		jw_uint(w, "resource_type", p->resource_type);
		jw_cstr(w, "resource_type_name",
		    rtm2_resource_name(p->resource_type));
		jw_uint(w, "permission_type", p->permission_type);
		jw_cstr(w, "permission_type_name",
		    rtm2_permission_name(p->permission_type));
		jw_arr_begin(w, "resources");
		for (size_t k = 0; k < p->nresources; k++) {
			jw_obj_begin(w, NULL);
			jw_bytes(w, "resource", p->resources[k]);
			jw_obj_end(w);
		}
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void service(struct jw *w, const struct agt_token_view *v,
    const struct agt_service *s)
{
	jw_obj_begin(w, NULL);
	jw_uint(w, "type", s->type);
	jw_cstr(w, "name", agt_service_name(s->type));
	switch (s->type) {
	case AGT_SERVICE_RTC:
		jw_bytes(w, "channel", s->channel);
		jw_bytes(w, "uid", s->account);
		break;
	case AGT_SERVICE_STREAMING:
	case AGT_SERVICE_FCDN:
		jw_bytes(w, "channel", s->channel);
		jw_bytes(w, "account", s->account);
		break;
	case AGT_SERVICE_RTM:
	case AGT_SERVICE_CHAT:
		jw_bytes(w, "user_id", s->user_id);
		break;
	case AGT_SERVICE_APAAS:
		jw_bytes(w, "room_uuid", s->room_uuid);
		jw_bytes(w, "user_uuid", s->user_uuid);
		jw_int(w, "role", s->role);
		break;
	case AGT_SERVICE_RTM2:
		jw_bytes(w, "user_id", s->user_id);
		permissions(w, s);
		break;
	default:
		break;
	}
	privileges(w, v, s->type, s->privs, s->nprivs);
	jw_obj_end(w);
}

void desc_head(struct jw *w, const struct agt_token_view *v)
{
	jw_cstr(w, "version", v->version == 6 ? "006" : "007");
	jw_bytes(w, "app_id", v->app_id);
}

void desc_body(struct jw *w, const struct agt_token_view *v)
{
	jw_uint(w, "salt", v->salt);
	if (v->version == 6) {
		jw_null(w, "issued_at");
		jw_time(w, "expires_at", v->ts);
		jw_uint(w, "crc_channel", v->crc_channel);
		jw_uint(w, "crc_uid", v->crc_uid);
		privileges(w, v, 0, v->privs, v->nprivs);
		return;
	}
	jw_time(w, "issued_at", v->ts);
	jw_uint(w, "expire", v->expire);
	jw_time(w, "expires_at", desc_expires_at(v));
	jw_arr_begin(w, "services");
	for (size_t i = 0; i < v->nservices; i++)
		service(w, v, &v->services[i]);
	jw_arr_end(w);
	if (v->unknown_service) {
		jw_uint(w, "unknown_service_type", v->unknown_service_type);
		jw_uint(w, "declared_services", v->declared_services);
	}
}
