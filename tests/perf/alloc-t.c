/* SPDX-License-Identifier: MIT */
/*
 * alloc-t - defends "no heap allocation per token in steady state": after a
 * warm-up (which sets up the thread's deflate stream and HMAC contexts),
 * building 1,000 tokens with each builder must call malloc, calloc and
 * realloc zero times.  The program counts through its own malloc family,
 * which the dynamic linker binds in place of libc's for every library
 * (libagoratoken, zlib, mbedTLS) and which forwards to glibc's __libc_*
 * entry points.  By design a parse allocates exactly once (the token is one
 * block) and agt_token_free frees exactly once; verifying and checking
 * allocate nothing.  A positive control proves the counting works: after
 * agt_thread_cleanup() the next token must allocate again, and a thread's
 * state must be freed when the thread exits.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "agoratoken.h"
#include "tap/tap.h"

#if defined(__SANITIZE_ADDRESS__)
#define ALLOC_T_SKIP 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define ALLOC_T_SKIP 1
#endif
#endif

#ifdef ALLOC_T_SKIP
int main(void)
{
	skip_all("the sanitizer runtime owns malloc in this build");
}
#else

/* ---- counting malloc family ---- */

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);
extern void __libc_free(void *p);

/* Our definitions replace libc's (stdlib.h would declare them too). */
void *malloc(size_t n);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t n);
void *memalign(size_t align, size_t n);
void *aligned_alloc(size_t align, size_t n);
int posix_memalign(void **p, size_t align, size_t n);
void free(void *p);

static int counting;
static unsigned long n_alloc, n_free;

static void count(unsigned long *c)
{
	if (__atomic_load_n(&counting, __ATOMIC_RELAXED))
		__atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
}

void *malloc(size_t n)
{
	count(&n_alloc);
	return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
	count(&n_alloc);
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	count(&n_alloc);
	return __libc_realloc(p, n);
}

void *memalign(size_t align, size_t n)
{
	count(&n_alloc);
	return __libc_memalign(align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
	count(&n_alloc);
	return __libc_memalign(align, n);
}

int posix_memalign(void **p, size_t align, size_t n)
{
	void *q;

	count(&n_alloc);
	q = __libc_memalign(align, n);
	if (q == NULL)
		return 12; /* ENOMEM */
	*p = q;
	return 0;
}

void free(void *p)
{
	if (p != NULL)
		count(&n_free);
	__libc_free(p);
}

static void start(void)
{
	__atomic_store_n(&n_alloc, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&n_free, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&counting, 1, __ATOMIC_SEQ_CST);
}

static void stop(void)
{
	__atomic_store_n(&counting, 0, __ATOMIC_SEQ_CST);
}

/* ---- inputs: the reference's published test values ---- */

#define S(lit) ((struct agt_str){ (lit), sizeof(lit) - 1 })
#define APP_ID "970CA35de60c44645bbae8a215061b33"
#define CERT "5CFd2fd1755d40ecb72977518be15d3b"
#define CHANNEL "7d72365eb983485397e3e3f9d460bdda"
#define UID 2882341273U
#define UID_STR "2882341273"
#define ROUNDS 1000

static struct agt_rtc_params rtc, rtc6;
static struct agt_rtm_params rtm, rtm6, rtm2;
static struct agt_chat_params chat;
static struct agt_fpa_params fpa;
static struct agt_apaas_params apaas;
static struct agt_token006_params raw6;
static struct agt_token007_params raw7;
static struct agt_service svc[5];
static const struct agt_priv privs4[] = { { 1, 600 }, { 2, 600 }, { 3, 600 }, { 4, 600 } };
static const struct agt_str res[] = { { "channel-a", 9 }, { "channel-b", 9 }, { "user-a", 6 } };
static const struct agt_rtm2_perm perms[] = {
	{ AGT_RTM2_MESSAGE_CHANNELS, AGT_RTM2_READ, &res[0], 2, 0 },
	{ AGT_RTM2_MESSAGE_CHANNELS, AGT_RTM2_WRITE, &res[0], 1, 0 },
	{ AGT_RTM2_STREAM_CHANNELS, 0, NULL, 0, 1 },
	{ AGT_RTM2_USERS, AGT_RTM2_READ, &res[2], 1, 0 },
};

static void setup(void)
{
	agt_rtc_params_init(&rtc);
	rtc.app_id = S(APP_ID);
	rtc.app_certificate = S(CERT);
	rtc.channel = S(CHANNEL);
	rtc.uid = UID;
	rtc.role = AGT_ROLE_PUBLISHER;
	rtc.token_expire = rtc.privilege_expire = 3600;
	rtc.join_expire = rtc.pub_audio_expire = 3600;
	rtc.pub_video_expire = rtc.pub_data_expire = 3600;
	rtc.rtm_user_id = S(UID_STR);
	rtc.rtm_token_expire = 3600;
	rtc6 = rtc;
	rtc6.privilege_expire = 4000000000U;

	agt_rtm_params_init(&rtm);
	rtm.app_id = S(APP_ID);
	rtm.app_certificate = S(CERT);
	rtm.user_id = S("test_user");
	rtm.expire = 3600;
	rtm6 = rtm;
	rtm6.expire = 4000000000U;
	rtm2 = rtm;
	rtm2.perms = perms;
	rtm2.nperms = sizeof perms / sizeof perms[0];

	agt_chat_params_init(&chat);
	chat.app_id = S(APP_ID);
	chat.app_certificate = S(CERT);
	chat.user_id = S(UID_STR);
	chat.expire = 3600;

	agt_fpa_params_init(&fpa);
	fpa.app_id = S(APP_ID);
	fpa.app_certificate = S(CERT);

	agt_apaas_params_init(&apaas);
	apaas.app_id = S(APP_ID);
	apaas.app_certificate = S(CERT);
	apaas.room_uuid = S("123");
	apaas.user_uuid = S(UID_STR);
	apaas.role = 1;
	apaas.expire = 3600;

	agt_token006_params_init(&raw6);
	raw6.app_id = S(APP_ID);
	raw6.app_certificate = S(CERT);
	raw6.channel = S(CHANNEL);
	raw6.uid = S(UID_STR);
	raw6.privs = privs4;
	raw6.nprivs = 4;

	svc[0].type = AGT_SERVICE_RTC;
	svc[0].privs = privs4;
	svc[0].nprivs = 4;
	svc[0].channel = S(CHANNEL);
	svc[0].account = S(UID_STR);
	svc[1].type = AGT_SERVICE_RTM;
	svc[1].privs = privs4;
	svc[1].nprivs = 1;
	svc[1].user_id = S(UID_STR);
	svc[2].type = AGT_SERVICE_FPA;
	svc[2].privs = privs4;
	svc[2].nprivs = 1;
	svc[3].type = AGT_SERVICE_CHAT;
	svc[3].privs = privs4;
	svc[3].nprivs = 1;
	svc[3].user_id = S(UID_STR);
	svc[4].type = AGT_SERVICE_APAAS;
	svc[4].privs = &privs4[1];
	svc[4].nprivs = 1;
	svc[4].user_uuid = S(UID_STR);
	svc[4].role = -1;
	agt_token007_params_init(&raw7);
	raw7.app_id = S(APP_ID);
	raw7.app_certificate = S(CERT);
	raw7.expire = 3600;
	raw7.services = svc;
	raw7.nservices = 5;
}

static char tok[AGT_TOKEN_MAX];
static size_t toklen;

#define OP(name, call) \
	static enum agt_err name(void) { return call; }
OP(b_rtc006, agt_rtc_build006(&rtc6, tok, sizeof tok, &toklen))
OP(b_rtm006, agt_rtm_build006(&rtm6, tok, sizeof tok, &toklen))
OP(b_raw006, agt_build006(&raw6, tok, sizeof tok, &toklen))
OP(b_rtc, agt_rtc_build(&rtc, tok, sizeof tok, &toklen))
OP(b_rtc_priv, agt_rtc_build_with_privileges(&rtc, tok, sizeof tok, &toklen))
OP(b_rtc_rtm, agt_rtc_build_with_rtm(&rtc, tok, sizeof tok, &toklen))
OP(b_rtc_rtm2, agt_rtc_build_with_rtm2(&rtc, tok, sizeof tok, &toklen))
OP(b_convoai, agt_convoai_build(&rtc, tok, sizeof tok, &toklen))
OP(b_stt, agt_stt_build(&rtc, tok, sizeof tok, &toklen))
OP(b_rtm, agt_rtm_build(&rtm, tok, sizeof tok, &toklen))
OP(b_rtm2, agt_rtm_build_with_permissions(&rtm2, tok, sizeof tok, &toklen))
OP(b_chat_user, agt_chat_build_user(&chat, tok, sizeof tok, &toklen))
OP(b_chat_app, agt_chat_build_app(&chat, tok, sizeof tok, &toklen))
OP(b_fpa, agt_fpa_build(&fpa, tok, sizeof tok, &toklen))
OP(b_apaas_room, agt_apaas_build_room_user(&apaas, tok, sizeof tok, &toklen))
OP(b_apaas_user, agt_apaas_build_user(&apaas, tok, sizeof tok, &toklen))
OP(b_apaas_app, agt_apaas_build_app(&apaas, tok, sizeof tok, &toklen))
OP(b_raw007, agt_build007(&raw7, tok, sizeof tok, &toklen))

static const struct {
	const char *name;
	enum agt_err (*op)(void);
} builders[] = {
	{ "006 RtcTokenBuilder.buildTokenWithUid", b_rtc006 },
	{ "006 RtmTokenBuilder.buildToken", b_rtm006 },
	{ "006 AccessToken, 4 privileges", b_raw006 },
	{ "007 RtcTokenBuilder2.build_token_with_uid", b_rtc },
	{ "007 RtcTokenBuilder2 with privileges", b_rtc_priv },
	{ "007 RtcTokenBuilder2.build_token_with_rtm", b_rtc_rtm },
	{ "007 RtcTokenBuilder2.build_token_with_rtm2", b_rtc_rtm2 },
	{ "007 ConvoAITokenBuilder", b_convoai },
	{ "007 SttTokenBuilder", b_stt },
	{ "007 RtmTokenBuilder2.build_token", b_rtm },
	{ "007 RTM2 with 4 permission entries", b_rtm2 },
	{ "007 ChatTokenBuilder2 user", b_chat_user },
	{ "007 ChatTokenBuilder2 app", b_chat_app },
	{ "007 FpaTokenBuilder", b_fpa },
	{ "007 APaaS room user", b_apaas_room },
	{ "007 APaaS user", b_apaas_user },
	{ "007 APaaS app", b_apaas_app },
	{ "007 AccessToken2, 5 services", b_raw007 },
};
#define NBUILDERS (sizeof builders / sizeof builders[0])

/* The token in tok must parse and (007) verify: a builder failing early
 * would allocate nothing too. */
static int valid_token(void)
{
	struct agt_token *t = NULL;
	enum agt_err rc = agt_token_parse(tok, toklen, &t);

	if (rc == AGT_OK && tok[2] == '7')
		rc = agt_token_verify(t, S(CERT), S(""), S(""));
	agt_token_free(t);
	return rc == AGT_OK;
}

static void test_builders(void)
{
	size_t i;
	int r, bad;

	for (i = 0; i < NBUILDERS; i++) {
		/* Warm-up: first use on this thread may set up its state. */
		bad = builders[i].op() != AGT_OK || !valid_token();
		start();
		for (r = 0; r < ROUNDS; r++)
			bad |= builders[i].op() != AGT_OK;
		stop();
		ok(!bad && valid_token(), "%s: %d tokens built", builders[i].name,
		    ROUNDS);
		is_int(0, (long long)n_alloc, "%s: no allocation in %d tokens",
		    builders[i].name, ROUNDS);
		is_int(0, (long long)n_free, "%s: no free in %d tokens",
		    builders[i].name, ROUNDS);
	}
}

/* Parse: one allocation, and the matching free; verify and check: none. */
static void test_parse_verify(void)
{
	static char t6[AGT_TOKEN_MAX], t7[AGT_TOKEN_MAX];
	size_t n6, n7;
	struct agt_token *t;
	struct agt_check_params c;
	unsigned long pa = 0, pf = 0, va = 0, vf = 0;
	int r, bad = 0;

	if (agt_rtc_build006(&rtc6, t6, sizeof t6, &n6) != AGT_OK ||
	    agt_rtm_build_with_permissions(&rtm2, t7, sizeof t7, &n7) != AGT_OK)
		bail("cannot build the tokens to parse");
	agt_check_params_init(&c);
	c.now = (uint32_t)time(NULL);
	c.app_certificate = S(CERT);
	c.channel = S(CHANNEL);
	c.uid = S(UID_STR);
	for (r = -1; r < ROUNDS; r++) {
		const char *text = r % 2 ? t7 : t6;
		size_t len = r % 2 ? n7 : n6;

		t = NULL;
		start();
		bad |= agt_token_parse(text, len, &t) != AGT_OK;
		stop();
		if (r >= 0) {
			pa += n_alloc;
			pf += n_free;
		}
		start();
		if (t != NULL) {
			bad |= agt_token_verify(t, S(CERT), S(CHANNEL),
			    S(UID_STR)) != AGT_OK;
			bad |= agt_token_check(t, &c) != 0;
		}
		stop();
		if (r >= 0) {
			va += n_alloc;
			vf += n_free;
		}
		start();
		agt_token_free(t);
		stop();
		if (r >= 0) {
			pa += n_alloc;
			pf += n_free;
		}
	}
	ok(!bad, "%d parses (006 and 007 with RTM2 permissions) verified and "
	    "checked without problems", ROUNDS);
	is_int(ROUNDS, (long long)pa, "parse allocates exactly once per token");
	is_int(ROUNDS, (long long)pf, "agt_token_free frees exactly once per token");
	is_int(0, (long long)va, "verify and check allocate nothing");
	is_int(0, (long long)vf, "verify and check free nothing");
}

/* Positive controls: the counter sees the library's allocations. */
static void test_controls(void)
{
	start();
	agt_thread_cleanup();
	stop();
	ok(n_free > 0, "agt_thread_cleanup frees the thread's state (%lu frees)",
	    n_free);
	start();
	(void)b_rtc();
	stop();
	ok(n_alloc > 0, "first 007 token after cleanup allocates again (%lu)",
	    n_alloc);
	start();
	(void)b_rtc006();
	stop();
	is_int(0, (long long)n_alloc, "and the next 006 token reuses it");
}

static void *thread_main(void *arg)
{
	int *bad = arg;

	if (bad == NULL)
		return NULL; /* the empty thread of the baseline */
	*bad = b_rtc() != AGT_OK || b_rtc006() != AGT_OK;
	for (int r = 0; r < 10; r++)
		*bad |= b_rtm2() != AGT_OK;
	return NULL;
}

/* Allocations minus frees over one thread's life. */
static long thread_balance(int *bad, unsigned long *allocs)
{
	pthread_t th;

	start();
	if (pthread_create(&th, NULL, thread_main, bad) != 0)
		bail("pthread_create failed");
	pthread_join(th, NULL);
	stop();
	*allocs = n_alloc;
	return (long)n_alloc - (long)n_free;
}

/* A thread's streams and HMAC state are released when it exits.  glibc
 * may keep a block per thread of its own (thread stack cache); an empty
 * thread measures that. */
static void test_thread_exit(void)
{
	unsigned long a0, a;
	long base;
	int bad = 1;

	(void)thread_balance(NULL, &a0);
	base = thread_balance(NULL, &a0);
	is_int(base, thread_balance(&bad, &a),
	    "everything a thread's tokens allocated is freed at its exit");
	ok(!bad, "tokens built in a second thread");
	ok(a > a0, "that thread set up its own state (%lu allocations, "
	    "empty thread %lu)", a, a0);
}

int main(void)
{
	plan_lazy();
	setup();
	test_builders();
	test_parse_verify();
	test_controls();
	test_thread_exit();
	agt_thread_cleanup();
	return 0;
}
#endif
