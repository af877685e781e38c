/* SPDX-License-Identifier: MIT */
/*
 * testutil.h - fixtures shared by the unit tests: the app id, certificate
 * and channel the reference's own test suites use (so their published
 * tokens apply), and a (pointer, length) literal macro.
 */
#ifndef AGT_TESTUTIL_H
#define AGT_TESTUTIL_H

#include <string.h>

#include "agoratoken.h"

/* A struct agt_str from a string literal (embedded NULs kept). */
#define S(lit) ((struct agt_str){ (lit), sizeof(lit) - 1 })
#define CSTR(s) ((struct agt_str){ (s), strlen(s) })

/* From the reference's test files (python3/test, nodejs/test). */
#define T_APP_ID "970CA35de60c44645bbae8a215061b33"
#define T_CERT "5CFd2fd1755d40ecb72977518be15d3b"
#define T_CHANNEL "7d72365eb983485397e3e3f9d460bdda"
#define T_UID 2882341273U
#define T_UID_STR "2882341273"
#define T_SALT 1U
#define T_TS 1111111U
#define T_EXPIRE 600U
#define T_EXPIRE_TS 1446455471U

#define T_PIN ((struct agt_pin){ AGT_PIN_SALT | AGT_PIN_TS, T_SALT, T_TS })

/* 1 when both 007 tokens parse and carry the same signature, i.e. the same
 * signed content (the HMAC covers all of it), whatever deflate encoder
 * produced them. */
static inline int same_signed_content(const char *a, const char *b)
{
	struct agt_token *ta = NULL, *tb = NULL;
	struct agt_token_view va, vb;
	int same = 0;

	agt_token_view_init(&va);
	agt_token_view_init(&vb);
	if (agt_token_parse(a, strlen(a), &ta) == AGT_OK &&
	    agt_token_parse(b, strlen(b), &tb) == AGT_OK &&
	    agt_token_get_view(ta, &va) == AGT_OK &&
	    agt_token_get_view(tb, &vb) == AGT_OK)
		same = memcmp(va.signature, vb.signature, AGT_SIGNATURE_BYTES) == 0;
	agt_token_free(ta);
	agt_token_free(tb);
	return same;
}

#endif
