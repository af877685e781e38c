/* SPDX-License-Identifier: MIT */
/*
 * token006-fuzz - the 006 parser: "006" + app id + base64(content), where
 * the content holds a length-prefixed signature, two crc32s and a
 * length-prefixed message with its own privilege count.  Input is the
 * token text as a caller would pass it, so the version check, the app-id
 * cut and the strict base64 decoder are part of the surface.  Seeds: the
 * 006 vectors and the malformed shapes of tests/unit/parse-t.c.
 */
#include "config.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_token((const char *)data, size);
	return 0;
}
