/* SPDX-License-Identifier: MIT */
/*
 * version-t - defends the version's one source: AC_INIT in configure.ac
 * (PACKAGE_VERSION in config.h).  The public header's AGT_VERSION_STRING
 * (agoratoken_version.h, written by configure) and the linked library's
 * agt_version() must both say that version, so a release cannot ship a
 * header or library that names another.  tests/cli/version.sh checks the
 * programs' --version and the man pages the same way.
 */
#include "config.h"

#include "agoratoken.h"
#include "tap/tap.h"

int main(void)
{
	plan(3);
	is_str(PACKAGE_VERSION, AGT_VERSION_STRING,
	    "AGT_VERSION_STRING is configure's PACKAGE_VERSION");
	is_str(PACKAGE_VERSION, agt_version(),
	    "agt_version() is configure's PACKAGE_VERSION");
	ok(PACKAGE_VERSION[0] >= '0' && PACKAGE_VERSION[0] <= '9',
	    "the version starts with a digit (%s)", PACKAGE_VERSION);
	return 0;
}
