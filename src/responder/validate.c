/* SPDX-License-Identifier: MIT */
/*
 * validate.c - the input rules, as one declarative table.
 *
 * Every parameter a route accepts names a field; every field has exactly
 * one rule here: a checker, the error code it fails with and the message
 * that explains the rule to the caller.  The rules run before any handler,
 * so handlers only ever see values inside Agora's documented limits:
 * channel 1-63 bytes and account 1-255 bytes from Agora's character set,
 * uid 0..4294967295 in plain decimal, expire 1..max_expire, and so on.  The
 * library does not re-check these; it only cares about byte layouts.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "responder.h"

/* Agora's documented character set for channel names and user accounts:
 * a-z A-Z 0-9, space and ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ , */
static int agora_char(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr(" !#$%&()+-:;<=.>?@[]^_{}|~,", c) != NULL;
}

#define AGORA_SET "a-z A-Z 0-9 space ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,"

static int agora_string(const char *s, size_t n, size_t max)
{
	size_t i;

	if (n < 1 || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (!agora_char((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Plain decimal: digits only, no sign, no leading zeros, <= UINT32_MAX. */
int rsp_parse_u32(const char *s, size_t n, uint32_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 10 || (n > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* What a checker may use besides the value: the configuration, and the
 * request's arena for a value it rewrites. */
struct check {
	const struct rsp_config *cfg;
	struct rsp_arena *arena;
};
typedef int (*checker)(const char *s, size_t n, const struct check *c,
    struct rsp_value *out);

/* A word a parameter accepts and the value it stands for. */
struct keyword {
	const char *word;
	int value;
};

/* 1 with *out set when s is one of the words (a list ending in NULL). */
static int keyword_value(const char *s, const struct keyword *k, int *out)
{
	for (; k->word != NULL; k++) {
		if (strcmp(s, k->word) == 0) {
			*out = k->value;
			return 1;
		}
	}
	return 0;
}

static const struct keyword role_words[] = {
	{ "publisher", AGT_ROLE_PUBLISHER }, { "1", AGT_ROLE_PUBLISHER },
	{ "subscriber", AGT_ROLE_SUBSCRIBER }, { "audience", AGT_ROLE_SUBSCRIBER },
	{ "2", AGT_ROLE_SUBSCRIBER }, { NULL, 0 }
};
static const struct keyword format_words[] = {
	{ "007", 7 }, { "006", 6 }, { NULL, 0 }
};
static const struct keyword chat_type_words[] = {
	{ "user", 0 }, { "app", 1 }, { NULL, 0 }
};
static const struct keyword token_type_words[] = {
	{ "uid", 0 }, { "userAccount", 1 }, { NULL, 0 }
};

static int v_channel(const char *s, size_t n, const struct check *c,
    struct rsp_value *out)
{
	(void)c; (void)out;
	return agora_string(s, n, RSP_CHANNEL_MAX);
}

static int v_account(const char *s, size_t n, const struct check *c,
    struct rsp_value *out)
{
	(void)c; (void)out;
	return agora_string(s, n, RSP_ACCOUNT_MAX);
}

static int v_uid(const char *s, size_t n, const struct check *c,
    struct rsp_value *out)
{
	(void)c;
	return rsp_parse_u32(s, n, &out->u) == 0;
}

static int v_role(const char *s, size_t n, const struct check *c,
    struct rsp_value *out)
{
	(void)c; (void)n;
	return keyword_value(s, role_words, &out->i);
}

static int v_expire(const char *s, size_t n, const struct check *c,
    struct rsp_value *out)
{
	if (rsp_parse_u32(s, n, &out->u) != 0)
		return 0;
	return out->u >= 1 && out->u <= c->cfg->max_expire;
}

static int v_format(const char *s, size_t n, const struct check *c,
    struct rsp_value *out)
{
	int format;

	(void)c; (void)n;
	if (!keyword_value(s, format_words, &format))
		return 0;
	out->u = (uint32_t)format;
	return 1;
}

static int v_app(const char *s, size_t n, const struct check *c,
    struct rsp_value *out)
{
	out->app = rsp_config_app_named(c->cfg, s, n);
	return out->app != NULL;
}

static int v_chat_type(const char *s, size_t n, const struct check *c,
    struct rsp_value *out)
{
	(void)c; (void)n;
	return keyword_value(s, chat_type_words, &out->i);
}

static int v_apaas_role(const char *s, size_t n, const struct check *c,
    struct rsp_value *out)
{
	(void)c;
	if (rsp_parse_u32(s, n, &out->u) != 0 || out->u > 32767U)
		return 0;
	out->i = (int)out->u;
	return 1;
}

/* Tokens are printable ASCII; surrounding white space (a pasted newline)
 * is trimmed, the library judges the rest.  Base64 has no spaces, so a
 * space inside can only be a '+' that was not percent-encoded in a query
 * string: it is read back as '+'. */
static int v_token(const char *s, size_t n, const struct check *c,
    struct rsp_value *out)
{
	char *copy;
	size_t i;

	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n == 0)
		return 0;
	copy = rsp_arena_strndup(c->arena, s, n);
	if (copy == NULL)
		return 0;
	for (i = 0; i < n; i++) {
		if (copy[i] == ' ')
			copy[i] = '+';
		if ((unsigned char)copy[i] <= 0x20 || (unsigned char)copy[i] >= 0x7f)
			return 0;
	}
	out->s.p = copy;
	out->s.n = n;
	return 1;
}

static int v_token_type(const char *s, size_t n, const struct check *c,
    struct rsp_value *out)
{
	(void)c; (void)n;
	return keyword_value(s, token_type_words, &out->i);
}

static int v_text(const char *s, size_t n, const struct check *c,
    struct rsp_value *out)
{
	(void)s; (void)n; (void)c; (void)out;
	return 1;
}

struct field_rule {
	enum rsp_field field;
	checker valid;
	enum rsp_code code;
	const char *message;   /* follows the parameter's name */
	int with_max_expire;   /* message ends with the configured maximum */
};

/* The messages that several fields share. */
#define NAME_RULE "must be 1-255 bytes from " AGORA_SET
#define EXPIRE_RULE "must be a whole number of seconds from 1 to"

static const struct field_rule rules[] = {
	{ FLD_CHANNEL, v_channel, RSP_E_INVALID_CHANNEL,
	  "must be 1-63 bytes from " AGORA_SET, 0 },
	{ FLD_UID, v_uid, RSP_E_INVALID_UID,
	  "must be a decimal number from 0 to 4294967295, without sign, "
	  "spaces or leading zeros", 0 },
	{ FLD_ACCOUNT, v_account, RSP_E_INVALID_ACCOUNT, NAME_RULE, 0 },
	{ FLD_USER, v_account, RSP_E_INVALID_USER, NAME_RULE, 0 },
	{ FLD_RTM_USER, v_account, RSP_E_INVALID_RTM_USER,
	  NAME_RULE, 0 },
	{ FLD_ROLE, v_role, RSP_E_INVALID_ROLE,
	  "must be publisher or subscriber (also accepted: 1, 2, audience)", 0 },
	{ FLD_EXPIRE, v_expire, RSP_E_INVALID_EXPIRE, EXPIRE_RULE, 1 },
	{ FLD_JOIN_EXPIRE, v_expire, RSP_E_INVALID_EXPIRE,
	  EXPIRE_RULE, 1 },
	{ FLD_AUDIO_EXPIRE, v_expire, RSP_E_INVALID_EXPIRE,
	  EXPIRE_RULE, 1 },
	{ FLD_VIDEO_EXPIRE, v_expire, RSP_E_INVALID_EXPIRE,
	  EXPIRE_RULE, 1 },
	{ FLD_DATA_EXPIRE, v_expire, RSP_E_INVALID_EXPIRE,
	  EXPIRE_RULE, 1 },
	{ FLD_FORMAT, v_format, RSP_E_INVALID_FORMAT,
	  "must be 007 or 006", 0 },
	{ FLD_APP, v_app, RSP_E_UNKNOWN_APP,
	  "must name an app configured on this server", 0 },
	{ FLD_CHAT_TYPE, v_chat_type, RSP_E_INVALID_TYPE,
	  "must be user or app", 0 },
	{ FLD_ROOM, v_account, RSP_E_INVALID_ROOM, NAME_RULE, 0 },
	{ FLD_APAAS_ROLE, v_apaas_role, RSP_E_INVALID_ROLE,
	  "must be a decimal number from 0 to 32767", 0 },
	{ FLD_TOKEN, v_token, RSP_E_INVALID_TOKEN,
	  "must be a non-empty 006 or 007 token text", 0 },
	{ FLD_TOKEN_TYPE, v_token_type, RSP_E_INVALID_TOKEN_TYPE,
	  "must be uid or userAccount", 0 },
	{ FLD_TEXT, v_text, RSP_E_BAD_REQUEST, "is not valid", 0 },
};

static const struct field_rule *rule_for(enum rsp_field field)
{
	size_t i;

	for (i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (rules[i].field == field)
			return &rules[i];
	return NULL;
}

int rsp_validate_one(struct rsp_request *r, enum rsp_field field,
    const char *wire, const char *s, size_t n, const struct rsp_config *cfg,
    struct rsp_value *out, struct rsp_fail *f)
{
	const struct field_rule *rule = rule_for(field);
	struct check c = { cfg, &r->ctx->arena };

	memset(out, 0, sizeof *out);
	if (rule == NULL)
		return rsp_fail(f, RSP_E_INTERNAL, "no rule for field %d",
		    (int)field);
	out->wire = wire;
	out->s.p = s;
	out->s.n = n;
	if (!rule->valid(s, n, &c, out)) {
		memset(out, 0, sizeof *out);
		if (rule->with_max_expire)
			return rsp_fail(f, rule->code, "%s %s %lu", wire,
			    rule->message, (unsigned long)cfg->max_expire);
		return rsp_fail(f, rule->code, "%s %s", wire, rule->message);
	}
	out->present = 1;
	return 0;
}

const struct rsp_value *rsp_text(const struct rsp_values *v, const char *wire)
{
	size_t i;

	for (i = 0; i < v->ntext; i++)
		if (strcmp(v->text[i].wire, wire) == 0)
			return &v->text[i];
	return NULL;
}

static const struct rsp_param_spec *spec_for(const struct rsp_param_spec *spec,
    const char *name)
{
	for (; spec != NULL && spec->wire != NULL; spec++)
		if (strcmp(spec->wire, name) == 0)
			return spec;
	return NULL;
}

static void list_params(const struct rsp_param_spec *spec, char *buf,
    size_t cap)
{
	size_t used = 0;

	buf[0] = '\0';
	for (; spec != NULL && spec->wire != NULL; spec++) {
		size_t n = strlen(spec->wire);
		if (used + n + 3 >= cap)
			break;
		if (used) {
			memcpy(buf + used, ", ", 2);
			used += 2;
		}
		memcpy(buf + used, spec->wire, n);
		used += n;
		buf[used] = '\0';
	}
	if (used == 0)
		snprintf(buf, cap, "none");
}

int rsp_validate(struct rsp_request *r, const struct rsp_param_spec *spec,
    int strict, const struct rsp_config *cfg, struct rsp_values *out,
    struct rsp_fail *f)
{
	size_t i;

	memset(out, 0, sizeof *out);
	for (i = 0; i < r->nparams; i++) {
		struct rsp_param *p = &r->params[i];
		const struct rsp_param_spec *ps = spec_for(spec, p->name);
		struct rsp_value *slot;

		if (ps == NULL) {
			char list[256];
			if (!strict)
				continue;
			list_params(spec, list, sizeof list);
			return rsp_fail(f, RSP_E_UNKNOWN_PARAMETER,
			    "unknown parameter %.64s (accepted here: %s)",
			    p->name, list);
		}
		p->used = 1;
		if (ps->field == FLD_TEXT) {
			if (out->ntext == sizeof out->text / sizeof out->text[0])
				return rsp_fail(f, RSP_E_BAD_REQUEST,
				    "too many parameters");
			slot = &out->text[out->ntext++];
		} else {
			slot = &out->v[ps->field];
			if (slot->present)
				return rsp_fail(f, RSP_E_DUPLICATE_PARAMETER,
				    "%s and %.64s give the same value twice",
				    slot->wire, p->name);
		}
		if (rsp_validate_one(r, ps->field, ps->wire, p->val, p->len,
		    cfg, slot, f) != 0)
			return -1;
	}
	for (; spec != NULL && spec->wire != NULL; spec++) {
		if (!spec->required)
			continue;
		if (spec->field == FLD_TEXT ? rsp_text(out, spec->wire) == NULL
		    : !out->v[spec->field].present)
			return rsp_fail(f, RSP_E_MISSING_PARAMETER,
			    "%s is required",
			    spec->wire);
	}
	return 0;
}
