/* SPDX-License-Identifier: MIT */
/*
 * route.c - the route table: path patterns, methods, parameters, handlers.
 *
 * A pattern is a path whose ":name" segments capture one path segment into
 * a parameter of that name (the community agora-token-service's
 * /rtc/:channel/:role/:tokentype/:uid/ form).  A trailing slash is optional
 * on both sides, as gin's redirect makes it for that service's clients.  A
 * path that matches no pattern is a 404; one that matches with another
 * method is a 405 with an Allow header.  The path is the whole one the
 * client asked for (SCRIPT_NAME + PATH_INFO, request.c), so a mount prefix
 * such as /api or /cgi-bin/agora-token.fcgi may precede the route: when
 * the full path matches nothing, leading segments are skipped one at a
 * time, but only non-empty ones that begin no route ("v1", "rtc", "rtm",
 * ...).  So /v1/rtm/foo stays a 404 rather than becoming /rtm/:rtmuid/
 * with "foo", and //v1/rtc is no /v1/rtc.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "responder.h"

#define NATIVE (RSP_M_GET | RSP_M_POST)

static const struct rsp_param_spec p_rtc[] = {
	{ "channel", FLD_CHANNEL, 1 },
	{ "uid", FLD_UID, 0 },
	{ "account", FLD_ACCOUNT, 0 },
	{ "role", FLD_ROLE, 0 },
	{ "expire", FLD_EXPIRE, 0 },
	{ "join_expire", FLD_JOIN_EXPIRE, 0 },
	{ "audio_expire", FLD_AUDIO_EXPIRE, 0 },
	{ "video_expire", FLD_VIDEO_EXPIRE, 0 },
	{ "data_expire", FLD_DATA_EXPIRE, 0 },
	{ "rtm_user", FLD_RTM_USER, 0 },
	{ "format", FLD_FORMAT, 0 },
	{ "app", FLD_APP, 0 },
	{ NULL, FLD_COUNT, 0 }
};
static const struct rsp_param_spec p_rtm[] = {
	{ "user", FLD_USER, 1 },
	{ "expire", FLD_EXPIRE, 0 },
	{ "format", FLD_FORMAT, 0 },
	{ "app", FLD_APP, 0 },
	{ NULL, FLD_COUNT, 0 }
};
static const struct rsp_param_spec p_chat[] = {
	{ "user", FLD_USER, 0 },
	{ "type", FLD_CHAT_TYPE, 0 },
	{ "expire", FLD_EXPIRE, 0 },
	{ "format", FLD_FORMAT, 0 },
	{ "app", FLD_APP, 0 },
	{ NULL, FLD_COUNT, 0 }
};
static const struct rsp_param_spec p_fpa[] = {
	{ "format", FLD_FORMAT, 0 },
	{ "app", FLD_APP, 0 },
	{ NULL, FLD_COUNT, 0 }
};
static const struct rsp_param_spec p_apaas[] = {
	{ "room", FLD_ROOM, 0 },
	{ "user", FLD_USER, 0 },
	{ "role", FLD_APAAS_ROLE, 0 },
	{ "expire", FLD_EXPIRE, 0 },
	{ "format", FLD_FORMAT, 0 },
	{ "app", FLD_APP, 0 },
	{ NULL, FLD_COUNT, 0 }
};
static const struct rsp_param_spec p_inspect[] = {
	{ "token", FLD_TOKEN, 1 },
	{ "channel", FLD_CHANNEL, 0 },
	{ "uid", FLD_UID, 0 },
	{ "account", FLD_ACCOUNT, 0 },
	{ NULL, FLD_COUNT, 0 }
};
static const struct rsp_param_spec p_none[] = {
	{ NULL, FLD_COUNT, 0 }
};
/* Compat routes keep the other services' parameter names. */
static const struct rsp_param_spec p_get_token[] = {
	{ "tokenType", FLD_TEXT, 0 },
	{ "channel", FLD_TEXT, 0 },
	{ "role", FLD_TEXT, 0 },
	{ "uid", FLD_TEXT, 0 },
	{ "expire", FLD_TEXT, 0 },
	{ NULL, FLD_COUNT, 0 }
};
static const struct rsp_param_spec p_go_rtc[] = {
	{ "channel", FLD_CHANNEL, 1 },
	{ "role", FLD_TEXT, 1 },
	{ "tokentype", FLD_TOKEN_TYPE, 1 },
	{ "uid", FLD_TEXT, 1 },
	{ "rtmuid", FLD_TEXT, 0 },
	{ "expiry", FLD_TEXT, 0 },
	{ NULL, FLD_COUNT, 0 }
};
static const struct rsp_param_spec p_go_rtm[] = {
	{ "rtmuid", FLD_TEXT, 1 },
	{ "expiry", FLD_TEXT, 0 },
	{ NULL, FLD_COUNT, 0 }
};
static const struct rsp_param_spec p_go_chat[] = {
	{ "id", FLD_TEXT, 0 },
	{ "expiry", FLD_TEXT, 0 },
	{ NULL, FLD_COUNT, 0 }
};
static const struct rsp_param_spec p_py_token[] = {
	{ "channel_name", FLD_CHANNEL, 1 },
	{ NULL, FLD_COUNT, 0 }
};
static const struct rsp_param_spec p_node_rtc[] = {
	{ "channelName", FLD_CHANNEL, 1 },
	{ "uid", FLD_UID, 0 },
	{ NULL, FLD_COUNT, 0 }
};
static const struct rsp_param_spec p_node_rtm[] = {
	{ "account", FLD_ACCOUNT, 1 },
	{ NULL, FLD_COUNT, 0 }
};

static const struct rsp_route routes[] = {
	/* native API */
	{ "/v1/rtc", NATIVE, rsp_h_rtc, p_rtc, RSP_R_STRICT },
	{ "/v1/rtm", NATIVE, rsp_h_rtm, p_rtm, RSP_R_STRICT },
	{ "/v1/chat", NATIVE, rsp_h_chat, p_chat, RSP_R_STRICT },
	{ "/v1/fpa", NATIVE, rsp_h_fpa, p_fpa, RSP_R_STRICT },
	{ "/v1/apaas", NATIVE, rsp_h_apaas, p_apaas, RSP_R_STRICT },
	{ "/v1/inspect", NATIVE, rsp_h_inspect, p_inspect, RSP_R_STRICT },
	{ "/healthz", RSP_M_GET | RSP_M_HEAD, rsp_h_healthz, p_none,
	  RSP_R_PUBLIC },
	/* AgoraIO-Community agora-token-service */
	{ "/ping", RSP_M_GET | RSP_M_HEAD, rsp_h_ping, p_none, RSP_R_PUBLIC },
	{ "/getToken", RSP_M_POST, rsp_h_get_token, p_get_token,
	  RSP_R_JSON_ANY },
	{ "/rtc/:channel/:role/:tokentype/:uid/", RSP_M_GET, rsp_h_go_rtc,
	  p_go_rtc, 0 },
	{ "/rtm/:rtmuid/", RSP_M_GET, rsp_h_go_rtm, p_go_rtm, 0 },
	{ "/rte/:channel/:role/:tokentype/:uid/", RSP_M_GET, rsp_h_go_rte,
	  p_go_rtc, 0 },
	{ "/rte/:channel/:role/:tokentype/:uid/:rtmuid/", RSP_M_GET,
	  rsp_h_go_rte, p_go_rtc, 0 },
	{ "/chat/app/", RSP_M_GET, rsp_h_go_chat, p_go_chat, 0 },
	{ "/chat/account/:id/", RSP_M_GET, rsp_h_go_chat, p_go_chat, 0 },
	/* official python3 token_service */
	{ "/v1/token", RSP_M_GET, rsp_h_py_token, p_py_token, 0 },
	/* official Node DemoServer */
	{ "/rtcToken", RSP_M_GET, rsp_h_node_rtc, p_node_rtc, 0 },
	{ "/rtmToken", RSP_M_GET, rsp_h_node_rtm, p_node_rtm, 0 },
};

#define MAX_CAPTURES 8

struct capture {
	const char *name;
	size_t name_len;
	const char *val;
	size_t len;
};

/* Length of s without one trailing '/' (except for "/" itself). */
static size_t trimmed_len(const char *s, size_t n)
{
	return (n > 1 && s[n - 1] == '/') ? n - 1 : n;
}

static int match(const char *pat, const char *path, size_t plen,
    struct capture *caps, size_t *ncaps)
{
	size_t pn, n, i, j;

	*ncaps = 0;
	/* Most patterns differ from the path in their first byte after the
	 * '/': a literal first segment must equal the path's, so a path whose
	 * byte there differs cannot match (path[1] exists: the path is
	 * NUL-terminated, and a trimmed trailing '/' never equals a literal). */
	if (pat[0] == '/' && pat[1] != ':' && pat[1] != '/' && pat[1] != '\0' &&
	    plen >= 1 && pat[1] != path[1])
		return 0;
	pn = trimmed_len(pat, strlen(pat));
	n = trimmed_len(path, plen);
	if (pn == 0 || n == 0 || pat[0] != '/' || path[0] != '/')
		return 0;
	i = j = 1;
	for (;;) {
		size_t pe = i, se = j;
		while (pe < pn && pat[pe] != '/')
			pe++;
		while (se < n && path[se] != '/')
			se++;
		if (pat[i] == ':' && pe > i) {
			if (*ncaps == MAX_CAPTURES)
				return 0;
			caps[*ncaps].name = pat + i + 1;
			caps[*ncaps].name_len = pe - i - 1;
			caps[*ncaps].val = path + j;
			caps[*ncaps].len = se - j;
			(*ncaps)++;
		} else if (pe - i != se - j || memcmp(pat + i, path + j, pe - i) != 0) {
			return 0;
		}
		if (pe >= pn || se >= n)
			return pe >= pn && se >= n;
		i = pe + 1;
		j = se + 1;
	}
}

#define NROUTES (sizeof routes / sizeof routes[0])

/* Per route: the trimmed length of a pattern without captures (which
 * starts with '/'), else 0.  Found once per process. */
static size_t literal_len[NROUTES];
static int literal_ready;

static void find_literals(void)
{
	size_t i;

	for (i = 0; i < NROUTES; i++) {
		const char *p = routes[i].pattern;
		size_t n = trimmed_len(p, strlen(p));

		literal_len[i] = p[0] == '/' && n > 0 && strchr(p, ':') == NULL ?
		    n : 0;
	}
	literal_ready = 1;
}

static const struct rsp_route *lookup(const char *path, size_t plen,
    unsigned method, unsigned *allow, struct capture *caps, size_t *ncaps)
{
	size_t i, n;
	const struct rsp_route *hit = NULL;

	*allow = 0;
	if (!literal_ready)
		find_literals();
	n = trimmed_len(path, plen);
	for (i = 0; i < NROUTES; i++) {
		struct capture c[MAX_CAPTURES];
		size_t nc = 0;

		/* A pattern without captures matches exactly the paths equal
		 * to it (trailing '/' aside): one compare, no segment walk. */
		if (literal_len[i] != 0) {
			if (n != literal_len[i] ||
			    memcmp(routes[i].pattern, path, n) != 0)
				continue;
		} else if (!match(routes[i].pattern, path, plen, c, &nc)) {
			continue;
		}
		*allow |= routes[i].methods | RSP_M_OPTIONS;
		if (hit == NULL && ((routes[i].methods & method) ||
		    method == RSP_M_OPTIONS)) {
			hit = &routes[i];
			memcpy(caps, c, sizeof c);
			*ncaps = nc;
		}
	}
	return hit;
}

/* Whether the n bytes at seg may be part of a mount prefix: not empty
 * and not the first segment of any route. */
static int mount_segment(const char *seg, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < NROUTES; i++) {
		const char *p = routes[i].pattern + 1;
		size_t pn = strcspn(p, "/");

		if (pn == n && memcmp(p, seg, n) == 0)
			return 0;
	}
	return 1;
}

const struct rsp_route *rsp_route_find(struct rsp_request *r, unsigned *allow,
    struct rsp_fail *f)
{
	struct capture caps[MAX_CAPTURES];
	size_t ncaps = 0, i, plen = strlen(r->path);
	const char *path = r->path;
	const struct rsp_route *rt;

	rt = lookup(path, plen, r->method, allow, caps, &ncaps);
	/* Skip a mount prefix, one segment at a time. */
	while (rt == NULL && *allow == 0) {
		const char *next;

		if (plen < 2)	/* an empty path has no segment to skip */
			break;
		next = memchr(path + 1, '/', plen - 1);
		if (next == NULL ||
		    !mount_segment(path + 1, (size_t)(next - path) - 1))
			break;
		plen -= (size_t)(next - path);
		path = next;
		rt = lookup(path, plen, r->method, allow, caps, &ncaps);
	}
	if (rt == NULL) {
		if (*allow == 0)
			return rsp_fail(f, RSP_E_NOT_FOUND,
			    "no such route: %.200s",
			    r->path), NULL;
		return rsp_fail(f, RSP_E_METHOD_NOT_ALLOWED,
		    "method %.16s is not allowed here", r->method_name), NULL;
	}
	for (i = 0; i < ncaps; i++) {
		char *name = rsp_arena_strndup(&r->ctx->arena, caps[i].name,
		    caps[i].name_len);
		char *val = rsp_arena_strndup(&r->ctx->arena, caps[i].val,
		    caps[i].len);
		if (name == NULL || val == NULL)
			return rsp_fail(f, RSP_E_BODY_TOO_LARGE,
			    "request is too large"), NULL;
		if (rsp_request_add_param(r, name, val, caps[i].len,
		    RSP_SRC_PATH, f) != 0)
			return NULL;
	}
	return rt;
}

void rsp_allow_header(struct rsp_response *res, unsigned methods)
{
	char buf[64] = "";

	if (methods & RSP_M_GET)
		strcat(buf, "GET, ");
	if (methods & RSP_M_HEAD)
		strcat(buf, "HEAD, ");
	if (methods & RSP_M_POST)
		strcat(buf, "POST, ");
	strcat(buf, "OPTIONS");
	rsp_response_header(res, "Allow: %s", buf);
}
