/* SPDX-License-Identifier: MIT */
/*
 * rsp-common.h - fixtures of the responder fuzz targets: a configuration
 * held in memory (no file, no environment), the memory a request owns
 * with a log sink that drops lines, and a walk over decoded parameters
 * that runs every input rule on each.
 */
#ifndef AGT_FUZZ_RSP_COMMON_H
#define AGT_FUZZ_RSP_COMMON_H

#include "responder/responder.h"

/* A valid configuration: two apps, CORS for one origin, the given auth
 * mode (api_key: the key "fuzz-key"), bind_identity with remote_user. */
void fuzz_rsp_config(struct rsp_config *c, enum rsp_auth_mode auth);
/* The memory every request of a target borrows (made on first call);
 * its log lines are dropped. */
struct rsp_ctx *fuzz_rsp_ctx(void);
/* Touches every decoded parameter and validates it against every field. */
void fuzz_rsp_params(struct rsp_request *r, const struct rsp_config *c);
/* The targets' usual setup, done on first call: a configuration with
 * auth none, which is returned. */
const struct rsp_config *fuzz_rsp_setup(void);
/* After a decoder returned rc: its parameters (rc 0) or its failure
 * message are touched, then the request arena is reset. */
void fuzz_rsp_decoded(int rc, struct rsp_request *r,
    const struct rsp_fail *f, const struct rsp_config *c);

#endif
