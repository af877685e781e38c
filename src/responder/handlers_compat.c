/* SPDX-License-Identifier: MIT */
/*
 * handlers_compat.c - routes of other token servers, so their clients can
 * switch to us unchanged.
 *
 * AgoraIO-Community agora-token-service (Go, go-tokenbuilder v1.3.0):
 *   GET /ping -> {"message":"pong"}; POST /getToken {"tokenType", "channel",
 *   "role", "uid", "expire"} -> {"token"}; GET
 *   /rtc/:channel/:role/:tokentype/:uid/?expiry= -> {"rtcToken"};
 *   /rtm/:uid/ -> {"rtmToken"}; /rte/.../:rtcuid/[:rtmuid/] -> {"rtcToken",
 *   "rtmToken"}; /chat/app/ and /chat/account/:id/ -> {"chatToken"}.  Its
 *   semantics are kept: token and privilege expiry both = expire (default
 *   3600), role "publisher" or else subscriber, an empty uid segment = 0,
 *   a numeric /getToken uid is a uid and anything else an account, and an
 *   RTM token given a channel also carries an RTC join + publish-data
 *   privilege for it (as its RtmTokenBuilder.BuildToken does).
 * Official python3 token_service: GET /v1/token?channel_name= -> the token
 *   as text (uid 0, publisher, token expire 900 s, privileges unlimited).
 * Official Node DemoServer: GET /rtcToken?channelName=&uid= and
 *   /rtmToken?account= -> {"key"}: 006 tokens valid for 3600 s.
 * Deliberate differences: bad input is refused with our JSON error body
 * and a 4xx status where those servers would have built a token from it
 * (uid over 2^32-1 truncated, expiry 0, an empty channel), and CORS follows
 * our configuration rather than "*".
 */
#include "config.h"

#include <string.h>

#include "responder.h"

#define GO_DEFAULT_EXPIRE 3600U
#define PY_EXPIRE 900U
#define NODE_EXPIRE 3600U

static struct agt_str text_or_empty(const struct rsp_values *v,
    const char *wire)
{
	const struct rsp_value *t = rsp_text(v, wire);
	struct agt_str s = { "", 0 };

	if (t != NULL)
		s = t->s;
	return s;
}

static int is_text(struct agt_str s, const char *lit)
{
	return s.n == strlen(lit) && memcmp(s.p, lit, s.n) == 0;
}

/* Go's strconv.ParseUint: digits only (leading zeros fine); values past
 * 2^32-1, which Go would truncate, are refused instead. */
static int go_u32(struct agt_str s, uint32_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (s.n == 0 || s.n > 20)
		return -1;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s.p[i] - '0');
		if (v > UINT32_MAX)
			return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

static uint32_t default_expire(const struct rsp_config *cfg, uint32_t want)
{
	return want > cfg->max_expire ? cfg->max_expire : want;
}

/* ?expiry=N (or "expire" in /getToken): absent -> 3600. */
static int go_expire(const struct rsp_values *v, const char *wire,
    const struct rsp_config *cfg, int zero_is_default, uint32_t *out,
    struct rsp_fail *f)
{
	const struct rsp_value *t = rsp_text(v, wire);
	uint32_t e;

	*out = default_expire(cfg, GO_DEFAULT_EXPIRE);
	if (t == NULL)
		return 0;
	if (go_u32(t->s, &e) == 0 && e == 0 && zero_is_default)
		return 0;
	if (go_u32(t->s, &e) != 0 || e < 1 || e > cfg->max_expire)
		return rsp_fail(f, RSP_E_INVALID_EXPIRE,
		    "%s must be a whole number "
		    "of seconds from 1 to %lu", wire,
		    (unsigned long)cfg->max_expire);
	*out = e;
	return 0;
}

static int go_role(struct agt_str s)
{
	return is_text(s, "publisher") ? AGT_ROLE_PUBLISHER : AGT_ROLE_SUBSCRIBER;
}

/* A uid (number) or account chosen as Go's generateRtcToken does. */
static int set_rtc_user(struct rsp_request *r, struct rsp_build *b,
    struct agt_str id, int as_account, const char *wire,
    const struct rsp_config *cfg, struct rsp_fail *f)
{
	struct rsp_value val;

	if (as_account) {
		if (rsp_validate_one(r, FLD_ACCOUNT, wire, id.p, id.n, cfg,
		    &val, f) != 0)
			return -1;
		b->has_account = 1;
		b->account = val.s;
		return 0;
	}
	if (go_u32(id, &b->uid) != 0)
		return rsp_fail(f, RSP_E_INVALID_UID,
		    "%s must be a decimal number "
		    "from 0 to 4294967295", wire);
	return 0;
}

static int check_user(struct rsp_request *r, struct agt_str s,
    const char *wire, const struct rsp_config *cfg, struct rsp_fail *f)
{
	struct rsp_value val;

	return rsp_validate_one(r, FLD_USER, wire, s.p, s.n, cfg, &val, f);
}

/* Answers {"k1": token1[, "k2": token2]}. */
static int keyed(struct rsp_response *res, const char *k1,
    const struct rsp_token *t1, const char *k2, const struct rsp_token *t2,
    struct rsp_fail *f)
{
	struct jw j;

	rsp_json_start(&j, res);
	jw_str(&j, k1, t1->text, t1->len);
	if (k2 != NULL)
		jw_str(&j, k2, t2->text, t2->len);
	if (rsp_json_finish(&j, res, 200) != 0)
		return rsp_fail(f, RSP_E_INTERNAL, "out of memory");
	return 0;
}

/* Builds b's token and answers {"<key>": token}; the token is wiped. */
static int build_keyed(const struct rsp_build *b, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, const char *key,
    struct rsp_fail *f)
{
	struct rsp_token t;
	int rc;

	if (rsp_build_token(b, r, cfg, &t, f) != 0)
		return -1;
	rc = keyed(res, key, &t, NULL, NULL, f);
	rsp_token_wipe(&t);
	return rc;
}

static int validate(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_values *v, struct rsp_build *b,
    struct rsp_fail *f)
{
	if (rsp_validate(r, rt->params, 0, cfg, v, f) != 0)
		return -1;
	rsp_build_init(b, cfg);
	b->format = 7;
	return 0;
}

int rsp_h_ping(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	(void)rt; (void)r; (void)cfg;
	if (rsp_response_json_pair(res, 200, "message", "pong") != 0)
		return rsp_fail(f, RSP_E_INTERNAL, "out of memory");
	return 0;
}

int rsp_h_get_token(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b;
	struct agt_str type, channel, uid;

	if (validate(rt, r, cfg, &v, &b, f) != 0)
		return -1;
	type = text_or_empty(&v, "tokenType");
	channel = text_or_empty(&v, "channel");
	uid = text_or_empty(&v, "uid");
	if (go_expire(&v, "expire", cfg, 1, &b.expire, f) != 0)
		return -1;
	if (is_text(type, "rtc")) {
		struct rsp_value ch;
		uint32_t dummy;
		if (channel.n == 0)
			return rsp_fail(f, RSP_E_MISSING_PARAMETER,
			    "channel is required");
		if (uid.n == 0)
			return rsp_fail(f, RSP_E_MISSING_PARAMETER,
			    "uid is required (a number or a user account)");
		if (rsp_validate_one(r, FLD_CHANNEL, "channel", channel.p,
		    channel.n, cfg, &ch, f) != 0)
			return -1;
		b.kind = RSP_K_RTC;
		b.channel = ch.s;
		b.role = go_role(text_or_empty(&v, "role"));
		/* All digits: a uid (refused past 2^32-1); else an account. */
		{
			size_t i;
			int digits = 1;
			for (i = 0; i < uid.n; i++)
				digits &= uid.p[i] >= '0' && uid.p[i] <= '9';
			if (digits && go_u32(uid, &dummy) != 0)
				return rsp_fail(f, RSP_E_INVALID_UID,
				    "uid must be "
				    "a decimal number from 0 to 4294967295 or "
				    "a user account");
			if (set_rtc_user(r, &b, uid, !digits, "uid", cfg,
			    f) != 0)
				return -1;
		}
	} else if (is_text(type, "rtm")) {
		if (uid.n == 0)
			return rsp_fail(f, RSP_E_MISSING_PARAMETER,
			    "uid is required (the RTM user id)");
		if (check_user(r, uid, "uid", cfg, f) != 0)
			return -1;
		b.kind = RSP_K_RTM;
		b.user = uid;
		if (channel.n != 0) {
			struct rsp_value ch;
			/* "*" is the service's wildcard stream channel. */
			if (!is_text(channel, "*") &&
			    rsp_validate_one(r, FLD_CHANNEL, "channel",
			    channel.p, channel.n, cfg, &ch, f) != 0)
				return -1;
			b.kind = RSP_K_RTM_STREAM;
			b.channel = channel;
		}
	} else if (is_text(type, "chat")) {
		if (uid.n == 0) {
			b.kind = RSP_K_CHAT_APP;
		} else {
			if (check_user(r, uid, "uid", cfg, f) != 0)
				return -1;
			b.kind = RSP_K_CHAT_USER;
			b.user = uid;
		}
	} else {
		return rsp_fail(f, RSP_E_UNSUPPORTED_TOKEN_TYPE,
		    "tokenType must be rtc, rtm or chat");
	}
	return build_keyed(&b, r, cfg, res, "token", f);
}

/* The shared part of /rtc/... and /rte/...: channel, role, uid. */
static int go_rtc_params(struct rsp_request *r, struct rsp_values *v,
    struct rsp_build *b, const struct rsp_config *cfg, struct rsp_fail *f)
{
	struct agt_str uid = text_or_empty(v, "uid");

	if (go_expire(v, "expiry", cfg, 0, &b->expire, f) != 0)
		return -1;
	b->kind = RSP_K_RTC;
	b->channel = v->v[FLD_CHANNEL].s;
	b->role = go_role(text_or_empty(v, "role"));
	if (uid.n == 0)
		uid.p = "0", uid.n = 1;   /* an empty segment: any uid */
	return set_rtc_user(r, b, uid, v->v[FLD_TOKEN_TYPE].i == 1, "uid", cfg,
	    f);
}

int rsp_h_go_rtc(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b;

	if (validate(rt, r, cfg, &v, &b, f) != 0 ||
	    go_rtc_params(r, &v, &b, cfg, f) != 0)
		return -1;
	return build_keyed(&b, r, cfg, res, "rtcToken", f);
}

int rsp_h_go_rtm(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b;
	struct agt_str user;

	if (validate(rt, r, cfg, &v, &b, f) != 0 ||
	    go_expire(&v, "expiry", cfg, 0, &b.expire, f) != 0)
		return -1;
	user = text_or_empty(&v, "rtmuid");
	if (user.n == 0 || is_text(user, "0"))
		return rsp_fail(f, RSP_E_INVALID_USER,
		    "the RTM user id must not be empty or 0");
	if (check_user(r, user, "rtmuid", cfg, f) != 0)
		return -1;
	b.kind = RSP_K_RTM;
	b.user = user;
	return build_keyed(&b, r, cfg, res, "rtmToken", f);
}

int rsp_h_go_rte(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b, m;
	struct rsp_token t1, t2;
	struct agt_str uid, rtmuid;
	int rc;

	if (validate(rt, r, cfg, &v, &b, f) != 0 ||
	    go_rtc_params(r, &v, &b, cfg, f) != 0)
		return -1;
	/* The service's rule: no rtmuid -> the RTC uid, unless that is 0. */
	uid = text_or_empty(&v, "uid");
	rtmuid = text_or_empty(&v, "rtmuid");
	if (rtmuid.n == 0 && !(uid.n == 0 || is_text(uid, "0")))
		rtmuid = uid;
	if (rtmuid.n == 0)
		return rsp_fail(f, RSP_E_INVALID_USER,
		    "the RTM user id must not be "
		    "empty or 0: add it as the last path segment");
	if (check_user(r, rtmuid, "rtmuid", cfg, f) != 0)
		return -1;
	m = b;
	m.kind = RSP_K_RTM_STREAM;   /* its RTM token names the channel */
	m.user = rtmuid;
	if (rsp_build_token(&b, r, cfg, &t1, f) != 0)
		return -1;
	if (rsp_build_token(&m, r, cfg, &t2, f) != 0) {
		rsp_token_wipe(&t1);
		return -1;
	}
	rc = keyed(res, "rtcToken", &t1, "rtmToken", &t2, f);
	rsp_token_wipe(&t1);
	rsp_token_wipe(&t2);
	return rc;
}

int rsp_h_go_chat(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b;
	const struct rsp_value *id;

	if (validate(rt, r, cfg, &v, &b, f) != 0 ||
	    go_expire(&v, "expiry", cfg, 0, &b.expire, f) != 0)
		return -1;
	id = rsp_text(&v, "id");
	/* /chat/app/ has no :id; /chat/account/:id/ always has one. */
	if (strstr(rt->pattern, ":id") == NULL) {
		b.kind = RSP_K_CHAT_APP;
	} else {
		if (id == NULL || id->s.n == 0)
			return rsp_fail(f, RSP_E_INVALID_USER,
			    "a user chat token needs the chat user id");
		if (check_user(r, id->s, "id", cfg, f) != 0)
			return -1;
		b.kind = RSP_K_CHAT_USER;
		b.user = id->s;
	}
	return build_keyed(&b, r, cfg, res, "chatToken", f);
}

int rsp_h_py_token(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b;
	struct rsp_token t;
	int rc;

	if (validate(rt, r, cfg, &v, &b, f) != 0)
		return -1;
	b.kind = RSP_K_RTC;
	b.channel = v.v[FLD_CHANNEL].s;
	b.uid = 0;
	b.role = AGT_ROLE_PUBLISHER;
	b.expire = default_expire(cfg, PY_EXPIRE);
	b.privilege_no_limit = 1;
	if (rsp_build_token(&b, r, cfg, &t, f) != 0)
		return -1;
	rc = rsp_response_text(res, 200, t.text, t.len);
	rsp_token_wipe(&t);
	if (rc != 0)
		return rsp_fail(f, RSP_E_INTERNAL, "out of memory");
	return 0;
}

int rsp_h_node_rtc(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b;

	if (validate(rt, r, cfg, &v, &b, f) != 0)
		return -1;
	b.kind = RSP_K_RTC;
	b.format = 6;
	b.channel = v.v[FLD_CHANNEL].s;
	b.uid = v.v[FLD_UID].present ? v.v[FLD_UID].u : 0;
	b.role = AGT_ROLE_PUBLISHER;
	b.expire = default_expire(cfg, NODE_EXPIRE);
	return build_keyed(&b, r, cfg, res, "key", f);
}

int rsp_h_node_rtm(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values v;
	struct rsp_build b;

	if (validate(rt, r, cfg, &v, &b, f) != 0)
		return -1;
	b.kind = RSP_K_RTM;
	b.format = 6;
	b.user = v.v[FLD_ACCOUNT].s;
	b.expire = default_expire(cfg, NODE_EXPIRE);
	return build_keyed(&b, r, cfg, res, "key", f);
}
