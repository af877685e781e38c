/* SPDX-License-Identifier: MIT */
/*
 * cli_verify.c - "agora-token verify TOKEN|-": is this token genuine and
 * usable now?  The signature is checked with the app certificate (from the
 * environment or a file), then the times and contents; each problem is one
 * plain-language line and the exit status is 0 only when there is none,
 * which includes a signature that was checked: a 006 token's signature
 * covers its channel and uid, so without them it is refused, not passed.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { O_APP_ID = 1, O_CERT_FILE, O_CHANNEL, O_UID, O_ACCOUNT, O_USER, O_NOW };

static const struct cli_opt verify_opts[] = {
	{ "app-id", 1, O_APP_ID, 0 },
	{ "certificate-file", 1, O_CERT_FILE, 0 },
	{ "channel", 1, O_CHANNEL, 0 },
	{ "uid", 1, O_UID, 0 },
	{ "account", 1, O_ACCOUNT, 0 },
	{ "user", 1, O_USER, 0 },
	{ "now", 1, O_NOW, 0 },
	{ NULL, 0, 0, 0 }
};

static const char verify_help[] =
"usage: " CLI_NAME " verify TOKEN|- [--channel NAME] [--uid N | --account NAME]\n"
"                    [--user ACCOUNT] [--now UNIXTIME]\n"
"\n"
"Checks a token's signature with the app certificate, then its times and\n"
"contents.  Exits 0 only when the signature was checked and matches and\n"
"the token is valid now; otherwise prints each problem on its own line and\n"
"exits 1 (2 for a 006 token without --channel or --user, 3 when the token\n"
"cannot be parsed).\n"
"  --channel NAME      expected channel (required for 006 RTC tokens,\n"
"                      whose signature covers the channel and uid)\n"
"  --uid N             expected uid (006 default: 0, any user)\n"
"  --account NAME      expected user account\n"
"  --user ACCOUNT      006 RTM token: same as --channel ACCOUNT --uid 0\n"
"  --now UNIXTIME      judge expiry at this time instead of now\n"
"Credentials: AGORA_APP_CERTIFICATE or --certificate-file PATH; when an app\n"
"id is given (AGORA_APP_ID or --app-id) it must match the token's.\n";

static void problem(int *n, const char *fmt, ...) CLI_PRINTF(2, 3);

static void problem(int *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	(*n)++;
}

static void print_str(const struct agt_str *s)
{
	cli_json_quote(stdout, s->p, s->n);
}

/* problem_lines' callback: one line each. */
static void print_line(void *arg, const char *line)
{
	problem(arg, "%s", line);
}

int cli_cmd_verify(int argc, char **argv)
{
	struct cli_getopt g;
	struct cli_cred cred;
	struct agt_token *tok;
	struct agt_token_view v;
	struct agt_check_params cp;
	struct agt_str channel = { NULL, 0 }, uid = { NULL, 0 };
	const char *app_id_arg = NULL, *cert_file = NULL, *uid_arg = NULL;
	const char *account = NULL, *user = NULL, *channel_arg = NULL;
	char uidbuf[11], t1[32];
	uint32_t now;
	int have_now = 0, nprob = 0, id;
	unsigned bits;

	now = 0;
	cli_getopt_init(&g, argc, argv, "verify", verify_opts);
	g.help = verify_help;
	while ((id = cli_getopt_next(&g)) != CLI_OPT_END) {
		switch (id) {
		case O_APP_ID:
			app_id_arg = g.arg;
			break;
		case O_CERT_FILE:
			cert_file = g.arg;
			break;
		case O_CHANNEL:
			channel_arg = g.arg;
			break;
		case O_UID:
			uid_arg = g.arg;
			break;
		case O_ACCOUNT:
			account = g.arg;
			break;
		case O_USER:
			user = g.arg;
			break;
		case O_NOW:
			have_now = 1;
			now = cli_parse_u32("--now", g.arg);
			break;
		default:
			break;
		}
	}
	cli_need_one_token(&g);
	if (uid_arg != NULL && account != NULL)
		cli_usage_error("verify", "give --uid or --account, not both");
	if (user != NULL && (channel_arg != NULL || uid_arg != NULL ||
	    account != NULL))
		cli_usage_error("verify", "--user (a 006 RTM token's account) "
		    "replaces --channel and --uid");
	if (user != NULL) {
		channel = cli_str_arg("--user", user);
		uid.p = "";
		uid.n = 0;
	}
	if (channel_arg != NULL)
		channel = cli_str_arg("--channel", channel_arg);
	if (account != NULL) {
		uid = cli_str_arg("--account", account);
	} else if (uid_arg != NULL) {
		uid.n = agt_uid_string(cli_parse_u32("--uid", uid_arg), uidbuf);
		uid.p = uidbuf;
	}
	if (!have_now)
		now = cli_now();

	tok = cli_token_open(g.pos[0], &v);
	cli_getopt_free(&g);
	if (v.version == 6 && channel.p == NULL)
		cli_usage_error("verify", "signature not checked: a 006 token "
		    "signs its channel and uid but stores only their checksums; "
		    "give --channel NAME and --uid N (or --account NAME), or "
		    "--user ACCOUNT for a 006 RTM token");

	cli_cred_load(&cred, app_id_arg, cert_file, 0);
	if (v.version == 6 && channel.p != NULL && uid.p == NULL) {
		uid.p = ""; /* 006 default: uid 0, any user */
		uid.n = 0;
	}

	if (app_id_arg == NULL)
		app_id_arg = getenv("AGORA_APP_ID");
	if (app_id_arg != NULL && *app_id_arg != '\0' &&
	    (strlen(app_id_arg) != v.app_id.n ||
	    memcmp(app_id_arg, v.app_id.p, v.app_id.n) != 0)) {
		struct agt_str a = { app_id_arg, strlen(app_id_arg) };

		fputs("the token belongs to app id ", stdout);
		print_str(&v.app_id);
		fputs(", not ", stdout);
		print_str(&a);
		fputs(" (AGORA_APP_ID / --app-id)\n", stdout);
		nprob++;
	}

	/* One judgement: agt_token_check() fails closed, so a signature it
	 * could not judge is a bit of its own, never a silent pass. */
	agt_check_params_init(&cp);
	cp.now = now;
	cp.app_certificate = cred.cert;
	cp.channel = channel;
	cp.uid = uid;
	bits = agt_token_check(tok, &cp);

	if (bits & AGT_PROB_UNCHECKED)
		problem(&nprob, "%s", agt_problem_text(AGT_PROB_UNCHECKED));
	if (bits & AGT_PROB_BAD_SIGNATURE)
		problem(&nprob, "%s", agt_problem_text(AGT_PROB_BAD_SIGNATURE));
	if (bits & AGT_PROB_SIGNATURE_UNCHECKED)
		problem(&nprob, "%s: %s",
		    agt_problem_text(AGT_PROB_SIGNATURE_UNCHECKED),
		    v.version == 6 ? "a 006 token signs its channel and uid, "
		    "and the token was not built for the ones given; pass the "
		    "--channel and --uid (or --account) it was built for" :
		    "computing it failed");
	if (bits & AGT_PROB_CHANNEL_MISMATCH) {
		printf("%s than ", agt_problem_text(AGT_PROB_CHANNEL_MISMATCH));
		print_str(&channel);
		putchar('\n');
		nprob++;
	}
	if (bits & AGT_PROB_UID_MISMATCH) {
		printf("%s than ", agt_problem_text(AGT_PROB_UID_MISMATCH));
		print_str(&uid);
		fputs(uid.n == 0 ? " (uid 0 = any uid)\n" : "\n", stdout);
		nprob++;
	}
	/* The rest, in the words of src/common/problems.c; bits this
	 * version does not know included: the token is invalid whatever the
	 * library reports. */
	problem_lines(bits & ~(unsigned)(AGT_PROB_UNCHECKED |
	    AGT_PROB_BAD_SIGNATURE | AGT_PROB_SIGNATURE_UNCHECKED |
	    AGT_PROB_CHANNEL_MISMATCH | AGT_PROB_UID_MISMATCH), &v, now,
	    print_line, &nprob);

	if (nprob == 0)
		printf("valid: %s token, expires %s\n", v.version == 6 ? "006" : "007",
		    iso8601_utc(desc_expires_at(&v), t1));
	agt_token_free(tok);
	cli_cred_wipe();
	return nprob == 0 ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}
