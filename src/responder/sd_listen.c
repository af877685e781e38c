/* SPDX-License-Identifier: MIT */
/*
 * sd_listen.c - the listening socket systemd passes (socket activation).
 *
 * systemd (or systemd-socket-activate, or any manager that follows the
 * same protocol) opens the socket of a .socket unit itself and starts the
 * service with it as file descriptor 3, LISTEN_FDS=1 and LISTEN_PID=<the
 * service's pid>.  This is the few lines of sd_listen_fds(3) the responder
 * needs, without linking libsystemd: the variables count only when
 * LISTEN_PID is our own pid (a child that inherited them must not take
 * its parent's sockets), they are removed from the environment either
 * way, and the descriptors are marked close-on-exec.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "responder.h"

#define SD_LISTEN_FDS_START 3

/* A decimal number in 1..max, nothing else. */
static int parse_count(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			return -1;
	}
	if (v == 0)
		return -1;
	*out = v;
	return 0;
}

int rsp_sd_listen_fd(unsigned *count, char *why, size_t cap)
{
	const char *pid_s = getenv("LISTEN_PID"), *fds_s = getenv("LISTEN_FDS");
	unsigned long pid, n, i;
	int type = 0, listening = 0, fl, rc = -1;
	socklen_t len;

	*count = 0;
	if (pid_s == NULL && fds_s == NULL)
		return -1;
	if (parse_count(pid_s, 0x7fffffffUL, &pid) != 0 ||
	    pid != (unsigned long)getpid())
		goto out;	/* meant for another process */
	if (parse_count(fds_s, 4096, &n) != 0) {
		snprintf(why, cap, "LISTEN_FDS is \"%.32s\", not a number of "
		    "sockets", fds_s != NULL ? fds_s : "");
		rc = -2;
		goto out;
	}
	for (i = 0; i < n; i++) {
		int fd = SD_LISTEN_FDS_START + (int)i;
		fl = fcntl(fd, F_GETFD);
		if (fl < 0 || fcntl(fd, F_SETFD, fl | FD_CLOEXEC) != 0) {
			snprintf(why, cap, "socket %d that LISTEN_FDS announces: "
			    "%s", fd, strerror(errno));
			rc = -2;
			goto out;
		}
	}
	len = sizeof type;
	if (getsockopt(SD_LISTEN_FDS_START, SOL_SOCKET, SO_TYPE, &type,
	    &len) != 0 || type != SOCK_STREAM) {
		snprintf(why, cap, "descriptor %d is not a stream socket",
		    SD_LISTEN_FDS_START);
		rc = -2;
		goto out;
	}
	len = sizeof listening;
	if (getsockopt(SD_LISTEN_FDS_START, SOL_SOCKET, SO_ACCEPTCONN,
	    &listening, &len) != 0 || !listening) {
		snprintf(why, cap, "socket %d is not listening (a .socket unit "
		    "with Accept=yes passes connections, not a listener)",
		    SD_LISTEN_FDS_START);
		rc = -2;
		goto out;
	}
	/* systemd's sockets are non-blocking; libfcgi waits in accept(). */
	fl = fcntl(SD_LISTEN_FDS_START, F_GETFL);
	if (fl < 0 || fcntl(SD_LISTEN_FDS_START, F_SETFL, fl & ~O_NONBLOCK) != 0) {
		snprintf(why, cap, "socket %d: %s", SD_LISTEN_FDS_START,
		    strerror(errno));
		rc = -2;
		goto out;
	}
	*count = (unsigned)n;
	rc = SD_LISTEN_FDS_START;
out:
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	return rc;
}
