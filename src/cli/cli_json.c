/* SPDX-License-Identifier: MIT */
/*
 * cli_json.c - the tool's JSON output: the programs' one writer
 * (common.h) in its pretty, text-safe form, collected in memory and then
 * written out, and the quoting of arbitrary bytes inside messages.
 */
#include "config.h"

#include "cli.h"

void cli_jw_init(struct jw *w)
{
	jw_init(w, NULL, 0, JW_PRETTY | JW_TEXT_SAFE);
}

/* Write errors show at exit (main.c checks stdout). */
void cli_jw_print(struct jw *w, FILE *f)
{
	if (w->oom)
		cli_die(CLI_EXIT_INTERNAL, "out of memory");
	fwrite(w->buf, 1, w->len, f);
	jw_release(w);
}

void cli_json_quote(FILE *f, const char *p, size_t n)
{
	char stack[256];
	struct jw w;

	jw_init(&w, stack, sizeof stack, JW_TEXT_SAFE);
	jw_str(&w, NULL, p, n);
	cli_jw_print(&w, f);
}
