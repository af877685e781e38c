/* SPDX-License-Identifier: MIT */
/*
 * cli_vectors_diff.c - reports the first difference between an expected
 * value and ours as one line, "<id>: <field> differs: expected X got Y":
 * numbers, strings (as JSON strings, since they may hold any bytes), and
 * two decoded tokens compared field by field in the order of the format,
 * the signature last, as every other difference changes it too.
 */
#include "config.h"

#include <string.h>

#include "cli_vectors.h"

int diff_num(struct differ *d, const char *field, unsigned long long e,
    unsigned long long a)
{
	if (e == a)
		return 0;
	fprintf(d->o, "%s: %s differs: expected %llu got %llu\n", d->id, field,
	    e, a);
	return 1;
}

int diff_int(struct differ *d, const char *field, long long e, long long a)
{
	if (e == a)
		return 0;
	fprintf(d->o, "%s: %s differs: expected %lld got %lld\n", d->id, field,
	    e, a);
	return 1;
}

int diff_str(struct differ *d, const char *field, struct agt_str e,
    struct agt_str a)
{
	if (e.n == a.n && (e.n == 0 || memcmp(e.p, a.p, e.n) == 0))
		return 0;
	fprintf(d->o, "%s: %s differs: expected ", d->id, field);
	cli_json_quote(d->o, e.p, e.n);
	fputs(" got ", d->o);
	cli_json_quote(d->o, a.p, a.n);
	fputc('\n', d->o);
	return 1;
}

/* A privilege list, its fields named after prefix. */
static int diff_privs(struct differ *d, const char *prefix,
    const struct agt_priv *e, size_t ne, const struct agt_priv *a, size_t na)
{
	char f[128];

	snprintf(f, sizeof f, "%sprivileges count", prefix);
	if (diff_num(d, f, ne, na))
		return 1;
	for (size_t i = 0; i < ne; i++) {
		snprintf(f, sizeof f, "%sprivileges[%zu].id", prefix, i);
		if (diff_num(d, f, e[i].id, a[i].id))
			return 1;
		snprintf(f, sizeof f, "%sprivileges[%zu].expire", prefix, i);
		if (diff_num(d, f, e[i].expire, a[i].expire))
			return 1;
	}
	return 0;
}

/* One RTM2 permission entry, its fields named after prefix. */
static int diff_perm(struct differ *d, const char *prefix,
    const struct agt_rtm2_perm *e, const struct agt_rtm2_perm *a)
{
	char f[160];

#define F(name) (snprintf(f, sizeof f, "%s%s", prefix, name), f)
	if (diff_num(d, F("resource_type"), e->resource_type,
	    a->resource_type) ||
	    diff_num(d, F("permission_type"), e->permission_type,
	    a->permission_type) ||
	    diff_num(d, F("resources count"), e->nresources, a->nresources))
		return 1;
#undef F
	for (size_t m = 0; m < e->nresources; m++) {
		snprintf(f, sizeof f, "%sresources[%zu]", prefix, m);
		if (diff_str(d, f, e->resources[m], a->resources[m]))
			return 1;
	}
	return 0;
}

/* Service i of a 007 token: every field, set or not for its type. */
static int diff_service(struct differ *d, size_t i,
    const struct agt_service *e, const struct agt_service *a)
{
	char p[48], f[128];

	snprintf(p, sizeof p, "services[%zu].", i);
#define F(name) (snprintf(f, sizeof f, "%s%s", p, name), f)
	if (diff_num(d, F("type"), e->type, a->type))
		return 1;
	if (diff_privs(d, p, e->privs, e->nprivs, a->privs, a->nprivs))
		return 1;
	if (diff_str(d, F("channel"), e->channel, a->channel))
		return 1;
	if (diff_str(d, F(e->type == AGT_SERVICE_RTC ? "uid" : "account"),
	    e->account, a->account))
		return 1;
	if (diff_str(d, F("user_id"), e->user_id, a->user_id))
		return 1;
	if (diff_str(d, F("room_uuid"), e->room_uuid, a->room_uuid))
		return 1;
	if (diff_str(d, F("user_uuid"), e->user_uuid, a->user_uuid))
		return 1;
	if (diff_int(d, F("role"), e->role, a->role))
		return 1;
	if (diff_num(d, F("permissions count"), e->nperms, a->nperms))
		return 1;
#undef F
	for (size_t k = 0; k < e->nperms; k++) {
		snprintf(f, sizeof f, "%spermissions[%zu].", p, k);
		if (diff_perm(d, f, &e->perms[k], &a->perms[k]))
			return 1;
	}
	return 0;
}

int diff_views(struct differ *d, const struct agt_token_view *e,
    const struct agt_token_view *a)
{
	if (diff_num(d, "version", (unsigned)e->version, (unsigned)a->version) ||
	    diff_str(d, "app_id", e->app_id, a->app_id))
		return 1;
	if (e->version == 6) {
		if (diff_num(d, "salt", e->salt, a->salt) ||
		    diff_num(d, "ts", e->ts, a->ts) ||
		    diff_num(d, "crc_channel", e->crc_channel, a->crc_channel) ||
		    diff_num(d, "crc_uid", e->crc_uid, a->crc_uid) ||
		    diff_privs(d, "", e->privs, e->nprivs, a->privs, a->nprivs))
			return 1;
	} else {
		if (diff_num(d, "issue_ts", e->ts, a->ts) ||
		    diff_num(d, "expire", e->expire, a->expire) ||
		    diff_num(d, "salt", e->salt, a->salt) ||
		    diff_num(d, "services count", e->declared_services,
		    a->declared_services) ||
		    diff_num(d, "parsed services count", e->nservices, a->nservices))
			return 1;
		for (size_t i = 0; i < e->nservices; i++)
			if (diff_service(d, i, &e->services[i], &a->services[i]))
				return 1;
		if (diff_num(d, "unknown_service", (unsigned)e->unknown_service,
		    (unsigned)a->unknown_service) ||
		    diff_num(d, "unknown_service type", e->unknown_service_type,
		    a->unknown_service_type))
			return 1;
	}
	if (memcmp(e->signature, a->signature, AGT_SIGNATURE_BYTES) != 0) {
		fprintf(d->o, "%s: signature differs: expected ", d->id);
		for (size_t i = 0; i < AGT_SIGNATURE_BYTES; i++)
			fprintf(d->o, "%02x", e->signature[i]);
		fputs(" got ", d->o);
		for (size_t i = 0; i < AGT_SIGNATURE_BYTES; i++)
			fprintf(d->o, "%02x", a->signature[i]);
		fputc('\n', d->o);
		return 1;
	}
	return 0;
}
