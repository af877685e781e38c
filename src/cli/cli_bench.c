/* SPDX-License-Identifier: MIT */
/*
 * cli_bench.c - "agora-token bench [--seconds N]": times every builder and
 * the parser and verifier in this process, one thread, with the inputs of
 * the reference's published tests, and prints µs per token and tokens per
 * second.  Each case is warmed up, then measured in several runs taken in
 * turn across all cases (so a noisy moment hits every case a little rather
 * than one case a lot), and the median run is reported.  Time is
 * CLOCK_MONOTONIC, or with --clock cpu the thread's CPU clock, which on a
 * shared machine leaves out the time other processes hold the CPU.  The
 * last line is "006 X µs/token, 007 Y µs/token" (RtcTokenBuilder with
 * uid, publisher), which tools/bench reads; the line before it gives
 * their floors.  A builder's floor (lib/floor.h) repeats the HMACs and,
 * for 007, the deflate of the very token it built, with nothing else: the
 * token's ratio to it is what packing, base64, the salt and the clock
 * add.  Salts and times are not pinned: every token draws a salt and
 * reads the clock, as a real request does.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "lib/floor.h"

/* Inputs of the reference's published tests (not secrets). */
#define B_APP_ID "970CA35de60c44645bbae8a215061b33"
#define B_CERT "5CFd2fd1755d40ecb72977518be15d3b"
#define B_CHANNEL "7d72365eb983485397e3e3f9d460bdda"
#define B_UID 2882341273U
#define B_UID_STR "2882341273"
#define B_EXPIRE 3600U

#define BS(lit) ((struct agt_str){ (lit), sizeof(lit) - 1 })
#define FLOOR_RING 64U   /* tokens each floor runs over in turn */

enum { O_SECONDS = 1, O_RUNS, O_ONLY, O_CLOCK };

static const struct cli_opt bench_opts[] = {
	{ "seconds", 1, O_SECONDS, 0 },
	{ "runs", 1, O_RUNS, 0 },
	{ "only", 1, O_ONLY, 0 },
	{ "clock", 1, O_CLOCK, 0 },
	{ NULL, 0, 0, 0 }
};

static const char bench_help[] =
"usage: " CLI_NAME " bench [--seconds N] [--runs R] [--only NAME,...]\n"
"                   [--clock wall|cpu]\n"
"\n"
"Times every token builder and the parser and verifier in this process on\n"
"one thread, and prints the median of R runs (default 5) per case in\n"
"microseconds per token and tokens per second; for each builder also its\n"
"floor, the HMACs and the deflate its token needs without the rest\n"
"(no packing, base64, salt or clock), and the token's time over it.\n"
"The last line is\n"
"\"006 X µs/token, 007 Y µs/token\" for RtcTokenBuilder with a uid and the\n"
"publisher role (006: buildTokenWithUid, 007: build_token_with_uid).\n"
"  --seconds N   measuring time for all cases together (default 5)\n"
"  --runs R      runs per case, the median is reported (default 5)\n"
"  --only LIST   only the named cases (comma-separated; the two of the\n"
"                last line always run); names are in the first column\n"
"  --clock wall  time with CLOCK_MONOTONIC (the default)\n"
"  --clock cpu   time with this thread's CPU clock: on a busy machine it\n"
"                leaves out the time other processes hold the CPU\n"
"No credentials are needed: the reference's published test inputs are used.\n";

/* ---- inputs, built once ---- */

static struct agt_rtc_params rtc, rtc6;
static struct agt_rtm_params rtm, rtm2, rtm6;
static struct agt_chat_params chat;
static struct agt_fpa_params fpa;
static struct agt_apaas_params apaas;
static struct agt_token007_params raw7;
static struct agt_token006_params raw6;
static struct agt_service raw7_svc[5];
static struct agt_rtm2_perm perms[4];
static const struct agt_str perm_res[] = {
	{ "channel-a", 9 }, { "channel-b", 9 }, { "stream-a", 8 }, { "user-a", 6 }
};
static const struct agt_priv priv_rtc[] = {
	{ 1, B_EXPIRE }, { 2, B_EXPIRE }, { 3, B_EXPIRE }, { 4, B_EXPIRE }
};
static const struct agt_priv priv_one = { 1, B_EXPIRE };
static struct agt_priv priv006[4];

static char tokbuf[AGT_TOKEN_MAX];
static size_t toklen;
static char tok006[AGT_TOKEN_MAX], tok007[AGT_TOKEN_MAX];
static size_t tok006len, tok007len;

static void setup(void)
{
	uint32_t abs_expire = cli_now() + B_EXPIRE;

	agt_rtc_params_init(&rtc);
	rtc.app_id = BS(B_APP_ID);
	rtc.app_certificate = BS(B_CERT);
	rtc.channel = BS(B_CHANNEL);
	rtc.uid = B_UID;
	rtc.role = AGT_ROLE_PUBLISHER;
	rtc.token_expire = B_EXPIRE;
	rtc.privilege_expire = B_EXPIRE;
	rtc.join_expire = rtc.pub_audio_expire = B_EXPIRE;
	rtc.pub_video_expire = rtc.pub_data_expire = B_EXPIRE;
	rtc.rtm_user_id = BS(B_UID_STR);
	rtc.rtm_token_expire = B_EXPIRE;

	agt_rtm_params_init(&rtm);
	rtm.app_id = BS(B_APP_ID);
	rtm.app_certificate = BS(B_CERT);
	rtm.user_id = BS("test_user");
	rtm.expire = B_EXPIRE;
	rtm2 = rtm;
	perms[0] = (struct agt_rtm2_perm){ AGT_RTM2_MESSAGE_CHANNELS,
	    AGT_RTM2_READ, &perm_res[0], 2, 0 };
	perms[1] = (struct agt_rtm2_perm){ AGT_RTM2_MESSAGE_CHANNELS,
	    AGT_RTM2_WRITE, &perm_res[0], 1, 0 };
	perms[2] = (struct agt_rtm2_perm){ AGT_RTM2_STREAM_CHANNELS,
	    AGT_RTM2_READ, &perm_res[2], 1, 0 };
	perms[3] = (struct agt_rtm2_perm){ AGT_RTM2_USERS,
	    AGT_RTM2_READ, &perm_res[3], 1, 0 };
	rtm2.perms = perms;
	rtm2.nperms = sizeof perms / sizeof perms[0];

	agt_chat_params_init(&chat);
	chat.app_id = BS(B_APP_ID);
	chat.app_certificate = BS(B_CERT);
	chat.user_id = BS(B_UID_STR);
	chat.expire = B_EXPIRE;

	agt_fpa_params_init(&fpa);
	fpa.app_id = BS(B_APP_ID);
	fpa.app_certificate = BS(B_CERT);

	agt_apaas_params_init(&apaas);
	apaas.app_id = BS(B_APP_ID);
	apaas.app_certificate = BS(B_CERT);
	apaas.room_uuid = BS("123");
	apaas.user_uuid = BS(B_UID_STR);
	apaas.role = 1;
	apaas.expire = B_EXPIRE;

	/* AccessToken2 with five services, as the reference's multi test. */
	memset(raw7_svc, 0, sizeof raw7_svc);
	raw7_svc[0].type = AGT_SERVICE_RTC;
	raw7_svc[0].privs = priv_rtc;
	raw7_svc[0].nprivs = 4;
	raw7_svc[0].channel = BS(B_CHANNEL);
	raw7_svc[0].account = BS(B_UID_STR);
	raw7_svc[1].type = AGT_SERVICE_RTM;
	raw7_svc[1].privs = &priv_one;
	raw7_svc[1].nprivs = 1;
	raw7_svc[1].user_id = BS(B_UID_STR);
	raw7_svc[2].type = AGT_SERVICE_FPA;
	raw7_svc[2].privs = &priv_one;
	raw7_svc[2].nprivs = 1;
	raw7_svc[3].type = AGT_SERVICE_CHAT;
	raw7_svc[3].privs = &priv_one;
	raw7_svc[3].nprivs = 1;
	raw7_svc[3].user_id = BS(B_UID_STR);
	raw7_svc[4].type = AGT_SERVICE_APAAS;
	raw7_svc[4].privs = &priv_rtc[1];
	raw7_svc[4].nprivs = 1;
	raw7_svc[4].user_uuid = BS(B_UID_STR);
	raw7_svc[4].role = -1;
	agt_token007_params_init(&raw7);
	raw7.app_id = BS(B_APP_ID);
	raw7.app_certificate = BS(B_CERT);
	raw7.expire = B_EXPIRE;
	raw7.services = raw7_svc;
	raw7.nservices = 5;

	/* 006 expiries are absolute unix times. */
	rtc6 = rtc;
	rtc6.privilege_expire = abs_expire;
	rtm6 = rtm;
	rtm6.user_id = BS(B_UID_STR);
	rtm6.expire = abs_expire;
	for (size_t i = 0; i < 4; i++)
		priv006[i] = (struct agt_priv){ (uint16_t)(i + 1), abs_expire };
	agt_token006_params_init(&raw6);
	raw6.app_id = BS(B_APP_ID);
	raw6.app_certificate = BS(B_CERT);
	raw6.channel = BS(B_CHANNEL);
	raw6.uid = BS(B_UID_STR);
	raw6.privs = priv006;
	raw6.nprivs = 4;
}

/* ---- one operation per case ---- */

static enum agt_err op_rtc006(void)
{
	return agt_rtc_build006(&rtc6, tokbuf, sizeof tokbuf, &toklen);
}

static enum agt_err op_rtm006(void)
{
	return agt_rtm_build006(&rtm6, tokbuf, sizeof tokbuf, &toklen);
}

static enum agt_err op_raw006(void)
{
	return agt_build006(&raw6, tokbuf, sizeof tokbuf, &toklen);
}

static enum agt_err op_rtc007(void)
{
	return agt_rtc_build(&rtc, tokbuf, sizeof tokbuf, &toklen);
}

static enum agt_err op_rtc007_priv(void)
{
	return agt_rtc_build_with_privileges(&rtc, tokbuf, sizeof tokbuf, &toklen);
}

static enum agt_err op_rtc007_rtm(void)
{
	return agt_rtc_build_with_rtm(&rtc, tokbuf, sizeof tokbuf, &toklen);
}

static enum agt_err op_rtc007_rtm2(void)
{
	return agt_rtc_build_with_rtm2(&rtc, tokbuf, sizeof tokbuf, &toklen);
}

static enum agt_err op_convoai(void)
{
	return agt_convoai_build(&rtc, tokbuf, sizeof tokbuf, &toklen);
}

static enum agt_err op_stt(void)
{
	return agt_stt_build(&rtc, tokbuf, sizeof tokbuf, &toklen);
}

static enum agt_err op_rtm007(void)
{
	return agt_rtm_build(&rtm, tokbuf, sizeof tokbuf, &toklen);
}

static enum agt_err op_rtm2(void)
{
	return agt_rtm_build_with_permissions(&rtm2, tokbuf, sizeof tokbuf,
	    &toklen);
}

static enum agt_err op_chat_user(void)
{
	return agt_chat_build_user(&chat, tokbuf, sizeof tokbuf, &toklen);
}

static enum agt_err op_chat_app(void)
{
	return agt_chat_build_app(&chat, tokbuf, sizeof tokbuf, &toklen);
}

static enum agt_err op_fpa(void)
{
	return agt_fpa_build(&fpa, tokbuf, sizeof tokbuf, &toklen);
}

static enum agt_err op_apaas_room(void)
{
	return agt_apaas_build_room_user(&apaas, tokbuf, sizeof tokbuf, &toklen);
}

static enum agt_err op_apaas_user(void)
{
	return agt_apaas_build_user(&apaas, tokbuf, sizeof tokbuf, &toklen);
}

static enum agt_err op_apaas_app(void)
{
	return agt_apaas_build_app(&apaas, tokbuf, sizeof tokbuf, &toklen);
}

static enum agt_err op_raw007(void)
{
	return agt_build007(&raw7, tokbuf, sizeof tokbuf, &toklen);
}

static enum agt_err parse_only(const char *t, size_t n)
{
	struct agt_token *tok = NULL;
	enum agt_err rc = agt_token_parse(t, n, &tok);

	agt_token_free(tok);
	return rc;
}

static enum agt_err parse_verify(const char *t, size_t n)
{
	struct agt_token *tok = NULL;
	enum agt_err rc = agt_token_parse(t, n, &tok);

	if (rc == AGT_OK)
		rc = agt_token_verify(tok, BS(B_CERT), BS(B_CHANNEL),
		    BS(B_UID_STR));
	agt_token_free(tok);
	return rc;
}

static enum agt_err op_parse006(void)
{
	return parse_only(tok006, tok006len);
}

static enum agt_err op_parse007(void)
{
	return parse_only(tok007, tok007len);
}

static enum agt_err op_verify006(void)
{
	return parse_verify(tok006, tok006len);
}

static enum agt_err op_verify007(void)
{
	return parse_verify(tok007, tok007len);
}

struct bcase {
	const char *name;   /* for --only */
	const char *label;  /* the reference's builder, or the operation */
	enum agt_err (*op)(void);
	int builds;         /* 1: the op leaves a token in tokbuf */
	int always;         /* 1: part of the last line */
	int selected;
	double runs_us[64];
	double median_us;
	/* Builders: the floor of their tokens (lib/floor.h), timed in the
	 * same rounds; 006 signs a channel and uid, named here.  The floor
	 * runs in turn over FLOOR_RING tokens, as the builder never sees the
	 * same salt twice: the same bytes every time would let the branch
	 * predictor learn the deflate's path and flatter the floor. */
	const char *f_channel, *f_uid;
	struct agt_floor *floors;   /* FLOOR_RING of them */
	unsigned floor_next;
	double floor_runs_us[64];
	double floor_us;
};

static struct bcase cases[] = {
	{ "rtc006", "RtcTokenBuilder.buildTokenWithUid (006)", op_rtc006, 1, 1, 0, {0}, 0, B_CHANNEL, B_UID_STR, NULL, 0, {0}, 0 },
	{ "rtm006", "RtmTokenBuilder.buildToken (006)", op_rtm006, 1, 0, 0, {0}, 0, B_UID_STR, "", NULL, 0, {0}, 0 },
	{ "raw006", "AccessToken.build, 4 privileges (006)", op_raw006, 1, 0, 0, {0}, 0, B_CHANNEL, B_UID_STR, NULL, 0, {0}, 0 },
	{ "rtc007", "RtcTokenBuilder2.build_token_with_uid", op_rtc007, 1, 1, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "rtc007-priv", "RtcTokenBuilder2.build_token_with_uid_and_privilege", op_rtc007_priv, 1, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "rtc007-rtm", "RtcTokenBuilder2.build_token_with_rtm", op_rtc007_rtm, 1, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "rtc007-rtm2", "RtcTokenBuilder2.build_token_with_rtm2", op_rtc007_rtm2, 1, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "convoai", "ConvoAITokenBuilder.buildToken (npm)", op_convoai, 1, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "stt", "SttTokenBuilder.buildToken (npm)", op_stt, 1, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "rtm007", "RtmTokenBuilder2.build_token", op_rtm007, 1, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "rtm2", "RtmTokenBuilder2.build_token_with_permissions", op_rtm2, 1, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "chat-user", "ChatTokenBuilder2.build_user_token", op_chat_user, 1, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "chat-app", "ChatTokenBuilder2.build_app_token", op_chat_app, 1, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "fpa", "FpaTokenBuilder.build_token", op_fpa, 1, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "apaas-room", "ApaasTokenBuilder.build_room_user_token", op_apaas_room, 1, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "apaas-user", "ApaasTokenBuilder.build_user_token", op_apaas_user, 1, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "apaas-app", "ApaasTokenBuilder.build_app_token", op_apaas_app, 1, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "raw007", "AccessToken2.build, 5 services", op_raw007, 1, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "parse006", "parse 006 (RTC publisher)", op_parse006, 0, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "parse007", "parse 007 (RTC publisher)", op_parse007, 0, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "verify006", "parse + verify 006", op_verify006, 0, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
	{ "verify007", "parse + verify 007", op_verify007, 0, 0, 0, {0}, 0, NULL, NULL, NULL, 0, {0}, 0 },
};
#define NCASES (sizeof cases / sizeof cases[0])

static clockid_t bench_clock = CLOCK_MONOTONIC;

static double now_s(void)
{
	struct timespec ts;

	if (clock_gettime(bench_clock, &ts) != 0)
		cli_die(CLI_EXIT_INTERNAL, "bench: clock_gettime failed");
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void run_op(struct bcase *c)
{
	enum agt_err rc = c->op();

	if (rc != AGT_OK)
		cli_die_lib(rc, c->name);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Runs c for about sec seconds (at least once); returns the iterations
 * needed for one run of run_s seconds. */
static unsigned long warm_up(struct bcase *c, double sec, double run_s)
{
	unsigned long n = 0;
	double t0 = now_s(), el;

	do {
		for (int i = 0; i < 16; i++)
			run_op(c);
		n += 16;
		el = now_s() - t0;
	} while (el < sec);
	el /= (double)n;
	if (el <= 0)
		el = 1e-9;
	return run_s / el < 16 ? 16 : (unsigned long)(run_s / el);
}

static double one_run(struct bcase *c, unsigned long iters)
{
	double t0 = now_s();

	for (unsigned long i = 0; i < iters; i++)
		run_op(c);
	return (now_s() - t0) / (double)iters * 1e6;
}

static double one_floor_run(struct bcase *c, unsigned long iters)
{
	double t0 = now_s();

	for (unsigned long i = 0; i < iters; i++) {
		if (agt_floor_run(&c->floors[c->floor_next]) != AGT_OK)
			cli_die(CLI_EXIT_INTERNAL, "bench: the floor of %s failed",
			    c->name);
		c->floor_next = (c->floor_next + 1) % FLOOR_RING;
	}
	return (now_s() - t0) / (double)iters * 1e6;
}

/* The floors of FLOOR_RING tokens of c's builder. */
static void floor_setup(struct bcase *c)
{
	struct agt_str ch = c->f_channel != NULL ?
	    (struct agt_str){ c->f_channel, strlen(c->f_channel) } : BS("");
	struct agt_str uid = c->f_uid != NULL ?
	    (struct agt_str){ c->f_uid, strlen(c->f_uid) } : BS("");
	enum agt_err rc;

	c->floors = calloc(FLOOR_RING, sizeof c->floors[0]);
	if (c->floors == NULL)
		cli_die(CLI_EXIT_INTERNAL, "bench: out of memory");
	for (unsigned i = 0; i < FLOOR_RING; i++) {
		struct agt_floor *f = &c->floors[i];

		run_op(c);
		rc = agt_floor_init(f, tokbuf, toklen, BS(B_CERT), ch, uid);
		if (rc != AGT_OK)
			cli_die_lib(rc, c->name);
		/* A floor that did less than the token's work would flatter
		 * it. */
		if ((rc = agt_floor_run(f)) != AGT_OK)
			cli_die_lib(rc, c->name);
		if (!agt_floor_matches(f))
			cli_die(CLI_EXIT_INTERNAL, "bench: the floor of %s does "
			    "not make its token's signature and bytes", c->name);
	}
}

static void floor_free(struct bcase *c)
{
	for (unsigned i = 0; i < FLOOR_RING; i++)
		agt_floor_free(&c->floors[i]);
	free(c->floors);
	c->floors = NULL;
}

static double median(double *v, uint64_t n)
{
	qsort(v, (size_t)n, sizeof v[0], cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A builder case's token must parse and verify (a wrong fast token is no
 * benchmark). */
static void sanity(struct bcase *c)
{
	struct agt_token *tok = NULL;
	enum agt_err rc;

	run_op(c);
	rc = agt_token_parse(tokbuf, toklen, &tok);
	if (rc == AGT_OK && strncmp(tokbuf, "007", 3) == 0) {
		rc = agt_token_verify(tok, BS(B_CERT), BS(""), BS(""));
	}
	agt_token_free(tok);
	if (rc != AGT_OK)
		cli_die(CLI_EXIT_INTERNAL, "bench: %s built a token that does "
		    "not parse and verify: %s", c->name, agt_strerror(rc));
}

static void select_cases(const char *only)
{
	size_t i;

	for (i = 0; i < NCASES; i++)
		cases[i].selected = only == NULL || cases[i].always;
	while (only != NULL && *only != '\0') {
		const char *comma = strchr(only, ',');
		size_t n = comma != NULL ? (size_t)(comma - only) : strlen(only);
		int found = 0;

		for (i = 0; i < NCASES; i++)
			if (strlen(cases[i].name) == n &&
			    strncmp(cases[i].name, only, n) == 0)
				cases[i].selected = found = 1;
		if (!found && n > 0)
			cli_usage_error("bench", "--only: no case named '%.*s'",
			    (int)(n > 60 ? 60 : n), only);
		only = comma != NULL ? comma + 1 : only + n;
	}
}

int cli_cmd_bench(int argc, char **argv)
{
	struct cli_getopt g;
	unsigned long iters[NCASES];
	uint64_t seconds = 5, runs = 5;
	const char *only = NULL;
	double run_s, us006 = 0, us007 = 0, f006 = 0, f007 = 0;
	size_t i, nsel = 0;
	int id;

	cli_getopt_init(&g, argc, argv, "bench", bench_opts);
	g.help = bench_help;
	while ((id = cli_getopt_next(&g)) != CLI_OPT_END) {
		switch (id) {
		case O_SECONDS:
			seconds = cli_parse_uint("--seconds", g.arg, 86400);
			break;
		case O_RUNS:
			runs = cli_parse_uint("--runs", g.arg, 64);
			break;
		case O_ONLY:
			only = g.arg;
			break;
		case O_CLOCK:
			if (strcmp(g.arg, "wall") == 0)
				bench_clock = CLOCK_MONOTONIC;
			else if (strcmp(g.arg, "cpu") == 0)
				bench_clock = CLOCK_THREAD_CPUTIME_ID;
			else
				cli_usage_error("bench", "--clock takes wall or cpu");
			break;
		default:
			break;
		}
	}
	if (g.npos != 0)
		cli_usage_error("bench", "unexpected argument '%.60s'", g.pos[0]);
	if (seconds == 0 || runs == 0)
		cli_usage_error("bench", "--seconds and --runs must be at least 1");
	select_cases(only);
	cli_getopt_free(&g);

	setup();
	if (agt_rtc_build006(&rtc6, tok006, sizeof tok006, &tok006len) != AGT_OK ||
	    agt_rtc_build(&rtc, tok007, sizeof tok007, &tok007len) != AGT_OK)
		cli_die(CLI_EXIT_INTERNAL, "bench: cannot build the sample tokens");
	/* A builder's floor is timed as long as the builder. */
	for (i = 0; i < NCASES; i++)
		nsel += cases[i].selected ? 1U + (cases[i].builds != 0) : 0U;
	run_s = (double)seconds / (double)(nsel * runs);

	/* Warm up every case (caches, the thread's compressor, page faults),
	 * then take the runs round-robin over the cases. */
	for (i = 0; i < NCASES; i++) {
		if (!cases[i].selected)
			continue;
		if (cases[i].builds) {
			sanity(&cases[i]);
			floor_setup(&cases[i]);
		}
		iters[i] = warm_up(&cases[i], run_s / 4 < 0.02 ? run_s / 4 : 0.02,
		    run_s);
	}
	for (uint64_t r = 0; r < runs; r++)
		for (i = 0; i < NCASES; i++)
			if (cases[i].selected) {
				cases[i].runs_us[r] = one_run(&cases[i], iters[i]);
				if (cases[i].builds)
					cases[i].floor_runs_us[r] =
					    one_floor_run(&cases[i], iters[i]);
			}

	printf("agora-token bench: %llu run%s per case, median shown; one thread; "
	    "%s time; salts not pinned\n", (unsigned long long)runs,
	    runs == 1 ? "" : "s", bench_clock == CLOCK_MONOTONIC ? "wall-clock" :
	    "CPU");
	printf("%-12s %-54s %10s %12s %9s %8s\n", "case", "builder / operation",
	    "us/token", "tokens/s", "floor us", "x floor");
	for (i = 0; i < NCASES; i++) {
		struct bcase *c = &cases[i];

		if (!c->selected)
			continue;
		c->median_us = median(c->runs_us, runs);
		printf("%-12s %-54s %10.2f %12.0f", c->name, c->label,
		    c->median_us, c->median_us > 0 ? 1e6 / c->median_us : 0.0);
		if (c->builds) {
			c->floor_us = median(c->floor_runs_us, runs);
			printf(" %9.2f %8.2f", c->floor_us, c->floor_us > 0 ?
			    c->median_us / c->floor_us : 0.0);
			floor_free(c);
		}
		putchar('\n');
		if (c->op == op_rtc006) {
			us006 = c->median_us;
			f006 = c->floor_us;
		}
		if (c->op == op_rtc007) {
			us007 = c->median_us;
			f007 = c->floor_us;
		}
	}
	printf("floor: 006 %.2f \xc2\xb5s (token %.2fx), 007 %.2f \xc2\xb5s "
	    "(token %.2fx)\n", f006, f006 > 0 ? us006 / f006 : 0.0, f007,
	    f007 > 0 ? us007 / f007 : 0.0);
	printf("006 %.2f \xc2\xb5s/token, 007 %.2f \xc2\xb5s/token\n", us006, us007);
	agt_thread_cleanup();
	return CLI_EXIT_OK;
}
