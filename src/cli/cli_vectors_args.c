/* SPDX-License-Identifier: MIT */
/*
 * cli_vectors_args.c - a builder case's arguments converted the way the
 * reference converts them before it packs a token: Python's int() for
 * numbers, .encode('utf-8') for strings, an identity (uid, account) as
 * str() of the value with 0 as "", and the privilege, permission and
 * service maps of the raw builders.  A value the reference would reject
 * refuses the case; npm-only builders (c->npm) follow JavaScript instead.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli_vectors.h"

/* Python's int(str): optional whitespace and sign, digits with single
 * underscores between them.  0 ok, -1 not an integer. */
static int py_int_str(const char *s, long double *out)
{
	long double v = 0;
	int neg = 0, digits = 0, under = 0;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	for (; *s != '\0'; s++) {
		if (*s == '_') {
			if (digits == 0 || under)
				return -1;
			under = 1;
			continue;
		}
		if (*s < '0' || *s > '9')
			break;
		v = v * 10 + (*s - '0');
		digits++;
		under = 0;
	}
	if (digits == 0 || under)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	if (*s != '\0')
		return -1;
	*out = neg ? -v : v;
	return 0;
}

/* int(x) for a JSON value: 0 ok, -1 the reference raises. */
int py_int(struct vcase *c, const cJSON *v, long double *out)
{
	if (cJSON_IsBool(v)) {
		*out = cJSON_IsTrue(v) ? 1 : 0;
		return 0;
	}
	if (cJSON_IsNumber(v)) {
		if (!isfinite(v->valuedouble))
			return -1;
		*out = truncl((long double)v->valuedouble);
		return 0;
	}
	if (cJSON_IsString(v)) {
		struct agt_str s;

		if (vj_string(&c->vj, v, &s) != 0 || memchr(s.p, 0, s.n) != NULL)
			return -1;
		return py_int_str(s.p, out);
	}
	return -1;
}

long long a_int(struct vcase *c, int i, long long min, long long max,
    long long def, const char *what)
{
	const cJSON *v = c->arg[i];
	long double x;

	if (v == NULL)
		return def;
	if (py_int(c, v, &x) != 0) {
		case_refuse(c, "args.%s is not an integer", c->b->args[i]);
		return def;
	}
	if (x < (long double)min || x > (long double)max) {
		case_refuse(c, "args.%s = %.0Lf does not fit %s", c->b->args[i],
		    x, what);
		return def;
	}
	return (long long)x;
}

uint32_t a_u32(struct vcase *c, int i, uint32_t def)
{
	return (uint32_t)a_int(c, i, 0, UINT32_MAX, def, "uint32");
}

/* A string argument (the reference calls .encode('utf-8') on it). */
struct agt_str a_str(struct vcase *c, int i)
{
	struct agt_str s = { "", 0 };
	const cJSON *v = c->arg[i];
	int rc;

	if (v == NULL)
		return s;
	rc = vj_string(&c->vj, v, &s);
	if (rc == -1)
		case_refuse(c, "args.%s is not a string", c->b->args[i]);
	else if (rc == -2)
		case_refuse(c, "args.%s cannot be encoded as UTF-8 (lone "
		    "surrogate)", c->b->args[i]);
	if (rc != 0) {
		s.p = "";
		s.n = 0;
	}
	return s;
}

/* Shortest "%.Ng" that reads back as x, like Python's float repr. */
static void float_repr(double x, char *buf, size_t cap)
{
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, cap, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	if (strchr(buf, '.') == NULL && strchr(buf, 'e') == NULL &&
	    strchr(buf, 'n') == NULL && strlen(buf) + 2 < cap)
		strcat(buf, ".0");
}

/* An identity argument (uid, account): number 0 -> "", another number ->
 * its decimal form, a string as it is; str() of anything else. */
static struct agt_str ident_value(struct vcase *c, const cJSON *v,
    const char *name)
{
	struct agt_str s = { "", 0 };
	char *buf;

	if (v == NULL)
		return s;
	if (cJSON_IsString(v)) {
		int rc = vj_string(&c->vj, v, &s);

		if (rc != 0) {
			case_refuse(c, "%s cannot be encoded as UTF-8", name);
			s.p = "";
			s.n = 0;
		}
		return s;
	}
	buf = vj_alloc(&c->vj, 48, 1);
	if (cJSON_IsNumber(v)) {
		double x = v->valuedouble;

		if (x == 0)
			return s;
		if (x == floor(x) && fabs(x) < 1e18)
			snprintf(buf, 48, "%lld", (long long)x);
		else if (c->npm)
			snprintf(buf, 48, "%.17g", x);
		else
			float_repr(x, buf, 48);
	} else if (cJSON_IsBool(v)) {
		/* Python: False == 0 -> ""; JavaScript: false !== 0 */
		if (cJSON_IsFalse(v) && !c->npm)
			return s;
		strcpy(buf, c->npm ? (cJSON_IsTrue(v) ? "true" : "false") : "True");
	} else if (cJSON_IsNull(v)) {
		strcpy(buf, c->npm ? "null" : "None");
	} else {
		case_refuse(c, "%s is neither a number nor a string", name);
		return s;
	}
	s.p = buf;
	s.n = strlen(buf);
	return s;
}

struct agt_str a_ident(struct vcase *c, int i)
{
	char name[64];

	snprintf(name, sizeof name, "args.%s", c->b->args[i]);
	return ident_value(c, c->arg[i], name);
}

/* RTC role as the reference compares it (role == 1, ...): a value equal
 * to no role gives join only, as subscriber (2) does. */
int a_role(struct vcase *c, int i)
{
	const cJSON *v = c->arg[i];
	double x;

	if (v == NULL)
		return AGT_ROLE_SUBSCRIBER;
	if (cJSON_IsBool(v))
		return c->npm ? AGT_ROLE_SUBSCRIBER : cJSON_IsTrue(v) ? 1 : 0;
	if (!cJSON_IsNumber(v))
		return AGT_ROLE_SUBSCRIBER;
	x = v->valuedouble;
	if (x != floor(x) || x < -2147483648.0 || x > 2147483647.0)
		return AGT_ROLE_SUBSCRIBER;
	return (int)x;
}

/* {"<id>": value} maps: privileges. */
struct agt_priv *privs_value(struct vcase *c, const cJSON *obj,
    const char *name, size_t *n)
{
	struct agt_priv *p;
	const cJSON *it;
	size_t k = 0;

	*n = 0;
	if (obj == NULL)
		return NULL;
	if (!cJSON_IsObject(obj)) {
		case_refuse(c, "%s is not an object", name);
		return NULL;
	}
	p = vj_alloc(&c->vj, (size_t)cJSON_GetArraySize(obj), sizeof *p);
	cJSON_ArrayForEach(it, obj) {
		long double id, val;

		if (py_int_str(it->string, &id) != 0 || id < 0 || id > 65535) {
			case_refuse(c, "%s key \"%.20s\" is not a privilege id 0..65535",
			    name, it->string);
			return NULL;
		}
		if (py_int(c, it, &val) != 0 || val < 0 || val > UINT32_MAX) {
			case_refuse(c, "%s[%s] does not fit uint32", name, it->string);
			return NULL;
		}
		p[k].id = (uint16_t)id;
		p[k].expire = (uint32_t)val;
		k++;
	}
	*n = k;
	return p;
}

/* {"<resource type>": {"<permission type>": ["resource", ...]}} */
struct agt_rtm2_perm *perms_value(struct vcase *c, const cJSON *obj,
    const char *name, size_t *n)
{
	struct agt_rtm2_perm *p;
	const cJSON *rt, *pt, *res;
	size_t k = 0, cap = 0;

	*n = 0;
	if (obj == NULL || cJSON_IsNull(obj))
		return NULL;
	if (!cJSON_IsObject(obj)) {
		case_refuse(c, "%s is not an object", name);
		return NULL;
	}
	cJSON_ArrayForEach(rt, obj)
		if (cJSON_IsObject(rt))
			cap += (size_t)cJSON_GetArraySize(rt);
	p = vj_alloc(&c->vj, cap, sizeof *p);
	cJSON_ArrayForEach(rt, obj) {
		long double rtype;

		if (py_int_str(rt->string, &rtype) != 0 || rtype < 0 ||
		    rtype > 65535 || !cJSON_IsObject(rt)) {
			case_refuse(c, "%s: bad resource type \"%.20s\"", name,
			    rt->string);
			return NULL;
		}
		/* {"<type>": {}} adds nothing: the reference's public API,
		 * Permissions.add(), cannot declare a type without a
		 * permission type, so a generator feeding this map through it
		 * packs no entry for the type. */
		cJSON_ArrayForEach(pt, rt) {
			long double ptype;
			struct agt_str *rs;
			size_t m = 0;

			if (py_int_str(pt->string, &ptype) != 0 || ptype < 0 ||
			    ptype > 65535 || !cJSON_IsArray(pt)) {
				case_refuse(c, "%s: bad permission type \"%.20s\"", name,
				    pt->string);
				return NULL;
			}
			rs = vj_alloc(&c->vj, (size_t)cJSON_GetArraySize(pt), sizeof *rs);
			cJSON_ArrayForEach(res, pt) {
				if (vj_string(&c->vj, res, &rs[m]) != 0) {
					case_refuse(c, "%s: a resource is not a "
					    "string", name);
					return NULL;
				}
				m++;
			}
			p[k].resource_type = (uint16_t)rtype;
			p[k].permission_type = (uint16_t)ptype;
			p[k].resources = rs;
			p[k].nresources = m;
			k++;
		}
	}
	*n = k;
	return p;
}

/* One AccessToken2.build service object. */
void service_value(struct vcase *c, const cJSON *o, size_t idx,
    struct agt_service *s)
{
	static const char *const known[] = { "type", "privileges", "channel_name",
	    "uid", "account", "user_id", "permissions", "room_uuid", "user_uuid",
	    "role", NULL };
	const cJSON *it;
	char name[64];
	long double t;
	const cJSON *v;

	memset(s, 0, sizeof *s);
	s->role = -1; /* ServiceApaas's default */
	if (!cJSON_IsObject(o)) {
		case_malformed(c, "args.services[%zu] is not an object", idx);
		return;
	}
	cJSON_ArrayForEach(it, o) {
		size_t j;

		for (j = 0; known[j] != NULL; j++)
			if (strcmp(known[j], it->string) == 0)
				break;
		if (known[j] == NULL)
			case_malformed(c, "args.services[%zu] has an unknown "
			    "field \"%.30s\"", idx, it->string);
	}
	v = vj_get(o, "type");
	if (v == NULL || py_int(c, v, &t) != 0 || t < 0 || t > 65535) {
		case_malformed(c, "args.services[%zu].type is not a service "
		    "type 0..65535", idx);
		return;
	}
	s->type = (uint16_t)t;
	snprintf(name, sizeof name, "args.services[%zu].privileges", idx);
	s->privs = privs_value(c, vj_get(o, "privileges"), name, &s->nprivs);

#define SVC_STR(field, key) do { \
	v = vj_get(o, key); \
	if (v != NULL && vj_string(&c->vj, v, &s->field) != 0) \
		case_refuse(c, "args.services[%zu]." key " is not a string", idx); \
} while (0)
	switch (s->type) {
	case AGT_SERVICE_RTC:
	case AGT_SERVICE_STREAMING:
	case AGT_SERVICE_FCDN: {
		/* A channel and an identity: RTC calls it uid. */
		const char *key = s->type == AGT_SERVICE_RTC ? "uid" : "account";

		SVC_STR(channel, "channel_name");
		snprintf(name, sizeof name, "args.services[%zu].%s", idx, key);
		s->account = ident_value(c, vj_get(o, key), name);
		break;
	}
	case AGT_SERVICE_RTM:
	case AGT_SERVICE_CHAT:
		SVC_STR(user_id, "user_id");
		break;
	case AGT_SERVICE_APAAS:
		SVC_STR(room_uuid, "room_uuid");
		SVC_STR(user_uuid, "user_uuid");
		v = vj_get(o, "role");
		if (v != NULL) {
			long double r;

			if (py_int(c, v, &r) != 0 || r < -32768 || r > 32767)
				case_refuse(c, "args.services[%zu].role does not "
				    "fit int16", idx);
			else
				s->role = (int16_t)r;
		}
		break;
	case AGT_SERVICE_RTM2:
		SVC_STR(user_id, "user_id");
		snprintf(name, sizeof name, "args.services[%zu].permissions", idx);
		s->perms = perms_value(c, vj_get(o, "permissions"), name, &s->nperms);
		break;
	default:
		break;
	}
#undef SVC_STR
}
