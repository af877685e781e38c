/* SPDX-License-Identifier: MIT */
/*
 * response.c - status lines, headers and bodies, and the error table.
 *
 * Each error code the responder can produce maps to exactly one HTTP status
 * in the table below, so a code means the same thing on every route.  Every
 * response carries its Content-Type, X-Content-Type-Options: nosniff and
 * (for anything that may hold a token) Cache-Control: no-store.  A 500 body
 * is always the same generic text: the details go to the log, never to the
 * caller.  Strings from decoded tokens may hold any bytes; they are sent as
 * JSON strings only when they are valid UTF-8, otherwise as hex.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "responder.h"

int rsp_fail(struct rsp_fail *f, const char *code, const char *fmt, ...)
{
	va_list ap;

	f->code = code;
	f->reason = NULL;
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof f->message, fmt, ap);
	va_end(ap);
	return -1;
}

static const struct {
	const char *code;
	int status;
} error_table[] = {
	{ "bad_request", 400 },
	{ "bad_encoding", 400 },
	{ "invalid_json", 400 },
	{ "duplicate_parameter", 400 },
	{ "unknown_parameter", 400 },
	{ "missing_parameter", 400 },
	{ "conflicting_parameters", 400 },
	{ "invalid_channel", 400 },
	{ "invalid_uid", 400 },
	{ "invalid_account", 400 },
	{ "invalid_user", 400 },
	{ "invalid_rtm_user", 400 },
	{ "invalid_role", 400 },
	{ "invalid_expire", 400 },
	{ "invalid_format", 400 },
	{ "invalid_type", 400 },
	{ "invalid_room", 400 },
	{ "invalid_token", 400 },
	{ "invalid_token_type", 400 },
	{ "unsupported_token_type", 400 },
	{ "unknown_app", 400 },
	{ "unauthorized", 401 },
	{ "forbidden", 403 },
	{ "identity_mismatch", 403 },
	{ "not_found", 404 },
	{ "method_not_allowed", 405 },
	{ "body_too_large", 413 },
	{ "uri_too_long", 414 },
	{ "unsupported_media_type", 415 },
	{ "internal_error", 500 },
};

int rsp_status_of(const char *code)
{
	size_t i;

	for (i = 0; i < sizeof error_table / sizeof error_table[0]; i++)
		if (strcmp(error_table[i].code, code) == 0)
			return error_table[i].status;
	return 500;
}

const char *rsp_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Payload Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 500: return "Internal Server Error";
	default: return "Unknown";
	}
}

void rsp_response_init(struct rsp_response *res)
{
	memset(res, 0, sizeof *res);
	res->status = 500;
	res->no_store = 1;
}

void rsp_response_free(struct rsp_response *res)
{
	if (res->body != NULL) {
		agt_memzero(res->body, res->body_len);
		if (res->body_heap)
			free(res->body);
	}
	res->body = NULL;
	res->body_len = 0;
	res->body_heap = 0;
}

void rsp_response_header(struct rsp_response *res, const char *fmt, ...)
{
	va_list ap;
	int n;
	size_t room = sizeof res->headers - res->hlen;

	if (room < 3)
		return;
	va_start(ap, fmt);
	n = vsnprintf(res->headers + res->hlen, room - 2, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room - 2) {
		res->headers[res->hlen] = '\0';   /* drop a header that won't fit */
		return;
	}
	res->hlen += (size_t)n;
	memcpy(res->headers + res->hlen, "\r\n", 3);
	res->hlen += 2;
}

/* For malloc'd bodies. */
static int set_body(struct rsp_response *res, int status, const char *ct,
    char *body, size_t n)
{
	rsp_response_free(res);
	res->status = status;
	res->content_type = ct;
	res->body = body;
	res->body_len = n;
	res->body_heap = 1;
	return 0;
}

/* ---- JSON bodies ----
 *
 * JSON bodies are written here member by member rather than built as a
 * cJSON tree and printed by cJSON_PrintUnformatted, which formats every
 * number with sprintf("%1.15g") and reads it back with sscanf, and mallocs
 * as it goes.  The output is the bytes cJSON would print: strings escaped
 * as cJSON escapes them (", \ and the control characters, the ones without
 * a short form as \u00xx; everything else raw), integers in plain decimal
 * (what "%1.15g" prints for the ones we write, all below 1e15), no
 * whitespace (tests/unit/json-out-t holds the two to it).  A body is
 * written into one fixed buffer (the process serves one request at a
 * time, and the body is wiped when the response is freed); a larger one
 * moves to the heap. */
#define BODY_BUF_BYTES (16U * 1024U)
static char body_buf[BODY_BUF_BYTES];

static const char json_ct[] = "application/json; charset=utf-8";

/* Moves the body to a larger heap buffer; 0 when out of memory. */
static int j_grow(struct rsp_json *j, size_t n)
{
	size_t want, cap;
	char *nb;

	if (j->oom)
		return 0;
	if (n > (size_t)-1 / 4 - j->len) {
		j->oom = 1;
		return 0;
	}
	want = j->len + n;
	cap = j->cap * 2 > want ? j->cap * 2 : want;
	nb = malloc(cap);
	if (nb == NULL) {
		j->oom = 1;
		return 0;
	}
	memcpy(nb, j->buf, j->len);
	agt_memzero(j->buf, j->len);
	if (j->heap)
		free(j->buf);
	j->buf = nb;
	j->cap = cap;
	j->heap = 1;
	return 1;
}

/* Room for n more bytes (never after running out of memory: then cap is
 * left as it was and oom stays set). */
static inline int j_room(struct rsp_json *j, size_t n)
{
	return (n <= j->cap - j->len && !j->oom) || j_grow(j, n);
}

static inline void j_put(struct rsp_json *j, const char *s, size_t n)
{
	if (n != 0 && j_room(j, n)) {
		memcpy(j->buf + j->len, s, n);
		j->len += n;
	}
}

static inline void j_putc(struct rsp_json *j, char c)
{
	if (j_room(j, 1))
		j->buf[j->len++] = c;
}

static const char hexdigits[] = "0123456789abcdef";

/* How many bytes from s on need no escaping: eight at a time while no
 * byte of the eight is below 0x20, '"' or '\\' (the exact word tests of
 * "Bit Twiddling Hacks"), then one at a time. */
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
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == '"' || c == '\\')
			break;
	}
	return i;
}

/* A JSON string as cJSON's print_string_ptr writes it (NULL is ""). */
static void j_string(struct rsp_json *j, const char *s, size_t n)
{
	size_t i = 0;

	j_putc(j, '"');
	while (s != NULL && i < n) {
		size_t run = plain_run(s + i, n - i);
		unsigned char c;
		char esc[6];
		size_t k = 2;

		j_put(j, s + i, run);
		i += run;
		if (i == n)
			break;
		c = (unsigned char)s[i++];
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hexdigits[c >> 4];
			esc[5] = hexdigits[c & 15];
			k = 6;
			break;
		}
		j_put(j, esc, k);
	}
	j_putc(j, '"');
}

/* The decimal digits of v, written backwards to end just before *end;
 * returns where they start.  Room for 20 digits is needed. */
static char *decimal_digits(char *end, unsigned long long v)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	return end;
}

static void j_decimal(struct rsp_json *j, unsigned long long v, int neg)
{
	char tmp[24], *p = decimal_digits(tmp + sizeof tmp, v);

	if (neg)
		*--p = '-';
	j_put(j, p, (size_t)(tmp + sizeof tmp - p));
}

/* Drops res's body first: it may sit in the buffer we write into. */
static void j_begin(struct rsp_json *j, struct rsp_response *res)
{
	rsp_response_free(res);
	j->buf = body_buf;
	j->cap = sizeof body_buf;
	j->len = 0;
	j->heap = 0;
	j->oom = 0;
	j->comma = 0;
}

/* A trailing newline keeps curl output and logs tidy. */
static int j_end(struct rsp_json *j, struct rsp_response *res, int status)
{
	j_putc(j, '\n');
	if (j->oom) {
		agt_memzero(j->buf, j->len);
		if (j->heap)
			free(j->buf);
		return -1;
	}
	res->status = status;
	res->content_type = json_ct;
	res->body = j->buf;
	res->body_len = j->len;
	res->body_heap = j->heap;
	return 0;
}

void rsp_json_start(struct rsp_json *j, struct rsp_response *res)
{
	j_begin(j, res);
	j_putc(j, '{');
}

/* The separator and "key": before a member; with key NULL, only the
 * separator, before an array element. */
static void j_key(struct rsp_json *j, const char *key)
{
	if (j->comma)
		j_putc(j, ',');
	if (key != NULL) {
		j_string(j, key, strlen(key));
		j_putc(j, ':');
	}
	j->comma = 1;
}

void rsp_json_str(struct rsp_json *j, const char *key, const char *s, size_t n)
{
	j_key(j, key);
	j_string(j, s, n);
}

void rsp_json_cstr(struct rsp_json *j, const char *key, const char *s)
{
	rsp_json_str(j, key, s, s != NULL ? strlen(s) : 0);
}

void rsp_json_int(struct rsp_json *j, const char *key, long long v)
{
	j_key(j, key);
	if (v < 0)
		j_decimal(j, 0ULL - (unsigned long long)v, 1);
	else
		j_decimal(j, (unsigned long long)v, 0);
}

void rsp_json_null(struct rsp_json *j, const char *key)
{
	j_key(j, key);
	j_put(j, "null", 4);
}

/* "<key><suffix>": for a second member that restates the first, as
 * "expires_at_iso" or "channel_hex". */
static void j_key_suffixed(struct rsp_json *j, const char *key,
    const char *suffix)
{
	char k[64];

	snprintf(k, sizeof k, "%s%s", key, suffix);
	j_key(j, k);
}

void rsp_json_time(struct rsp_json *j, const char *key, uint32_t t)
{
	char iso[32];

	rsp_json_int(j, key, t);
	rsp_iso_time(t, iso);
	j_key_suffixed(j, key, "_iso");
	j_string(j, iso, strlen(iso));
}

/* An object or array opens with its first member still to come, and
 * closes as a finished member of its container. */
static void j_open(struct rsp_json *j, const char *key, char bracket)
{
	j_key(j, key);
	j_putc(j, bracket);
	j->comma = 0;
}

static void j_close(struct rsp_json *j, char bracket)
{
	j_putc(j, bracket);
	j->comma = 1;
}

void rsp_json_open(struct rsp_json *j, const char *key)
{
	j_open(j, key, '{');
}

void rsp_json_close(struct rsp_json *j)
{
	j_close(j, '}');
}

void rsp_json_array(struct rsp_json *j, const char *key)
{
	j_open(j, key, '[');
}

void rsp_json_array_end(struct rsp_json *j)
{
	j_close(j, ']');
}

int rsp_json_finish(struct rsp_json *j, struct rsp_response *res, int status)
{
	j_putc(j, '}');
	return j_end(j, res, status);
}

int rsp_response_json_pair(struct rsp_response *res, int status,
    const char *key, const char *value)
{
	struct rsp_json j;

	if (value == NULL)
		return -1;
	rsp_json_start(&j, res);
	rsp_json_cstr(&j, key, value);
	return rsp_json_finish(&j, res, status);
}

int rsp_response_text(struct rsp_response *res, int status, const char *text,
    size_t n)
{
	char *b = malloc(n + 1);

	if (b == NULL)
		return -1;
	memcpy(b, text, n);
	b[n] = '\0';
	return set_body(res, status, "text/plain; charset=utf-8", b, n);
}

/* When even the error body cannot be built (out of memory), send a fixed
 * one. */
static const char fallback_500[] =
    "{\"error\":{\"code\":\"internal_error\",\"message\":\"internal server error\"}}\n";

void rsp_response_error(struct rsp_response *res, const struct rsp_fail *f)
{
	int status = rsp_status_of(f->code);
	struct rsp_json j;

	rsp_json_start(&j, res);
	rsp_json_open(&j, "error");
	if (status >= 500) {
		rsp_json_cstr(&j, "code", "internal_error");
		rsp_json_cstr(&j, "message", "internal server error");
	} else {
		rsp_json_cstr(&j, "code", f->code);
		rsp_json_cstr(&j, "message", f->message);
		if (f->reason != NULL)
			rsp_json_cstr(&j, "reason", f->reason);
	}
	rsp_json_close(&j);
	if (rsp_json_finish(&j, res, status) == 0)
		return;
	rsp_response_free(res);
	res->status = 500;
	res->content_type = "application/json; charset=utf-8";
	res->body = malloc(sizeof fallback_500);
	res->body_heap = 1;
	if (res->body != NULL) {
		memcpy(res->body, fallback_500, sizeof fallback_500);
		res->body_len = sizeof fallback_500 - 1;
	}
}

/* Appends n bytes to head; 0 when they do not fit (with room for the NUL
 * the former snprintf needed, so the same heads fit as before). */
static int h_put(char *head, size_t cap, size_t *used, const char *s,
    size_t n)
{
	if (n >= cap - *used)
		return 0;
	memcpy(head + *used, s, n);
	*used += n;
	return 1;
}

static int h_num(char *head, size_t cap, size_t *used, unsigned long v)
{
	char tmp[24], *p = decimal_digits(tmp + sizeof tmp, v);

	return h_put(head, cap, used, p, (size_t)(tmp + sizeof tmp - p));
}

#define H_LIT(s) h_put(head, sizeof head, &used, s, sizeof s - 1)

int rsp_response_write(const struct rsp_response *res, const struct rsp_io *io,
    int head_only)
{
	char head[1600];
	size_t used = 0;
	const char *st = rsp_status_text(res->status);
	int ok;

	ok = H_LIT("Status: ") && (res->status >= 0 || H_LIT("-")) &&
	    h_num(head, sizeof head, &used, res->status >= 0 ?
	    (unsigned long)res->status : 0UL - (unsigned long)res->status) &&
	    H_LIT(" ") && h_put(head, sizeof head, &used, st, strlen(st)) &&
	    H_LIT("\r\n");
	if (ok && res->content_type != NULL)
		ok = H_LIT("Content-Type: ") &&
		    h_put(head, sizeof head, &used, res->content_type,
		    strlen(res->content_type)) &&
		    H_LIT("\r\nContent-Length: ") &&
		    h_num(head, sizeof head, &used,
		    (unsigned long)res->body_len) && H_LIT("\r\n");
	if (ok && res->no_store)
		ok = H_LIT("Cache-Control: no-store\r\n");
	ok = ok && H_LIT("X-Content-Type-Options: nosniff\r\n") &&
	    h_put(head, sizeof head, &used, res->headers, res->hlen) &&
	    H_LIT("\r\n");
	if (!ok)
		return -1;
	if (io->write(io->ctx, head, used) != 0)
		return -1;
	if (!head_only && res->body != NULL && res->body_len > 0)
		return io->write(io->ctx, res->body, res->body_len);
	return 0;
}

/* ---- JSON helpers ---- */

/* Well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF),
 * without NUL, which C strings (and so JSON parsers in C) cannot carry. */
static int utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t k;
		unsigned cp, min;

		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			k = 1; cp = c & 0x1f; min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			k = 2; cp = c & 0x0f; min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 3; cp = c & 0x07; min = 0x10000;
		} else {
			return 0;
		}
		if (n - i <= k)
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + j] & 0x3fU);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += k + 1;
	}
	return 1;
}

/* A byte string goes into JSON as a string when it is valid UTF-8
 * without NULs (or empty), and otherwise as null plus "<key>_hex". */
static int bytes_are_text(struct agt_str s)
{
	return s.p == NULL || s.n == 0 ||
	    utf8_ok((const unsigned char *)s.p, s.n);
}

/* Lowercase hex of p[0..n) into out[0..2n). */
static void hex_into(char *out, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hexdigits[(unsigned char)p[i] >> 4];
		out[2 * i + 1] = hexdigits[(unsigned char)p[i] & 15];
	}
}

void rsp_json_bytes(struct rsp_json *j, const char *key, struct agt_str s)
{
	if (bytes_are_text(s)) {
		rsp_json_str(j, key, s.p, s.n);
		return;
	}
	rsp_json_null(j, key);
	if (s.n > ((size_t)-1 - 1) / 4)
		return;
	j_key_suffixed(j, key, "_hex");
	if (!j_room(j, s.n * 2 + 2))
		return;
	j->buf[j->len++] = '"';
	hex_into(j->buf + j->len, s.p, s.n);
	j->len += s.n * 2;
	j->buf[j->len++] = '"';
}

void rsp_iso_time(uint32_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 32, "%lu", (unsigned long)t);
}
