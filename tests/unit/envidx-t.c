/* SPDX-License-Identifier: MIT */
/*
 * envidx-t.c - the responder finds a FastCGI request's parameters in one
 * pass over its environment (rsp_envidx, request.c) instead of calling
 * libfcgi's FCGX_GetParam once per name, for speed; this test holds it to
 * FCGX_GetParam's answers.  Random environments mix the names the
 * responder asks for with near misses (a prefix, a longer name, other
 * case), repeated names (the first one counts), entries without '=',
 * empty values and values holding '='; every indexed name and a few
 * others are then looked up both ways.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <fcgiapp.h>

#include "responder/responder.h"
#include "tap/tap.h"
#include "tap/testrand.h"

static unsigned long long rng = 0x2545f4914f6cdd1dULL;

static unsigned rnd(unsigned n)
{
	return test_rand_below(&rng, n);
}

static const char *const names[] = {
	"REQUEST_METHOD", "PATH_INFO", "SCRIPT_NAME", "REQUEST_URI",
	"QUERY_STRING", "CONTENT_TYPE", "CONTENT_LENGTH", "HTTP_ORIGIN",
	"REMOTE_USER", "HTTP_AUTHORIZATION", "HTTP_TRANSFER_ENCODING",
	"HTTP_ACCESS_CONTROL_REQUEST_METHOD",
	/* not indexed, and near misses */
	"SERVER_NAME", "HTTP_HOST", "PATH_INF", "PATH_INFOX", "path_info",
	"REQUEST_METHOD_", "CONTENT", "HTTP_ORIGIN2", "REMOTE_USE", "",
};
#define NNAMES (sizeof names / sizeof names[0])

int main(void)
{
	static char text[64][96];
	char *envp[65];
	int round, bad = 0, hits = 0;

	plan(3);
	for (round = 0; round < 5000; round++) {
		struct rsp_envidx x;
		unsigned n = rnd(64), i;

		for (i = 0; i < n; i++) {
			const char *nm = names[rnd(NNAMES)];
			switch (rnd(8)) {
			case 0:   /* no '=' at all */
				snprintf(text[i], sizeof text[i], "%s", nm);
				break;
			case 1:
				snprintf(text[i], sizeof text[i], "%s=", nm);
				break;
			case 2:
				snprintf(text[i], sizeof text[i], "%s=a=b%u", nm, i);
				break;
			default:
				snprintf(text[i], sizeof text[i], "%s=v%u", nm, i);
				break;
			}
			envp[i] = text[i];
		}
		envp[n] = NULL;
		rsp_envidx_fill(&x, envp);
		for (i = 0; i < NNAMES; i++) {
			const char *want = FCGX_GetParam(names[i], envp);
			const char *got = rsp_envidx_get(&x, names[i]);
			char copy[64];

			if (want != got)
				bad++;
			hits += want != NULL;
			/* A name in other storage than the table's literal. */
			snprintf(copy, sizeof copy, "%s", names[i]);
			if (rsp_envidx_get(&x, copy) != want)
				bad++;
		}
	}
	is_int(0, bad, "5000 random environments: every lookup as FCGX_GetParam");
	ok(hits > 10000, "the lookups found values (%d)", hits);
	{
		struct rsp_envidx x;

		rsp_envidx_fill(&x, NULL);
		ok(rsp_envidx_get(&x, "PATH_INFO") == NULL &&
		    rsp_envidx_get(&x, "OTHER") == NULL, "no environment");
	}
	return 0;
}
