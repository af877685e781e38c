/* SPDX-License-Identifier: MIT */
/*
 * json-fuzz - JSON request bodies (rsp_parse_json_object): cJSON under a
 * length bound, the NUL and "\u0000" refusal, trailing data, members that
 * are not strings/numbers/booleans, numbers turned into decimal text,
 * duplicate members, the parameter limits.  Every decoded parameter then
 * goes through every input rule.  The body is not NUL-terminated.
 */
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
	if (size > RSP_BODY_MAX)
		return 0;
	memset(&r, 0, sizeof r);
	memset(&f, 0, sizeof f);
	if (rsp_parse_json_object(&r, (const char *)data, size, &f) == 0)
		fuzz_rsp_params(&r, &cfg);
	else
		fuzz_touch(f.message, strlen(f.message));
	rsp_arena_reset();
	return 0;
}
