/* SPDX-License-Identifier: MIT */
/*
 * cli_cred.c - where the tool gets an app's credentials: the app id from
 * --app-id or AGORA_APP_ID, the certificate from --certificate-file or
 * AGORA_APP_CERTIFICATE, never from the command line.  The certificate is
 * kept in one static buffer that is wiped at exit and never printed; a
 * certificate file that others may read is refused, as OpenSSH refuses
 * such keys.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Room for the 32 characters plus generous surrounding whitespace. */
#define CERT_FILE_MAX 4096U

static char cert_buf[CERT_FILE_MAX + 1];
static int wipe_registered;

void cli_cred_wipe(void)
{
	agt_memzero(cert_buf, sizeof cert_buf);
}

/* Reads the file into cert_buf and trims it; returns the length. */
static size_t read_cert_file(const char *path)
{
	struct stat st;
	size_t n = 0, start = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		cli_die(CLI_EXIT_INPUT, "--certificate-file %s: %s", path,
		    strerror(errno));
	if (fstat(fd, &st) != 0)
		cli_die(CLI_EXIT_INPUT, "--certificate-file %s: %s", path,
		    strerror(errno));
	if (S_ISDIR(st.st_mode))
		cli_die(CLI_EXIT_INPUT, "--certificate-file %s: is a directory", path);
	/* Pipes (--certificate-file <(pass show app)) have no such mode. */
	if (S_ISREG(st.st_mode) && (st.st_mode & 077) != 0)
		cli_die(CLI_EXIT_INPUT, "--certificate-file %s: the file can be read "
		    "by group or others (mode %04o); refusing it, as a certificate "
		    "must stay secret: run chmod 600 %s", path,
		    (unsigned)(st.st_mode & 07777), path);
	for (;;) {
		ssize_t got;

		if (n == CERT_FILE_MAX)
			cli_die(CLI_EXIT_INPUT, "--certificate-file %s: larger than %u "
			    "bytes; it should hold only the 32-character certificate",
			    path, CERT_FILE_MAX);
		got = read(fd, cert_buf + n, CERT_FILE_MAX - n);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			cli_die(CLI_EXIT_INPUT, "--certificate-file %s: %s", path,
			    strerror(errno));
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	while (n > 0 && isspace((unsigned char)cert_buf[n - 1]))
		n--;
	while (start < n && isspace((unsigned char)cert_buf[start]))
		start++;
	memmove(cert_buf, cert_buf + start, n - start);
	n -= start;
	agt_memzero(cert_buf + n, sizeof cert_buf - n);
	return n;
}

void cli_cred_load(struct cli_cred *c, const char *app_id_arg,
    const char *cert_file, int need_app_id)
{
	const char *where;
	size_t n;

	if (!wipe_registered) {
		atexit(cli_cred_wipe);
		wipe_registered = 1;
	}
	memset(c, 0, sizeof *c);
	if (app_id_arg == NULL)
		app_id_arg = getenv("AGORA_APP_ID");
	if (need_app_id) {
		if (app_id_arg == NULL || *app_id_arg == '\0')
			cli_die(CLI_EXIT_USAGE, "no app id: set AGORA_APP_ID in the "
			    "environment or pass --app-id ID");
		c->app_id.p = app_id_arg;
		c->app_id.n = strlen(app_id_arg);
	}

	if (cert_file != NULL) {
		where = "--certificate-file";
		n = read_cert_file(cert_file);
	} else {
		const char *env = getenv("AGORA_APP_CERTIFICATE");

		if (env == NULL || *env == '\0')
			cli_die(CLI_EXIT_USAGE, "no app certificate: set "
			    "AGORA_APP_CERTIFICATE in the environment or pass "
			    "--certificate-file PATH (a certificate is never taken "
			    "on the command line)");
		where = "AGORA_APP_CERTIFICATE";
		n = strlen(env);
		if (n > CERT_FILE_MAX)
			n = CERT_FILE_MAX;
		memcpy(cert_buf, env, n);
		cert_buf[n] = '\0';
	}
	/* Never show the value, not even part of it. */
	if (n == 0)
		cli_die(CLI_EXIT_INPUT, "%s is empty: it must hold the app's "
		    "32-character certificate", where);
	if (!agt_app_certificate_valid((struct agt_str){ cert_buf, n })) {
		cli_cred_wipe();
		cli_die(CLI_EXIT_INPUT, "%s does not hold an app certificate: "
		    "expected 32 hexadecimal characters", where);
	}
	c->cert.p = cert_buf;
	c->cert.n = n;
}
