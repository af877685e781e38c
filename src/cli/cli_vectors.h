/* SPDX-License-Identifier: MIT */
/*
 * cli_vectors.h - what the files of "agora-token vectors" share: the reader
 * of vector lines (cli_vectors_json.c), the builder table and one builder
 * case from line to arguments (cli_vectors_case.c), the reference's
 * argument conversions (cli_vectors_args.c), the library calls
 * (cli_vectors_run.c), the field-by-field comparison of two tokens
 * (cli_vectors_diff.c) and the "parse" cases (cli_vectors_parse.c).  The
 * subcommand itself, its files and its summary, is cli_vectors.c.
 */
#ifndef AGT_CLI_VECTORS_H
#define AGT_CLI_VECTORS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "cli.h"

/* ---- cli_vectors_json.c: one vector line ---- */

/* A parsed line.  The sentinels stand for "\u0000" and lone surrogate
 * escapes, which cJSON cannot hold; vj_string turns them back into a 0
 * byte and into "cannot be encoded as UTF-8" (what Python's str.encode
 * says of a lone surrogate). */
struct vjson {
	cJSON *root;
	unsigned nul_cp;    /* sentinel code points, 0 when unused */
	unsigned lone_cp;
	char nul_utf8[4];
	char lone_utf8[4];
	void **arena;       /* decoded strings and vj_alloc blocks */
	size_t narena, carena;
};
/* 0 on success; otherwise -1 and *err describes the JSON error.  Either
 * way vj_free(v) releases it. */
int vj_parse(struct vjson *v, const char *text, size_t len, const char **err);
void vj_free(struct vjson *v);
/* Member key of object obj; the LAST of duplicate keys, as Python's json. */
cJSON *vj_get(const cJSON *obj, const char *key);
/* A JSON string's bytes: 0 ok, -1 not a string, -2 not encodable. */
int vj_string(struct vjson *v, const cJSON *item, struct agt_str *out);
/* n zeroed elements of size bytes (at least one), freed by vj_free. */
void *vj_alloc(struct vjson *v, size_t n, size_t size);

/* ---- cli_vectors_case.c: the builder table and one builder case ---- */

enum bkind {
	B_RTC006_UID, B_RTC006_ACCOUNT, B_RTM006, B_RAW006,
	B_RTC_UID, B_RTC_ACCOUNT, B_RTC_UID_PRIV, B_RTC_ACCOUNT_PRIV,
	B_RTC_RTM, B_RTC_RTM2, B_CONVOAI, B_STT,
	B_RTM, B_RTM_PERMS, B_CHAT_USER, B_CHAT_APP, B_FPA,
	B_APAAS_ROOM, B_APAAS_USER, B_APAAS_APP,
	B_EDU_ROOM, B_EDU_USER, B_EDU_APP, B_RAW007
};

#define MAXARGS 12

/* A builder: its name, the reference's parameter names in positional
 * order, and how many of them have no default. */
struct bspec {
	const char *name;
	enum bkind kind;
	int version;
	int nreq;
	const char *args[MAXARGS + 1];
};

/* One builder case being run.  Its strings point into vj, and what it
 * allocates lives in vj too, so case_free releases everything. */
struct vcase {
	struct vjson vj;
	char where[320];        /* "FILE:LINE" */
	char idbuf[160];
	const char *id;
	const struct bspec *b;
	cJSON *arg[MAXARGS];
	int npm;                /* JavaScript conversions (npm-only builders) */
	int refused;            /* an argument the reference would reject */
	char why[200];
	int malformed;          /* the line itself is wrong */
	struct agt_pin pin;
	struct agt_str cert;    /* to verify the expected token */
	struct agt_str vchannel, vuid; /* 006: what the signature covers */
};

/* Starts case c, named "FILE:LINE", from one line: NULL, or what makes the
 * line unreadable JSON.  Either way case_free(c) ends it. */
const char *case_open(struct vcase *c, const char *line, size_t n,
    const char *path, unsigned long lineno);
void case_free(struct vcase *c);
/* Names c by its "id" (a string or a number), if it has one. */
void case_name(struct vcase *c);
/* 1 when the line is a "parse" case (cli_vectors_parse.c): a token to
 * read and verify instead of a builder to run. */
int case_is_parse(const struct vcase *c);
/* Reads id, builder, args and the pins (salt, ts or issue_ts) of the line
 * into c; without need_pins a missing pin is no error. */
void case_setup(struct vcase *c, int need_pins);
/* Counts one more problem in *count; the first one's reason goes to why. */
void note_why(char *why, size_t cap, int *count, const char *fmt,
    va_list ap) CLI_PRINTF(4, 0);
/* An argument the reference would reject (c->refused). */
void case_refuse(struct vcase *c, const char *fmt, ...) CLI_PRINTF(2, 3);
/* A line that is not a well-formed case (c->malformed). */
void case_malformed(struct vcase *c, const char *fmt, ...) CLI_PRINTF(2, 3);

/* ---- cli_vectors_args.c: arguments converted as the reference does ---- */

/* int(x) for a JSON value: 0 ok, -1 the reference raises. */
int py_int(struct vcase *c, const cJSON *v, long double *out);
/* Argument i (def when absent) as an integer in min..max; refuses the
 * case, naming what it must fit, when it is not one. */
long long a_int(struct vcase *c, int i, long long min, long long max,
    long long def, const char *what);
uint32_t a_u32(struct vcase *c, int i, uint32_t def);
/* A string argument (the reference calls .encode('utf-8') on it). */
struct agt_str a_str(struct vcase *c, int i);
/* An identity argument (uid, account): number 0 -> "", another number ->
 * its decimal form, a string as it is. */
struct agt_str a_ident(struct vcase *c, int i);
/* An RTC role as the reference compares it. */
int a_role(struct vcase *c, int i);
/* Values named name in messages: a privilege map {"<id>": expire}, an
 * RTM2 permission map (each sets *n to its size), and the service object
 * at index idx of AccessToken2.build's list. */
struct agt_priv *privs_value(struct vcase *c, const cJSON *obj,
    const char *name, size_t *n);
struct agt_rtm2_perm *perms_value(struct vcase *c, const cJSON *obj,
    const char *name, size_t *n);
void service_value(struct vcase *c, const cJSON *o, size_t idx,
    struct agt_service *s);

/* ---- cli_vectors_run.c: the library call for a case ---- */

/* Our token for the case, or NULL with *err (AGT_OK when an argument was
 * refused before the library was called).  Call only on a case that
 * case_setup found well-formed; free the token. */
char *run_case(struct vcase *c, enum agt_err *err);

/* ---- cli_vectors_diff.c: reporting the first difference ---- */

/* Where a difference is reported: "<id>: <field> differs: expected ...
 * got ..." on one line of o. */
struct differ {
	FILE *o;
	const char *id;
};
/* Each returns 0 when e (expected) equals a (actual), else reports the
 * field and returns 1. */
int diff_num(struct differ *d, const char *field, unsigned long long e,
    unsigned long long a);
int diff_int(struct differ *d, const char *field, long long e, long long a);
int diff_str(struct differ *d, const char *field, struct agt_str e,
    struct agt_str a);
/* The first decoded field in which two token views differ, the signature
 * last; 0 when every field is equal. */
int diff_views(struct differ *d, const struct agt_token_view *e,
    const struct agt_token_view *a);

/* ---- cli_vectors_parse.c: the "parse" case kind ---- */

/* Runs one parsed line whose builder is "parse", named id in messages:
 * prints one line when it fails; returns 1 when it passes, else 0. */
int cli_vectors_parse_check(struct vjson *vj, const char *id);

#endif /* AGT_CLI_VECTORS_H */
