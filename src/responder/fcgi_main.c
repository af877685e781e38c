/* SPDX-License-Identifier: MIT */
/*
 * fcgi_main.c - agora-token.fcgi: the process and its modes; each request
 * goes to rsp_handle (handle.c).
 *
 * One binary, four ways to run: plain CGI (stdin is no listening socket: one
 * request from the environment and stdin, then exit), FastCGI spawned by
 * the web server (fd 0 is the listening socket), FastCGI on a socket we
 * open ourselves (--socket PATH or HOST:PORT, for a process manager) and
 * FastCGI on the socket systemd passes (socket activation, sd_listen.c).  The
 * configuration is loaded once per process, and so is the memory each
 * request borrows in turn (struct rsp_ctx, arena.c), wiped after each.
 * SIGTERM/SIGINT end
 * the process cleanly: a request in flight is finished, and the
 * connections already queued on the socket are answered (for at most
 * DRAIN_SECONDS) before the process exits.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "responder.h"

/* ---- CGI ---- */

/* A web server that spawns a FastCGI program gives it the listening
 * socket as descriptor 0, which has no peer: that is FastCGI.  Anything
 * else (a pipe, a file, a connected socket) is plain CGI.  This is
 * libfcgi's own test (FCGX_IsCGI), without FCGX_Init: plain CGI needs
 * none of libfcgi, and FCGX_Init's signal handlers and allocations are
 * start-up cost in every CGI process. */
static int stdin_is_listener(void)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof sa;

	return getpeername(STDIN_FILENO, (struct sockaddr *)&sa, &len) != 0 &&
	    errno == ENOTCONN;
}

static const char *cgi_getenv(void *ctx, const char *name)
{
	(void)ctx;
	return getenv(name);
}

/* Body bytes the request has read from stdin (CGI). */
static size_t cgi_body_read;

static long cgi_read(void *ctx, char *buf, size_t n)
{
	ssize_t r;

	(void)ctx;
	do
		r = read(STDIN_FILENO, buf, n);
	while (r < 0 && errno == EINTR);
	if (r > 0)
		cgi_body_read += (size_t)r;
	return (long)r;
}

/* After answering without reading the body (413 and other early errors),
 * a CGI that exits at once makes the web server fail writing the body into
 * the closed pipe, and some then drop the answer.  So, with the answer
 * already sent and stdout closed, read and discard what the client keeps
 * sending: at most CGI_DRAIN_MAX bytes, and only while data arrives within
 * CGI_DRAIN_IDLE_MS -- a stalled or huge body is not waited for. */
#define CGI_DRAIN_MAX (1024UL * 1024UL)
#define CGI_DRAIN_IDLE_MS 250
static void cgi_drain_body(void)
{
	size_t declared;
	char buf[4096];
	unsigned long drained = 0;

	if (rsp_parse_content_length(getenv("CONTENT_LENGTH"), &declared) != 0 ||
	    declared <= cgi_body_read || declared - cgi_body_read > CGI_DRAIN_MAX)
		return;
	close(STDOUT_FILENO);
	while (drained < CGI_DRAIN_MAX) {
		struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };
		ssize_t r;

		if (poll(&pfd, 1, CGI_DRAIN_IDLE_MS) <= 0)
			break;
		r = read(STDIN_FILENO, buf, sizeof buf);
		if (r <= 0)
			break;
		drained += (unsigned long)r;
	}
}

static int cgi_write(void *ctx, const char *buf, size_t n)
{
	(void)ctx;
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* ---- FastCGI ---- */

/* One FastCGI request: libfcgi's, and the index of its parameters, made
 * once per request so each lookup is not a scan of the whole environment
 * (FCGX_GetParam's way). */
struct fcgi_ctx {
	FCGX_Request req;
	struct rsp_envidx env;
	size_t body_read;   /* FCGI_STDIN bytes the request consumed */
	/* A body of unknown length, read ahead (read_ahead_body). */
	int ahead;          /* the request's body is in ahead_buf */
	int ahead_error;    /* reading it failed after ahead_len bytes */
	size_t ahead_len;
	char ahead_clen[24];   /* ahead_len as the request's CONTENT_LENGTH */
	/* At most one byte past the limit is read ahead: enough for the
	 * request to see a body over RSP_BODY_MAX and refuse it with 413. */
	char ahead_buf[RSP_BODY_MAX + 1];
};

static const char *fcgi_getenv(void *ctx, const char *name)
{
	struct fcgi_ctx *c = ctx;

	if (c->ahead && strcmp(name, "CONTENT_LENGTH") == 0)
		return c->ahead_clen;
	return rsp_envidx_get(&c->env, name);
}

static long fcgi_read(void *ctx, char *buf, size_t n)
{
	struct fcgi_ctx *c = ctx;
	FCGX_Request *req = &c->req;
	int want = n > 65536 ? 65536 : (int)n;
	int got;

	if (c->ahead) {
		size_t left = c->ahead_len - c->body_read;
		if (left == 0)
			return c->ahead_error ? -1 : 0;
		if (n > left)
			n = left;
		memcpy(buf, c->ahead_buf + c->body_read, n);
		c->body_read += n;
		return (long)n;
	}
	got = FCGX_GetStr(buf, want, req->in);
	if (got == 0 && FCGX_GetError(req->in) != 0)
		return -1;
	c->body_read += (size_t)got;
	return got;
}

/* A web server that relays a body without knowing its length says so with
 * CONTENT_LENGTH -1 (Caddy, for a body the client sends in chunks) or with
 * no CONTENT_LENGTH and a Transfer-Encoding.  FastCGI marks the end of the
 * body itself (an empty FCGI_STDIN record), so such a body is read ahead
 * to that end, at most RSP_BODY_MAX + 1 bytes, and the request then sees
 * its real length as CONTENT_LENGTH: the one rule for every body (the
 * 16 KiB limit judged on the declared length, then exactly that many
 * bytes read) holds unchanged. */
static int length_unknown(const struct fcgi_ctx *c)
{
	const char *cl = rsp_envidx_get(&c->env, "CONTENT_LENGTH");

	if (cl != NULL && strcmp(cl, "-1") == 0)
		return 1;
	return (cl == NULL || *cl == '\0') &&
	    rsp_envidx_get(&c->env, "HTTP_TRANSFER_ENCODING") != NULL;
}

static void read_ahead_body(struct fcgi_ctx *c)
{
	size_t len = 0;

	c->ahead = 0;
	c->ahead_error = 0;
	if (!length_unknown(c))
		return;
	while (len < sizeof c->ahead_buf) {
		size_t n = sizeof c->ahead_buf - len;
		int got = FCGX_GetStr(c->ahead_buf + len,
		    n > 65536 ? 65536 : (int)n, c->req.in);
		if (got <= 0) {
			c->ahead_error = FCGX_GetError(c->req.in) != 0;
			break;
		}
		len += (size_t)got;
	}
	c->ahead = 1;
	c->ahead_len = len;
	snprintf(c->ahead_clen, sizeof c->ahead_clen, "%lu",
	    (unsigned long)len);
}

static int fcgi_write(void *ctx, const char *buf, size_t n)
{
	FCGX_Request *req = &((struct fcgi_ctx *)ctx)->req;

	while (n > 0) {
		int chunk = n > 65536 ? 65536 : (int)n;
		if (FCGX_PutStr(buf, chunk, req->out) != chunk)
			return -1;
		buf += chunk;
		n -= (size_t)chunk;
	}
	return 0;
}

/* libfcgi ends a connection with a lingering close: it shuts down its
 * sending side, waits (up to 2 s at a time) for the web server to close
 * its end, and reads whatever still comes.  That keeps a TCP reset from
 * discarding the answer when input was left unread.  Once the request's
 * input has been read to the end of FCGI_STDIN, and the web server did not
 * ask to keep the connection, nothing more can come, so a plain close is
 * as safe and spares three system calls and a wait on the web server per
 * request (doc/PERFORMANCE.md has what it is worth).  The end is only
 * looked for when all that can still be owed is the web server's own
 * closing record -- the declared body was read in full and none is being
 * relayed in chunks -- so looking never waits on a client. */
static int input_fully_read(struct fcgi_ctx *c)
{
	size_t declared;

	if (c->req.keepConnection)
		return 0;
	if (rsp_parse_content_length(fcgi_getenv(c, "CONTENT_LENGTH"),
	    &declared) != 0 || declared != c->body_read)
		return 0;
	if (rsp_envidx_get(&c->env, "HTTP_TRANSFER_ENCODING") != NULL)
		return 0;
	return FCGX_GetChar(c->req.in) == EOF &&
	    FCGX_GetError(c->req.in) == 0;
}

/* During a request, log lines go to its FCGI_STDERR stream, which the web
 * server files in its error log next to the request. */
static void fcgi_err_sink(void *ctx, const char *line, size_t len)
{
	FCGX_Stream *err = ctx;

	FCGX_PutStr(line, (int)len, err);
	FCGX_FFlush(err);
}

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t waiting_in_accept;
/* The unix socket we created with --socket, removed when we stop. */
static const char *our_socket_path;
/* The listening socket and its file status flags, for the handler. */
static int listen_fd = -1;
static int listen_flags;

/* How long a stopping process keeps answering the connections queued on
 * its socket (a supervisor's kill timeout is usually longer). */
#define DRAIN_SECONDS 2

static void on_stop(int sig)
{
	int saved = errno;

	(void)sig;
	stop_requested = 1;
	/* Waiting for a connection: make accept() return at once, so the
	 * loop can answer the connections already queued and stop.  A
	 * blocked accept() is restarted (SA_RESTART) and, like one about to
	 * start, finds the socket non-blocking.  During a request only the
	 * flag is set: the request finishes first. */
	if (waiting_in_accept && listen_fd >= 0)
		(void)fcntl(listen_fd, F_SETFL, listen_flags | O_NONBLOCK);
	errno = saved;
}

static int install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	/* Restarted, a request's reads and writes are never cut short by
	 * EINTR, and no signal mask has to be switched around every
	 * request: that was two of its eleven system calls. */
	sa.sa_flags = SA_RESTART;
	if (sigaction(SIGTERM, &sa, NULL) != 0 ||
	    sigaction(SIGINT, &sa, NULL) != 0 ||
	    sigaction(SIGUSR1, &sa, NULL) != 0)
		return -1;
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

/* Seconds since t0, on the monotonic clock. */
static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Stopping: no new connections to a socket we made (its path goes), and
 * accept() no longer waits, so the loop answers what is already queued,
 * then ends. */
static void begin_drain(void)
{
	if (our_socket_path != NULL) {
		unlink(our_socket_path);
		our_socket_path = NULL;
	}
	if (fcntl(listen_fd, F_SETFL, listen_flags | O_NONBLOCK) != 0)
		rsp_log(RSP_LOG_WARN, "cannot stop waiting for connections: %s",
		    strerror(errno));
}

static int fastcgi_loop(int fd, const struct rsp_config *cfg,
    struct rsp_ctx *rctx)
{
	struct fcgi_ctx ctx;
	FCGX_Request *req = &ctx.req;
	struct rsp_io io;
	struct timespec drain_start;
	unsigned long drained = 0;
	int rc, draining = 0;

	if (FCGX_Init() != 0) {
		rsp_log(RSP_LOG_ERROR, "FCGX_Init failed");
		return 1;
	}
	if (FCGX_InitRequest(req, fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		rsp_log(RSP_LOG_ERROR, "FCGX_InitRequest failed");
		return 1;
	}
	listen_flags = fcntl(fd, F_GETFL);
	if (listen_flags < 0)
		listen_flags = 0;
	listen_fd = fd;
	io.ctx = &ctx;
	io.getenv = fcgi_getenv;
	io.read = fcgi_read;
	io.write = fcgi_write;
	for (;;) {
		/* A stop signal that came during the last request is
		 * acted on here. */
		if (stop_requested && !draining) {
			begin_drain();
			clock_gettime(CLOCK_MONOTONIC, &drain_start);
			draining = 1;
		}
		if (draining && seconds_since(&drain_start) >= DRAIN_SECONDS)
			break;
		waiting_in_accept = 1;
		if (stop_requested && !draining) {
			waiting_in_accept = 0;
			continue;
		}
		rc = FCGX_Accept_r(req);
		waiting_in_accept = 0;
		if (rc < 0) {
			if (draining)
				break;   /* nothing queued any more */
			if (stop_requested || rc == -EINTR)
				continue;
			rsp_log(RSP_LOG_ERROR, "accepting a FastCGI connection "
			    "failed (%d); exiting", rc);
			break;
		}
		/* Accepted once a stop was asked for, even before the drain
		 * began (a restarted accept() can take a queued connection):
		 * one of the queued requests answered before stopping. */
		if (stop_requested)
			drained++;
		rsp_envidx_fill(&ctx.env, req->envp);
		ctx.body_read = 0;
		read_ahead_body(&ctx);
		rsp_ctx_set_log(rctx, fcgi_err_sink, req->err);
		rsp_handle(rctx, &io, cfg, 1);
		rsp_ctx_set_log(rctx, NULL, NULL);
		if (ctx.ahead)
			agt_memzero(ctx.ahead_buf, ctx.ahead_len);
		/* The answer goes out whole before the end of the input is
		 * looked for, so that can never hold it back (FCGX_Finish_r
		 * closes the same streams in the same order; a second close
		 * does nothing).  Detached, the connection is closed plainly. */
		FCGX_FClose(req->err);
		FCGX_FClose(req->out);
		if (input_fully_read(&ctx))
			FCGX_Detach(req);
		FCGX_Finish_r(req);
	}
	waiting_in_accept = 0;
	listen_fd = -1;
	if (stop_requested)
		rsp_log(RSP_LOG_INFO, "stopping on signal (%lu queued "
		    "request%s answered first)", drained, drained == 1 ? "" : "s");
	FCGX_Free(req, 1);
	return 0;
}

/* Opens the --socket listener ourselves rather than with FCGX_OpenSocket,
 * which exit()s on a bind error without saying what it tried.  PATH is a
 * unix socket (a stale one is replaced); HOST:PORT or :PORT is TCP. */
static int open_listener(const char *spec, char *why, size_t cap)
{
	const char *colon = strrchr(spec, ':');
	int fd, one = 1;

	if (colon == NULL) {
		struct sockaddr_un sun;
		struct stat st;

		if (strlen(spec) >= sizeof sun.sun_path) {
			snprintf(why, cap, "path longer than %u bytes",
			    (unsigned)sizeof sun.sun_path - 1);
			return -1;
		}
		memset(&sun, 0, sizeof sun);
		sun.sun_family = AF_UNIX;
		memcpy(sun.sun_path, spec, strlen(spec) + 1);
		if (lstat(spec, &st) == 0) {
			if (!S_ISSOCK(st.st_mode)) {
				snprintf(why, cap, "exists and is not a socket");
				return -1;
			}
			unlink(spec);
		}
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof sun) != 0 ||
		    listen(fd, 128) != 0) {
			snprintf(why, cap, "%s", strerror(errno));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		return fd;
	} else {
		struct addrinfo hints, *res = NULL, *ai;
		char host[256];
		size_t hl = (size_t)(colon - spec);
		int rc;

		if (hl >= sizeof host) {
			snprintf(why, cap, "host name too long");
			return -1;
		}
		memcpy(host, spec, hl);
		host[hl] = '\0';
		if (hl > 2 && host[0] == '[' && host[hl - 1] == ']') {
			memmove(host, host + 1, hl - 2);
			host[hl - 2] = '\0';
		}
		memset(&hints, 0, sizeof hints);
		hints.ai_family = AF_UNSPEC;
		hints.ai_socktype = SOCK_STREAM;
		hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
		rc = getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &res);
		if (rc != 0) {
			snprintf(why, cap, "%s", gai_strerror(rc));
			return -1;
		}
		fd = -1;
		for (ai = res; ai != NULL; ai = ai->ai_next) {
			fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
			    ai->ai_protocol);
			if (fd < 0)
				continue;
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
			if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
			    listen(fd, 128) == 0)
				break;
			snprintf(why, cap, "%s", strerror(errno));
			close(fd);
			fd = -1;
		}
		freeaddrinfo(res);
		return fd;
	}
}

static void usage(FILE *out)
{
	fprintf(out,
	    "usage: agora-token.fcgi [--socket PATH|HOST:PORT] [--check-config]\n"
	    "       agora-token.fcgi --version | --help\n"
	    "\n"
	    "Agora token HTTP responder.  Runs as plain CGI when started by a\n"
	    "web server as a CGI program, as FastCGI when the server spawns it\n"
	    "on a socket, or as a FastCGI server on --socket (a unix socket path\n"
	    "or HOST:PORT; prefer 127.0.0.1:PORT, a bare :PORT listens on all\n"
	    "interfaces), or as a FastCGI server on the listening socket that\n"
	    "systemd passes (socket activation: LISTEN_FDS and LISTEN_PID in the\n"
	    "environment, the socket on descriptor 3).  --check-config loads the\n"
	    "configuration, prints its summary and exits 0 when it is valid.\n"
	    "--version prints the program's and the library's versions.\n"
	    "\n"
	    "Configuration: AGORA_TOKEN_CONFIG (default\n"
	    "/etc/agora-token/config.json), or AGORA_APP_ID and\n"
	    "AGORA_APP_CERTIFICATE (or APP_ID and APP_CERTIFICATE) in the\n"
	    "environment.  A relative certificate_file names a file in\n"
	    "$CREDENTIALS_DIRECTORY when that is set (systemd's LoadCredential=),\n"
	    "else in the configuration file's directory.\n");
}

static void log_config(const struct rsp_config *cfg)
{
	char line[1024];

	if (!cfg->ok) {
		rsp_log(RSP_LOG_ERROR, "%s", cfg->error);
		return;
	}
	rsp_config_summary(cfg, line, sizeof line);
	rsp_log(RSP_LOG_INFO, "%s", line);
	if (cfg->auth == RSP_AUTH_NONE)
		rsp_log(RSP_LOG_WARN, "auth mode none: anyone who can reach this "
		    "server gets tokens; use api_key or remote_user outside demos");
}

int main(int argc, char **argv)
{
	struct rsp_config cfg;
	struct rsp_ctx rctx;
	const char *socket_path = NULL;
	char sd_why[256] = "";
	unsigned sd_count = 0;
	int check_only = 0, i, rc = 0, sd_fd;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc) {
			socket_path = argv[++i];
		} else if (strncmp(argv[i], "--socket=", 9) == 0) {
			socket_path = argv[i] + 9;
		} else if (strcmp(argv[i], "--check-config") == 0) {
			check_only = 1;
		} else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("agora-token.fcgi %s (libagoratoken %s)\n",
			    PACKAGE_VERSION, agt_version());
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	rsp_config_load(&cfg);
	if (check_only) {
		log_config(&cfg);
		rc = cfg.ok ? 0 : 1;
		rsp_config_free(&cfg);
		return rc;
	}
	/* The memory each request borrows, once for the process. */
	if (rsp_ctx_init(&rctx) != 0) {
		rsp_log(RSP_LOG_ERROR, "out of memory");
		rsp_config_free(&cfg);
		return 1;
	}
	sd_fd = rsp_sd_listen_fd(&sd_count, sd_why, sizeof sd_why);
	if (sd_fd == -2) {
		rsp_log(RSP_LOG_ERROR, "socket activation: %s", sd_why);
		rsp_ctx_free(&rctx);
		rsp_config_free(&cfg);
		return 1;
	}
	if (sd_fd >= 0 && socket_path != NULL) {
		rsp_log(RSP_LOG_WARN, "--socket %s given: the socket systemd "
		    "passed is not used", socket_path);
		sd_fd = -1;
	}
	if (sd_fd >= 0) {
		log_config(&cfg);
		if (sd_count > 1)
			rsp_log(RSP_LOG_WARN, "systemd passed %u sockets; "
			    "serving the first only", sd_count);
		rsp_log(RSP_LOG_INFO, "FastCGI server on the socket systemd "
		    "passed (descriptor %d)", sd_fd);
		if (install_signals() != 0)
			rsp_log(RSP_LOG_WARN, "installing signal handlers failed");
		rc = fastcgi_loop(sd_fd, &cfg, &rctx);
	} else if (socket_path != NULL) {
		int fd;
		char why[256] = "unknown error";
		if (socket_path[0] == ':')
			rsp_log(RSP_LOG_WARN, "--socket %s listens on every "
			    "interface; prefer 127.0.0.1%s", socket_path,
			    socket_path);
		fd = open_listener(socket_path, why, sizeof why);
		if (fd < 0) {
			rsp_log(RSP_LOG_ERROR, "cannot listen on %s: %s",
			    socket_path, why);
			rsp_ctx_free(&rctx);
			rsp_config_free(&cfg);
			return 1;
		}
		log_config(&cfg);
		rsp_log(RSP_LOG_INFO, "FastCGI server listening on %s",
		    socket_path);
		if (strchr(socket_path, ':') == NULL)
			our_socket_path = socket_path;
		if (install_signals() != 0)
			rsp_log(RSP_LOG_WARN, "installing signal handlers failed");
		rc = fastcgi_loop(fd, &cfg, &rctx);
		if (our_socket_path != NULL)
			unlink(our_socket_path);
	} else if (stdin_is_listener()) {
		if (install_signals() != 0)
			rsp_log(RSP_LOG_WARN, "installing signal handlers failed");
		log_config(&cfg);
		rc = fastcgi_loop(0, &cfg, &rctx);
	} else {
		/* CGI: one process per request; the configuration error (if
		 * any) is logged by the request itself, once. */
		struct rsp_io io = { NULL, cgi_getenv, cgi_read, cgi_write };
		signal(SIGPIPE, SIG_IGN);
		rsp_handle(&rctx, &io, &cfg, 1);
		cgi_drain_body();
	}
	rsp_ctx_free(&rctx);
	rsp_config_free(&cfg);
	agt_thread_cleanup();
	return rc;
}
