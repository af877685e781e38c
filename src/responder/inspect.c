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

/* Hints about the uid of each RTC service. */
static void uid_problems(const struct agt_token_view *v,
    struct problems *problems)
{
	size_t i;

	for (i = 0; i < v->nservices; i++)
		if (v->services[i].type == AGT_SERVICE_RTC)
			uid_hints(v->services[i].account, problems);
}

/* problem_lines' callback: one problem each. */
static void add_line(void *arg, const char *line)
{
	problem(arg, "%s", line);
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

/* Writes the token's fields, its signature and its problems into j, as
 * request r asked; returns -1 when memory for the problems ran out. */
static int describe(struct jw *j, const struct rsp_request *r,
    struct agt_token *tok, const struct agt_token_view *v,
    const struct rsp_values *vals, const struct rsp_config *cfg)
{
	uint32_t now = (uint32_t)r->now;
	struct problems list = { NULL, 0, 0, 0 }, *problems = &list;
	const struct rsp_app *app = rsp_config_app_by_id(cfg, v->app_id.p,
	    v->app_id.n);
	struct agt_check_params c;
	struct agt_str want_uid, want_channel = { NULL, 0 };
	char uidbuf[11], q[96], q2[96];
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
	uid_problems(v, problems);

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
		const char *text =
		    agt_problem_text(AGT_PROB_SIGNATURE_UNCHECKED);

		signature = "unchecked";
		if (prob & AGT_PROB_UNCHECKED) {
			problem(problems, "%s",
			    agt_problem_text(AGT_PROB_UNCHECKED));
			rsp_log_req(r, RSP_LOG_ERROR, "inspect: the library "
			    "could not check the token");
		} else if (v->version == 6 && want_channel.p == NULL) {
			problem(problems, "%s: a 006 token signs its channel "
			    "and uid but stores only their checksums; pass "
			    "channel and uid (or account) to verify it", text);
		} else if (v->version == 6 && !have_uid && !(prob &
		    (AGT_PROB_CHANNEL_MISMATCH | AGT_PROB_UID_MISMATCH))) {
			problem(problems, "%s: the token was not built for "
			    "uid 0 in channel \"%s\"; pass its uid or account",
			    text, quote(want_channel, q, sizeof q));
		} else if (v->version == 6) {
			problem(problems, "%s: a 006 token signs its channel "
			    "and uid, and the token was not built for the ones "
			    "given; pass the channel and uid (or account) it "
			    "was built for", text);
		} else {
			problem(problems, "%s: computing it failed", text);
			rsp_log_req(r, RSP_LOG_ERROR, "inspect: computing a "
			    "signature failed");
		}
	} else if (prob & AGT_PROB_BAD_SIGNATURE) {
		signature = "invalid";
		problem(problems, "%s",
		    agt_problem_text(AGT_PROB_BAD_SIGNATURE));
	} else {
		signature = "valid";
	}
	jw_cstr(j, "signature", signature);

	if (prob & AGT_PROB_CHANNEL_MISMATCH)
		problem(problems, "%s than \"%s\"",
		    agt_problem_text(AGT_PROB_CHANNEL_MISMATCH),
		    quote(want_channel, q, sizeof q));
	if (prob & AGT_PROB_UID_MISMATCH)
		problem(problems, "%s than \"%s\"%s",
		    agt_problem_text(AGT_PROB_UID_MISMATCH),
		    quote(want_uid, q2, sizeof q2),
		    vals->v[FLD_UID].present && vals->v[FLD_UID].u == 0 ?
		    " (uid 0 = any uid)" : "");
	/* The rest, in the words of src/common/problems.c; bits this version
	 * does not know included. */
	problem_lines(prob & ~(unsigned)(AGT_PROB_UNCHECKED |
	    AGT_PROB_BAD_SIGNATURE | AGT_PROB_SIGNATURE_UNCHECKED |
	    AGT_PROB_CHANNEL_MISMATCH | AGT_PROB_UID_MISMATCH), v, now,
	    add_line, problems);
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
		return rsp_fail(f, RSP_E_CONFLICTING_PARAMETERS,
		    "give either uid or account, not both");
	e = agt_token_parse(vals.v[FLD_TOKEN].s.p, vals.v[FLD_TOKEN].s.n, &tok);
	if (e != AGT_OK) {
		rsp_fail(f, RSP_E_INVALID_TOKEN, "%s", agt_strerror(e));
		f->reason = agt_errname(e);
		return -1;
	}
	agt_token_view_init(&v);
	e = agt_token_get_view(tok, &v);
	if (e != AGT_OK) {
		agt_token_free(tok);
		rsp_log_req(r, RSP_LOG_ERROR, "inspect: reading a parsed token "
		    "failed: %s", agt_strerror(e));
		return rsp_fail(f, RSP_E_INTERNAL, "token view failed");
	}
	rsp_json_start(&j, res);
	rc = describe(&j, r, tok, &v, &vals, cfg);
	agt_token_free(tok);
	if (rsp_json_finish(&j, res, 200) != 0 || rc != 0)
		return rsp_fail(f, RSP_E_INTERNAL, "out of memory");
	return 0;
}
