/* SPDX-License-Identifier: MIT */
/*
 * cli_vectors_json.c - reads one vector line with cJSON.  cJSON holds
 * strings NUL-terminated and refuses lone surrogates, and a vector line may
 * hold both ("\u0000", "\ud800"), so vj_parse rewrites those escapes to
 * private-use sentinels before cJSON sees them and vj_string turns them
 * back.  Where cJSON and Python's json module differ, vj_get follows Python
 * (a repeated key: the last one wins).  Every string decoded and every
 * block allocated for a line lives until vj_free.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli_vectors.h"

/* The code unit of the "\uXXXX" escape at p (p[0] == '\\'), or -1. */
static long esc_unit(const char *p, const char *end)
{
	long v = 0;

	if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
		return -1;
	for (int i = 2; i < 6; i++) {
		int h = hex_digit((unsigned char)p[i]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static void utf8_encode4(unsigned cp, char out[4])
{
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
}

/* High surrogates of the sentinel candidates: U+10FFFF/U+10FFFE, then
 * the last two code points of planes 15, 14, 13 (all noncharacters). */
static const unsigned cand_hi[] = { 0xDBFF, 0xDBBF, 0xDB7F, 0xDB3F };
#define NCAND (sizeof cand_hi / sizeof cand_hi[0])

/* Walks the strings of text; with out == NULL counts what needs rewriting
 * and which candidate high surrogates appear, otherwise writes the text
 * with NUL and lone-surrogate escapes replaced by sentinel pairs. */
static size_t rewrite(const char *text, size_t len, char *out, unsigned hi,
    unsigned *hi_seen)
{
	const char *p = text, *end = text + len;
	size_t nrep = 0, o = 0;
	int in_str = 0;

	while (p < end) {
		long u, u2;

		if (!in_str) {
			if (*p == '"')
				in_str = 1;
			if (out)
				out[o++] = *p;
			p++;
			continue;
		}
		if (*p == '"') {
			in_str = 0;
			if (out)
				out[o++] = *p;
			p++;
			continue;
		}
		if (*p != '\\' || p + 1 >= end) {
			if (out)
				out[o++] = *p;
			p++;
			continue;
		}
		u = esc_unit(p, end);
		if (u < 0) { /* a two-character escape (or an invalid one) */
			if (out) {
				out[o++] = p[0];
				out[o++] = p[1];
			}
			p += 2;
			continue;
		}
		if (u >= 0xD800 && u <= 0xDBFF) {
			u2 = esc_unit(p + 6, end);
			if (u2 >= 0xDC00 && u2 <= 0xDFFF) {
				for (unsigned i = 0; hi_seen != NULL && i < NCAND; i++)
					if ((unsigned)u == cand_hi[i])
						*hi_seen |= 1U << i;
				if (out) {
					memcpy(out + o, p, 12);
					o += 12;
				}
				p += 12;
				continue;
			}
		}
		if (u == 0 || (u >= 0xD800 && u <= 0xDFFF)) {
			nrep++;
			if (out)
				o += (size_t)sprintf(out + o, "\\u%04x\\u%04x", hi,
				    u == 0 ? 0xDFFFU : 0xDFFEU);
			p += 6;
			continue;
		}
		if (out) {
			memcpy(out + o, p, 6);
			o += 6;
		}
		p += 6;
	}
	if (out)
		out[o] = '\0';
	return out ? o : nrep;
}

int vj_parse(struct vjson *v, const char *text, size_t len, const char **err)
{
	const char *end = NULL;
	char *buf = NULL;
	unsigned seen = 0;
	size_t nrep;

	memset(v, 0, sizeof *v);
	nrep = rewrite(text, len, NULL, 0, &seen);
	if (nrep > 0) {
		unsigned hi = 0;

		for (unsigned i = 0; i < NCAND; i++) {
			unsigned h = cand_hi[i];
			unsigned nul = 0x10000U + ((h - 0xD800U) << 10) + 0x3FFU;
			char a[4], b[4];

			utf8_encode4(nul, a);
			utf8_encode4(nul - 1U, b);
			if ((seen & (1U << i)) ||
			    memmem(text, len, a, 4) || memmem(text, len, b, 4))
				continue;
			hi = h;
			v->nul_cp = nul;
			v->lone_cp = nul - 1U;
			memcpy(v->nul_utf8, a, 4);
			memcpy(v->lone_utf8, b, 4);
			break;
		}
		if (hi == 0) {
			*err = "cannot represent the line's \\u0000 or lone surrogate escapes";
			return -1;
		}
		if (len > (SIZE_MAX - 1) / 2)
			goto toolong;
		buf = xmalloc(len * 2 + 1);
		len = rewrite(text, len, buf, hi, NULL);
		text = buf;
	}
	if (buf == NULL) {
		/* cJSON wants the terminating NUL inside the length it is given
		 * to prove that nothing follows the value. */
		buf = xmemdup(text, len);
	}
	v->root = cJSON_ParseWithLengthOpts(buf, len + 1, &end, 1);
	free(buf);
	if (v->root == NULL) {
		*err = "not valid JSON";
		return -1;
	}
	if (!cJSON_IsObject(v->root)) {
		*err = "not a JSON object";
		cJSON_Delete(v->root);
		v->root = NULL;
		return -1;
	}
	return 0;
toolong:
	*err = "line too long";
	return -1;
}

/* Keeps p until vj_free; returns it. */
static void *vj_keep(struct vjson *v, void *p)
{
	if (v->narena == v->carena) {
		v->carena = v->carena ? v->carena * 2 : 16;
		v->arena = xreallocarray(v->arena, v->carena, sizeof *v->arena);
	}
	v->arena[v->narena++] = p;
	return p;
}

void *vj_alloc(struct vjson *v, size_t n, size_t size)
{
	return vj_keep(v, xcalloc(n ? n : 1, size));
}

void vj_free(struct vjson *v)
{
	cJSON_Delete(v->root);
	for (size_t i = 0; i < v->narena; i++)
		free(v->arena[i]);
	free(v->arena);
	memset(v, 0, sizeof *v);
}

cJSON *vj_get(const cJSON *obj, const char *key)
{
	cJSON *it, *found = NULL;

	if (obj == NULL || !cJSON_IsObject(obj))
		return NULL;
	cJSON_ArrayForEach(it, obj)
		if (it->string != NULL && strcmp(it->string, key) == 0)
			found = it;
	return found;
}

int vj_string(struct vjson *v, const cJSON *item, struct agt_str *out)
{
	const char *s;
	size_t n;
	char *copy, *q;

	if (item == NULL || !cJSON_IsString(item) || item->valuestring == NULL)
		return -1;
	s = item->valuestring;
	n = strlen(s);
	out->p = s;
	out->n = n;
	if (v->nul_cp == 0)
		return 0;
	if (memmem(s, n, v->lone_utf8, 4) != NULL)
		return -2;
	if (memmem(s, n, v->nul_utf8, 4) == NULL)
		return 0;
	copy = xmalloc(n + 1);
	q = copy;
	for (size_t i = 0; i < n;) {
		if (i + 4 <= n && memcmp(s + i, v->nul_utf8, 4) == 0) {
			*q++ = '\0';
			i += 4;
		} else {
			*q++ = s[i++];
		}
	}
	*q = '\0';
	vj_keep(v, copy);
	out->p = copy;
	out->n = (size_t)(q - copy);
	return 0;
}
