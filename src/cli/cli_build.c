/* SPDX-License-Identifier: MIT */
/*
 * cli_build.c - the building subcommands (rtc, rtm, chat, fpa, apaas and
 * education): flags to one of the library's builders, the token on stdout.
 * Every builder parameter has a flag; times are relative seconds (or
 * "@UNIXTIME") and for 006, whose reference takes absolute privilege
 * expiry times, the tool adds the issue time itself.  --salt, --issue-ts
 * and --ts pin what is otherwise random or the clock, for reproducible
 * tokens.  The six subcommands stay in one file, longer than most, because
 * they share the option table and the handling of the common flags
 * (credentials, pins, times), which are this file's own.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
	O_APP_ID = 1, O_CERT_FILE, O_FORMAT, O_EXPIRE, O_SALT, O_ISSUE_TS, O_TS,
	O_CHANNEL = 10, O_UID, O_ACCOUNT, O_ROLE, O_PRIV_EXPIRE, O_JOIN_EXPIRE,
	O_AUDIO_EXPIRE, O_VIDEO_EXPIRE, O_DATA_EXPIRE, O_RTM_USER, O_RTM_EXPIRE,
	O_WITH_RTM, O_SERVICE,
	O_USER = 30, O_PERMISSION, O_APP, O_ROOM, O_EDUCATION
};

#define COMMON_OPTS \
	{ "app-id", 1, O_APP_ID, 0 }, \
	{ "certificate-file", 1, O_CERT_FILE, 0 }, \
	{ "salt", 1, O_SALT, 0 }, \
	{ "issue-ts", 1, O_ISSUE_TS, 0 }, \
	{ "format", 1, O_FORMAT, 0 }

static const struct cli_opt rtc_opts[] = {
	COMMON_OPTS,
	{ "ts", 1, O_TS, 0 },
	{ "expire", 1, O_EXPIRE, 0 },
	{ "channel", 1, O_CHANNEL, 0 },
	{ "uid", 1, O_UID, 0 },
	{ "account", 1, O_ACCOUNT, 0 },
	{ "role", 1, O_ROLE, 0 },
	{ "privilege-expire", 1, O_PRIV_EXPIRE, 0 },
	{ "join-expire", 1, O_JOIN_EXPIRE, 0 },
	{ "audio-expire", 1, O_AUDIO_EXPIRE, 0 },
	{ "video-expire", 1, O_VIDEO_EXPIRE, 0 },
	{ "data-expire", 1, O_DATA_EXPIRE, 0 },
	{ "rtm-user", 1, O_RTM_USER, 0 },
	{ "rtm-expire", 1, O_RTM_EXPIRE, 0 },
	{ "with-rtm", 0, O_WITH_RTM, 0 },
	{ "service", 1, O_SERVICE, 0 },
	{ NULL, 0, 0, 0 }
};

static const struct cli_opt rtm_opts[] = {
	COMMON_OPTS,
	{ "ts", 1, O_TS, 0 },
	{ "expire", 1, O_EXPIRE, 0 },
	{ "user", 1, O_USER, 0 },
	{ "permission", 1, O_PERMISSION, 1 },
	{ NULL, 0, 0, 0 }
};

static const struct cli_opt chat_opts[] = {
	COMMON_OPTS,
	{ "expire", 1, O_EXPIRE, 0 },
	{ "user", 1, O_USER, 0 },
	{ "app", 0, O_APP, 0 },
	{ NULL, 0, 0, 0 }
};

static const struct cli_opt fpa_opts[] = {
	COMMON_OPTS,
	{ NULL, 0, 0, 0 }
};

static const struct cli_opt apaas_opts[] = {
	COMMON_OPTS,
	{ "expire", 1, O_EXPIRE, 0 },
	{ "room", 1, O_ROOM, 0 },
	{ "user", 1, O_USER, 0 },
	{ "role", 1, O_ROLE, 0 },
	{ "app", 0, O_APP, 0 },
	{ "education", 0, O_EDUCATION, 0 },
	{ NULL, 0, 0, 0 }
};

#define COMMON_HELP \
"Credentials: AGORA_APP_ID and AGORA_APP_CERTIFICATE from the environment,\n" \
"or --app-id ID and --certificate-file PATH (never a certificate on the\n" \
"command line).\n" \
"  --app-id ID              the 32-character app id\n" \
"  --certificate-file PATH  file holding the app certificate (mode 0600)\n" \
"Reproducible tokens:\n" \
"  --salt N                 pin the salt (default: random 1..99999999)\n" \
"  --issue-ts UNIXTIME      pin the issue time (default: now)\n"

static const char rtc_help[] =
"usage: " CLI_NAME " rtc --channel NAME [--uid N | --account NAME] [OPTIONS]\n"
"\n"
"Builds an RTC token (RtcTokenBuilder2; RtcTokenBuilder with --format 006).\n"
"  --channel NAME           channel name (required)\n"
"  --uid N                  user id 0..4294967295 (default 0: any user)\n"
"  --account NAME           user account instead of a uid\n"
"  --role ROLE              publisher (default), subscriber, attendee, admin\n"
"                           or a number\n"
"  --expire SECONDS         token lifetime (default 3600)\n"
"  --privilege-expire SECONDS\n"
"                           lifetime of the privileges (default 0: no limit\n"
"                           of their own)\n"
"  --join-expire, --audio-expire, --video-expire, --data-expire SECONDS\n"
"                           per-privilege lifetimes (build_token_with_*_and_\n"
"                           privilege; default --privilege-expire)\n"
"  --rtm-user ID            add RTM login for ID (build_token_with_rtm2)\n"
"  --rtm-expire SECONDS     RTM login lifetime (default --expire)\n"
"  --with-rtm               add RTM login for the RTC user (build_token_with_rtm)\n"
"  --service convoai|stt    ConvoAI or STT token (npm ConvoAITokenBuilder /\n"
"                           SttTokenBuilder; RTM user --rtm-user, default the\n"
"                           RTC user)\n"
"  --format 006|007         token format (default 007)\n"
"  --ts UNIXTIME            006: pin the token's ts field (default issue + 24 h)\n"
"SECONDS may also be @UNIXTIME, an absolute time.  For 006 the privilege\n"
"expiry (--privilege-expire, else --expire) is absolute: the tool adds the\n"
"issue time to relative SECONDS; 0 means it never expires.\n"
COMMON_HELP;

static const char rtm_help[] =
"usage: " CLI_NAME " rtm --user ID [--permission TYPE:PERM:RESOURCE]... [OPTIONS]\n"
"\n"
"Builds an RTM token (RtmTokenBuilder2; RtmTokenBuilder with --format 006).\n"
"  --user ID                RTM user id (required)\n"
"  --expire SECONDS         token lifetime (default 3600; 006: relative to now,\n"
"                           0 never expires)\n"
"  --permission TYPE:PERM:RESOURCE\n"
"                           RTM2 resource permission, repeatable; selects\n"
"                           build_token_with_permissions.  TYPE:\n"
"                           message_channels, stream_channels, group_channels,\n"
"                           server_groups, users or a number; PERM: read,\n"
"                           write or a number; TYPE:PERM alone adds no resource\n"
"  --format 006|007         token format (default 007)\n"
"  --ts UNIXTIME            006: pin the token's ts field\n"
COMMON_HELP;

static const char chat_help[] =
"usage: " CLI_NAME " chat (--user ID | --app) [OPTIONS]\n"
"\n"
"Builds a Chat token (ChatTokenBuilder2).\n"
"  --user ID                user token for ID (build_user_token)\n"
"  --app                    app token (build_app_token)\n"
"  --expire SECONDS         token lifetime (default 3600)\n"
COMMON_HELP;

static const char fpa_help[] =
"usage: " CLI_NAME " fpa [OPTIONS]\n"
"\n"
"Builds an FPA token (FpaTokenBuilder: valid 24 hours).\n"
COMMON_HELP;

/* Follows "usage: agora-token apaas" or "... education". */
static const char apaas_help[] =
" (--room ID --user ID --role N | --user ID | --app)\n"
"       [OPTIONS]\n"
"\n"
"Builds an APaaS token (ApaasTokenBuilder; with --education or as\n"
"'" CLI_NAME " education', EducationTokenBuilder: the same bytes).\n"
"  --room ID --user ID --role N\n"
"                           room-user token (build_room_user_token); role is\n"
"                           a number -32768..32767\n"
"  --user ID                user token (build_user_token)\n"
"  --app                    app token (build_app_token)\n"
"  --expire SECONDS         token lifetime (default 3600)\n"
"  --education              use EducationTokenBuilder's name\n"
COMMON_HELP;

/* What every builder shares. */
struct common {
	const char *cmd;
	const char *app_id_arg;
	const char *cert_file;
	int format;         /* 6 or 7 */
	int have_salt;
	uint32_t salt;
	int have_issue;
	uint32_t issue;     /* the issue time: --issue-ts or now */
	int have_ts;
	uint32_t ts;        /* 006 ts field */
	const char *expire_arg;
	struct cli_cred cred;
};

static void common_opt(struct common *c, struct cli_getopt *g, int id)
{
	switch (id) {
	case O_APP_ID:
		c->app_id_arg = g->arg;
		break;
	case O_CERT_FILE:
		c->cert_file = g->arg;
		break;
	case O_FORMAT:
		if (strcmp(g->arg, "007") == 0 || strcmp(g->arg, "7") == 0)
			c->format = 7;
		else if (strcmp(g->arg, "006") == 0 || strcmp(g->arg, "6") == 0)
			c->format = 6;
		else
			cli_usage_error(c->cmd, "--format: \"%s\" is not a token format "
			    "(expected 006 or 007)", g->arg);
		break;
	case O_SALT:
		c->have_salt = 1;
		c->salt = cli_parse_u32("--salt", g->arg);
		break;
	case O_ISSUE_TS:
		c->have_issue = 1;
		c->issue = cli_parse_u32("--issue-ts", g->arg);
		break;
	case O_TS:
		c->have_ts = 1;
		c->ts = cli_parse_u32("--ts", g->arg);
		break;
	case O_EXPIRE:
		c->expire_arg = g->arg;
		break;
	default:
		cli_die(CLI_EXIT_INTERNAL, "option %d not handled", id);
	}
}

/* The pins every token gets: its time (the issue time, or 006's ts
 * field) always, its salt when --salt was given. */
static struct agt_pin common_pin(const struct common *c)
{
	struct agt_pin pin;

	memset(&pin, 0, sizeof pin);
	pin.flags = AGT_PIN_TS;
	pin.ts = c->format == 6 ? c->ts : c->issue;
	if (c->have_salt) {
		pin.flags |= AGT_PIN_SALT;
		pin.salt = c->salt;
	}
	return pin;
}

/* Checks that the format applies, fixes the clock and returns the pins. */
static struct agt_pin common_finish(struct common *c, int has006)
{
	if (c->format == 6 && !has006)
		cli_usage_error(c->cmd, "--format 006: %s tokens exist only in "
		    "format 007", c->cmd);
	if (c->have_ts && c->format != 6)
		cli_usage_error(c->cmd, "--ts pins a 006 token's ts field; for 007 "
		    "use --issue-ts");
	if (!c->have_issue)
		c->issue = cli_now();
	if (c->format == 6 && !c->have_ts) {
		/* The reference's 006 ts is the issue time plus 24 hours. */
		if (c->issue > UINT32_MAX - 86400U)
			cli_usage_error(c->cmd, "--issue-ts: %u + 24 h does not fit the "
			    "006 ts field; pin --ts", c->issue);
		c->ts = c->issue + 86400U;
	}
	return common_pin(c);
}

/* Credentials last, so that usage errors come first. */
static void common_cred(struct common *c)
{
	cli_cred_load(&c->cred, c->app_id_arg, c->cert_file, 1);
}

/* A time flag: relative SECONDS or "@UNIXTIME".  For 007 the result is
 * seconds after the issue time; for 006 an absolute time (0 stays 0, "no
 * expiry"). */
static uint32_t time_arg(const struct common *c, const char *flag,
    const char *s)
{
	uint64_t v;

	if (s[0] == '@') {
		char name[80];

		snprintf(name, sizeof name, "%s @", flag);
		v = cli_parse_u32(name, s + 1);
		if (c->format == 6)
			return (uint32_t)v;
		if (v < c->issue)
			cli_usage_error(c->cmd, "%s: %s lies before the issue time %u",
			    flag, s, c->issue);
		return (uint32_t)(v - c->issue);
	}
	v = cli_parse_u32(flag, s);
	if (c->format == 6 && v != 0) {
		v += c->issue;
		if (v > UINT32_MAX)
			cli_usage_error(c->cmd, "%s: %s seconds after %u is past "
			    "2106-02-07, the last time a token can hold", flag, s,
			    c->issue);
	}
	return (uint32_t)v;
}

/* Prints the token that CLI_BUILD made, or exits with the library's
 * reason when it made none. */
static int emit(char *token, enum agt_err err)
{
	if (token == NULL)
		cli_die_lib(err, "cannot build the token");
	fputs(token, stdout);
	fputc('\n', stdout);
	free(token);
	return CLI_EXIT_OK;
}

/* --expire: the token's lifetime, 3600 seconds unless given. */
static uint32_t token_expire(const struct common *c)
{
	return time_arg(c, "--expire", c->expire_arg ? c->expire_arg : "3600");
}

static void no_operands(struct cli_getopt *g)
{
	if (g->npos > 0)
		cli_usage_error(g->cmd, "unexpected argument \"%.60s\"", g->pos[0]);
}

/* ---- rtc ---- */

static int parse_role(const char *cmd, const char *s)
{
	if (strcmp(s, "publisher") == 0)
		return AGT_ROLE_PUBLISHER;
	if (strcmp(s, "subscriber") == 0)
		return AGT_ROLE_SUBSCRIBER;
	if (strcmp(s, "attendee") == 0)
		return AGT_ROLE_ATTENDEE;
	if (strcmp(s, "admin") == 0)
		return AGT_ROLE_ADMIN;
	if ((s[0] >= '0' && s[0] <= '9') || s[0] == '-')
		return (int)cli_parse_int("--role", s, -2147483647LL - 1, 2147483647LL);
	cli_usage_error(cmd, "--role: \"%s\" is not a role (expected publisher, "
	    "subscriber, attendee, admin or a number)", s);
}

static int cmd_rtc(int argc, char **argv)
{
	struct common c = { .cmd = "rtc", .format = 7 };
	struct cli_getopt g;
	struct agt_rtc_params p;
	const char *channel = NULL, *uid = NULL, *account = NULL, *role = NULL;
	const char *priv = NULL, *per[4] = { NULL, NULL, NULL, NULL };
	const char *rtm_user = NULL, *rtm_expire = NULL, *service = NULL;
	int with_rtm = 0, id, nper = 0;
	enum agt_err err;
	char *token, uidbuf[11];

	cli_getopt_init(&g, argc, argv, c.cmd, rtc_opts);
	g.help = rtc_help;
	while ((id = cli_getopt_next(&g)) != CLI_OPT_END) {
		switch (id) {
		case O_CHANNEL:
			channel = g.arg;
			break;
		case O_UID:
			uid = g.arg;
			break;
		case O_ACCOUNT:
			account = g.arg;
			break;
		case O_ROLE:
			role = g.arg;
			break;
		case O_PRIV_EXPIRE:
			priv = g.arg;
			break;
		case O_JOIN_EXPIRE:
		case O_AUDIO_EXPIRE:
		case O_VIDEO_EXPIRE:
		case O_DATA_EXPIRE:
			per[id - O_JOIN_EXPIRE] = g.arg;
			nper++;
			break;
		case O_RTM_USER:
			rtm_user = g.arg;
			break;
		case O_RTM_EXPIRE:
			rtm_expire = g.arg;
			break;
		case O_WITH_RTM:
			with_rtm = 1;
			break;
		case O_SERVICE:
			service = g.arg;
			break;
		default:
			common_opt(&c, &g, id);
		}
	}
	no_operands(&g);

	if (channel == NULL)
		cli_usage_error(c.cmd, "--channel is required");
	if (uid != NULL && account != NULL)
		cli_usage_error(c.cmd, "give --uid or --account, not both");
	if (service != NULL && strcmp(service, "convoai") != 0 &&
	    strcmp(service, "stt") != 0)
		cli_usage_error(c.cmd, "--service: \"%s\" is not a service (expected "
		    "convoai or stt)", service);
	if (with_rtm && (rtm_user != NULL || service != NULL))
		cli_usage_error(c.cmd, "--with-rtm adds RTM for the RTC user; it "
		    "cannot be combined with --rtm-user or --service");
	if (with_rtm && nper > 0)
		cli_usage_error(c.cmd, "--with-rtm (build_token_with_rtm) takes no "
		    "per-privilege expiries; use --rtm-user instead");
	if (rtm_expire != NULL && rtm_user == NULL && service == NULL)
		cli_usage_error(c.cmd, "--rtm-expire needs --rtm-user or --service");
	if (nper > 0 && role != NULL && rtm_user == NULL && service == NULL)
		cli_usage_error(c.cmd, "--role does not apply with per-privilege "
		    "expiries: such a token always carries all four privileges");
	if (c.format == 6 && (nper > 0 || rtm_user || rtm_expire || with_rtm ||
	    service))
		cli_usage_error(c.cmd, "--format 006: RtcTokenBuilder takes only "
		    "the channel, user, role and one privilege expiry");

	agt_rtc_params_init(&p);
	p.channel = cli_str_arg("--channel", channel);
	if (account != NULL) {
		p.account = cli_str_arg("--account", account);
	} else if (uid != NULL) {
		p.uid = cli_parse_u32("--uid", uid);
	}
	p.role = role ? parse_role(c.cmd, role) : AGT_ROLE_PUBLISHER;
	p.pin = common_finish(&c, 1);

	if (c.format == 6) {
		const char *e = priv ? priv : (c.expire_arg ? c.expire_arg : "3600");

		p.privilege_expire = time_arg(&c, priv ? "--privilege-expire" :
		    "--expire", e);
	} else {
		static const char *const pername[4] = { "--join-expire",
		    "--audio-expire", "--video-expire", "--data-expire" };
		uint32_t pv[4];

		p.token_expire = token_expire(&c);
		p.privilege_expire = priv ? time_arg(&c, "--privilege-expire", priv) : 0;
		for (int i = 0; i < 4; i++)
			pv[i] = per[i] ? time_arg(&c, pername[i], per[i]) :
			    p.privilege_expire;
		p.join_expire = pv[0];
		p.pub_audio_expire = pv[1];
		p.pub_video_expire = pv[2];
		p.pub_data_expire = pv[3];
		p.rtm_token_expire = rtm_expire ?
		    time_arg(&c, "--rtm-expire", rtm_expire) : p.token_expire;
		if (rtm_user != NULL) {
			p.rtm_user_id = cli_str_arg("--rtm-user", rtm_user);
		} else if (service != NULL) {
			/* ConvoAI/STT: the agent's RTM user defaults to its RTC user. */
			if (account != NULL) {
				p.rtm_user_id = p.account;
			} else {
				p.rtm_user_id.n = agt_uid_string(p.uid, uidbuf);
				p.rtm_user_id.p = uidbuf;
			}
		}
	}

	common_cred(&c);
	p.app_id = c.cred.app_id;
	p.app_certificate = c.cred.cert;
	if (c.format == 6)
		CLI_BUILD(token, agt_rtc_build006, &p, &err);
	else if (service != NULL && strcmp(service, "convoai") == 0)
		CLI_BUILD(token, agt_convoai_build, &p, &err);
	else if (service != NULL)
		CLI_BUILD(token, agt_stt_build, &p, &err);
	else if (rtm_user != NULL)
		CLI_BUILD(token, agt_rtc_build_with_rtm2, &p, &err);
	else if (with_rtm)
		CLI_BUILD(token, agt_rtc_build_with_rtm, &p, &err);
	else if (nper > 0)
		CLI_BUILD(token, agt_rtc_build_with_privileges, &p, &err);
	else
		CLI_BUILD(token, agt_rtc_build, &p, &err);
	cli_getopt_free(&g);
	return emit(token, err);
}

/* ---- rtm ---- */

struct perms {
	struct agt_rtm2_perm *v;
	size_t n;
};

static unsigned perm_part(const char *cmd, const char *spec, const char *s,
    size_t n, int is_type)
{
	static const char *const types[] = { "message_channels", "stream_channels",
	    "group_channels", "server_groups", "users" };
	static const char *const perms[] = { "read", "write" };
	const char *const *names = is_type ? types : perms;
	size_t count = is_type ? 5 : 2;
	char buf[32];

	for (size_t i = 0; i < count; i++)
		if (strlen(names[i]) == n && strncmp(names[i], s, n) == 0)
			return (unsigned)i;
	if (n > 0 && n < sizeof buf && strspn(s, "0123456789") >= n) {
		memcpy(buf, s, n);
		buf[n] = '\0';
		return (unsigned)cli_parse_uint(is_type ? "--permission TYPE" :
		    "--permission PERM", buf, 65535);
	}
	cli_usage_error(cmd, "--permission %s: \"%.*s\" is not a %s (expected %s)",
	    spec, (int)(n > 40 ? 40 : n), s, is_type ? "resource type" :
	    "permission", is_type ? "message_channels, stream_channels, "
	    "group_channels, server_groups, users or a number 0..65535" :
	    "read, write or a number 0..65535");
}

static void add_permission(const char *cmd, struct perms *ps, const char *spec)
{
	const char *c1 = strchr(spec, ':'), *c2;
	unsigned type, perm;
	struct agt_rtm2_perm *e = NULL;
	struct agt_str *res;

	if (c1 == NULL)
		cli_usage_error(cmd, "--permission \"%.60s\": expected "
		    "TYPE:PERM:RESOURCE", spec);
	c2 = strchr(c1 + 1, ':');
	type = perm_part(cmd, spec, spec, (size_t)(c1 - spec), 1);
	perm = perm_part(cmd, spec, c1 + 1,
	    c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1), 0);
	/* The same TYPE:PERM again adds a resource to that entry. */
	for (size_t i = 0; i < ps->n; i++)
		if (ps->v[i].resource_type == type &&
		    ps->v[i].permission_type == perm)
			e = &ps->v[i];
	if (e == NULL) {
		ps->v = xreallocarray(ps->v, ps->n + 1, sizeof *ps->v);
		e = &ps->v[ps->n++];
		memset(e, 0, sizeof *e);
		e->resource_type = (uint16_t)type;
		e->permission_type = (uint16_t)perm;
	}
	if (c2 == NULL)
		return;
	if (e->nresources >= AGT_COUNT_MAX)
		cli_usage_error(cmd, "--permission: more than %u resources for one "
		    "type and permission", AGT_COUNT_MAX);
	res = xreallocarray((void *)e->resources, e->nresources + 1, sizeof *res);
	res[e->nresources++] = cli_str_arg("--permission RESOURCE", c2 + 1);
	e->resources = res;
}

static int cmd_rtm(int argc, char **argv)
{
	struct common c = { .cmd = "rtm", .format = 7 };
	struct cli_getopt g;
	struct agt_rtm_params p;
	struct perms ps = { NULL, 0 };
	const char *user = NULL;
	enum agt_err err;
	char *token;
	int id;

	cli_getopt_init(&g, argc, argv, c.cmd, rtm_opts);
	g.help = rtm_help;
	while ((id = cli_getopt_next(&g)) != CLI_OPT_END) {
		switch (id) {
		case O_USER:
			user = g.arg;
			break;
		case O_PERMISSION:
			add_permission(c.cmd, &ps, g.arg);
			break;
		default:
			common_opt(&c, &g, id);
		}
	}
	no_operands(&g);
	if (user == NULL)
		cli_usage_error(c.cmd, "--user is required");
	if (c.format == 6 && ps.n > 0)
		cli_usage_error(c.cmd, "--format 006: RtmTokenBuilder has no "
		    "permissions; --permission needs 007");
	agt_rtm_params_init(&p);
	p.user_id = cli_str_arg("--user", user);
	p.pin = common_finish(&c, 1);
	p.expire = token_expire(&c);
	p.perms = ps.v;
	p.nperms = ps.n;
	common_cred(&c);
	p.app_id = c.cred.app_id;
	p.app_certificate = c.cred.cert;
	if (c.format == 6)
		CLI_BUILD(token, agt_rtm_build006, &p, &err);
	else if (ps.n > 0)
		CLI_BUILD(token, agt_rtm_build_with_permissions, &p, &err);
	else
		CLI_BUILD(token, agt_rtm_build, &p, &err);
	for (size_t i = 0; i < ps.n; i++)
		free((void *)ps.v[i].resources);
	free(ps.v);
	cli_getopt_free(&g);
	return emit(token, err);
}

/* ---- chat ---- */

static int cmd_chat(int argc, char **argv)
{
	struct common c = { .cmd = "chat", .format = 7 };
	struct cli_getopt g;
	struct agt_chat_params p;
	const char *user = NULL;
	int app = 0, id;
	enum agt_err err;
	char *token;

	cli_getopt_init(&g, argc, argv, c.cmd, chat_opts);
	g.help = chat_help;
	while ((id = cli_getopt_next(&g)) != CLI_OPT_END) {
		switch (id) {
		case O_USER:
			user = g.arg;
			break;
		case O_APP:
			app = 1;
			break;
		default:
			common_opt(&c, &g, id);
		}
	}
	no_operands(&g);
	if ((user != NULL) == app)
		cli_usage_error(c.cmd, "give --user ID for a user token or --app "
		    "for an app token");
	agt_chat_params_init(&p);
	if (user != NULL)
		p.user_id = cli_str_arg("--user", user);
	p.pin = common_finish(&c, 0);
	p.expire = token_expire(&c);
	common_cred(&c);
	p.app_id = c.cred.app_id;
	p.app_certificate = c.cred.cert;
	if (app)
		CLI_BUILD(token, agt_chat_build_app, &p, &err);
	else
		CLI_BUILD(token, agt_chat_build_user, &p, &err);
	cli_getopt_free(&g);
	return emit(token, err);
}

/* ---- fpa ---- */

static int cmd_fpa(int argc, char **argv)
{
	struct common c = { .cmd = "fpa", .format = 7 };
	struct cli_getopt g;
	struct agt_fpa_params p;
	enum agt_err err;
	char *token;
	int id;

	cli_getopt_init(&g, argc, argv, c.cmd, fpa_opts);
	g.help = fpa_help;
	while ((id = cli_getopt_next(&g)) != CLI_OPT_END) {
		common_opt(&c, &g, id);
	}
	no_operands(&g);
	agt_fpa_params_init(&p);
	p.pin = common_finish(&c, 0);
	common_cred(&c);
	p.app_id = c.cred.app_id;
	p.app_certificate = c.cred.cert;
	CLI_BUILD(token, agt_fpa_build, &p, &err);
	cli_getopt_free(&g);
	return emit(token, err);
}

/* ---- apaas / education ---- */

static int cmd_apaas(const char *cmd, int argc, char **argv)
{
	struct common c = { .cmd = cmd, .format = 7 };
	struct cli_getopt g;
	struct agt_apaas_params p;
	const char *room = NULL, *user = NULL, *role = NULL;
	int app = 0, edu = strcmp(cmd, "education") == 0, id;
	enum agt_err err;
	char *token;

	cli_getopt_init(&g, argc, argv, c.cmd, apaas_opts);
	g.help = apaas_help;
	g.help_cmd = cmd;
	while ((id = cli_getopt_next(&g)) != CLI_OPT_END) {
		switch (id) {
		case O_ROOM:
			room = g.arg;
			break;
		case O_USER:
			user = g.arg;
			break;
		case O_ROLE:
			role = g.arg;
			break;
		case O_APP:
			app = 1;
			break;
		case O_EDUCATION:
			edu = 1;
			break;
		default:
			common_opt(&c, &g, id);
		}
	}
	no_operands(&g);
	if (app && (room || user || role))
		cli_usage_error(c.cmd, "--app builds an app-level token; it takes no "
		    "--room, --user or --role");
	if (!app && user == NULL)
		cli_usage_error(c.cmd, "give --room ID --user ID --role N (room user), "
		    "--user ID (user) or --app (app)");
	if ((room != NULL) != (role != NULL))
		cli_usage_error(c.cmd, "a room-user token needs --room, --user and "
		    "--role together");
	agt_apaas_params_init(&p);
	if (room != NULL) {
		p.room_uuid = cli_str_arg("--room", room);
		p.role = (int16_t)cli_parse_int("--role", role, -32768, 32767);
	}
	if (user != NULL)
		p.user_uuid = cli_str_arg("--user", user);
	p.pin = common_finish(&c, 0);
	p.expire = token_expire(&c);
	common_cred(&c);
	p.app_id = c.cred.app_id;
	p.app_certificate = c.cred.cert;
	if (app)
		CLI_BUILD(token, edu ? agt_education_build_app : agt_apaas_build_app,
		    &p, &err);
	else if (room != NULL)
		CLI_BUILD(token, edu ? agt_education_build_room_user :
		    agt_apaas_build_room_user, &p, &err);
	else
		CLI_BUILD(token, edu ? agt_education_build_user :
		    agt_apaas_build_user, &p, &err);
	cli_getopt_free(&g);
	return emit(token, err);
}

int cli_cmd_build(const char *cmd, int argc, char **argv)
{
	if (strcmp(cmd, "rtc") == 0)
		return cmd_rtc(argc, argv);
	if (strcmp(cmd, "rtm") == 0)
		return cmd_rtm(argc, argv);
	if (strcmp(cmd, "chat") == 0)
		return cmd_chat(argc, argv);
	if (strcmp(cmd, "fpa") == 0)
		return cmd_fpa(argc, argv);
	if (strcmp(cmd, "apaas") == 0 || strcmp(cmd, "education") == 0)
		return cmd_apaas(cmd, argc, argv);
	cli_usage_error(NULL, "unknown command \"%.60s\"", cmd);
}
