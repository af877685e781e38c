/* SPDX-License-Identifier: MIT */
/*
 * handle.c - one request's path through the responder: read it, find its
 * route, apply CORS and authentication, run the handler, write the answer
 * (or the error) and wipe the memory the request owned (struct rsp_ctx).
 * It sees the request only through struct rsp_io, so CGI, FastCGI, the
 * fuzzer and tests/perf/rsp-bench all drive it the same way.
 */
#include "config.h"

#include <string.h>

#include "responder.h"

void rsp_handle(struct rsp_ctx *ctx, const struct rsp_io *io,
    const struct rsp_config *cfg, int log_config_error)
{
	struct rsp_request r;
	struct rsp_response res;
	struct rsp_fail f;
	const struct rsp_route *rt;
	unsigned allow = 0;
	int head_only = 0;

	memset(&f, 0, sizeof f);
	rsp_response_init(&res, ctx);
	if (rsp_request_init(&r, ctx, io, &f) != 0)
		goto fail;
	head_only = r.method == RSP_M_HEAD;
	if (!cfg->ok) {
		/* Every request of a misconfigured server is a generic 500;
		 * the reason goes to the log, once per request. */
		if (log_config_error)
			rsp_log_req(&r, RSP_LOG_ERROR, "%s", cfg->error);
		rsp_fail(&f, RSP_E_INTERNAL, "configuration not loaded");
		goto fail;
	}
	rt = rsp_route_find(&r, &allow, &f);
	if (rt == NULL) {
		if (allow != 0)
			rsp_allow_header(&res, allow);
		rsp_cors_headers(&r, cfg, &res);
		goto fail;
	}
	if (r.method == RSP_M_OPTIONS) {
		rsp_cors_preflight(&r, cfg, allow, &res);
		goto write;
	}
	rsp_cors_headers(&r, cfg, &res);
	if (!(rt->flags & RSP_R_PUBLIC) && rsp_auth_check(&r, cfg, &res, &f) != 0)
		goto fail;
	if (rsp_request_read_params(&r, (rt->flags & RSP_R_JSON_ANY) ?
	    RSP_BODY_JSON_ANY_TYPE : 0, &f) != 0)
		goto fail;
	if (rt->handler(rt, &r, cfg, &res, &f) != 0)
		goto fail;
	goto write;
fail:
	if (rsp_status_of(f.code) >= 500 && cfg->ok)
		rsp_log_req(&r, RSP_LOG_ERROR, "%s %.200s: %s",
		    r.method_name ? r.method_name : "-", r.path ? r.path : "-",
		    f.message);
	rsp_response_error(&res, &f);
write:
	if (rsp_response_write(&res, io, head_only) != 0)
		rsp_log_req(&r, RSP_LOG_WARN, "writing the response failed");
	rsp_response_free(&res);
	rsp_arena_reset(&ctx->arena);
}
