/* SPDX-License-Identifier: MIT */
/*
 * token007raw-fuzz - the 007 content reader, reached quickly: the input is
 * the inflated content (signature + signing info), which this target
 * deflates and base64-encodes into a "007" token before parsing it, so
 * every mutation lands in the service/privilege/RTM2 reader instead of
 * breaking the zlib checksum.  Seeds: the inflated content of the 007
 * vectors and of the malformed 007 shapes in tests/unit/parse-t.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "fuzz.h"

/* Far above any real token (< 2 KiB) and below AGT_PARSE_INFLATED_MAX:
 * larger inputs only test the size limit, which token007-fuzz reaches. */
#define RAW_MAX (64U * 1024U)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t zcap, zlen = 0, tlen;
	uint8_t *z;
	char *text;

	if (size > RAW_MAX)
		return 0;
	zcap = agt_zip_bound(size);
	z = malloc(zcap);
	if (z == NULL)
		return 0;
	if (agt_zip_compress(data, size, z, zcap, &zlen) != AGT_OK) {
		free(z);
		return 0;
	}
	tlen = 3 + agt_b64_enclen(zlen);
	text = malloc(tlen + 1);
	if (text != NULL) {
		memcpy(text, "007", 3);
		agt_b64_encode(z, zlen, text + 3);
		fuzz_token(text, tlen);
		free(text);
	}
	free(z);
	return 0;
}
