/* SPDX-License-Identifier: MIT */
/*
 * config-fuzz - the configuration loader (rsp_config_load): JSON under a
 * length bound, every key's type and range rule, app names and ids,
 * duplicate apps, CORS origins, auth modes and API-key digests, and the
 * cleanup of a half-loaded configuration.  The loader reads the file
 * named by AGORA_TOKEN_CONFIG and has no entry point for a buffer, so the
 * input goes into a memfd (memory, no temporary file) named through
 * /proc/self/fd; its mode is 0600, as a certificate-holding file must be.
 * A relative certificate_file therefore resolves under /proc/self/fd.
 * After a successful load the summary and the lookups run too.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "rsp-common.h"

#define CONFIG_INPUT_MAX (64U * 1024U)

static int memfd = -1;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rsp_config c;
	char line[1024];
	size_t i;

	if (memfd < 0) {
		char path[64];

		memfd = memfd_create("agt-fuzz-config", MFD_CLOEXEC);
		if (memfd < 0 || fchmod(memfd, 0600) != 0)
			abort();
		snprintf(path, sizeof path, "/proc/self/fd/%d", memfd);
		if (setenv("AGORA_TOKEN_CONFIG", path, 1) != 0)
			abort();
	}
	if (size > CONFIG_INPUT_MAX)
		return 0;
	if (ftruncate(memfd, 0) != 0 ||
	    (size > 0 && pwrite(memfd, data, size, 0) != (ssize_t)size))
		abort();
	rsp_config_load(&c);
	fuzz_touch(c.error, strlen(c.error));
	if (c.ok) {
		rsp_config_summary(&c, line, sizeof line);
		fuzz_touch(line, strlen(line));
		for (i = 0; i < c.napps; i++) {
			if (rsp_config_app_named(&c, c.apps[i].name,
			    strlen(c.apps[i].name)) == NULL ||
			    rsp_config_app_by_id(&c, c.apps[i].app_id,
			    strlen(c.apps[i].app_id)) == NULL)
				abort();   /* a loaded app must be found again */
		}
		for (i = 0; i < c.ncors; i++)
			fuzz_touch(c.cors[i], strlen(c.cors[i]));
		if (c.nkeys > 0)
			fuzz_touch(c.keys, c.nkeys * sizeof c.keys[0]);
	}
	rsp_config_free(&c);
	return 0;
}
