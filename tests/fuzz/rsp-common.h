/* SPDX-License-Identifier: MIT */
/*
 * rsp-common.h - fixtures of the responder fuzz targets: a configuration
 * held in memory (no file, no environment), a log sink that drops lines,
 * and a walk over decoded parameters that runs every input rule on each.
 */
#ifndef AGT_FUZZ_RSP_COMMON_H
#define AGT_FUZZ_RSP_COMMON_H

#include "responder/responder.h"

/* A valid configuration: two apps, CORS for one origin, the given auth
 * mode (api_key: the key "fuzz-key"), bind_identity with remote_user. */
void fuzz_rsp_config(struct rsp_config *c, enum rsp_auth_mode auth);
void fuzz_rsp_quiet(void);
/* Touches every decoded parameter and validates it against every field. */
void fuzz_rsp_params(const struct rsp_request *r, const struct rsp_config *c);
/* The targets' usual setup, done on first call: log lines dropped and a
 * configuration with auth none, which is returned. */
const struct rsp_config *fuzz_rsp_setup(void);
/* After a decoder returned rc: its parameters (rc 0) or its failure
 * message are touched, then the request arena is reset. */
void fuzz_rsp_decoded(int rc, const struct rsp_request *r,
    const struct rsp_fail *f, const struct rsp_config *c);

#endif
