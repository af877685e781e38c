/* SPDX-License-Identifier: MIT */
/*
 * cli_vectors_parse.c - the "parse" cases of "agora-token vectors check":
 * a recorded token that must parse (or must not), whose decoded fields must
 * equal the recorded ones, and whose signature must verify (or must not)
 * with a recorded certificate, channel and uid.  They hold the tests of the
 * official implementations that read a token instead of building one
 * (vectors/peers/).  A failing case prints one line naming the first
 * difference.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli_vectors.h"

enum verdict { V_VALID, V_INVALID, V_PARSED, V_UNPARSABLE };

/* One parse case.  Its strings point into vj, and what it allocates
 * lives in vj too. */
struct pcase {
	struct vjson *vj;
	const char *id;
	struct differ d;    /* reports a difference under id */
	char why[200];
	int malformed;
};

static void bad(struct pcase *c, const char *fmt, ...) CLI_PRINTF(2, 3);

/* Marks the case malformed; the first reason is kept. */
static void bad(struct pcase *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note_why(c->why, sizeof c->why, &c->malformed, fmt, ap);
	va_end(ap);
}

/* A JSON integer in 0..max, or -1 after marking the case malformed. */
static long long want_uint(struct pcase *c, const cJSON *v, const char *what,
    long long max)
{
	double x;

	if (!cJSON_IsNumber(v)) {
		bad(c, "%s is not a number", what);
		return -1;
	}
	x = v->valuedouble;
	if (!isfinite(x) || x != floor(x) || x < 0 || x > (double)max) {
		bad(c, "%s is not an integer 0..%lld", what, max);
		return -1;
	}
	return (long long)x;
}

static struct agt_str want_str(struct pcase *c, const cJSON *v,
    const char *what)
{
	struct agt_str s = { "", 0 };

	if (v == NULL || vj_string(c->vj, v, &s) != 0) {
		bad(c, "%s is not a string", what);
		s.p = "";
		s.n = 0;
	}
	return s;
}

/* ---- comparing the recorded fields with the decoded token ---- */

static int cmp_priv(const void *a, const void *b)
{
	const struct agt_priv *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* {"<id>": value}: every privilege of the token, in any order. */
static int match_privs(struct pcase *c, const char *prefix, const cJSON *obj,
    const struct agt_priv *got, size_t ngot)
{
	struct agt_priv *e;
	const cJSON *it;
	size_t n = 0;
	char f[96];

	if (!cJSON_IsObject(obj)) {
		bad(c, "%sprivileges is not an object", prefix);
		return 1;
	}
	e = vj_alloc(c->vj, (size_t)cJSON_GetArraySize(obj), sizeof *e);
	cJSON_ArrayForEach(it, obj) {
		char *end;
		unsigned long id = strtoul(it->string, &end, 10);
		long long v = want_uint(c, it, "a privilege value", UINT32_MAX);

		if (*it->string < '0' || *it->string > '9' || *end != '\0' ||
		    id > 65535) {
			bad(c, "%sprivileges key \"%.20s\" is not an id 0..65535",
			    prefix, it->string);
			return 1;
		}
		if (v < 0)
			return 1;
		e[n].id = (uint16_t)id;
		e[n].expire = (uint32_t)v;
		n++;
	}
	qsort(e, n, sizeof *e, cmp_priv);
	for (size_t i = 1; i < n; i++)
		if (e[i].id == e[i - 1].id) {
			bad(c, "%sprivileges repeats id %u", prefix, e[i].id);
			return 1;
		}
	snprintf(f, sizeof f, "%sprivileges count", prefix);
	if (diff_num(&c->d, f, n, ngot))
		return 1;
	for (size_t i = 0; i < n; i++) {
		snprintf(f, sizeof f, "%sprivileges[%zu].id", prefix, i);
		if (diff_num(&c->d, f, e[i].id, got[i].id))
			return 1;
		snprintf(f, sizeof f, "%sprivileges[%u]", prefix, e[i].id);
		if (diff_num(&c->d, f, e[i].expire, got[i].expire))
			return 1;
	}
	return 0;
}

/* {"<resource type>": {"<permission type>": ["resource", ...]}}; a type
 * with no permission types ({}) is the token's declare-only entry. */
static int match_perms(struct pcase *c, const char *prefix, const cJSON *obj,
    const struct agt_rtm2_perm *got, size_t ngot)
{
	const cJSON *rt, *pt, *res;
	size_t k = 0, m;
	char f[128];

	if (obj == NULL) {
		snprintf(f, sizeof f, "%spermissions count", prefix);
		return diff_num(&c->d, f, 0, ngot);
	}
	if (!cJSON_IsObject(obj)) {
		bad(c, "%spermissions is not an object", prefix);
		return 1;
	}
	/* Both must hold as many entries; then each entry of the token (in
	 * its sorted order) is looked up in the record. */
	cJSON_ArrayForEach(rt, obj) {
		size_t nt = (size_t)cJSON_GetArraySize(rt);

		if (!cJSON_IsObject(rt)) {
			bad(c, "%spermissions[%.20s] is not an object", prefix,
			    rt->string);
			return 1;
		}
		k += nt ? nt : 1;
	}
	snprintf(f, sizeof f, "%spermissions count", prefix);
	if (diff_num(&c->d, f, k, ngot))
		return 1;
	for (size_t i = 0; i < ngot; i++) {
		const struct agt_rtm2_perm *p = &got[i];
		char key[8];

		snprintf(key, sizeof key, "%u", p->resource_type);
		rt = vj_get(obj, key);
		if (rt == NULL) {
			printf("%s: %spermissions: the token has resource type %u, "
			    "the case does not\n", c->id, prefix, p->resource_type);
			return 1;
		}
		if (p->type_only) {
			if (cJSON_GetArraySize(rt) != 0) {
				printf("%s: %spermissions[%u]: the token declares the "
				    "type without permission types\n", c->id, prefix,
				    p->resource_type);
				return 1;
			}
			continue;
		}
		snprintf(key, sizeof key, "%u", p->permission_type);
		pt = vj_get(rt, key);
		if (pt == NULL) {
			printf("%s: %spermissions[%u]: the token has permission type "
			    "%u, the case does not\n", c->id, prefix, p->resource_type,
			    p->permission_type);
			return 1;
		}
		if (!cJSON_IsArray(pt)) {
			bad(c, "%spermissions[%u][%u] is not a list", prefix,
			    p->resource_type, p->permission_type);
			return 1;
		}
		snprintf(f, sizeof f, "%spermissions[%u][%u] count", prefix,
		    p->resource_type, p->permission_type);
		if (diff_num(&c->d, f, (size_t)cJSON_GetArraySize(pt),
		    p->nresources))
			return 1;
		m = 0;
		cJSON_ArrayForEach(res, pt) {
			struct agt_str s = want_str(c, res, "a resource");

			if (c->malformed)
				return 1;
			snprintf(f, sizeof f, "%spermissions[%u][%u][%zu]", prefix,
			    p->resource_type, p->permission_type, m);
			if (diff_str(&c->d, f, s, p->resources[m]))
				return 1;
			m++;
		}
	}
	return 0;
}

/* The fields of each service type, as AccessToken2.build cases name them. */
static const char *const svc_fields[][4] = {
	[AGT_SERVICE_RTC] = { "channel_name", "uid" },
	[AGT_SERVICE_RTM] = { "user_id" },
	[AGT_SERVICE_STREAMING] = { "channel_name", "account" },
	[AGT_SERVICE_FPA] = { NULL },
	[AGT_SERVICE_CHAT] = { "user_id" },
	[AGT_SERVICE_FCDN] = { "channel_name", "account" },
	[AGT_SERVICE_APAAS] = { "room_uuid", "user_uuid", "role" },
	[AGT_SERVICE_RTM2] = { "user_id", "permissions" },
	[AGT_SERVICE_CONVOAI] = { NULL },
	[AGT_SERVICE_STT] = { NULL },
};
#define NSVC_TYPES (sizeof svc_fields / sizeof svc_fields[0])

static struct agt_str svc_str(const struct agt_service *s, const char *name)
{
	if (strcmp(name, "channel_name") == 0)
		return s->channel;
	if (strcmp(name, "uid") == 0 || strcmp(name, "account") == 0)
		return s->account;
	if (strcmp(name, "user_id") == 0)
		return s->user_id;
	if (strcmp(name, "room_uuid") == 0)
		return s->room_uuid;
	return s->user_uuid;
}

static int match_service(struct pcase *c, size_t idx, const cJSON *o,
    const struct agt_service *s)
{
	const cJSON *it;
	char p[32], f[96];
	long long type;

	snprintf(p, sizeof p, "services[%zu].", idx);
	if (!cJSON_IsObject(o)) {
		bad(c, "services[%zu] is not an object", idx);
		return 1;
	}
	type = want_uint(c, vj_get(o, "type"), "a service type", 65535);
	if (type < 0)
		return 1;
	if ((size_t)type >= NSVC_TYPES || type == 0) {
		bad(c, "services[%zu]: type %lld has no known fields", idx, type);
		return 1;
	}
	cJSON_ArrayForEach(it, o) {
		int known = strcmp(it->string, "type") == 0 ||
		    strcmp(it->string, "privileges") == 0;

		for (int j = 0; !known && svc_fields[type][j] != NULL; j++)
			known = strcmp(it->string, svc_fields[type][j]) == 0;
		if (!known) {
			bad(c, "services[%zu] has no field \"%.30s\" for type %lld",
			    idx, it->string, type);
			return 1;
		}
	}
	snprintf(f, sizeof f, "%stype", p);
	if (diff_num(&c->d, f, (unsigned long long)type, s->type))
		return 1;
	if (match_privs(c, p, vj_get(o, "privileges"), s->privs, s->nprivs))
		return 1;
	for (int j = 0; svc_fields[type][j] != NULL; j++) {
		const char *name = svc_fields[type][j];
		const cJSON *v = vj_get(o, name);

		snprintf(f, sizeof f, "%s%s", p, name);
		if (strcmp(name, "permissions") == 0) {
			if (match_perms(c, p, v, s->perms, s->nperms))
				return 1;
		} else if (strcmp(name, "role") == 0) {
			double r = cJSON_IsNumber(v) ? v->valuedouble : 0.5;

			if (r != floor(r) || r < -32768 || r > 32767) {
				bad(c, "%s is not an int16", f);
				return 1;
			}
			if (diff_int(&c->d, f, (int)r, s->role))
				return 1;
		} else {
			struct agt_str e = want_str(c, v, f);

			if (c->malformed || diff_str(&c->d, f, e, svc_str(s, name)))
				return 1;
		}
	}
	return 0;
}

/* Compares each recorded field with the view; 0 when all are equal. */
static int match_fields(struct pcase *c, const cJSON *fields,
    const struct agt_token_view *v)
{
	const cJSON *it;

	if (!cJSON_IsObject(fields)) {
		bad(c, "\"fields\" is not an object");
		return 1;
	}
	cJSON_ArrayForEach(it, fields) {
		const char *k = it->string;
		unsigned long long got;
		long long e;

		if (strcmp(k, "app_id") == 0) {
			struct agt_str s = want_str(c, it, "fields.app_id");

			if (c->malformed || diff_str(&c->d, k, s, v->app_id))
				return 1;
			continue;
		}
		if (strcmp(k, "privileges") == 0) {
			if (match_privs(c, "", it, v->privs, v->nprivs))
				return 1;
			continue;
		}
		if (strcmp(k, "services") == 0) {
			size_t i = 0;
			const cJSON *s;

			if (!cJSON_IsArray(it)) {
				bad(c, "fields.services is not a list");
				return 1;
			}
			if (diff_num(&c->d, "services count",
			    (size_t)cJSON_GetArraySize(it), v->nservices))
				return 1;
			cJSON_ArrayForEach(s, it) {
				if (match_service(c, i, s, &v->services[i]))
					return 1;
				i++;
			}
			if (v->unknown_service) {
				printf("%s: the token holds a service of type %u, "
				    "unknown to the library, after the listed ones\n",
				    c->id, v->unknown_service_type);
				return 1;
			}
			continue;
		}
		if (strcmp(k, "version") == 0)
			got = (unsigned)v->version;
		else if (strcmp(k, "salt") == 0)
			got = v->salt;
		else if (strcmp(k, "ts") == 0 || strcmp(k, "issue_ts") == 0)
			got = v->ts;
		else if (strcmp(k, "expire") == 0)
			got = v->expire;
		else if (strcmp(k, "crc_channel") == 0)
			got = v->crc_channel;
		else if (strcmp(k, "crc_uid") == 0)
			got = v->crc_uid;
		else {
			bad(c, "\"fields\" has an unknown field \"%.30s\"", k);
			return 1;
		}
		e = want_uint(c, it, k, UINT32_MAX);
		if (e < 0 || diff_num(&c->d, k, (unsigned long long)e, got))
			return 1;
	}
	return 0;
}

/* ---- the case ---- */

/* An identity as the reference writes it: a string as it is, the number 0
 * as "", another integer in decimal. */
static struct agt_str want_ident(struct pcase *c, const cJSON *v,
    const char *what)
{
	struct agt_str s = { "", 0 };
	char *buf;

	if (v == NULL)
		return s;
	if (cJSON_IsString(v))
		return want_str(c, v, what);
	if (want_uint(c, v, what, UINT32_MAX) < 0 || v->valuedouble == 0)
		return s;
	buf = vj_alloc(c->vj, 24, 1);
	snprintf(buf, 24, "%.0f", v->valuedouble);
	s.p = buf;
	s.n = strlen(buf);
	return s;
}

static const char *const verdict_names[] = {
	[V_VALID] = "valid", [V_INVALID] = "invalid", [V_PARSED] = "parsed",
	[V_UNPARSABLE] = "unparsable",
};

/* The certificate, channel and uid of "verify"; 0 unless malformed. */
static int want_verify(struct pcase *c, const cJSON *verify,
    struct agt_str *cert, struct agt_str *channel, struct agt_str *uid)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, verify)
		if (strcmp(it->string, "app_certificate") != 0 &&
		    strcmp(it->string, "channel_name") != 0 &&
		    strcmp(it->string, "uid") != 0)
			bad(c, "\"verify\" has an unknown field \"%.30s\"",
			    it->string);
	*cert = want_str(c, vj_get(verify, "app_certificate"),
	    "verify.app_certificate");
	if (vj_get(verify, "channel_name") != NULL)
		*channel = want_str(c, vj_get(verify, "channel_name"),
		    "verify.channel_name");
	*uid = want_ident(c, vj_get(verify, "uid"), "verify.uid");
	return c->malformed;
}

/* Parses, compares and verifies; 1 when the case passes. */
static int run(struct pcase *c, struct agt_str text, enum verdict want,
    const cJSON *fields, const cJSON *verify)
{
	struct agt_str cert = { "", 0 }, channel = { "", 0 }, uid = { "", 0 };
	struct agt_token *tok = NULL;
	struct agt_token_view view;
	enum agt_err err;
	int ok = 0;

	if (verify != NULL && want_verify(c, verify, &cert, &channel, &uid))
		return 0;
	err = agt_token_parse(text.p, text.n, &tok);
	if (want == V_UNPARSABLE) {
		if (err == AGT_OK)
			printf("%s: the token parses, but the case says it must "
			    "not\n", c->id);
		ok = err != AGT_OK;
		goto out;
	}
	if (err != AGT_OK) {
		printf("%s: the token does not parse: %s (%s)\n", c->id,
		    agt_strerror(err), agt_errname(err));
		goto out;
	}
	agt_token_view_init(&view);
	if (agt_token_get_view(tok, &view) != AGT_OK) {
		printf("%s: cannot read the decoded token\n", c->id);
		goto out;
	}
	if (fields != NULL && match_fields(c, fields, &view))
		goto out;
	if (want == V_PARSED) {
		ok = 1;
		goto out;
	}
	err = agt_token_verify(tok, cert, channel, uid);
	if (want == V_VALID && err != AGT_OK)
		printf("%s: the token does not verify: %s (%s)\n", c->id,
		    agt_strerror(err), agt_errname(err));
	else if (want == V_INVALID && err == AGT_OK)
		printf("%s: the token verifies, but the case says it must not\n",
		    c->id);
	else
		ok = 1;
out:
	agt_token_free(tok);
	return ok;
}

int cli_vectors_parse_check(struct vjson *vj, const char *id)
{
	const cJSON *root = vj->root, *it;
	struct pcase c;
	enum verdict want = V_VALID;
	const cJSON *v, *fields, *verify;
	struct agt_str text = { "", 0 };
	int ok = 0, nv = 0;

	memset(&c, 0, sizeof c);
	c.vj = vj;
	c.id = id;
	c.d.o = stdout;
	c.d.id = id;
	cJSON_ArrayForEach(it, root) {
		static const char *const known[] = { "id", "source", "builder",
		    "token", "verdict", "fields", "verify", "note", NULL };
		int j;

		for (j = 0; known[j] != NULL; j++)
			if (strcmp(it->string, known[j]) == 0)
				break;
		if (known[j] == NULL)
			bad(&c, "a parse case has no field \"%.30s\"", it->string);
	}
	text = want_str(&c, vj_get(root, "token"), "\"token\"");
	v = vj_get(root, "verdict");
	if (cJSON_IsString(v)) {
		for (nv = 0; nv < 4; nv++)
			if (strcmp(v->valuestring, verdict_names[nv]) == 0)
				break;
		want = (enum verdict)nv;
	}
	if (!cJSON_IsString(v) || nv == 4)
		bad(&c, "\"verdict\" must be valid, invalid, parsed or unparsable");
	fields = vj_get(root, "fields");
	verify = vj_get(root, "verify");
	if (want == V_UNPARSABLE && (fields != NULL || verify != NULL))
		bad(&c, "an unparsable token has no \"fields\" or \"verify\"");
	if (want == V_PARSED && verify != NULL)
		bad(&c, "verdict \"parsed\" takes no \"verify\"");
	if ((want == V_VALID || want == V_INVALID) && !cJSON_IsObject(verify))
		bad(&c, "verdict \"%s\" needs a \"verify\" object",
		    verdict_names[want]);
	if (!c.malformed)
		ok = run(&c, text, want, fields, verify);
	if (c.malformed) {
		printf("%s: malformed case: %s\n", id, c.why);
		ok = 0;
	}
	return ok;
}
