/* SPDX-License-Identifier: MIT */
/*
 * rsp-bench.c - the responder's per-request CPU, in process: runs
 * rsp_handle (handle.c) N times on the request tools/bench-http sends
 * (GET /v1/rtc?channel=bench-channel&uid=2882341273&role=publisher, one
 * app, auth none), with the FastCGI parameters lighttpd passes for it and
 * a write callback that copies into memory as FCGX_PutStr does, and prints
 * microseconds per request.  No web server, socket or FastCGI framing: what
 * is left is the responder's own work, the token build included, which is
 * what `perf record` or callgrind on this program show.  Each answer to
 * the benchmark request is checked to be a 200 with a 007 token, so a
 * broken build is not timed; --method/--script/--query time another
 * request (e.g. --script /healthz --query '', which builds no token).
 * The machine may be shared: the best of ten batches is printed with the
 * mean, and callgrind's instruction counts are the steadier measure:
 *   libtool --mode=execute valgrind --tool=callgrind tests/perf/rsp-bench -n 2000
 *
 * Usage: tests/perf/rsp-bench [-n N] [--getparam] [--dump]
 *                             [--method M] [--script PATH] [--query Q]
 *   --getparam  look parameters up with libfcgi's FCGX_GetParam (one scan
 *               of the environment per name) instead of the responder's
 *               one-pass index, to compare the two
 *   --dump      print one response and exit
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "responder/responder.h"

struct bench_io {
	char **envp;
	int getparam;
	struct rsp_envidx idx;
	char out[8192];
	size_t used;
};

static const char *b_getenv(void *ctx, const char *name)
{
	struct bench_io *b = ctx;

	if (b->getparam)
		return FCGX_GetParam(name, b->envp);
	return rsp_envidx_get(&b->idx, name);
}

static long b_read(void *ctx, char *buf, size_t n)
{
	(void)ctx; (void)buf; (void)n;
	return 0;
}

static int b_write(void *ctx, const char *buf, size_t n)
{
	struct bench_io *b = ctx;

	if (n > sizeof b->out - b->used)
		return -1;
	memcpy(b->out + b->used, buf, n);
	b->used += n;
	return 0;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int load_config(struct rsp_config *cfg)
{
	char path[] = "/tmp/rsp-bench-XXXXXX";
	static const char text[] =
	    "{\"apps\": [ {\"name\": \"bench\", "
	    "\"app_id\": \"970ca35de60c44645bbae8a215061b33\", "
	    "\"certificate\": \"5cfd2fd1755d40ecb72977518be15d3b\"} ],\n"
	    " \"auth\": {\"mode\": \"none\"}}\n";
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, text, sizeof text - 1) !=
	    (ssize_t)(sizeof text - 1)) {
		perror("rsp-bench: config");
		return -1;
	}
	close(fd);
	setenv("AGORA_TOKEN_CONFIG", path, 1);
	rsp_config_load(cfg);
	unlink(path);
	if (!cfg->ok) {
		fprintf(stderr, "rsp-bench: config: %s\n", cfg->error);
		return -1;
	}
	return 0;
}

static void quiet(void *arg, const char *line, size_t len)
{
	(void)arg; (void)line; (void)len;
}

int main(int argc, char **argv)
{
	static struct bench_io b;
	struct rsp_config cfg;
	struct rsp_ctx ctx;
	struct rsp_io io;
	const char *method = "GET", *script = "/v1/rtc";
	const char *query = "channel=bench-channel&uid=2882341273&role=publisher";
	long n = 20000, i;
	int dump = 0, custom = 0, expect_token;
	char e_method[64], e_script[300], e_uri[1400], e_query[1100];
	char e_file[320];
	double t0, t1, tb, best;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			n = atol(argv[++i]);
		else if (strcmp(argv[i], "--getparam") == 0)
			b.getparam = 1;
		else if (strcmp(argv[i], "--dump") == 0)
			dump = 1;
		else if (strcmp(argv[i], "--method") == 0 && i + 1 < argc)
			method = argv[++i], custom = 1;
		else if (strcmp(argv[i], "--script") == 0 && i + 1 < argc)
			script = argv[++i], custom = 1;
		else if (strcmp(argv[i], "--query") == 0 && i + 1 < argc)
			query = argv[++i], custom = 1;
		else {
			fprintf(stderr, "usage: rsp-bench [-n N] [--getparam] "
			    "[--dump] [--method M] [--script PATH] [--query Q]\n");
			return 2;
		}
	}
	if (n < 1 || strlen(method) > 40 || strlen(script) > 256 ||
	    strlen(query) > 1024) {
		fprintf(stderr, "rsp-bench: bad arguments\n");
		return 2;
	}
	/* The benchmark request must get its token; others just an answer. */
	expect_token = !custom;
	snprintf(e_method, sizeof e_method, "REQUEST_METHOD=%s", method);
	snprintf(e_script, sizeof e_script, "SCRIPT_NAME=%s", script);
	snprintf(e_file, sizeof e_file, "SCRIPT_FILENAME=/tmp/www%s", script);
	snprintf(e_uri, sizeof e_uri, "REQUEST_URI=%s%s%s", script,
	    *query ? "?" : "", query);
	snprintf(e_query, sizeof e_query, "QUERY_STRING=%s", query);
	{
		/* What lighttpd 1.4 passes for this request under
		 * fastcgi.server "/v1/" with check-local disabled (no
		 * PATH_INFO: the route is in SCRIPT_NAME), in its order. */
		static char *envp[32];
		size_t k = 0;

		envp[k++] = "CONTENT_LENGTH=0";
		envp[k++] = "SERVER_SOFTWARE=lighttpd/1.4.69";
		envp[k++] = "SERVER_NAME=127.0.0.1";
		envp[k++] = "GATEWAY_INTERFACE=CGI/1.1";
		envp[k++] = "REQUEST_SCHEME=http";
		envp[k++] = "SERVER_PORT=41234";
		envp[k++] = "SERVER_ADDR=127.0.0.1";
		envp[k++] = "REMOTE_PORT=52344";
		envp[k++] = "REMOTE_ADDR=127.0.0.1";
		envp[k++] = e_script;
		envp[k++] = e_file;
		envp[k++] = "DOCUMENT_ROOT=/tmp/www";
		envp[k++] = e_uri;
		envp[k++] = e_query;
		envp[k++] = e_method;
		envp[k++] = "REDIRECT_STATUS=200";
		envp[k++] = "SERVER_PROTOCOL=HTTP/1.1";
		envp[k++] = "HTTP_HOST=127.0.0.1:41234";
		envp[k] = NULL;
		b.envp = envp;
	}
	if (load_config(&cfg) != 0)
		return 1;
	if (rsp_ctx_init(&ctx) != 0) {
		fprintf(stderr, "rsp-bench: out of memory\n");
		return 1;
	}
	rsp_ctx_set_log(&ctx, quiet, NULL);
	io.ctx = &b;
	io.getenv = b_getenv;
	io.read = b_read;
	io.write = b_write;
	/* A tenth to warm up, then ten batches: the machine is shared, so
	 * the fastest batch is the steadier figure, the mean the honest one. */
	t0 = tb = 0;
	best = -1;
	for (i = -n / 10 - 1; i < n; i++) {
		if (i == 0)
			t0 = tb = now_us();
		if (i > 0 && n >= 10 && i % (n / 10) == 0) {
			double t = now_us(), per = (t - tb) / (double)(n / 10);
			if (best < 0 || per < best)
				best = per;
			tb = t;
		}
		b.used = 0;
		if (!b.getparam)
			rsp_envidx_fill(&b.idx, b.envp);
		rsp_handle(&ctx, &io, &cfg, 1);
		if (dump) {
			fwrite(b.out, 1, b.used, stdout);
			break;
		}
		if (b.used < 8 || memcmp(b.out, "Status: ", 8) != 0 ||
		    (expect_token && (b.used < 16 ||
		    memcmp(b.out, "Status: 200 OK\r\n", 16) != 0 ||
		    memmem(b.out, b.used, "\"token\":\"007", 12) == NULL))) {
			fprintf(stderr, "rsp-bench: unexpected response:\n%.*s\n",
			    (int)b.used, b.out);
			rsp_ctx_free(&ctx);
			rsp_config_free(&cfg);
			return 1;
		}
	}
	t1 = now_us();
	if (!dump)
		printf("%ld requests: %.2f us/request, best tenth %.2f (%s)\n",
		    n, (t1 - t0) / (double)n, best,
		    b.getparam ? "FCGX_GetParam" : "rsp_envidx");
	rsp_ctx_free(&ctx);
	rsp_config_free(&cfg);
	agt_thread_cleanup();
	return 0;
}
