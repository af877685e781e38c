/* SPDX-License-Identifier: MIT */
/*
 * trivial-cgi.c - the baseline of tools/bench-http's CGI rows: a plain C
 * CGI program that writes the answer of bench-answer.h (the headers and
 * the size of agora-token.fcgi's answer to the bench's request) and does
 * nothing else.  Run the way ours runs (by the same Apache mod_cgid
 * config, or spawned directly with the same environment), it shows what
 * starting a process costs by itself: exec, the C library's dynamic
 * linking, exit.  Built again as trivial-cgi-libs, linked against the
 * shared libraries ours loads, it shows what loading them adds.
 */
#include "config.h"

#include <stdio.h>

#include "bench-answer.h"

static const char answer[] = BENCH_HEAD BENCH_BODY;

int main(void)
{
	return fwrite(answer, 1, sizeof answer - 1, stdout) == sizeof answer - 1 &&
	    fflush(stdout) == 0 ? 0 : 1;
}
