/* SPDX-License-Identifier: MIT */
/*
 * trivial-cgi.c - the baseline of tools/bench-http's CGI rows: a plain C
 * CGI program that writes the same headers and a 200-byte JSON body like
 * the one agora-token.fcgi sends with a token, and does nothing else.  Run
 * the way ours runs (by the same Apache mod_cgid config, or spawned
 * directly with the same environment), it shows what starting a process
 * costs by itself: exec, the C library's dynamic linking, exit.
 */
#include "config.h"

#include <stdio.h>

static const char answer[] =
    "Status: 200 OK\r\n"
    "Content-Type: application/json; charset=utf-8\r\n"
    "Content-Length: 200\r\n"
    "Cache-Control: no-store\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "\r\n"
    "{\"token\":\"007eJxTYNDbv0np59bK4tAZF65+/OtTEfGTdcK6O9fmW/yaYvab+7GWA"
    "oOluYGzo7FpSqqZQbKJiZmJaVJSYqpFopGhqYGZYZKxcVoRV7YAHwMD//uPrIwMjAQsQA"
    "\",\"format\":\"007\","
    "\"issued_at\":1795846758,\"expires_at\":1795850358}\n";

int main(void)
{
	return fwrite(answer, 1, sizeof answer - 1, stdout) == sizeof answer - 1 &&
	    fflush(stdout) == 0 ? 0 : 1;
}
