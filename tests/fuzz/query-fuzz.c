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
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rsp-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct rsp_config *cfg = fuzz_rsp_setup();
	struct rsp_request r;
	struct rsp_fail f;

	if (size < 1 || size - 1 > RSP_QUERY_MAX)
		return 0;
	memset(&r, 0, sizeof r);
	r.ctx = fuzz_rsp_ctx();
	memset(&f, 0, sizeof f);
	fuzz_rsp_decoded(rsp_parse_urlencoded(&r, (const char *)data + 1, size - 1,
	    (data[0] & 1) ? RSP_SRC_BODY : RSP_SRC_QUERY, &f), &r, &f, cfg);
	return 0;
}
