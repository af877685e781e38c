/* SPDX-License-Identifier: MIT */
/*
 * auth.c - who may ask for tokens.
 *
 * Three modes (doc/http-api.md, "Configuration"): "none" for demos; "api_key", where the
 * caller sends Authorization: Bearer <key> and the configuration stores
 * only SHA-256 digests of the keys, compared as 32-byte values in constant
 * time against every configured digest (no early exit, so timing says
 * neither which key nor how much matched); and "remote_user", where the
 * web server authenticates and passes REMOTE_USER.  With bind_identity a
 * caller only gets tokens whose uid/account/user is its own REMOTE_USER.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "responder.h"

#define BEARER_KEY_MAX 4096U

static int check_api_key(const struct rsp_request *r,
    const struct rsp_config *cfg, struct rsp_response *res,
    struct rsp_fail *f)
{
	const char *h = r->authorization, *key;
	unsigned char digest[32];
	size_t n, i;
	int match = 0;

	if (h == NULL || strncasecmp(h, "Bearer", 6) != 0 ||
	    (h[6] != ' ' && h[6] != '\t')) {
		rsp_response_header(res, "WWW-Authenticate: Bearer realm=\"agora-token\"");
		return rsp_fail(f, RSP_E_UNAUTHORIZED,
		    "this server needs an API key: send Authorization: Bearer <key>");
	}
	key = h + 6;
	while (*key == ' ' || *key == '\t')
		key++;
	n = strlen(key);
	while (n > 0 && (key[n - 1] == ' ' || key[n - 1] == '\t'))
		n--;
	if (n == 0 || n > BEARER_KEY_MAX) {
		rsp_response_header(res, "WWW-Authenticate: Bearer realm=\"agora-token\", error=\"invalid_token\"");
		return rsp_fail(f, RSP_E_UNAUTHORIZED,
		    "the API key is not valid");
	}
	agt_sha256(key, n, digest);
	for (i = 0; i < cfg->nkeys; i++)
		match |= agt_memeq_ct(digest, cfg->keys[i], sizeof digest);
	agt_memzero(digest, sizeof digest);
	if (!match) {
		rsp_response_header(res, "WWW-Authenticate: Bearer realm=\"agora-token\", error=\"invalid_token\"");
		return rsp_fail(f, RSP_E_UNAUTHORIZED,
		    "the API key is not valid");
	}
	return 0;
}

int rsp_auth_check(const struct rsp_request *r, const struct rsp_config *cfg,
    struct rsp_response *res, struct rsp_fail *f)
{
	switch (cfg->auth) {
	case RSP_AUTH_NONE:
		return 0;
	case RSP_AUTH_API_KEY:
		return check_api_key(r, cfg, res, f);
	case RSP_AUTH_REMOTE_USER:
		if (r->remote_user != NULL)
			return 0;
		/* The web server should have challenged already; a missing
		 * REMOTE_USER means it is not set up to authenticate here.
		 * No challenge header: ours would only loop the browser. */
		rsp_log_req(r, RSP_LOG_WARN, "auth remote_user: REMOTE_USER is "
		    "not set for %s %s; is the web server configured to "
		    "authenticate this location?", r->method_name, r->path);
		return rsp_fail(f, RSP_E_UNAUTHORIZED,
		    "this server issues tokens only to callers the web server "
		    "has authenticated");
	default:
		return rsp_fail(f, RSP_E_INTERNAL, "unknown auth mode");
	}
}

int rsp_auth_bind(const struct rsp_request *r, const struct rsp_config *cfg,
    const char *what, struct agt_str id, struct rsp_fail *f)
{
	const char *me = r->remote_user;

	if (!cfg->bind_identity)
		return 0;
	if (me == NULL)
		return rsp_fail(f, RSP_E_UNAUTHORIZED,
		    "REMOTE_USER is not set");
	if (id.n == 0 || strlen(me) != id.n || memcmp(me, id.p, id.n) != 0)
		return rsp_fail(f, RSP_E_IDENTITY_MISMATCH,
		    "this server only issues tokens for your own identity: "
		    "%s must be your user name", what);
	return 0;
}
