/* SPDX-License-Identifier: MIT */
/*
 * token-common.c - the token targets' shared body.  Parsing is only half
 * of the attack surface: whatever agt_token_parse() accepts is then read
 * field by field (every string and array the view points to), verified
 * against a fixed certificate with the token's own channel and uid, and
 * judged by agt_token_check() at several clocks, so that a view pointing
 * outside the token or a check reading past an array is caught too.
 */
#include "config.h"

#include <string.h>

#include "agoratoken.h"
#include "fuzz.h"

static volatile unsigned fuzz_sink;

void fuzz_touch(const void *p, size_t n)
{
	const unsigned char *b = p;
	unsigned acc = 0;
	size_t i;

	for (i = 0; i < n; i++)
		acc = acc * 31U + b[i];
	fuzz_sink += acc;
}

static void touch_str(struct agt_str s)
{
	if (s.n > 0)
		fuzz_touch(s.p, s.n);
}

static void touch_view(const struct agt_token_view *v, struct agt_str *chan,
    struct agt_str *uid)
{
	size_t i, j, k;

	touch_str(v->app_id);
	fuzz_touch(v->signature, sizeof v->signature);
	if (v->nprivs > 0)
		fuzz_touch(v->privs, v->nprivs * sizeof v->privs[0]);
	for (i = 0; i < v->nprivs; i++)
		fuzz_touch(agt_privilege_name(6, 0, v->privs[i].id), 1);
	for (i = 0; i < v->nservices; i++) {
		const struct agt_service *s = &v->services[i];

		fuzz_touch(agt_service_name(s->type), 1);
		for (j = 0; j < s->nprivs; j++) {
			fuzz_touch(&s->privs[j], sizeof s->privs[j]);
			fuzz_touch(agt_privilege_name(7, s->type, s->privs[j].id), 1);
		}
		touch_str(s->channel);
		touch_str(s->account);
		touch_str(s->user_id);
		touch_str(s->room_uuid);
		touch_str(s->user_uuid);
		for (j = 0; j < s->nperms; j++) {
			const struct agt_rtm2_perm *pe = &s->perms[j];

			fuzz_touch(pe, sizeof *pe);
			for (k = 0; k < pe->nresources; k++)
				touch_str(pe->resources[k]);
		}
		if (s->type == AGT_SERVICE_RTC && chan->p == NULL) {
			*chan = s->channel;
			*uid = s->account;
		}
	}
}

void fuzz_token(const char *text, size_t len)
{
	static const struct agt_str cert = { FUZZ_CERT, sizeof FUZZ_CERT - 1 };
	static const uint32_t clocks[] = { 0U, 1111111U, 1700000000U, 0xffffffffU };
	struct agt_token *tok = NULL;
	struct agt_token_view v;
	struct agt_check_params c;
	struct agt_str chan = { NULL, 0 }, uid = { NULL, 0 };
	unsigned prob = 0;
	size_t i;

	if (agt_token_parse(text, len, &tok) != AGT_OK)
		return;
	agt_token_view_init(&v);
	if (agt_token_get_view(tok, &v) == AGT_OK)
		touch_view(&v, &chan, &uid);
	/* Verify with the token's own channel and uid (007 ignores them;
	 * for 006 they give the crc path), then with empty ones. */
	prob += (unsigned)agt_token_verify(tok, cert, chan, uid);
	prob += (unsigned)agt_token_verify(tok, cert, (struct agt_str){ "", 0 },
	    (struct agt_str){ "", 0 });
	/* A certificate that is not hex: 007 must refuse it, 006 uses it. */
	prob += (unsigned)agt_token_verify(tok,
	    (struct agt_str){ "not-a-certificate", 17 }, chan, uid);
	for (i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
		agt_check_params_init(&c);
		c.now = clocks[i];
		prob += agt_token_check(tok, &c);
		c.app_certificate = cert;
		c.channel = chan.p != NULL ? chan : (struct agt_str){ "ch", 2 };
		c.uid = uid;
		prob += agt_token_check(tok, &c);
		c.uid = (struct agt_str){ "42", 2 };
		prob += agt_token_check(tok, &c);
	}
	fuzz_sink += prob;
	agt_token_free(tok);
}
