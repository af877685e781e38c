/* SPDX-License-Identifier: MIT */
/* tap.c - a minimal TAP producer: numbered ok/not ok lines, a plan, and
 * diagnostics that show wanted versus got on failure. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static int tap_count;
static int tap_failed;
static int tap_lazy;

static void tap_at_exit(void)
{
	if (tap_lazy)
		printf("1..%d\n", tap_count);
	fflush(stdout);
}

void plan(int n)
{
	printf("1..%d\n", n);
	fflush(stdout);
}

void plan_lazy(void)
{
	tap_lazy = 1;
	atexit(tap_at_exit);
}

static int report(int cond, const char *fmt, va_list ap)
{
	tap_count++;
	printf("%sok %d - ", cond ? "" : "not ", tap_count);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	if (!cond)
		tap_failed++;
	return cond;
}

int ok(int cond, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(cond, fmt, ap);
	va_end(ap);
	return cond;
}

int is_int(long long want, long long got, const char *fmt, ...)
{
	va_list ap;
	int cond = want == got;
	va_start(ap, fmt);
	report(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		diag("wanted: %lld\n#      got: %lld", want, got);
	return cond;
}

int is_str(const char *want, const char *got, const char *fmt, ...)
{
	va_list ap;
	int cond = (want == NULL && got == NULL) ||
	    (want != NULL && got != NULL && strcmp(want, got) == 0);
	va_start(ap, fmt);
	report(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		diag("wanted: %s\n#      got: %s", want ? want : "(null)",
		    got ? got : "(null)");
	return cond;
}

int is_mem(const void *want, size_t wantlen, const void *got, size_t gotlen,
    const char *fmt, ...)
{
	va_list ap;
	int cond = wantlen == gotlen && (wantlen == 0 || memcmp(want, got, wantlen) == 0);
	va_start(ap, fmt);
	report(cond, fmt, ap);
	va_end(ap);
	if (!cond)
		diag("byte strings differ (wanted %zu bytes, got %zu)", wantlen, gotlen);
	return cond;
}

void skip(const char *reason, ...)
{
	va_list ap;
	tap_count++;
	printf("ok %d # skip ", tap_count);
	va_start(ap, reason);
	vprintf(reason, ap);
	va_end(ap);
	putchar('\n');
}

void skip_all(const char *reason, ...)
{
	va_list ap;
	printf("1..0 # skip ");
	va_start(ap, reason);
	vprintf(reason, ap);
	va_end(ap);
	putchar('\n');
	exit(0);
}

void diag(const char *fmt, ...)
{
	va_list ap;
	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

void bail(const char *fmt, ...)
{
	va_list ap;
	fputs("Bail out! ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	exit(255);
}

char *test_srcpath(const char *rel)
{
	const char *top = getenv("top_srcdir");
	size_t n;
	char *p;

	if (top == NULL || *top == '\0')
		top = ".";
	n = strlen(top) + strlen(rel) + 2;
	p = malloc(n);
	if (p == NULL)
		bail("out of memory");
	snprintf(p, n, "%s/%s", top, rel);
	return p;
}
