/* SPDX-License-Identifier: MIT */
/*
 * main.c - agora-token's entry point: the global --help and --version and
 * the dispatch to one subcommand (build, decode, verify, vectors, bench).
 * Every subcommand parses its own flags; a certificate flag is refused even
 * before a subcommand is named.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
"usage: " CLI_NAME " COMMAND [OPTIONS]\n"
"\n"
"Build, decode and verify Agora access tokens (\"006\" and \"007\"), and\n"
"check token builders against reference vectors.\n"
"\n"
"Build a token (printed on stdout):\n"
"  rtc      RTC token (also with RTM, RTM2, ConvoAI or STT)   --format 006|007\n"
"  rtm      RTM token (also RTM2 with --permission)           --format 006|007\n"
"  chat     Chat user or app token\n"
"  fpa      FPA token\n"
"  apaas    APaaS (Flexible Classroom) room-user, user or app token\n"
"           (\"education\" is the same with EducationTokenBuilder's name)\n"
"\n"
"Inspect:\n"
"  decode   print every field of a token as JSON\n"
"  verify   check a token's signature and times; exit 0 only if valid\n"
"\n"
"Conformance:\n"
"  vectors check FILE...   run reference vector files (JSON Lines)\n"
"  vectors build FILE      rewrite vector cases with our tokens\n"
"\n"
"Performance:\n"
"  bench    time every builder, the parser and the verifier\n"
"\n"
"Credentials come from AGORA_APP_ID and AGORA_APP_CERTIFICATE, or from\n"
"--app-id ID and --certificate-file PATH.  A certificate is never accepted\n"
"on the command line.\n"
"\n"
"Run '" CLI_NAME " COMMAND --help' for a command's options; see agora-token(1).\n"
"Options: -h, --help   this text;  --version   print the version.\n";

static int usage(FILE *f)
{
	fputs(usage_text, f);
	return f == stdout ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	const char *cmd;
	int rc;

	/* Error paths exit() from deep inside; the library's per-thread
	 * state is released on every way out. */
	atexit(agt_thread_cleanup);
	/* A certificate flag anywhere is refused before it can be echoed. */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (argv[i][0] == '-' && argv[i][1] != '\0')
			cli_refuse_cert_flag(argv[i]);
	}
	if (argc < 2) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "help") == 0) {
		if (strcmp(cmd, "help") == 0 && argc > 2) {
			/* "help rtc" is "rtc --help" */
			char *hargv[] = { argv[2], (char *)"--help", NULL };

			if (strcmp(argv[2], "vectors") == 0)
				return cli_cmd_vectors(2, hargv);
			if (strcmp(argv[2], "decode") == 0)
				return cli_cmd_decode(2, hargv);
			if (strcmp(argv[2], "verify") == 0)
				return cli_cmd_verify(2, hargv);
			if (strcmp(argv[2], "bench") == 0)
				return cli_cmd_bench(2, hargv);
			return cli_cmd_build(argv[2], 2, hargv);
		}
		return usage(stdout);
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf(CLI_NAME " (agoratoken) %s, library %s\n", PACKAGE_VERSION,
		    agt_version());
		return CLI_EXIT_OK;
	}
	if (cmd[0] == '-')
		cli_usage_error(NULL, "unknown option %.60s: a command comes first",
		    cmd);

	argc--;
	argv++;
	if (strcmp(cmd, "decode") == 0)
		rc = cli_cmd_decode(argc, argv);
	else if (strcmp(cmd, "verify") == 0)
		rc = cli_cmd_verify(argc, argv);
	else if (strcmp(cmd, "vectors") == 0)
		rc = cli_cmd_vectors(argc, argv);
	else if (strcmp(cmd, "bench") == 0)
		rc = cli_cmd_bench(argc, argv);
	else
		rc = cli_cmd_build(cmd, argc, argv);
	cli_cred_wipe();
	agt_thread_cleanup();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, CLI_NAME ": error writing output\n");
		return CLI_EXIT_INTERNAL;
	}
	return rc;
}
