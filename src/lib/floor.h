/* SPDX-License-Identifier: MIT */
/*
 * floor.h - the work a token cannot do without, for `agora-token bench`:
 * its HMACs (006: one, keyed by the certificate; 007: the key chain and
 * the signature) and, for 007, the deflate of its content, on the very
 * bytes of a given token, with no packing, base64, salt or clock.  A
 * token's time over this floor is what the library adds around the
 * cryptography and the compression.  Not installed: the programs of this
 * tree link the library's objects and may use it; other programs cannot.
 */
#ifndef AGT_FLOOR_H
#define AGT_FLOOR_H

#include <stddef.h>
#include <stdint.h>

#include "agoratoken.h"

struct agt_floor {
	int version;
	uint8_t *content;       /* 006: the signed message; 007: the content */
	size_t len;
	size_t si_off;          /* 007: where the signing info starts */
	uint8_t *z;             /* 007: the compressor's output */
	size_t zcap, zlen;
	uint32_t salt, ts;
	char app_id[AGT_APP_ID_CHARS];
	char cert[AGT_APP_ID_CHARS];
	size_t certlen;
	struct agt_str channel, uid;  /* 006: the caller's, kept as given */
	unsigned char sig[AGT_SIGNATURE_BYTES];
	/* What the token holds, to hold the floor's work to. */
	unsigned char token_sig[AGT_SIGNATURE_BYTES];
	uint8_t *token_z;       /* 007: the token's compressed bytes */
	size_t token_zlen;
};

/* Prepares f from a token (006 or 007), its certificate and, for 006, the
 * channel and uid it signs (they must outlive f).  The certificate is
 * copied and wiped by agt_floor_free(). */
enum agt_err agt_floor_init(struct agt_floor *f, const char *token,
    size_t len, struct agt_str cert, struct agt_str channel,
    struct agt_str uid);
/* Does the floor's work once: f->sig then holds the token's signature and,
 * for 007, f->z[0..zlen) the token's compressed bytes. */
enum agt_err agt_floor_run(struct agt_floor *f);
/* 1 when the last agt_floor_run() made the token's own signature and (007)
 * compressed bytes, that is when the floor did the token's work. */
int agt_floor_matches(const struct agt_floor *f);
void agt_floor_free(struct agt_floor *f);

#endif /* AGT_FLOOR_H */
