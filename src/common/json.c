/* SPDX-License-Identifier: MIT */
/*
 * json.c - the one JSON writer of the programs (common.h describes its two
 * forms).  It writes member by member into a buffer instead of building a
 * cJSON tree and printing it: cJSON formats every number with
 * sprintf("%1.15g"), reads it back with sscanf and mallocs as it goes, on
 * the responder's per-request path.  Here a document in the caller's
 * buffer costs no allocation, strings are copied a run at a time between
 * the bytes that need escaping, and numbers are written digit by digit.
 * tests/unit/json-out-t holds the compact form to cJSON_PrintUnformatted's
 * bytes, tests/common/json-t the pretty text-safe form to hand-written
 * texts and to what cJSON reads back.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

/* A heap buffer starts at least this large. */
#define JW_HEAP_MIN 256U

void jw_init(struct jw *w, char *buf, size_t cap, unsigned flags)
{
	w->buf = buf;
	w->len = 0;
	w->cap = buf != NULL ? cap : 0;
	w->flags = flags;
	w->heap = 0;
	w->oom = 0;
	w->comma = 0;
	w->depth = 0;
}

void jw_release(struct jw *w)
{
	if (w->buf != NULL)
		agt_memzero(w->buf, w->len);
	if (w->heap)
		free(w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
	w->heap = 0;
}

/* Moves the document to a larger heap buffer; 0 when out of memory. */
static int j_grow(struct jw *w, size_t n)
{
	size_t want, cap;
	char *nb;

	if (w->oom)
		return 0;
	if (n > (size_t)-1 / 4 - w->len) {
		w->oom = 1;
		return 0;
	}
	want = w->len + n;
	cap = w->cap * 2 > want ? w->cap * 2 : want;
	if (cap < JW_HEAP_MIN)
		cap = JW_HEAP_MIN;
	nb = malloc(cap);
	if (nb == NULL) {
		w->oom = 1;
		return 0;
	}
	if (w->len > 0) {
		memcpy(nb, w->buf, w->len);
		agt_memzero(w->buf, w->len);
	}
	if (w->heap)
		free(w->buf);
	w->buf = nb;
	w->cap = cap;
	w->heap = 1;
	return 1;
}

/* Room for n more bytes (never after running out of memory: then cap is
 * left as it was and oom stays set). */
static inline int j_room(struct jw *w, size_t n)
{
	return (n <= w->cap - w->len && !w->oom) || j_grow(w, n);
}

static inline void j_put(struct jw *w, const char *s, size_t n)
{
	if (n != 0 && j_room(w, n)) {
		memcpy(w->buf + w->len, s, n);
		w->len += n;
	}
}

static inline void j_putc(struct jw *w, char c)
{
	if (j_room(w, 1))
		w->buf[w->len++] = c;
}

/* The bytes that end a run copied as it is, by bit: STOPS_COMPACT, the
 * control characters, '"' and '\\'; STOPS_TEXT_SAFE, those and DEL and
 * every byte from 0x80 on. */
enum { STOPS_COMPACT = 1, STOPS_TEXT_SAFE = 2 };
static const unsigned char stops[256] = {
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,   /* 0x00 */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,   /* 0x10 */
	0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* 0x20 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* 0x30 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* 0x40 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0,   /* 0x50 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* 0x60 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,   /* 0x70 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,   /* 0x80 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,   /* 0x90 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,   /* 0xa0 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,   /* 0xb0 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,   /* 0xc0 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,   /* 0xd0 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,   /* 0xe0 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,   /* 0xf0 */
};

/* How many bytes from s on are copied as they are in the compact form:
 * eight at a time while no byte of the eight is below 0x20, '"' or '\\'
 * (the exact word tests of "Bit Twiddling Hacks"), then one at a time. */
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)
static size_t plain_run(const char *s, size_t n)
{
	size_t i = 0;

	while (n - i >= 8) {
		uint64_t x, q, b;

		memcpy(&x, s + i, 8);
		q = x ^ (ONES * '"');
		b = x ^ (ONES * '\\');
		if (((x - ONES * 0x20) & ~x & HIGHS) |
		    ((q - ONES) & ~q & HIGHS) | ((b - ONES) & ~b & HIGHS))
			break;
		i += 8;
	}
	while (i < n && !(stops[(unsigned char)s[i]] & STOPS_COMPACT))
		i++;
	return i;
}

/* The same in the text-safe form, where DEL and every byte from 0x80 on
 * stop the run too. */
static size_t printable_run(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && !(stops[(unsigned char)s[i]] & STOPS_TEXT_SAFE))
		i++;
	return i;
}

/* One byte that plain_run stopped at (not one of a UTF-8 sequence),
 * escaped: its short form, else \u00xx.  Text-safe, \b and \f take the
 * long form too. */
static void j_escape(struct jw *w, unsigned char c)
{
	char esc[6] = { '\\', 0, '0', '0', 0, 0 };
	int text_safe = (w->flags & JW_TEXT_SAFE) != 0;

	switch (c) {
	case '"': esc[1] = '"'; break;
	case '\\': esc[1] = '\\'; break;
	case '\n': esc[1] = 'n'; break;
	case '\r': esc[1] = 'r'; break;
	case '\t': esc[1] = 't'; break;
	case '\b': esc[1] = text_safe ? 0 : 'b'; break;
	case '\f': esc[1] = text_safe ? 0 : 'f'; break;
	default: break;
	}
	if (esc[1] != 0) {
		j_put(w, esc, 2);
		return;
	}
	esc[1] = 'u';
	hex_encode(esc + 4, &c, 1);
	j_put(w, esc, 6);
}

/* The inside of a compact string. */
static void j_compact(struct jw *w, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t run = plain_run(s + i, n - i);

		j_put(w, s + i, run);
		i += run;
		if (i == n)
			break;
		j_escape(w, (unsigned char)s[i++]);
	}
}

/* The inside of a text-safe string: UTF-8 sequences as they are, a byte
 * that starts none as U+FFFD. */
static void j_text_safe(struct jw *w, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t run = printable_run(s + i, n - i), k;
		unsigned char c;

		j_put(w, s + i, run);
		i += run;
		if (i == n)
			break;
		c = (unsigned char)s[i];
		if (c < 0x80) {
			j_escape(w, c);
			i++;
		} else if ((k = utf8_seq((const unsigned char *)s + i,
		    n - i)) == 0) {
			j_put(w, "\\ufffd", 6);
			i++;
		} else {
			j_put(w, s + i, k);
			i += k;
		}
	}
}

/* A JSON string (NULL is ""). */
static void j_string(struct jw *w, const char *s, size_t n)
{
	j_putc(w, '"');
	if (s == NULL)
		n = 0;
	if (!(w->flags & JW_TEXT_SAFE))
		j_compact(w, s, n);
	else
		j_text_safe(w, s, n);
	j_putc(w, '"');
}

static void j_decimal(struct jw *w, uint64_t v, int neg)
{
	char tmp[24], *p = decimal_digits(tmp + sizeof tmp, v);

	if (neg)
		*--p = '-';
	j_put(w, p, (size_t)(tmp + sizeof tmp - p));
}

/* Pretty, inside a container: a new line and the indentation. */
static void j_newline_indent(struct jw *w)
{
	j_putc(w, '\n');
	for (int i = 0; i < w->depth; i++)
		j_put(w, "  ", 2);
}

/* What goes before a value: the separator (pretty: a new line and the
 * indentation, inside a container), then "key": when there is a key. */
static void j_key(struct jw *w, const char *key)
{
	if (w->comma && (w->depth > 0 || !(w->flags & JW_PRETTY)))
		j_putc(w, ',');
	if ((w->flags & JW_PRETTY) && w->depth > 0)
		j_newline_indent(w);
	w->comma = 1;
	if (key == NULL)
		return;
	j_string(w, key, strlen(key));
	if (w->flags & JW_PRETTY)
		j_put(w, ": ", 2);
	else
		j_putc(w, ':');
}

/* "<key><suffix>": a second member that restates the first, as
 * "expires_at_iso" or "channel_hex". */
static void j_key_suffixed(struct jw *w, const char *key, const char *suffix)
{
	char k[64];

	snprintf(k, sizeof k, "%s%s", key, suffix);
	j_key(w, k);
}

/* An object or array opens with its first member still to come, and
 * closes as a finished member of its container; pretty, a container with
 * members closes on a line of its own. */
static void j_open(struct jw *w, const char *key, char bracket)
{
	j_key(w, key);
	j_putc(w, bracket);
	w->comma = 0;
	w->depth++;
}

static void j_close(struct jw *w, char bracket)
{
	w->depth--;
	if ((w->flags & JW_PRETTY) && w->comma)
		j_newline_indent(w);
	j_putc(w, bracket);
	w->comma = 1;
}

void jw_obj_begin(struct jw *w, const char *key)
{
	j_open(w, key, '{');
}

void jw_obj_end(struct jw *w)
{
	j_close(w, '}');
}

void jw_arr_begin(struct jw *w, const char *key)
{
	j_open(w, key, '[');
}

void jw_arr_end(struct jw *w)
{
	j_close(w, ']');
}

void jw_str(struct jw *w, const char *key, const char *s, size_t n)
{
	j_key(w, key);
	j_string(w, s, n);
}

void jw_cstr(struct jw *w, const char *key, const char *s)
{
	jw_str(w, key, s, s != NULL ? strlen(s) : 0);
}

void jw_int(struct jw *w, const char *key, long long v)
{
	j_key(w, key);
	if (v < 0)
		j_decimal(w, 0U - (uint64_t)v, 1);
	else
		j_decimal(w, (uint64_t)v, 0);
}

void jw_uint(struct jw *w, const char *key, uint64_t v)
{
	j_key(w, key);
	j_decimal(w, v, 0);
}

void jw_bool(struct jw *w, const char *key, int v)
{
	j_key(w, key);
	if (v)
		j_put(w, "true", 4);
	else
		j_put(w, "false", 5);
}

void jw_null(struct jw *w, const char *key)
{
	j_key(w, key);
	j_put(w, "null", 4);
}

void jw_hex(struct jw *w, const char *key, struct agt_str s)
{
	j_key(w, key);
	if (s.n > ((size_t)-1 - 2) / 2 || !j_room(w, s.n * 2 + 2))
		return;
	w->buf[w->len++] = '"';
	if (s.n > 0)
		hex_encode(w->buf + w->len, s.p, s.n);
	w->len += s.n * 2;
	w->buf[w->len++] = '"';
}

void jw_bytes(struct jw *w, const char *key, struct agt_str s)
{
	char k[64];

	if (w->flags & JW_TEXT_SAFE) {
		jw_str(w, key, s.p, s.n);
		if (key == NULL || utf8_valid(s.p, s.n))
			return;
	} else {
		if (s.p == NULL || s.n == 0 || (utf8_valid(s.p, s.n) &&
		    memchr(s.p, '\0', s.n) == NULL)) {
			jw_str(w, key, s.p, s.n);
			return;
		}
		jw_null(w, key);
		if (key == NULL)
			return;
	}
	snprintf(k, sizeof k, "%s_hex", key);
	jw_hex(w, k, s);
}

void jw_time(struct jw *w, const char *key, uint64_t t)
{
	char iso[32];

	jw_uint(w, key, t);
	iso8601_utc(t, iso);
	j_key_suffixed(w, key, "_iso");
	j_string(w, iso, strlen(iso));
}

void jw_newline(struct jw *w)
{
	j_putc(w, '\n');
}
