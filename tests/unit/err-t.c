/* SPDX-License-Identifier: MIT */
/*
 * err-t - defends the error texts' totality: every enum agt_err value and
 * any out-of-range int has a non-empty message and identifier (a NULL here
 * would crash a caller's printf), the identifiers of real codes are
 * distinct, and only out-of-range codes fall back to "unknown".
 */
#include "config.h"

#include <string.h>

#include "agoratoken.h"
#include "tap/tap.h"

#define LAST AGT_EMISMATCH

int main(void)
{
	int i, j, dup = 0;
	static const int odd[] = { -1, LAST + 1, 1000, -2147483647 - 1, 2147483647 };

	plan_lazy();
	for (i = AGT_OK; i <= LAST; i++) {
		const char *m = agt_strerror((enum agt_err)i);
		const char *n = agt_errname((enum agt_err)i);

		ok(m != NULL && *m != '\0' && strcmp(m, "unknown error") != 0,
		    "code %d has a message (%s)", i, m ? m : "NULL");
		ok(n != NULL && *n != '\0' && strcmp(n, "unknown") != 0,
		    "code %d has a name (%s)", i, n ? n : "NULL");
		for (j = AGT_OK; j < i; j++)
			if (strcmp(n, agt_errname((enum agt_err)j)) == 0)
				dup++;
	}
	is_int(0, dup, "names are distinct");
	is_str("ok", agt_errname(AGT_OK), "AGT_OK is \"ok\"");
	is_str("truncated", agt_errname(AGT_ETRUNCATED), "AGT_ETRUNCATED name");
	is_str("bad_signature", agt_errname(AGT_ESIGNATURE), "AGT_ESIGNATURE name");
	for (i = 0; i < (int)(sizeof odd / sizeof odd[0]); i++) {
		is_str("unknown error", agt_strerror((enum agt_err)odd[i]),
		    "out-of-range %d message", odd[i]);
		is_str("unknown", agt_errname((enum agt_err)odd[i]),
		    "out-of-range %d name", odd[i]);
	}
	return 0;
}
