/* SPDX-License-Identifier: MIT */
/*
 * arena.c - the memory a request owns (struct rsp_ctx): a scratch arena
 * for every decoded parameter and body, and the buffer its JSON answer is
 * written into.  Both are allocated once per process, reused request
 * after request (no allocation per request) and wiped when the request
 * ends, so a long-running FastCGI process neither leaks nor carries one
 * caller's data into the next request.  The arena is sized for the
 * request limits (16 KiB query plus 16 KiB body, decoded copies and
 * bookkeeping); running out is a 413.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "responder.h"

int rsp_ctx_init(struct rsp_ctx *c)
{
	memset(c, 0, sizeof *c);
	c->arena.block = malloc(RSP_ARENA_BYTES);
	c->body = malloc(RSP_BODY_BUF_BYTES);
	if (c->arena.block == NULL || c->body == NULL) {
		rsp_ctx_free(c);
		return -1;
	}
	c->arena.cap = RSP_ARENA_BYTES;
	c->body_cap = RSP_BODY_BUF_BYTES;
	return 0;
}

/* What a request wrote is wiped when it ends (rsp_arena_reset, and the
 * answer when the response is freed or its writer moves to the heap), so
 * only what is still in use is wiped here.  Wiping whole buffers would
 * touch, and make a CGI process fault in, pages no request used. */
void rsp_ctx_free(struct rsp_ctx *c)
{
	rsp_arena_reset(&c->arena);
	free(c->arena.block);
	free(c->body);
	memset(c, 0, sizeof *c);
}

void rsp_ctx_set_log(struct rsp_ctx *c, rsp_log_sink sink, void *arg)
{
	c->log_sink = sink;
	c->log_arg = arg;
}

/* Blocks are 16-byte aligned (malloc's block is). */
void *rsp_arena_alloc(struct rsp_arena *a, size_t n)
{
	size_t start = (a->used + 15U) & ~(size_t)15U;
	void *p;

	if (start > a->cap || n > a->cap - start)
		return NULL;
	p = a->block + start;
	a->used = start + n;
	return p;
}

char *rsp_arena_strndup(struct rsp_arena *a, const char *s, size_t n)
{
	char *p;

	if (n == (size_t)-1)
		return NULL;
	p = rsp_arena_alloc(a, n + 1);
	if (p == NULL)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void rsp_arena_reset(struct rsp_arena *a)
{
	if (a->block != NULL)
		agt_memzero(a->block, a->used);
	a->used = 0;
}
