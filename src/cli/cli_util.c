/* SPDX-License-Identifier: MIT */
/*
 * cli_util.c - the tool's small services: allocation that dies on failure
 * (a program may; the library may not), messages and exits, strict number
 * parsing of flag values, reading tokens from arguments or stdin, and the
 * current time.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static CLI_NORETURN void oom(void)
{
	fputs(CLI_NAME ": out of memory\n", stderr);
	exit(CLI_EXIT_INTERNAL);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom();
	return q;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		oom();
	return xrealloc(p, n * size);
}

char *xmemdup(const void *p, size_t n)
{
	char *q;

	if (n == SIZE_MAX)
		oom();
	q = xmalloc(n + 1);
	if (n > 0)
		memcpy(q, p, n);
	q[n] = '\0';
	return q;
}

static void vmsg(const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs(CLI_NAME ": ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	exit(code);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

int cli_exit_for(enum agt_err err)
{
	switch (err) {
	case AGT_ENOMEM:
	case AGT_ERANDOM:
	case AGT_ECRYPTO:
	case AGT_EINVAL: /* a NULL argument or short struct: our bug */
		return CLI_EXIT_INTERNAL;
	default:
		return CLI_EXIT_INPUT;
	}
}

void cli_die_lib(enum agt_err err, const char *what)
{
	cli_die(cli_exit_for(err), "%s: %s (%s)", what, agt_strerror(err),
	    agt_errname(err));
}

uint64_t cli_parse_uint(const char *flag, const char *s, uint64_t max)
{
	uint64_t v = 0;
	const char *p;
	int over = 0;

	if (*s == '\0')
		cli_die(CLI_EXIT_USAGE, "%s: the value is empty, expected a number 0..%llu",
		    flag, (unsigned long long)max);
	for (p = s; *p != '\0'; p++) {
		unsigned d;

		if (*p < '0' || *p > '9') {
			if (*p == '-' && p == s && p[1] >= '0' && p[1] <= '9')
				cli_die(CLI_EXIT_USAGE,
				    "%s: %s is out of range 0..%llu", flag, s,
				    (unsigned long long)max);
			cli_die(CLI_EXIT_USAGE, "%s: \"%s\" is not a number "
			    "(expected decimal digits 0..%llu)", flag, s,
			    (unsigned long long)max);
		}
		d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10U)
			over = 1;
		else
			v = v * 10U + d;
	}
	if (over || v > max)
		cli_die(CLI_EXIT_USAGE, "%s: %s is out of range 0..%llu", flag, s,
		    (unsigned long long)max);
	return v;
}

uint32_t cli_parse_u32(const char *flag, const char *s)
{
	return (uint32_t)cli_parse_uint(flag, s, UINT32_MAX);
}

long long cli_parse_int(const char *flag, const char *s, long long min,
    long long max)
{
	const char *digits = s;
	int neg = 0;
	uint64_t mag;
	int bad = 0;

	if (*digits == '-') {
		neg = 1;
		digits++;
	}
	if (*digits == '\0')
		bad = 1;
	for (const char *p = digits; !bad && *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			bad = 1;
	if (bad)
		cli_die(CLI_EXIT_USAGE, "%s: \"%s\" is not a number (expected %lld..%lld)",
		    flag, s, min, max);
	mag = 0;
	for (const char *p = digits; *p != '\0'; p++) {
		if (mag > 1000000000000000000ULL) {
			mag = UINT64_MAX;
			break;
		}
		mag = mag * 10U + (unsigned)(*p - '0');
	}
	if (neg) {
		if (min >= 0 || mag > (uint64_t)(-(min + 1)) + 1U)
			goto range;
		return mag == 0 ? 0 : -(long long)(mag - 1U) - 1;
	}
	if (max < 0 || mag > (uint64_t)max)
		goto range;
	if ((long long)mag < min)
		goto range;
	return (long long)mag;
range:
	cli_die(CLI_EXIT_USAGE, "%s: %s is out of range %lld..%lld", flag, s, min,
	    max);
}

struct agt_str cli_str_arg(const char *flag, const char *s)
{
	struct agt_str r;

	r.p = s;
	r.n = strlen(s);
	if (r.n > AGT_STRING_MAX)
		cli_die(CLI_EXIT_USAGE, "%s: %zu bytes is longer than the %u a token "
		    "can hold", flag, r.n, AGT_STRING_MAX);
	return r;
}

char *cli_read_stream(FILE *f, const char *name, size_t max, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap + 1);

	for (;;) {
		size_t got;

		if (n == cap) {
			if (cap > max)
				cli_die(CLI_EXIT_INPUT, "%s: input is larger than %zu bytes",
				    name, max);
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		cli_die(CLI_EXIT_INTERNAL, "%s: read error: %s", name, strerror(errno));
	if (n > max)
		cli_die(CLI_EXIT_INPUT, "%s: input is larger than %zu bytes", name, max);
	buf[n] = '\0';
	*len = n;
	return buf;
}

char *cli_token_arg(const char *arg, size_t *len)
{
	char *buf;
	size_t n, start = 0;

	if (strcmp(arg, "-") == 0) {
		buf = cli_read_stream(stdin, "stdin", AGT_PARSE_TEXT_MAX + 1024U, &n);
	} else {
		n = strlen(arg);
		buf = xmemdup(arg, n);
	}
	/* Copy-and-paste adds spaces and newlines; a token holds none. */
	while (n > 0 && isspace((unsigned char)buf[n - 1]))
		n--;
	while (start < n && isspace((unsigned char)buf[start]))
		start++;
	memmove(buf, buf + start, n - start);
	n -= start;
	buf[n] = '\0';
	*len = n;
	return buf;
}

uint32_t cli_now(void)
{
	time_t t = time(NULL);

	if (t < 0)
		return 0;
	if ((unsigned long long)t > UINT32_MAX)
		return UINT32_MAX;
	return (uint32_t)t;
}
