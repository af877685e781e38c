/* SPDX-License-Identifier: MIT */
/*
 * cli_vectors.c - "agora-token vectors check|build": the conformance
 * harness.  Each JSON line names a reference builder and its arguments by
 * the reference's own parameter names (DESIGN.md section 3); we map it to
 * the library call, converting arguments the way the reference does
 * (uid 0 -> "", other numbers -> decimal, Python's int() for numbers), and
 * compare our token with the recorded one: text, or for "match": "payload"
 * the decoded content.  The recorded token is also parsed and its
 * signature verified with the case's certificate, so a vector we cannot
 * read fails too.  A failure names the first decoded field that differs.
 * Cases whose builder is "parse" go to cli_vectors_parse.c.  "build"
 * writes the same lines with our tokens instead.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum bkind {
	B_RTC006_UID, B_RTC006_ACCOUNT, B_RTM006, B_RAW006,
	B_RTC_UID, B_RTC_ACCOUNT, B_RTC_UID_PRIV, B_RTC_ACCOUNT_PRIV,
	B_RTC_RTM, B_RTC_RTM2, B_CONVOAI, B_STT,
	B_RTM, B_RTM_PERMS, B_CHAT_USER, B_CHAT_APP, B_FPA,
	B_APAAS_ROOM, B_APAAS_USER, B_APAAS_APP,
	B_EDU_ROOM, B_EDU_USER, B_EDU_APP, B_RAW007
};

#define MAXARGS 12

/* A builder: its name, the reference's parameter names in positional
 * order, and how many of them have no default. */
struct bspec {
	const char *name;
	enum bkind kind;
	int version;
	int nreq;
	const char *args[MAXARGS + 1];
};

#define RTC2_PRIV_ARGS "token_expire", "join_channel_privilege_expire", \
	"pub_audio_privilege_expire", "pub_video_privilege_expire", \
	"pub_data_stream_privilege_expire"
#define NPM_RTC_ARGS "appId", "appCertificate", "channelName", "rtcAccount", \
	"rtcRole", "rtcTokenExpire", "joinChannelPrivilegeExpire", \
	"pubAudioPrivilegeExpire", "pubVideoPrivilegeExpire", \
	"pubDataStreamPrivilegeExpire", "rtmUserId", "rtmTokenExpire"

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
	{ "ApaasTokenBuilder.build_room_user_token", B_APAAS_ROOM, 7, 6,
	  { "app_id", "app_certificate", "room_uuid", "user_uuid", "role", "expire" } },
	{ "ApaasTokenBuilder.build_user_token", B_APAAS_USER, 7, 4,
	  { "app_id", "app_certificate", "user_uuid", "expire" } },
	{ "ApaasTokenBuilder.build_app_token", B_APAAS_APP, 7, 3,
	  { "app_id", "app_certificate", "expire" } },
	{ "EducationTokenBuilder.build_room_user_token", B_EDU_ROOM, 7, 6,
	  { "app_id", "app_certificate", "room_uuid", "user_uuid", "role", "expire" } },
	{ "EducationTokenBuilder.build_user_token", B_EDU_USER, 7, 4,
	  { "app_id", "app_certificate", "user_uuid", "expire" } },
	{ "EducationTokenBuilder.build_app_token", B_EDU_APP, 7, 3,
	  { "app_id", "app_certificate", "expire" } },
	{ "AccessToken2.build", B_RAW007, 7, 0,
	  { "app_id", "app_certificate", "expire", "services" } },
};

/* One case being run.  Everything allocated for it is freed together. */
struct vcase {
	struct vjson vj;
	char where[320];        /* "FILE:LINE" */
	char idbuf[160];
	const char *id;
	const struct bspec *b;
	cJSON *arg[MAXARGS];
	int npm;                /* JavaScript conversions (npm-only builders) */
	int refused;            /* an argument the reference would reject */
	char why[200];
	int malformed;          /* the line itself is wrong */
	struct agt_pin pin;
	struct agt_str cert;    /* to verify the expected token */
	struct agt_str vchannel, vuid; /* 006: what the signature covers */
	void **allocs;
	size_t nallocs, callocs;
};

static void *case_alloc(struct vcase *c, size_t n, size_t size)
{
	void *p = xcalloc(n ? n : 1, size);

	if (c->nallocs == c->callocs) {
		c->callocs = c->callocs ? 2 * c->callocs : 16;
		c->allocs = xreallocarray(c->allocs, c->callocs, sizeof *c->allocs);
	}
	c->allocs[c->nallocs++] = p;
	return p;
}

static void case_free(struct vcase *c)
{
	for (size_t i = 0; i < c->nallocs; i++)
		free(c->allocs[i]);
	free(c->allocs);
	vj_free(&c->vj);
	memset(c, 0, sizeof *c);
}

/* Counts a problem of one kind; the first of that kind says why. */
static void note_why(struct vcase *c, int *count, const char *fmt, va_list ap)
    CLI_PRINTF(3, 0);

static void note_why(struct vcase *c, int *count, const char *fmt, va_list ap)
{
	if ((*count)++)
		return;
	vsnprintf(c->why, sizeof c->why, fmt, ap);
}

static void refuse(struct vcase *c, const char *fmt, ...) CLI_PRINTF(2, 3);

static void refuse(struct vcase *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note_why(c, &c->refused, fmt, ap);
	va_end(ap);
}

static void malformed(struct vcase *c, const char *fmt, ...) CLI_PRINTF(2, 3);

static void malformed(struct vcase *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note_why(c, &c->malformed, fmt, ap);
	va_end(ap);
}

/* ---- argument conversion, as the reference does it ---- */

/* Python's int(str): optional whitespace and sign, digits with single
 * underscores between them.  0 ok, -1 not an integer. */
static int py_int_str(const char *s, long double *out)
{
	long double v = 0;
	int neg = 0, digits = 0, under = 0;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	for (; *s != '\0'; s++) {
		if (*s == '_') {
			if (digits == 0 || under)
				return -1;
			under = 1;
			continue;
		}
		if (*s < '0' || *s > '9')
			break;
		v = v * 10 + (*s - '0');
		digits++;
		under = 0;
	}
	if (digits == 0 || under)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	if (*s != '\0')
		return -1;
	*out = neg ? -v : v;
	return 0;
}

/* int(x) for a JSON value: 0 ok, -1 the reference raises. */
static int py_int(struct vcase *c, const cJSON *v, long double *out)
{
	if (cJSON_IsBool(v)) {
		*out = cJSON_IsTrue(v) ? 1 : 0;
		return 0;
	}
	if (cJSON_IsNumber(v)) {
		if (!isfinite(v->valuedouble))
			return -1;
		*out = truncl((long double)v->valuedouble);
		return 0;
	}
	if (cJSON_IsString(v)) {
		struct agt_str s;

		if (vj_string(&c->vj, v, &s) != 0 || memchr(s.p, 0, s.n) != NULL)
			return -1;
		return py_int_str(s.p, out);
	}
	return -1;
}

static long long a_int(struct vcase *c, int i, long long min, long long max,
    long long def, const char *what)
{
	const cJSON *v = c->arg[i];
	long double x;

	if (v == NULL)
		return def;
	if (py_int(c, v, &x) != 0) {
		refuse(c, "args.%s is not an integer", c->b->args[i]);
		return def;
	}
	if (x < (long double)min || x > (long double)max) {
		refuse(c, "args.%s = %.0Lf does not fit %s", c->b->args[i], x, what);
		return def;
	}
	return (long long)x;
}

static uint32_t a_u32(struct vcase *c, int i, uint32_t def)
{
	return (uint32_t)a_int(c, i, 0, UINT32_MAX, def, "uint32");
}

/* A string argument (the reference calls .encode('utf-8') on it). */
static struct agt_str a_str(struct vcase *c, int i)
{
	struct agt_str s = { "", 0 };
	const cJSON *v = c->arg[i];
	int rc;

	if (v == NULL)
		return s;
	rc = vj_string(&c->vj, v, &s);
	if (rc == -1)
		refuse(c, "args.%s is not a string", c->b->args[i]);
	else if (rc == -2)
		refuse(c, "args.%s cannot be encoded as UTF-8 (lone surrogate)",
		    c->b->args[i]);
	if (rc != 0) {
		s.p = "";
		s.n = 0;
	}
	return s;
}

/* Shortest "%.Ng" that reads back as x, like Python's float repr. */
static void float_repr(double x, char *buf, size_t cap)
{
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, cap, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	if (strchr(buf, '.') == NULL && strchr(buf, 'e') == NULL &&
	    strchr(buf, 'n') == NULL && strlen(buf) + 2 < cap)
		strcat(buf, ".0");
}

/* An identity argument (uid, account): number 0 -> "", another number ->
 * its decimal form, a string as it is; str() of anything else. */
static struct agt_str ident_value(struct vcase *c, const cJSON *v,
    const char *name)
{
	struct agt_str s = { "", 0 };
	char *buf;

	if (v == NULL)
		return s;
	if (cJSON_IsString(v)) {
		int rc = vj_string(&c->vj, v, &s);

		if (rc != 0) {
			refuse(c, "%s cannot be encoded as UTF-8", name);
			s.p = "";
			s.n = 0;
		}
		return s;
	}
	buf = case_alloc(c, 48, 1);
	if (cJSON_IsNumber(v)) {
		double x = v->valuedouble;

		if (x == 0)
			return s;
		if (x == floor(x) && fabs(x) < 1e18)
			snprintf(buf, 48, "%lld", (long long)x);
		else if (c->npm)
			snprintf(buf, 48, "%.17g", x);
		else
			float_repr(x, buf, 48);
	} else if (cJSON_IsBool(v)) {
		/* Python: False == 0 -> ""; JavaScript: false !== 0 */
		if (cJSON_IsFalse(v) && !c->npm)
			return s;
		strcpy(buf, c->npm ? (cJSON_IsTrue(v) ? "true" : "false") : "True");
	} else if (cJSON_IsNull(v)) {
		strcpy(buf, c->npm ? "null" : "None");
	} else {
		refuse(c, "%s is neither a number nor a string", name);
		return s;
	}
	s.p = buf;
	s.n = strlen(buf);
	return s;
}

static struct agt_str a_ident(struct vcase *c, int i)
{
	char name[64];

	snprintf(name, sizeof name, "args.%s", c->b->args[i]);
	return ident_value(c, c->arg[i], name);
}

/* RTC role as the reference compares it (role == 1, ...): a value equal
 * to no role gives join only, as subscriber (2) does. */
static int a_role(struct vcase *c, int i)
{
	const cJSON *v = c->arg[i];
	double x;

	if (v == NULL)
		return AGT_ROLE_SUBSCRIBER;
	if (cJSON_IsBool(v))
		return c->npm ? AGT_ROLE_SUBSCRIBER : cJSON_IsTrue(v) ? 1 : 0;
	if (!cJSON_IsNumber(v))
		return AGT_ROLE_SUBSCRIBER;
	x = v->valuedouble;
	if (x != floor(x) || x < -2147483648.0 || x > 2147483647.0)
		return AGT_ROLE_SUBSCRIBER;
	return (int)x;
}

/* {"<id>": value} maps: privileges. */
static struct agt_priv *privs_value(struct vcase *c, const cJSON *obj,
    const char *name, size_t *n)
{
	struct agt_priv *p;
	const cJSON *it;
	size_t k = 0;

	*n = 0;
	if (obj == NULL)
		return NULL;
	if (!cJSON_IsObject(obj)) {
		refuse(c, "%s is not an object", name);
		return NULL;
	}
	p = case_alloc(c, (size_t)cJSON_GetArraySize(obj), sizeof *p);
	cJSON_ArrayForEach(it, obj) {
		long double id, val;

		if (py_int_str(it->string, &id) != 0 || id < 0 || id > 65535) {
			refuse(c, "%s key \"%.20s\" is not a privilege id 0..65535",
			    name, it->string);
			return NULL;
		}
		if (py_int(c, it, &val) != 0 || val < 0 || val > UINT32_MAX) {
			refuse(c, "%s[%s] does not fit uint32", name, it->string);
			return NULL;
		}
		p[k].id = (uint16_t)id;
		p[k].expire = (uint32_t)val;
		k++;
	}
	*n = k;
	return p;
}

/* {"<resource type>": {"<permission type>": ["resource", ...]}} */
static struct agt_rtm2_perm *perms_value(struct vcase *c, const cJSON *obj,
    const char *name, size_t *n)
{
	struct agt_rtm2_perm *p;
	const cJSON *rt, *pt, *res;
	size_t k = 0, cap = 0;

	*n = 0;
	if (obj == NULL || cJSON_IsNull(obj))
		return NULL;
	if (!cJSON_IsObject(obj)) {
		refuse(c, "%s is not an object", name);
		return NULL;
	}
	cJSON_ArrayForEach(rt, obj)
		if (cJSON_IsObject(rt))
			cap += (size_t)cJSON_GetArraySize(rt);
	p = case_alloc(c, cap, sizeof *p);
	cJSON_ArrayForEach(rt, obj) {
		long double rtype;

		if (py_int_str(rt->string, &rtype) != 0 || rtype < 0 ||
		    rtype > 65535 || !cJSON_IsObject(rt)) {
			refuse(c, "%s: bad resource type \"%.20s\"", name, rt->string);
			return NULL;
		}
		/* {"<type>": {}} adds nothing: the reference's public API,
		 * Permissions.add(), cannot declare a type without a
		 * permission type, so a generator feeding this map through it
		 * packs no entry for the type. */
		cJSON_ArrayForEach(pt, rt) {
			long double ptype;
			struct agt_str *rs;
			size_t m = 0;

			if (py_int_str(pt->string, &ptype) != 0 || ptype < 0 ||
			    ptype > 65535 || !cJSON_IsArray(pt)) {
				refuse(c, "%s: bad permission type \"%.20s\"", name,
				    pt->string);
				return NULL;
			}
			rs = case_alloc(c, (size_t)cJSON_GetArraySize(pt), sizeof *rs);
			cJSON_ArrayForEach(res, pt) {
				if (vj_string(&c->vj, res, &rs[m]) != 0) {
					refuse(c, "%s: a resource is not a string", name);
					return NULL;
				}
				m++;
			}
			p[k].resource_type = (uint16_t)rtype;
			p[k].permission_type = (uint16_t)ptype;
			p[k].resources = rs;
			p[k].nresources = m;
			k++;
		}
	}
	*n = k;
	return p;
}

/* One AccessToken2.build service object. */
static void service_value(struct vcase *c, const cJSON *o, size_t idx,
    struct agt_service *s)
{
	static const char *const known[] = { "type", "privileges", "channel_name",
	    "uid", "account", "user_id", "permissions", "room_uuid", "user_uuid",
	    "role", NULL };
	const cJSON *it;
	char name[64];
	long double t;
	const cJSON *v;

	memset(s, 0, sizeof *s);
	s->role = -1; /* ServiceApaas's default */
	if (!cJSON_IsObject(o)) {
		malformed(c, "args.services[%zu] is not an object", idx);
		return;
	}
	cJSON_ArrayForEach(it, o) {
		size_t j;

		for (j = 0; known[j] != NULL; j++)
			if (strcmp(known[j], it->string) == 0)
				break;
		if (known[j] == NULL)
			malformed(c, "args.services[%zu] has an unknown field \"%.30s\"",
			    idx, it->string);
	}
	v = vj_get(o, "type");
	if (v == NULL || py_int(c, v, &t) != 0 || t < 0 || t > 65535) {
		malformed(c, "args.services[%zu].type is not a service type 0..65535",
		    idx);
		return;
	}
	s->type = (uint16_t)t;
	snprintf(name, sizeof name, "args.services[%zu].privileges", idx);
	s->privs = privs_value(c, vj_get(o, "privileges"), name, &s->nprivs);

#define SVC_STR(field, key) do { \
	v = vj_get(o, key); \
	if (v != NULL && vj_string(&c->vj, v, &s->field) != 0) \
		refuse(c, "args.services[%zu]." key " is not a string", idx); \
} while (0)
	switch (s->type) {
	case AGT_SERVICE_RTC:
		SVC_STR(channel, "channel_name");
		snprintf(name, sizeof name, "args.services[%zu].uid", idx);
		s->account = ident_value(c, vj_get(o, "uid"), name);
		break;
	case AGT_SERVICE_STREAMING:
	case AGT_SERVICE_FCDN:
		SVC_STR(channel, "channel_name");
		snprintf(name, sizeof name, "args.services[%zu].account", idx);
		s->account = ident_value(c, vj_get(o, "account"), name);
		break;
	case AGT_SERVICE_RTM:
	case AGT_SERVICE_CHAT:
		SVC_STR(user_id, "user_id");
		break;
	case AGT_SERVICE_APAAS:
		SVC_STR(room_uuid, "room_uuid");
		SVC_STR(user_uuid, "user_uuid");
		v = vj_get(o, "role");
		if (v != NULL) {
			long double r;

			if (py_int(c, v, &r) != 0 || r < -32768 || r > 32767)
				refuse(c, "args.services[%zu].role does not fit int16", idx);
			else
				s->role = (int16_t)r;
		}
		break;
	case AGT_SERVICE_RTM2:
		SVC_STR(user_id, "user_id");
		snprintf(name, sizeof name, "args.services[%zu].permissions", idx);
		s->perms = perms_value(c, vj_get(o, "permissions"), name, &s->nperms);
		break;
	default:
		break;
	}
#undef SVC_STR
}

/* ---- running a case ---- */

typedef enum agt_err (*rtc_builder)(const struct agt_rtc_params *p,
    char *out, size_t cap, size_t *len);

/* Where each RTC builder takes the parameters that follow the app id,
 * certificate, channel and user (positions 0 to 3): an argument position,
 * or 0 for a parameter the builder does not take.  The four per-privilege
 * expiries follow join_expire, and the RTM token expiry follows rtm_user,
 * in the reference's order. */
struct rtc_layout {
	enum bkind kind;
	rtc_builder build;
	int role, token_expire, privilege_expire, join_expire, rtm_user;
};

static const struct rtc_layout rtc_layouts[] = {
	/* kind, builder, then the positions of role, token_expire,
	 * privilege_expire, join_expire and rtm_user */
	{ B_RTC006_UID, agt_rtc_build006, 4, 0, 5, 0, 0 },
	{ B_RTC006_ACCOUNT, agt_rtc_build006, 4, 0, 5, 0, 0 },
	{ B_RTC_UID, agt_rtc_build, 4, 5, 6, 0, 0 },
	{ B_RTC_ACCOUNT, agt_rtc_build, 4, 5, 6, 0, 0 },
	{ B_RTC_RTM, agt_rtc_build_with_rtm, 4, 5, 6, 0, 0 },
	{ B_RTC_UID_PRIV, agt_rtc_build_with_privileges, 0, 4, 0, 5, 0 },
	{ B_RTC_ACCOUNT_PRIV, agt_rtc_build_with_privileges, 0, 4, 0, 5, 0 },
	{ B_RTC_RTM2, agt_rtc_build_with_rtm2, 4, 5, 0, 6, 10 },
	{ B_CONVOAI, agt_convoai_build, 4, 5, 0, 6, 10 },
	{ B_STT, agt_stt_build, 4, 5, 0, 6, 10 },
};

/* Every RTC kind has a row; an unknown kind gets the first. */
static const struct rtc_layout *rtc_layout_for(enum bkind k)
{
	for (size_t i = 0; i < sizeof rtc_layouts / sizeof rtc_layouts[0]; i++)
		if (rtc_layouts[i].kind == k)
			return &rtc_layouts[i];
	return &rtc_layouts[0];
}

/* Every RTC builder, 006 and 007, the npm-only ConvoAI and STT included. */
static char *run_rtc(struct vcase *c, const struct rtc_layout *l,
    enum agt_err *err)
{
	struct agt_rtc_params p;
	char *tok = NULL;

	agt_rtc_params_init(&p);
	p.app_id = a_str(c, 0);
	p.app_certificate = a_str(c, 1);
	p.channel = a_str(c, 2);
	/* build_token_with_rtm also makes the account the RTM user id,
	 * which the reference encodes as a string. */
	p.account = l->kind == B_RTC_RTM ? a_str(c, 3) : a_ident(c, 3);
	if (l->role)
		p.role = a_role(c, l->role);
	if (l->token_expire)
		p.token_expire = a_u32(c, l->token_expire, 0);
	if (l->privilege_expire)
		p.privilege_expire = a_u32(c, l->privilege_expire, 0);
	if (l->join_expire) {
		p.join_expire = a_u32(c, l->join_expire, 0);
		p.pub_audio_expire = a_u32(c, l->join_expire + 1, 0);
		p.pub_video_expire = a_u32(c, l->join_expire + 2, 0);
		p.pub_data_expire = a_u32(c, l->join_expire + 3, 0);
	}
	if (l->rtm_user) {
		p.rtm_user_id = a_str(c, l->rtm_user);
		p.rtm_token_expire = a_u32(c, l->rtm_user + 1, 0);
	}
	p.pin = c->pin;
	c->cert = p.app_certificate;
	if (c->b->version == 6) {
		c->vchannel = p.channel;
		c->vuid = p.account;
	}
	if (!c->refused)
		CLI_BUILD(tok, l->build, &p, err);
	return tok;
}

/* RtmTokenBuilder (006) and RtmTokenBuilder2, with or without RTM2
 * permissions. */
static char *run_rtm(struct vcase *c, enum agt_err *err)
{
	enum bkind k = c->b->kind;
	struct agt_rtm_params p;
	char *tok = NULL;

	agt_rtm_params_init(&p);
	p.app_id = a_str(c, 0);
	p.app_certificate = a_str(c, 1);
	p.user_id = a_str(c, 2);
	if (k == B_RTM_PERMS)
		p.perms = perms_value(c, c->arg[3], "args.permissions", &p.nperms);
	/* 006 takes a role before the expiry, and ignores it. */
	p.expire = a_u32(c, k == B_RTM ? 3 : 4, 0);
	p.pin = c->pin;
	c->cert = p.app_certificate;
	if (k == B_RTM006) {
		/* The user account is the 006 channel, encoded as a string. */
		c->vchannel = p.user_id;
		c->vuid.p = "";
		c->vuid.n = 0;
	}
	if (c->refused || c->malformed)
		return NULL;
	if (k == B_RTM006)
		CLI_BUILD(tok, agt_rtm_build006, &p, err);
	else if (k == B_RTM)
		CLI_BUILD(tok, agt_rtm_build, &p, err);
	else
		CLI_BUILD(tok, agt_rtm_build_with_permissions, &p, err);
	return tok;
}

/* AccessToken.build: a 006 token from a privilege map. */
static char *run_raw006(struct vcase *c, enum agt_err *err)
{
	struct agt_token006_params p;
	char *tok = NULL;

	agt_token006_params_init(&p);
	p.app_id = a_str(c, 0);
	p.app_certificate = a_str(c, 1);
	p.channel = a_str(c, 2);
	p.uid = a_ident(c, 3);
	p.privs = privs_value(c, c->arg[4], "args.privileges", &p.nprivs);
	p.pin = c->pin;
	c->cert = p.app_certificate;
	c->vchannel = p.channel;
	c->vuid = p.uid;
	if (!c->refused)
		CLI_BUILD(tok, agt_build006, &p, err);
	return tok;
}

/* AccessToken2.build: a 007 token from a list of service objects. */
static char *run_raw007(struct vcase *c, enum agt_err *err)
{
	const cJSON *services = c->arg[3];
	struct agt_token007_params p;
	struct agt_service *sv = NULL;
	size_t ns = 0;
	char *tok = NULL;

	agt_token007_params_init(&p);
	p.app_id = a_str(c, 0);
	p.app_certificate = a_str(c, 1);
	p.expire = a_u32(c, 2, 900); /* AccessToken's default */
	if (services != NULL && !cJSON_IsArray(services)) {
		malformed(c, "args.services is not an array");
	} else if (services != NULL) {
		const cJSON *it;

		sv = case_alloc(c, (size_t)cJSON_GetArraySize(services), sizeof *sv);
		cJSON_ArrayForEach(it, services) {
			service_value(c, it, ns, &sv[ns]);
			ns++;
		}
	}
	p.services = sv;
	p.nservices = ns;
	p.pin = c->pin;
	c->cert = p.app_certificate;
	if (!c->refused && !c->malformed)
		CLI_BUILD(tok, agt_build007, &p, err);
	return tok;
}

/* ChatTokenBuilder2: a user token, or an app token (no user id). */
static char *run_chat(struct vcase *c, enum agt_err *err)
{
	int user = c->b->kind == B_CHAT_USER;
	struct agt_chat_params p;
	char *tok = NULL;

	agt_chat_params_init(&p);
	p.app_id = a_str(c, 0);
	p.app_certificate = a_str(c, 1);
	if (user)
		p.user_id = a_str(c, 2);
	p.expire = a_u32(c, user ? 3 : 2, 0);
	p.pin = c->pin;
	c->cert = p.app_certificate;
	if (!c->refused)
		CLI_BUILD(tok, user ? agt_chat_build_user : agt_chat_build_app,
		    &p, err);
	return tok;
}

static char *run_fpa(struct vcase *c, enum agt_err *err)
{
	struct agt_fpa_params p;
	char *tok = NULL;

	agt_fpa_params_init(&p);
	p.app_id = a_str(c, 0);
	p.app_certificate = a_str(c, 1);
	p.pin = c->pin;
	c->cert = p.app_certificate;
	if (!c->refused)
		CLI_BUILD(tok, agt_fpa_build, &p, err);
	return tok;
}

/* ApaasTokenBuilder and EducationTokenBuilder (the same tokens): room
 * user, user or app. */
static char *run_apaas(struct vcase *c, enum agt_err *err)
{
	enum bkind k = c->b->kind;
	int room = k == B_APAAS_ROOM || k == B_EDU_ROOM;
	int user = k == B_APAAS_USER || k == B_EDU_USER;
	int edu = k >= B_EDU_ROOM;
	struct agt_apaas_params p;
	char *tok = NULL;

	agt_apaas_params_init(&p);
	p.app_id = a_str(c, 0);
	p.app_certificate = a_str(c, 1);
	if (room) {
		p.room_uuid = a_str(c, 2);
		p.user_uuid = a_str(c, 3);
		p.role = (int16_t)a_int(c, 4, -32768, 32767, -1, "int16");
		p.expire = a_u32(c, 5, 0);
	} else if (user) {
		p.user_uuid = a_str(c, 2);
		p.expire = a_u32(c, 3, 0);
	} else {
		p.expire = a_u32(c, 2, 0);
	}
	p.pin = c->pin;
	c->cert = p.app_certificate;
	if (c->refused)
		return NULL;
	if (room)
		CLI_BUILD(tok, edu ? agt_education_build_room_user :
		    agt_apaas_build_room_user, &p, err);
	else if (user)
		CLI_BUILD(tok, edu ? agt_education_build_user :
		    agt_apaas_build_user, &p, err);
	else
		CLI_BUILD(tok, edu ? agt_education_build_app :
		    agt_apaas_build_app, &p, err);
	return tok;
}

/* Our token for the case, or NULL with *err (AGT_OK when an argument was
 * refused before the library was called). */
static char *run_case(struct vcase *c, enum agt_err *err)
{
	enum bkind k = c->b->kind;

	*err = AGT_OK;
	c->npm = (k == B_CONVOAI || k == B_STT);
	switch (k) {
	case B_RTC006_UID:
	case B_RTC006_ACCOUNT:
	case B_RTC_UID:
	case B_RTC_ACCOUNT:
	case B_RTC_UID_PRIV:
	case B_RTC_ACCOUNT_PRIV:
	case B_RTC_RTM:
	case B_RTC_RTM2:
	case B_CONVOAI:
	case B_STT:
		return run_rtc(c, rtc_layout_for(k), err);
	case B_RTM006:
	case B_RTM:
	case B_RTM_PERMS:
		return run_rtm(c, err);
	case B_RAW006:
		return run_raw006(c, err);
	case B_RAW007:
		return run_raw007(c, err);
	case B_CHAT_USER:
	case B_CHAT_APP:
		return run_chat(c, err);
	case B_FPA:
		return run_fpa(c, err);
	case B_APAAS_ROOM:
	case B_APAAS_USER:
	case B_APAAS_APP:
	case B_EDU_ROOM:
	case B_EDU_USER:
	case B_EDU_APP:
		return run_apaas(c, err);
	}
	return NULL; /* not reached: every kind has a case above */
}

/* Names c by its "id" (a string or a number), if it has one. */
static void case_id(struct vcase *c)
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

/* A case of the "parse" kind (cli_vectors_parse.c): a token to read and
 * verify instead of a builder to run. */
static int is_parse_case(const struct vcase *c)
{
	const cJSON *v = vj_get(c->vj.root, "builder");

	return cJSON_IsString(v) && strcmp(v->valuestring, "parse") == 0;
}

/* Reads id, builder, args and the pins of a parsed line into c. */
static void case_setup(struct vcase *c, int need_pins)
{
	const cJSON *root = c->vj.root, *v;
	cJSON *args, *it;
	size_t i;

	case_id(c);
	v = vj_get(root, "builder");
	if (!cJSON_IsString(v)) {
		malformed(c, "no \"builder\"");
		return;
	}
	for (i = 0; i < sizeof builders / sizeof builders[0]; i++)
		if (strcmp(builders[i].name, v->valuestring) == 0)
			c->b = &builders[i];
	if (c->b == NULL) {
		malformed(c, "unknown builder \"%.80s\"", v->valuestring);
		return;
	}

	args = vj_get(root, "args");
	if (cJSON_IsArray(args)) {
		i = 0;
		cJSON_ArrayForEach(it, args) {
			if (i >= MAXARGS || c->b->args[i] == NULL) {
				malformed(c, "%s takes at most %zu arguments", c->b->name, i);
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
				malformed(c, "%s has no parameter \"%.40s\"", c->b->name,
				    it->string);
				return;
			}
			c->arg[i] = it; /* a repeated key: the last wins */
		}
	} else {
		malformed(c, "\"args\" is not an object");
		return;
	}
	for (i = 0; i < (size_t)c->b->nreq; i++)
		if (c->arg[i] == NULL) {
			malformed(c, "args.%s is missing (%s requires it)",
			    c->b->args[i], c->b->name);
			return;
		}

	/* Pins: 006 "salt" + "ts" (the token's ts field), 007 "salt" +
	 * "issue_ts".  A value the reference's pack would reject refuses. */
	memset(&c->pin, 0, sizeof c->pin);
	{
		const char *tsname = c->b->version == 6 ? "ts" : "issue_ts";
		const char *names[2] = { "salt", tsname };
		unsigned flags[2] = { AGT_PIN_SALT, AGT_PIN_TS };

		for (int j = 0; j < 2; j++) {
			long double x;

			v = vj_get(root, names[j]);
			if (v == NULL) {
				if (need_pins)
					malformed(c, "no \"%s\"", names[j]);
				continue;
			}
			if (!cJSON_IsNumber(v) || py_int(c, v, &x) != 0) {
				malformed(c, "\"%s\" is not a number", names[j]);
				continue;
			}
			if (x < 0 || x > UINT32_MAX) {
				refuse(c, "%s %.0Lf does not fit uint32", names[j], x);
				continue;
			}
			c->pin.flags |= flags[j];
			if (j == 0)
				c->pin.salt = (uint32_t)x;
			else
				c->pin.ts = (uint32_t)x;
		}
	}
}

/* ---- comparing tokens ---- */

struct differ {
	FILE *o;
	const char *id;
};

static int d_num(struct differ *d, const char *field, unsigned long long e,
    unsigned long long a)
{
	if (e == a)
		return 0;
	fprintf(d->o, "%s: %s differs: expected %llu got %llu\n", d->id, field,
	    e, a);
	return 1;
}

static int d_int(struct differ *d, const char *field, long long e, long long a)
{
	if (e == a)
		return 0;
	fprintf(d->o, "%s: %s differs: expected %lld got %lld\n", d->id, field,
	    e, a);
	return 1;
}

static int d_str(struct differ *d, const char *field, struct agt_str e,
    struct agt_str a)
{
	if (e.n == a.n && (e.n == 0 || memcmp(e.p, a.p, e.n) == 0))
		return 0;
	fprintf(d->o, "%s: %s differs: expected ", d->id, field);
	json_write_string(d->o, e.p, e.n);
	fputs(" got ", d->o);
	json_write_string(d->o, a.p, a.n);
	fputc('\n', d->o);
	return 1;
}

static int d_privs(struct differ *d, const char *prefix,
    const struct agt_priv *e, size_t ne, const struct agt_priv *a, size_t na)
{
	char f[128];

	snprintf(f, sizeof f, "%sprivileges count", prefix);
	if (d_num(d, f, ne, na))
		return 1;
	for (size_t i = 0; i < ne; i++) {
		snprintf(f, sizeof f, "%sprivileges[%zu].id", prefix, i);
		if (d_num(d, f, e[i].id, a[i].id))
			return 1;
		snprintf(f, sizeof f, "%sprivileges[%zu].expire", prefix, i);
		if (d_num(d, f, e[i].expire, a[i].expire))
			return 1;
	}
	return 0;
}

static int d_service(struct differ *d, size_t i, const struct agt_service *e,
    const struct agt_service *a)
{
	char p[48], f[256];

	snprintf(p, sizeof p, "services[%zu].", i);
#define F(name) (snprintf(f, sizeof f, "%s%s", p, name), f)
	if (d_num(d, F("type"), e->type, a->type))
		return 1;
	if (d_privs(d, p, e->privs, e->nprivs, a->privs, a->nprivs))
		return 1;
	if (d_str(d, F("channel"), e->channel, a->channel))
		return 1;
	if (d_str(d, F(e->type == AGT_SERVICE_RTC ? "uid" : "account"),
	    e->account, a->account))
		return 1;
	if (d_str(d, F("user_id"), e->user_id, a->user_id))
		return 1;
	if (d_str(d, F("room_uuid"), e->room_uuid, a->room_uuid))
		return 1;
	if (d_str(d, F("user_uuid"), e->user_uuid, a->user_uuid))
		return 1;
	if (d_int(d, F("role"), e->role, a->role))
		return 1;
	if (d_num(d, F("permissions count"), e->nperms, a->nperms))
		return 1;
	for (size_t k = 0; k < e->nperms; k++) {
		const struct agt_rtm2_perm *ep = &e->perms[k], *ap = &a->perms[k];
		char q[48];

		snprintf(q, sizeof q, "permissions[%zu].", k);
		if (d_num(d, (snprintf(f, sizeof f, "%s%sresource_type", p, q), f),
		    ep->resource_type, ap->resource_type) ||
		    d_num(d, (snprintf(f, sizeof f, "%s%spermission_type", p, q), f),
		    ep->permission_type, ap->permission_type) ||
		    d_num(d, (snprintf(f, sizeof f, "%s%sresources count", p, q), f),
		    ep->nresources, ap->nresources))
			return 1;
		for (size_t m = 0; m < ep->nresources; m++)
			if (d_str(d, (snprintf(f, sizeof f, "%s%sresources[%zu]", p, q,
			    m), f), ep->resources[m], ap->resources[m]))
				return 1;
	}
#undef F
	return 0;
}

/* Prints the first decoded field in which e (expected) and a (ours)
 * differ; the signature comes last, as every other difference changes it
 * too.  Returns 0 when every field is equal. */
static int diff_views(struct differ *d, const struct agt_token_view *e,
    const struct agt_token_view *a)
{
	if (d_num(d, "version", (unsigned)e->version, (unsigned)a->version) ||
	    d_str(d, "app_id", e->app_id, a->app_id))
		return 1;
	if (e->version == 6) {
		if (d_num(d, "salt", e->salt, a->salt) ||
		    d_num(d, "ts", e->ts, a->ts) ||
		    d_num(d, "crc_channel", e->crc_channel, a->crc_channel) ||
		    d_num(d, "crc_uid", e->crc_uid, a->crc_uid) ||
		    d_privs(d, "", e->privs, e->nprivs, a->privs, a->nprivs))
			return 1;
	} else {
		if (d_num(d, "issue_ts", e->ts, a->ts) ||
		    d_num(d, "expire", e->expire, a->expire) ||
		    d_num(d, "salt", e->salt, a->salt) ||
		    d_num(d, "services count", e->declared_services,
		    a->declared_services) ||
		    d_num(d, "parsed services count", e->nservices, a->nservices))
			return 1;
		for (size_t i = 0; i < e->nservices; i++)
			if (d_service(d, i, &e->services[i], &a->services[i]))
				return 1;
		if (d_num(d, "unknown_service", (unsigned)e->unknown_service,
		    (unsigned)a->unknown_service) ||
		    d_num(d, "unknown_service type", e->unknown_service_type,
		    a->unknown_service_type))
			return 1;
	}
	if (memcmp(e->signature, a->signature, AGT_SIGNATURE_BYTES) != 0) {
		fprintf(d->o, "%s: signature differs: expected ", d->id);
		for (size_t i = 0; i < AGT_SIGNATURE_BYTES; i++)
			fprintf(d->o, "%02x", e->signature[i]);
		fputs(" got ", d->o);
		for (size_t i = 0; i < AGT_SIGNATURE_BYTES; i++)
			fprintf(d->o, "%02x", a->signature[i]);
		fputc('\n', d->o);
		return 1;
	}
	return 0;
}

struct stats {
	unsigned long passed, failed;
};

/* Runs one parsed case of "vectors check"; prints a line when it fails. */
static void check_case(struct vcase *c, struct stats *st)
{
	struct differ d = { stdout, c->id ? c->id : c->where };
	const cJSON *tv = vj_get(c->vj.root, "token"), *mv;
	struct agt_token *etok = NULL, *otok = NULL;
	struct agt_token_view ev, ov;
	enum agt_err err = AGT_OK, perr;
	int payload = 0, ok = 0;
	const char *expected;
	size_t elen;
	char *ours = NULL;

	if (!c->malformed && !cJSON_IsString(tv))
		malformed(c, "no expected \"token\" string");
	mv = vj_get(c->vj.root, "match");
	if (!c->malformed && mv != NULL) {
		if (cJSON_IsString(mv) && strcmp(mv->valuestring, "payload") == 0)
			payload = 1;
		else if (!cJSON_IsString(mv) || strcmp(mv->valuestring, "bytes") != 0)
			malformed(c, "\"match\" must be \"bytes\" or \"payload\"");
	}
	if (!c->malformed)
		ours = run_case(c, &err);
	if (c->malformed) {
		printf("%s: malformed case: %s\n", d.id, c->why);
		goto out;
	}
	expected = tv->valuestring;
	elen = strlen(expected);

	if (elen == 0) {
		/* The reference refused: we must refuse too. */
		if (ours == NULL) {
			ok = 1;
		} else {
			printf("%s: the reference refused this case (token \"\") but we "
			    "built %.40s...\n", d.id, ours);
		}
		goto out;
	}

	/* The expected token must parse (and below, verify). */
	perr = agt_token_parse(expected, elen, &etok);
	if (perr != AGT_OK) {
		printf("%s: the expected token does not parse: %s (%s)\n", d.id,
		    agt_strerror(perr), agt_errname(perr));
		goto out;
	}
	if (ours == NULL) {
		if (c->refused)
			printf("%s: the reference built a token but we refuse the "
			    "arguments: %s\n", d.id, c->why);
		else
			printf("%s: the reference built a token but the library "
			    "refused: %s (%s)\n", d.id, agt_strerror(err),
			    agt_errname(err));
		goto out;
	}
	if ((payload && c->b->version == 7) || strcmp(ours, expected) != 0) {
		perr = agt_token_parse(ours, strlen(ours), &otok);
		if (perr != AGT_OK) {
			printf("%s: our token does not parse: %s (%s)\n", d.id,
			    agt_strerror(perr), agt_errname(perr));
			goto out;
		}
		agt_token_view_init(&ev);
		agt_token_view_init(&ov);
		if (agt_token_get_view(etok, &ev) != AGT_OK ||
		    agt_token_get_view(otok, &ov) != AGT_OK) {
			printf("%s: cannot read the decoded tokens\n", d.id);
			goto out;
		}
		if (diff_views(&d, &ev, &ov))
			goto out;
		/* Equal fields and equal signatures over the signing info
		 * mean equal inflated contents: enough for "payload". */
		if (!payload) {
			printf("%s: the token text differs but every decoded field "
			    "is equal (the deflate or base64 encoding differs)\n",
			    d.id);
			goto out;
		}
	}
	/* Equal to ours; still, the vector itself must verify with the
	 * case's certificate (006: and its channel and uid). */
	perr = agt_token_verify(etok, c->cert, c->vchannel, c->vuid);
	if (perr != AGT_OK) {
		printf("%s: the expected token does not verify with the case's "
		    "certificate: %s (%s)\n", d.id, agt_strerror(perr),
		    agt_errname(perr));
		goto out;
	}
	ok = 1;
out:
	if (ok)
		st->passed++;
	else
		st->failed++;
	agt_token_free(etok);
	agt_token_free(otok);
	free(ours);
}

/* ---- "vectors build": replace the value of the top-level "token" ---- */

static size_t skip_ws(const char *s, size_t i, size_t n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
	    s[i] == '\r'))
		i++;
	return i;
}

static size_t skip_string(const char *s, size_t i, size_t n)
{
	for (i++; i < n && s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	return i < n ? i + 1 : n;
}

static size_t skip_value(const char *s, size_t i, size_t n)
{
	int depth = 0;

	if (i < n && s[i] == '"')
		return skip_string(s, i, n);
	if (i < n && (s[i] == '{' || s[i] == '[')) {
		for (; i < n; i++) {
			if (s[i] == '"') {
				i = skip_string(s, i, n) - 1;
			} else if (s[i] == '{' || s[i] == '[') {
				depth++;
			} else if (s[i] == '}' || s[i] == ']') {
				if (--depth == 0)
					return i + 1;
			}
		}
		return n;
	}
	while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' &&
	    s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
		i++;
	return i;
}

/* Writes the (valid JSON object) line with "token" set to tok. */
static void write_with_token(FILE *o, const char *s, size_t n, const char *tok)
{
	size_t i = skip_ws(s, 0, n), close = n;

	if (i >= n || s[i] != '{')
		return;
	i++;
	for (;;) {
		size_t ks, ke, vs, ve;

		i = skip_ws(s, i, n);
		if (i < n && s[i] == '}') {
			close = i;
			break;
		}
		ks = i;
		ke = skip_string(s, i, n);
		i = skip_ws(s, ke, n);
		i = skip_ws(s, i + 1, n); /* the colon */
		vs = i;
		ve = skip_value(s, i, n);
		if (ke - ks == 7 && memcmp(s + ks, "\"token\"", 7) == 0) {
			fwrite(s, 1, vs, o);
			json_write_string(o, tok, strlen(tok));
			fwrite(s + ve, 1, n - ve, o);
			fputc('\n', o);
			return;
		}
		i = skip_ws(s, ve, n);
		if (i < n && s[i] == ',') {
			i++;
			continue;
		}
		close = i;
		break;
	}
	/* No "token" member: add one before the closing brace. */
	{
		size_t k = close;
		int empty;

		while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
			k--;
		empty = k > 0 && s[k - 1] == '{';
		fwrite(s, 1, k, o);
		fputs(empty ? "\"token\":" : ",\"token\":", o);
		json_write_string(o, tok, strlen(tok));
		fwrite(s + close, 1, n - close, o);
		fputc('\n', o);
	}
}

/* ---- the subcommand ---- */

static const char vectors_help[] =
"usage: " CLI_NAME " vectors check FILE...|-\n"
"       " CLI_NAME " vectors build FILE|-\n"
"\n"
"check  runs every case of reference vector files (JSON Lines, one case a\n"
"       line: id, builder, args, salt, ts or issue_ts, token, optional\n"
"       match): builds the token with the library and compares it with the\n"
"       recorded one (its text, or its decoded content for \"match\":\n"
"       \"payload\"); the recorded token must also parse and verify with the\n"
"       case's certificate.  A token \"\" means the reference refused, and\n"
"       the library must refuse too.  A case with builder \"parse\" holds\n"
"       a token to read instead: it must parse or not (\"verdict\"), its\n"
"       decoded \"fields\" must be equal, and it must verify or not with\n"
"       the certificate, channel and uid of \"verify\".  Prints one line\n"
"       per failing case naming the first field that differs, then\n"
"       \"N passed, N failed\"; exits 1 when any case failed.\n"
"build  writes the same lines with \"token\" set to our token (\"\" when\n"
"       the library refuses); \"parse\" cases are copied unchanged.\n";

/* Iterates over the non-blank lines of a file, calling fn for each. */
static int each_line(const char *path, void (*fn)(const char *, size_t,
    const char *, unsigned long, void *), void *arg)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	unsigned long lineno = 0;
	int rc = 0;

	if (strcmp(path, "-") == 0) {
		f = stdin;
		path = "stdin";
	} else if ((f = fopen(path, "r")) == NULL) {
		cli_warn("%s: %s", path, strerror(errno));
		return -1;
	}
	while ((got = getline(&line, &cap, f)) >= 0) {
		size_t n = (size_t)got, k = 0;

		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		while (k < n && isspace((unsigned char)line[k]))
			k++;
		if (k == n)
			continue; /* blank lines are ignored */
		fn(line, n, path, lineno, arg);
	}
	if (ferror(f)) {
		cli_warn("%s: read error: %s", path, strerror(errno));
		rc = -1;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

/* Starts case c, named "FILE:LINE", from one line: NULL, or what makes the
 * line unreadable JSON.  Either way case_free(c) ends it. */
static const char *case_open(struct vcase *c, const char *line, size_t n,
    const char *path, unsigned long lineno)
{
	const char *jerr = NULL;

	memset(c, 0, sizeof *c);
	snprintf(c->where, sizeof c->where, "%s:%lu", path, lineno);
	return vj_parse(&c->vj, line, n, &jerr) != 0 ? jerr : NULL;
}

static void check_line(const char *line, size_t n, const char *path,
    unsigned long lineno, void *arg)
{
	struct stats *st = arg;
	struct vcase c;
	const char *jerr = case_open(&c, line, n, path, lineno);

	if (jerr != NULL) {
		printf("%s: malformed line: %s\n", c.where, jerr);
		st->failed++;
		case_free(&c);
		return;
	}
	if (is_parse_case(&c)) {
		case_id(&c);
		if (cli_vectors_parse_check(&c.vj, c.id ? c.id : c.where))
			st->passed++;
		else
			st->failed++;
	} else {
		case_setup(&c, 1);
		check_case(&c, st);
	}
	case_free(&c);
}

struct build_state {
	unsigned long bad;
};

static void build_line(const char *line, size_t n, const char *path,
    unsigned long lineno, void *arg)
{
	struct build_state *bs = arg;
	struct vcase c;
	const char *jerr = case_open(&c, line, n, path, lineno);
	enum agt_err err;
	char *tok = NULL;

	if (jerr != NULL) {
		cli_warn("%s: malformed line: %s", c.where, jerr);
		bs->bad++;
		case_free(&c);
		return;
	}
	if (is_parse_case(&c)) {
		/* Nothing to build: the line is copied as it is. */
		fwrite(line, 1, n, stdout);
		fputc('\n', stdout);
		case_free(&c);
		return;
	}
	case_setup(&c, 0);
	if (!c.malformed)
		tok = run_case(&c, &err);
	if (c.malformed) {
		cli_warn("%s: %s: %s", c.where, c.id ? c.id : "case", c.why);
		bs->bad++;
	} else {
		write_with_token(stdout, line, n, tok ? tok : "");
	}
	free(tok);
	case_free(&c);
}

int cli_cmd_vectors(int argc, char **argv)
{
	static const struct cli_opt opts[] = { { NULL, 0, 0, 0 } };
	struct cli_getopt g;
	const char *action;
	int id, rc = CLI_EXIT_OK;

	cli_getopt_init(&g, argc, argv, "vectors", opts);
	g.help = vectors_help;
	while ((id = cli_getopt_next(&g)) != CLI_OPT_END)
		continue;
	if (g.npos == 0)
		cli_usage_error("vectors", "expected 'check FILE...' or 'build FILE'");
	action = g.pos[0];
	if (strcmp(action, "check") == 0) {
		struct stats st = { 0, 0 };

		if (g.npos < 2)
			cli_usage_error("vectors", "check: give at least one FILE "
			    "(- for stdin)");
		for (int i = 1; i < g.npos; i++)
			if (each_line(g.pos[i], check_line, &st) != 0)
				rc = CLI_EXIT_INPUT;
		printf("%lu passed, %lu failed\n", st.passed, st.failed);
		if (rc == CLI_EXIT_OK && st.failed > 0)
			rc = CLI_EXIT_FAIL;
	} else if (strcmp(action, "build") == 0) {
		struct build_state bs = { 0 };

		if (g.npos != 2)
			cli_usage_error("vectors", "build: give exactly one FILE "
			    "(- for stdin)");
		if (each_line(g.pos[1], build_line, &bs) != 0)
			rc = CLI_EXIT_INPUT;
		if (bs.bad > 0) {
			cli_warn("%lu malformed case%s skipped", bs.bad,
			    bs.bad == 1 ? "" : "s");
			rc = CLI_EXIT_INPUT;
		}
	} else {
		cli_usage_error("vectors", "unknown action \"%.40s\" (expected check "
		    "or build)", action);
	}
	cli_getopt_free(&g);
	agt_thread_cleanup();
	return rc;
}
