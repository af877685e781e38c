/* SPDX-License-Identifier: MIT */
/*
 * mac.c - every use of mbedTLS: HMAC-SHA256 (both token formats sign with
 * it), SHA-256 (API key digests), MD5 hex (the APaaS chat user id), the
 * constant-time comparison used for signatures and keys, and the wipe that
 * the compiler may not remove.  Only the generic md API, shared by mbedTLS
 * 2.28 and 3.x, is used.
 */
#include "config.h"

#include <mbedtls/md.h>
#include <mbedtls/platform_util.h>
#if defined(HAVE_MBEDTLS_CT_MEMCMP) && defined(HAVE_MBEDTLS_CONSTANT_TIME_H)
#include <mbedtls/constant_time.h>
#define AGT_USE_MBEDTLS_CT 1
#endif

#include "internal.h"

enum agt_err agt_hmac_sha256(const void *key, size_t keylen,
    const struct agt_iov *parts, size_t nparts, unsigned char out[32])
{
	const mbedtls_md_info_t *info = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
	mbedtls_md_context_t ctx;
	enum agt_err rc = AGT_ECRYPTO;
	size_t i;

	if (info == NULL)
		return AGT_ECRYPTO;
	mbedtls_md_init(&ctx);
	if (mbedtls_md_setup(&ctx, info, 1) != 0)
		goto out;
	/* mbedTLS wants a non-NULL pointer even for an empty key. */
	if (mbedtls_md_hmac_starts(&ctx, keylen > 0 ? key : (const void *)"",
	    keylen) != 0)
		goto out;
	for (i = 0; i < nparts; i++) {
		if (parts[i].n == 0)
			continue;
		if (mbedtls_md_hmac_update(&ctx, parts[i].p, parts[i].n) != 0)
			goto out;
	}
	if (mbedtls_md_hmac_finish(&ctx, out) != 0)
		goto out;
	rc = AGT_OK;
out:
	/* md_free zeroizes the context, which holds the padded key. */
	mbedtls_md_free(&ctx);
	if (rc != AGT_OK)
		mbedtls_platform_zeroize(out, 32);
	return rc;
}

void agt_sha256(const void *data, size_t len, unsigned char out[32])
{
	const mbedtls_md_info_t *info = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);

	/* The void API cannot report failure; a zero digest never matches a
	 * stored one by accident, and SHA-256 over memory cannot fail anyway. */
	if (info == NULL || mbedtls_md(info, len > 0 ? data : (const void *)"",
	    len, out) != 0)
		mbedtls_platform_zeroize(out, 32);
}

enum agt_err agt_md5_hex(const void *data, size_t n, char out[33])
{
	static const char hex[] = "0123456789abcdef";
	const mbedtls_md_info_t *info = mbedtls_md_info_from_type(MBEDTLS_MD_MD5);
	unsigned char d[16];
	size_t i;

	out[0] = '\0';
	if (info == NULL || mbedtls_md(info, n > 0 ? data : (const void *)"", n, d) != 0)
		return AGT_ECRYPTO;
	for (i = 0; i < 16; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15U];
	}
	out[32] = '\0';
	return AGT_OK;
}

int agt_memeq_ct(const void *a, const void *b, size_t n)
{
#ifdef AGT_USE_MBEDTLS_CT
	return mbedtls_ct_memcmp(a, b, n) == 0;
#else
	const volatile unsigned char *x = a, *y = b;
	unsigned char d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= (unsigned char)(x[i] ^ y[i]);
	/* (d - 1) >> 8 is 1 only for d == 0, without a branch on d. */
	return (int)((((unsigned)d) - 1U) >> 8) & 1;
#endif
}

void agt_memzero(void *p, size_t n)
{
	if (p != NULL && n > 0)
		mbedtls_platform_zeroize(p, n);
}
