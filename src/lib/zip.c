/* SPDX-License-Identifier: MIT */
/*
 * zip.c - every use of zlib: crc32 (006 channel and uid checks), the 007
 * compressor, which must produce exactly what Python's zlib.compress()
 * produces (level Z_DEFAULT_COMPRESSION, window 15, memLevel 8, default
 * strategy), and a bounded inflater for parsing, so a small token cannot
 * expand into unbounded memory.  Each thread keeps one deflate stream and
 * resets it per token: deflateInit's allocations happen once per thread.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <zlib.h>

#include "internal.h"

uint32_t agt_crc32(const void *data, size_t n)
{
	const Bytef *p = data;
	uLong c = crc32(0L, Z_NULL, 0);

	/* crc32() takes uInt lengths; feed large inputs in slices. */
	while (n > 0) {
		uInt k = n > 0x40000000U ? 0x40000000U : (uInt)n;

		c = crc32(c, p, k);
		p += k;
		n -= k;
	}
	return (uint32_t)c;
}

static pthread_once_t zip_once = PTHREAD_ONCE_INIT;
static pthread_key_t zip_key;
static int zip_key_ok;

static void zip_state_free(void *arg)
{
	z_stream *zs = arg;

	if (zs != NULL) {
		deflateEnd(zs);
		free(zs);
	}
}

static void zip_key_create(void)
{
	zip_key_ok = pthread_key_create(&zip_key, zip_state_free) == 0;
}

/* The calling thread's deflate stream, created on first use. */
static z_stream *zip_stream(void)
{
	z_stream *zs;

	if (pthread_once(&zip_once, zip_key_create) != 0 || !zip_key_ok)
		return NULL;
	zs = pthread_getspecific(zip_key);
	if (zs != NULL)
		return deflateReset(zs) == Z_OK ? zs : NULL;
	zs = calloc(1, sizeof *zs);
	if (zs == NULL)
		return NULL;
	if (deflateInit2(zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		free(zs);
		return NULL;
	}
	if (pthread_setspecific(zip_key, zs) != 0) {
		zip_state_free(zs);
		return NULL;
	}
	return zs;
}

void agt_thread_cleanup(void)
{
	z_stream *zs;

	if (pthread_once(&zip_once, zip_key_create) != 0 || !zip_key_ok)
		return;
	zs = pthread_getspecific(zip_key);
	if (zs != NULL) {
		(void)pthread_setspecific(zip_key, NULL);
		zip_state_free(zs);
	}
}

size_t agt_zip_bound(size_t n)
{
	/* compressBound()'s formula plus the zlib header margin, in size_t so
	 * it cannot truncate; deflate with Z_FINISH fits in it. */
	size_t extra = (n >> 12) + (n >> 14) + (n >> 25) + 13U + 6U;

	if (n > SIZE_MAX - extra)
		return 0;
	return n + extra;
}

enum agt_err agt_zip_compress(const void *src, size_t n, uint8_t *out,
    size_t cap, size_t *outlen)
{
	z_stream *zs;
	int zrc;

	*outlen = 0;
	if (n > 0xffffffffU || cap > 0xffffffffU || cap < agt_zip_bound(n))
		return n > 0xffffffffU ? AGT_ETOOBIG : AGT_ERANGE;
	zs = zip_stream();
	if (zs == NULL)
		return AGT_ENOMEM;
	zs->next_in = (Bytef *)(uintptr_t)src; /* zlib's API is not const */
	zs->avail_in = (uInt)n;
	zs->next_out = out;
	zs->avail_out = (uInt)cap;
	zrc = deflate(zs, Z_FINISH);
	if (zrc != Z_STREAM_END)
		return AGT_ECRYPTO;
	*outlen = (size_t)zs->total_out;
	/* Drop pointers to the caller's buffers before they go away. */
	zs->next_in = Z_NULL;
	zs->next_out = Z_NULL;
	return AGT_OK;
}

enum agt_err agt_zip_inflate(const void *src, size_t n, size_t max,
    uint8_t **out, size_t *outlen)
{
	z_stream zs = {0};
	uint8_t *buf = NULL, *nb;
	size_t cap, used = 0;
	enum agt_err rc;
	int zrc;

	*out = NULL;
	*outlen = 0;
	if (n > 0xffffffffU)
		return AGT_ETOOBIG;
	if (inflateInit(&zs) != Z_OK)
		return AGT_ENOMEM;
	zs.next_in = (Bytef *)(uintptr_t)src;
	zs.avail_in = (uInt)n;
	/* Start small (real tokens inflate to < 2 KiB); the +1 lets us notice
	 * output beyond max without storing more than max + 1 bytes. */
	cap = max + 1 < 4096 ? max + 1 : 4096;
	for (;;) {
		if (used == cap) {
			size_t ncap;

			if (cap > max) {
				rc = AGT_ETOOBIG;
				goto fail;
			}
			ncap = cap > (max + 1) / 2 ? max + 1 : cap * 2;
			nb = realloc(buf, ncap);
			if (nb == NULL) {
				rc = AGT_ENOMEM;
				goto fail;
			}
			buf = nb;
			cap = ncap;
		}
		if (buf == NULL) {
			buf = malloc(cap);
			if (buf == NULL) {
				rc = AGT_ENOMEM;
				goto fail;
			}
		}
		zs.next_out = buf + used;
		zs.avail_out = (uInt)(cap - used);
		zrc = inflate(&zs, Z_NO_FLUSH);
		used = cap - zs.avail_out;
		if (used > max) {
			rc = AGT_ETOOBIG;
			goto fail;
		}
		if (zrc == Z_STREAM_END)
			break;
		if (zrc == Z_OK)
			continue;
		if (zrc == Z_BUF_ERROR && zs.avail_out == 0)
			continue; /* needs more room */
		rc = zrc == Z_MEM_ERROR ? AGT_ENOMEM : AGT_EINFLATE;
		goto fail;
	}
	if (zs.avail_in != 0) {
		rc = AGT_EINFLATE; /* bytes after the stream */
		goto fail;
	}
	inflateEnd(&zs);
	if (used == 0) {
		free(buf);
		buf = malloc(1);
		if (buf == NULL)
			return AGT_ENOMEM;
	}
	*out = buf;
	*outlen = used;
	return AGT_OK;
fail:
	inflateEnd(&zs);
	free(buf);
	return rc;
}
