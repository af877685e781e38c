/* SPDX-License-Identifier: MIT */
/*
 * inspect.c - /v1/inspect: "why does my token give error 110?"
 *
 * Parses a 006 or 007 token with the library and answers with every decoded
 * field (the description `agora-token decode` gives too,
 * src/common/describe.c), the configured app it belongs to, its
 * signature verdict under that app's certificate (valid, invalid,
 * unchecked when it could not be judged, such as a 006 token without the
 * channel and uid it signs, or unknown_app), and a
 * list of problems in plain language: expired, a privilege expired, issued
 * in the future, no join privilege, uid 0 / account hints, wrong channel or
 * uid, a 006 token where 007 is expected, an unknown service.  A token that
 * does not parse is a 400 whose reason is the library's error name.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "responder.h"

/* The problems found while the fields are written; they are written last,
 * after the fields and the signature. */
struct problems {
	char **text;
	size_t n, cap;
	int oom;
};

static void problem(struct problems *list, const char *fmt, ...)
    RSP_PRINTF(2, 3);

static void problem(struct problems *list, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0 || list->oom)
		return;
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		char **t = realloc(list->text, cap * sizeof *t);

		if (t == NULL) {
			list->oom = 1;
			return;
		}
		list->text = t;
		list->cap = cap;
	}
	list->text[list->n] = strdup(buf);
	if (list->text[list->n] == NULL)
		list->oom = 1;
	else
		list->n++;
}

static void problems_free(struct problems *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		free(list->text[i]);
	free(list->text);
}

/* Quotes s for a message: printable ASCII as is, the rest as \xNN, cut. */
static const char *quote(struct agt_str s, char *buf, size_t cap)
{
	size_t i, o = 0;

	for (i = 0; i < s.n && o + 8 < cap; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", c);
	}
	if (i < s.n && o + 4 < cap) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

static int all_digits(struct agt_str s)
{
	size_t i;

	if (s.n == 0)
		return 0;
	for (i = 0; i < s.n; i++)
		if (s.p[i] < '0' || s.p[i] > '9')
			return 0;
	return 1;
}

/* Hints about the uid string of an RTC service (007). */
static void uid_hints(struct agt_str uid, struct problems *problems)
{
	char q[96];

	if (uid.n == 0)
		problem(problems, "uid is empty (uid 0): the token works for any "
		    "uid in its channel; that is fine for joining with a "
		    "numeric uid, but a user-account join needs the account in "
		    "the token");
	else if (!all_digits(uid))
		problem(problems, "the token is for the user account \"%s\", not "
		    "a numeric uid: join with the user-account API "
		    "(joinChannelWithUserAccount); joining with a number fails",
		    quote(uid, q, sizeof q));
}

/* Privileges of one service (svc; "006" for a 006 token) whose own
 * expiry has passed. */
static void expired_privileges(const struct agt_token_view *v,
    unsigned type, const char *svc, const struct agt_priv *p, size_t n,
    uint32_t now, struct problems *problems)
{
	char iso[32];
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t at = desc_privilege_expires_at(v, &p[i]);

		if (at != 0 && now >= at)
			problem(problems, "privilege %s of the %s service "
			    "expired at %s", agt_privilege_name(v->version, type,
			    p[i].id), svc, iso8601_utc(at, iso));
	}
}

/* The problems the fields show on their own, service by service: hints
 * about an RTC service's uid, privileges whose own expiry has passed. */
static void field_problems(const struct agt_token_view *v, uint32_t now,
    struct problems *problems)
{
	size_t i;

	if (v->version == 6) {
		expired_privileges(v, 0, "006", v->privs, v->nprivs, now,
		    problems);
		return;
	}
	for (i = 0; i < v->nservices; i++) {
		const struct agt_service *s = &v->services[i];

		if (s->type == AGT_SERVICE_RTC)
			uid_hints(s->account, problems);
		expired_privileges(v, s->type, agt_service_name(s->type),
		    s->privs, s->nprivs, now, problems);
	}
}

/* The expected uid string from the request: uid (0 -> "") or account. */
static int expected_uid(const struct rsp_values *vals, char buf[11],
    struct agt_str *out)
{
	if (vals->v[FLD_ACCOUNT].present) {
		*out = vals->v[FLD_ACCOUNT].s;
		return 1;
	}
	if (vals->v[FLD_UID].present) {
		out->p = buf;
		out->n = agt_uid_string(vals->v[FLD_UID].u, buf);
		return 1;
	}
	out->p = NULL;
	out->n = 0;
	return 0;
}

/* Writes the token's fields, its signature and its problems into j;
 * returns -1 when memory for the problems ran out. */
static int describe(struct jw *j, struct agt_token *tok,
    const struct agt_token_view *v, const struct rsp_values *vals,
    const struct rsp_config *cfg, uint32_t now)
{
	struct problems list = { NULL, 0, 0, 0 }, *problems = &list;
	const struct rsp_app *app = rsp_config_app_by_id(cfg, v->app_id.p,
	    v->app_id.n);
	struct agt_check_params c;
	struct agt_str want_uid, want_channel = { NULL, 0 };
	char uidbuf[11], iso[32], q[96], q2[96];
	const char *signature;
	unsigned prob;
	int have_uid;
	size_t i;

	have_uid = expected_uid(vals, uidbuf, &want_uid);
	if (vals->v[FLD_CHANNEL].present)
		want_channel = vals->v[FLD_CHANNEL].s;

	desc_head(j, v);
	if (app != NULL)
		jw_cstr(j, "app", app->name);
	else
		jw_null(j, "app");
	desc_body(j, v);
	field_problems(v, now, problems);

	/* One judgement of everything, the signature included when we hold
	 * the app's certificate.  agt_token_check() fails closed: "valid"
	 * is said only when it checked the signature and found it right. */
	agt_check_params_init(&c);
	c.now = now;
	c.channel = want_channel;
	if (have_uid)
		c.uid = want_uid;
	if (app != NULL)
		c.app_certificate = (struct agt_str){ app->cert, AGT_APP_ID_CHARS };
	prob = agt_token_check(tok, &c);

	if (app == NULL) {
		char qa[96];

		signature = "unknown_app";
		problem(problems, "app id %s is not configured on this server, so "
		    "the signature cannot be checked", quote(v->app_id, qa,
		    sizeof qa));
	} else if (prob & (AGT_PROB_UNCHECKED | AGT_PROB_SIGNATURE_UNCHECKED)) {
		signature = "unchecked";
		if (prob & AGT_PROB_UNCHECKED) {
			problem(problems, "the token could not be checked");
			rsp_log(RSP_LOG_ERROR, "inspect: the library could not "
			    "check the token");
		} else if (v->version == 6 && want_channel.p == NULL) {
			problem(problems, "signature not checked: a 006 token "
			    "signs its channel and uid but stores only their "
			    "checksums; pass channel and uid (or account) to "
			    "verify it");
		} else if (v->version == 6 && !have_uid && !(prob &
		    (AGT_PROB_CHANNEL_MISMATCH | AGT_PROB_UID_MISMATCH))) {
			problem(problems, "signature not checked: the token was "
			    "not built for uid 0 in channel \"%s\"; pass its uid "
			    "or account", quote(want_channel, q, sizeof q));
		} else if (v->version == 6) {
			problem(problems, "signature not checked: a 006 token "
			    "signs its channel and uid, and the token was not "
			    "built for the ones given; pass the channel and uid "
			    "(or account) it was built for");
		} else {
			problem(problems, "signature not checked: computing it "
			    "failed");
			rsp_log(RSP_LOG_ERROR, "inspect: computing a signature "
			    "failed");
		}
	} else if (prob & AGT_PROB_BAD_SIGNATURE) {
		signature = "invalid";
		problem(problems, "signature invalid: the token was built with a "
		    "different app certificate, or it was altered");
	} else {
		signature = "valid";
	}
	jw_cstr(j, "signature", signature);

	if (prob & AGT_PROB_EXPIRED) {
		uint64_t at = desc_expires_at(v);
		iso8601_utc(at > UINT32_MAX ? UINT32_MAX : (uint32_t)at, iso);
		problem(problems, "expired at %s (%llu seconds ago)", iso,
		    (unsigned long long)(now - (at > now ? now : at)));
	}
	if (prob & AGT_PROB_NOT_YET_VALID) {
		iso8601_utc(v->ts, iso);
		problem(problems, "not yet valid: issued at %s, in the future; "
		    "check the clock of the machine that built it", iso);
	}
	if (prob & AGT_PROB_NO_JOIN)
		problem(problems, "no join privilege: the token grants no "
		    "join_channel privilege, so joining a channel fails");
	if (prob & AGT_PROB_UNKNOWN_SERVICE)
		problem(problems, "unknown service type %u: decoding stopped "
		    "there; the services before it are shown",
		    (unsigned)v->unknown_service_type);
	if (prob & AGT_PROB_NO_SERVICE)
		problem(problems, "the token grants no service or privilege");
	if (prob & AGT_PROB_CHANNEL_MISMATCH)
		problem(problems, "the token was built for another channel than "
		    "\"%s\"", quote(want_channel, q, sizeof q));
	if (prob & AGT_PROB_UID_MISMATCH)
		problem(problems, "the token was built for another uid/account "
		    "than \"%s\"%s", quote(want_uid, q2, sizeof q2),
		    vals->v[FLD_UID].present && vals->v[FLD_UID].u == 0 ?
		    " (uid 0 = any uid)" : "");
	if (v->version == 6)
		problem(problems, "this is a legacy 006 token: SDKs and services "
		    "that expect 007 (AccessToken2) tokens, such as Chat, RTM 2, "
		    "APaaS and FPA, reject it; build a 007 token for them");
	jw_arr_begin(j, "problems");
	for (i = 0; i < list.n; i++)
		jw_cstr(j, NULL, list.text[i]);
	jw_arr_end(j);
	problems_free(&list);
	return list.oom ? -1 : 0;
}

int rsp_h_inspect(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res, struct rsp_fail *f)
{
	struct rsp_values vals;
	struct agt_token *tok = NULL;
	struct agt_token_view v;
	enum agt_err e;
	struct jw j;
	int rc;

	if (rsp_validate(r, rt->params, 1, cfg, &vals, f) != 0)
		return -1;
	if (vals.v[FLD_UID].present && vals.v[FLD_ACCOUNT].present)
		return rsp_fail(f, "conflicting_parameters",
		    "give either uid or account, not both");
	e = agt_token_parse(vals.v[FLD_TOKEN].s.p, vals.v[FLD_TOKEN].s.n, &tok);
	if (e != AGT_OK) {
		rsp_fail(f, "invalid_token", "%s", agt_strerror(e));
		f->reason = agt_errname(e);
		return -1;
	}
	agt_token_view_init(&v);
	e = agt_token_get_view(tok, &v);
	if (e != AGT_OK) {
		agt_token_free(tok);
		rsp_log(RSP_LOG_ERROR, "inspect: reading a parsed token failed: %s",
		    agt_strerror(e));
		return rsp_fail(f, "internal_error", "token view failed");
	}
	rsp_json_start(&j, res);
	rc = describe(&j, tok, &v, &vals, cfg, (uint32_t)r->now);
	agt_token_free(tok);
	if (rsp_json_finish(&j, res, 200) != 0 || rc != 0)
		return rsp_fail(f, "internal_error", "out of memory");
	return 0;
}
