/* SPDX-License-Identifier: MIT */
/*
 * log.c - one-line log messages for the server's error log.
 *
 * Lines of the process (start-up, configuration) go to stderr, which the
 * web server or process manager connects to its error log.  Lines of a
 * request go to that request's sink (struct rsp_ctx): during a FastCGI
 * request the main loop points it at the request's FCGI_STDERR stream, so
 * the server files them with the request; without a sink they go to
 * stderr too.  Lines never hold a certificate: callers pass names, ids
 * and library error texts only.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "responder.h"

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

/* Formats one line (newline included) and hands it to sink, or to stderr
 * when sink is NULL. */
static void emit(rsp_log_sink sink, void *arg, enum rsp_level lvl,
    const char *fmt, va_list ap) RSP_PRINTF(4, 0);

static void emit(rsp_log_sink sink, void *arg, enum rsp_level lvl,
    const char *fmt, va_list ap)
{
	char line[1024];
	int n, m;
	size_t len, i;

	n = snprintf(line, sizeof line, "agora-token.fcgi[%ld]: %s: ",
	    (long)getpid(), level_name(lvl));
	if (n < 0)
		return;
	m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	if (m < 0)
		return;
	len = strlen(line);
	/* One entry per line: fold anything that would start a new one. */
	for (i = 0; i < len; i++)
		if (line[i] == '\n' || line[i] == '\r')
			line[i] = ' ';
	line[len++] = '\n';
	if (sink != NULL) {
		sink(arg, line, len);
		return;
	}
	fwrite(line, 1, len, stderr);
	fflush(stderr);
}

void rsp_log(enum rsp_level lvl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(NULL, NULL, lvl, fmt, ap);
	va_end(ap);
}

void rsp_log_req(const struct rsp_request *r, enum rsp_level lvl,
    const char *fmt, ...)
{
	const struct rsp_ctx *c = r->ctx;
	va_list ap;

	va_start(ap, fmt);
	emit(c != NULL ? c->log_sink : NULL, c != NULL ? c->log_arg : NULL,
	    lvl, fmt, ap);
	va_end(ap);
}
