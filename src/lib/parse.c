/* SPDX-License-Identifier: MIT */
/*
 * parse.c - the strict 006/007 parser.  Every byte goes through the
 * bounds-checked reader; each kind of malformation has its own error
 * (truncated field, impossible count, wrong signature length, trailing
 * bytes), so "could not parse" never hides behind a generic failure.  A 007
 * body is inflated with a hard size limit.  Parsing runs twice over the
 * content: once to validate and count (in scratch buffers on the stack),
 * once to fill the token, which is one allocation holding the struct, its
 * arrays and its own copy of the content, so it owns everything its view
 * points to and parsing allocates exactly once for any ordinary token.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "token.h"

void agt_token_view_init(struct agt_token_view *v)
{
	if (v == NULL)
		return;
	*v = (struct agt_token_view){0};
	v->size = sizeof *v;
}

/* Running totals of pass 1, and cursors of pass 2. */
struct counts {
	size_t services, privs, perms, resources;
};

/* Pass 2 destinations; all NULL in pass 1. */
struct arrays {
	struct agt_service *svc;
	struct agt_priv *privs;
	struct agt_rtm2_perm *perms;
	struct agt_str *res;
};

static enum agt_err read_privmap(struct agt_rd *r, struct counts *c,
    struct arrays *a, const struct agt_priv **first, size_t *n)
{
	uint16_t cnt, i, id;
	uint32_t exp;
	enum agt_err rc;

	if ((rc = agt_rd_count(r, 6, &cnt)) != AGT_OK)
		return rc;
	if (a->privs != NULL)
		*first = a->privs + c->privs;
	*n = cnt;
	for (i = 0; i < cnt; i++) {
		if ((rc = agt_rd_u16(r, &id)) != AGT_OK ||
		    (rc = agt_rd_u32(r, &exp)) != AGT_OK)
			return rc;
		if (a->privs != NULL)
			a->privs[c->privs] = (struct agt_priv){ id, exp };
		c->privs++;
	}
	return AGT_OK;
}

static enum agt_err read_rtm2_perms(struct agt_rd *r, struct counts *c,
    struct arrays *a, struct agt_service *s)
{
	uint16_t nres, np, nr, rt, pt, i, j, k;
	enum agt_err rc;

	/* Minimal entry sizes: resource type + count, permission type +
	 * count, string length. */
	if ((rc = agt_rd_count(r, 4, &nres)) != AGT_OK)
		return rc;
	if (s != NULL) {
		s->perms = a->perms + c->perms;
		s->nperms = 0;
	}
	for (i = 0; i < nres; i++) {
		if ((rc = agt_rd_u16(r, &rt)) != AGT_OK ||
		    (rc = agt_rd_count(r, 4, &np)) != AGT_OK)
			return rc;
		if (np == 0) {
			/* A resource type with no permission types: keep it so
			 * the view rebuilds to the same bytes. */
			if (s != NULL) {
				struct agt_rtm2_perm *pe = &a->perms[c->perms];

				memset(pe, 0, sizeof *pe);
				pe->resource_type = rt;
				pe->type_only = 1;
				s->nperms++;
			}
			c->perms++;
			continue;
		}
		for (j = 0; j < np; j++) {
			struct agt_rtm2_perm *pe = NULL;

			if ((rc = agt_rd_u16(r, &pt)) != AGT_OK ||
			    (rc = agt_rd_count(r, 2, &nr)) != AGT_OK)
				return rc;
			if (s != NULL) {
				pe = &a->perms[c->perms];
				pe->resource_type = rt;
				pe->permission_type = pt;
				pe->type_only = 0;
				pe->resources = a->res + c->resources;
				pe->nresources = nr;
				s->nperms++;
			}
			c->perms++;
			for (k = 0; k < nr; k++) {
				struct agt_str str;

				if ((rc = agt_rd_str(r, &str)) != AGT_OK)
					return rc;
				if (s != NULL)
					a->res[c->resources] = str;
				c->resources++;
			}
		}
	}
	return AGT_OK;
}

/* Services of a 007 token.  Stops without error at an unknown type. */
static enum agt_err read_services(struct agt_rd *r, uint16_t declared,
    struct counts *c, struct arrays *a, int *unknown, uint16_t *utype)
{
	uint16_t i, type;
	enum agt_err rc;

	*unknown = 0;
	*utype = 0;
	for (i = 0; i < declared; i++) {
		struct agt_service tmp = {0}, *s;

		if ((rc = agt_rd_u16(r, &type)) != AGT_OK)
			return rc;
		if (type < AGT_SERVICE_RTC || type > AGT_SERVICE_STT) {
			/* The reference stops here and keeps what it has; the
			 * rest of the bytes are still covered by the signature. */
			*unknown = 1;
			*utype = type;
			return AGT_OK;
		}
		s = a->svc != NULL ? &a->svc[c->services] : &tmp;
		*s = (struct agt_service){0};
		s->type = type;
		if ((rc = read_privmap(r, c, a, &s->privs, &s->nprivs)) != AGT_OK)
			return rc;
		switch (type) {
		case AGT_SERVICE_RTC:
		case AGT_SERVICE_STREAMING:
		case AGT_SERVICE_FCDN:
			if ((rc = agt_rd_str(r, &s->channel)) != AGT_OK ||
			    (rc = agt_rd_str(r, &s->account)) != AGT_OK)
				return rc;
			break;
		case AGT_SERVICE_RTM:
		case AGT_SERVICE_CHAT:
			if ((rc = agt_rd_str(r, &s->user_id)) != AGT_OK)
				return rc;
			break;
		case AGT_SERVICE_APAAS:
			if ((rc = agt_rd_str(r, &s->room_uuid)) != AGT_OK ||
			    (rc = agt_rd_str(r, &s->user_uuid)) != AGT_OK ||
			    (rc = agt_rd_i16(r, &s->role)) != AGT_OK)
				return rc;
			break;
		case AGT_SERVICE_RTM2:
			if ((rc = agt_rd_str(r, &s->user_id)) != AGT_OK ||
			    (rc = read_rtm2_perms(r, c, a,
			    a->svc != NULL ? s : NULL)) != AGT_OK)
				return rc;
			break;
		default:
			break; /* FPA, ConvoAI, STT: privileges only */
		}
		c->services++;
	}
	return r->left != 0 ? AGT_ETRAILING : AGT_OK;
}

/* The fixed head of 007 content, up to the service count. */
static enum agt_err read_head007(struct agt_token *t, struct agt_rd *r,
    uint16_t *declared)
{
	const uint8_t *sig;
	uint16_t siglen;
	enum agt_err rc;

	if ((rc = agt_rd_u16(r, &siglen)) != AGT_OK)
		return rc;
	if (siglen != AGT_SIGNATURE_BYTES)
		return AGT_ESIGLEN;
	if ((rc = agt_rd_bytes(r, AGT_SIGNATURE_BYTES, &sig)) != AGT_OK)
		return rc;
	memcpy(t->signature, sig, AGT_SIGNATURE_BYTES);
	t->signing_info = r->p;
	t->silen = r->left;
	if ((rc = agt_rd_str(r, &t->app_id)) != AGT_OK ||
	    (rc = agt_rd_u32(r, &t->ts)) != AGT_OK ||
	    (rc = agt_rd_u32(r, &t->expire)) != AGT_OK ||
	    (rc = agt_rd_u32(r, &t->salt)) != AGT_OK ||
	    (rc = agt_rd_u16(r, declared)) != AGT_OK)
		return rc;
	return AGT_OK;
}

/* Scratch for the decoded and inflated bytes of any ordinary token; larger
 * ones go to the heap. */
#define PARSE_SCRATCH 4096U

/* The token's single block: the struct, then abytes of arrays, then a copy
 * of the content the views point into.  NULL when out of memory. */
static struct agt_token *token_alloc(int version, size_t abytes,
    const uint8_t *content, size_t clen)
{
	const size_t head = sizeof(struct agt_token);
	struct agt_token *t;

	/* head and every array size keep 8-byte alignment for what follows. */
	if (abytes > SIZE_MAX - head || clen > SIZE_MAX - head - abytes)
		return NULL;
	t = malloc(head + abytes + clen);
	if (t == NULL)
		return NULL;
	memset(t, 0, head);
	t->version = version;
	t->arrays = (char *)t + head;
	t->content = (uint8_t *)t + head + abytes;
	if (clen > 0)
		memcpy(t->content, content, clen);
	t->contentlen = clen;
	return t;
}

/* The end of a parse: frees the scratch content if it went to the heap,
 * and hands over the token on success or frees it on failure. */
static enum agt_err parse_done(struct agt_token *t, uint8_t *content,
    const uint8_t *cstack, enum agt_err rc, struct agt_token **out)
{
	if (content != cstack)
		free(content);
	if (rc != AGT_OK) {
		agt_token_free(t);
		return rc;
	}
	*out = t;
	return AGT_OK;
}

static enum agt_err parse007(const char *body, size_t n, struct agt_token **out)
{
	uint8_t rawstack[PARSE_SCRATCH], cstack[PARSE_SCRATCH];
	uint8_t *raw = rawstack, *content = NULL;
	size_t rawlen = 0, clen = 0, declen = agt_b64_declen_max(n), bytes, off;
	struct agt_token probe, *t = NULL;
	struct counts c = {0};
	struct arrays a = {0};
	struct agt_rd r;
	uint16_t declared;
	int unknown;
	uint16_t utype;
	enum agt_err rc;

	if (declen > sizeof rawstack && (raw = malloc(declen)) == NULL)
		return AGT_ENOMEM;
	rc = agt_b64_decode(body, n, raw, declen, &rawlen);
	if (rc == AGT_OK)
		rc = agt_zip_inflate_into(raw, rawlen, AGT_PARSE_INFLATED_MAX,
		    cstack, sizeof cstack, &content, &clen);
	if (raw != rawstack)
		free(raw);
	if (rc != AGT_OK)
		return rc;

	/* Pass 1: validate and count, in the scratch copy. */
	memset(&probe, 0, sizeof probe);
	agt_rd_init(&r, content, clen);
	if ((rc = read_head007(&probe, &r, &declared)) != AGT_OK ||
	    (rc = read_services(&r, declared, &c, &a, &unknown, &utype)) != AGT_OK)
		goto out;

	/* One block for the token, every array and the content. */
	bytes = c.services * sizeof(struct agt_service);
	off = bytes;
	bytes += c.perms * sizeof(struct agt_rtm2_perm);
	bytes += c.resources * sizeof(struct agt_str);
	bytes += c.privs * sizeof(struct agt_priv);
	if ((t = token_alloc(7, bytes, content, clen)) == NULL) {
		rc = AGT_ENOMEM;
		goto out;
	}
	a.svc = (struct agt_service *)t->arrays;
	a.perms = (struct agt_rtm2_perm *)((char *)t->arrays + off);
	off += c.perms * sizeof(struct agt_rtm2_perm);
	a.res = (struct agt_str *)((char *)t->arrays + off);
	off += c.resources * sizeof(struct agt_str);
	a.privs = (struct agt_priv *)((char *)t->arrays + off);

	/* Pass 2 repeats pass 1 over the token's own copy of the validated
	 * bytes and cannot fail. */
	t->nservices = c.services;
	c = (struct counts){0};
	agt_rd_init(&r, t->content, t->contentlen);
	if ((rc = read_head007(t, &r, &declared)) != AGT_OK ||
	    (rc = read_services(&r, declared, &c, &a, &unknown, &utype)) != AGT_OK)
		goto out;
	t->services = a.svc;
	t->declared = declared;
	t->unknown = unknown;
	t->unknown_type = utype;
out:
	return parse_done(t, content, cstack, rc, out);
}

/* Reads 006 content into t; with privs == NULL it only validates and sets
 * t->nprivs. */
static enum agt_err read006(struct agt_token *t, const uint8_t *content,
    size_t clen, struct agt_priv *privs)
{
	const uint8_t *sig, *m;
	struct agt_rd r, rm;
	struct agt_str mstr;
	uint16_t siglen, cnt, id, i;
	uint32_t exp;
	enum agt_err rc;

	agt_rd_init(&r, content, clen);
	if ((rc = agt_rd_u16(&r, &siglen)) != AGT_OK)
		return rc;
	if (siglen != AGT_SIGNATURE_BYTES)
		return AGT_ESIGLEN;
	if ((rc = agt_rd_bytes(&r, AGT_SIGNATURE_BYTES, &sig)) != AGT_OK ||
	    (rc = agt_rd_u32(&r, &t->crc_channel)) != AGT_OK ||
	    (rc = agt_rd_u32(&r, &t->crc_uid)) != AGT_OK ||
	    (rc = agt_rd_str(&r, &mstr)) != AGT_OK)
		return rc;
	if (r.left != 0)
		return AGT_ETRAILING;
	memcpy(t->signature, sig, AGT_SIGNATURE_BYTES);
	m = (const uint8_t *)mstr.p;
	t->m = m;
	t->mlen = mstr.n;

	agt_rd_init(&rm, m, mstr.n);
	if ((rc = agt_rd_u32(&rm, &t->salt)) != AGT_OK ||
	    (rc = agt_rd_u32(&rm, &t->ts)) != AGT_OK ||
	    (rc = agt_rd_count(&rm, 6, &cnt)) != AGT_OK)
		return rc;
	/* The count check above guarantees the entries are present. */
	if (rm.left != (size_t)cnt * 6)
		return AGT_ETRAILING;
	for (i = 0; i < cnt; i++) {
		if ((rc = agt_rd_u16(&rm, &id)) != AGT_OK ||
		    (rc = agt_rd_u32(&rm, &exp)) != AGT_OK)
			return rc;
		if (privs != NULL)
			privs[i] = (struct agt_priv){ id, exp };
	}
	t->privs = privs;
	t->nprivs = cnt;
	return AGT_OK;
}

static enum agt_err parse006(const char *text, size_t len,
    struct agt_token **out)
{
	uint8_t cstack[PARSE_SCRATCH], *content = cstack;
	struct agt_token probe, *t = NULL;
	const char *body;
	size_t n, declen, clen = 0;
	enum agt_err rc;

	if (len < 3 + AGT_APP_ID_CHARS)
		return AGT_ETRUNCATED;
	body = text + 3 + AGT_APP_ID_CHARS;
	n = len - 3 - AGT_APP_ID_CHARS;
	declen = agt_b64_declen_max(n);
	if (declen > sizeof cstack && (content = malloc(declen)) == NULL)
		return AGT_ENOMEM;
	memset(&probe, 0, sizeof probe);
	if ((rc = agt_b64_decode(body, n, content, declen, &clen)) != AGT_OK ||
	    (rc = read006(&probe, content, clen, NULL)) != AGT_OK)
		goto out;
	if ((t = token_alloc(6, probe.nprivs * sizeof(struct agt_priv),
	    content, clen)) == NULL) {
		rc = AGT_ENOMEM;
		goto out;
	}
	if ((rc = read006(t, t->content, t->contentlen,
	    (struct agt_priv *)t->arrays)) != AGT_OK)
		goto out;
	memcpy(t->app_id006, text + 3, AGT_APP_ID_CHARS);
	t->app_id = (struct agt_str){ t->app_id006, AGT_APP_ID_CHARS };
out:
	return parse_done(t, content, cstack, rc, out);
}

enum agt_err agt_token_parse(const char *text, size_t len,
    struct agt_token **out)
{
	if (out == NULL)
		return AGT_EINVAL;
	*out = NULL;
	if (text == NULL && len > 0)
		return AGT_EINVAL;
	if (len > AGT_PARSE_TEXT_MAX)
		return AGT_ETOOBIG;
	if (len < 3 || text[0] != '0' || text[1] != '0' ||
	    (text[2] != '6' && text[2] != '7'))
		return AGT_EVERSION;
	/* The result is one allocation, released by agt_token_free(). */
	if (text[2] == '6')
		return parse006(text, len, out);
	return parse007(text + 3, len - 3, out);
}

void agt_token_free(struct agt_token *tok)
{
	/* Content and arrays live in the same block as the token. */
	free(tok);
}

enum agt_err agt_token_get_view(const struct agt_token *tok,
    struct agt_token_view *v)
{
	if (tok == NULL || v == NULL || v->size < sizeof *v)
		return AGT_EINVAL;
	v->version = tok->version;
	v->app_id = tok->app_id;
	v->salt = tok->salt;
	v->ts = tok->ts;
	v->expire = tok->version == 7 ? tok->expire : 0;
	v->crc_channel = tok->crc_channel;
	v->crc_uid = tok->crc_uid;
	v->privs = tok->privs;
	v->nprivs = tok->nprivs;
	v->services = tok->services;
	v->nservices = tok->nservices;
	v->declared_services = tok->declared;
	v->unknown_service = tok->unknown;
	v->unknown_service_type = tok->unknown_type;
	memcpy(v->signature, tok->signature, AGT_SIGNATURE_BYTES);
	return AGT_OK;
}
