/* SPDX-License-Identifier: MIT */
/*
 * trivial-fcgi.c - the baseline of tools/bench-http: a libfcgi responder
 * that answers every request with the same 200-byte JSON body and the
 * headers our responder sends with a token, doing no other work.  Served
 * behind the same web server config and process count as agora-token.fcgi,
 * it shows what the server, FastCGI and the loopback cost by themselves.
 */
#include "config.h"

#include <fcgiapp.h>
#include <string.h>

/* 200 bytes, about the size of a token response. */
static const char body[] =
    "{\"token\":\"007eJxTYNDbv0np59bK4tAZF65+/OtTEfGTdcK6O9fmW/yaYvab+7GWA"
    "oOluYGzo7FpSqqZQbKJiZmJaVJSYqpFopGhqYGZYZKxcVoRV7YAHwMD//uPrIwMjAQsQA"
    "\",\"format\":\"007\","
    "\"issued_at\":1795846758,\"expires_at\":1795850358}\n";

static const char head[] =
    "Status: 200 OK\r\n"
    "Content-Type: application/json; charset=utf-8\r\n"
    "Content-Length: 200\r\n"
    "Cache-Control: no-store\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "\r\n";

int main(void)
{
	FCGX_Request req;

	_Static_assert(sizeof body - 1 == 200, "the body is 200 bytes");
	if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&req) >= 0) {
		FCGX_PutStr(head, (int)(sizeof head - 1), req.out);
		FCGX_PutStr(body, (int)(sizeof body - 1), req.out);
		FCGX_Finish_r(&req);
	}
	return 0;
}
