/* SPDX-License-Identifier: MIT */
/*
 * trivial-cgi.c - the baseline of tools/bench-http's CGI rows: a plain C
 * CGI program that writes the same headers and a fixed JSON body of the
 * same fields and size (372 bytes) as agora-token.fcgi's answer to the
 * bench's GET /v1/rtc?channel=bench-channel&uid=2882341273&role=publisher,
 * and does nothing else.  Run the way ours runs (by the same Apache
 * mod_cgid config, or spawned directly with the same environment), it
 * shows what starting a process costs by itself: exec, the C library's
 * dynamic linking, exit.  Built again as trivial-cgi-libs, linked against
 * the shared libraries ours loads, it shows what loading them adds.
 */
#include "config.h"

#include <stdio.h>

static const char answer[] =
    "Status: 200 OK\r\n"
    "Content-Type: application/json; charset=utf-8\r\n"
    "Content-Length: 372\r\n"
    "Cache-Control: no-store\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "\r\n"
    "{\"token\":\"007eJxTYHj1+9Sl66e+H/xdeUro/Z/46XNLGTY2l8Q0PHK3s9nA91pYgcHA0M"
    "jYxNTM3MIyMSk5JTUNnW+7SCRbgI+BgbP3EhMjAyMDCxCD+ExgkhlMsoBJXoak1LzkDN3k"
    "jMS8vNQcLgYjCwugWYZG5sYAS6ommA==\","
    "\"format\":\"007\",\"app\":\"bench\","
    "\"app_id\":\"0123456789abcdef0123456789abcdef\","
    "\"issued_at\":1796514365,\"expires_at\":1796517965,\"expire\":3600,"
    "\"channel\":\"bench-channel\",\"uid\":2882341273,\"role\":\"publisher\"}\n";

int main(void)
{
	return fwrite(answer, 1, sizeof answer - 1, stdout) == sizeof answer - 1 &&
	    fflush(stdout) == 0 ? 0 : 1;
}
