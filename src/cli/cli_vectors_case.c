/* SPDX-License-Identifier: MIT */
/*
 * cli_vectors_case.c - one builder case of a vector file, from its line to
 * its arguments: the table of the reference's builders with their
 * parameter names in positional order, the case's life (open, name, free),
 * its two kinds of complaint (an argument the reference would refuse, a
 * line that is not a well-formed case), and reading "builder", "args" and
 * the pins of salt and timestamp into the case.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli_vectors.h"

#define RTC2_PRIV_ARGS "token_expire", "join_channel_privilege_expire", \
	"pub_audio_privilege_expire", "pub_video_privilege_expire", \
	"pub_data_stream_privilege_expire"
#define NPM_RTC_ARGS "appId", "appCertificate", "channelName", "rtcAccount", \
	"rtcRole", "rtcTokenExpire", "joinChannelPrivilegeExpire", \
	"pubAudioPrivilegeExpire", "pubVideoPrivilegeExpire", \
	"pubDataStreamPrivilegeExpire", "rtmUserId", "rtmTokenExpire"

/* ApaasTokenBuilder and EducationTokenBuilder: the same three builders
 * (room user, user, app) under two class names. */
#define APAAS_BUILDERS(cls, room, user, app) \
	{ cls ".build_room_user_token", room, 7, 6, \
	  { "app_id", "app_certificate", "room_uuid", "user_uuid", "role", \
	    "expire" } }, \
	{ cls ".build_user_token", user, 7, 4, \
	  { "app_id", "app_certificate", "user_uuid", "expire" } }, \
	{ cls ".build_app_token", app, 7, 3, \
	  { "app_id", "app_certificate", "expire" } }

static const struct bspec builders[] = {
	{ "RtcTokenBuilder.buildTokenWithUid", B_RTC006_UID, 6, 6,
	  { "appId", "appCertificate", "channelName", "uid", "role",
	    "privilegeExpiredTs" } },
	{ "RtcTokenBuilder.buildTokenWithAccount", B_RTC006_ACCOUNT, 6, 6,
	  { "appId", "appCertificate", "channelName", "account", "role",
	    "privilegeExpiredTs" } },
	{ "RtmTokenBuilder.buildToken", B_RTM006, 6, 5,
	  { "appId", "appCertificate", "userAccount", "role",
	    "privilegeExpiredTs" } },
	{ "AccessToken.build", B_RAW006, 6, 0,
	  { "appID", "appCertificate", "channelName", "uid", "privileges" } },
	{ "RtcTokenBuilder2.build_token_with_uid", B_RTC_UID, 7, 6,
	  { "app_id", "app_certificate", "channel_name", "uid", "role",
	    "token_expire", "privilege_expire" } },
	{ "RtcTokenBuilder2.build_token_with_user_account", B_RTC_ACCOUNT, 7, 6,
	  { "app_id", "app_certificate", "channel_name", "account", "role",
	    "token_expire", "privilege_expire" } },
	{ "RtcTokenBuilder2.build_token_with_uid_and_privilege", B_RTC_UID_PRIV, 7, 9,
	  { "app_id", "app_certificate", "channel_name", "uid", RTC2_PRIV_ARGS } },
	{ "RtcTokenBuilder2.build_token_with_user_account_and_privilege",
	  B_RTC_ACCOUNT_PRIV, 7, 9,
	  { "app_id", "app_certificate", "channel_name", "account", RTC2_PRIV_ARGS } },
	{ "RtcTokenBuilder2.build_token_with_rtm", B_RTC_RTM, 7, 6,
	  { "app_id", "app_certificate", "channel_name", "account", "role",
	    "token_expire", "privilege_expire" } },
	{ "RtcTokenBuilder2.build_token_with_rtm2", B_RTC_RTM2, 7, 12,
	  { "app_id", "app_certificate", "channel_name", "rtc_account", "rtc_role",
	    "rtc_token_expire", "join_channel_privilege_expire",
	    "pub_audio_privilege_expire", "pub_video_privilege_expire",
	    "pub_data_stream_privilege_expire", "rtm_user_id", "rtm_token_expire" } },
	{ "ConvoAITokenBuilder.buildToken", B_CONVOAI, 7, 12, { NPM_RTC_ARGS } },
	{ "SttTokenBuilder.buildToken", B_STT, 7, 12, { NPM_RTC_ARGS } },
	{ "RtmTokenBuilder2.build_token", B_RTM, 7, 4,
	  { "app_id", "app_certificate", "user_id", "expire" } },
	{ "RtmTokenBuilder2.build_token_with_permissions", B_RTM_PERMS, 7, 4,
	  { "app_id", "app_certificate", "user_id", "permissions", "expire" } },
	{ "ChatTokenBuilder2.build_user_token", B_CHAT_USER, 7, 4,
	  { "app_id", "app_certificate", "user_id", "expire" } },
	{ "ChatTokenBuilder2.build_app_token", B_CHAT_APP, 7, 3,
	  { "app_id", "app_certificate", "expire" } },
	{ "FpaTokenBuilder.build_token", B_FPA, 7, 2,
	  { "app_id", "app_certificate" } },
	APAAS_BUILDERS("ApaasTokenBuilder", B_APAAS_ROOM, B_APAAS_USER,
	    B_APAAS_APP),
	APAAS_BUILDERS("EducationTokenBuilder", B_EDU_ROOM, B_EDU_USER,
	    B_EDU_APP),
	{ "AccessToken2.build", B_RAW007, 7, 0,
	  { "app_id", "app_certificate", "expire", "services" } },
};

const char *case_open(struct vcase *c, const char *line, size_t n,
    const char *path, unsigned long lineno)
{
	const char *jerr = NULL;

	memset(c, 0, sizeof *c);
	snprintf(c->where, sizeof c->where, "%s:%lu", path, lineno);
	return vj_parse(&c->vj, line, n, &jerr) != 0 ? jerr : NULL;
}

void case_free(struct vcase *c)
{
	vj_free(&c->vj);
	memset(c, 0, sizeof *c);
}

void note_why(char *why, size_t cap, int *count, const char *fmt, va_list ap)
{
	if ((*count)++)
		return;
	vsnprintf(why, cap, fmt, ap);
}

void case_refuse(struct vcase *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note_why(c->why, sizeof c->why, &c->refused, fmt, ap);
	va_end(ap);
}

void case_malformed(struct vcase *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note_why(c->why, sizeof c->why, &c->malformed, fmt, ap);
	va_end(ap);
}

void case_name(struct vcase *c)
{
	const cJSON *v = vj_get(c->vj.root, "id");

	if (cJSON_IsString(v)) {
		snprintf(c->idbuf, sizeof c->idbuf, "%s", v->valuestring);
		c->id = c->idbuf;
	} else if (cJSON_IsNumber(v)) {
		snprintf(c->idbuf, sizeof c->idbuf, "%.17g", v->valuedouble);
		c->id = c->idbuf;
	}
}

int case_is_parse(const struct vcase *c)
{
	const cJSON *v = vj_get(c->vj.root, "builder");

	return cJSON_IsString(v) && strcmp(v->valuestring, "parse") == 0;
}

/* Pins: 006 "salt" + "ts" (the token's ts field), 007 "salt" +
 * "issue_ts".  A value the reference's pack would reject refuses. */
static void read_pins(struct vcase *c, int need_pins)
{
	const char *ts = c->b->version == 6 ? "ts" : "issue_ts";
	const char *names[2] = { "salt", ts };
	unsigned flags[2] = { AGT_PIN_SALT, AGT_PIN_TS };

	memset(&c->pin, 0, sizeof c->pin);
	for (int j = 0; j < 2; j++) {
		const cJSON *v = vj_get(c->vj.root, names[j]);
		long double x;

		if (v == NULL) {
			if (need_pins)
				case_malformed(c, "no \"%s\"", names[j]);
			continue;
		}
		if (!cJSON_IsNumber(v) || py_int(c, v, &x) != 0) {
			case_malformed(c, "\"%s\" is not a number", names[j]);
			continue;
		}
		if (x < 0 || x > UINT32_MAX) {
			case_refuse(c, "%s %.0Lf does not fit uint32", names[j],
			    x);
			continue;
		}
		c->pin.flags |= flags[j];
		if (j == 0)
			c->pin.salt = (uint32_t)x;
		else
			c->pin.ts = (uint32_t)x;
	}
}

void case_setup(struct vcase *c, int need_pins)
{
	const cJSON *root = c->vj.root, *v;
	cJSON *args, *it;
	size_t i;

	case_name(c);
	v = vj_get(root, "builder");
	if (!cJSON_IsString(v)) {
		case_malformed(c, "no \"builder\"");
		return;
	}
	for (i = 0; i < sizeof builders / sizeof builders[0]; i++)
		if (strcmp(builders[i].name, v->valuestring) == 0)
			c->b = &builders[i];
	if (c->b == NULL) {
		case_malformed(c, "unknown builder \"%.80s\"", v->valuestring);
		return;
	}

	args = vj_get(root, "args");
	if (cJSON_IsArray(args)) {
		i = 0;
		cJSON_ArrayForEach(it, args) {
			if (i >= MAXARGS || c->b->args[i] == NULL) {
				case_malformed(c, "%s takes at most %zu "
				    "arguments", c->b->name, i);
				return;
			}
			c->arg[i++] = it;
		}
	} else if (cJSON_IsObject(args)) {
		cJSON_ArrayForEach(it, args) {
			for (i = 0; i < MAXARGS && c->b->args[i] != NULL; i++)
				if (strcmp(c->b->args[i], it->string) == 0)
					break;
			if (i == MAXARGS || c->b->args[i] == NULL) {
				case_malformed(c, "%s has no parameter "
				    "\"%.40s\"", c->b->name, it->string);
				return;
			}
			c->arg[i] = it; /* a repeated key: the last wins */
		}
	} else {
		case_malformed(c, "\"args\" is not an object");
		return;
	}
	for (i = 0; i < (size_t)c->b->nreq; i++)
		if (c->arg[i] == NULL) {
			case_malformed(c, "args.%s is missing (%s requires it)",
			    c->b->args[i], c->b->name);
			return;
		}
	read_pins(c, need_pins);
}
