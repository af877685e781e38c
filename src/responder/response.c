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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

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
		free(res->body);
	}
	res->body = NULL;
	res->body_len = 0;
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

static int set_body(struct rsp_response *res, int status, const char *ct,
    char *body, size_t n)
{
	rsp_response_free(res);
	res->status = status;
	res->content_type = ct;
	res->body = body;
	res->body_len = n;
	return 0;
}

int rsp_response_json(struct rsp_response *res, int status, cJSON *root)
{
	char *txt;
	size_t n;

	if (root == NULL)
		return -1;
	txt = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	if (txt == NULL)
		return -1;
	n = strlen(txt);
	/* A trailing newline keeps curl output and logs tidy. */
	{
		char *t2 = realloc(txt, n + 2);
		if (t2 == NULL) {
			free(txt);
			return -1;
		}
		txt = t2;
		txt[n++] = '\n';
		txt[n] = '\0';
	}
	return set_body(res, status, "application/json; charset=utf-8", txt, n);
}

int rsp_response_json_pair(struct rsp_response *res, int status,
    const char *key, const char *value)
{
	cJSON *o = cJSON_CreateObject();

	if (o == NULL || cJSON_AddStringToObject(o, key, value) == NULL) {
		cJSON_Delete(o);
		return -1;
	}
	return rsp_response_json(res, status, o);
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
	cJSON *root = cJSON_CreateObject(), *err = cJSON_CreateObject();

	if (root == NULL || err == NULL) {
		cJSON_Delete(root);
		cJSON_Delete(err);
		goto fallback;
	}
	cJSON_AddItemToObject(root, "error", err);
	if (status >= 500) {
		cJSON_AddStringToObject(err, "code", "internal_error");
		cJSON_AddStringToObject(err, "message", "internal server error");
	} else {
		cJSON_AddStringToObject(err, "code", f->code);
		cJSON_AddStringToObject(err, "message", f->message);
		if (f->reason != NULL)
			cJSON_AddStringToObject(err, "reason", f->reason);
	}
	if (rsp_response_json(res, status, root) == 0)   /* frees root */
		return;
fallback:
	rsp_response_free(res);
	res->status = 500;
	res->content_type = "application/json; charset=utf-8";
	res->body = malloc(sizeof fallback_500);
	if (res->body != NULL) {
		memcpy(res->body, fallback_500, sizeof fallback_500);
		res->body_len = sizeof fallback_500 - 1;
	}
}

int rsp_response_write(const struct rsp_response *res, const struct rsp_io *io,
    int head_only)
{
	char head[1600];
	int n;
	size_t used;

	n = snprintf(head, sizeof head, "Status: %d %s\r\n", res->status,
	    rsp_status_text(res->status));
	if (n < 0)
		return -1;
	used = (size_t)n;
	if (res->content_type != NULL) {
		n = snprintf(head + used, sizeof head - used,
		    "Content-Type: %s\r\nContent-Length: %lu\r\n",
		    res->content_type, (unsigned long)res->body_len);
		if (n < 0 || (size_t)n >= sizeof head - used)
			return -1;
		used += (size_t)n;
	}
	n = snprintf(head + used, sizeof head - used,
	    "%sX-Content-Type-Options: nosniff\r\n%.*s\r\n",
	    res->no_store ? "Cache-Control: no-store\r\n" : "",
	    (int)res->hlen, res->headers);
	if (n < 0 || (size_t)n >= sizeof head - used)
		return -1;
	used += (size_t)n;
	if (io->write(io->ctx, head, used) != 0)
		return -1;
	if (!head_only && res->body != NULL && res->body_len > 0)
		return io->write(io->ctx, res->body, res->body_len);
	return 0;
}

/* ---- JSON helpers ---- */

/* Well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF),
 * without NUL, which cJSON strings cannot carry. */
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

void rsp_json_add_bytes(cJSON *obj, const char *key, struct agt_str s)
{
	static const char hex[] = "0123456789abcdef";
	char *buf, keyhex[64];
	size_t i;

	if (s.p == NULL || s.n == 0) {
		cJSON_AddStringToObject(obj, key, "");
		return;
	}
	if (utf8_ok((const unsigned char *)s.p, s.n)) {
		buf = malloc(s.n + 1);
		if (buf == NULL)
			return;
		memcpy(buf, s.p, s.n);
		buf[s.n] = '\0';
		cJSON_AddStringToObject(obj, key, buf);
		free(buf);
		return;
	}
	cJSON_AddNullToObject(obj, key);
	if (s.n > ((size_t)-1 - 1) / 2)
		return;
	buf = malloc(s.n * 2 + 1);
	if (buf == NULL)
		return;
	for (i = 0; i < s.n; i++) {
		buf[2 * i] = hex[(unsigned char)s.p[i] >> 4];
		buf[2 * i + 1] = hex[(unsigned char)s.p[i] & 15];
	}
	buf[2 * s.n] = '\0';
	snprintf(keyhex, sizeof keyhex, "%s_hex", key);
	cJSON_AddStringToObject(obj, keyhex, buf);
	free(buf);
}

void rsp_json_add_u32(cJSON *obj, const char *key, uint32_t v)
{
	cJSON_AddNumberToObject(obj, key, (double)v);
}

void rsp_iso_time(uint32_t t, char out[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, 32, "%lu", (unsigned long)t);
}

void rsp_json_add_time(cJSON *obj, const char *key, uint32_t t)
{
	char iso[32], k[64];

	rsp_json_add_u32(obj, key, t);
	rsp_iso_time(t, iso);
	snprintf(k, sizeof k, "%s_iso", key);
	cJSON_AddStringToObject(obj, k, iso);
}
