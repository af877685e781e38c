/* SPDX-License-Identifier: MIT */
/*
 * token006.c - the raw 006 AccessToken builder:
 *   m       = u32 salt + u32 ts + map<u16,u32> privileges
 *   sig     = HMAC-SHA256(certificate, app_id + channel + uid + m)
 *   content = string(sig) + u32 crc32(channel) + u32 crc32(uid) + string(m)
 *   token   = "006" + app_id + base64(content)
 * The reference does not check the app id; we require 32 bytes because a
 * parser finds the base64 body only by that length.
 */
#include "config.h"

#include <stdlib.h>

#include "internal.h"

/* m and content of tokens with up to ~300 privileges fit on the stack. */
#define T006_STACK 2048U

void agt_token006_params_init(struct agt_token006_params *p)
{
	if (p == NULL)
		return;
	*p = (struct agt_token006_params){0};
	p->size = sizeof *p;
}

enum agt_err agt_build006(const struct agt_token006_params *p, char *out,
    size_t outcap, size_t *outlen)
{
	uint8_t mstack[T006_STACK], cstack[T006_STACK];
	uint8_t *m = mstack, *content = cstack;
	unsigned char sig[AGT_SIGNATURE_BYTES];
	struct agt_wr w;
	struct agt_iov parts[4];
	uint32_t salt, ts;
	size_t mlen, clen, need;
	enum agt_err rc;

	if (outlen == NULL)
		return AGT_EINVAL;
	*outlen = 0;
	if (p == NULL || p->size < sizeof *p)
		return AGT_EINVAL;
	if (!AGT_STR_OK(p->app_id) || !AGT_STR_OK(p->app_certificate) ||
	    !AGT_STR_OK(p->channel) || !AGT_STR_OK(p->uid) ||
	    (p->privs == NULL && p->nprivs > 0))
		return AGT_EINVAL;
	if ((rc = agt_out_check(out, outcap)) != AGT_OK)
		return rc;
	if (p->app_id.n != AGT_APP_ID_CHARS)
		return AGT_EAPPID;

	/* Measure m, then write it where it fits.  Salt and ts are
	 * fixed-width fields and nothing is compressed, so the token's length
	 * depends on the inputs only: a query is exact whether or not they
	 * are pinned, and costs no salt and no HMAC. */
	agt_wr_init(&w, NULL, 0);
	if ((rc = agt_wr_u32(&w, 0)) != AGT_OK ||
	    (rc = agt_wr_u32(&w, 0)) != AGT_OK ||
	    (rc = agt_wr_privmap(&w, p->privs, p->nprivs)) != AGT_OK)
		return rc;
	mlen = w.len;
	if (mlen > AGT_STRING_MAX)
		return AGT_ETOOLONG;
	clen = 2 + AGT_SIGNATURE_BYTES + 4 + 4 + 2 + mlen;
	if ((rc = agt_emit_len(3 + AGT_APP_ID_CHARS, clen, &need)) != AGT_OK)
		return rc;
	if (out == NULL || outcap < need + 1) {
		*outlen = need;
		return AGT_ERANGE;
	}
	if ((rc = agt_pin_resolve(&p->pin, 24U * 3600U, &salt, &ts)) != AGT_OK)
		return rc;
	if (mlen > sizeof mstack) {
		m = malloc(mlen);
		if (m == NULL)
			return AGT_ENOMEM;
	}
	if (clen > sizeof cstack) {
		content = malloc(clen);
		if (content == NULL) {
			rc = AGT_ENOMEM;
			goto out;
		}
	}
	agt_wr_init(&w, m, mlen);
	if ((rc = agt_wr_u32(&w, salt)) != AGT_OK ||
	    (rc = agt_wr_u32(&w, ts)) != AGT_OK ||
	    (rc = agt_wr_privmap(&w, p->privs, p->nprivs)) != AGT_OK)
		goto out;

	parts[0] = (struct agt_iov){ p->app_id.p, p->app_id.n };
	parts[1] = (struct agt_iov){ p->channel.p, p->channel.n };
	parts[2] = (struct agt_iov){ p->uid.p, p->uid.n };
	parts[3] = (struct agt_iov){ m, mlen };
	/* The certificate keys every token: its HMAC states are cached. */
	if ((rc = agt_hmac_sha256_keyed(p->app_certificate.p,
	    p->app_certificate.n, parts, 4, sig)) != AGT_OK)
		goto out;

	agt_wr_init(&w, content, clen);
	if ((rc = agt_wr_str(&w, sig, sizeof sig)) != AGT_OK ||
	    (rc = agt_wr_u32(&w, agt_crc32(p->channel.p, p->channel.n))) != AGT_OK ||
	    (rc = agt_wr_u32(&w, agt_crc32(p->uid.p, p->uid.n))) != AGT_OK ||
	    (rc = agt_wr_str(&w, m, mlen)) != AGT_OK)
		goto out;

	{
		/* "006" + app_id is the text prefix; build it without a VLA. */
		char prefix[3 + AGT_APP_ID_CHARS];
		size_t i;

		prefix[0] = '0';
		prefix[1] = '0';
		prefix[2] = '6';
		for (i = 0; i < AGT_APP_ID_CHARS; i++)
			prefix[3 + i] = p->app_id.p[i];
		rc = agt_emit(out, outcap, outlen, prefix, sizeof prefix,
		    content, clen);
	}
out:
	agt_memzero(sig, sizeof sig);
	if (m != mstack)
		free(m);
	if (content != cstack)
		free(content);
	return rc;
}
