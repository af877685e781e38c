/* SPDX-License-Identifier: MIT */
/*
 * cli_vectors.c - "agora-token vectors check|build": the conformance
 * harness.  Each JSON line of a vector file (format in vectors/README.md)
 * names a reference builder and its arguments by the reference's own
 * parameter names; check rebuilds the token with the library and compares
 * it with the recorded one: its text, or for "match": "payload" its
 * decoded content.  The recorded token must also parse and verify with the
 * case's certificate, so a vector we cannot read fails too, and a failure
 * names the first decoded field that differs.  This file holds the
 * subcommand: its arguments and help, reading the files line by line, the
 * verdict on each builder case and the summary line, and build's rewriting
 * of each line with our token.  The other cli_vectors_*.c files do the
 * rest (cli_vectors.h lists them).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli_vectors.h"

/* ---- "vectors check": the verdict on one builder case ---- */

struct stats {
	unsigned long passed, failed;
};

/* Runs one parsed case of "vectors check"; prints a line when it fails. */
static void check_case(struct vcase *c, struct stats *st)
{
	struct differ d = { stdout, c->id ? c->id : c->where };
	const cJSON *tv = vj_get(c->vj.root, "token"), *mv;
	struct agt_token *etok = NULL, *otok = NULL;
	struct agt_token_view ev, ov;
	enum agt_err err = AGT_OK, perr;
	int payload = 0, ok = 0;
	const char *expected;
	size_t elen;
	char *ours = NULL;

	if (!c->malformed && !cJSON_IsString(tv))
		case_malformed(c, "no expected \"token\" string");
	mv = vj_get(c->vj.root, "match");
	if (!c->malformed && mv != NULL) {
		if (cJSON_IsString(mv) && strcmp(mv->valuestring, "payload") == 0)
			payload = 1;
		else if (!cJSON_IsString(mv) || strcmp(mv->valuestring, "bytes") != 0)
			case_malformed(c, "\"match\" must be \"bytes\" or \"payload\"");
	}
	if (!c->malformed)
		ours = run_case(c, &err);
	if (c->malformed) {
		printf("%s: malformed case: %s\n", d.id, c->why);
		goto out;
	}
	expected = tv->valuestring;
	elen = strlen(expected);

	if (elen == 0) {
		/* The reference refused: we must refuse too. */
		if (ours == NULL) {
			ok = 1;
		} else {
			printf("%s: the reference refused this case (token \"\") but we "
			    "built %.40s...\n", d.id, ours);
		}
		goto out;
	}

	/* The expected token must parse (and below, verify). */
	perr = agt_token_parse(expected, elen, &etok);
	if (perr != AGT_OK) {
		printf("%s: the expected token does not parse: %s (%s)\n", d.id,
		    agt_strerror(perr), agt_errname(perr));
		goto out;
	}
	if (ours == NULL) {
		if (c->refused)
			printf("%s: the reference built a token but we refuse the "
			    "arguments: %s\n", d.id, c->why);
		else
			printf("%s: the reference built a token but the library "
			    "refused: %s (%s)\n", d.id, agt_strerror(err),
			    agt_errname(err));
		goto out;
	}
	if ((payload && c->b->version == 7) || strcmp(ours, expected) != 0) {
		perr = agt_token_parse(ours, strlen(ours), &otok);
		if (perr != AGT_OK) {
			printf("%s: our token does not parse: %s (%s)\n", d.id,
			    agt_strerror(perr), agt_errname(perr));
			goto out;
		}
		agt_token_view_init(&ev);
		agt_token_view_init(&ov);
		if (agt_token_get_view(etok, &ev) != AGT_OK ||
		    agt_token_get_view(otok, &ov) != AGT_OK) {
			printf("%s: cannot read the decoded tokens\n", d.id);
			goto out;
		}
		if (diff_views(&d, &ev, &ov))
			goto out;
		/* Equal fields and equal signatures over the signing info
		 * mean equal inflated contents: enough for "payload". */
		if (!payload) {
			printf("%s: the token text differs but every decoded field "
			    "is equal (the deflate or base64 encoding differs)\n",
			    d.id);
			goto out;
		}
	}
	/* Equal to ours; still, the vector itself must verify with the
	 * case's certificate (006: and its channel and uid). */
	perr = agt_token_verify(etok, c->cert, c->vchannel, c->vuid);
	if (perr != AGT_OK) {
		printf("%s: the expected token does not verify with the case's "
		    "certificate: %s (%s)\n", d.id, agt_strerror(perr),
		    agt_errname(perr));
		goto out;
	}
	ok = 1;
out:
	if (ok)
		st->passed++;
	else
		st->failed++;
	agt_token_free(etok);
	agt_token_free(otok);
	free(ours);
}

/* ---- "vectors build": replace the value of the top-level "token" ---- */

static size_t skip_ws(const char *s, size_t i, size_t n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
	    s[i] == '\r'))
		i++;
	return i;
}

static size_t skip_string(const char *s, size_t i, size_t n)
{
	for (i++; i < n && s[i] != '"'; i++)
		if (s[i] == '\\')
			i++;
	return i < n ? i + 1 : n;
}

static size_t skip_value(const char *s, size_t i, size_t n)
{
	int depth = 0;

	if (i < n && s[i] == '"')
		return skip_string(s, i, n);
	if (i < n && (s[i] == '{' || s[i] == '[')) {
		for (; i < n; i++) {
			if (s[i] == '"') {
				i = skip_string(s, i, n) - 1;
			} else if (s[i] == '{' || s[i] == '[') {
				depth++;
			} else if (s[i] == '}' || s[i] == ']') {
				if (--depth == 0)
					return i + 1;
			}
		}
		return n;
	}
	while (i < n && s[i] != ',' && s[i] != '}' && s[i] != ']' &&
	    s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
		i++;
	return i;
}

/* Writes the (valid JSON object) line with "token" set to tok. */
static void write_with_token(FILE *o, const char *s, size_t n, const char *tok)
{
	size_t i = skip_ws(s, 0, n), close = n;

	if (i >= n || s[i] != '{')
		return;
	i++;
	for (;;) {
		size_t ks, ke, vs, ve;

		i = skip_ws(s, i, n);
		if (i < n && s[i] == '}') {
			close = i;
			break;
		}
		ks = i;
		ke = skip_string(s, i, n);
		i = skip_ws(s, ke, n);
		i = skip_ws(s, i + 1, n); /* the colon */
		vs = i;
		ve = skip_value(s, i, n);
		if (ke - ks == 7 && memcmp(s + ks, "\"token\"", 7) == 0) {
			fwrite(s, 1, vs, o);
			cli_json_quote(o, tok, strlen(tok));
			fwrite(s + ve, 1, n - ve, o);
			fputc('\n', o);
			return;
		}
		i = skip_ws(s, ve, n);
		if (i < n && s[i] == ',') {
			i++;
			continue;
		}
		close = i;
		break;
	}
	/* No "token" member: add one before the closing brace. */
	{
		size_t k = close;
		int empty;

		while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
			k--;
		empty = k > 0 && s[k - 1] == '{';
		fwrite(s, 1, k, o);
		fputs(empty ? "\"token\":" : ",\"token\":", o);
		cli_json_quote(o, tok, strlen(tok));
		fwrite(s + close, 1, n - close, o);
		fputc('\n', o);
	}
}

/* ---- the subcommand ---- */

static const char vectors_help[] =
"usage: " CLI_NAME " vectors check FILE...|-\n"
"       " CLI_NAME " vectors build FILE|-\n"
"\n"
"check  runs every case of reference vector files (JSON Lines, one case a\n"
"       line: id, builder, args, salt, ts or issue_ts, token, optional\n"
"       match): builds the token with the library and compares it with the\n"
"       recorded one (its text, or its decoded content for \"match\":\n"
"       \"payload\"); the recorded token must also parse and verify with the\n"
"       case's certificate.  A token \"\" means the reference refused, and\n"
"       the library must refuse too.  A case with builder \"parse\" holds\n"
"       a token to read instead: it must parse or not (\"verdict\"), its\n"
"       decoded \"fields\" must be equal, and it must verify or not with\n"
"       the certificate, channel and uid of \"verify\".  Prints one line\n"
"       per failing case naming the first field that differs, then\n"
"       \"N passed, N failed\"; exits 1 when any case failed.\n"
"build  writes the same lines with \"token\" set to our token (\"\" when\n"
"       the library refuses); \"parse\" cases are copied unchanged.\n";

/* What to do with each line's case: c is named "FILE:LINE", and jerr is
 * NULL or what makes the line unreadable JSON. */
typedef void (*case_fn)(struct vcase *c, const char *jerr, const char *line,
    size_t n, void *arg);

/* Opens a case for each non-blank line of a file ("-": stdin), hands it
 * to fn and frees it.  -1 when the file cannot be read. */
static int each_case(const char *path, case_fn fn, void *arg)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	unsigned long lineno = 0;
	int rc = 0;

	if (strcmp(path, "-") == 0) {
		f = stdin;
		path = "stdin";
	} else if ((f = fopen(path, "r")) == NULL) {
		cli_warn("%s: %s", path, strerror(errno));
		return -1;
	}
	while ((got = getline(&line, &cap, f)) >= 0) {
		size_t n = (size_t)got, k = 0;
		struct vcase c;
		const char *jerr;

		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		while (k < n && isspace((unsigned char)line[k]))
			k++;
		if (k == n)
			continue; /* blank lines are ignored */
		jerr = case_open(&c, line, n, path, lineno);
		fn(&c, jerr, line, n, arg);
		case_free(&c);
	}
	if (ferror(f)) {
		cli_warn("%s: read error: %s", path, strerror(errno));
		rc = -1;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

static void check_line(struct vcase *c, const char *jerr, const char *line,
    size_t n, void *arg)
{
	struct stats *st = arg;

	(void)line;
	(void)n;
	if (jerr != NULL) {
		printf("%s: malformed line: %s\n", c->where, jerr);
		st->failed++;
	} else if (case_is_parse(c)) {
		case_name(c);
		if (cli_vectors_parse_check(&c->vj, c->id ? c->id : c->where))
			st->passed++;
		else
			st->failed++;
	} else {
		case_setup(c, 1);
		check_case(c, st);
	}
}

struct build_state {
	unsigned long bad;
};

static void build_line(struct vcase *c, const char *jerr, const char *line,
    size_t n, void *arg)
{
	struct build_state *bs = arg;
	enum agt_err err;
	char *tok = NULL;

	if (jerr != NULL) {
		cli_warn("%s: malformed line: %s", c->where, jerr);
		bs->bad++;
		return;
	}
	if (case_is_parse(c)) {
		/* Nothing to build: the line is copied as it is. */
		fwrite(line, 1, n, stdout);
		fputc('\n', stdout);
		return;
	}
	case_setup(c, 0);
	if (!c->malformed)
		tok = run_case(c, &err);
	if (c->malformed) {
		cli_warn("%s: %s: %s", c->where, c->id ? c->id : "case", c->why);
		bs->bad++;
	} else {
		write_with_token(stdout, line, n, tok ? tok : "");
	}
	free(tok);
}

int cli_cmd_vectors(int argc, char **argv)
{
	static const struct cli_opt opts[] = { { NULL, 0, 0, 0 } };
	struct cli_getopt g;
	const char *action;
	int id, rc = CLI_EXIT_OK;

	cli_getopt_init(&g, argc, argv, "vectors", opts);
	g.help = vectors_help;
	while ((id = cli_getopt_next(&g)) != CLI_OPT_END)
		continue;
	if (g.npos == 0)
		cli_usage_error("vectors", "expected 'check FILE...' or 'build FILE'");
	action = g.pos[0];
	if (strcmp(action, "check") == 0) {
		struct stats st = { 0, 0 };

		if (g.npos < 2)
			cli_usage_error("vectors", "check: give at least one FILE "
			    "(- for stdin)");
		for (int i = 1; i < g.npos; i++)
			if (each_case(g.pos[i], check_line, &st) != 0)
				rc = CLI_EXIT_INPUT;
		printf("%lu passed, %lu failed\n", st.passed, st.failed);
		if (rc == CLI_EXIT_OK && st.failed > 0)
			rc = CLI_EXIT_FAIL;
	} else if (strcmp(action, "build") == 0) {
		struct build_state bs = { 0 };

		if (g.npos != 2)
			cli_usage_error("vectors", "build: give exactly one FILE "
			    "(- for stdin)");
		if (each_case(g.pos[1], build_line, &bs) != 0)
			rc = CLI_EXIT_INPUT;
		if (bs.bad > 0) {
			cli_warn("%lu malformed case%s skipped", bs.bad,
			    bs.bad == 1 ? "" : "s");
			rc = CLI_EXIT_INPUT;
		}
	} else {
		cli_usage_error("vectors", "unknown action \"%.40s\" (expected check "
		    "or build)", action);
	}
	cli_getopt_free(&g);
	agt_thread_cleanup();
	return rc;
}
