/* SPDX-License-Identifier: MIT */
/*
 * rsp-tool.c - test helper for the responder's shell tests.
 *
 * Reads the CGI output the responder wrote (status, headers, JSON body) and
 * checks tokens it returned: parses them with the library, verifies the
 * signature under the certificate from $TOKCHECK_CERTIFICATE (never argv)
 * and compares the decoded fields with what the test asked for.  It exists
 * so the tests need neither jq nor python, and judge tokens by what they
 * decode to, not by comparing with text our own code produced.
 *
 *   rsp-tool status FILE              HTTP status (CGI Status: line, 200 if none)
 *   rsp-tool header FILE NAME         a header's value (exit 1 when absent)
 *   rsp-tool body FILE                the body
 *   rsp-tool json FILE PATH           a JSON value: a.b.0.c (exit 1 when absent)
 *   rsp-tool verify TOKEN [checks]    parse + verify + compare, see usage()
 *   rsp-tool mint TS EXPIRE TYPE CHANNEL UID PRIVS   a pinned 007 token
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "agoratoken.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (f == NULL) {
		fprintf(stderr, "rsp-tool: %s: %s\n", path, strerror(errno));
		exit(3);
	}
	for (;;) {
		size_t r;
		if (n + 4096 + 1 > cap) {
			cap = (n + 4096 + 1) * 2;
			buf = realloc(buf, cap);
			if (buf == NULL)
				exit(3);
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Splits CGI output into header block and body. */
static void split(char *all, size_t n, char **body, size_t *blen)
{
	char *p = strstr(all, "\r\n\r\n");
	size_t skip = 4;

	if (p == NULL) {
		p = strstr(all, "\n\n");
		skip = 2;
	}
	if (p == NULL) {
		*body = all + n;
		*blen = 0;
		return;
	}
	*p = '\0';
	*body = p + skip;
	*blen = n - (size_t)(*body - all);
}

static const char *header(char *head, const char *name, char *out, size_t cap)
{
	char *line = head;
	size_t nl = strlen(name);

	while (line != NULL && *line) {
		char *end = strstr(line, "\n");
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (len > nl && strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
			const char *v = line + nl + 1;
			size_t vl = len - nl - 1;
			while (vl > 0 && *v == ' ') {
				v++;
				vl--;
			}
			if (vl >= cap)
				vl = cap - 1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return out;
		}
		line = end ? end + 1 : NULL;
	}
	return NULL;
}

static int cmd_http(int argc, char **argv)
{
	size_t n, blen;
	char *all, *body, val[2048];

	if (argc < 3)
		return 2;
	all = slurp(argv[2], &n);
	split(all, n, &body, &blen);
	if (strcmp(argv[1], "status") == 0) {
		const char *s = header(all, "Status", val, sizeof val);
		printf("%d\n", s ? atoi(s) : 200);
	} else if (strcmp(argv[1], "header") == 0) {
		if (argc < 4 || header(all, argv[3], val, sizeof val) == NULL)
			return 1;
		printf("%s\n", val);
	} else if (strcmp(argv[1], "body") == 0) {
		fwrite(body, 1, blen, stdout);
	} else if (strcmp(argv[1], "json") == 0) {
		cJSON *root, *it;
		char *path, *tok, *save = NULL;
		if (argc < 4)
			return 2;
		root = cJSON_ParseWithLength(body, blen);
		if (root == NULL)
			return 2;
		it = root;
		path = strdup(argv[3]);
		for (tok = strtok_r(path, ".", &save); tok && it;
		    tok = strtok_r(NULL, ".", &save)) {
			if (cJSON_IsArray(it))
				it = cJSON_GetArrayItem(it, atoi(tok));
			else
				it = cJSON_GetObjectItemCaseSensitive(it, tok);
		}
		free(path);
		if (it == NULL)
			return 1;
		if (cJSON_IsString(it))
			printf("%s\n", it->valuestring);
		else if (cJSON_IsNumber(it))
			printf("%.0f\n", it->valuedouble);
		else {
			char *t = cJSON_PrintUnformatted(it);
			printf("%s\n", t);
			free(t);
		}
		cJSON_Delete(root);
	} else {
		return 2;
	}
	free(all);
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
	    "usage: rsp-tool verify TOKEN [--version 6|7] [--app-id ID]\n"
	    "  [--channel C] [--uid-str S] [--user U] [--room R] [--role N]\n"
	    "  [--expire N] [--nservices N] [--privs SVC:ID,ID...]\n"
	    "  [--priv-expire N] [--priv-at SVC:ID=SECONDS] [--no-verify]\n"
	    "certificate: $TOKCHECK_CERTIFICATE\n");
}

static int fails;

static void check(int cond, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void check(int cond, const char *fmt, ...)
{
	va_list ap;

	if (!cond) {
		fprintf(stderr, "rsp-tool verify: ");
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
		fails++;
	}
}

static int str_is(struct agt_str s, const char *want)
{
	return s.n == strlen(want) && (s.n == 0 || memcmp(s.p, want, s.n) == 0);
}

static unsigned service_type(const char *name)
{
	unsigned t;

	for (t = 1; t <= 10; t++)
		if (strcmp(agt_service_name(t), name) == 0)
			return t;
	return 0;
}

/* --privs rtc:1,2,3,4 : that service exists with exactly these ids. */
static void check_privs(const struct agt_token_view *v, const char *spec)
{
	char buf[128], *colon, *ids, *tok, *save = NULL;
	unsigned type, want[16];
	size_t nwant = 0, i, j;
	int found = 0;

	snprintf(buf, sizeof buf, "%s", spec);
	colon = strchr(buf, ':');
	if (colon == NULL) {
		check(0, "bad --privs %s", spec);
		return;
	}
	*colon = '\0';
	ids = colon + 1;
	for (tok = strtok_r(ids, ",", &save); tok && nwant < 16;
	    tok = strtok_r(NULL, ",", &save))
		want[nwant++] = (unsigned)atoi(tok);
	if (v->version == 6) {
		found = 1;
		check(v->nprivs == nwant, "006 privilege count differs for %s",
		    spec);
		for (i = 0; i < nwant; i++) {
			int hit = 0;
			for (j = 0; j < v->nprivs; j++)
				hit |= v->privs[j].id == want[i];
			check(hit, "006 privilege missing in %s", spec);
		}
		return;
	}
	type = service_type(buf);
	for (i = 0; i < v->nservices; i++) {
		const struct agt_service *s = &v->services[i];
		if (s->type != type)
			continue;
		found = 1;
		check(s->nprivs == nwant, "privilege count differs for %s",
		    spec);
		for (j = 0; j < nwant; j++) {
			size_t k;
			int hit = 0;
			for (k = 0; k < s->nprivs; k++)
				hit |= s->privs[k].id == want[j];
			check(hit, "privilege missing in %s", spec);
		}
	}
	check(found, "no %s service in the token", buf);
}

/* --priv-at rtc:1=600 : that privilege's 007 expire (seconds). */
static void check_priv_at(const struct agt_token_view *v, const char *spec)
{
	char buf[64], *colon, *eq;
	unsigned type, id;
	uint32_t want;
	size_t i, j;
	int found = 0;

	snprintf(buf, sizeof buf, "%s", spec);
	colon = strchr(buf, ':');
	eq = strchr(buf, '=');
	if (colon == NULL || eq == NULL || eq < colon) {
		check(0, "bad --priv-at %s", spec);
		return;
	}
	*colon = *eq = '\0';
	type = service_type(buf);
	id = (unsigned)atoi(colon + 1);
	want = (uint32_t)strtoul(eq + 1, NULL, 10);
	for (i = 0; i < v->nservices; i++)
		for (j = 0; j < v->services[i].nprivs; j++)
			if (v->services[i].type == type &&
			    v->services[i].privs[j].id == id) {
				found = 1;
				check(v->services[i].privs[j].expire == want,
				    "privilege %s has expire %u", spec,
				    (unsigned)v->services[i].privs[j].expire);
			}
	check(found, "privilege %s not found", spec);
}

static int cmd_verify(int argc, char **argv)
{
	const char *cert = getenv("TOKCHECK_CERTIFICATE");
	const char *version = NULL, *app_id = NULL, *channel = NULL;
	const char *uid_str = NULL, *user = NULL, *room = NULL, *role = NULL;
	const char *expire = NULL, *nservices = NULL, *priv_expire = NULL;
	const char *privs[8], *privat[8];
	size_t nprivs = 0, nprivat = 0, i, j;
	int no_verify = 0;
	struct agt_token *tok = NULL;
	struct agt_token_view v;
	enum agt_err e;

	if (argc < 3) {
		usage();
		return 2;
	}
	for (i = 3; i < (size_t)argc; i++) {
		const char *o = argv[i], *val = i + 1 < (size_t)argc ? argv[i + 1] : NULL;
		if (strcmp(o, "--no-verify") == 0) {
			no_verify = 1;
			continue;
		}
		if (val == NULL) {
			usage();
			return 2;
		}
		i++;
		if (strcmp(o, "--version") == 0) version = val;
		else if (strcmp(o, "--app-id") == 0) app_id = val;
		else if (strcmp(o, "--channel") == 0) channel = val;
		else if (strcmp(o, "--uid-str") == 0) uid_str = val;
		else if (strcmp(o, "--user") == 0) user = val;
		else if (strcmp(o, "--room") == 0) room = val;
		else if (strcmp(o, "--role") == 0) role = val;
		else if (strcmp(o, "--expire") == 0) expire = val;
		else if (strcmp(o, "--nservices") == 0) nservices = val;
		else if (strcmp(o, "--priv-expire") == 0) priv_expire = val;
		else if (strcmp(o, "--privs") == 0 && nprivs < 8) privs[nprivs++] = val;
		else if (strcmp(o, "--priv-at") == 0 && nprivat < 8) privat[nprivat++] = val;
		else {
			usage();
			return 2;
		}
	}
	e = agt_token_parse(argv[2], strlen(argv[2]), &tok);
	if (e != AGT_OK) {
		fprintf(stderr, "rsp-tool verify: parse failed: %s\n",
		    agt_strerror(e));
		return 1;
	}
	agt_token_view_init(&v);
	if (agt_token_get_view(tok, &v) != AGT_OK) {
		agt_token_free(tok);
		return 1;
	}
	if (version != NULL)
		check(v.version == atoi(version), "version is not %s", version);
	if (app_id != NULL)
		check(str_is(v.app_id, app_id), "app id is not %s", app_id);
	if (!no_verify) {
		struct agt_str c = { cert, cert ? strlen(cert) : 0 };
		struct agt_str ch = { "", 0 }, u = { "", 0 };
		if (cert == NULL) {
			fprintf(stderr, "rsp-tool verify: TOKCHECK_CERTIFICATE unset\n");
			agt_token_free(tok);
			return 2;
		}
		if (v.version == 6) {
			/* 006 signs channel and uid (RTM: account and ""). */
			if (channel) ch = (struct agt_str){ channel, strlen(channel) };
			if (uid_str) u = (struct agt_str){ uid_str, strlen(uid_str) };
		}
		e = agt_token_verify(tok, c, ch, u);
		check(e == AGT_OK, "signature check failed: %s",
		    agt_strerror(e));
	}
	if (expire != NULL && v.version == 7)
		check(v.expire == (uint32_t)strtoul(expire, NULL, 10),
		    "token expire is not %s", expire);
	if (nservices != NULL)
		check((v.version == 7 ? v.nservices : v.nprivs ? 1U : 0U) ==
		    (size_t)atoi(nservices), "service count is not %s",
		    nservices);
	for (i = 0; i < nprivs; i++)
		check_privs(&v, privs[i]);
	for (i = 0; i < nprivat; i++)
		check_priv_at(&v, privat[i]);
	if (priv_expire != NULL) {
		uint32_t want = (uint32_t)strtoul(priv_expire, NULL, 10);
		uint32_t now = (uint32_t)time(NULL);
		if (v.version == 7) {
			for (i = 0; i < v.nservices; i++)
				for (j = 0; j < v.services[i].nprivs; j++)
					check(v.services[i].privs[j].expire == want,
					    "a privilege expire is not %s",
					    priv_expire);
		} else {
			for (j = 0; j < v.nprivs; j++) {
				uint32_t at = v.privs[j].expire;
				check(at + 60 >= now + want && at <= now + want + 60,
				    "a 006 privilege does not expire about %s s "
				    "from now", priv_expire);
			}
		}
	}
	if (v.version == 7) {
		int saw_channel = channel == NULL, saw_uid = uid_str == NULL;
		int saw_user = user == NULL, saw_room = room == NULL;
		for (i = 0; i < v.nservices; i++) {
			const struct agt_service *s = &v.services[i];
			if (s->type == AGT_SERVICE_RTC) {
				if (channel && str_is(s->channel, channel))
					saw_channel = 1;
				if (uid_str && str_is(s->account, uid_str))
					saw_uid = 1;
			}
			if (user && (s->type == AGT_SERVICE_RTM ||
			    s->type == AGT_SERVICE_CHAT ||
			    s->type == AGT_SERVICE_RTM2) && str_is(s->user_id, user))
				saw_user = 1;
			if (s->type == AGT_SERVICE_APAAS) {
				if (user && str_is(s->user_uuid, user))
					saw_user = 1;
				if (room && str_is(s->room_uuid, room))
					saw_room = 1;
				if (role)
					check(s->role == atoi(role),
					    "apaas role is not %s", role);
			}
		}
		check(saw_channel, "no RTC service for channel %s",
		    channel ? channel : "");
		check(saw_uid, "no RTC service for uid string \"%s\"",
		    uid_str ? uid_str : "");
		check(saw_user, "no service for user %s", user ? user : "");
		check(saw_room, "no APaaS service for room %s",
		    room ? room : "");
	}
	agt_token_free(tok);
	return fails ? 1 : 0;
}

/* mint TS EXPIRE TYPE CHANNEL UIDSTR PRIVS: a 007 token with one service
 * and a pinned issue_ts, for inspect cases HTTP cannot produce (issued in
 * the future, no join privilege, a service type we do not know, non-UTF-8
 * strings).  PRIVS: "id=expire,id=expire" or "-" for none. */
static int cmd_mint(int argc, char **argv)
{
	const char *cert = getenv("TOKCHECK_CERTIFICATE");
	const char *app_id = getenv("TOKCHECK_APP_ID");
	struct agt_priv privs[16];
	struct agt_service svc;
	struct agt_token007_params p;
	char out[AGT_TOKEN_MAX], buf[256], *tok, *save = NULL;
	size_t n = 0, len;
	enum agt_err e;

	if (argc < 8 || cert == NULL || app_id == NULL)
		return 2;
	memset(&svc, 0, sizeof svc);
	snprintf(buf, sizeof buf, "%s", argv[7]);
	for (tok = strtok_r(buf, ",", &save); tok && n < 16 && strcmp(tok, "-");
	    tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		privs[n].id = (uint16_t)atoi(tok);
		privs[n].expire = eq ? (uint32_t)strtoul(eq + 1, NULL, 10) : 0;
		n++;
	}
	svc.type = (uint16_t)atoi(argv[4]);
	svc.privs = privs;
	svc.nprivs = n;
	svc.channel = (struct agt_str){ argv[5], strlen(argv[5]) };
	svc.account = (struct agt_str){ argv[6], strlen(argv[6]) };
	svc.user_id = svc.account;
	agt_token007_params_init(&p);
	p.app_id = (struct agt_str){ app_id, strlen(app_id) };
	p.app_certificate = (struct agt_str){ cert, strlen(cert) };
	p.expire = (uint32_t)strtoul(argv[3], NULL, 10);
	p.services = &svc;
	p.nservices = 1;
	p.pin.flags = AGT_PIN_TS;
	p.pin.ts = (uint32_t)strtoul(argv[2], NULL, 10);
	e = agt_build007(&p, out, sizeof out, &len);
	if (e != AGT_OK) {
		fprintf(stderr, "rsp-tool mint: %s\n", agt_strerror(e));
		return 1;
	}
	printf("%s\n", out);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	if (strcmp(argv[1], "verify") == 0)
		return cmd_verify(argc, argv);
	if (strcmp(argv[1], "mint") == 0)
		return cmd_mint(argc, argv);
	return cmd_http(argc, argv);
}
