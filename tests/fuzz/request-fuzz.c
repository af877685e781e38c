/* SPDX-License-Identifier: MIT */
/*
 * request-fuzz - one whole request through the responder (rsp_handle):
 * environment decoding, routing, CORS and preflight, caller
 * authentication, Content-Length and Content-Type handling, query/form/
 * JSON decoding, the input rules, every handler (native, compatibility,
 * inspect) and the response writer, against an in-memory configuration.
 * Input: one byte picking the auth mode, then CGI variables as
 * "NAME=value" lines up to an empty line, then the body, which the read
 * callback hands out in pieces whose sizes also come from that byte.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rsp-common.h"

#define ENV_MAX 32U

struct fuzz_io {
	const char *names[ENV_MAX], *vals[ENV_MAX];
	size_t nenv;
	const char *body;
	size_t left;
	size_t chunk;
};

static const char *io_getenv(void *ctx, const char *name)
{
	const struct fuzz_io *x = ctx;
	size_t i;

	for (i = 0; i < x->nenv; i++)
		if (strcmp(x->names[i], name) == 0)
			return x->vals[i];
	return NULL;
}

static long io_read(void *ctx, char *buf, size_t n)
{
	struct fuzz_io *x = ctx;

	if (n > x->left)
		n = x->left;
	if (n > x->chunk)
		n = x->chunk;
	memcpy(buf, x->body, n);
	x->body += n;
	x->left -= n;
	return (long)n;
}

static int io_write(void *ctx, const char *buf, size_t n)
{
	(void)ctx;
	fuzz_touch(buf, n);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum rsp_auth_mode modes[4] = { RSP_AUTH_NONE,
	    RSP_AUTH_API_KEY, RSP_AUTH_REMOTE_USER, RSP_AUTH_NONE };
	static const size_t chunks[4] = { 1, 7, 512, 65536 };
	struct rsp_config cfg;
	struct fuzz_io x;
	struct rsp_io io;
	char *text, *p, *end;

	if (size < 1 || size > 2 * RSP_BODY_MAX)
		return 0;
	fuzz_rsp_config(&cfg, modes[data[0] & 3]);
	memset(&x, 0, sizeof x);
	x.chunk = chunks[(data[0] >> 2) & 3];
	text = malloc(size);
	if (text == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	p = text;
	end = text + size - 1;
	/* Variables: "NAME=value\n" lines until an empty line. */
	while (p < end && *p != '\n') {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *eq;

		if (nl == NULL)
			nl = end;
		*nl = '\0';
		eq = strchr(p, '=');
		if (eq != NULL && x.nenv < ENV_MAX) {
			*eq = '\0';
			x.names[x.nenv] = p;
			x.vals[x.nenv] = eq + 1;
			x.nenv++;
		}
		p = nl < end ? nl + 1 : end;
	}
	if (p < end)
		p++;   /* the empty line */
	/* The body is the raw rest of the input (NULs and all). */
	x.body = (const char *)data + 1 + (size_t)(p - text);
	x.left = (size_t)(end - p);
	io.ctx = &x;
	io.getenv = io_getenv;
	io.read = io_read;
	io.write = io_write;
	rsp_handle(fuzz_rsp_ctx(), &io, &cfg, 1);
	free(text);
	return 0;
}
