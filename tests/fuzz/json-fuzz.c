/* SPDX-License-Identifier: MIT */
/*
 * json-fuzz - JSON request bodies (rsp_parse_json_object): cJSON under a
 * length bound, the NUL and "\u0000" refusal, trailing data, members that
 * are not strings/numbers/booleans, numbers turned into decimal text,
 * duplicate members, the parameter limits.  Every decoded parameter then
 * goes through every input rule.  The body is not NUL-terminated.
 */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "rsp-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct rsp_config *cfg = fuzz_rsp_setup();
	struct rsp_request r;
	struct rsp_fail f;

	if (size > RSP_BODY_MAX)
		return 0;
	memset(&r, 0, sizeof r);
	r.ctx = fuzz_rsp_ctx();
	memset(&f, 0, sizeof f);
	fuzz_rsp_decoded(rsp_parse_json_object(&r, (const char *)data, size, &f),
	    &r, &f, cfg);
	return 0;
}
