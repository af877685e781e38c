/* SPDX-License-Identifier: MIT */
/*
 * pack-t - defends the byte layer every token passes through.  The writer
 * must refuse a store that does not fit (exactly n bytes fit, n - 1 do not)
 * and refuse strings and counts beyond their uint16 length fields; the
 * reader must refuse to read past its end by even one byte, report an
 * impossible count as AGT_ECOUNT before touching the entries, and decode
 * little-endian values at their extremes.  The key sort must give the
 * reference's map semantics: sorted by key, later duplicates win.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "tap/tap.h"

static void test_writer_ints(void)
{
	uint8_t buf[16];
	struct agt_wr w;
	static const uint8_t want[] = {
		0x00, 0x00, 0xff, 0xff, 0x34, 0x12,
		0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0x78, 0x56
	};

	agt_wr_init(&w, buf, sizeof buf);
	is_int(AGT_OK, agt_wr_u16(&w, 0), "u16 0");
	is_int(AGT_OK, agt_wr_u16(&w, 0xffff), "u16 65535");
	is_int(AGT_OK, agt_wr_u16(&w, 0x1234), "u16 0x1234");
	is_int(AGT_OK, agt_wr_u32(&w, 0), "u32 0");
	is_int(AGT_OK, agt_wr_u32(&w, 0xffffffffU), "u32 max");
	is_int(AGT_OK, agt_wr_u16(&w, 0x5678), "u16 fills the buffer exactly");
	is_mem(want, sizeof want, buf, w.len, "little-endian bytes");
	is_int(AGT_ERANGE, agt_wr_u16(&w, 1), "no room for one more u16");
	is_int(16, (long long)w.len, "failed store leaves len unchanged");

	agt_wr_init(&w, buf, 4);
	is_int(AGT_OK, agt_wr_i16(&w, -1), "i16 -1");
	is_int(AGT_OK, agt_wr_i16(&w, -32768), "i16 min");
	is_mem("\xff\xff\x00\x80", 4, buf, w.len, "i16 two's complement");

	agt_wr_init(&w, buf, 3);
	is_int(AGT_ERANGE, agt_wr_u32(&w, 1), "u32 into 3 bytes refused");
	is_int(0, (long long)w.len, "nothing written");
}

static void test_writer_capacity(void)
{
	uint8_t buf[8] = {0}, src[8] = "abcdefg";
	struct agt_wr w;
	size_t n;

	for (n = 0; n <= 8; n++) {
		agt_wr_init(&w, buf, n);
		if (n > 0) {
			agt_wr_init(&w, buf, n - 1);
			is_int(AGT_ERANGE, agt_wr_bytes(&w, src, n),
			    "%zu bytes into capacity %zu refused", n, n - 1);
		}
		agt_wr_init(&w, buf, n);
		is_int(AGT_OK, agt_wr_bytes(&w, src, n),
		    "%zu bytes into capacity %zu", n, n);
	}
	/* A string is one field: length plus bytes, checked together. */
	agt_wr_init(&w, buf, 4);
	is_int(AGT_ERANGE, agt_wr_str(&w, "abc", 3), "string of 3 needs 5 bytes");
	is_int(0, (long long)w.len, "no half-written length");
	agt_wr_init(&w, buf, 5);
	is_int(AGT_OK, agt_wr_str(&w, "abc", 3), "string of 3 in 5 bytes");
	is_mem("\x03\x00" "abc", 5, buf, w.len, "string layout");
	agt_wr_init(&w, buf, 2);
	is_int(AGT_OK, agt_wr_str(&w, NULL, 0), "empty string from NULL");
	is_mem("\x00\x00", 2, buf, w.len, "empty string layout");
	agt_wr_init(&w, buf, 8);
	is_int(AGT_EINVAL, agt_wr_str(&w, NULL, 1), "NULL with length 1 refused");
}

static void test_writer_limits(void)
{
	char *big = malloc(65536);
	uint8_t *buf = malloc(65540);
	struct agt_wr w;

	if (big == NULL || buf == NULL)
		bail("out of memory");
	memset(big, 'x', 65536);
	agt_wr_init(&w, buf, 65540);
	is_int(AGT_OK, agt_wr_str(&w, big, 65535), "string of 65535 accepted");
	is_int(65537, (long long)w.len, "65535 + 2 bytes written");
	is_int(0xff, buf[0], "length low byte");
	is_int(0xff, buf[1], "length high byte");
	agt_wr_init(&w, buf, 65540);
	is_int(AGT_ETOOLONG, agt_wr_str(&w, big, 65536), "string of 65536 refused");
	is_int(0, (long long)w.len, "nothing written");
	is_int(AGT_OK, agt_wr_count(&w, 65535), "count 65535 accepted");
	is_int(AGT_ETOOLONG, agt_wr_count(&w, 65536), "count 65536 refused");

	/* Measuring mode counts without storing. */
	agt_wr_init(&w, NULL, 0);
	is_int(AGT_OK, agt_wr_str(&w, big, 65535), "measure string");
	is_int(AGT_OK, agt_wr_u32(&w, 7), "measure u32");
	is_int(65541, (long long)w.len, "measured length");
	is_int(AGT_ETOOLONG, agt_wr_str(&w, big, 65536), "measure still checks length");
	free(big);
	free(buf);
}

static void test_reader(void)
{
	static const uint8_t data[] = {
		0xff, 0xff, 0x01, 0x00, 0x00, 0x80, 0xfe, 0xff, 0x00, 0x80
	};
	struct agt_rd r;
	uint16_t u16;
	uint32_t u32;
	int16_t i16;
	struct agt_str s;
	const uint8_t *p;

	agt_rd_init(&r, data, sizeof data);
	is_int(AGT_OK, agt_rd_u16(&r, &u16), "u16");
	is_int(65535, u16, "u16 max");
	is_int(AGT_OK, agt_rd_u32(&r, &u32), "u32");
	is_int(0x80000001LL, u32, "u32 0x80000001");
	is_int(AGT_OK, agt_rd_i16(&r, &i16), "i16");
	is_int(-2, i16, "i16 -2");
	is_int(AGT_OK, agt_rd_i16(&r, &i16), "i16 min");
	is_int(-32768, i16, "i16 -32768");
	is_int(0, (long long)r.left, "all consumed");
	is_int(AGT_ETRUNCATED, agt_rd_u16(&r, &u16), "u16 at end");

	/* left = n - 1 for each width. */
	agt_rd_init(&r, data, 1);
	is_int(AGT_ETRUNCATED, agt_rd_u16(&r, &u16), "u16 with 1 byte left");
	is_int(1, (long long)r.left, "failed read consumes nothing");
	agt_rd_init(&r, data, 3);
	is_int(AGT_ETRUNCATED, agt_rd_u32(&r, &u32), "u32 with 3 bytes left");
	agt_rd_init(&r, data, 1);
	is_int(AGT_ETRUNCATED, agt_rd_i16(&r, &i16), "i16 with 1 byte left");
	agt_rd_init(&r, data, 4);
	is_int(AGT_ETRUNCATED, agt_rd_bytes(&r, 5, &p), "5 bytes with 4 left");
	is_int(AGT_OK, agt_rd_bytes(&r, 4, &p), "4 bytes with 4 left");

	/* Strings: declared length n with n - 1 bytes, n bytes. */
	agt_rd_init(&r, "\x03\x00" "ab", 4);
	is_int(AGT_ETRUNCATED, agt_rd_str(&r, &s), "string short by one");
	agt_rd_init(&r, "\x03\x00" "abc", 5);
	is_int(AGT_OK, agt_rd_str(&r, &s), "string exact");
	is_mem("abc", 3, s.p, s.n, "string bytes");
	agt_rd_init(&r, "\x00\x00", 2);
	is_int(AGT_OK, agt_rd_str(&r, &s), "empty string");
	is_int(0, (long long)s.n, "empty string length");
	agt_rd_init(&r, "\xff\xff", 2);
	is_int(AGT_ETRUNCATED, agt_rd_str(&r, &s), "string of 65535 with no bytes");
	agt_rd_init(&r, NULL, 0);
	is_int(AGT_ETRUNCATED, agt_rd_u16(&r, &u16), "empty reader");
}

static void test_count(void)
{
	uint8_t buf[2 + 12];
	struct agt_rd r;
	uint16_t n;

	memset(buf, 0, sizeof buf);
	buf[0] = 2;
	agt_rd_init(&r, buf, 2 + 12);
	is_int(AGT_OK, agt_rd_count(&r, 6, &n), "2 entries of 6 in 12 bytes");
	is_int(2, n, "count value");
	agt_rd_init(&r, buf, 2 + 11);
	is_int(AGT_ECOUNT, agt_rd_count(&r, 6, &n), "2 entries of 6 in 11 bytes");
	buf[0] = 0xff;
	buf[1] = 0xff;
	agt_rd_init(&r, buf, sizeof buf);
	is_int(AGT_ECOUNT, agt_rd_count(&r, 6, &n), "count 65535 with 12 bytes");
	agt_rd_init(&r, buf, 1);
	is_int(AGT_ETRUNCATED, agt_rd_count(&r, 6, &n), "count itself truncated");
}

static void test_sort_and_privmap(void)
{
	struct agt_key k[5] = { {3, 0}, {1, 1}, {3, 2}, {0, 3}, {1, 4} };
	static const struct agt_key want[5] = { {0, 3}, {1, 1}, {1, 4}, {3, 0}, {3, 2} };
	/* Duplicate id 2: the later entry (expire 9) wins; sorted by id. */
	const struct agt_priv privs[] = { {4, 40}, {2, 1}, {1, 10}, {2, 9} };
	static const uint8_t want_map[] = {
		3, 0, 1, 0, 10, 0, 0, 0, 2, 0, 9, 0, 0, 0, 4, 0, 40, 0, 0, 0
	};
	struct agt_priv *many;
	uint8_t buf[64];
	struct agt_wr w;
	size_t i;
	int sorted = 1;

	agt_keys_sort(k, 5);
	for (i = 0; i < 5; i++)
		if (k[i].key != want[i].key || k[i].idx != want[i].idx)
			sorted = 0;
	ok(sorted, "keys sorted by key, ties by position");

	agt_wr_init(&w, buf, sizeof buf);
	is_int(AGT_OK, agt_wr_privmap(&w, privs, 4), "privilege map");
	is_mem(want_map, sizeof want_map, buf, w.len, "sorted, deduplicated, last wins");
	agt_wr_init(&w, buf, sizeof buf);
	is_int(AGT_OK, agt_wr_privmap(&w, NULL, 0), "empty map");
	is_mem("\x00\x00", 2, buf, w.len, "empty map layout");
	is_int(AGT_EINVAL, agt_wr_privmap(&w, NULL, 1), "NULL privileges refused");

	/* Above the stack threshold: 100 entries with ids 99..0 (heap path). */
	many = calloc(100, sizeof *many);
	if (many == NULL)
		bail("out of memory");
	for (i = 0; i < 100; i++)
		many[i] = (struct agt_priv){ (uint16_t)(99 - i), (uint32_t)i };
	agt_wr_init(&w, NULL, 0);
	is_int(AGT_OK, agt_wr_privmap(&w, many, 100), "100 privileges measured");
	is_int(2 + 600, (long long)w.len, "100 entries of 6 bytes");
	free(many);

	/* 65536 distinct ids cannot be counted in a uint16. */
	many = calloc(65536, sizeof *many);
	if (many == NULL)
		bail("out of memory");
	for (i = 0; i < 65536; i++)
		many[i].id = (uint16_t)i;
	agt_wr_init(&w, NULL, 0);
	is_int(AGT_ETOOLONG, agt_wr_privmap(&w, many, 65536), "privilege_count_65536");
	is_int(AGT_OK, agt_wr_privmap(&w, many, 65535), "privilege_count_65535");
	free(many);
}

int main(void)
{
	plan_lazy();
	test_writer_ints();
	test_writer_capacity();
	test_writer_limits();
	test_reader();
	test_count();
	test_sort_and_privmap();
	return 0;
}
