/* SPDX-License-Identifier: MIT */
/*
 * codes-t.c - the responder's error codes (src/responder/codes.c) are its
 * contract with callers: a code must keep its name and status on every
 * route, and doc/http-api.md lists them.  A row missing from the table
 * would answer with a NULL name, a code nothing sends is dead weight
 * ("forbidden" was one), and a code the documentation leaves out (or
 * lists under another status) misleads clients.  Every row is checked to
 * be filled, the names distinct, every code sent by some file of the
 * responder, and the table equal to the documentation's.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "responder/responder.h"
#include "tap/tap.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		bail("cannot read %s", path);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
		bail("cannot read %s", path);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* The enum constant's name for a code: RSP_E_ + its name in capitals
 * (internal_error is RSP_E_INTERNAL). */
static void constant_of(const char *name, char *out, size_t cap)
{
	size_t i, o = (size_t)snprintf(out, cap, "RSP_E_");

	if (strcmp(name, "internal_error") == 0)
		name = "internal";
	for (i = 0; name[i] != '\0' && o + 1 < cap; i++)
		out[o++] = (char)toupper((unsigned char)name[i]);
	out[o] = '\0';
}

/* Whether some responder source other than codes.c names the constant. */
static int sent_somewhere(const char *dir, const char *constant)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	if (d == NULL)
		bail("cannot list %s", dir);
	while (!found && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		char path[4096];
		char *text, *p;

		if (n < 3 || strcmp(e->d_name + n - 2, ".c") != 0 ||
		    strcmp(e->d_name, "codes.c") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		text = slurp(path);
		for (p = strstr(text, constant); p != NULL && !found;
		    p = strstr(p + 1, constant))
			found = !isalnum((unsigned char)p[strlen(constant)]) &&
			    p[strlen(constant)] != '_';
		free(text);
	}
	closedir(d);
	return found;
}

/* The status doc/http-api.md lists name under ("| 400 | a, b, ... |"),
 * or 0. */
static int documented_status(const char *doc, const char *name)
{
	const char *line = doc;

	while (line != NULL && *line != '\0') {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		int status;
		char row[1024];

		if (len < sizeof row && sscanf(line, "| %d |", &status) == 1) {
			const char *p;

			memcpy(row, line, len);
			row[len] = '\0';
			p = strchr(row + 1, '|');
			for (p = p ? strstr(p, name) : NULL; p != NULL;
			    p = strstr(p + 1, name)) {
				char before = p[-1], after = p[strlen(name)];

				if ((before == ' ' || before == ',') &&
				    (after == ' ' || after == ',' ||
				    after == '|'))
					return status;
			}
		}
		line = end ? end + 1 : NULL;
	}
	return 0;
}

int main(void)
{
	char *srcdir = test_srcpath("src/responder");
	char *docpath = test_srcpath("doc/http-api.md");
	char *doc = slurp(docpath);
	struct rsp_fail f;
	int i, j;

	plan_lazy();
	for (i = 0; i < RSP_E_COUNT; i++) {
		const struct rsp_code_info *c = rsp_code_info((enum rsp_code)i);
		char constant[64];
		int st;

		if (!ok(c->name != NULL && *c->name != '\0' &&
		    c->message != NULL && *c->message != '\0',
		    "code %d has its row", i))
			continue;
		st = c->status;
		ok(st == 400 || st == 401 || st == 403 || st == 404 ||
		    st == 405 || st == 413 || st == 414 || st == 415 ||
		    st == 500, "%s: status %d is one the responder answers",
		    c->name, st);
		for (j = 0; j < i; j++)
			if (strcmp(c->name,
			    rsp_code_info((enum rsp_code)j)->name) == 0)
				break;
		ok(j == i, "%s: name used once", c->name);
		constant_of(c->name, constant, sizeof constant);
		ok(sent_somewhere(srcdir, constant),
		    "%s: sent by the responder (%s)", c->name, constant);
		is_int(st, documented_status(doc, c->name),
		    "%s: doc/http-api.md lists it under %d", c->name, st);
	}
	is_str("internal_error", rsp_code_info(RSP_E_COUNT)->name,
	    "a value past the enum is the internal error");
	is_str("internal_error", rsp_code_info((enum rsp_code)0)->name,
	    "0, an unset failure, is the internal error");
	memset(&f, 0, sizeof f);
	rsp_fail(&f, RSP_E_NOT_FOUND, NULL);
	is_str("no such route", f.message, "no format: the default message");
	rsp_fail(&f, RSP_E_INVALID_UID, "uid %s", "x");
	ok(f.code == RSP_E_INVALID_UID && strcmp(f.message, "uid x") == 0,
	    "a format: its message");
	free(doc);
	free(docpath);
	free(srcdir);
	return 0;
}
