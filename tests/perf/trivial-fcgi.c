/* SPDX-License-Identifier: MIT */
/*
 * trivial-fcgi.c - the baseline of tools/bench-http: a libfcgi responder
 * that answers every request with the answer of bench-answer.h (the
 * headers and the size of our responder's answer to the bench's request),
 * doing no other work.  Served behind the same web server config and
 * process count as agora-token.fcgi, it shows what the server, FastCGI
 * and the loopback cost by themselves.
 *
 * For calibration (tools/bench-http --calibrate) it can also burn a fixed
 * amount of CPU per request: AGT_TRIVIAL_SPIN_NS=N runs a loop calibrated
 * at start to take N nanoseconds on a warm core.  That shows how much work
 * per request a responder can add before its throughput falls to a given
 * share of the trivial one, on the machine at hand.
 *
 * AGT_TRIVIAL_PLAIN_CLOSE=1 makes it close each connection as our
 * responder does once a request's input is read to its end (fcgi_main.c):
 * plainly, without libfcgi's lingering close.  tools/bench-http measures
 * it too, so ours is also compared like for like.
 */
#include "config.h"

#include <fcgiapp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench-answer.h"

static const char answer[] = BENCH_HEAD BENCH_BODY;

/* A chain of dependent multiply-adds the compiler cannot drop. */
static uint64_t spin(uint64_t rounds)
{
	uint64_t x = rounds;

	while (rounds-- > 0) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		__asm__ volatile("" : "+r"(x));
	}
	return x;
}

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* Loop rounds per nanosecond: the best of several timed runs, so a
 * preempted run does not count. */
static double spin_rate(void)
{
	double best = 0;
	int i;

	for (i = 0; i < 7; i++) {
		double t0 = now_ns(), dt;

		spin(2000000);
		dt = now_ns() - t0;
		if (dt > 0 && 2000000 / dt > best)
			best = 2000000 / dt;
	}
	return best;
}

int main(void)
{
	FCGX_Request req;
	const char *spin_env = getenv("AGT_TRIVIAL_SPIN_NS");
	const char *close_env = getenv("AGT_TRIVIAL_PLAIN_CLOSE");
	int plain_close = close_env != NULL && strcmp(close_env, "1") == 0;
	uint64_t rounds = 0;

	if (spin_env != NULL && *spin_env != '\0')
		rounds = (uint64_t)(strtod(spin_env, NULL) * spin_rate());
	if (FCGX_Init() != 0 || FCGX_InitRequest(&req, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&req) >= 0) {
		if (rounds != 0)
			spin(rounds);
		FCGX_PutStr(answer, (int)(sizeof answer - 1), req.out);
		/* The benchmark's GET has no body: its input is read once the
		 * end of FCGI_STDIN is. */
		if (plain_close && FCGX_GetChar(req.in) == EOF &&
		    FCGX_GetError(req.in) == 0)
			FCGX_Detach(&req);
		FCGX_Finish_r(&req);
	}
	return 0;
}
