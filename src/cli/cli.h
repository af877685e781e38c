/* SPDX-License-Identifier: MIT */
/*
 * cli.h - declarations shared by the agora-token command-line tool's files:
 * exit statuses, the dying allocation and number helpers (cli_util.c), the
 * option parser (cli_opt.c), credentials (cli_cred.c), JSON output
 * (cli_json.c, on the writer the programs share: common.h), the TOKEN
 * operand (cli_view.c), and one entry point per subcommand.  The vectors
 * subcommand's own files share cli_vectors.h.  Nothing here is part of
 * the library.
 */
#ifndef AGT_CLI_H
#define AGT_CLI_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "agoratoken.h"
#include "common/common.h"

#define CLI_NAME "agora-token"

/* Exit statuses, documented in agora-token(1) EXIT STATUS. */
#define CLI_EXIT_OK 0       /* success; the token is valid */
#define CLI_EXIT_FAIL 1     /* verification or a vector check failed */
#define CLI_EXIT_USAGE 2    /* bad command line */
#define CLI_EXIT_INPUT 3    /* invalid input or token, refused by the library */
#define CLI_EXIT_INTERNAL 4 /* out of memory, random source, I/O */

#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define CLI_NORETURN __attribute__((noreturn))

/* ---- cli_util.c ---- */

/* Allocation that exits with CLI_EXIT_INTERNAL on failure (programs may die;
 * the library may not). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xmemdup(const void *p, size_t n); /* adds a NUL */

/* "agora-token: <message>" on stderr, then exit(code). */
CLI_NORETURN void cli_die(int code, const char *fmt, ...) CLI_PRINTF(2, 3);
void cli_warn(const char *fmt, ...) CLI_PRINTF(1, 2);
/* The exit status for a library error: 4 for resource failures, else 3. */
int cli_exit_for(enum agt_err err);
/* "agora-token: <what>: <agt_strerror> (<agt_errname>)", then exit. */
CLI_NORETURN void cli_die_lib(enum agt_err err, const char *what);

/* Strict decimal parsing of a flag's value (no sign, no spaces, no hex);
 * exits with CLI_EXIT_USAGE naming the flag. */
uint64_t cli_parse_uint(const char *flag, const char *s, uint64_t max);
uint32_t cli_parse_u32(const char *flag, const char *s);
long long cli_parse_int(const char *flag, const char *s, long long min,
    long long max);
/* A string flag's value as a packed string: exits when longer than 65535. */
struct agt_str cli_str_arg(const char *flag, const char *s);

/* Reads the whole stream (at most max bytes, else exits 3). */
char *cli_read_stream(FILE *f, const char *name, size_t max, size_t *len);
/* A token argument: "-" reads stdin; surrounding whitespace is trimmed. */
char *cli_token_arg(const char *arg, size_t *len);

/* The current time (time(2)), as the formats' u32. */
uint32_t cli_now(void);

/* Calls a builder (any agt_*_build* function) into a malloc'd buffer,
 * retrying once with the size it asks for on AGT_ERANGE.  Sets out to the
 * NUL-terminated token, or to NULL with *errp set. */
#define CLI_BUILD(out, fn, params, errp) do { \
	size_t n_ = 0; \
	char *b_ = xmalloc(AGT_TOKEN_MAX); \
	*(errp) = (fn)((params), b_, AGT_TOKEN_MAX, &n_); \
	if (*(errp) == AGT_ERANGE && n_ < SIZE_MAX) { \
		b_ = xrealloc(b_, n_ + 1); \
		*(errp) = (fn)((params), b_, n_ + 1, &n_); \
	} \
	if (*(errp) != AGT_OK) { \
		free(b_); \
		b_ = NULL; \
	} \
	(out) = b_; \
} while (0)

/* ---- cli_opt.c: long options, "--name value" or "--name=value" ---- */

#define CLI_OPT_HELP (-2)
#define CLI_OPT_END (-1)

struct cli_opt {
	const char *name;  /* without the leading "--" */
	int has_arg;
	int id;            /* 0..63, unique in the table */
	int repeatable;
};

struct cli_getopt {
	int argc;
	char **argv;
	int i;
	const char *cmd;            /* "rtc", for messages */
	const struct cli_opt *opts; /* terminated by a NULL name */
	const char *arg;            /* the current option's value */
	const char *name;           /* the current option's name, "--x" form */
	char namebuf[64];
	uint64_t seen;
	char **pos;                 /* positional arguments, in order */
	int npos;
	int no_more_opts;
	const char *help;           /* printed, then exit 0, on -h/--help */
	const char *help_cmd;       /* when set, "usage: agora-token CMD" first */
};

void cli_getopt_init(struct cli_getopt *g, int argc, char **argv,
    const char *cmd, const struct cli_opt *opts);
/* Returns the next option's id, CLI_OPT_END when done.  On -h/--help it
 * prints g->help and exits 0 (CLI_OPT_HELP only when help is unset).  Exits 2 on unknown options, missing values, repeats, and any
 * attempt to pass a certificate. */
int cli_getopt_next(struct cli_getopt *g);
void cli_getopt_free(struct cli_getopt *g);
/* Exits 2 with an explanation when name (with or without dashes, maybe with
 * "=value") names a certificate flag; never echoes the value. */
void cli_refuse_cert_flag(const char *name);
/* "agora-token: <cmd>: <msg> (try 'agora-token <cmd> --help')", exit 2. */
CLI_NORETURN void cli_usage_error(const char *cmd, const char *fmt, ...)
    CLI_PRINTF(2, 3);

/* ---- cli_cred.c ---- */

struct cli_cred {
	struct agt_str app_id;
	struct agt_str cert; /* points into a static buffer wiped at exit */
};
/* Reads AGORA_APP_ID / --app-id and AGORA_APP_CERTIFICATE /
 * --certificate-file.  Exits 2 when one is missing, 3 when unusable. */
void cli_cred_load(struct cli_cred *c, const char *app_id_arg,
    const char *cert_file, int need_app_id);
/* Wipes the certificate now (also registered with atexit). */
void cli_cred_wipe(void);

/* ---- cli_json.c: JSON output through the shared writer (common.h) ---- */

/* A document in the tool's form (pretty, text-safe), in memory. */
void cli_jw_init(struct jw *w);
/* Writes the document to f and releases it; exits 4 when memory ran out. */
void cli_jw_print(struct jw *w, FILE *f);
/* p[0..n) as a JSON string literal, quotes included, to f: any bytes
 * (what is not UTF-8 shows as U+FFFD). */
void cli_json_quote(FILE *f, const char *p, size_t n);

/* ---- cli_view.c: the TOKEN operand of decode and verify ---- */

/* Exits 2 unless g has exactly one operand. */
void cli_need_one_token(const struct cli_getopt *g);
/* Reads TOKEN (cli_token_arg), parses it and decodes it into v; exits 3
 * when it is not a token (4 on a resource failure).  Free the result with
 * agt_token_free(). */
struct agt_token *cli_token_open(const char *arg, struct agt_token_view *v);

/* ---- subcommands ---- */

int cli_cmd_build(const char *cmd, int argc, char **argv);
int cli_cmd_decode(int argc, char **argv);
int cli_cmd_verify(int argc, char **argv);
int cli_cmd_vectors(int argc, char **argv);
int cli_cmd_bench(int argc, char **argv);

#endif /* AGT_CLI_H */
