/* SPDX-License-Identifier: MIT */
/*
 * pack.c - the little-endian packing layer of both token formats: a writer
 * that checks its capacity before every store (or only measures, so builders
 * can size their buffers exactly), a reader that checks what is left before
 * every read, and the stable key sort that gives the reference's "sorted by
 * id, the later duplicate wins" map semantics.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

void agt_wr_init(struct agt_wr *w, void *buf, size_t cap)
{
	w->p = buf;
	w->cap = buf != NULL ? cap : 0;
	w->len = 0;
}

enum agt_err agt_wr_bytes(struct agt_wr *w, const void *src, size_t n)
{
	if (w->p == NULL) {
		/* Measuring: only the total can fail, by overflowing. */
		if (n > SIZE_MAX - w->len)
			return AGT_ETOOBIG;
		w->len += n;
		return AGT_OK;
	}
	if (n > w->cap - w->len)
		return AGT_ERANGE;
	if (n > 0)
		memcpy(w->p + w->len, src, n);
	w->len += n;
	return AGT_OK;
}

enum agt_err agt_wr_u16(struct agt_wr *w, uint16_t v)
{
	uint8_t b[2];

	b[0] = (uint8_t)(v & 0xffU);
	b[1] = (uint8_t)(v >> 8);
	return agt_wr_bytes(w, b, sizeof b);
}

enum agt_err agt_wr_u32(struct agt_wr *w, uint32_t v)
{
	uint8_t b[4];

	b[0] = (uint8_t)(v & 0xffU);
	b[1] = (uint8_t)((v >> 8) & 0xffU);
	b[2] = (uint8_t)((v >> 16) & 0xffU);
	b[3] = (uint8_t)(v >> 24);
	return agt_wr_bytes(w, b, sizeof b);
}

enum agt_err agt_wr_i16(struct agt_wr *w, int16_t v)
{
	/* Two's complement, as struct.pack('<h') writes it. */
	return agt_wr_u16(w, (uint16_t)v);
}

enum agt_err agt_wr_count(struct agt_wr *w, size_t n)
{
	if (n > AGT_COUNT_MAX)
		return AGT_ETOOLONG;
	return agt_wr_u16(w, (uint16_t)n);
}

enum agt_err agt_wr_str(struct agt_wr *w, const void *s, size_t n)
{
	enum agt_err rc;

	if (n > AGT_STRING_MAX)
		return AGT_ETOOLONG;
	if (s == NULL && n > 0)
		return AGT_EINVAL;
	/* Check the whole field first so a failed store leaves no half field. */
	if (w->p != NULL && n + 2 > w->cap - w->len)
		return AGT_ERANGE;
	if ((rc = agt_wr_u16(w, (uint16_t)n)) != AGT_OK)
		return rc;
	return agt_wr_bytes(w, s, n);
}

void agt_rd_init(struct agt_rd *r, const void *buf, size_t n)
{
	r->p = buf;
	r->left = buf != NULL ? n : 0;
}

enum agt_err agt_rd_bytes(struct agt_rd *r, size_t n, const uint8_t **out)
{
	if (r->left < n)
		return AGT_ETRUNCATED;
	*out = r->p;
	r->p += n;
	r->left -= n;
	return AGT_OK;
}

enum agt_err agt_rd_u16(struct agt_rd *r, uint16_t *v)
{
	if (r->left < 2)
		return AGT_ETRUNCATED;
	*v = (uint16_t)(r->p[0] | (unsigned)r->p[1] << 8);
	r->p += 2;
	r->left -= 2;
	return AGT_OK;
}

enum agt_err agt_rd_u32(struct agt_rd *r, uint32_t *v)
{
	if (r->left < 4)
		return AGT_ETRUNCATED;
	*v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 |
	    (uint32_t)r->p[2] << 16 | (uint32_t)r->p[3] << 24;
	r->p += 4;
	r->left -= 4;
	return AGT_OK;
}

enum agt_err agt_rd_i16(struct agt_rd *r, int16_t *v)
{
	uint16_t u;
	enum agt_err rc;

	if ((rc = agt_rd_u16(r, &u)) != AGT_OK)
		return rc;
	/* Portable two's complement conversion, no implementation-defined cast. */
	*v = u < 0x8000U ? (int16_t)u : (int16_t)(-(int32_t)(0x10000U - u));
	return AGT_OK;
}

enum agt_err agt_rd_str(struct agt_rd *r, struct agt_str *out)
{
	uint16_t n;
	const uint8_t *p;
	enum agt_err rc;

	if ((rc = agt_rd_u16(r, &n)) != AGT_OK)
		return rc;
	if ((rc = agt_rd_bytes(r, n, &p)) != AGT_OK)
		return rc;
	out->p = (const char *)p;
	out->n = n;
	return AGT_OK;
}

enum agt_err agt_rd_count(struct agt_rd *r, size_t min_entry, uint16_t *n)
{
	enum agt_err rc;

	if ((rc = agt_rd_u16(r, n)) != AGT_OK)
		return rc;
	/* Division form: no multiplication that could wrap. */
	if (min_entry > 0 && *n > r->left / min_entry)
		return AGT_ECOUNT;
	return AGT_OK;
}

static int key_cmp(const void *a, const void *b)
{
	const struct agt_key *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->idx != y->idx)
		return x->idx < y->idx ? -1 : 1;
	return 0;
}

void agt_keys_sort(struct agt_key *k, size_t n)
{
	size_t i, j;

	/* Ties on key are broken by idx, so qsort's instability cannot show.
	 * Builders sort a handful of keys: insertion sort is faster there and
	 * never allocates (glibc's qsort may). */
	if (n > AGT_KEYS_STACK) {
		qsort(k, n, sizeof *k, key_cmp);
		return;
	}
	for (i = 1; i < n; i++) {
		struct agt_key x = k[i];

		for (j = i; j > 0 && key_cmp(&k[j - 1], &x) > 0; j--)
			k[j] = k[j - 1];
		k[j] = x;
	}
}

enum agt_err agt_wr_privmap(struct agt_wr *w, const struct agt_priv *privs,
    size_t n)
{
	struct agt_key stack[AGT_KEYS_STACK], *k = stack;
	size_t i, distinct = 0;
	enum agt_err rc;

	if (privs == NULL && n > 0)
		return AGT_EINVAL;
	if (n > UINT32_MAX)
		return AGT_ETOOLONG;
	if (n > AGT_KEYS_STACK) {
		k = malloc(n * sizeof *k);
		if (k == NULL)
			return AGT_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		k[i].key = privs[i].id;
		k[i].idx = (uint32_t)i;
	}
	agt_keys_sort(k, n);
	/* Within a run of equal ids the last entry (largest idx) wins. */
	for (i = 0; i < n; i++)
		if (i + 1 == n || k[i + 1].key != k[i].key)
			distinct++;
	if ((rc = agt_wr_count(w, distinct)) != AGT_OK)
		goto out;
	for (i = 0; i < n; i++) {
		if (i + 1 < n && k[i + 1].key == k[i].key)
			continue;
		if ((rc = agt_wr_u16(w, privs[k[i].idx].id)) != AGT_OK ||
		    (rc = agt_wr_u32(w, privs[k[i].idx].expire)) != AGT_OK)
			goto out;
	}
	rc = AGT_OK;
out:
	if (k != stack)
		free(k);
	return rc;
}
