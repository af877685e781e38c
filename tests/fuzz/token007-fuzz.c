/* SPDX-License-Identifier: MIT */
/*
 * token007-fuzz - the 007 parser from the outside: "007" +
 * base64(zlib(signature + signing info)).  Input is the token text, so the
 * base64 decoder, the bounded inflater (AGT_PARSE_INFLATED_MAX) and the
 * service reader are all reached, though mutations rarely survive the
 * deflate layer: token007raw-fuzz feeds the reader directly.
 */
#include "config.h"

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_token((const char *)data, size);
	return 0;
}
