/* SPDX-License-Identifier: MIT */
/*
 * responder.h - internals shared by the files of agora-token.fcgi.
 *
 * The responder turns one HTTP request (CGI environment or FastCGI params,
 * plus a body) into one response.  Its parts, one job per file: the accept
 * loop (fcgi_main.c), one request's way through the rest (handle.c),
 * request decoding (request.c), the route table
 * (route.c), input rules (validate.c), the handlers (handlers_native.c,
 * handlers_compat.c, inspect.c) which describe a token and let build.c
 * make it through libagoratoken, configuration (config.c), caller
 * authentication (auth.c), CORS (cors.c), the error codes (codes.c),
 * response writing (response.c), logging (log.c), the memory a request
 * owns (arena.c), which every function of a request reaches through its
 * struct rsp_request or struct rsp_response, and the socket systemd passes
 * (sd_listen.c).  Nothing here
 * knows the byte layout of a token: that is the library's business.
 */
#ifndef AGT_RESPONDER_H
#define AGT_RESPONDER_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "agoratoken.h"
#include "common/common.h"

#if defined(__GNUC__) || defined(__clang__)
#define RSP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define RSP_PRINTF(f, a)
#endif

/* ---- limits (doc/http-api.md, "Limits") ---- */
#define RSP_BODY_MAX (16U * 1024U)     /* request body, checked before reading */
#define RSP_QUERY_MAX (16U * 1024U)    /* query string */
#define RSP_PARAMS_MAX 32U             /* parameters per request */
#define RSP_CHANNEL_MAX 63U            /* Agora: channel name < 64 bytes */
#define RSP_ACCOUNT_MAX 255U           /* Agora: user account <= 255 bytes */
#define RSP_APP_NAME_MAX 64U
#define RSP_EXPIRE_CAP 315360000U      /* 10 years: keeps 006 absolute times in u32 */
#define RSP_ARENA_BYTES (96U * 1024U)  /* per-request scratch memory */
#define RSP_BODY_BUF_BYTES (16U * 1024U) /* a JSON answer; larger: heap */

/* ---- arena.c: the memory a request owns ---- */
/* A bump allocator, reset (and wiped) when the request ends. */
struct rsp_arena {
	unsigned char *block;
	size_t cap, used;
};
void *rsp_arena_alloc(struct rsp_arena *a, size_t n);
char *rsp_arena_strndup(struct rsp_arena *a, const char *s, size_t n);
void rsp_arena_reset(struct rsp_arena *a);
/* Where a log line goes (log.c). */
typedef void (*rsp_log_sink)(void *arg, const char *line, size_t len);
/* What one request owns: its scratch memory, the buffer its JSON answer
 * is written into, and where its log lines go.  The memory is the
 * process's, allocated once by rsp_ctx_init and lent to each request in
 * turn (rsp_handle wipes it at the end of each); one context serves one
 * request at a time. */
struct rsp_ctx {
	struct rsp_arena arena;     /* decoded parameters and bodies */
	char *body;                 /* RSP_BODY_BUF_BYTES for the answer */
	size_t body_cap;
	rsp_log_sink log_sink;      /* NULL: stderr */
	void *log_arg;
};
/* Allocates the memory; -1 when out of memory. */
int rsp_ctx_init(struct rsp_ctx *c);
/* Wipes what is still in use and frees the memory. */
void rsp_ctx_free(struct rsp_ctx *c);
/* Points the request's log lines at sink (NULL: stderr). */
void rsp_ctx_set_log(struct rsp_ctx *c, rsp_log_sink sink, void *arg);

/* ---- log.c ---- */
enum rsp_level { RSP_LOG_ERROR, RSP_LOG_WARN, RSP_LOG_INFO };
struct rsp_request;
/* One line per call.  rsp_log: a line of the process, to stderr;
 * rsp_log_req: a line of request r, to its context's sink. */
void rsp_log(enum rsp_level lvl, const char *fmt, ...) RSP_PRINTF(2, 3);
void rsp_log_req(const struct rsp_request *r, enum rsp_level lvl,
    const char *fmt, ...) RSP_PRINTF(3, 4);

/* ---- codes.c: failures, an error code and a message ---- */
/* Every error the responder answers with; codes.c holds each one's JSON
 * name ("invalid_channel"), HTTP status and default message.  0 is the
 * internal error, so a failure left unset is a 500. */
enum rsp_code {
	RSP_E_INTERNAL,
	RSP_E_BAD_REQUEST, RSP_E_BAD_ENCODING, RSP_E_INVALID_JSON,
	RSP_E_DUPLICATE_PARAMETER, RSP_E_UNKNOWN_PARAMETER,
	RSP_E_MISSING_PARAMETER, RSP_E_CONFLICTING_PARAMETERS,
	RSP_E_INVALID_CHANNEL, RSP_E_INVALID_UID, RSP_E_INVALID_ACCOUNT,
	RSP_E_INVALID_USER, RSP_E_INVALID_RTM_USER, RSP_E_INVALID_ROLE,
	RSP_E_INVALID_EXPIRE, RSP_E_INVALID_FORMAT, RSP_E_INVALID_TYPE,
	RSP_E_INVALID_ROOM, RSP_E_INVALID_TOKEN, RSP_E_INVALID_TOKEN_TYPE,
	RSP_E_UNSUPPORTED_TOKEN_TYPE, RSP_E_UNKNOWN_APP,
	RSP_E_UNAUTHORIZED,             /* 401 */
	RSP_E_IDENTITY_MISMATCH,        /* 403 */
	RSP_E_NOT_FOUND,                /* 404 */
	RSP_E_METHOD_NOT_ALLOWED,       /* 405 */
	RSP_E_BODY_TOO_LARGE,           /* 413 */
	RSP_E_URI_TOO_LONG,             /* 414 */
	RSP_E_UNSUPPORTED_MEDIA_TYPE,   /* 415 */
	RSP_E_COUNT
};
struct rsp_code_info {
	const char *name;       /* the JSON error.code */
	int status;             /* the HTTP status */
	const char *message;    /* the message when none is given */
};
/* The row of code (of RSP_E_INTERNAL for a value outside the enum). */
const struct rsp_code_info *rsp_code_info(enum rsp_code code);
int rsp_status_of(enum rsp_code code);
struct rsp_fail {
	enum rsp_code code;
	const char *reason;     /* optional finer identifier (library errname) */
	char message[320];
};
/* Fills f and returns -1, so callers can `return rsp_fail(...)`; fmt NULL
 * gives the code's default message. */
int rsp_fail(struct rsp_fail *f, enum rsp_code code, const char *fmt, ...)
    RSP_PRINTF(3, 4);

/* ---- config.c ---- */
struct rsp_app {
	char name[RSP_APP_NAME_MAX + 1];
	char app_id[AGT_APP_ID_CHARS + 1];
	char cert[AGT_APP_ID_CHARS + 1];   /* secret: never printed */
};
enum rsp_auth_mode { RSP_AUTH_NONE, RSP_AUTH_API_KEY, RSP_AUTH_REMOTE_USER };
struct rsp_config {
	int ok;                        /* 0: every request gets a 500 */
	char error[768];               /* why not ok (no secrets) */
	char source[256];              /* config path or "environment" */
	struct rsp_app *apps;
	size_t napps;
	int default_format;            /* 6 or 7 */
	uint32_t default_expire;
	uint32_t max_expire;
	char **cors;
	size_t ncors;
	enum rsp_auth_mode auth;
	unsigned char (*keys)[32];     /* SHA-256 of each API key */
	size_t nkeys;
	int bind_identity;
};
/* Loads the configuration named by AGORA_TOKEN_CONFIG (or the default
 * path, or the AGORA_APP_ID/APP_ID environment).  Never fails outright:
 * on error c->ok is 0 and c->error says why. */
void rsp_config_load(struct rsp_config *c);
/* Wipes the certificates and frees everything. */
void rsp_config_free(struct rsp_config *c);
/* One line without secrets: apps by name and id, auth, CORS, limits. */
void rsp_config_summary(const struct rsp_config *c, char *buf, size_t cap);
const struct rsp_app *rsp_config_app_named(const struct rsp_config *c,
    const char *name, size_t n);
const struct rsp_app *rsp_config_app_by_id(const struct rsp_config *c,
    const char *app_id, size_t n);
const char *rsp_auth_mode_name(enum rsp_auth_mode m);

/* ---- request.c ---- */
enum rsp_method {
	RSP_M_GET = 1U << 0, RSP_M_POST = 1U << 1, RSP_M_HEAD = 1U << 2,
	RSP_M_OPTIONS = 1U << 3, RSP_M_OTHER = 1U << 4
};
enum rsp_src { RSP_SRC_PATH, RSP_SRC_QUERY, RSP_SRC_BODY };
struct rsp_param {
	const char *name;   /* NUL-terminated, decoded */
	const char *val;    /* NUL-terminated, decoded; no NUL inside */
	size_t len;
	enum rsp_src src;
	int used;           /* claimed by the route's parameter list */
};
/* Reads one request's inputs: environment lookup and body reader. */
struct rsp_io {
	void *ctx;
	const char *(*getenv)(void *ctx, const char *name);
	/* Reads up to n bytes; returns the count, 0 at end of input, <0 on error. */
	long (*read)(void *ctx, char *buf, size_t n);
	/* Writes all n bytes; returns 0 or -1. */
	int (*write)(void *ctx, const char *buf, size_t n);
};
struct rsp_request {
	struct rsp_ctx *ctx;        /* the memory and log sink it owns */
	const struct rsp_io *io;
	unsigned method;
	const char *method_name;
	const char *path;           /* SCRIPT_NAME + PATH_INFO, e.g.
	                               "/api/v1/rtc": a mount prefix may
	                               precede the route */
	const char *query;
	const char *content_type;
	const char *origin;         /* HTTP_ORIGIN or NULL */
	const char *remote_user;    /* REMOTE_USER or NULL */
	const char *authorization;  /* HTTP_AUTHORIZATION or NULL */
	const char *preflight_method;  /* HTTP_ACCESS_CONTROL_REQUEST_METHOD */
	struct rsp_param params[RSP_PARAMS_MAX];
	size_t nparams;
	time_t now;
};
/* Fills the request's environment fields (no body read yet); r owns ctx
 * until the request ends. */
int rsp_request_init(struct rsp_request *r, struct rsp_ctx *ctx,
    const struct rsp_io *io, struct rsp_fail *f);
/* Body handling flags for rsp_request_read_params. */
#define RSP_BODY_JSON_ANY_TYPE 1U  /* any content type but form is JSON */
/* Decodes the query string and (POST) the body into r->params.  Checks
 * CONTENT_LENGTH against RSP_BODY_MAX before reading and then reads
 * exactly CONTENT_LENGTH bytes. */
int rsp_request_read_params(struct rsp_request *r, unsigned flags,
    struct rsp_fail *f);
/* Strict application/x-www-form-urlencoded decoding into r->params. */
int rsp_parse_urlencoded(struct rsp_request *r, const char *s, size_t n,
    enum rsp_src src, struct rsp_fail *f);
int rsp_parse_json_object(struct rsp_request *r, const char *s, size_t n,
    struct rsp_fail *f);
int rsp_request_add_param(struct rsp_request *r, const char *name,
    const char *val, size_t len, enum rsp_src src, struct rsp_fail *f);
const char *rsp_env(const struct rsp_request *r, const char *name);
/* The CGI variables above, found in one pass over a FastCGI environment
 * ("NAME=value" strings, NULL-terminated) instead of one scan per name.
 * rsp_envidx_get answers exactly as FCGX_GetParam(name, envp) would (the
 * first entry of that name), scanning only for a name not in the index.
 * The index points into envp, so it lives as long as the request. */
#define RSP_ENV_INDEXED 12
struct rsp_envidx {
	char *const *envp;
	const char *val[RSP_ENV_INDEXED];
};
void rsp_envidx_fill(struct rsp_envidx *x, char *const *envp);
const char *rsp_envidx_get(const struct rsp_envidx *x, const char *name);
/* CONTENT_LENGTH as decimal digits; NULL or "" is 0.  -1 when malformed
 * or out of range. */
int rsp_parse_content_length(const char *s, size_t *out);

/* ---- validate.c ---- */
enum rsp_field {
	FLD_CHANNEL, FLD_UID, FLD_ACCOUNT, FLD_USER, FLD_RTM_USER, FLD_ROLE,
	FLD_EXPIRE, FLD_JOIN_EXPIRE, FLD_AUDIO_EXPIRE, FLD_VIDEO_EXPIRE,
	FLD_DATA_EXPIRE, FLD_FORMAT, FLD_APP, FLD_CHAT_TYPE, FLD_ROOM,
	FLD_APAAS_ROLE, FLD_TOKEN, FLD_TOKEN_TYPE, FLD_TEXT,
	FLD_COUNT
};
struct rsp_value {
	int present;
	const char *wire;        /* the parameter name the caller used */
	struct agt_str s;        /* the text (validated) */
	uint32_t u;              /* numbers, uid, expire, format (6/7) */
	int i;                   /* roles, chat type */
	const struct rsp_app *app;
};
struct rsp_values {
	struct rsp_value v[FLD_COUNT];
	/* free-form values (FLD_TEXT), kept by wire name for compat handlers */
	struct rsp_value text[8];
	size_t ntext;
};
/* One accepted parameter of a route: wire name -> field, required? */
struct rsp_param_spec {
	const char *wire;
	enum rsp_field field;
	int required;
};
/* Applies the rules table to every parameter the route accepts; with
 * strict, unknown parameters are an error (native routes). */
int rsp_validate(struct rsp_request *r, const struct rsp_param_spec *spec,
    int strict, const struct rsp_config *cfg, struct rsp_values *out,
    struct rsp_fail *f);
/* Validates one value of request r against one field's rule (compat
 * handlers that pick the rule late, e.g. uid vs account by a path
 * segment). */
int rsp_validate_one(struct rsp_request *r, enum rsp_field field,
    const char *wire, const char *s, size_t n, const struct rsp_config *cfg,
    struct rsp_value *out, struct rsp_fail *f);
const struct rsp_value *rsp_text(const struct rsp_values *v, const char *wire);
int rsp_parse_u32(const char *s, size_t n, uint32_t *out);

/* ---- build.c: one token request -> libagoratoken ---- */
enum rsp_kind {
	RSP_K_RTC, RSP_K_RTM, RSP_K_RTM_STREAM, RSP_K_CHAT_USER, RSP_K_CHAT_APP,
	RSP_K_FPA, RSP_K_APAAS_ROOM_USER, RSP_K_APAAS_USER, RSP_K_APAAS_APP
};
struct rsp_build {
	enum rsp_kind kind;
	const struct rsp_app *app;
	int format;                 /* 6 or 7 */
	struct agt_str channel;
	int has_account;
	uint32_t uid;
	struct agt_str account;
	int role;                   /* AGT_ROLE_* */
	uint32_t expire;            /* seconds */
	int per_privilege;          /* use the four expiries below */
	int privilege_no_limit;     /* privileges without their own expiry (0) */
	uint32_t join_expire, audio_expire, video_expire, data_expire;
	struct agt_str rtm_user;    /* RTC + RTM (build_token_with_rtm2) */
	struct agt_str user;        /* RTM, chat, APaaS user */
	struct agt_str room;        /* APaaS room */
	int16_t apaas_role;
};
struct rsp_token {
	char text[AGT_TOKEN_MAX];
	size_t len;
	uint32_t issued_at;
	uint32_t expires_at;
};
void rsp_build_init(struct rsp_build *b, const struct rsp_config *cfg);
/* Wipes a token built by rsp_build_token: the library writes only the
 * text and its NUL into t->text, so that is all there is to wipe. */
void rsp_token_wipe(struct rsp_token *t);
/* A per-privilege expiry the request left out (0) is the token's expire. */
uint32_t rsp_privilege_expire(const struct rsp_build *b, uint32_t given);
/* Applies bind_identity, then builds.  Errors: 400 for combinations the
 * format cannot express, 403 for identity, 500 for library failures. */
int rsp_build_token(const struct rsp_build *b, const struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_token *t, struct rsp_fail *f);

/* ---- response.c ---- */
struct rsp_response {
	int status;
	const char *content_type;   /* NULL: no body (204) */
	char headers[1024];         /* extra header lines, each ending \r\n */
	size_t hlen;
	char *body;                 /* malloc'd (body_heap) or in body_buf */
	size_t body_len;
	int body_heap;
	int no_store;
	char *body_buf;             /* the request's buffer (rsp_ctx) */
	size_t body_buf_cap;
};
/* A JSON object written straight into the response body with the
 * programs' JSON writer (common.h) in its compact form: byte for byte
 * what cJSON_PrintUnformatted would print for the same members.  Start
 * with rsp_json_start (which drops res's old body and opens the object),
 * add members with jw_*, then rsp_json_finish; out of memory shows there
 * as -1.  Bodies are written into the request's buffer (a large one moves
 * to the heap), so only one response of a request may hold a JSON body
 * at a time. */
void rsp_json_start(struct jw *j, struct rsp_response *res);
/* Closes the object, adds the trailing newline and makes it res's body. */
int rsp_json_finish(struct jw *j, struct rsp_response *res, int status);
/* An empty response whose JSON bodies go into ctx's buffer. */
void rsp_response_init(struct rsp_response *res, struct rsp_ctx *ctx);
void rsp_response_free(struct rsp_response *res);
void rsp_response_header(struct rsp_response *res, const char *fmt, ...)
    RSP_PRINTF(2, 3);
/* {"<key>": "<value>"}, as the liveness routes answer. */
int rsp_response_json_pair(struct rsp_response *res, int status,
    const char *key, const char *value);
int rsp_response_text(struct rsp_response *res, int status, const char *text,
    size_t n);
/* {"error": {"code", "message"[, "reason"]}} with the code's status; a
 * 500 body never carries the message (it is logged instead). */
void rsp_response_error(struct rsp_response *res, const struct rsp_fail *f);
const char *rsp_status_text(int status);
int rsp_response_write(const struct rsp_response *res, const struct rsp_io *io,
    int head_only);

/* ---- route.c ---- */
struct rsp_route;
typedef int (*rsp_handler)(const struct rsp_route *rt, struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res,
    struct rsp_fail *f);
#define RSP_R_PUBLIC 1U        /* no caller authentication (health checks) */
#define RSP_R_STRICT 2U        /* unknown parameters are an error */
#define RSP_R_JSON_ANY 4U      /* body is JSON whatever its content type */
struct rsp_route {
	const char *pattern;       /* "/rtc/:channel/:role/:tokentype/:uid/" */
	unsigned methods;
	rsp_handler handler;
	const struct rsp_param_spec *params;
	unsigned flags;
};
/* Finds the route for path; path params are added to r->params.  Returns
 * the route, or NULL with f set to not_found / method_not_allowed (then
 * *allow holds the allowed methods of the path). */
const struct rsp_route *rsp_route_find(struct rsp_request *r, unsigned *allow,
    struct rsp_fail *f);
void rsp_allow_header(struct rsp_response *res, unsigned methods);

/* ---- handlers ---- */
int rsp_h_rtc(const struct rsp_route *, struct rsp_request *,
    const struct rsp_config *, struct rsp_response *, struct rsp_fail *);
int rsp_h_rtm(const struct rsp_route *, struct rsp_request *,
    const struct rsp_config *, struct rsp_response *, struct rsp_fail *);
int rsp_h_chat(const struct rsp_route *, struct rsp_request *,
    const struct rsp_config *, struct rsp_response *, struct rsp_fail *);
int rsp_h_fpa(const struct rsp_route *, struct rsp_request *,
    const struct rsp_config *, struct rsp_response *, struct rsp_fail *);
int rsp_h_apaas(const struct rsp_route *, struct rsp_request *,
    const struct rsp_config *, struct rsp_response *, struct rsp_fail *);
int rsp_h_healthz(const struct rsp_route *, struct rsp_request *,
    const struct rsp_config *, struct rsp_response *, struct rsp_fail *);
int rsp_h_inspect(const struct rsp_route *, struct rsp_request *,
    const struct rsp_config *, struct rsp_response *, struct rsp_fail *);
int rsp_h_ping(const struct rsp_route *, struct rsp_request *,
    const struct rsp_config *, struct rsp_response *, struct rsp_fail *);
int rsp_h_get_token(const struct rsp_route *, struct rsp_request *,
    const struct rsp_config *, struct rsp_response *, struct rsp_fail *);
int rsp_h_go_rtc(const struct rsp_route *, struct rsp_request *,
    const struct rsp_config *, struct rsp_response *, struct rsp_fail *);
int rsp_h_go_rtm(const struct rsp_route *, struct rsp_request *,
    const struct rsp_config *, struct rsp_response *, struct rsp_fail *);
int rsp_h_go_rte(const struct rsp_route *, struct rsp_request *,
    const struct rsp_config *, struct rsp_response *, struct rsp_fail *);
int rsp_h_go_chat(const struct rsp_route *, struct rsp_request *,
    const struct rsp_config *, struct rsp_response *, struct rsp_fail *);
int rsp_h_py_token(const struct rsp_route *, struct rsp_request *,
    const struct rsp_config *, struct rsp_response *, struct rsp_fail *);
int rsp_h_node_rtc(const struct rsp_route *, struct rsp_request *,
    const struct rsp_config *, struct rsp_response *, struct rsp_fail *);
int rsp_h_node_rtm(const struct rsp_route *, struct rsp_request *,
    const struct rsp_config *, struct rsp_response *, struct rsp_fail *);

/* ---- auth.c ---- */
/* Checks the caller against cfg->auth; 401 on failure (res gets the
 * WWW-Authenticate header when the scheme is ours). */
int rsp_auth_check(const struct rsp_request *r, const struct rsp_config *cfg,
    struct rsp_response *res, struct rsp_fail *f);
/* bind_identity: 0 when id (a uid string or account) is the caller's. */
int rsp_auth_bind(const struct rsp_request *r, const struct rsp_config *cfg,
    const char *what, struct agt_str id, struct rsp_fail *f);

/* ---- cors.c ---- */
/* Adds CORS headers for an allowed Origin (and Vary: Origin when CORS is
 * configured).  Returns 1 when the origin is allowed. */
int rsp_cors_headers(const struct rsp_request *r, const struct rsp_config *cfg,
    struct rsp_response *res);
/* Answers an OPTIONS request for a known route: 204 + Allow (+ preflight). */
void rsp_cors_preflight(const struct rsp_request *r,
    const struct rsp_config *cfg, unsigned allow, struct rsp_response *res);

/* ---- sd_listen.c ---- */
/* The listening socket a service manager passed (systemd socket
 * activation: LISTEN_PID is our pid, LISTEN_FDS counts the sockets from
 * descriptor 3 on).  Returns 3, made blocking and close-on-exec, with
 * *count the number of sockets passed; -1 when none was passed to this
 * process; -2 when the variables or the socket are unusable (the reason
 * in why).  The LISTEN_* variables are removed from the environment. */
int rsp_sd_listen_fd(unsigned *count, char *why, size_t cap);

/* ---- handle.c: one request, start to end ---- */
/* Reads the request through io, answers it through io, and wipes what
 * it left in ctx. */
void rsp_handle(struct rsp_ctx *ctx, const struct rsp_io *io,
    const struct rsp_config *cfg, int log_config_error);

#endif /* AGT_RESPONDER_H */
