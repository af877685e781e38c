/* SPDX-License-Identifier: MIT */
/*
 * zip.c - every use of zlib: crc32 (006 channel and uid checks), the 007
 * compressor, which must produce exactly what Python's zlib.compress()
 * produces (level Z_DEFAULT_COMPRESSION, window 15, memLevel 8, default
 * strategy), and a bounded inflater for parsing, so a small token cannot
 * expand into unbounded memory.  Each thread keeps one deflate and one
 * inflate stream and resets them per token: zlib's allocations happen once
 * per thread, not once per token.  Contents up to AGT_DEFLATE_SMALL_MAX
 * bytes (every real token) skip zlib's deflate for deflate.c, which writes
 * the same bytes at a fraction of the cost; zlib still adds the adler32.
 * Should deflate.c fail, zlib's deflate writes the token instead.
 * configure --disable-fast-deflate leaves deflate.c out (AGT_FAST_DEFLATE
 * undefined): zlib's deflate then writes every token.
 */
#include "config.h"

#include <pthread.h>
#ifdef AGT_DEFLATE_SELFCHECK
#include <stdio.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <zlib.h>

#include "internal.h"

#ifndef MAP_POPULATE
#define MAP_POPULATE 0   /* Linux only; elsewhere pages fault in as used */
#endif

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

/* One thread's streams, each set up on first use and reset per token, so
 * deflateInit's ~256 KiB and inflateInit's state are allocated once per
 * thread instead of once per token. */
struct zip_tls {
#ifdef AGT_FAST_DEFLATE
	struct agt_deflate_work *small;
#endif
	z_stream def;
	int def_ok;
	z_stream inf;
	int inf_ok;
};

static pthread_once_t zip_once = PTHREAD_ONCE_INIT;
static pthread_key_t zip_key;
static int zip_key_ok;

static void zip_tls_free(void *arg)
{
	struct zip_tls *t = arg;

	if (t == NULL)
		return;
	if (t->def_ok)
		deflateEnd(&t->def);
	if (t->inf_ok)
		inflateEnd(&t->inf);
#ifdef AGT_FAST_DEFLATE
	if (t->small != NULL)
		(void)munmap(t->small, agt_deflate_work_size());
#endif
	free(t);
}

static void zip_key_create(void)
{
	zip_key_ok = pthread_key_create(&zip_key, zip_tls_free) == 0;
}

static struct zip_tls *zip_tls(void)
{
	struct zip_tls *t;

	if (pthread_once(&zip_once, zip_key_create) != 0 || !zip_key_ok)
		return NULL;
	t = pthread_getspecific(zip_key);
	if (t != NULL)
		return t;
	t = calloc(1, sizeof *t);
	if (t == NULL)
		return NULL;
	if (pthread_setspecific(zip_key, t) != 0) {
		free(t);
		return NULL;
	}
	return t;
}

/* The calling thread's deflate stream, reset for a new token. */
static z_stream *zip_deflater(void)
{
	struct zip_tls *t = zip_tls();

	if (t == NULL)
		return NULL;
	if (t->def_ok)
		return deflateReset(&t->def) == Z_OK ? &t->def : NULL;
	if (deflateInit2(&t->def, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	t->def_ok = 1;
	return &t->def;
}

#ifdef AGT_FAST_DEFLATE
/* The calling thread's work area for deflate.c, which starts zeroed: its
 * 130 KiB come from one mmap that also fills them in (MAP_POPULATE).  A
 * token touches most of its pages (zlib's 64 KiB hash head table all
 * over), and in a new process, as every plain CGI request is, a page
 * fault for each costs more than having the kernel zero them all at
 * once. */
static struct agt_deflate_work *zip_small(void)
{
	struct zip_tls *t = zip_tls();
	void *p;

	if (t == NULL)
		return NULL;
	if (t->small == NULL) {
		p = mmap(NULL, agt_deflate_work_size(), PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (p == MAP_FAILED)
			return NULL;
		t->small = p;
	}
	return t->small;
}
#endif

/* The calling thread's inflate stream, reset for a new token. */
static z_stream *zip_inflater(void)
{
	struct zip_tls *t = zip_tls();

	if (t == NULL)
		return NULL;
	if (t->inf_ok)
		return inflateReset(&t->inf) == Z_OK ? &t->inf : NULL;
	if (inflateInit(&t->inf) != Z_OK)
		return NULL;
	t->inf_ok = 1;
	return &t->inf;
}

void agt_zip_thread_cleanup(void)
{
	struct zip_tls *t;

	if (pthread_once(&zip_once, zip_key_create) != 0 || !zip_key_ok)
		return;
	t = pthread_getspecific(zip_key);
	if (t != NULL) {
		(void)pthread_setspecific(zip_key, NULL);
		zip_tls_free(t);
	}
}

static int fast_fails;

int agt_zip_fail_fast_path(int fail)
{
	__atomic_store_n(&fast_fails, fail != 0, __ATOMIC_RELAXED);
#ifdef AGT_FAST_DEFLATE
	return 1;
#else
	return 0;
#endif
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

#ifdef AGT_DEFLATE_SELFCHECK
/* Test builds only (configure --enable-sanitizers, or
 * --enable-deflate-selfcheck): every compressed token is inflated back
 * with zlib and compared with its input.  A stream that does not inflate
 * to its input is a token no verifier can read, made by a defect in the
 * encoder; no caller could handle that as an error, and a test run should
 * stop right there with the reason, so this tripwire prints and calls
 * abort().  It is the one exception to "the library never aborts", and
 * release builds do not contain it. */
void agt_zip_selfcheck(const void *src, size_t n, const void *z, size_t zlen)
{
	z_stream *zs = zip_inflater();
	uint8_t chunk[512];
	size_t done = 0, got;
	const char *why = NULL;
	int zrc;

	if (zs == NULL)
		return; /* no memory for a stream: nothing to compare with */
	zs->next_in = (Bytef *)(uintptr_t)z;
	zs->avail_in = (uInt)zlen;
	for (;;) {
		zs->next_out = chunk;
		zs->avail_out = sizeof chunk;
		zrc = inflate(zs, Z_NO_FLUSH);
		got = sizeof chunk - zs->avail_out;
		if (got > n - done ||
		    memcmp(chunk, (const uint8_t *)src + done, got) != 0) {
			why = "inflates to other bytes than its input";
			break;
		}
		done += got;
		if (zrc == Z_STREAM_END) {
			if (done != n)
				why = "inflates to fewer bytes than its input";
			else if (zs->avail_in != 0)
				why = "has bytes after the end of the stream";
			break;
		}
		if (zrc != Z_OK) {
			why = "is not a complete zlib stream";
			break;
		}
	}
	zs->next_in = Z_NULL;
	zs->next_out = Z_NULL;
	if (why != NULL) {
		fprintf(stderr, "libagoratoken: deflate self-check failed: the "
		    "compressed form of a %zu-byte input (%zu bytes) %s\n",
		    n, zlen, why);
		abort();
	}
}
#endif

#ifdef AGT_FAST_DEFLATE
/* deflate.c's encoder with zlib's header and adler32 around it; 0 when it
 * could not (no work area, or the output does not fit), and the caller
 * then uses zlib's deflate. */
static size_t zip_fast(const void *src, size_t n, uint8_t *out, size_t cap)
{
	struct agt_deflate_work *w;
	size_t raw;
	uLong sum;

	if (n > AGT_DEFLATE_SMALL_MAX || cap < 6 || (w = zip_small()) == NULL)
		return 0;
	/* zlib's header for window 15 at level 6, then the raw stream, then
	 * the adler32 of the input, big-endian. */
	out[0] = 0x78;
	out[1] = 0x9c;
	raw = agt_deflate_small(w, src, n, out + 2, cap - 6);
	if (raw == 0 || __atomic_load_n(&fast_fails, __ATOMIC_RELAXED))
		return 0;
	sum = adler32(adler32(0L, Z_NULL, 0), src, (uInt)n);
	out[2 + raw] = (uint8_t)(sum >> 24);
	out[3 + raw] = (uint8_t)(sum >> 16);
	out[4 + raw] = (uint8_t)(sum >> 8);
	out[5 + raw] = (uint8_t)sum;
	return raw + 6;
}
#endif

/* zlib's own deflate on the thread's stream. */
static enum agt_err zip_zlib(const void *src, size_t n, uint8_t *out,
    size_t cap, size_t *outlen)
{
	z_stream *zs = zip_deflater();
	int zrc;

	if (zs == NULL)
		return AGT_ENOMEM;
	zs->next_in = (Bytef *)(uintptr_t)src; /* zlib's API is not const */
	zs->avail_in = (uInt)n;
	zs->next_out = out;
	zs->avail_out = (uInt)cap;
	zrc = deflate(zs, Z_FINISH);
	/* Drop pointers to the caller's buffers before they go away. */
	zs->next_in = Z_NULL;
	zs->next_out = Z_NULL;
	if (zrc != Z_STREAM_END)
		return AGT_ECRYPTO;
	*outlen = (size_t)zs->total_out;
	return AGT_OK;
}

enum agt_err agt_zip_compress(const void *src, size_t n, uint8_t *out,
    size_t cap, size_t *outlen)
{
	enum agt_err rc = AGT_OK;
	size_t len = 0;

	*outlen = 0;
	if (n > 0xffffffffU || cap > 0xffffffffU || cap < agt_zip_bound(n))
		return n > 0xffffffffU ? AGT_ETOOBIG : AGT_ERANGE;
#ifdef AGT_FAST_DEFLATE
	/* Short contents (every real token) go through deflate.c; should it
	 * ever fail, zlib's deflate writes the same stream. */
	len = zip_fast(src, n, out, cap);
#endif
	if (len == 0)
		rc = zip_zlib(src, n, out, cap, &len);
	if (rc != AGT_OK)
		return rc;
#ifdef AGT_DEFLATE_SELFCHECK
	agt_zip_selfcheck(src, n, out, len);
#endif
	*outlen = len;
	return AGT_OK;
}

enum agt_err agt_zip_inflate_into(const void *src, size_t n, size_t max,
    uint8_t *buf, size_t bufcap, uint8_t **out, size_t *outlen)
{
	z_stream *zs;
	uint8_t *dst, *heap = NULL, *nb;
	size_t cap, used = 0;
	enum agt_err rc;
	int zrc;

	*out = NULL;
	*outlen = 0;
	if (n > 0xffffffffU)
		return AGT_ETOOBIG;
	if ((zs = zip_inflater()) == NULL)
		return AGT_ENOMEM;
	zs->next_in = (Bytef *)(uintptr_t)src; /* zlib's API is not const */
	zs->avail_in = (uInt)n;
	/* The +1 lets us notice output beyond max without storing more than
	 * max + 1 bytes.  Real tokens inflate to < 2 KiB: the caller's buffer
	 * normally holds it all, and Z_FINISH then needs no window. */
	if (buf != NULL && bufcap > 0) {
		dst = buf;
		cap = bufcap < max + 1 ? bufcap : max + 1;
	} else {
		cap = max + 1 < 4096 ? max + 1 : 4096;
		if ((heap = malloc(cap)) == NULL) {
			rc = AGT_ENOMEM;
			goto fail;
		}
		dst = heap;
	}
	for (;;) {
		if (cap > 0xffffffffU) {
			rc = AGT_ETOOBIG;
			goto fail;
		}
		zs->next_out = dst + used;
		zs->avail_out = (uInt)(cap - used);
		zrc = inflate(zs, Z_FINISH);
		used = cap - zs->avail_out;
		if (used > max) {
			rc = AGT_ETOOBIG;
			goto fail;
		}
		if (zrc == Z_STREAM_END)
			break;
		if (zrc != Z_BUF_ERROR || zs->avail_out != 0) {
			/* Z_BUF_ERROR with room left: the input ended early. */
			rc = zrc == Z_MEM_ERROR ? AGT_ENOMEM : AGT_EINFLATE;
			goto fail;
		}
		/* Out of room: continue in a larger heap buffer. */
		{
			size_t ncap = cap > (max + 1) / 2 ? max + 1 : cap * 2;

			if (heap == NULL) {
				if ((nb = malloc(ncap)) != NULL && used > 0)
					memcpy(nb, dst, used);
			} else {
				nb = realloc(heap, ncap);
			}
			if (nb == NULL) {
				rc = AGT_ENOMEM;
				goto fail;
			}
			heap = dst = nb;
			cap = ncap;
		}
	}
	if (zs->avail_in != 0) {
		rc = AGT_EINFLATE; /* bytes after the stream */
		goto fail;
	}
	if (heap != NULL && used == 0) {
		/* Keep "a buffer on success" even for empty content. */
		free(heap);
		if ((heap = dst = malloc(1)) == NULL) {
			rc = AGT_ENOMEM;
			goto fail;
		}
	}
	zs->next_in = Z_NULL;
	zs->next_out = Z_NULL;
	*out = dst;
	*outlen = used;
	return AGT_OK;
fail:
	zs->next_in = Z_NULL;
	zs->next_out = Z_NULL;
	free(heap);
	return rc;
}

enum agt_err agt_zip_inflate(const void *src, size_t n, size_t max,
    uint8_t **out, size_t *outlen)
{
	return agt_zip_inflate_into(src, n, max, NULL, 0, out, outlen);
}
