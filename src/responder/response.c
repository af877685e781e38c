/* SPDX-License-Identifier: MIT */
/*
 * response.c - status lines, headers and bodies; an error's status and
 * body come from its code (codes.c).  Every response carries its
 * Content-Type, X-Content-Type-Options: nosniff and (for anything that may
 * hold a token) Cache-Control: no-store.  A 500 body is always the same
 * generic text: the details go to the log, never to the caller.  JSON
 * bodies are written with the programs' JSON writer.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "responder.h"

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

void rsp_response_init(struct rsp_response *res, struct rsp_ctx *ctx)
{
	memset(res, 0, sizeof *res);
	res->status = 500;
	res->no_store = 1;
	res->body_buf = ctx->body;
	res->body_buf_cap = ctx->body_cap;
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
 * Written with the programs' JSON writer (common.h) in its compact form,
 * the bytes cJSON_PrintUnformatted would print.  A body is written into
 * the request's buffer (struct rsp_ctx; the body is wiped when the
 * response is freed); a larger one moves to the heap. */
static const char json_ct[] = "application/json; charset=utf-8";

/* Drops res's body first: it may sit in the buffer we write into. */
void rsp_json_start(struct jw *j, struct rsp_response *res)
{
	rsp_response_free(res);
	jw_init(j, res->body_buf, res->body_buf_cap, 0);
	jw_obj_begin(j, NULL);
}

/* A trailing newline keeps curl output and logs tidy. */
int rsp_json_finish(struct jw *j, struct rsp_response *res, int status)
{
	jw_obj_end(j);
	jw_newline(j);
	if (j->oom) {
		jw_release(j);
		return -1;
	}
	res->status = status;
	res->content_type = json_ct;
	res->body = j->buf;
	res->body_len = j->len;
	res->body_heap = j->heap;
	return 0;
}

int rsp_response_json_pair(struct rsp_response *res, int status,
    const char *key, const char *value)
{
	struct jw j;

	if (value == NULL)
		return -1;
	rsp_json_start(&j, res);
	jw_cstr(&j, key, value);
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
	const struct rsp_code_info *code = rsp_code_info(f->code);
	int status = code->status;
	struct jw j;

	rsp_json_start(&j, res);
	jw_obj_begin(&j, "error");
	if (status >= 500) {
		code = rsp_code_info(RSP_E_INTERNAL);
		jw_cstr(&j, "code", code->name);
		jw_cstr(&j, "message", code->message);
	} else {
		jw_cstr(&j, "code", code->name);
		jw_cstr(&j, "message", f->message);
		if (f->reason != NULL)
			jw_cstr(&j, "reason", f->reason);
	}
	jw_obj_end(&j);
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

/* Appends n bytes to head; 0 when they do not fit with one byte to
 * spare: a head holds at most cap - 1 bytes. */
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

/* The head's limit; the buffer has room for a body after it. */
#define HEAD_MAX 1600
#define H_LIT(s) h_put(head, HEAD_MAX, &used, s, sizeof s - 1)

/* The head goes out with the body in one write when both fit in head[]
 * (a token's answer does): for plain CGI that is one system call, and one
 * read for the web server, instead of two.  The copy of the body is wiped
 * after, as the body itself is (rsp_response_free). */
int rsp_response_write(const struct rsp_response *res, const struct rsp_io *io,
    int head_only)
{
	char head[2048];
	size_t used = 0;
	const char *st = rsp_status_text(res->status);
	int ok;

	ok = H_LIT("Status: ") && (res->status >= 0 || H_LIT("-")) &&
	    h_num(head, HEAD_MAX, &used, res->status >= 0 ?
	    (unsigned long)res->status : 0UL - (unsigned long)res->status) &&
	    H_LIT(" ") && h_put(head, HEAD_MAX, &used, st, strlen(st)) &&
	    H_LIT("\r\n");
	if (ok && res->content_type != NULL)
		ok = H_LIT("Content-Type: ") &&
		    h_put(head, HEAD_MAX, &used, res->content_type,
		    strlen(res->content_type)) &&
		    H_LIT("\r\nContent-Length: ") &&
		    h_num(head, HEAD_MAX, &used,
		    (unsigned long)res->body_len) && H_LIT("\r\n");
	if (ok && res->no_store)
		ok = H_LIT("Cache-Control: no-store\r\n");
	ok = ok && H_LIT("X-Content-Type-Options: nosniff\r\n") &&
	    h_put(head, HEAD_MAX, &used, res->headers, res->hlen) &&
	    H_LIT("\r\n");
	if (!ok)
		return -1;
	if (head_only || res->body == NULL || res->body_len == 0)
		return io->write(io->ctx, head, used);
	if (res->body_len <= sizeof head - used) {
		int rc;

		memcpy(head + used, res->body, res->body_len);
		rc = io->write(io->ctx, head, used + res->body_len);
		agt_memzero(head + used, res->body_len);
		return rc;
	}
	if (io->write(io->ctx, head, used) != 0)
		return -1;
	return io->write(io->ctx, res->body, res->body_len);
}
