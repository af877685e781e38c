/* SPDX-License-Identifier: MIT */
/*
 * rsp-common.c - see rsp-common.h.  The configuration is built field by
 * field rather than loaded, so the request targets fuzz requests only (the
 * config target fuzzes the loader).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rsp-common.h"

static struct rsp_app apps[2];
static char origin[] = "https://example.com";
static char *cors[1] = { origin };
static unsigned char keys[1][32];

static void drop_line(void *arg, const char *line, size_t len)
{
	(void)arg;
	fuzz_touch(line, len);
}

struct rsp_ctx *fuzz_rsp_ctx(void)
{
	static struct rsp_ctx ctx;
	static int ready;

	if (!ready) {
		if (rsp_ctx_init(&ctx) != 0)
			abort();
		rsp_ctx_set_log(&ctx, drop_line, NULL);
		ready = 1;
	}
	return &ctx;
}

void fuzz_rsp_config(struct rsp_config *c, enum rsp_auth_mode auth)
{
	memset(c, 0, sizeof *c);
	memset(apps, 0, sizeof apps);
	memcpy(apps[0].name, "main", 5);
	memcpy(apps[0].app_id, FUZZ_APP_ID, sizeof FUZZ_APP_ID);
	memcpy(apps[0].cert, FUZZ_CERT, sizeof FUZZ_CERT);
	memcpy(apps[1].name, "second", 7);
	memcpy(apps[1].app_id, "0123456789abcdef0123456789abcdef", 33);
	memcpy(apps[1].cert, "fedcba9876543210fedcba9876543210", 33);
	agt_sha256("fuzz-key", 8, keys[0]);
	c->ok = 1;
	memcpy(c->source, "fuzz", 5);
	c->apps = apps;
	c->napps = 2;
	c->default_format = 7;
	c->default_expire = 3600;
	c->max_expire = 86400;
	c->cors = cors;
	c->ncors = 1;
	c->auth = auth;
	if (auth == RSP_AUTH_API_KEY) {
		c->keys = keys;
		c->nkeys = 1;
	}
	c->bind_identity = auth == RSP_AUTH_REMOTE_USER;
}

void fuzz_rsp_params(struct rsp_request *r, const struct rsp_config *c)
{
	size_t i;
	int fld;

	for (i = 0; i < r->nparams; i++) {
		const struct rsp_param *p = &r->params[i];

		fuzz_touch(p->name, strlen(p->name) + 1);
		fuzz_touch(p->val, p->len + 1);
		for (fld = 0; fld < FLD_COUNT; fld++) {
			struct rsp_value v;
			struct rsp_fail f;

			memset(&f, 0, sizeof f);
			if (rsp_validate_one(r, (enum rsp_field)fld, p->name,
			    p->val, p->len, c, &v, &f) == 0)
				fuzz_touch(v.s.p, v.s.n);
			else
				fuzz_touch(f.message, strlen(f.message));
		}
	}
}

const struct rsp_config *fuzz_rsp_setup(void)
{
	static struct rsp_config cfg;
	static int ready;

	if (!ready) {
		fuzz_rsp_config(&cfg, RSP_AUTH_NONE);
		ready = 1;
	}
	return &cfg;
}

void fuzz_rsp_decoded(int rc, struct rsp_request *r,
    const struct rsp_fail *f, const struct rsp_config *c)
{
	if (rc == 0)
		fuzz_rsp_params(r, c);
	else
		fuzz_touch(f->message, strlen(f->message));
	rsp_arena_reset(&r->ctx->arena);
}
