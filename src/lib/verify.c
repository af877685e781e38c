/* SPDX-License-Identifier: MIT */
/*
 * verify.c - signature verification and the problem report.  Signatures are
 * recomputed from the retained signed bytes and compared as 32 raw bytes in
 * constant time; derived keys are wiped.  agt_token_check() keeps "parsed
 * but not acceptable" apart from parse errors: it returns AGT_PROB_* bits,
 * with all time arithmetic in 64 bits so issue_ts + expire cannot wrap.
 * It fails closed: a check or signature judgement that cannot run sets a
 * bit of its own instead of leaving the answer 0.
 */
#include "config.h"

#include <string.h>

#include "internal.h"
#include "token.h"

/* Tokens dated more than this far ahead are "not yet valid" (clock skew). */
#define AGT_FUTURE_SKEW 300U

void agt_check_params_init(struct agt_check_params *c)
{
	if (c == NULL)
		return;
	*c = (struct agt_check_params){0};
	c->size = sizeof *c;
}

static enum agt_err verify007(const struct agt_token *t, struct agt_str cert)
{
	unsigned char key[32], sig[32];
	struct agt_iov part;
	enum agt_err rc;

	if (!agt_app_certificate_valid(cert))
		return AGT_ECERT;
	if ((rc = agt_signing_key007(cert, t->ts, t->salt, key)) != AGT_OK)
		goto out;
	part = (struct agt_iov){ t->signing_info, t->silen };
	if ((rc = agt_hmac_sha256(key, sizeof key, &part, 1, sig)) != AGT_OK)
		goto out;
	rc = agt_memeq_ct(sig, t->signature, sizeof sig) ? AGT_OK : AGT_ESIGNATURE;
out:
	agt_memzero(key, sizeof key);
	agt_memzero(sig, sizeof sig);
	return rc;
}

static enum agt_err verify006(const struct agt_token *t, struct agt_str cert,
    struct agt_str channel, struct agt_str uid)
{
	unsigned char sig[32];
	struct agt_iov parts[4];
	enum agt_err rc;

	/* The crc32s are not secret; a mismatch tells the caller more than a
	 * bare bad signature would. */
	if (agt_crc32(channel.p, channel.n) != t->crc_channel ||
	    agt_crc32(uid.p, uid.n) != t->crc_uid)
		return AGT_EMISMATCH;
	parts[0] = (struct agt_iov){ t->app_id.p, t->app_id.n };
	parts[1] = (struct agt_iov){ channel.p, channel.n };
	parts[2] = (struct agt_iov){ uid.p, uid.n };
	parts[3] = (struct agt_iov){ t->m, t->mlen };
	if ((rc = agt_hmac_sha256_keyed(cert.p, cert.n, parts, 4, sig)) == AGT_OK)
		rc = agt_memeq_ct(sig, t->signature, sizeof sig) ? AGT_OK :
		    AGT_ESIGNATURE;
	agt_memzero(sig, sizeof sig);
	return rc;
}

enum agt_err agt_token_verify(const struct agt_token *tok,
    struct agt_str app_certificate, struct agt_str channel, struct agt_str uid)
{
	if (tok == NULL || !AGT_STR_OK(app_certificate) ||
	    !AGT_STR_OK(channel) || !AGT_STR_OK(uid))
		return AGT_EINVAL;
	if (tok->version == 7)
		return verify007(tok, app_certificate);
	if (tok->version == 6)
		return verify006(tok, app_certificate, channel, uid);
	return AGT_EINVAL;
}

static int str_eq(struct agt_str a, struct agt_str b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

static int has_priv(const struct agt_priv *p, size_t n, uint16_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i].id == id)
			return 1;
	return 0;
}

static unsigned check007(const struct agt_token *t,
    const struct agt_check_params *c)
{
	const uint64_t now = c->now, issue = t->ts;
	unsigned prob = 0;
	size_t i, j, nrtc = 0;
	int chan_ok = 0, uid_ok = 0;

	if (now >= issue + t->expire)
		prob |= AGT_PROB_EXPIRED;
	if (issue > now + AGT_FUTURE_SKEW)
		prob |= AGT_PROB_NOT_YET_VALID;
	if (t->unknown)
		prob |= AGT_PROB_UNKNOWN_SERVICE;
	if (t->nservices == 0 && !t->unknown)
		prob |= AGT_PROB_NO_SERVICE;
	for (i = 0; i < t->nservices; i++) {
		const struct agt_service *s = &t->services[i];

		for (j = 0; j < s->nprivs; j++)
			if (s->privs[j].expire != 0 &&
			    now >= issue + s->privs[j].expire)
				prob |= AGT_PROB_PRIV_EXPIRED;
		if (s->type != AGT_SERVICE_RTC)
			continue;
		nrtc++;
		if (!has_priv(s->privs, s->nprivs, AGT_PRIV_JOIN_CHANNEL))
			prob |= AGT_PROB_NO_JOIN;
		if (c->channel.p != NULL && str_eq(c->channel, s->channel))
			chan_ok = 1;
		if (c->uid.p != NULL && str_eq(c->uid, s->account))
			uid_ok = 1;
	}
	/* Expected values are compared only with RTC services, the ones that
	 * carry a channel and uid; a token without RTC has nothing to differ. */
	if (nrtc > 0 && c->channel.p != NULL && !chan_ok)
		prob |= AGT_PROB_CHANNEL_MISMATCH;
	if (nrtc > 0 && c->uid.p != NULL && !uid_ok)
		prob |= AGT_PROB_UID_MISMATCH;
	if (c->app_certificate.p != NULL) {
		enum agt_err e = verify007(t, c->app_certificate);

		if (e == AGT_ESIGNATURE || e == AGT_ECERT)
			prob |= AGT_PROB_BAD_SIGNATURE;
		else if (e != AGT_OK)
			prob |= AGT_PROB_SIGNATURE_UNCHECKED;
	}
	return prob;
}

static unsigned check006(const struct agt_token *t,
    const struct agt_check_params *c)
{
	const uint64_t now = c->now;
	unsigned prob = 0;
	int has_rtc = 0;
	size_t i;

	if (now >= t->ts)
		prob |= AGT_PROB_EXPIRED;
	if (t->nprivs == 0)
		prob |= AGT_PROB_NO_SERVICE;
	for (i = 0; i < t->nprivs; i++) {
		if (t->privs[i].expire != 0 && now >= t->privs[i].expire)
			prob |= AGT_PROB_PRIV_EXPIRED;
		if (t->privs[i].id >= AGT_PRIV_JOIN_CHANNEL &&
		    t->privs[i].id <= AGT_PRIV_PUBLISH_DATA)
			has_rtc = 1;
	}
	if (has_rtc && !has_priv(t->privs, t->nprivs, AGT_PRIV_RTM_LOGIN_006) &&
	    !has_priv(t->privs, t->nprivs, AGT_PRIV_JOIN_CHANNEL))
		prob |= AGT_PROB_NO_JOIN;
	if (c->channel.p != NULL &&
	    agt_crc32(c->channel.p, c->channel.n) != t->crc_channel)
		prob |= AGT_PROB_CHANNEL_MISMATCH;
	if (c->uid.p != NULL && agt_crc32(c->uid.p, c->uid.n) != t->crc_uid)
		prob |= AGT_PROB_UID_MISMATCH;
	/* 006 signs channel and uid, so the signature can be judged only when
	 * the channel is known (uid unknown means "") and both match their
	 * crc32s.  Otherwise a certificate was given for nothing: say so, so
	 * that no caller takes the missing bit for a valid signature. */
	if (c->app_certificate.p != NULL) {
		struct agt_str uid = c->uid.p != NULL ? c->uid :
		    (struct agt_str){ "", 0 };
		enum agt_err e = AGT_EMISMATCH;

		if (c->channel.p != NULL)
			e = verify006(t, c->app_certificate, c->channel, uid);
		if (e == AGT_ESIGNATURE)
			prob |= AGT_PROB_BAD_SIGNATURE;
		else if (e != AGT_OK)
			prob |= AGT_PROB_SIGNATURE_UNCHECKED;
	}
	return prob;
}

unsigned agt_token_check(const struct agt_token *tok,
    const struct agt_check_params *c)
{
	/* A check that cannot run must not read as "no problems". */
	if (tok == NULL || c == NULL || c->size < sizeof *c)
		return AGT_PROB_UNCHECKED;
	if (tok->version == 7)
		return check007(tok, c);
	if (tok->version == 6)
		return check006(tok, c);
	return AGT_PROB_UNCHECKED;
}
