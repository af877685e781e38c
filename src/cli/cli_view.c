/* SPDX-License-Identifier: MIT */
/*
 * cli_view.c - the TOKEN operand that decode and verify share: exactly one
 * is required, "-" reads it from stdin, and it is parsed and decoded into
 * a view or the tool exits with the library's reason.
 */
#include "config.h"

#include <stdlib.h>

#include "cli.h"

void cli_need_one_token(const struct cli_getopt *g)
{
	if (g->npos != 1)
		cli_usage_error(g->cmd, g->npos == 0 ? "a TOKEN (or - for stdin) "
		    "is required" : "give exactly one TOKEN");
}

struct agt_token *cli_token_open(const char *arg, struct agt_token_view *v)
{
	struct agt_token *tok = NULL;
	enum agt_err err;
	size_t len;
	char *text = cli_token_arg(arg, &len);

	err = agt_token_parse(text, len, &tok);
	free(text);
	if (err != AGT_OK)
		cli_die(CLI_EXIT_INPUT, "cannot parse the token: %s (%s)",
		    agt_strerror(err), agt_errname(err));
	agt_token_view_init(v);
	err = agt_token_get_view(tok, v);
	if (err != AGT_OK)
		cli_die_lib(err, "cannot read the token");
	return tok;
}
