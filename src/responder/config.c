/* SPDX-License-Identifier: MIT */
/*
 * config.c - loads and checks the responder's configuration.
 *
 * The configuration is a JSON file named by AGORA_TOKEN_CONFIG (default
 * /etc/agora-token/config.json) or, for a quick start without a file, the
 * environment's AGORA_APP_ID/AGORA_APP_CERTIFICATE or APP_ID/APP_CERTIFICATE.
 * A relative certificate_file is looked up in $CREDENTIALS_DIRECTORY under
 * systemd's LoadCredential=, else beside the configuration file.
 * Everything is validated once, at start: a key we do not know, a value
 * out of range or a certificate file other users can read is an error that
 * names the key or file in one log line, and the server then answers every
 * request with a generic 500 rather than run half-configured.  Certificates
 * are kept only in struct rsp_app, wiped at exit, and never appear in a
 * message: errors name the field, not its value.  The file and the
 * environment loaders stay in this one file, longer than most: they fill
 * the same struct through the same rules and one error path (cfg_error),
 * which would otherwise have to be shared beyond it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "responder.h"

#define DEFAULT_CONFIG "/etc/agora-token/config.json"
#define CONFIG_FILE_MAX (1024U * 1024U)
#define CERT_FILE_MAX 256U
#define APPS_MAX 64U
#define CORS_MAX 64U
#define KEYS_MAX 256U
#define ORIGIN_MAX 255U

static int cfg_error(struct rsp_config *c, const char *fmt, ...) RSP_PRINTF(2, 3);

static int cfg_error(struct rsp_config *c, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(c->error, sizeof c->error, "configuration %s: %s", c->source,
	    msg);
	c->ok = 0;
	return -1;
}

/* App ids and certificates follow the library's rule (32 hex digits). */
static int app_id_ok(const char *s)
{
	return s != NULL && agt_app_id_valid((struct agt_str){ s, strlen(s) });
}

static int cert_ok(const char *s)
{
	return s != NULL &&
	    agt_app_certificate_valid((struct agt_str){ s, strlen(s) });
}

static int valid_app_name(const char *s)
{
	size_t i, n = strlen(s);

	if (n < 1 || n > RSP_APP_NAME_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
		    ch == '-'))
			return 0;
	}
	return 1;
}

/* scheme://host[:port], nothing after: what browsers send in Origin. */
static int valid_origin(const char *s)
{
	const char *h;
	size_t n = strlen(s);

	if (n > ORIGIN_MAX)
		return 0;
	if (strncmp(s, "https://", 8) == 0)
		h = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		h = s + 7;
	else
		return 0;
	if (*h == '\0')
		return 0;
	for (; *h; h++)
		if (*h == '/' || (unsigned char)*h <= ' ' ||
		    (unsigned char)*h >= 0x7f)
			return 0;
	return 1;
}

/* A whole JSON number in 1..RSP_EXPIRE_CAP. */
static int get_seconds(const cJSON *it, uint32_t *out)
{
	double d;

	if (!cJSON_IsNumber(it))
		return -1;
	d = it->valuedouble;
	if (d < 1 || d > (double)RSP_EXPIRE_CAP || (double)(uint32_t)d != d)
		return -1;
	*out = (uint32_t)d;
	return 0;
}

/* Reads a certificate file, refusing one that group or others can read,
 * as OpenSSH refuses such private keys. */
static int read_cert_file(struct rsp_config *c, const char *path,
    char cert[AGT_APP_ID_CHARS + 1], const char *where)
{
	char buf[CERT_FILE_MAX + 1];
	struct stat st;
	ssize_t n;
	size_t len = 0, b, e;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return cfg_error(c, "%s: cannot open certificate file %s: %s",
		    where, path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		cfg_error(c, "%s: cannot stat certificate file %s: %s", where,
		    path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		cfg_error(c, "%s: certificate file %s is not a regular file",
		    where, path);
		goto out;
	}
	if ((st.st_mode & 077) != 0) {
		cfg_error(c, "%s: certificate file %s has permissions %04o; it "
		    "must not be readable by group or others (chmod 600 %s)",
		    where, path, (unsigned)(st.st_mode & 07777), path);
		goto out;
	}
	while (len < sizeof buf) {
		n = read(fd, buf + len, sizeof buf - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cfg_error(c, "%s: cannot read certificate file %s: %s",
			    where, path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	b = 0;
	e = len;
	while (b < e && (buf[b] == ' ' || buf[b] == '\t' || buf[b] == '\r' ||
	    buf[b] == '\n'))
		b++;
	while (e > b && (buf[e - 1] == ' ' || buf[e - 1] == '\t' ||
	    buf[e - 1] == '\r' || buf[e - 1] == '\n'))
		e--;
	if (len > CERT_FILE_MAX ||
	    !agt_app_certificate_valid((struct agt_str){ buf + b, e - b })) {
		cfg_error(c, "%s: certificate file %s must hold exactly 32 "
		    "hexadecimal characters", where, path);
		goto out;
	}
	memcpy(cert, buf + b, AGT_APP_ID_CHARS);
	cert[AGT_APP_ID_CHARS] = '\0';
	rc = 0;
out:
	agt_memzero(buf, sizeof buf);
	close(fd);
	return rc;
}

/* cJSON keeps both members of {"a": 1, "a": 2}; a configuration that
 * says one thing twice is refused rather than resolved silently. */
static const char *duplicate_key(const cJSON *obj)
{
	const cJSON *a, *b;

	for (a = obj->child; a != NULL; a = a->next)
		for (b = a->next; b != NULL; b = b->next)
			if (a->string && b->string && strcmp(a->string, b->string) == 0)
				return a->string;
	return NULL;
}

static int load_app(struct rsp_config *c, const cJSON *obj, size_t idx,
    const char *dir, struct rsp_app *app)
{
	const cJSON *it;
	const char *name = NULL, *app_id = NULL, *cert = NULL, *cfile = NULL;
	const char *creds;
	char where[32];

	snprintf(where, sizeof where, "apps[%lu]", (unsigned long)idx);
	if (!cJSON_IsObject(obj))
		return cfg_error(c, "%s must be an object", where);
	if (duplicate_key(obj) != NULL)
		return cfg_error(c, "key \"%.64s\" appears twice in %s",
		    duplicate_key(obj), where);
	cJSON_ArrayForEach(it, obj) {
		const char *k = it->string;
		if (!cJSON_IsString(it))
			return cfg_error(c, "%s.%.64s must be a string", where, k);
		if (strcmp(k, "name") == 0)
			name = it->valuestring;
		else if (strcmp(k, "app_id") == 0)
			app_id = it->valuestring;
		else if (strcmp(k, "certificate") == 0)
			cert = it->valuestring;
		else if (strcmp(k, "certificate_file") == 0)
			cfile = it->valuestring;
		else
			return cfg_error(c, "unknown key \"%.64s\" in %s", k, where);
	}
	if (name == NULL)
		return cfg_error(c, "%s.name is missing", where);
	if (!valid_app_name(name))
		return cfg_error(c, "%s.name must be 1-64 characters from "
		    "A-Z a-z 0-9 . _ -", where);
	if (app_id == NULL)
		return cfg_error(c, "%s.app_id is missing", where);
	if (!app_id_ok(app_id))
		return cfg_error(c, "%s.app_id must be 32 hexadecimal characters",
		    where);
	if ((cert == NULL) == (cfile == NULL))
		return cfg_error(c, "%s needs exactly one of certificate and "
		    "certificate_file", where);
	memcpy(app->name, name, strlen(name) + 1);
	memcpy(app->app_id, app_id, AGT_APP_ID_CHARS + 1);
	if (cert != NULL) {
		if (!cert_ok(cert))
			return cfg_error(c, "%s.certificate must be 32 "
			    "hexadecimal characters", where);
		memcpy(app->cert, cert, AGT_APP_ID_CHARS + 1);
		return 0;
	}
	if (cfile[0] == '\0')
		return cfg_error(c, "%s.certificate_file is empty", where);
	/* A relative name is a systemd credential when the service has
	 * them (LoadCredential=: copies only this service's user can
	 * read), else a file beside the configuration. */
	creds = getenv("CREDENTIALS_DIRECTORY");
	if (cfile[0] != '/' && creds != NULL && creds[0] == '/')
		dir = creds;
	if (cfile[0] != '/' && dir != NULL) {
		char full[4096];
		int n = snprintf(full, sizeof full, "%s/%s", dir, cfile);
		if (n < 0 || (size_t)n >= sizeof full)
			return cfg_error(c, "%s.certificate_file path is too long",
			    where);
		return read_cert_file(c, full, app->cert, where);
	}
	return read_cert_file(c, cfile, app->cert, where);
}

static int load_apps(struct rsp_config *c, const cJSON *arr, const char *dir)
{
	size_t n, i, j;
	const cJSON *it;

	if (!cJSON_IsArray(arr))
		return cfg_error(c, "apps must be an array");
	n = (size_t)cJSON_GetArraySize(arr);
	if (n == 0)
		return cfg_error(c, "apps must list at least one app");
	if (n > APPS_MAX)
		return cfg_error(c, "apps lists more than %u apps", APPS_MAX);
	c->apps = calloc(n, sizeof *c->apps);
	if (c->apps == NULL)
		return cfg_error(c, "out of memory");
	c->napps = n;
	i = 0;
	cJSON_ArrayForEach(it, arr) {
		if (load_app(c, it, i, dir, &c->apps[i]) != 0)
			return -1;
		for (j = 0; j < i; j++) {
			if (strcmp(c->apps[j].name, c->apps[i].name) == 0)
				return cfg_error(c, "apps[%lu].name \"%s\" is "
				    "used twice", (unsigned long)i,
				    c->apps[i].name);
			if (strcasecmp(c->apps[j].app_id, c->apps[i].app_id) == 0)
				return cfg_error(c, "apps[%lu].app_id is the "
				    "same as apps[%lu].app_id", (unsigned long)i,
				    (unsigned long)j);
		}
		i++;
	}
	return 0;
}

static int load_cors(struct rsp_config *c, const cJSON *arr)
{
	size_t n, i = 0;
	const cJSON *it;

	if (!cJSON_IsArray(arr))
		return cfg_error(c, "cors_origins must be an array of strings");
	n = (size_t)cJSON_GetArraySize(arr);
	if (n > CORS_MAX)
		return cfg_error(c, "cors_origins lists more than %u origins",
		    CORS_MAX);
	if (n == 0)
		return 0;
	c->cors = calloc(n, sizeof *c->cors);
	if (c->cors == NULL)
		return cfg_error(c, "out of memory");
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it) || !valid_origin(it->valuestring))
			return cfg_error(c, "cors_origins[%lu] must be an origin "
			    "like https://example.com or http://host:8080 "
			    "(no path, no trailing slash)", (unsigned long)i);
		c->cors[i] = strdup(it->valuestring);
		if (c->cors[i] == NULL)
			return cfg_error(c, "out of memory");
		c->ncors = ++i;
	}
	return 0;
}

static int load_auth(struct rsp_config *c, const cJSON *obj)
{
	const cJSON *it, *keys = NULL;
	const char *mode = NULL;
	int bind = -1;

	if (!cJSON_IsObject(obj))
		return cfg_error(c, "auth must be an object");
	if (duplicate_key(obj) != NULL)
		return cfg_error(c, "key \"%.64s\" appears twice in auth",
		    duplicate_key(obj));
	cJSON_ArrayForEach(it, obj) {
		const char *k = it->string;
		if (strcmp(k, "mode") == 0) {
			if (!cJSON_IsString(it))
				return cfg_error(c, "auth.mode must be a string");
			mode = it->valuestring;
		} else if (strcmp(k, "api_keys_sha256") == 0) {
			keys = it;
		} else if (strcmp(k, "bind_identity") == 0) {
			if (!cJSON_IsBool(it))
				return cfg_error(c, "auth.bind_identity must be "
				    "true or false");
			bind = cJSON_IsTrue(it);
		} else {
			return cfg_error(c, "unknown key \"%.64s\" in auth", k);
		}
	}
	if (mode == NULL || strcmp(mode, "none") == 0)
		c->auth = RSP_AUTH_NONE;
	else if (strcmp(mode, "api_key") == 0)
		c->auth = RSP_AUTH_API_KEY;
	else if (strcmp(mode, "remote_user") == 0)
		c->auth = RSP_AUTH_REMOTE_USER;
	else
		return cfg_error(c, "auth.mode must be none, api_key or "
		    "remote_user");
	if (bind == 1 && c->auth != RSP_AUTH_REMOTE_USER)
		return cfg_error(c, "auth.bind_identity needs auth.mode "
		    "remote_user");
	c->bind_identity = bind == 1;
	if (keys != NULL && c->auth != RSP_AUTH_API_KEY)
		return cfg_error(c, "auth.api_keys_sha256 is only used with "
		    "auth.mode api_key");
	if (c->auth == RSP_AUTH_API_KEY) {
		size_t n, i = 0;
		if (keys == NULL || !cJSON_IsArray(keys) ||
		    (n = (size_t)cJSON_GetArraySize(keys)) == 0)
			return cfg_error(c, "auth.mode api_key needs "
			    "auth.api_keys_sha256: a list of SHA-256 hex digests");
		if (n > KEYS_MAX)
			return cfg_error(c, "auth.api_keys_sha256 lists more "
			    "than %u keys", KEYS_MAX);
		c->keys = calloc(n, sizeof *c->keys);
		if (c->keys == NULL)
			return cfg_error(c, "out of memory");
		cJSON_ArrayForEach(it, keys) {
			const char *h = cJSON_IsString(it) ? it->valuestring : NULL;
			if (h == NULL || strlen(h) != 64 ||
			    hex_decode(c->keys[i], h, 32) != 0)
				return cfg_error(c, "auth.api_keys_sha256[%lu] "
				    "must be 64 hexadecimal characters (the "
				    "SHA-256 of the key, e.g. from sha256sum)",
				    (unsigned long)i);
			c->nkeys = ++i;
		}
	}
	return 0;
}

static int load_json(struct rsp_config *c, const char *text, size_t len,
    const char *dir)
{
	cJSON *root, *it;
	int rc = 0, have_default_expire = 0;
	const char *end = NULL;

	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (root == NULL) {
		const char *e = cJSON_GetErrorPtr();
		unsigned line = 1;
		if (e != NULL && e >= text && e <= text + len) {
			const char *p;
			for (p = text; p < e; p++)
				line += *p == '\n';
		}
		return cfg_error(c, "not valid JSON (error near line %u)", line);
	}
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return cfg_error(c, "top level must be a JSON object");
	}
	if (duplicate_key(root) != NULL) {
		rc = cfg_error(c, "key \"%.64s\" appears twice",
		    duplicate_key(root));
		cJSON_Delete(root);
		return rc;
	}
	cJSON_ArrayForEach(it, root) {
		const char *k = it->string;
		if (strcmp(k, "apps") == 0) {
			rc = load_apps(c, it, dir);
		} else if (strcmp(k, "default_format") == 0) {
			const char *v = cJSON_IsString(it) ? it->valuestring : "";
			if (strcmp(v, "007") == 0)
				c->default_format = 7;
			else if (strcmp(v, "006") == 0)
				c->default_format = 6;
			else
				rc = cfg_error(c, "default_format must be \"007\" "
				    "or \"006\"");
		} else if (strcmp(k, "default_expire") == 0) {
			if (get_seconds(it, &c->default_expire) != 0)
				rc = cfg_error(c, "default_expire must be a whole "
				    "number of seconds from 1 to %u",
				    RSP_EXPIRE_CAP);
			have_default_expire = 1;
		} else if (strcmp(k, "max_expire") == 0) {
			if (get_seconds(it, &c->max_expire) != 0)
				rc = cfg_error(c, "max_expire must be a whole "
				    "number of seconds from 1 to %u",
				    RSP_EXPIRE_CAP);
		} else if (strcmp(k, "cors_origins") == 0) {
			rc = load_cors(c, it);
		} else if (strcmp(k, "auth") == 0) {
			rc = load_auth(c, it);
		} else {
			rc = cfg_error(c, "unknown key \"%.64s\"", k);
		}
		if (rc != 0)
			break;
	}
	cJSON_Delete(root);
	if (rc != 0)
		return -1;
	if (c->napps == 0)
		return cfg_error(c, "apps is missing: list at least one app");
	if (c->default_expire > c->max_expire) {
		if (have_default_expire)
			return cfg_error(c, "default_expire (%lu) is larger than "
			    "max_expire (%lu)", (unsigned long)c->default_expire,
			    (unsigned long)c->max_expire);
		c->default_expire = c->max_expire;
	}
	return 0;
}

/* Reads the whole file; also warns when an inline certificate sits in a
 * file others can read. */
static int read_file(struct rsp_config *c, const char *path, char **out,
    size_t *outlen, int *missing)
{
	struct stat st;
	char *buf;
	size_t len = 0;
	int fd;

	*missing = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		*missing = errno == ENOENT;
		return cfg_error(c, "cannot open: %s", strerror(errno));
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (size_t)st.st_size > CONFIG_FILE_MAX) {
		close(fd);
		return cfg_error(c, "not a regular file of at most %u bytes",
		    CONFIG_FILE_MAX);
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		close(fd);
		return cfg_error(c, "out of memory");
	}
	while (len < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + len, (size_t)st.st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : EIO;
			agt_memzero(buf, len);
			free(buf);
			close(fd);
			return cfg_error(c, "cannot read: %s", strerror(e));
		}
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	if ((st.st_mode & 077) != 0 && strstr(buf, "\"certificate\"") != NULL)
		rsp_log(RSP_LOG_WARN, "configuration %s has permissions %04o and "
		    "holds inline certificates; consider chmod 600 or "
		    "certificate_file", path, (unsigned)(st.st_mode & 07777));
	return 0;
}

/* Copies a secret from the environment, then wipes it there so it does not
 * linger in /proc/<pid>/environ or reach child processes. */
static void take_env_secret(const char *name, char *dst, size_t cap)
{
	char *v = getenv(name);
	size_t n;

	if (v == NULL)
		return;
	n = strlen(v);
	if (n < cap) {
		memcpy(dst, v, n + 1);
	}
	agt_memzero(v, n);
	unsetenv(name);
}

/* Certificates in the environment are wiped whichever source was used. */
static void scrub_env(void)
{
	static const char *const names[] = { "AGORA_APP_CERTIFICATE",
	    "APP_CERTIFICATE" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *v = getenv(names[i]);
		if (v != NULL) {
			agt_memzero(v, strlen(v));
			unsetenv(names[i]);
		}
	}
}

static int load_env(struct rsp_config *c)
{
	const char *id_name = "AGORA_APP_ID", *cert_name = "AGORA_APP_CERTIFICATE";
	const char *id;
	char cert[80] = "";
	int rc = 0;

	if (getenv(id_name) == NULL && getenv(cert_name) == NULL) {
		id_name = "APP_ID";
		cert_name = "APP_CERTIFICATE";
	}
	id = getenv(id_name);
	snprintf(c->source, sizeof c->source, "environment %s/%s", id_name,
	    cert_name);
	if (id == NULL && getenv(cert_name) == NULL) {
		snprintf(c->source, sizeof c->source, "%s", DEFAULT_CONFIG);
		return cfg_error(c, "no configuration: the file does not exist, "
		    "AGORA_TOKEN_CONFIG is not set and neither "
		    "AGORA_APP_ID/AGORA_APP_CERTIFICATE nor "
		    "APP_ID/APP_CERTIFICATE is in the environment");
	}
	take_env_secret(cert_name, cert, sizeof cert);
	if (id == NULL)
		rc = cfg_error(c, "%s is set but %s is not", cert_name, id_name);
	else if (cert[0] == '\0')
		rc = cfg_error(c, "%s is set but %s is not", id_name, cert_name);
	else if (!app_id_ok(id))
		rc = cfg_error(c, "%s must be 32 hexadecimal characters", id_name);
	else if (!cert_ok(cert))
		rc = cfg_error(c, "%s must be 32 hexadecimal characters",
		    cert_name);
	if (rc == 0) {
		c->apps = calloc(1, sizeof *c->apps);
		if (c->apps == NULL) {
			rc = cfg_error(c, "out of memory");
		} else {
			c->napps = 1;
			snprintf(c->apps[0].name, sizeof c->apps[0].name,
			    "default");
			memcpy(c->apps[0].app_id, id, AGT_APP_ID_CHARS + 1);
			memcpy(c->apps[0].cert, cert, AGT_APP_ID_CHARS + 1);
		}
	}
	agt_memzero(cert, sizeof cert);
	return rc;
}

void rsp_config_load(struct rsp_config *c)
{
	const char *path = getenv("AGORA_TOKEN_CONFIG");
	int explicit_path = path != NULL && *path != '\0';
	char *text = NULL, *dir = NULL, *slash;
	size_t len = 0;
	int missing = 0;

	memset(c, 0, sizeof *c);
	c->default_format = 7;
	c->default_expire = 3600;
	c->max_expire = 86400;
	c->auth = RSP_AUTH_NONE;
	if (!explicit_path)
		path = DEFAULT_CONFIG;
	snprintf(c->source, sizeof c->source, "%s", path);
	if (read_file(c, path, &text, &len, &missing) != 0) {
		if (!explicit_path && missing && load_env(c) == 0)
			c->ok = 1;
		scrub_env();
		return;
	}
	dir = strdup(path);
	if (dir != NULL) {
		slash = strrchr(dir, '/');
		if (slash == NULL) {
			free(dir);
			dir = NULL;
		} else if (slash == dir) {
			slash[1] = '\0';
		} else {
			*slash = '\0';
		}
	}
	if (load_json(c, text, len, dir) == 0)
		c->ok = 1;
	agt_memzero(text, len);
	free(text);
	free(dir);
	scrub_env();
	if (!c->ok) {
		/* Keep the error, drop whatever was half loaded. */
		char err[sizeof c->error], src[sizeof c->source];
		memcpy(err, c->error, sizeof err);
		memcpy(src, c->source, sizeof src);
		rsp_config_free(c);
		memcpy(c->error, err, sizeof err);
		memcpy(c->source, src, sizeof src);
		c->ok = 0;
	}
}

void rsp_config_free(struct rsp_config *c)
{
	size_t i;

	if (c->apps != NULL) {
		agt_memzero(c->apps, c->napps * sizeof *c->apps);
		free(c->apps);
	}
	for (i = 0; i < c->ncors; i++)
		free(c->cors[i]);
	free(c->cors);
	if (c->keys != NULL) {
		agt_memzero(c->keys, c->nkeys * sizeof *c->keys);
		free(c->keys);
	}
	memset(c, 0, sizeof *c);
}

const char *rsp_auth_mode_name(enum rsp_auth_mode m)
{
	switch (m) {
	case RSP_AUTH_NONE:
		return "none";
	case RSP_AUTH_API_KEY:
		return "api_key";
	case RSP_AUTH_REMOTE_USER:
		return "remote_user";
	default:
		return "unknown";
	}
}

void rsp_config_summary(const struct rsp_config *c, char *buf, size_t cap)
{
	size_t used, i;
	int n;

	n = snprintf(buf, cap, "configuration %s: apps", c->source);
	used = n < 0 ? 0 : (size_t)n;
	for (i = 0; i < c->napps && used < cap; i++) {
		n = snprintf(buf + used, cap - used, "%s %s (%s)",
		    i ? "," : "", c->apps[i].name, c->apps[i].app_id);
		if (n < 0)
			return;
		used += (size_t)n;
	}
	if (used < cap)
		snprintf(buf + used, cap - used, "; default_format 00%d; "
		    "default_expire %lu; max_expire %lu; auth %s%s; "
		    "api_keys %lu; cors_origins %lu",
		    c->default_format, (unsigned long)c->default_expire,
		    (unsigned long)c->max_expire, rsp_auth_mode_name(c->auth),
		    c->bind_identity ? " (bind_identity)" : "",
		    (unsigned long)c->nkeys, (unsigned long)c->ncors);
}

const struct rsp_app *rsp_config_app_named(const struct rsp_config *c,
    const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < c->napps; i++)
		if (strlen(c->apps[i].name) == n &&
		    memcmp(c->apps[i].name, name, n) == 0)
			return &c->apps[i];
	return NULL;
}

const struct rsp_app *rsp_config_app_by_id(const struct rsp_config *c,
    const char *app_id, size_t n)
{
	size_t i;

	if (n != AGT_APP_ID_CHARS)
		return NULL;
	for (i = 0; i < c->napps; i++)
		if (strncasecmp(c->apps[i].app_id, app_id, n) == 0)
			return &c->apps[i];
	return NULL;
}
