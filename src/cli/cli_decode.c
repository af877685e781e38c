/* SPDX-License-Identifier: MIT */
/*
 * cli_decode.c - "agora-token decode TOKEN|-": every field of a 006 or 007
 * token as pretty JSON, in the description /v1/inspect gives too
 * (src/common/describe.c), plus the signature in hex.  Decoding needs no
 * certificate and proves nothing about the token's authenticity; "verify"
 * does that.
 */
#include "config.h"

#include "cli.h"

static const char decode_help[] =
"usage: " CLI_NAME " decode TOKEN|-\n"
"\n"
"Prints every field of a 006 or 007 token as JSON: version, app id, salt,\n"
"times (unix seconds and ISO 8601 UTC), services and privileges with\n"
"names, RTM2 permissions and the signature in hex.  \"-\" reads the token\n"
"from stdin.  Decoding does not check the signature: use\n"
"'" CLI_NAME " verify'.  Strings that are not UTF-8 are also given in hex\n"
"(\"<field>_hex\").\n";

static void write_view(FILE *f, const struct agt_token_view *v)
{
	struct jw w;

	cli_jw_init(&w);
	jw_obj_begin(&w, NULL);
	desc_head(&w, v);
	desc_body(&w, v);
	jw_hex(&w, "signature", (struct agt_str){ (const char *)v->signature,
	    AGT_SIGNATURE_BYTES });
	jw_obj_end(&w);
	jw_newline(&w);
	cli_jw_print(&w, f);
}

int cli_cmd_decode(int argc, char **argv)
{
	static const struct cli_opt opts[] = { { NULL, 0, 0, 0 } };
	struct cli_getopt g;
	struct agt_token *tok;
	struct agt_token_view v;
	int id;

	cli_getopt_init(&g, argc, argv, "decode", opts);
	g.help = decode_help;
	while ((id = cli_getopt_next(&g)) != CLI_OPT_END)
		continue;
	cli_need_one_token(&g);
	tok = cli_token_open(g.pos[0], &v);
	cli_getopt_free(&g);
	write_view(stdout, &v);
	agt_token_free(tok);
	return CLI_EXIT_OK;
}
