/* SPDX-License-Identifier: MIT */
/*
 * problems.c - the lines both programs print for agt_token_check()'s
 * bits: the library's text for the bit (agt_problem_text), followed by
 * what the token itself tells about it, so that `agora-token verify` and
 * /v1/inspect say the same words.  Details only a program knows (the
 * channel or uid it was asked about, how to pass them) it adds itself.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common.h"

const char *problem_line(char *buf, size_t cap, unsigned bit,
    const struct agt_token_view *v, uint32_t now)
{
	const char *text = agt_problem_text(bit);
	char iso[32];
	uint64_t at;

	switch (bit) {
	case AGT_PROB_EXPIRED:
		at = desc_expires_at(v);
		snprintf(buf, cap, "%s: at %s (%llu seconds ago)", text,
		    iso8601_utc(at, iso),
		    (unsigned long long)(now >= at ? now - at : 0));
		break;
	case AGT_PROB_NOT_YET_VALID:
		snprintf(buf, cap, "%s: issued at %s, %llu seconds in the "
		    "future; check the clock of the machine that built it",
		    text, iso8601_utc(v->ts, iso), (unsigned long long)
		    (v->ts > now ? v->ts - now : 0));
		break;
	case AGT_PROB_UNKNOWN_SERVICE:
		snprintf(buf, cap, "%s: type %u; the services before it were "
		    "read, nothing after it", text,
		    (unsigned)v->unknown_service_type);
		break;
	default:
		/* A bit the library has no text for is named by its value. */
		if (strcmp(text, agt_problem_text(0)) == 0)
			snprintf(buf, cap, "%s (0x%x)", text, bit);
		else
			snprintf(buf, cap, "%s", text);
		break;
	}
	return buf;
}

/* One service's privileges (svc NULL for 006). */
static size_t expired_in(const struct agt_token_view *v, unsigned type,
    const char *svc, const struct agt_priv *p, size_t n, uint32_t now,
    void (*fn)(void *arg, const char *line), void *arg)
{
	char line[256], iso[32];
	size_t i, found = 0;

	for (i = 0; i < n; i++) {
		uint64_t at = desc_privilege_expires_at(v, &p[i]);

		if (at == 0 || now < at)
			continue;
		snprintf(line, sizeof line, "%s: %s%s%s%s, at %s",
		    agt_problem_text(AGT_PROB_PRIV_EXPIRED),
		    agt_privilege_name(v->version, type, p[i].id),
		    svc != NULL ? " of the " : "", svc != NULL ? svc : "",
		    svc != NULL ? " service" : "", iso8601_utc(at, iso));
		fn(arg, line);
		found++;
	}
	return found;
}

/* Each privilege of v whose own expiry has passed at now; how many. */
static size_t expired_privileges(const struct agt_token_view *v,
    uint32_t now, void (*fn)(void *arg, const char *line), void *arg)
{
	size_t i, found = 0;

	if (v->version == 6)
		return expired_in(v, 0, NULL, v->privs, v->nprivs, now, fn,
		    arg);
	for (i = 0; i < v->nservices; i++) {
		const struct agt_service *s = &v->services[i];

		found += expired_in(v, s->type, agt_service_name(s->type),
		    s->privs, s->nprivs, now, fn, arg);
	}
	return found;
}

void problem_lines(unsigned bits, const struct agt_token_view *v,
    uint32_t now, void (*fn)(void *arg, const char *line), void *arg)
{
	char line[512];
	unsigned bit;

	for (bit = 1; bit != 0; bit <<= 1) {
		if (!(bits & bit))
			continue;
		if (bit == AGT_PROB_PRIV_EXPIRED &&
		    expired_privileges(v, now, fn, arg) > 0)
			continue;
		fn(arg, problem_line(line, sizeof line, bit, v, now));
	}
}
