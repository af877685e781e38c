/* SPDX-License-Identifier: MIT */
/*
 * route-fuzz - the route matcher (rsp_route_find): ":name" captures,
 * optional trailing slashes, mount-prefix skipping, 404 versus 405 with
 * the Allow set, captured segments becoming parameters.  Input: one byte
 * whose low three bits pick the method (the others are ignored), then the
 * path; the path is a C string, as CGI hands it over, so it ends at the
 * first NUL.  Captured parameters then go through every input rule, and
 * the Allow header is rendered.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rsp-common.h"

static const struct { unsigned bit; const char *name; } methods[8] = {
	{ RSP_M_GET, "GET" }, { RSP_M_POST, "POST" }, { RSP_M_HEAD, "HEAD" },
	{ RSP_M_OPTIONS, "OPTIONS" }, { RSP_M_OTHER, "PUT" },
	{ RSP_M_GET, "GET" }, { RSP_M_POST, "POST" }, { RSP_M_OTHER, "DELETE" },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct rsp_config *cfg = fuzz_rsp_setup();
	struct rsp_request r;
	struct rsp_response res;
	struct rsp_fail f;
	const struct rsp_route *rt;
	unsigned allow = 0;
	char *path;

	if (size < 1 || size - 1 > RSP_QUERY_MAX)
		return 0;
	path = malloc(size);
	if (path == NULL)
		return 0;
	memcpy(path, data + 1, size - 1);
	path[size - 1] = '\0';
	memset(&r, 0, sizeof r);
	r.ctx = fuzz_rsp_ctx();
	memset(&f, 0, sizeof f);
	r.method = methods[data[0] & 7].bit;
	r.method_name = methods[data[0] & 7].name;
	r.path = path;
	rt = rsp_route_find(&r, &allow, &f);
	if (rt != NULL) {
		fuzz_touch(rt->pattern, strlen(rt->pattern));
		fuzz_rsp_params(&r, cfg);
	} else {
		fuzz_touch(f.message, strlen(f.message));
	}
	if (allow != 0) {
		rsp_response_init(&res, r.ctx);
		rsp_allow_header(&res, allow);
		fuzz_touch(res.headers, res.hlen);
		rsp_response_free(&res);
	}
	rsp_arena_reset(&r.ctx->arena);
	free(path);
	return 0;
}
