/* SPDX-License-Identifier: MIT */
/*
 * bench-answer.h - the answer tools/bench-http's baselines send
 * (trivial-fcgi.c, trivial-cgi.c): the headers agora-token.fcgi writes
 * with a token and a fixed JSON body of the same fields and size (372
 * bytes) as its answer to the bench's
 * GET /v1/rtc?channel=bench-channel&uid=2882341273&role=publisher.
 * The same bytes cross the server and the loopback for either, so a
 * baseline differs from ours only in the work ours does.
 */
#ifndef AGT_BENCH_ANSWER_H
#define AGT_BENCH_ANSWER_H

#define BENCH_BODY_LEN 372
#define BENCH_STR(x) #x
#define BENCH_XSTR(x) BENCH_STR(x)

#define BENCH_HEAD \
	"Status: 200 OK\r\n" \
	"Content-Type: application/json; charset=utf-8\r\n" \
	"Content-Length: " BENCH_XSTR(BENCH_BODY_LEN) "\r\n" \
	"Cache-Control: no-store\r\n" \
	"X-Content-Type-Options: nosniff\r\n" \
	"\r\n"

#define BENCH_BODY \
	"{\"token\":\"007eJxTYHj1+9Sl66e+H/xdeUro/Z/46XNLGTY2l8Q0PHK3s9nA91pYgcHA0M" \
	"jYxNTM3MIyMSk5JTUNnW+7SCRbgI+BgbP3EhMjAyMDCxCD+ExgkhlMsoBJXoak1LzkDN3k" \
	"jMS8vNQcLgYjCwugWYZG5sYAS6ommA==\"," \
	"\"format\":\"007\",\"app\":\"bench\"," \
	"\"app_id\":\"0123456789abcdef0123456789abcdef\"," \
	"\"issued_at\":1796514365,\"expires_at\":1796517965,\"expire\":3600," \
	"\"channel\":\"bench-channel\",\"uid\":2882341273,\"role\":\"publisher\"}\n"

_Static_assert(sizeof BENCH_BODY - 1 == BENCH_BODY_LEN,
    "Content-Length is the body's length");

#endif
