/* SPDX-License-Identifier: MIT */
/*
 * fuzz.h - what the fuzz targets share.  Each target is one file that
 * defines LLVMFuzzerTestOneInput() and reads its input from memory only; it
 * links either libFuzzer (configure --enable-fuzzing) or replay.c, the
 * small driver `make check` uses to run every corpus file through it once.
 * A target must not leak, keep state between inputs, or print.
 */
#ifndef AGT_FUZZ_H
#define AGT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* The certificate (the reference's public sample) the targets verify with. */
#define FUZZ_APP_ID "970CA35de60c44645bbae8a215061b33"
#define FUZZ_CERT "5CFd2fd1755d40ecb72977518be15d3b"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* token-common.c: parses text as a token and, when it parses, reads every
 * field of its view, verifies it and runs every check. */
void fuzz_token(const char *text, size_t len);

/* Folds bytes into a sink the compiler cannot drop, so that every byte a
 * view points to is really read (and ASan sees a bad pointer). */
void fuzz_touch(const void *p, size_t n);

#endif
