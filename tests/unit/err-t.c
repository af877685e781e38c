/* SPDX-License-Identifier: MIT */
/*
 * err-t - defends the error codes and their texts.  The numbers of enum
 * agt_err are ABI: a program built against an older header compares
 * against them, so each code keeps its number, and 19 (unassigned) stays
 * unknown.  The texts are total: every code and any out-of-range int has a
 * non-empty message and identifier (a NULL here would crash a caller's
 * printf), the identifiers of real codes are distinct, and only codes that
 * do not exist fall back to "unknown".
 * The same for the problem texts (agt_problem_text), which the CLI and
 * /v1/inspect both print: every AGT_PROB_* bit has its own text, anything
 * else gets "unknown problem".
 */
#include "config.h"

#include <string.h>

#include "agoratoken.h"
#include "tap/tap.h"

static const struct {
	enum agt_err code;
	int number;
	const char *name;
} codes[] = {
	{ AGT_OK, 0, "AGT_OK" },
	{ AGT_ENOMEM, 1, "AGT_ENOMEM" },
	{ AGT_EINVAL, 2, "AGT_EINVAL" },
	{ AGT_ERANGE, 3, "AGT_ERANGE" },
	{ AGT_EAPPID, 4, "AGT_EAPPID" },
	{ AGT_ECERT, 5, "AGT_ECERT" },
	{ AGT_ETOOLONG, 6, "AGT_ETOOLONG" },
	{ AGT_ENOSERVICE, 7, "AGT_ENOSERVICE" },
	{ AGT_ERANDOM, 8, "AGT_ERANDOM" },
	{ AGT_ECRYPTO, 9, "AGT_ECRYPTO" },
	{ AGT_EVERSION, 10, "AGT_EVERSION" },
	{ AGT_EBASE64, 11, "AGT_EBASE64" },
	{ AGT_EINFLATE, 12, "AGT_EINFLATE" },
	{ AGT_ETOOBIG, 13, "AGT_ETOOBIG" },
	{ AGT_ETRUNCATED, 14, "AGT_ETRUNCATED" },
	{ AGT_ECOUNT, 15, "AGT_ECOUNT" },
	{ AGT_ETRAILING, 16, "AGT_ETRAILING" },
	{ AGT_ESIGLEN, 17, "AGT_ESIGLEN" },
	{ AGT_ESIGNATURE, 18, "AGT_ESIGNATURE" },
	{ AGT_EMISMATCH, 20, "AGT_EMISMATCH" },
};
#define NCODES (sizeof codes / sizeof codes[0])

#define LAST_PROB AGT_PROB_SIGNATURE_UNCHECKED

static void problems(void)
{
	static const unsigned odd[] = { 0, AGT_PROB_EXPIRED | AGT_PROB_NO_JOIN,
	    LAST_PROB << 1, 1U << 31, ~0U };
	unsigned bit, other;
	int dup = 0;
	size_t i;

	for (bit = 1; bit != 0 && bit <= LAST_PROB; bit <<= 1) {
		const char *t = agt_problem_text(bit);

		ok(t != NULL && *t != '\0' && strcmp(t, "unknown problem") != 0,
		    "problem bit 0x%x has a text (%s)", bit, t ? t : "NULL");
		for (other = 1; other < bit; other <<= 1)
			if (strcmp(t, agt_problem_text(other)) == 0)
				dup++;
	}
	is_int(0, dup, "problem texts are distinct");
	is_str("the token has expired", agt_problem_text(AGT_PROB_EXPIRED),
	    "AGT_PROB_EXPIRED text");
	for (i = 0; i < sizeof odd / sizeof odd[0]; i++)
		is_str("unknown problem", agt_problem_text(odd[i]),
		    "not one known bit: 0x%x", odd[i]);
}

int main(void)
{
	size_t i, j;
	int dup = 0;
	static const int odd[] = { -1, 19, 21, 1000, -2147483647 - 1, 2147483647 };

	plan_lazy();
	for (i = 0; i < NCODES; i++) {
		const char *m = agt_strerror(codes[i].code);
		const char *n = agt_errname(codes[i].code);

		is_int(codes[i].number, (long long)codes[i].code, "%s is %d",
		    codes[i].name, codes[i].number);
		ok(m != NULL && *m != '\0' && strcmp(m, "unknown error") != 0,
		    "%s has a message (%s)", codes[i].name, m ? m : "NULL");
		ok(n != NULL && *n != '\0' && strcmp(n, "unknown") != 0,
		    "%s has a name (%s)", codes[i].name, n ? n : "NULL");
		for (j = 0; j < i; j++)
			if (strcmp(n, agt_errname(codes[j].code)) == 0)
				dup++;
	}
	is_int(0, dup, "names are distinct");
	is_str("ok", agt_errname(AGT_OK), "AGT_OK is \"ok\"");
	is_str("truncated", agt_errname(AGT_ETRUNCATED), "AGT_ETRUNCATED name");
	is_str("bad_signature", agt_errname(AGT_ESIGNATURE), "AGT_ESIGNATURE name");
	for (i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		is_str("unknown error", agt_strerror((enum agt_err)odd[i]),
		    "code %d that does not exist: message", odd[i]);
		is_str("unknown", agt_errname((enum agt_err)odd[i]),
		    "code %d that does not exist: name", odd[i]);
	}
	problems();
	return 0;
}
