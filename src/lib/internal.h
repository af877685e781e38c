/* SPDX-License-Identifier: MIT */
/*
 * internal.h - declarations shared between the library's source files and
 * never exported (the library is compiled with -fvisibility=hidden and only
 * AGT_EXPORT symbols leave it).  Each group below names the file that owns it.
 */
#ifndef AGT_INTERNAL_H
#define AGT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* Keep the library's defensive NULL checks: see AGT_NONNULL. */
#define AGT_BUILDING_LIBRARY 1
#include "agoratoken.h"

#define AGT_HIDDEN __attribute__((visibility("hidden")))

/* A (pointer, length) pair is valid when it is not (NULL, n > 0). */
#define AGT_STR_OK(s) ((s).p != NULL || (s).n == 0)

/* ---- pack.c: little-endian writer and bounds-checked reader ---- */

/* Writer.  With p == NULL it only measures: len counts the bytes that would
 * be written.  Otherwise every store checks cap - len first. */
struct agt_wr {
	uint8_t *p;
	size_t cap;
	size_t len;
};
AGT_HIDDEN void agt_wr_init(struct agt_wr *w, void *buf, size_t cap);
AGT_HIDDEN enum agt_err agt_wr_bytes(struct agt_wr *w, const void *src, size_t n);
AGT_HIDDEN enum agt_err agt_wr_u16(struct agt_wr *w, uint16_t v);
AGT_HIDDEN enum agt_err agt_wr_u32(struct agt_wr *w, uint32_t v);
AGT_HIDDEN enum agt_err agt_wr_i16(struct agt_wr *w, int16_t v);
/* u16 length + bytes; AGT_ETOOLONG above AGT_STRING_MAX. */
AGT_HIDDEN enum agt_err agt_wr_str(struct agt_wr *w, const void *s, size_t n);
/* A u16 count; AGT_ETOOLONG above AGT_COUNT_MAX. */
AGT_HIDDEN enum agt_err agt_wr_count(struct agt_wr *w, size_t n);

/* Reader: every call checks left before touching p. */
struct agt_rd {
	const uint8_t *p;
	size_t left;
};
AGT_HIDDEN void agt_rd_init(struct agt_rd *r, const void *buf, size_t n);
AGT_HIDDEN enum agt_err agt_rd_u16(struct agt_rd *r, uint16_t *v);
AGT_HIDDEN enum agt_err agt_rd_u32(struct agt_rd *r, uint32_t *v);
AGT_HIDDEN enum agt_err agt_rd_i16(struct agt_rd *r, int16_t *v);
AGT_HIDDEN enum agt_err agt_rd_bytes(struct agt_rd *r, size_t n, const uint8_t **out);
/* u16 length + bytes; the bytes stay in the reader's buffer. */
AGT_HIDDEN enum agt_err agt_rd_str(struct agt_rd *r, struct agt_str *out);
/* A u16 count of entries, each at least min_entry bytes: AGT_ECOUNT when
 * they cannot fit in what is left. */
AGT_HIDDEN enum agt_err agt_rd_count(struct agt_rd *r, size_t min_entry, uint16_t *n);

/* Sorting helper for "sorted by key, stable" and "duplicate key: last wins":
 * sort (key, idx) pairs by key then idx. */
struct agt_key {
	uint64_t key;
	uint32_t idx;
};
AGT_HIDDEN void agt_keys_sort(struct agt_key *k, size_t n);
/* Key arrays up to this size live on the stack; larger ones are malloc'd. */
#define AGT_KEYS_STACK 32U
/* A privilege map: u16 count of distinct ids, then (u16 id, u32 expire)
 * sorted by id; for a repeated id the later entry wins. */
AGT_HIDDEN enum agt_err agt_wr_privmap(struct agt_wr *w,
    const struct agt_priv *privs, size_t n);

/* ---- b64.c: standard base64 with padding, strict decoding ---- */

/* Encoded length of n bytes; 0 when it would overflow size_t (n > 0). */
AGT_HIDDEN size_t agt_b64_enclen(size_t n);
/* Writes agt_b64_enclen(n) characters (no NUL) to out. */
AGT_HIDDEN void agt_b64_encode(const void *src, size_t n, char *out);
/* Largest decoded length of n characters. */
AGT_HIDDEN size_t agt_b64_declen_max(size_t n);
/* Strict decode into out (cap >= agt_b64_declen_max(n)); AGT_EBASE64 on any
 * non-canonical input. */
AGT_HIDDEN enum agt_err agt_b64_decode(const char *src, size_t n,
    uint8_t *out, size_t cap, size_t *outlen);

/* ---- mac.c: the only mbedTLS user ---- */

struct agt_iov {
	const void *p;
	size_t n;
};
/* HMAC-SHA256 over the concatenation of parts.  None of these allocate
 * after the calling thread's first call. */
AGT_HIDDEN enum agt_err agt_hmac_sha256(const void *key, size_t keylen,
    const struct agt_iov *parts, size_t nparts, unsigned char out[32]);
/* The same HMAC for a key used again and again (the app certificate): the
 * thread keeps the key's inner and outer SHA-256 states, saving two blocks
 * per call while the key stays the same. */
AGT_HIDDEN enum agt_err agt_hmac_sha256_keyed(const void *key, size_t keylen,
    const struct agt_iov *parts, size_t nparts, unsigned char out[32]);
/* The same HMAC of one short message, remembered per thread for the last
 * (key, msg) pair (both compared in constant time). */
AGT_HIDDEN enum agt_err agt_hmac_sha256_memo(const void *key, size_t keylen,
    const void *msg, size_t msglen, unsigned char out[32]);
/* Tests only: how many agt_hmac_sha256_memo() calls of the calling
 * thread the memo answered (since its state was created). */
AGT_HIDDEN unsigned long agt_mac_test_memo_hits(void);
/* Wipes and frees the calling thread's HMAC state and caches. */
AGT_HIDDEN void agt_mac_thread_cleanup(void);
/* n bytes of ChaCha20 keystream under key (zero nonce, counter 0): the
 * salt generator's expansion; each key is used for one call only. */
AGT_HIDDEN enum agt_err agt_chacha20_stream(const uint8_t key[32], uint8_t *out,
    size_t n);
/* Lower-case hex MD5 plus NUL (33 bytes). */
AGT_HIDDEN enum agt_err agt_md5_hex(const void *data, size_t n, char out[33]);

/* ---- sha256.c: SHA-256 on the CPU's SHA instructions (mac.c's fast
 * path; only when agt_sha256_hw_available() says so) ---- */

struct agt_sha256_ctx {
	uint32_t h[8];
	uint64_t total;    /* bytes hashed */
	uint8_t buf[64];
	size_t used;       /* bytes in buf */
};
/* 1 when this CPU runs SHA-256 in hardware (x86 SHA extensions). */
AGT_HIDDEN int agt_sha256_hw_available(void);
/* The initial hash value H(0). */
AGT_HIDDEN extern const uint32_t agt_sha256_iv[8];
/* The compression function on n whole 64-byte blocks: h is the chaining
 * state, A..H as numbers. */
AGT_HIDDEN void agt_sha256_blocks(uint32_t h[8], const void *p, size_t n);
/* One block into each of two independent states, in about the time of
 * one (the two chains run interleaved). */
AGT_HIDDEN void agt_sha256_blocks2(uint32_t ha[8], const void *pa,
    uint32_t hb[8], const void *pb);
AGT_HIDDEN void agt_sha256_init(struct agt_sha256_ctx *c);
AGT_HIDDEN void agt_sha256_update(struct agt_sha256_ctx *c, const void *data,
    size_t n);
/* One block given as its sixteen message words (numbers, not bytes). */
AGT_HIDDEN void agt_sha256_block_words(uint32_t h[8], const uint32_t w[16]);
/* Pads and compresses the last block(s): c->h is then the digest as
 * words.  Nothing is wiped: a caller hashing secrets wipes c itself. */
AGT_HIDDEN void agt_sha256_last(struct agt_sha256_ctx *c);
/* The digest bytes of the words h (big-endian). */
AGT_HIDDEN void agt_sha256_put(const uint32_t h[8], unsigned char out[32]);
/* Writes the digest and wipes the context. */
AGT_HIDDEN void agt_sha256_final(struct agt_sha256_ctx *c, unsigned char out[32]);
/* Tests only: 0 forces mac.c onto mbedTLS, 1 restores the automatic
 * choice.  Returns whether the hardware path is in use afterwards. */
AGT_HIDDEN int agt_mac_use_hw(int allow);

/* ---- deflate.c: zlib's level-6 output for short inputs, without zlib
 * (compiled only with AGT_FAST_DEFLATE, configure's default) ---- */

#define AGT_DEFLATE_SMALL_MAX 4096
struct agt_deflate_work;
/* The size of a work area, which must start as all zero bytes (calloc's,
 * or a fresh anonymous mmap's) and then needs no other setting up. */
AGT_HIDDEN size_t agt_deflate_work_size(void);
/* Raw deflate of src[0..n) exactly as zlib's deflate() at level 6 writes
 * it; returns its length, or 0 when n > AGT_DEFLATE_SMALL_MAX or out[0..cap)
 * is too small. */
AGT_HIDDEN size_t agt_deflate_small(struct agt_deflate_work *w,
    const void *src, size_t n, uint8_t *out, size_t cap);

/* ---- zip.c: the only zlib user ---- */

AGT_HIDDEN uint32_t agt_crc32(const void *data, size_t n);
/* Tests only: nonzero makes every call of deflate.c's encoder count as
 * failed, so agt_zip_compress() takes its zlib fallback; 0 restores it.
 * Returns 1 when this build has the encoder (AGT_FAST_DEFLATE), else 0. */
AGT_HIDDEN int agt_zip_fail_fast_path(int fail);
/* Upper bound of the compressed size of n bytes. */
AGT_HIDDEN size_t agt_zip_bound(size_t n);
/* zlib.compress(data) byte for byte; out must hold agt_zip_bound(n). */
AGT_HIDDEN enum agt_err agt_zip_compress(const void *src, size_t n,
    uint8_t *out, size_t cap, size_t *outlen);
/* Test builds with AGT_DEFLATE_SELFCHECK only: inflates z[0..zlen) with
 * zlib and aborts with a message on stderr unless it gives src[0..n) back
 * exactly (agt_zip_compress() calls it on every output). */
AGT_HIDDEN void agt_zip_selfcheck(const void *src, size_t n, const void *z,
    size_t zlen);
/* Frees the calling thread's deflate and inflate streams. */
AGT_HIDDEN void agt_zip_thread_cleanup(void);
/* Inflates one complete zlib stream into a new malloc'd buffer of at most
 * max bytes: AGT_ETOOBIG beyond it, AGT_EINFLATE for a broken or incomplete
 * stream or bytes after it. */
AGT_HIDDEN enum agt_err agt_zip_inflate(const void *src, size_t n, size_t max,
    uint8_t **out, size_t *outlen);
/* The same, into buf[0..bufcap) when the content fits (then *out == buf),
 * else into a new malloc'd buffer the caller frees (*out != buf).  Uses
 * the thread's inflate stream: nothing is allocated when it fits. */
AGT_HIDDEN enum agt_err agt_zip_inflate_into(const void *src, size_t n,
    size_t max, uint8_t *buf, size_t bufcap, uint8_t **out, size_t *outlen);

/* ---- rand.c: salts from a per-thread ChaCha20 generator ---- */

/* Uniform in AGT_SALT_MIN..AGT_SALT_MAX; the generator is seeded from
 * getrandom(2) and never shared with a forked child. */
AGT_HIDDEN enum agt_err agt_rand_salt(uint32_t *salt);
/* Wipes and releases the calling thread's generator. */
AGT_HIDDEN void agt_rand_thread_cleanup(void);
/* Tests only: refills between kernel seeds (0: the default), and whether
 * the two fork guards (MADV_WIPEONFORK on generators created afterwards,
 * the pthread_atfork generation) are in force. */
AGT_HIDDEN void agt_rand_test_config(unsigned reseed_refills, int wipe_on_fork,
    int atfork);
/* Tests only: keys taken from the kernel so far by this process. */
AGT_HIDDEN unsigned long agt_rand_test_kernel_seeds(void);

/* ---- common.c: shared builder plumbing ---- */

/* Resolves pin flags into concrete salt and ts (ts_offset is added to
 * time(NULL) when the clock is not pinned). */
AGT_HIDDEN enum agt_err agt_pin_resolve(const struct agt_pin *pin,
    uint32_t ts_offset, uint32_t *salt, uint32_t *ts);
/* AGT_EINVAL for out == NULL with outcap > 0. */
AGT_HIDDEN enum agt_err agt_out_check(const char *out, size_t outcap);
/* The text length (without the NUL) of prefix + base64 of binlen bytes;
 * AGT_ETOOBIG when it or its NUL would overflow size_t. */
AGT_HIDDEN enum agt_err agt_emit_len(size_t prefixlen, size_t binlen,
    size_t *need);
/* Writes prefix + base64(bin) + NUL; sets *outlen to the text length and
 * returns AGT_ERANGE (writing nothing) when outcap cannot hold it. */
AGT_HIDDEN enum agt_err agt_emit(char *out, size_t outcap, size_t *outlen,
    const char *prefix, size_t prefixlen, const void *bin, size_t binlen);

/* ---- token007.c ---- */

/* The 007 signing key chain HMAC(u32(salt), HMAC(u32(ts), cert)). */
AGT_HIDDEN enum agt_err agt_signing_key007(struct agt_str cert, uint32_t issue_ts,
    uint32_t salt, unsigned char key[32]);

#endif /* AGT_INTERNAL_H */
