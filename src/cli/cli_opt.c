/* SPDX-License-Identifier: MIT */
/*
 * cli_opt.c - the option parser every subcommand shares: long options as
 * "--name value" or "--name=value", "--" ends options, "-" is an operand.
 * Each mistake gets its own message and exit status 2.  Any flag that looks
 * like it carries an app certificate is refused before anything else,
 * because a command line is readable by every user of the machine.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs(CLI_NAME ": ", stderr);
	if (cmd != NULL)
		fprintf(stderr, "%s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd != NULL)
		fprintf(stderr, " (try '" CLI_NAME " %s --help')\n", cmd);
	else
		fputs(" (try '" CLI_NAME " --help')\n", stderr);
	exit(CLI_EXIT_USAGE);
}

/* The option's name without dashes and without "=value", lower-cased, in
 * buf; returns buf. */
static const char *bare_name(const char *arg, char *buf, size_t cap)
{
	size_t i = 0;

	while (*arg == '-')
		arg++;
	while (arg[i] != '\0' && arg[i] != '=' && i + 1 < cap) {
		buf[i] = (char)tolower((unsigned char)arg[i]);
		i++;
	}
	buf[i] = '\0';
	return buf;
}

void cli_refuse_cert_flag(const char *arg)
{
	char name[64];
	size_t n;

	bare_name(arg, name, sizeof name);
	n = strlen(name);
	if (strstr(name, "cert") == NULL && strstr(name, "secret") == NULL)
		return;
	/* --certificate-file PATH is the one way to name a certificate. */
	if (n >= 4 && strcmp(name + n - 4, "file") == 0)
		return;
	cli_die(CLI_EXIT_USAGE,
	    "--%s: refusing to take an app certificate on the command line: "
	    "a process's arguments (argv) are visible to every user of this "
	    "machine through ps(1) and /proc, and shells keep them in history. "
	    "Set AGORA_APP_CERTIFICATE in the environment or use "
	    "--certificate-file PATH (a file only you can read)", name);
}

/* The positional arguments are gathered at the front of argv itself,
 * from argv[1] on: a slot is rewritten only after it was read (there are
 * never more positionals than arguments read so far), option values point
 * at the strings rather than the slots, and the strings (what ps shows)
 * stay as they are.  So the parser allocates nothing, and a usage error
 * that exits from deep inside parsing leaves nothing to free. */
void cli_getopt_init(struct cli_getopt *g, int argc, char **argv,
    const char *cmd, const struct cli_opt *opts)
{
	memset(g, 0, sizeof *g);
	g->argc = argc;
	g->argv = argv;
	g->i = 1;
	g->cmd = cmd;
	g->opts = opts;
	g->pos = argv + 1;
}

void cli_getopt_free(struct cli_getopt *g)
{
	g->pos = NULL;
	g->npos = 0;
}

int cli_getopt_next(struct cli_getopt *g)
{
	while (g->i < g->argc) {
		const char *a = g->argv[g->i++];
		const char *eq;
		size_t nlen;
		const struct cli_opt *o;

		if (g->no_more_opts || a[0] != '-' || strcmp(a, "-") == 0) {
			g->pos[g->npos++] = (char *)a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			g->no_more_opts = 1;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			if (g->help == NULL)
				return CLI_OPT_HELP;
			if (g->help_cmd != NULL)
				printf("usage: " CLI_NAME " %s", g->help_cmd);
			fputs(g->help, stdout);
			exit(fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_INTERNAL);
		}
		cli_refuse_cert_flag(a);
		if (a[1] != '-') {
			/* Negative numbers are values, never options here. */
			cli_usage_error(g->cmd, "unknown option %.*s", 40, a);
		}
		a += 2;
		eq = strchr(a, '=');
		nlen = eq ? (size_t)(eq - a) : strlen(a);
		for (o = g->opts; o->name != NULL; o++)
			if (strlen(o->name) == nlen && strncmp(o->name, a, nlen) == 0)
				break;
		snprintf(g->namebuf, sizeof g->namebuf, "--%.*s",
		    (int)(nlen < 60 ? nlen : 60), a);
		g->name = g->namebuf;
		if (o->name == NULL)
			cli_usage_error(g->cmd, "unknown option %s", g->namebuf);
		if (o->has_arg) {
			if (eq != NULL) {
				g->arg = eq + 1;
			} else if (g->i < g->argc &&
			    !(strncmp(g->argv[g->i], "--", 2) == 0 &&
			    g->argv[g->i][2] != '\0')) {
				/* "--channel --uid 5" forgot the channel; a value
				 * that starts with "--" needs "--channel=--x". */
				g->arg = g->argv[g->i++];
			} else {
				cli_usage_error(g->cmd, "%s needs a value", g->namebuf);
			}
		} else {
			if (eq != NULL)
				cli_usage_error(g->cmd, "%s takes no value", g->namebuf);
			g->arg = NULL;
		}
		if (!o->repeatable) {
			uint64_t bit = (uint64_t)1 << (unsigned)o->id;

			if (g->seen & bit)
				cli_usage_error(g->cmd, "%s is given twice", g->namebuf);
			g->seen |= bit;
		}
		return o->id;
	}
	if (1 + g->npos <= g->argc)   /* argv[1..argc]; argv[argc] is NULL */
		g->pos[g->npos] = NULL;
	return CLI_OPT_END;
}
