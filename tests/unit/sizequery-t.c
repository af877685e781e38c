/* SPDX-License-Identifier: MIT */
/*
 * sizequery-t - defends the size query of agoratoken.h: a builder called
 * with out = NULL, outcap = 0 reports in *outlen a size, and a buffer of
 * that size plus the NUL must then hold the token.  Without a pinned salt
 * and time a 007 builder draws a new salt and timestamp on every call, so
 * the compressed length differs from call to call: the query must answer
 * with a bound that every build of the same inputs fits in, the same bound
 * on every call, and a buffer that holds the real token must still be
 * accepted even when it is smaller than the bound.  With both pinned the
 * answer is exact, for 006 and 007.  Every public builder runs 1,000 times
 * on varied inputs (lengths, byte values, compressible and random text,
 * uids, accounts, roles, expiries, services, RTM2 permissions).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap/tap.h"
#include "tap/testrand.h"
#include "unit/testutil.h"

#define ROUNDS 1000
#define PINNED_ROUNDS 200
#define MAX_SERVICES 4

static unsigned long long rng = 0x5eed0f517e0fULL;

static unsigned below(unsigned n)
{
	return test_rand_below(&rng, n);
}

static uint32_t rand32(void)
{
	return (uint32_t)below(0x10000U) << 16 | below(0x10000U);
}

/* Fills buf with n bytes of one of several shapes: repeated characters
 * (compresses well), a small alphabet, printable ASCII, any byte value. */
static struct agt_str text(char *buf, size_t max)
{
	size_t n = below((unsigned)max + 1), i;
	unsigned shape = below(4);

	for (i = 0; i < n; i++) {
		switch (shape) {
		case 0:
			buf[i] = (char)('a' + (i / 7) % 3);
			break;
		case 1:
			buf[i] = (char)('0' + below(4));
			break;
		case 2:
			buf[i] = (char)(0x20 + below(0x5f));
			break;
		default:
			buf[i] = (char)below(256);
			break;
		}
	}
	return (struct agt_str){ buf, n };
}

static void hex32(char buf[32])
{
	static const char digits[] = "0123456789abcdefABCDEF";
	size_t i;

	for (i = 0; i < 32; i++)
		buf[i] = digits[below(sizeof digits - 1)];
}

static int16_t role16(void)
{
	return (int16_t)((int)below(65536) - 32768);
}

static const int rtc_roles[] = { AGT_ROLE_ATTENDEE, AGT_ROLE_PUBLISHER,
    AGT_ROLE_SUBSCRIBER, AGT_ROLE_ADMIN, 7 };

/* One set of random inputs for every builder. */
struct inputs {
	char app_id[32], cert[32];
	char s1[160], s2[160], s3[160], s4[64];
	char res[8][24];
	struct agt_str resources[8];
	struct agt_rtm2_perm perms[6];
	struct agt_priv privs[MAX_SERVICES][6];
	struct agt_service services[MAX_SERVICES];
	struct agt_token006_params t6;
	struct agt_token007_params t7;
	struct agt_rtc_params rtc;
	struct agt_rtm_params rtm;
	struct agt_chat_params chat;
	struct agt_fpa_params fpa;
	struct agt_apaas_params apaas;
};

static void fill_perms(struct inputs *in, size_t *nperms)
{
	size_t i, n = below(7), r = 0;

	for (i = 0; i < 8; i++)
		in->resources[i] = text(in->res[i], sizeof in->res[i]);
	for (i = 0; i < n; i++) {
		size_t k = below(4);

		if (r + k > 8)
			k = 8 - r;
		in->perms[i] = (struct agt_rtm2_perm){ (uint16_t)below(5),
		    (uint16_t)below(2), in->resources + r, k, below(6) == 0 };
		r += k;
	}
	*nperms = n;
}

static void fill(struct inputs *in, struct agt_pin pin)
{
	struct agt_str app_id, cert, a, b, c, d;
	size_t i, j, ns, nperms;
	uint32_t e1 = rand32(), e2 = below(2) ? rand32() : below(86400);

	hex32(in->app_id);
	hex32(in->cert);
	app_id = (struct agt_str){ in->app_id, 32 };
	cert = (struct agt_str){ in->cert, 32 };
	a = text(in->s1, sizeof in->s1);
	b = text(in->s2, sizeof in->s2);
	c = text(in->s3, sizeof in->s3);
	d = text(in->s4, sizeof in->s4);
	fill_perms(in, &nperms);

	ns = 1 + below(MAX_SERVICES);
	for (i = 0; i < ns; i++) {
		struct agt_service *s = &in->services[i];
		size_t np = below(7);

		for (j = 0; j < np; j++)
			in->privs[i][j] = (struct agt_priv){ (uint16_t)below(6),
			    below(3) ? rand32() : 0 };
		*s = (struct agt_service){ (uint16_t)(1 + below(10)),
		    in->privs[i], np, a, b, c, a, b, role16(), in->perms,
		    nperms };
	}
	agt_token007_params_init(&in->t7);
	in->t7.app_id = app_id;
	in->t7.app_certificate = cert;
	in->t7.expire = e1;
	in->t7.services = in->services;
	in->t7.nservices = ns;
	in->t7.pin = pin;

	agt_token006_params_init(&in->t6);
	in->t6.app_id = app_id;
	in->t6.app_certificate = below(2) ? cert : d;
	in->t6.channel = a;
	in->t6.uid = b;
	in->t6.privs = in->privs[0];
	in->t6.nprivs = in->services[0].nprivs;
	in->t6.pin = pin;

	agt_rtc_params_init(&in->rtc);
	in->rtc.app_id = app_id;
	in->rtc.app_certificate = cert;
	in->rtc.channel = a;
	in->rtc.uid = below(4) ? rand32() : 0;
	if (below(2))
		in->rtc.account = b;
	in->rtc.role = rtc_roles[below(sizeof rtc_roles / sizeof rtc_roles[0])];
	in->rtc.token_expire = e1;
	in->rtc.privilege_expire = e2;
	in->rtc.join_expire = rand32();
	in->rtc.pub_audio_expire = below(2) ? rand32() : 0;
	in->rtc.pub_video_expire = rand32();
	in->rtc.pub_data_expire = below(500);
	in->rtc.rtm_user_id = c;
	in->rtc.rtm_token_expire = e2;
	in->rtc.pin = pin;

	agt_rtm_params_init(&in->rtm);
	in->rtm.app_id = app_id;
	in->rtm.app_certificate = cert;
	in->rtm.user_id = a;
	in->rtm.expire = e1;
	in->rtm.perms = in->perms;
	in->rtm.nperms = nperms;
	in->rtm.pin = pin;

	agt_chat_params_init(&in->chat);
	in->chat.app_id = app_id;
	in->chat.app_certificate = cert;
	in->chat.user_id = b;
	in->chat.expire = e2;
	in->chat.pin = pin;

	agt_fpa_params_init(&in->fpa);
	in->fpa.app_id = app_id;
	in->fpa.app_certificate = cert;
	in->fpa.pin = pin;

	agt_apaas_params_init(&in->apaas);
	in->apaas.app_id = app_id;
	in->apaas.app_certificate = cert;
	in->apaas.room_uuid = c;
	in->apaas.user_uuid = a;
	in->apaas.role = role16();
	in->apaas.expire = e1;
	in->apaas.pin = pin;
}

typedef enum agt_err (*build_fn)(const struct inputs *, char *, size_t,
    size_t *);

#define WRAP(name, call, field) \
	static enum agt_err name(const struct inputs *in, char *out, \
	    size_t cap, size_t *len) \
	{ \
		return call(&in->field, out, cap, len); \
	}

WRAP(b_build006, agt_build006, t6)
WRAP(b_build007, agt_build007, t7)
WRAP(b_rtc006, agt_rtc_build006, rtc)
WRAP(b_rtc, agt_rtc_build, rtc)
WRAP(b_rtc_privs, agt_rtc_build_with_privileges, rtc)
WRAP(b_rtc_rtm, agt_rtc_build_with_rtm, rtc)
WRAP(b_rtc_rtm2, agt_rtc_build_with_rtm2, rtc)
WRAP(b_convoai, agt_convoai_build, rtc)
WRAP(b_stt, agt_stt_build, rtc)
WRAP(b_rtm006, agt_rtm_build006, rtm)
WRAP(b_rtm, agt_rtm_build, rtm)
WRAP(b_rtm_perms, agt_rtm_build_with_permissions, rtm)
WRAP(b_chat_user, agt_chat_build_user, chat)
WRAP(b_chat_app, agt_chat_build_app, chat)
WRAP(b_fpa, agt_fpa_build, fpa)
WRAP(b_apaas_room_user, agt_apaas_build_room_user, apaas)
WRAP(b_apaas_user, agt_apaas_build_user, apaas)
WRAP(b_apaas_app, agt_apaas_build_app, apaas)
WRAP(b_edu_room_user, agt_education_build_room_user, apaas)
WRAP(b_edu_user, agt_education_build_user, apaas)
WRAP(b_edu_app, agt_education_build_app, apaas)

static const struct builder {
	const char *name;
	build_fn fn;
	int v007;
} builders[] = {
	{ "agt_build006", b_build006, 0 },
	{ "agt_build007", b_build007, 1 },
	{ "agt_rtc_build006", b_rtc006, 0 },
	{ "agt_rtc_build", b_rtc, 1 },
	{ "agt_rtc_build_with_privileges", b_rtc_privs, 1 },
	{ "agt_rtc_build_with_rtm", b_rtc_rtm, 1 },
	{ "agt_rtc_build_with_rtm2", b_rtc_rtm2, 1 },
	{ "agt_convoai_build", b_convoai, 1 },
	{ "agt_stt_build", b_stt, 1 },
	{ "agt_rtm_build006", b_rtm006, 0 },
	{ "agt_rtm_build", b_rtm, 1 },
	{ "agt_rtm_build_with_permissions", b_rtm_perms, 1 },
	{ "agt_chat_build_user", b_chat_user, 1 },
	{ "agt_chat_build_app", b_chat_app, 1 },
	{ "agt_fpa_build", b_fpa, 1 },
	{ "agt_apaas_build_room_user", b_apaas_room_user, 1 },
	{ "agt_apaas_build_user", b_apaas_user, 1 },
	{ "agt_apaas_build_app", b_apaas_app, 1 },
	{ "agt_education_build_room_user", b_edu_room_user, 1 },
	{ "agt_education_build_user", b_edu_user, 1 },
	{ "agt_education_build_app", b_edu_app, 1 },
};

/* Unpinned: the queried size plus the NUL always suffices, and the query
 * answers the same every time. */
static void unpinned(const struct builder *b, struct inputs *in)
{
	int i, failed = 0, unstable = 0, qerr = 0, fits = 0, refused = 0;
	int badrange = 0;
	char big[8192];

	for (i = 0; i < ROUNDS; i++) {
		size_t need = 0, again = 0, len = 0, real = 0;
		enum agt_err rc;
		char *buf;

		fill(in, (struct agt_pin){ 0, 0, 0 });
		if (b->fn(in, NULL, 0, &need) != AGT_ERANGE || need == 0) {
			qerr++;
			continue;
		}
		if (b->fn(in, NULL, 0, &again) != AGT_ERANGE || again != need)
			unstable++;
		if ((buf = malloc(need + 1)) == NULL)
			bail("out of memory");
		rc = b->fn(in, buf, need + 1, &len);
		if (rc != AGT_OK || len > need || strlen(buf) != len) {
			if (failed++ < 3)
				diag("%s round %d: %s with %zu + 1 bytes (token %zu)",
				    b->name, i, agt_errname(rc), need, len);
		}
		free(buf);
		/* A buffer that holds the real token is accepted even when
		 * it is below the bound; a too-small one reports the bound. */
		if (i % 5 == 0) {
			if (b->fn(in, big, sizeof big, &real) != AGT_OK)
				bail("%s: building into 8 KiB failed", b->name);
			rc = b->fn(in, big, real + 1, &len);
			if (rc == AGT_OK)
				fits += len < need;
			else if (rc == AGT_ERANGE && len == need)
				refused++;
			else
				badrange++;
		}
	}
	is_int(0, qerr, "%s: every unpinned query answers AGT_ERANGE with a size",
	    b->name);
	is_int(0, unstable, "%s: the query answers the same size every call",
	    b->name);
	is_int(0, failed, "%s: %d unpinned tokens each fit in the queried size + 1",
	    b->name, ROUNDS);
	is_int(0, badrange, "%s: a too-small buffer answers AGT_ERANGE with the "
	    "queried size", b->name);
	if (b->v007)
		ok(fits > 0, "%s: buffers below the bound that hold the token are "
		    "accepted (%d times, %d refused)", b->name, fits, refused);
}

/* Pinned: the query is exact, 006 and 007 alike. */
static void pinned(const struct builder *b, struct inputs *in)
{
	int i, wrong = 0;

	for (i = 0; i < PINNED_ROUNDS; i++) {
		struct agt_pin pin = { AGT_PIN_SALT | AGT_PIN_TS,
		    1 + below(99999999U), rand32() };
		size_t need = 0, len = 0, len2 = 0;
		char *buf;

		fill(in, pin);
		if (b->fn(in, NULL, 0, &need) != AGT_ERANGE) {
			wrong++;
			continue;
		}
		if ((buf = malloc(need + 1)) == NULL)
			bail("out of memory");
		if (b->fn(in, buf, need + 1, &len) != AGT_OK || len != need ||
		    strlen(buf) != need ||
		    b->fn(in, buf, need, &len2) != AGT_ERANGE || len2 != need)
			wrong++;
		free(buf);
	}
	is_int(0, wrong, "%s: pinned queries give the exact length (the NUL "
	    "not counted)", b->name);
}

/* 006 content holds salt and ts as fixed-width fields: the length does not
 * depend on them. */
static void fixed006(const struct builder *b, struct inputs *in)
{
	int i, differ = 0;

	for (i = 0; i < PINNED_ROUNDS; i++) {
		size_t n1 = 0, n2 = 0;
		unsigned long long keep = rng;

		fill(in, (struct agt_pin){ AGT_PIN_SALT | AGT_PIN_TS, 1, 0 });
		(void)b->fn(in, NULL, 0, &n1);
		rng = keep;
		fill(in, (struct agt_pin){ AGT_PIN_SALT | AGT_PIN_TS,
		    AGT_SALT_MAX, UINT32_MAX });
		(void)b->fn(in, NULL, 0, &n2);
		differ += n1 != n2;
	}
	is_int(0, differ, "%s: the length does not depend on salt and ts",
	    b->name);
}

/* Malformed inputs: the query refuses them as a build does. */
static void errors(void)
{
	static char longstr[AGT_STRING_MAX + 1];
	const struct agt_priv join = { AGT_PRIV_JOIN_CHANNEL, 0 };
	const struct agt_rtm2_perm badperm = { 0, 0, NULL, 1, 0 };
	struct agt_service s = { AGT_SERVICE_RTC, &join, 1, { "c", 1 },
	    { "", 0 }, { NULL, 0 }, { NULL, 0 }, { NULL, 0 }, 0, NULL, 0 };
	struct agt_token007_params p;
	struct {
		const char *what;
		enum agt_err want;
	} rows[] = {
		{ "app id of 31 characters", AGT_EAPPID },
		{ "certificate not hex", AGT_ECERT },
		{ "no services", AGT_ENOSERVICE },
		{ "channel of 65536 bytes", AGT_ETOOLONG },
		{ "RTM2 resources NULL with a count", AGT_EINVAL },
	};
	size_t i, len = 99;
	char big[512];
	int pin;

	memset(longstr, 'x', sizeof longstr);
	for (pin = 0; pin < 2; pin++) {
		for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
			enum agt_err q, b;

			agt_token007_params_init(&p);
			p.app_id = S(T_APP_ID);
			p.app_certificate = S(T_CERT);
			p.expire = 600;
			p.services = &s;
			p.nservices = 1;
			if (pin)
				p.pin = T_PIN;
			s.type = AGT_SERVICE_RTC;
			s.channel = (struct agt_str){ "c", 1 };
			s.perms = NULL;
			s.nperms = 0;
			switch (i) {
			case 0:
				p.app_id.n = 31;
				break;
			case 1:
				p.app_certificate = S("5CFd2fd1755d40ecb72977518be15d3g");
				break;
			case 2:
				p.nservices = 0;
				break;
			case 3:
				s.channel = (struct agt_str){ longstr, sizeof longstr };
				break;
			default:
				s.type = AGT_SERVICE_RTM2;
				s.perms = &badperm;
				s.nperms = 1;
				break;
			}
			q = agt_build007(&p, NULL, 0, &len);
			b = agt_build007(&p, big, sizeof big, &len);
			ok(q == rows[i].want && b == rows[i].want,
			    "%s, %s: query %s, build %s", rows[i].what,
			    pin ? "pinned" : "unpinned", agt_errname(q),
			    agt_errname(b));
		}
	}
	is_int(0, (long long)len, "*outlen is 0 after an error");
}

int main(void)
{
	static struct inputs in;
	size_t i;

	plan_lazy();
	for (i = 0; i < sizeof builders / sizeof builders[0]; i++) {
		unpinned(&builders[i], &in);
		pinned(&builders[i], &in);
		if (!builders[i].v007)
			fixed006(&builders[i], &in);
	}
	errors();
	agt_thread_cleanup();
	return 0;
}
