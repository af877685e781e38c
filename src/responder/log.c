/* SPDX-License-Identifier: MIT */
/*
 * log.c - one-line log messages for the server's error log.
 *
 * Outside a request (start-up, configuration) lines go to stderr, which the
 * web server or process manager connects to its error log.  During a
 * FastCGI request the main loop redirects them to the request's FCGI_STDERR
 * stream, so the server files them with the request.  Lines never hold a
 * certificate: callers pass names, ids and library error texts only.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "responder.h"

static rsp_log_sink cur_sink;
static void *cur_ctx;

void rsp_log_set_sink(rsp_log_sink sink, void *ctx)
{
	cur_sink = sink;
	cur_ctx = ctx;
}

static const char *level_name(enum rsp_level lvl)
{
	switch (lvl) {
	case RSP_LOG_ERROR:
		return "error";
	case RSP_LOG_WARN:
		return "warning";
	case RSP_LOG_INFO:
		return "info";
	default:
		return "log";
	}
}

void rsp_log(enum rsp_level lvl, const char *fmt, ...)
{
	char line[1024];
	int n, m;
	size_t len, i;
	va_list ap;

	n = snprintf(line, sizeof line, "agora-token.fcgi[%ld]: %s: ",
	    (long)getpid(), level_name(lvl));
	if (n < 0)
		return;
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	len = strlen(line);
	/* One entry per line: fold anything that would start a new one. */
	for (i = 0; i < len; i++)
		if (line[i] == '\n' || line[i] == '\r')
			line[i] = ' ';
	line[len++] = '\n';
	if (cur_sink != NULL) {
		cur_sink(cur_ctx, line, len);
		return;
	}
	fwrite(line, 1, len, stderr);
	fflush(stderr);
}
