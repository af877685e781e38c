/* SPDX-License-Identifier: MIT */
/*
 * token.h - the layout of the opaque struct agt_token, shared by the parser
 * that fills it and the verifier that reads it.
 */
#ifndef AGT_TOKEN_H
#define AGT_TOKEN_H

#include "internal.h"

struct agt_token {
	int version;                 /* 6 or 7 */
	uint8_t *content;            /* decoded (006) or inflated (007) bytes */
	size_t contentlen;
	void *arrays;                /* one block: services, perms, strings, privs */
	char app_id006[AGT_APP_ID_CHARS];
	struct agt_str app_id;       /* into app_id006 (006) or content (007) */
	uint32_t salt, ts, expire, crc_channel, crc_uid;
	const uint8_t *m;            /* 006: the signed message */
	size_t mlen;
	const uint8_t *signing_info; /* 007: the signed bytes */
	size_t silen;
	unsigned char signature[AGT_SIGNATURE_BYTES];
	struct agt_priv *privs;      /* 006 */
	size_t nprivs;
	struct agt_service *services; /* 007 */
	size_t nservices;
	size_t declared;
	int unknown;
	uint16_t unknown_type;
};

#endif /* AGT_TOKEN_H */
