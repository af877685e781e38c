/* SPDX-License-Identifier: MIT */
/*
 * zip-t - defends the zlib layer.  crc32 must give the CRC-32 check value
 * (0xCBF43926 for "123456789"); the compressor must emit exactly the bytes
 * Python's zlib.compress() emits, checked against the deflate stream inside
 * the reference's published token, also after the per-thread stream has
 * been reused and released; the inflater must stop at its bound, reject
 * broken, incomplete and over-long streams, and round trip.  When
 * deflate.c's encoder fails, the compressor falls back to zlib's deflate
 * and still writes the reference's bytes: the stream inside every 007
 * token of vectors/ (those compared byte for byte) and the published
 * tokens are rebuilt through that fallback and must come out identical.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"
#include "tap/tap.h"
#include "unit/published.h"
#include "unit/testutil.h"

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

/* Which compressor the vector checks go through (for the descriptions). */
static const char *vec_path = "";

/* Decodes a 007 token's body, inflates it and compresses it again; 1
 * when the new stream is byte for byte the token's own. */
static int recompress_same(const char *tok, size_t len)
{
	uint8_t *z, *again, *content = NULL;
	size_t zlen, clen, glen;
	int same;

	if (len < 4 || (z = malloc(agt_b64_declen_max(len - 3))) == NULL ||
	    agt_b64_decode(tok + 3, len - 3, z, agt_b64_declen_max(len - 3),
	    &zlen) != AGT_OK || agt_zip_inflate(z, zlen, AGT_PARSE_INFLATED_MAX,
	    &content, &clen) != AGT_OK)
		bail("vector token does not decode: %.40s", tok);
	if ((again = malloc(agt_zip_bound(clen))) == NULL)
		bail("out of memory");
	same = agt_zip_compress(content, clen, again, agt_zip_bound(clen),
	    &glen) == AGT_OK && glen == zlen && memcmp(again, z, zlen) == 0;
	free(content);
	free(again);
	free(z);
	return same;
}

/* Every 007 token of a vector file compared by bytes: the "token" of each
 * line without "match": "payload". */
static void vectors_through_fallback(const char *file)
{
	char rel[64], *path, *line = NULL;
	size_t cap = 0;
	ssize_t got;
	FILE *f;
	int n = 0, differ = 0;

	snprintf(rel, sizeof rel, "vectors/%s", file);
	path = test_srcpath(rel);
	if ((f = fopen(path, "r")) == NULL)
		bail("cannot open %s", path);
	while ((got = getline(&line, &cap, f)) > 0) {
		char *t = strstr(line, "\"token\"");
		size_t len;

		/* Tokens of other encoders ("match": "payload", and the
		 * peers' parse cases) are not zlib's bytes. */
		if (t == NULL || strstr(line, "\"match\"") != NULL ||
		    strstr(line, "\"builder\":\"parse\"") != NULL)
			continue;
		t = strchr(t + 7, '"');
		if (t == NULL || strncmp(t + 1, "007", 3) != 0)
			continue;
		t++;
		len = strcspn(t, "\"");
		n++;
		if (!recompress_same(t, len) && differ++ < 3)
			diag("%s: differs: %.*s", file, (int)(len < 60 ? len : 60), t);
	}
	fclose(f);
	free(line);
	free(path);
	ok(n > 0 && differ == 0, "%s: %d tokens of %s recompress byte for "
	    "byte (%d differ)", vec_path, n, file, differ);
}

static void test_fallback(void)
{
	static const char *files[] = { "rtc007.jsonl", "rtm007.jsonl",
	    "chat.jsonl", "fpa.jsonl", "apaas.jsonl", "education.jsonl",
	    "raw007.jsonl",
	    /* The peers with 007 tokens in zlib's bytes (Dart's, Perl's
	     * and Rust's are all another encoder's or 006). */
	    "peers/cpp.jsonl", "peers/csharp.jsonl", "peers/deno.jsonl",
	    "peers/go.jsonl", "peers/java.jsonl", "peers/kotlin.jsonl",
	    "peers/lua.jsonl", "peers/nodejs.jsonl", "peers/php.jsonl",
	    "peers/python.jsonl", "peers/python3.jsonl", "peers/ruby.jsonl" };
	const struct agt_priv join = { 1, T_EXPIRE };
	struct agt_service s = {0};
	struct agt_token007_params p;
	char out[1024];
	size_t len, i;

	/* In a --disable-fast-deflate build zlib's deflate is the only path:
	 * the same checks then cover it. */
	vec_path = agt_zip_fail_fast_path(1) ? "zlib fallback" : "zlib only";
	ok(recompress_same(PUB7_RTC, strlen(PUB7_RTC)),
	    "%s: the published RTC stream", vec_path);
	s.type = AGT_SERVICE_RTC;
	s.privs = &join;
	s.nprivs = 1;
	s.channel = S(T_CHANNEL);
	s.account = S(T_UID_STR);
	agt_token007_params_init(&p);
	p.app_id = S(T_APP_ID);
	p.app_certificate = S(T_CERT);
	p.expire = T_EXPIRE;
	p.services = &s;
	p.nservices = 1;
	p.pin = T_PIN;
	is_int(AGT_OK, agt_build007(&p, out, sizeof out, &len),
	    "%s: agt_build007 succeeds", vec_path);
	is_str(PUB7_RTC, out, "%s: the token equals AccessToken2Test.py's",
	    vec_path);
	for (i = 0; i < sizeof files / sizeof files[0]; i++)
		vectors_through_fallback(files[i]);
	agt_zip_fail_fast_path(0);
	is_int(AGT_OK, agt_build007(&p, out, sizeof out, &len),
	    "default path restored");
	is_str(PUB7_RTC, out, "default path restored: same token");
}

/* The sanitizer build's tripwire: a stream that does not inflate back to
 * its input stops the program with a message, in a child here. */
static void test_selfcheck(void)
{
#ifdef AGT_DEFLATE_SELFCHECK
	static const char in[] = "a token's content";
	uint8_t z[128];
	size_t zlen;
	int fds[2], status = 0;
	char msg[512];
	ssize_t got;
	pid_t pid;

	if (agt_zip_compress(in, sizeof in - 1, z, sizeof z, &zlen) != AGT_OK)
		bail("compress");
	ok(1, "self-check: a right stream passes");
	if (pipe(fds) != 0 || (pid = fork()) < 0)
		bail("pipe/fork");
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		agt_zip_selfcheck("another content!!", sizeof in - 1, z, zlen);
		_exit(0);
	}
	close(fds[1]);
	got = read(fds[0], msg, sizeof msg - 1);
	msg[got > 0 ? got : 0] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT,
	    "self-check: a stream of other bytes aborts");
	ok(strstr(msg, "deflate self-check failed") != NULL,
	    "self-check: says why on stderr");
#else
	skip("the deflate self-check is built only with --enable-sanitizers "
	    "or --enable-deflate-selfcheck");
#endif
}

int main(void)
{
	plan_lazy();
	test_crc();
	test_compress_matches_python();
	test_inflate_bounds();
	test_fallback();
	test_selfcheck();
	agt_thread_cleanup();
	return 0;
}
