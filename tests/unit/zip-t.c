/* SPDX-License-Identifier: MIT */
/*
 * zip-t - defends the zlib layer.  crc32 must give the CRC-32 check value
 * (0xCBF43926 for "123456789"); the compressor must emit exactly the bytes
 * Python's zlib.compress() emits, checked against the deflate stream inside
 * the reference's published token, also after the per-thread stream has
 * been reused and released; the inflater must stop at its bound, reject
 * broken, incomplete and over-long streams, and round trip.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tap/tap.h"

/* Published: python3/test/AccessToken2Test.py test_service_rtc. */
static const char published[] =
    "eJxTYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxgDCaiTj";

static void test_crc(void)
{
	is_int(0xCBF43926LL, agt_crc32("123456789", 9), "CRC-32 check value");
	is_int(0, agt_crc32(NULL, 0), "crc32 of nothing is 0");
	is_int(0xE8B7BE43LL, agt_crc32("a", 1), "crc32(\"a\")");
}

static void test_compress_matches_python(void)
{
	uint8_t z[512], again[512], *content;
	size_t zlen, clen, glen, glen2;
	int round;

	is_int(AGT_OK, agt_b64_decode(published, strlen(published), z, sizeof z,
	    &zlen), "decode the published token body");
	is_int(AGT_OK, agt_zip_inflate(z, zlen, AGT_PARSE_INFLATED_MAX, &content,
	    &clen), "inflate it");
	for (round = 0; round < 3; round++) {
		memset(again, 0, sizeof again);
		is_int(AGT_OK, agt_zip_compress(content, clen, again, sizeof again,
		    &glen), "compress round %d", round);
		is_mem(z, zlen, again, glen,
		    "round %d: same bytes as Python's zlib.compress", round);
		if (round == 1)
			agt_thread_cleanup(); /* the next round starts afresh */
	}
	/* A different input in between must not disturb the reset stream. */
	is_int(AGT_OK, agt_zip_compress("xxxxxxxxxxxxxxxxxxxx", 20, again,
	    sizeof again, &glen2), "compress other data");
	is_int(AGT_OK, agt_zip_compress(content, clen, again, sizeof again, &glen),
	    "compress after other data");
	is_mem(z, zlen, again, glen, "reset stream reproduces the bytes");
	is_int(AGT_ERANGE, agt_zip_compress(content, clen, again,
	    agt_zip_bound(clen) - 1, &glen), "capacity below the bound refused");
	free(content);
}

static void test_inflate_bounds(void)
{
	size_t n = 10000, zcap = agt_zip_bound(n), zlen, olen;
	uint8_t *data = malloc(n), *z = malloc(zcap + 8), *out;
	size_t i;

	if (data == NULL || z == NULL)
		bail("out of memory");
	for (i = 0; i < n; i++)
		data[i] = (uint8_t)(i * 7 + i / 13);
	is_int(AGT_OK, agt_zip_compress(data, n, z, zcap, &zlen), "compress 10000 bytes");
	is_int(AGT_OK, agt_zip_inflate(z, zlen, n, &out, &olen), "inflate with bound = size");
	is_mem(data, n, out, olen, "round trip");
	free(out);
	is_int(AGT_ETOOBIG, agt_zip_inflate(z, zlen, n - 1, &out, &olen),
	    "bound one below the size refused");
	ok(out == NULL, "no buffer on failure");
	is_int(AGT_EINFLATE, agt_zip_inflate(z, zlen - 1, n, &out, &olen),
	    "stream cut by one byte");
	z[zlen] = 0;
	is_int(AGT_EINFLATE, agt_zip_inflate(z, zlen + 1, n, &out, &olen),
	    "one byte after the stream");
	is_int(AGT_EINFLATE, agt_zip_inflate("not zlib", 8, n, &out, &olen),
	    "not a zlib stream");
	is_int(AGT_EINFLATE, agt_zip_inflate(NULL, 0, n, &out, &olen),
	    "empty input");
	z[1] ^= 0x01; /* header check bits no longer valid */
	is_int(AGT_EINFLATE, agt_zip_inflate(z, zlen, n, &out, &olen),
	    "corrupt header");
	free(data);
	free(z);
}

int main(void)
{
	plan_lazy();
	test_crc();
	test_compress_matches_python();
	test_inflate_bounds();
	agt_thread_cleanup();
	return 0;
}
