/* SPDX-License-Identifier: MIT */
/*
 * cli_json.c - JSON for the tool: a small pretty writer that takes
 * (pointer, length) strings, since token fields may hold any bytes, and
 * helpers that read vector lines with cJSON, working around what cJSON
 * cannot hold (NUL inside strings, lone surrogates) and following Python's
 * json module where the two differ (a repeated key: the last one wins).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- UTF-8 ---- */

/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 if none. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	unsigned c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return (n >= 2 && (p[1] & 0xC0) == 0x80) ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && p[1] < 0xA0)
			return 0; /* overlong */
		if (c == 0xED && p[1] >= 0xA0)
			return 0; /* surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && p[1] < 0x90)
			return 0;
		if (c == 0xF4 && p[1] >= 0x90)
			return 0; /* above U+10FFFF */
		return 4;
	}
	return 0;
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t k = utf8_seq(p + i, n - i);

		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* ---- writer ---- */

void json_write_string(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	fputc('"', f);
	while (i < n) {
		unsigned c = p[i];
		size_t k;

		switch (c) {
		case '"':
			fputs("\\\"", f);
			i++;
			continue;
		case '\\':
			fputs("\\\\", f);
			i++;
			continue;
		case '\n':
			fputs("\\n", f);
			i++;
			continue;
		case '\r':
			fputs("\\r", f);
			i++;
			continue;
		case '\t':
			fputs("\\t", f);
			i++;
			continue;
		default:
			break;
		}
		if (c < 0x20 || c == 0x7F) {
			fprintf(f, "\\u%04x", c);
			i++;
			continue;
		}
		k = utf8_seq(p + i, n - i);
		if (k == 0) {
			fputs("\\ufffd", f); /* not UTF-8: the caller adds _hex */
			i++;
			continue;
		}
		fwrite(p + i, 1, k, f);
		i += k;
	}
	fputc('"', f);
}

void jw_init(struct jw *w, FILE *f)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	w->first[0] = 1;
}

static void jw_indent(struct jw *w)
{
	for (int i = 0; i < w->depth; i++)
		fputs("  ", w->f);
}

/* Comma, newline and indentation before a member, then its key. */
static void jw_key(struct jw *w, const char *key)
{
	if (w->depth > 0) {
		fputs(w->first[w->depth] ? "\n" : ",\n", w->f);
		w->first[w->depth] = 0;
		jw_indent(w);
	}
	if (key != NULL) {
		json_write_string(w->f, key, strlen(key));
		fputs(": ", w->f);
	}
}

static void jw_open(struct jw *w, const char *key, int c)
{
	jw_key(w, key);
	fputc(c, w->f);
	if (w->depth + 1 < (int)(sizeof w->first / sizeof w->first[0]))
		w->depth++;
	w->first[w->depth] = 1;
}

static void jw_close(struct jw *w, int c)
{
	int empty = w->first[w->depth];

	if (w->depth > 0)
		w->depth--;
	if (!empty) {
		fputc('\n', w->f);
		jw_indent(w);
	}
	fputc(c, w->f);
}

void jw_obj_begin(struct jw *w, const char *key)
{
	jw_open(w, key, '{');
}

void jw_obj_end(struct jw *w)
{
	jw_close(w, '}');
}

void jw_arr_begin(struct jw *w, const char *key)
{
	jw_open(w, key, '[');
}

void jw_arr_end(struct jw *w)
{
	jw_close(w, ']');
}

void jw_str(struct jw *w, const char *key, const char *p, size_t n)
{
	jw_key(w, key);
	json_write_string(w->f, p, n);
}

void jw_bytes(struct jw *w, const char *key, struct agt_str s)
{
	char hkey[64];

	jw_str(w, key, s.p, s.n);
	if (key == NULL || utf8_valid(s.p, s.n))
		return;
	snprintf(hkey, sizeof hkey, "%s_hex", key);
	jw_hex(w, hkey, s);
}

void jw_hex(struct jw *w, const char *key, struct agt_str s)
{
	static const char hex[] = "0123456789abcdef";

	jw_key(w, key);
	fputc('"', w->f);
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];

		fputc(hex[c >> 4], w->f);
		fputc(hex[c & 15], w->f);
	}
	fputc('"', w->f);
}

void jw_cstr(struct jw *w, const char *key, const char *s)
{
	jw_str(w, key, s, strlen(s));
}

void jw_uint(struct jw *w, const char *key, uint64_t v)
{
	jw_key(w, key);
	fprintf(w->f, "%llu", (unsigned long long)v);
}

void jw_int(struct jw *w, const char *key, long long v)
{
	jw_key(w, key);
	fprintf(w->f, "%lld", v);
}

void jw_bool(struct jw *w, const char *key, int v)
{
	jw_key(w, key);
	fputs(v ? "true" : "false", w->f);
}

void jw_null(struct jw *w, const char *key)
{
	jw_key(w, key);
	fputs("null", w->f);
}

void jw_end(struct jw *w)
{
	fputc('\n', w->f);
}

/* ---- reading ---- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The code unit of the "\uXXXX" escape at p (p[0] == '\\'), or -1. */
static long esc_unit(const char *p, const char *end)
{
	long v = 0;

	if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
		return -1;
	for (int i = 2; i < 6; i++) {
		int h = hexval((unsigned char)p[i]);

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
	if (v->narena == v->carena) {
		v->carena = v->carena ? v->carena * 2 : 8;
		v->arena = xreallocarray(v->arena, v->carena, sizeof *v->arena);
	}
	v->arena[v->narena++] = copy;
	out->p = copy;
	out->n = (size_t)(q - copy);
	return 0;
}
