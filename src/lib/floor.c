/* SPDX-License-Identifier: MIT */
/*
 * floor.c - the cryptography and compression of a token without the rest
 * (floor.h): prepared once from a parsed token, then run as often as the
 * benchmark likes.  Each run is what agt_build006/agt_build007 spend on
 * the same steps, with the same per-thread caches.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "floor.h"
#include "internal.h"
#include "token.h"

enum agt_err agt_floor_init(struct agt_floor *f, const char *token,
    size_t len, struct agt_str cert, struct agt_str channel,
    struct agt_str uid)
{
	struct agt_token *t = NULL;
	const uint8_t *src;
	enum agt_err rc;

	memset(f, 0, sizeof *f);
	if (cert.p == NULL || cert.n == 0 || cert.n > sizeof f->cert)
		return AGT_ECERT;
	if ((rc = agt_token_parse(token, len, &t)) != AGT_OK)
		return rc;
	f->version = t->version;
	f->salt = t->salt;
	f->ts = t->ts;
	if (t->version == 6) {
		src = t->m;
		f->len = t->mlen;
	} else {
		src = t->content;
		f->len = t->contentlen;
		f->si_off = (size_t)(t->signing_info - t->content);
	}
	memcpy(f->app_id, t->app_id.p, sizeof f->app_id);
	memcpy(f->token_sig, t->signature, sizeof f->token_sig);
	f->content = malloc(f->len > 0 ? f->len : 1);
	if (f->content == NULL) {
		agt_token_free(t);
		return AGT_ENOMEM;
	}
	memcpy(f->content, src, f->len);
	agt_token_free(t);
	if (f->version == 7) {
		/* A parsed 007 token is "007" and the base64 of its
		 * compressed content. */
		size_t cap = agt_b64_declen_max(len - 3);

		f->zcap = agt_zip_bound(f->len);
		if (f->zcap == 0 || (f->z = malloc(f->zcap)) == NULL ||
		    (f->token_z = malloc(cap > 0 ? cap : 1)) == NULL) {
			agt_floor_free(f);
			return AGT_ENOMEM;
		}
		rc = agt_b64_decode(token + 3, len - 3, f->token_z, cap,
		    &f->token_zlen);
		if (rc != AGT_OK) {
			agt_floor_free(f);
			return rc;
		}
	}
	memcpy(f->cert, cert.p, cert.n);
	f->certlen = cert.n;
	f->channel = channel;
	f->uid = uid;
	return AGT_OK;
}

enum agt_err agt_floor_run(struct agt_floor *f)
{
	struct agt_str cert = { f->cert, f->certlen };
	unsigned char key[32];
	struct agt_iov parts[4];
	enum agt_err rc;

	if (f->version == 6) {
		parts[0] = (struct agt_iov){ f->app_id, sizeof f->app_id };
		parts[1] = (struct agt_iov){ f->channel.p, f->channel.n };
		parts[2] = (struct agt_iov){ f->uid.p, f->uid.n };
		parts[3] = (struct agt_iov){ f->content, f->len };
		return agt_hmac_sha256_keyed(f->cert, f->certlen, parts, 4,
		    f->sig);
	}
	if ((rc = agt_signing_key007(cert, f->ts, f->salt, key)) == AGT_OK) {
		parts[0] = (struct agt_iov){ f->content + f->si_off,
		    f->len - f->si_off };
		rc = agt_hmac_sha256(key, sizeof key, parts, 1, f->sig);
	}
	agt_memzero(key, sizeof key);
	if (rc == AGT_OK)
		rc = agt_zip_compress(f->content, f->len, f->z, f->zcap,
		    &f->zlen);
	return rc;
}

int agt_floor_matches(const struct agt_floor *f)
{
	if (memcmp(f->sig, f->token_sig, sizeof f->sig) != 0)
		return 0;
	return f->version == 6 || (f->zlen == f->token_zlen &&
	    memcmp(f->z, f->token_z, f->zlen) == 0);
}

void agt_floor_free(struct agt_floor *f)
{
	free(f->content);
	free(f->z);
	free(f->token_z);
	agt_memzero(f, sizeof *f);
}
