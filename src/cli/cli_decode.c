/* SPDX-License-Identifier: MIT */
/*
 * cli_decode.c - "agora-token decode TOKEN|-": every field of a 006 or 007
 * token as pretty JSON, with service and privilege names and readable UTC
 * times.  Decoding needs no certificate and proves nothing about the
 * token's authenticity; "verify" does that.
 */
#include "config.h"

#include <string.h>

#include "cli.h"

static const char decode_help[] =
"usage: " CLI_NAME " decode TOKEN|-\n"
"\n"
"Prints every field of a 006 or 007 token as JSON: version, app id, salt,\n"
"times (raw and ISO 8601 UTC), services and privileges with names, RTM2\n"
"permissions and the signature in hex.  \"-\" reads the token from stdin.\n"
"Decoding does not check the signature: use '" CLI_NAME " verify'.\n"
"Strings that are not UTF-8 are also given in hex (\"<field>_hex\").\n";

static const char *rtm2_resource_name(unsigned t)
{
	switch (t) {
	case AGT_RTM2_MESSAGE_CHANNELS:
		return "message_channels";
	case AGT_RTM2_STREAM_CHANNELS:
		return "stream_channels";
	case AGT_RTM2_GROUP_CHANNELS:
		return "group_channels";
	case AGT_RTM2_SERVER_GROUPS:
		return "server_groups";
	case AGT_RTM2_USERS:
		return "users";
	default:
		return "unknown";
	}
}

static const char *rtm2_permission_name(unsigned t)
{
	switch (t) {
	case AGT_RTM2_READ:
		return "read";
	case AGT_RTM2_WRITE:
		return "write";
	default:
		return "unknown";
	}
}

static void write_time(struct jw *w, const char *key, uint64_t t)
{
	char buf[32];

	jw_cstr(w, key, iso8601_utc(t, buf));
}

/* base: 0 for 006 (absolute times), issue_ts for 007 (relative). */
static void write_privs(struct jw *w, int version, unsigned service,
    const struct agt_priv *privs, size_t n, uint64_t base)
{
	jw_arr_begin(w, "privileges");
	for (size_t i = 0; i < n; i++) {
		jw_obj_begin(w, NULL);
		jw_uint(w, "id", privs[i].id);
		jw_cstr(w, "name", agt_privilege_name(version, service, privs[i].id));
		jw_uint(w, "expire", privs[i].expire);
		/* 0: no limit of the privilege's own */
		if (privs[i].expire == 0)
			jw_null(w, "expires_at");
		else
			write_time(w, "expires_at", base + privs[i].expire);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void write_perms(struct jw *w, const struct agt_rtm2_perm *perms,
    size_t n)
{
	jw_arr_begin(w, "permissions");
	for (size_t i = 0; i < n; i++) {
		jw_obj_begin(w, NULL);
		jw_uint(w, "resource_type", perms[i].resource_type);
		jw_cstr(w, "resource_type_name",
		    rtm2_resource_name(perms[i].resource_type));
		jw_uint(w, "permission_type", perms[i].permission_type);
		jw_cstr(w, "permission_type_name",
		    rtm2_permission_name(perms[i].permission_type));
		int all_utf8 = 1;

		jw_arr_begin(w, "resources");
		for (size_t j = 0; j < perms[i].nresources; j++) {
			jw_bytes(w, NULL, perms[i].resources[j]);
			all_utf8 &= utf8_valid(perms[i].resources[j].p,
			    perms[i].resources[j].n);
		}
		jw_arr_end(w);
		if (!all_utf8) {
			jw_arr_begin(w, "resources_hex");
			for (size_t j = 0; j < perms[i].nresources; j++)
				jw_hex(w, NULL, perms[i].resources[j]);
			jw_arr_end(w);
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void write_service(struct jw *w, const struct agt_service *s,
    uint32_t issue_ts)
{
	jw_obj_begin(w, NULL);
	jw_uint(w, "type", s->type);
	jw_cstr(w, "name", agt_service_name(s->type));
	switch (s->type) {
	case AGT_SERVICE_RTC:
		jw_bytes(w, "channel", s->channel);
		jw_bytes(w, "uid", s->account);
		break;
	case AGT_SERVICE_RTM:
	case AGT_SERVICE_CHAT:
		jw_bytes(w, "user_id", s->user_id);
		break;
	case AGT_SERVICE_STREAMING:
	case AGT_SERVICE_FCDN:
		jw_bytes(w, "channel", s->channel);
		jw_bytes(w, "account", s->account);
		break;
	case AGT_SERVICE_APAAS:
		jw_bytes(w, "room_uuid", s->room_uuid);
		jw_bytes(w, "user_uuid", s->user_uuid);
		jw_int(w, "role", s->role);
		break;
	case AGT_SERVICE_RTM2:
		jw_bytes(w, "user_id", s->user_id);
		break;
	default:
		break;
	}
	write_privs(w, 7, s->type, s->privs, s->nprivs, issue_ts);
	if (s->type == AGT_SERVICE_RTM2)
		write_perms(w, s->perms, s->nperms);
	jw_obj_end(w);
}

static void write_view(FILE *f, const struct agt_token_view *v)
{
	struct jw w;

	cli_jw_init(&w);
	jw_obj_begin(&w, NULL);
	jw_cstr(&w, "version", v->version == 6 ? "006" : "007");
	jw_bytes(&w, "app_id", v->app_id);
	if (v->version == 6) {
		jw_uint(&w, "salt", v->salt);
		jw_uint(&w, "ts", v->ts);
		write_time(&w, "expires_at", v->ts);
		jw_uint(&w, "crc_channel", v->crc_channel);
		jw_uint(&w, "crc_uid", v->crc_uid);
		write_privs(&w, 6, 0, v->privs, v->nprivs, 0);
	} else {
		jw_uint(&w, "issue_ts", v->ts);
		write_time(&w, "issued_at", v->ts);
		jw_uint(&w, "expire", v->expire);
		write_time(&w, "expires_at", (uint64_t)v->ts + v->expire);
		jw_uint(&w, "salt", v->salt);
		jw_uint(&w, "declared_services", v->declared_services);
		jw_arr_begin(&w, "services");
		for (size_t i = 0; i < v->nservices; i++)
			write_service(&w, &v->services[i], v->ts);
		jw_arr_end(&w);
		if (v->unknown_service)
			jw_uint(&w, "unknown_service", v->unknown_service_type);
		else
			jw_null(&w, "unknown_service");
	}
	jw_hex(&w, "signature", (struct agt_str){ (const char *)v->signature,
	    AGT_SIGNATURE_BYTES });
	jw_obj_end(&w);
	jw_newline(&w);
	cli_jw_print(&w, f);
}

int cli_cmd_decode(int argc, char **argv)
{
	static const struct cli_opt opts[] = { { NULL, 0, 0, 0 } };
	struct cli_getopt g;
	struct agt_token *tok;
	struct agt_token_view v;
	int id;

	cli_getopt_init(&g, argc, argv, "decode", opts);
	g.help = decode_help;
	while ((id = cli_getopt_next(&g)) != CLI_OPT_END)
		continue;
	cli_need_one_token(&g);
	tok = cli_token_open(g.pos[0], &v);
	cli_getopt_free(&g);
	write_view(stdout, &v);
	agt_token_free(tok);
	return CLI_EXIT_OK;
}
