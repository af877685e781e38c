/* SPDX-License-Identifier: MIT */
/*
 * sd-listen-t - rsp_sd_listen_fd (src/responder/sd_listen.c), the
 * responder's side of systemd socket activation.
 *
 * Threat: a responder that takes sockets meant for another process (a
 * LISTEN_PID that is not its own, inherited through an exec), leaves the
 * LISTEN_* variables for a child to misread, leaks the descriptors into
 * children, waits on a non-blocking socket that libfcgi's accept() cannot
 * use, or serves something that is not a listening stream socket (a
 * .socket unit with Accept=yes hands over connections) instead of saying
 * so.  Each case sets the variables and descriptor 3 itself.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "responder/responder.h"
#include "tap/tap.h"

static char why[256];
static unsigned count;

static void set_env(const char *pid, const char *fds)
{
	char self[32];

	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	setenv("LISTEN_FDNAMES", "x", 1);
	if (pid != NULL) {
		if (strcmp(pid, "self") == 0) {
			snprintf(self, sizeof self, "%ld", (long)getpid());
			pid = self;
		}
		setenv("LISTEN_PID", pid, 1);
	}
	if (fds != NULL)
		setenv("LISTEN_FDS", fds, 1);
}

static int env_clean(void)
{
	return getenv("LISTEN_PID") == NULL && getenv("LISTEN_FDS") == NULL &&
	    getenv("LISTEN_FDNAMES") == NULL;
}

/* Descriptor 3 (and 4 with two) as a listening unix socket, non-blocking
 * and without close-on-exec, as a service manager hands it over. */
static void listener_at(int target)
{
	static int serial;
	struct sockaddr_un sun;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	/* abstract name: nothing to clean up in the file system */
	snprintf(sun.sun_path + 1, sizeof sun.sun_path - 1, "agt-sd-t-%ld-%d",
	    (long)getpid(), ++serial);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof sun) != 0 ||
	    listen(fd, 4) != 0 || dup2(fd, target) != target)
		bail("cannot make a listening socket at %d", target);
	if (fd != target)
		close(fd);
}

static int cloexec(int fd)
{
	return (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0;
}

int main(void)
{
	int sv[2], fd;

	plan_lazy();

	set_env(NULL, NULL);
	unsetenv("LISTEN_FDNAMES");
	is_int(-1, rsp_sd_listen_fd(&count, why, sizeof why),
	    "no LISTEN_* variables: no socket passed");

	listener_at(3);
	set_env("1", "1");
	is_int(-1, rsp_sd_listen_fd(&count, why, sizeof why),
	    "LISTEN_PID of another process: not for us");
	ok(env_clean(), "LISTEN_PID of another process: variables removed all the same");
	ok(!cloexec(3), "LISTEN_PID of another process: descriptor 3 left alone");

	set_env(NULL, "1");
	is_int(-1, rsp_sd_listen_fd(&count, why, sizeof why),
	    "LISTEN_FDS without LISTEN_PID: not for us");

	set_env("self", "1");
	is_int(3, rsp_sd_listen_fd(&count, why, sizeof why),
	    "LISTEN_PID = our pid, LISTEN_FDS=1: descriptor 3");
	is_int(1, count, "one socket counted");
	ok(env_clean(), "LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES removed");
	ok(cloexec(3), "descriptor 3 is close-on-exec");
	ok((fcntl(3, F_GETFL) & O_NONBLOCK) == 0,
	    "descriptor 3 is blocking (libfcgi waits in accept)");

	listener_at(3);
	listener_at(4);
	set_env("self", "2");
	is_int(3, rsp_sd_listen_fd(&count, why, sizeof why),
	    "LISTEN_FDS=2: the first socket is served");
	is_int(2, count, "two sockets counted (the caller warns)");
	ok(cloexec(3) && cloexec(4), "both descriptors are close-on-exec");
	close(4);

	set_env("self", "two");
	is_int(-2, rsp_sd_listen_fd(&count, why, sizeof why), "LISTEN_FDS=two: an error");
	ok(strstr(why, "LISTEN_FDS is \"two\"") != NULL, "reason names the value (%s)", why);
	ok(env_clean(), "LISTEN_FDS=two: variables removed");
	set_env("self", "0");
	is_int(-2, rsp_sd_listen_fd(&count, why, sizeof why), "LISTEN_FDS=0: an error");
	set_env("self", "99999");
	is_int(-2, rsp_sd_listen_fd(&count, why, sizeof why), "LISTEN_FDS=99999: an error");
	set_env("self", "3");
	is_int(-2, rsp_sd_listen_fd(&count, why, sizeof why),
	    "LISTEN_FDS=3 with descriptor 4 closed: an error");
	ok(strstr(why, "socket 4") != NULL, "reason names the descriptor (%s)", why);

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0 || dup2(sv[0], 3) != 3)
		bail("socketpair");
	set_env("self", "1");
	is_int(-2, rsp_sd_listen_fd(&count, why, sizeof why),
	    "a connected socket (Accept=yes): an error");
	ok(strstr(why, "not listening") != NULL, "reason: not listening (%s)", why);

	fd = open("/dev/null", O_RDONLY);
	if (fd < 0 || dup2(fd, 3) != 3)
		bail("/dev/null");
	set_env("self", "1");
	is_int(-2, rsp_sd_listen_fd(&count, why, sizeof why), "/dev/null at 3: an error");
	ok(strstr(why, "not a stream socket") != NULL, "reason: not a stream socket (%s)", why);
	return 0;
}
