/* SPDX-License-Identifier: MIT */
/*
 * builders.c - the reference's token builders (RtcTokenBuilder,
 * RtmTokenBuilder, RtcTokenBuilder2, RtmTokenBuilder2, ChatTokenBuilder2,
 * FpaTokenBuilder, ApaasTokenBuilder, EducationTokenBuilder and npm's
 * ConvoAI/Stt builders), each mapped onto the raw agt_build006/007 with the
 * same services and privileges, in the same order, as the reference adds.
 */
#include "config.h"

#include "internal.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void agt_rtc_params_init(struct agt_rtc_params *p)
{
	if (p == NULL)
		return;
	*p = (struct agt_rtc_params){0};
	p->size = sizeof *p;
}

void agt_rtm_params_init(struct agt_rtm_params *p)
{
	if (p == NULL)
		return;
	*p = (struct agt_rtm_params){0};
	p->size = sizeof *p;
}

void agt_chat_params_init(struct agt_chat_params *p)
{
	if (p == NULL)
		return;
	*p = (struct agt_chat_params){0};
	p->size = sizeof *p;
}

void agt_fpa_params_init(struct agt_fpa_params *p)
{
	if (p == NULL)
		return;
	*p = (struct agt_fpa_params){0};
	p->size = sizeof *p;
}

void agt_apaas_params_init(struct agt_apaas_params *p)
{
	if (p == NULL)
		return;
	*p = (struct agt_apaas_params){0};
	p->size = sizeof *p;
}

/* A 007 token from a service list and the common fields. */
static enum agt_err build007(struct agt_str app_id, struct agt_str cert,
    uint32_t expire, const struct agt_pin *pin,
    const struct agt_service *services, size_t nservices,
    char *out, size_t outcap, size_t *outlen)
{
	struct agt_token007_params t;

	agt_token007_params_init(&t);
	t.app_id = app_id;
	t.app_certificate = cert;
	t.expire = expire;
	t.services = services;
	t.nservices = nservices;
	t.pin = *pin;
	return agt_build007(&t, out, outcap, outlen);
}

/* The RTC user string: the account when given, else the uid's decimal
 * form ("" for 0).  buf backs the uid form. */
static struct agt_str rtc_user(const struct agt_rtc_params *p, char buf[11])
{
	struct agt_str s;

	if (p->account.p != NULL)
		return p->account;
	s.n = agt_uid_string(p->uid, buf);
	s.p = buf;
	return s;
}

static int rtc_params_ok(const struct agt_rtc_params *p)
{
	/* account {NULL, n > 0} is a caller bug, not "use the uid". */
	return p != NULL && p->size >= sizeof *p && AGT_STR_OK(p->account);
}

/* ---- 006 ---- */

enum agt_err agt_rtc_build006(const struct agt_rtc_params *p, char *out,
    size_t outcap, size_t *outlen)
{
	struct agt_token006_params t;
	struct agt_priv privs[4];
	char ubuf[11];
	size_t n = 0;

	if (outlen == NULL)
		return AGT_EINVAL;
	*outlen = 0;
	if (!rtc_params_ok(p))
		return AGT_EINVAL;
	/* Attendee, publisher and admin all get the publish privileges in 006. */
	privs[n++] = (struct agt_priv){ AGT_PRIV_JOIN_CHANNEL, p->privilege_expire };
	if (p->role == AGT_ROLE_ATTENDEE || p->role == AGT_ROLE_PUBLISHER ||
	    p->role == AGT_ROLE_ADMIN) {
		privs[n++] = (struct agt_priv){ AGT_PRIV_PUBLISH_VIDEO, p->privilege_expire };
		privs[n++] = (struct agt_priv){ AGT_PRIV_PUBLISH_AUDIO, p->privilege_expire };
		privs[n++] = (struct agt_priv){ AGT_PRIV_PUBLISH_DATA, p->privilege_expire };
	}
	agt_token006_params_init(&t);
	t.app_id = p->app_id;
	t.app_certificate = p->app_certificate;
	t.channel = p->channel;
	t.uid = rtc_user(p, ubuf);
	t.privs = privs;
	t.nprivs = n;
	t.pin = p->pin;
	return agt_build006(&t, out, outcap, outlen);
}

enum agt_err agt_rtm_build006(const struct agt_rtm_params *p, char *out,
    size_t outcap, size_t *outlen)
{
	struct agt_token006_params t;
	struct agt_priv priv;

	if (outlen == NULL)
		return AGT_EINVAL;
	*outlen = 0;
	if (p == NULL || p->size < sizeof *p)
		return AGT_EINVAL;
	/* RtmTokenBuilder signs the account as the "channel" with uid "". */
	priv = (struct agt_priv){ AGT_PRIV_RTM_LOGIN_006, p->expire };
	agt_token006_params_init(&t);
	t.app_id = p->app_id;
	t.app_certificate = p->app_certificate;
	t.channel = p->user_id;
	t.uid = (struct agt_str){ "", 0 };
	t.privs = &priv;
	t.nprivs = 1;
	t.pin = p->pin;
	return agt_build006(&t, out, outcap, outlen);
}

/* ---- RtcTokenBuilder2 and the npm builders on top of it ---- */

enum agt_err agt_rtc_build(const struct agt_rtc_params *p, char *out,
    size_t outcap, size_t *outlen)
{
	struct agt_service rtc = {0};
	struct agt_priv privs[4];
	char ubuf[11];
	size_t n = 0;

	if (outlen == NULL)
		return AGT_EINVAL;
	*outlen = 0;
	if (!rtc_params_ok(p))
		return AGT_EINVAL;
	privs[n++] = (struct agt_priv){ AGT_PRIV_JOIN_CHANNEL, p->privilege_expire };
	if (p->role == AGT_ROLE_PUBLISHER) {
		privs[n++] = (struct agt_priv){ AGT_PRIV_PUBLISH_AUDIO, p->privilege_expire };
		privs[n++] = (struct agt_priv){ AGT_PRIV_PUBLISH_VIDEO, p->privilege_expire };
		privs[n++] = (struct agt_priv){ AGT_PRIV_PUBLISH_DATA, p->privilege_expire };
	}
	rtc.type = AGT_SERVICE_RTC;
	rtc.privs = privs;
	rtc.nprivs = n;
	rtc.channel = p->channel;
	rtc.account = rtc_user(p, ubuf);
	return build007(p->app_id, p->app_certificate, p->token_expire, &p->pin,
	    &rtc, 1, out, outcap, outlen);
}

enum agt_err agt_rtc_build_with_privileges(const struct agt_rtc_params *p,
    char *out, size_t outcap, size_t *outlen)
{
	struct agt_service rtc = {0};
	struct agt_priv privs[4];
	char ubuf[11];

	if (outlen == NULL)
		return AGT_EINVAL;
	*outlen = 0;
	if (!rtc_params_ok(p))
		return AGT_EINVAL;
	privs[0] = (struct agt_priv){ AGT_PRIV_JOIN_CHANNEL, p->join_expire };
	privs[1] = (struct agt_priv){ AGT_PRIV_PUBLISH_AUDIO, p->pub_audio_expire };
	privs[2] = (struct agt_priv){ AGT_PRIV_PUBLISH_VIDEO, p->pub_video_expire };
	privs[3] = (struct agt_priv){ AGT_PRIV_PUBLISH_DATA, p->pub_data_expire };
	rtc.type = AGT_SERVICE_RTC;
	rtc.privs = privs;
	rtc.nprivs = ARRAY_LEN(privs);
	rtc.channel = p->channel;
	rtc.account = rtc_user(p, ubuf);
	return build007(p->app_id, p->app_certificate, p->token_expire, &p->pin,
	    &rtc, 1, out, outcap, outlen);
}

enum agt_err agt_rtc_build_with_rtm(const struct agt_rtc_params *p, char *out,
    size_t outcap, size_t *outlen)
{
	struct agt_service svc[2] = {{0}};
	struct agt_priv privs[4], login;
	char ubuf[11];
	size_t n = 0;

	if (outlen == NULL)
		return AGT_EINVAL;
	*outlen = 0;
	if (!rtc_params_ok(p))
		return AGT_EINVAL;
	privs[n++] = (struct agt_priv){ AGT_PRIV_JOIN_CHANNEL, p->privilege_expire };
	if (p->role == AGT_ROLE_PUBLISHER) {
		privs[n++] = (struct agt_priv){ AGT_PRIV_PUBLISH_AUDIO, p->privilege_expire };
		privs[n++] = (struct agt_priv){ AGT_PRIV_PUBLISH_VIDEO, p->privilege_expire };
		privs[n++] = (struct agt_priv){ AGT_PRIV_PUBLISH_DATA, p->privilege_expire };
	}
	svc[0].type = AGT_SERVICE_RTC;
	svc[0].privs = privs;
	svc[0].nprivs = n;
	svc[0].channel = p->channel;
	svc[0].account = rtc_user(p, ubuf);
	/* The RTM login lasts as long as the token. */
	login = (struct agt_priv){ AGT_PRIV_RTM_LOGIN, p->token_expire };
	svc[1].type = AGT_SERVICE_RTM;
	svc[1].privs = &login;
	svc[1].nprivs = 1;
	svc[1].user_id = svc[0].account;
	return build007(p->app_id, p->app_certificate, p->token_expire, &p->pin,
	    svc, 2, out, outcap, outlen);
}

/* build_token_with_rtm2, optionally followed by a privilege-less service
 * (ConvoAI or STT) as the npm builders add it. */
static enum agt_err rtc_rtm2(const struct agt_rtc_params *p, uint16_t extra,
    char *out, size_t outcap, size_t *outlen)
{
	struct agt_service svc[3] = {{0}};
	struct agt_priv privs[4], login;
	char ubuf[11];
	size_t n = 0, ns = 2;

	if (outlen == NULL)
		return AGT_EINVAL;
	*outlen = 0;
	if (!rtc_params_ok(p))
		return AGT_EINVAL;
	privs[n++] = (struct agt_priv){ AGT_PRIV_JOIN_CHANNEL, p->join_expire };
	if (p->role == AGT_ROLE_PUBLISHER) {
		privs[n++] = (struct agt_priv){ AGT_PRIV_PUBLISH_AUDIO, p->pub_audio_expire };
		privs[n++] = (struct agt_priv){ AGT_PRIV_PUBLISH_VIDEO, p->pub_video_expire };
		privs[n++] = (struct agt_priv){ AGT_PRIV_PUBLISH_DATA, p->pub_data_expire };
	}
	svc[0].type = AGT_SERVICE_RTC;
	svc[0].privs = privs;
	svc[0].nprivs = n;
	svc[0].channel = p->channel;
	svc[0].account = rtc_user(p, ubuf);
	login = (struct agt_priv){ AGT_PRIV_RTM_LOGIN, p->rtm_token_expire };
	svc[1].type = AGT_SERVICE_RTM;
	svc[1].privs = &login;
	svc[1].nprivs = 1;
	svc[1].user_id = p->rtm_user_id;
	if (extra != 0)
		svc[ns++].type = extra;
	return build007(p->app_id, p->app_certificate, p->token_expire, &p->pin,
	    svc, ns, out, outcap, outlen);
}

enum agt_err agt_rtc_build_with_rtm2(const struct agt_rtc_params *p,
    char *out, size_t outcap, size_t *outlen)
{
	return rtc_rtm2(p, 0, out, outcap, outlen);
}

enum agt_err agt_convoai_build(const struct agt_rtc_params *p, char *out,
    size_t outcap, size_t *outlen)
{
	return rtc_rtm2(p, AGT_SERVICE_CONVOAI, out, outcap, outlen);
}

enum agt_err agt_stt_build(const struct agt_rtc_params *p, char *out,
    size_t outcap, size_t *outlen)
{
	return rtc_rtm2(p, AGT_SERVICE_STT, out, outcap, outlen);
}

/* ---- RtmTokenBuilder2 ---- */

static enum agt_err rtm_common(const struct agt_rtm_params *p, uint16_t type,
    char *out, size_t outcap, size_t *outlen)
{
	struct agt_service s = {0};
	struct agt_priv login;

	if (outlen == NULL)
		return AGT_EINVAL;
	*outlen = 0;
	if (p == NULL || p->size < sizeof *p)
		return AGT_EINVAL;
	login = (struct agt_priv){ AGT_PRIV_RTM_LOGIN, p->expire };
	s.type = type;
	s.privs = &login;
	s.nprivs = 1;
	s.user_id = p->user_id;
	if (type == AGT_SERVICE_RTM2) {
		s.perms = p->perms;
		s.nperms = p->nperms;
	}
	return build007(p->app_id, p->app_certificate, p->expire, &p->pin,
	    &s, 1, out, outcap, outlen);
}

enum agt_err agt_rtm_build(const struct agt_rtm_params *p, char *out,
    size_t outcap, size_t *outlen)
{
	return rtm_common(p, AGT_SERVICE_RTM, out, outcap, outlen);
}

enum agt_err agt_rtm_build_with_permissions(const struct agt_rtm_params *p,
    char *out, size_t outcap, size_t *outlen)
{
	return rtm_common(p, AGT_SERVICE_RTM2, out, outcap, outlen);
}

/* ---- ChatTokenBuilder2 ---- */

static enum agt_err chat_common(const struct agt_chat_params *p, int app,
    char *out, size_t outcap, size_t *outlen)
{
	struct agt_service s = {0};
	struct agt_priv priv;

	if (outlen == NULL)
		return AGT_EINVAL;
	*outlen = 0;
	if (p == NULL || p->size < sizeof *p)
		return AGT_EINVAL;
	priv = (struct agt_priv){ app ? AGT_PRIV_CHAT_APP : AGT_PRIV_CHAT_USER,
	    p->expire };
	s.type = AGT_SERVICE_CHAT;
	s.privs = &priv;
	s.nprivs = 1;
	if (!app)
		s.user_id = p->user_id;
	return build007(p->app_id, p->app_certificate, p->expire, &p->pin,
	    &s, 1, out, outcap, outlen);
}

enum agt_err agt_chat_build_user(const struct agt_chat_params *p, char *out,
    size_t outcap, size_t *outlen)
{
	return chat_common(p, 0, out, outcap, outlen);
}

enum agt_err agt_chat_build_app(const struct agt_chat_params *p, char *out,
    size_t outcap, size_t *outlen)
{
	return chat_common(p, 1, out, outcap, outlen);
}

/* ---- FpaTokenBuilder ---- */

enum agt_err agt_fpa_build(const struct agt_fpa_params *p, char *out,
    size_t outcap, size_t *outlen)
{
	struct agt_service s = {0};
	struct agt_priv login;

	if (outlen == NULL)
		return AGT_EINVAL;
	*outlen = 0;
	if (p == NULL || p->size < sizeof *p)
		return AGT_EINVAL;
	/* Fixed by the reference: 24 h token, login privilege without limit. */
	login = (struct agt_priv){ AGT_PRIV_RTM_LOGIN, 0 };
	s.type = AGT_SERVICE_FPA;
	s.privs = &login;
	s.nprivs = 1;
	return build007(p->app_id, p->app_certificate, 24U * 3600U, &p->pin,
	    &s, 1, out, outcap, outlen);
}

/* ---- ApaasTokenBuilder / EducationTokenBuilder ---- */

enum agt_err agt_apaas_build_room_user(const struct agt_apaas_params *p,
    char *out, size_t outcap, size_t *outlen)
{
	struct agt_service svc[3] = {{0}};
	struct agt_priv pr[3];
	char md5[33];
	enum agt_err rc;

	if (outlen == NULL)
		return AGT_EINVAL;
	*outlen = 0;
	if (p == NULL || p->size < sizeof *p || !AGT_STR_OK(p->user_uuid))
		return AGT_EINVAL;
	/* The chat user id is the md5 hex of user_uuid (utils.get_md5). */
	if ((rc = agt_md5_hex(p->user_uuid.p, p->user_uuid.n, md5)) != AGT_OK)
		return rc;
	pr[0] = (struct agt_priv){ AGT_PRIV_APAAS_ROOM_USER, p->expire };
	pr[1] = (struct agt_priv){ AGT_PRIV_RTM_LOGIN, p->expire };
	pr[2] = (struct agt_priv){ AGT_PRIV_CHAT_USER, p->expire };
	svc[0].type = AGT_SERVICE_APAAS;
	svc[0].privs = &pr[0];
	svc[0].nprivs = 1;
	svc[0].room_uuid = p->room_uuid;
	svc[0].user_uuid = p->user_uuid;
	svc[0].role = p->role;
	svc[1].type = AGT_SERVICE_RTM;
	svc[1].privs = &pr[1];
	svc[1].nprivs = 1;
	svc[1].user_id = p->user_uuid;
	svc[2].type = AGT_SERVICE_CHAT;
	svc[2].privs = &pr[2];
	svc[2].nprivs = 1;
	svc[2].user_id = (struct agt_str){ md5, 32 };
	return build007(p->app_id, p->app_certificate, p->expire, &p->pin,
	    svc, 3, out, outcap, outlen);
}

enum agt_err agt_apaas_build_user(const struct agt_apaas_params *p,
    char *out, size_t outcap, size_t *outlen)
{
	struct agt_service s = {0};
	struct agt_priv priv;

	if (outlen == NULL)
		return AGT_EINVAL;
	*outlen = 0;
	if (p == NULL || p->size < sizeof *p)
		return AGT_EINVAL;
	/* ServiceApaas(user_uuid=...): room "" and the default role -1. */
	priv = (struct agt_priv){ AGT_PRIV_APAAS_USER, p->expire };
	s.type = AGT_SERVICE_APAAS;
	s.privs = &priv;
	s.nprivs = 1;
	s.user_uuid = p->user_uuid;
	s.role = -1;
	return build007(p->app_id, p->app_certificate, p->expire, &p->pin,
	    &s, 1, out, outcap, outlen);
}

enum agt_err agt_apaas_build_app(const struct agt_apaas_params *p,
    char *out, size_t outcap, size_t *outlen)
{
	struct agt_service s = {0};
	struct agt_priv priv;

	if (outlen == NULL)
		return AGT_EINVAL;
	*outlen = 0;
	if (p == NULL || p->size < sizeof *p)
		return AGT_EINVAL;
	priv = (struct agt_priv){ AGT_PRIV_APAAS_APP, p->expire };
	s.type = AGT_SERVICE_APAAS;
	s.privs = &priv;
	s.nprivs = 1;
	s.role = -1;
	return build007(p->app_id, p->app_certificate, p->expire, &p->pin,
	    &s, 1, out, outcap, outlen);
}

/* EducationTokenBuilder produces the same bytes as ApaasTokenBuilder. */
enum agt_err agt_education_build_room_user(const struct agt_apaas_params *p,
    char *out, size_t outcap, size_t *outlen)
{
	return agt_apaas_build_room_user(p, out, outcap, outlen);
}

enum agt_err agt_education_build_user(const struct agt_apaas_params *p,
    char *out, size_t outcap, size_t *outlen)
{
	return agt_apaas_build_user(p, out, outcap, outlen);
}

enum agt_err agt_education_build_app(const struct agt_apaas_params *p,
    char *out, size_t outcap, size_t *outlen)
{
	return agt_apaas_build_app(p, out, outcap, outlen);
}
