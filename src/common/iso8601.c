/* SPDX-License-Identifier: MIT */
/*
 * iso8601.c - the one time format of the programs' output: ISO 8601 in
 * UTC to the second, as "2021-02-23T03:05:14Z".
 */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "common.h"

const char *iso8601_utc(uint64_t t, char buf[32])
{
	struct tm tm;
	time_t tt = (time_t)t;

	if ((uint64_t)tt != t || gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, 32, "%llu", (unsigned long long)t);
	return buf;
}
