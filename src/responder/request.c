/* SPDX-License-Identifier: MIT */
/*
 * request.c - turns the CGI/FastCGI environment and body into parameters.
 *
 * Everything here is attacker-controlled, so decoding is strict: a '%' must
 * be followed by two hex digits, a decoded NUL is refused (values are also
 * used as C strings), a parameter may appear once, CONTENT_LENGTH is checked
 * against the 16 KiB limit before a single byte is read, and then exactly
 * CONTENT_LENGTH bytes are read.  JSON bodies must be one object of
 * strings, numbers or booleans; numbers become their decimal text so that
 * the same rules (validate.c) judge every source alike.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "responder.h"

#define NAME_MAX_LEN 64U

const char *rsp_env(const struct rsp_request *r, const char *name)
{
	return r->io->getenv(r->io->ctx, name);
}

/* The variables rsp_request_init, rsp_request_read_params and the
 * FastCGI loop's close (fcgi_main.c) ask for, by length, so that an entry
 * of the environment is compared only with the names of its length
 * (env_first). */
static const struct {
	const char *name;
	size_t len;
} env_names[RSP_ENV_INDEXED] = {
#define ENV_NAME(s) { s, sizeof s - 1 }
	ENV_NAME("PATH_INFO"),
	ENV_NAME("SCRIPT_NAME"), ENV_NAME("REQUEST_URI"),
	ENV_NAME("HTTP_ORIGIN"), ENV_NAME("REMOTE_USER"),
	ENV_NAME("QUERY_STRING"), ENV_NAME("CONTENT_TYPE"),
	ENV_NAME("REQUEST_METHOD"), ENV_NAME("CONTENT_LENGTH"),
	ENV_NAME("HTTP_AUTHORIZATION"), ENV_NAME("HTTP_TRANSFER_ENCODING"),
	ENV_NAME("HTTP_ACCESS_CONTROL_REQUEST_METHOD"),
#undef ENV_NAME
};

/* The first index in env_names of a name n bytes long, or
 * RSP_ENV_INDEXED when there is none. */
static size_t env_first(size_t n)
{
	switch (n) {
	case 9: return 0;
	case 11: return 1;
	case 12: return 5;
	case 14: return 7;
	case 18: return 9;
	case 22: return 10;
	case 34: return 11;
	default: return RSP_ENV_INDEXED;
	}
}

void rsp_envidx_fill(struct rsp_envidx *x, char *const *envp)
{
	char *const *p;
	size_t k;

	memset(x, 0, sizeof *x);
	x->envp = envp;
	if (envp == NULL)
		return;
	for (p = envp; *p != NULL; p++) {
		const char *eq = strchr(*p, '=');
		size_t n;

		if (eq == NULL)
			continue;
		n = (size_t)(eq - *p);
		for (k = env_first(n); k < RSP_ENV_INDEXED &&
		    env_names[k].len == n; k++) {
			/* The first entry of a name wins, as in FCGX_GetParam. */
			if (x->val[k] == NULL && env_names[k].name[0] == **p &&
			    memcmp(env_names[k].name, *p, n) == 0) {
				x->val[k] = eq + 1;
				break;
			}
		}
	}
}

const char *rsp_envidx_get(const struct rsp_envidx *x, const char *name)
{
	char *const *p;
	size_t k, n;

	/* Callers name the variables with the same literals as the table,
	 * which the toolchain usually stores once: try the pointers first. */
	for (k = 0; k < RSP_ENV_INDEXED; k++)
		if (env_names[k].name == name)
			return x->val[k];
	for (k = 0; k < RSP_ENV_INDEXED; k++)
		if (strcmp(env_names[k].name, name) == 0)
			return x->val[k];
	if (x->envp == NULL)
		return NULL;
	n = strlen(name);
	for (p = x->envp; *p != NULL; p++)
		if (strncmp(name, *p, n) == 0 && (*p)[n] == '=')
			return *p + n + 1;
	return NULL;
}

static char *urldecode_as(struct rsp_arena *a, const char *s, size_t n,
    size_t *outlen, int plus_is_space, struct rsp_fail *f);

static const char *nonempty(const char *s)
{
	return (s != NULL && *s != '\0') ? s : NULL;
}

static unsigned method_bit(const char *m)
{
	if (strcmp(m, "GET") == 0)
		return RSP_M_GET;
	if (strcmp(m, "POST") == 0)
		return RSP_M_POST;
	if (strcmp(m, "HEAD") == 0)
		return RSP_M_HEAD;
	if (strcmp(m, "OPTIONS") == 0)
		return RSP_M_OPTIONS;
	return RSP_M_OTHER;
}

int rsp_request_init(struct rsp_request *r, struct rsp_ctx *ctx,
    const struct rsp_io *io, struct rsp_fail *f)
{
	const char *m, *p, *s;

	memset(r, 0, sizeof *r);
	r->ctx = ctx;
	r->io = io;
	r->now = time(NULL);
	m = nonempty(rsp_env(r, "REQUEST_METHOD"));
	if (m == NULL)
		return rsp_fail(f, RSP_E_BAD_REQUEST,
		    "no REQUEST_METHOD: run this program under a web server");
	r->method_name = m;
	r->method = method_bit(m);
	/* The path the client asked for is SCRIPT_NAME followed by
	 * PATH_INFO: servers split it at different places (lighttpd's "/"
	 * mount gives "/v1" + "/rtc", CGI "/cgi-bin/agora-token.fcgi" +
	 * "/v1/rtc", others all in one of them), and the router skips a
	 * mount prefix (route.c).  A server that leaves both empty has the
	 * path only in REQUEST_URI. */
	s = nonempty(rsp_env(r, "SCRIPT_NAME"));
	p = nonempty(rsp_env(r, "PATH_INFO"));
	if (s != NULL && p != NULL) {
		size_t sn = strlen(s), pn = strlen(p);
		char *both = rsp_arena_alloc(&ctx->arena, sn + pn + 1);

		if (both == NULL)
			return rsp_fail(f, RSP_E_URI_TOO_LONG,
			    "request path is too long");
		memcpy(both, s, sn);
		memcpy(both + sn, p, pn + 1);
		p = both;
	} else if (p == NULL && s != NULL) {
		p = s;
	} else if (p == NULL) {
		const char *uri = nonempty(rsp_env(r, "REQUEST_URI"));
		if (uri != NULL) {
			/* Unlike PATH_INFO this is still encoded. */
			size_t n = strcspn(uri, "?#"), len;
			p = urldecode_as(&ctx->arena, uri, n, &len, 0, f);
			if (p == NULL)
				return -1;
		}
	}
	r->path = p != NULL ? p : "/";
	r->query = rsp_env(r, "QUERY_STRING");
	r->content_type = nonempty(rsp_env(r, "CONTENT_TYPE"));
	r->origin = nonempty(rsp_env(r, "HTTP_ORIGIN"));
	r->remote_user = nonempty(rsp_env(r, "REMOTE_USER"));
	r->authorization = nonempty(rsp_env(r, "HTTP_AUTHORIZATION"));
	r->preflight_method =
	    nonempty(rsp_env(r, "HTTP_ACCESS_CONTROL_REQUEST_METHOD"));
	return 0;
}

int rsp_request_add_param(struct rsp_request *r, const char *name,
    const char *val, size_t len, enum rsp_src src, struct rsp_fail *f)
{
	size_t i;

	if (*name == '\0')
		return rsp_fail(f, RSP_E_BAD_REQUEST,
		    "a parameter has an empty name");
	if (strlen(name) > NAME_MAX_LEN)
		return rsp_fail(f, RSP_E_BAD_REQUEST,
		    "a parameter name is longer than %u bytes", NAME_MAX_LEN);
	for (i = 0; i < r->nparams; i++)
		if (strcmp(r->params[i].name, name) == 0)
			return rsp_fail(f, RSP_E_DUPLICATE_PARAMETER,
			    "parameter %.64s is given more than once", name);
	if (r->nparams == RSP_PARAMS_MAX)
		return rsp_fail(f, RSP_E_BAD_REQUEST,
		    "more than %u parameters", RSP_PARAMS_MAX);
	r->params[r->nparams].name = name;
	r->params[r->nparams].val = val;
	r->params[r->nparams].len = len;
	r->params[r->nparams].src = src;
	r->params[r->nparams].used = 0;
	r->nparams++;
	return 0;
}

/* Decodes s[0..n) into a new string of arena a; in form data '+' is a
 * space. */
static char *urldecode_as(struct rsp_arena *a, const char *s, size_t n,
    size_t *outlen, int plus_is_space, struct rsp_fail *f)
{
	char *out = rsp_arena_alloc(a, n + 1);
	size_t i, o = 0;

	if (out == NULL) {
		rsp_fail(f, RSP_E_BODY_TOO_LARGE, "request is too large");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			int hi, lo;
			if (n - i < 3 ||
			    (hi = hex_digit((unsigned char)s[i + 1])) < 0 ||
			    (lo = hex_digit((unsigned char)s[i + 2])) < 0) {
				rsp_fail(f, RSP_E_BAD_ENCODING,
				    "malformed percent-encoding: '%%' must be "
				    "followed by two hex digits");
				return NULL;
			}
			c = (unsigned char)(hi * 16 + lo);
			if (c == 0) {
				rsp_fail(f, RSP_E_BAD_ENCODING,
				    "a parameter contains an encoded NUL byte (%%00)");
				return NULL;
			}
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		out[o++] = (char)c;
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

static char *urldecode(struct rsp_request *r, const char *s, size_t n,
    size_t *outlen, struct rsp_fail *f)
{
	return urldecode_as(&r->ctx->arena, s, n, outlen, 1, f);
}

int rsp_parse_urlencoded(struct rsp_request *r, const char *s, size_t n,
    enum rsp_src src, struct rsp_fail *f)
{
	size_t i = 0;

	while (i < n) {
		size_t end = i, eq;
		size_t nlen, vlen;
		char *name, *val;

		while (end < n && s[end] != '&')
			end++;
		if (end == i) {          /* "a=1&&b=2": empty piece */
			i = end + 1;
			continue;
		}
		for (eq = i; eq < end && s[eq] != '='; eq++)
			;
		name = urldecode(r, s + i, eq - i, &nlen, f);
		if (name == NULL)
			return -1;
		if (eq < end)
			val = urldecode(r, s + eq + 1, end - eq - 1, &vlen, f);
		else
			val = urldecode(r, "", 0, &vlen, f);
		if (val == NULL)
			return -1;
		if (nlen == 0)
			return rsp_fail(f, RSP_E_BAD_REQUEST,
			    "a parameter has an empty name");
		if (rsp_request_add_param(r, name, val, vlen, src, f) != 0)
			return -1;
		i = end + 1;
	}
	return 0;
}

/* cJSON turns "\u0000" into a NUL that silently ends the string; refuse it
 * (and raw NULs) before parsing rather than accept a shortened value. */
static int json_has_nul(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\0')
			return 1;
		if (s[i] == '\\' && i + 1 < n) {
			if (s[i + 1] == 'u' && n - i >= 6 && s[i + 2] == '0' &&
			    s[i + 3] == '0' && s[i + 4] == '0' && s[i + 5] == '0')
				return 1;
			i++;
		}
	}
	return 0;
}

int rsp_parse_json_object(struct rsp_request *r, const char *s, size_t n,
    struct rsp_fail *f)
{
	const char *end = NULL;
	cJSON *root, *it;
	int rc = 0;

	if (json_has_nul(s, n))
		return rsp_fail(f, RSP_E_INVALID_JSON,
		    "request body must not contain NUL characters");
	root = cJSON_ParseWithLengthOpts(s, n, &end, 0);
	if (root == NULL)
		return rsp_fail(f, RSP_E_INVALID_JSON,
		    "request body is not valid JSON");
	if (end != NULL) {
		while (end < s + n && (*end == ' ' || *end == '\t' ||
		    *end == '\r' || *end == '\n'))
			end++;
		if (end != s + n) {
			cJSON_Delete(root);
			return rsp_fail(f, RSP_E_INVALID_JSON,
			    "request body has data after the JSON value");
		}
	}
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return rsp_fail(f, RSP_E_INVALID_JSON,
		    "request body must be a JSON object");
	}
	for (it = root->child; it != NULL && rc == 0; it = it->next) {
		char num[48];
		const char *txt;
		char *name, *val;
		size_t len;

		if (it->string == NULL)
			continue;
		if (cJSON_IsString(it)) {
			txt = it->valuestring;
		} else if (cJSON_IsNumber(it)) {
			double d = it->valuedouble, a = d < 0 ? -d : d;
			/* Whole numbers as integers; anything else keeps a
			 * form the rules reject ("1.5", "1e+300"). */
			if (a < 1e15 && (double)(long long)d == d)
				snprintf(num, sizeof num, "%lld", (long long)d);
			else
				snprintf(num, sizeof num, "%.17g", d);
			txt = num;
		} else if (cJSON_IsBool(it)) {
			txt = cJSON_IsTrue(it) ? "true" : "false";
		} else if (cJSON_IsNull(it)) {
			continue;   /* as if absent, like Go's decoder */
		} else {
			rc = rsp_fail(f, RSP_E_INVALID_JSON,
			    "JSON member %.64s must be a string, number or boolean",
			    it->string);
			break;
		}
		len = strlen(txt);
		name = rsp_arena_strndup(&r->ctx->arena, it->string,
		    strlen(it->string));
		val = rsp_arena_strndup(&r->ctx->arena, txt, len);
		if (name == NULL || val == NULL) {
			rc = rsp_fail(f, RSP_E_BODY_TOO_LARGE,
			    "request is too large");
			break;
		}
		rc = rsp_request_add_param(r, name, val, len, RSP_SRC_BODY, f);
	}
	cJSON_Delete(root);
	return rc;
}

/* Compares the media type of a Content-Type (before any ';') with want. */
static int media_is(const char *ct, const char *want)
{
	size_t n = strlen(want);

	while (*ct == ' ' || *ct == '\t')
		ct++;
	if (strncasecmp(ct, want, n) != 0)
		return 0;
	ct += n;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

/* Only UTF-8 (or no charset) is understood. */
static int charset_ok(const char *ct)
{
	const char *p = strchr(ct, ';');

	while (p != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "charset=", 8) == 0) {
			const char *v = p + 8;
			if (*v == '"')
				v++;
			if (strncasecmp(v, "utf-8", 5) != 0 &&
			    strncasecmp(v, "utf8", 4) != 0)
				return 0;
		}
		p = strchr(p, ';');
	}
	return 1;
}

int rsp_parse_content_length(const char *s, size_t *out)
{
	size_t v = 0;

	if (s == NULL || *s == '\0') {
		*out = 0;
		return 0;
	}
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > ((size_t)-1 - 9) / 10)
			return -1;
		v = v * 10 + (size_t)(*s - '0');
	}
	*out = v;
	return 0;
}

static int read_body(struct rsp_request *r, size_t len, char **out,
    struct rsp_fail *f)
{
	char *buf = rsp_arena_alloc(&r->ctx->arena, len + 1);
	size_t got = 0;

	if (buf == NULL)
		return rsp_fail(f, RSP_E_BODY_TOO_LARGE,
		    "request is too large");
	while (got < len) {
		long n = r->io->read(r->io->ctx, buf + got, len - got);
		if (n < 0)
			return rsp_fail(f, RSP_E_BAD_REQUEST,
			    "reading the request body failed");
		if (n == 0)
			return rsp_fail(f, RSP_E_BAD_REQUEST,
			    "request body is shorter than its Content-Length");
		got += (size_t)n;
	}
	buf[len] = '\0';
	*out = buf;
	return 0;
}

int rsp_request_read_params(struct rsp_request *r, unsigned flags,
    struct rsp_fail *f)
{
	size_t clen = 0, qlen;
	char *body = NULL;
	const char *ct = r->content_type;

	if (r->query != NULL) {
		qlen = strlen(r->query);
		if (qlen > RSP_QUERY_MAX)
			return rsp_fail(f, RSP_E_URI_TOO_LONG,
			    "query string is longer than %u bytes", RSP_QUERY_MAX);
		if (rsp_parse_urlencoded(r, r->query, qlen, RSP_SRC_QUERY, f) != 0)
			return -1;
	}
	if (rsp_parse_content_length(rsp_env(r, "CONTENT_LENGTH"), &clen) != 0)
		return rsp_fail(f, RSP_E_BAD_REQUEST, "invalid Content-Length");
	/* The limit is judged on the declared length, before reading. */
	if (clen > RSP_BODY_MAX)
		return rsp_fail(f, RSP_E_BODY_TOO_LARGE,
		    "request body is larger than %u bytes", RSP_BODY_MAX);
	if (r->method != RSP_M_POST)
		return 0;
	if (clen == 0) {
		if (flags & RSP_BODY_JSON_ANY_TYPE)
			return rsp_fail(f, RSP_E_INVALID_JSON,
			    "request body must be a JSON object");
		return 0;
	}
	if (ct != NULL && !charset_ok(ct))
		return rsp_fail(f, RSP_E_UNSUPPORTED_MEDIA_TYPE,
		    "only UTF-8 request bodies are accepted");
	if (ct != NULL && media_is(ct, "application/x-www-form-urlencoded")) {
		if (read_body(r, clen, &body, f) != 0)
			return -1;
		if (memchr(body, '\0', clen) != NULL)
			return rsp_fail(f, RSP_E_BAD_ENCODING,
			    "request body contains a NUL byte");
		return rsp_parse_urlencoded(r, body, clen, RSP_SRC_BODY, f);
	}
	if ((ct != NULL && media_is(ct, "application/json")) ||
	    (flags & RSP_BODY_JSON_ANY_TYPE)) {
		if (read_body(r, clen, &body, f) != 0)
			return -1;
		return rsp_parse_json_object(r, body, clen, f);
	}
	return rsp_fail(f, RSP_E_UNSUPPORTED_MEDIA_TYPE,
	    "request body must be application/json or "
	    "application/x-www-form-urlencoded");
}
