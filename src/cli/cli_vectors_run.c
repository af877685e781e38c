/* SPDX-License-Identifier: MIT */
/*
 * cli_vectors_run.c - runs a builder case: one function per builder family
 * (RTC, RTM, the raw 006 and 007 builders, chat, FPA, aPaaS/education)
 * fills the library's parameters from the case's converted arguments and
 * calls the library with the case's pins.  Each also leaves in the case
 * what verifying the recorded token needs: the certificate and, for 006,
 * the channel and uid its signature covers.
 */
#include "config.h"

#include <stdlib.h>

#include "cli_vectors.h"

typedef enum agt_err (*rtc_builder)(const struct agt_rtc_params *p,
    char *out, size_t cap, size_t *len);
typedef enum agt_err (*rtm_builder)(const struct agt_rtm_params *p,
    char *out, size_t cap, size_t *len);
typedef enum agt_err (*apaas_builder)(const struct agt_apaas_params *p,
    char *out, size_t cap, size_t *len);

/* The two arguments every builder takes first, app id and certificate,
 * and the case's pins.  The case keeps the certificate to verify the
 * recorded token with. */
static void run_head(struct vcase *c, struct agt_str *app_id,
    struct agt_str *cert, struct agt_pin *pin)
{
	*app_id = a_str(c, 0);
	*cert = a_str(c, 1);
	*pin = c->pin;
	c->cert = *cert;
}

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
	run_head(c, &p.app_id, &p.app_certificate, &p.pin);
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
	rtm_builder build = k == B_RTM006 ? agt_rtm_build006 :
	    k == B_RTM ? agt_rtm_build : agt_rtm_build_with_permissions;
	struct agt_rtm_params p;
	char *tok = NULL;

	agt_rtm_params_init(&p);
	run_head(c, &p.app_id, &p.app_certificate, &p.pin);
	p.user_id = a_str(c, 2);
	if (k == B_RTM_PERMS)
		p.perms = perms_value(c, c->arg[3], "args.permissions", &p.nperms);
	/* 006 takes a role before the expiry, and ignores it. */
	p.expire = a_u32(c, k == B_RTM ? 3 : 4, 0);
	if (k == B_RTM006) {
		/* The user account is the 006 channel, encoded as a string. */
		c->vchannel = p.user_id;
		c->vuid.p = "";
		c->vuid.n = 0;
	}
	if (!c->refused)
		CLI_BUILD(tok, build, &p, err);
	return tok;
}

/* AccessToken.build: a 006 token from a privilege map. */
static char *run_raw006(struct vcase *c, enum agt_err *err)
{
	struct agt_token006_params p;
	char *tok = NULL;

	agt_token006_params_init(&p);
	run_head(c, &p.app_id, &p.app_certificate, &p.pin);
	p.channel = a_str(c, 2);
	p.uid = a_ident(c, 3);
	p.privs = privs_value(c, c->arg[4], "args.privileges", &p.nprivs);
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
	run_head(c, &p.app_id, &p.app_certificate, &p.pin);
	p.expire = a_u32(c, 2, 900); /* AccessToken's default */
	if (services != NULL && !cJSON_IsArray(services)) {
		case_malformed(c, "args.services is not an array");
	} else if (services != NULL) {
		const cJSON *it;

		sv = vj_alloc(&c->vj, (size_t)cJSON_GetArraySize(services),
		    sizeof *sv);
		cJSON_ArrayForEach(it, services) {
			service_value(c, it, ns, &sv[ns]);
			ns++;
		}
	}
	p.services = sv;
	p.nservices = ns;
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
	run_head(c, &p.app_id, &p.app_certificate, &p.pin);
	if (user)
		p.user_id = a_str(c, 2);
	p.expire = a_u32(c, user ? 3 : 2, 0);
	if (!c->refused)
		CLI_BUILD(tok, user ? agt_chat_build_user : agt_chat_build_app,
		    &p, err);
	return tok;
}

/* FpaTokenBuilder: nothing but the app id and certificate. */
static char *run_fpa(struct vcase *c, enum agt_err *err)
{
	struct agt_fpa_params p;
	char *tok = NULL;

	agt_fpa_params_init(&p);
	run_head(c, &p.app_id, &p.app_certificate, &p.pin);
	if (!c->refused)
		CLI_BUILD(tok, agt_fpa_build, &p, err);
	return tok;
}

/* ApaasTokenBuilder and EducationTokenBuilder (the same tokens): room
 * user, user or app. */
static char *run_apaas(struct vcase *c, enum agt_err *err)
{
	enum bkind k = c->b->kind;
	int edu = k >= B_EDU_ROOM;
	struct agt_apaas_params p;
	apaas_builder build;
	char *tok = NULL;

	agt_apaas_params_init(&p);
	run_head(c, &p.app_id, &p.app_certificate, &p.pin);
	if (k == B_APAAS_ROOM || k == B_EDU_ROOM) {
		p.room_uuid = a_str(c, 2);
		p.user_uuid = a_str(c, 3);
		p.role = (int16_t)a_int(c, 4, -32768, 32767, -1, "int16");
		p.expire = a_u32(c, 5, 0);
		build = edu ? agt_education_build_room_user :
		    agt_apaas_build_room_user;
	} else if (k == B_APAAS_USER || k == B_EDU_USER) {
		p.user_uuid = a_str(c, 2);
		p.expire = a_u32(c, 3, 0);
		build = edu ? agt_education_build_user : agt_apaas_build_user;
	} else {
		p.expire = a_u32(c, 2, 0);
		build = edu ? agt_education_build_app : agt_apaas_build_app;
	}
	if (!c->refused)
		CLI_BUILD(tok, build, &p, err);
	return tok;
}

char *run_case(struct vcase *c, enum agt_err *err)
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
