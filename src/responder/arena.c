/* SPDX-License-Identifier: MIT */
/*
 * arena.c - the per-request scratch memory.
 *
 * Every decoded parameter and body of one request lives in one fixed block
 * that is wiped and reset when the request ends, so a long-running FastCGI
 * process neither leaks nor carries one caller's data into the next
 * request.  The block is sized for the request limits (16 KiB query plus
 * 16 KiB body, decoded copies and bookkeeping); running out is a 413.
 */
#include "config.h"

#include <string.h>

#include "responder.h"

static _Alignas(16) unsigned char block[RSP_ARENA_BYTES];
static size_t used;

void *rsp_arena_alloc(size_t n)
{
	size_t start = (used + 15U) & ~(size_t)15U;
	void *p;

	if (start > sizeof block || n > sizeof block - start)
		return NULL;
	p = block + start;
	used = start + n;
	return p;
}

char *rsp_arena_strndup(const char *s, size_t n)
{
	char *p;

	if (n == (size_t)-1)
		return NULL;
	p = rsp_arena_alloc(n + 1);
	if (p == NULL)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void rsp_arena_reset(void)
{
	agt_memzero(block, used);
	used = 0;
}
