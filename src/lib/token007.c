/* SPDX-License-Identifier: MIT */
/*
 * token007.c - the raw 007 AccessToken2 builder and its service packer:
 *   signing_info = string(app_id) + u32 issue_ts + u32 expire + u32 salt +
 *                  u16 count + services sorted by type (stable)
 *   key   = HMAC(u32(salt), HMAC(u32(issue_ts), certificate))
 *   token = "007" + base64(zlib(string(HMAC(key, signing_info)) + signing_info))
 * Buffers are measured first and live on the stack for every token of
 * ordinary size, so building allocates nothing after the thread's first.
 */
#include "config.h"

#include <stdlib.h>

#include "internal.h"

/* Signing info plus signature of any token the HTTP limits allow. */
#define T007_STACK 4096U

/* 1 for a hex digit, either case. */
static const uint8_t hex_digit[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
	['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
};

/* Every token checks two of these: a table and no early exit keep it to
 * a load and an and per character. */
int agt_app_id_valid(struct agt_str s)
{
	unsigned ok = 1;
	size_t i;

	if (s.p == NULL || s.n != AGT_APP_ID_CHARS)
		return 0;
	for (i = 0; i < AGT_APP_ID_CHARS; i++)
		ok &= hex_digit[(unsigned char)s.p[i]];
	return (int)ok;
}

/* Certificates follow the app id's rule. */
int agt_app_certificate_valid(struct agt_str s)
{
	return agt_app_id_valid(s);
}

enum agt_err agt_signing_key007(struct agt_str cert, uint32_t issue_ts,
    uint32_t salt, unsigned char key[32])
{
	unsigned char k1[4], k2[4], mid[32];
	struct agt_iov part;
	enum agt_err rc;

	k1[0] = (unsigned char)(issue_ts & 0xffU);
	k1[1] = (unsigned char)((issue_ts >> 8) & 0xffU);
	k1[2] = (unsigned char)((issue_ts >> 16) & 0xffU);
	k1[3] = (unsigned char)(issue_ts >> 24);
	k2[0] = (unsigned char)(salt & 0xffU);
	k2[1] = (unsigned char)((salt >> 8) & 0xffU);
	k2[2] = (unsigned char)((salt >> 16) & 0xffU);
	k2[3] = (unsigned char)(salt >> 24);
	/* HMAC(issue_ts, cert) repeats for every token of the same second:
	 * the thread remembers the last one. */
	if ((rc = agt_hmac_sha256_memo(k1, sizeof k1, cert.p, cert.n, mid)) != AGT_OK)
		goto out;
	part = (struct agt_iov){ mid, sizeof mid };
	rc = agt_hmac_sha256(k2, sizeof k2, &part, 1, key);
out:
	agt_memzero(mid, sizeof mid);
	return rc;
}

static enum agt_err pack_rtm2_perms(struct agt_wr *w,
    const struct agt_rtm2_perm *perms, size_t n)
{
	struct agt_key stack[AGT_KEYS_STACK], *k = stack;
	size_t i, j, m = 0, nres;
	enum agt_err rc;

	if (perms == NULL && n > 0)
		return AGT_EINVAL;
	if (n > UINT32_MAX)
		return AGT_ETOOLONG;
	if (n > AGT_KEYS_STACK) {
		k = malloc(n * sizeof *k);
		if (k == NULL)
			return AGT_ENOMEM;
	}
	/* Sort by (resource, permission, position) and keep the last entry of
	 * each (resource, permission) run: Permissions.add() replaces.  A
	 * type-only entry sorts first in its resource group (bit 16 clear) and
	 * only makes the resource type appear. */
	for (i = 0; i < n; i++) {
		k[i].key = (uint64_t)perms[i].resource_type << 17 |
		    (perms[i].type_only ? 0U : (1U << 16 | perms[i].permission_type));
		k[i].idx = (uint32_t)i;
	}
	agt_keys_sort(k, n);
	for (i = 0; i < n; i++)
		if (i + 1 == n || k[i + 1].key != k[i].key)
			k[m++] = k[i];
	/* m entries now, unique keys, sorted. Count resource types. */
	for (i = 0, nres = 0; i < m; i++)
		if (i == 0 || (k[i].key >> 17) != (k[i - 1].key >> 17))
			nres++;
	if ((rc = agt_wr_count(w, nres)) != AGT_OK)
		goto out;
	for (i = 0; i < m; i = j) {
		uint64_t res = k[i].key >> 17;
		size_t np = 0, r;

		for (j = i; j < m && (k[j].key >> 17) == res; j++)
			if (k[j].key & (1U << 16))
				np++;
		if ((rc = agt_wr_u16(w, (uint16_t)res)) != AGT_OK ||
		    (rc = agt_wr_count(w, np)) != AGT_OK)
			goto out;
		for (; i < j; i++) {
			const struct agt_rtm2_perm *pe = &perms[k[i].idx];

			if (!(k[i].key & (1U << 16)))
				continue;
			if (pe->resources == NULL && pe->nresources > 0) {
				rc = AGT_EINVAL;
				goto out;
			}
			if ((rc = agt_wr_u16(w, pe->permission_type)) != AGT_OK ||
			    (rc = agt_wr_count(w, pe->nresources)) != AGT_OK)
				goto out;
			for (r = 0; r < pe->nresources; r++)
				if ((rc = agt_wr_str(w, pe->resources[r].p,
				    pe->resources[r].n)) != AGT_OK)
					goto out;
		}
	}
	rc = AGT_OK;
out:
	if (k != stack)
		free(k);
	return rc;
}

/* One service: type, privileges, then the fields its type packs. */
static enum agt_err pack_service(struct agt_wr *w, const struct agt_service *s)
{
	enum agt_err rc;

	if ((rc = agt_wr_u16(w, s->type)) != AGT_OK ||
	    (rc = agt_wr_privmap(w, s->privs, s->nprivs)) != AGT_OK)
		return rc;
	switch (s->type) {
	case AGT_SERVICE_RTC:
	case AGT_SERVICE_STREAMING:
	case AGT_SERVICE_FCDN:
		if ((rc = agt_wr_str(w, s->channel.p, s->channel.n)) != AGT_OK)
			return rc;
		return agt_wr_str(w, s->account.p, s->account.n);
	case AGT_SERVICE_RTM:
	case AGT_SERVICE_CHAT:
		return agt_wr_str(w, s->user_id.p, s->user_id.n);
	case AGT_SERVICE_APAAS:
		if ((rc = agt_wr_str(w, s->room_uuid.p, s->room_uuid.n)) != AGT_OK ||
		    (rc = agt_wr_str(w, s->user_uuid.p, s->user_uuid.n)) != AGT_OK)
			return rc;
		return agt_wr_i16(w, s->role);
	case AGT_SERVICE_RTM2:
		if ((rc = agt_wr_str(w, s->user_id.p, s->user_id.n)) != AGT_OK)
			return rc;
		return pack_rtm2_perms(w, s->perms, s->nperms);
	default:
		/* FPA, ConvoAI, STT and types we do not know: privileges only. */
		return AGT_OK;
	}
}

static enum agt_err pack_signing_info(struct agt_wr *w,
    const struct agt_token007_params *p, uint32_t salt, uint32_t ts)
{
	struct agt_key stack[AGT_KEYS_STACK], *k = stack;
	size_t i;
	enum agt_err rc;

	if ((rc = agt_wr_str(w, p->app_id.p, p->app_id.n)) != AGT_OK ||
	    (rc = agt_wr_u32(w, ts)) != AGT_OK ||
	    (rc = agt_wr_u32(w, p->expire)) != AGT_OK ||
	    (rc = agt_wr_u32(w, salt)) != AGT_OK ||
	    (rc = agt_wr_count(w, p->nservices)) != AGT_OK)
		return rc;
	if (p->nservices > AGT_KEYS_STACK) {
		k = malloc(p->nservices * sizeof *k);
		if (k == NULL)
			return AGT_ENOMEM;
	}
	for (i = 0; i < p->nservices; i++) {
		k[i].key = p->services[i].type;
		k[i].idx = (uint32_t)i;
	}
	agt_keys_sort(k, p->nservices); /* by type, then insertion order */
	for (i = 0; i < p->nservices; i++)
		if ((rc = pack_service(w, &p->services[k[i].idx])) != AGT_OK)
			break;
	if (k != stack)
		free(k);
	return rc;
}

void agt_token007_params_init(struct agt_token007_params *p)
{
	if (p == NULL)
		return;
	*p = (struct agt_token007_params){0};
	p->size = sizeof *p;
}

enum agt_err agt_build007(const struct agt_token007_params *p, char *out,
    size_t outcap, size_t *outlen)
{
	uint8_t bstack[T007_STACK], zstack[T007_STACK + 64];
	uint8_t *buf = bstack, *z = zstack;
	unsigned char key[32], sig[AGT_SIGNATURE_BYTES];
	struct agt_iov part;
	struct agt_wr w;
	uint32_t salt, ts;
	size_t silen, total, zcap, zlen, bound = 0;
	int exact;
	enum agt_err rc;

	if (outlen == NULL)
		return AGT_EINVAL;
	*outlen = 0;
	if (p == NULL || p->size < sizeof *p)
		return AGT_EINVAL;
	if (!AGT_STR_OK(p->app_id) || !AGT_STR_OK(p->app_certificate) ||
	    (p->services == NULL && p->nservices > 0))
		return AGT_EINVAL;
	if ((rc = agt_out_check(out, outcap)) != AGT_OK)
		return rc;
	if (!agt_app_id_valid(p->app_id))
		return AGT_EAPPID;
	if (!agt_app_certificate_valid(p->app_certificate))
		return AGT_ECERT;
	if (p->nservices == 0)
		return AGT_ENOSERVICE;
	if (p->nservices > AGT_COUNT_MAX)
		return AGT_ETOOLONG;

	/* Measure (salt and ts are fixed-width: their values do not change
	 * the length), which also validates every field. */
	agt_wr_init(&w, NULL, 0);
	if ((rc = pack_signing_info(&w, p, 0, 0)) != AGT_OK)
		return rc;
	silen = w.len;
	if (silen > SIZE_MAX - 2 - AGT_SIGNATURE_BYTES)
		return AGT_ETOOBIG;
	total = 2 + AGT_SIGNATURE_BYTES + silen;
	zcap = agt_zip_bound(total);
	if (zcap == 0)
		return AGT_ETOOBIG;
	/* The compressed length depends on the salt, the time and the
	 * signature they lead to.  Unless both are pinned, a too-small buffer
	 * is answered with the longest text the compressor's bound allows:
	 * the same for every call with these inputs, and every build of them
	 * fits in it.  A query costs no salt, HMAC or deflate. */
	exact = (p->pin.flags & (AGT_PIN_SALT | AGT_PIN_TS)) ==
	    (AGT_PIN_SALT | AGT_PIN_TS);
	if (!exact) {
		if ((rc = agt_emit_len(3, zcap, &bound)) != AGT_OK)
			return rc;
		if (out == NULL || outcap == 0) {
			*outlen = bound;
			return AGT_ERANGE;
		}
	}
	if ((rc = agt_pin_resolve(&p->pin, 0, &salt, &ts)) != AGT_OK)
		return rc;

	if (total > sizeof bstack) {
		buf = malloc(total);
		if (buf == NULL)
			return AGT_ENOMEM;
	}
	if (zcap > sizeof zstack) {
		z = malloc(zcap);
		if (z == NULL) {
			rc = AGT_ENOMEM;
			goto out;
		}
	}
	/* The signature goes in front of the signing info it covers. */
	agt_wr_init(&w, buf + 2 + AGT_SIGNATURE_BYTES, silen);
	if ((rc = pack_signing_info(&w, p, salt, ts)) != AGT_OK)
		goto out;
	if ((rc = agt_signing_key007(p->app_certificate, ts, salt, key)) != AGT_OK)
		goto out;
	part = (struct agt_iov){ buf + 2 + AGT_SIGNATURE_BYTES, silen };
	if ((rc = agt_hmac_sha256(key, sizeof key, &part, 1, sig)) != AGT_OK)
		goto out;
	agt_wr_init(&w, buf, 2 + AGT_SIGNATURE_BYTES);
	if ((rc = agt_wr_str(&w, sig, sizeof sig)) != AGT_OK)
		goto out;
	/* Capacity exactly the bound, so the output never exceeds it. */
	if ((rc = agt_zip_compress(buf, total, z, zcap, &zlen)) != AGT_OK)
		goto out;
	rc = agt_emit(out, outcap, outlen, "007", 3, z, zlen);
	if (rc == AGT_ERANGE && !exact)
		*outlen = bound;
out:
	agt_memzero(key, sizeof key);
	agt_memzero(sig, sizeof sig);
	if (buf != bstack)
		free(buf);
	if (z != zstack)
		free(z);
	return rc;
}
