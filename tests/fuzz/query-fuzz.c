/* SPDX-License-Identifier: MIT */
/*
 * query-fuzz - application/x-www-form-urlencoded decoding, the query
 * string's and the form body's shared decoder (rsp_parse_urlencoded):
 * '%' escapes, '+', empty pieces, duplicates, the 32-parameter and name
 * length limits, encoded NULs.  Every decoded parameter then goes through
 * every input rule of validate.c.  The first byte picks the source (query
 * or body) so both labels are used; the rest is the encoded text, which
 * is not NUL-terminated, as a body is not.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rsp-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rsp_config cfg;
	static int ready;
	struct rsp_request r;
	struct rsp_fail f;

	if (!ready) {
		fuzz_rsp_quiet();
		fuzz_rsp_config(&cfg, RSP_AUTH_NONE);
		ready = 1;
	}
	if (size < 1 || size - 1 > RSP_QUERY_MAX)
		return 0;
	memset(&r, 0, sizeof r);
	memset(&f, 0, sizeof f);
	if (rsp_parse_urlencoded(&r, (const char *)data + 1, size - 1,
	    (data[0] & 1) ? RSP_SRC_BODY : RSP_SRC_QUERY, &f) == 0)
		fuzz_rsp_params(&r, &cfg);
	else
		fuzz_touch(f.message, strlen(f.message));
	rsp_arena_reset();
	return 0;
}
