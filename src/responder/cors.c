/* SPDX-License-Identifier: MIT */
/*
 * cors.c - cross-origin access, for configured origins only.
 *
 * A browser page may call the responder from another origin only when that
 * origin is listed in cors_origins (exact, case-sensitive match, as the
 * browser sends it).  Other origins get no CORS headers at all, so the
 * browser keeps the response from them.  Vary: Origin is sent whenever CORS
 * is configured, so caches never hand one origin's answer to another.
 */
#include "config.h"

#include <string.h>

#include "responder.h"

#define CORS_MAX_AGE 600

static int origin_allowed(const struct rsp_request *r,
    const struct rsp_config *cfg)
{
	size_t i;

	if (r->origin == NULL)
		return 0;
	for (i = 0; i < cfg->ncors; i++)
		if (strcmp(cfg->cors[i], r->origin) == 0)
			return 1;
	return 0;
}

int rsp_cors_headers(const struct rsp_request *r, const struct rsp_config *cfg,
    struct rsp_response *res)
{
	if (cfg->ncors == 0)
		return 0;
	rsp_response_header(res, "Vary: Origin");
	if (!origin_allowed(r, cfg))
		return 0;
	/* r->origin matched a configured origin, which config.c checked to
	 * be free of spaces and control characters. */
	rsp_response_header(res, "Access-Control-Allow-Origin: %s", r->origin);
	if (cfg->auth == RSP_AUTH_REMOTE_USER)
		rsp_response_header(res, "Access-Control-Allow-Credentials: true");
	return 1;
}

void rsp_cors_preflight(const struct rsp_request *r,
    const struct rsp_config *cfg, unsigned allow, struct rsp_response *res)
{
	rsp_response_free(res);
	res->status = 204;
	res->content_type = NULL;
	res->no_store = 0;
	rsp_allow_header(res, allow);
	if (rsp_cors_headers(r, cfg, res) && r->preflight_method != NULL) {
		char methods[64] = "";
		if (allow & RSP_M_GET)
			strcat(methods, "GET, ");
		if (allow & RSP_M_POST)
			strcat(methods, "POST, ");
		if (allow & RSP_M_HEAD)
			strcat(methods, "HEAD, ");
		strcat(methods, "OPTIONS");
		rsp_response_header(res, "Access-Control-Allow-Methods: %s",
		    methods);
		rsp_response_header(res, "Access-Control-Allow-Headers: "
		    "Authorization, Content-Type");
		rsp_response_header(res, "Access-Control-Max-Age: %d",
		    CORS_MAX_AGE);
	}
}
