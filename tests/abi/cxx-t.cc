// SPDX-License-Identifier: MIT
// cxx-t - defends C++ use of the public header: agoratoken.h must compile
// as C++ (extern "C", no C-only constructs in declarations) and its
// functions must link and work from a C++ program.
#include <cstdio>
#include <cstring>

#include "agoratoken.h"

static int n;

static void ok(bool cond, const char *what)
{
	std::printf("%sok %d - %s\n", cond ? "" : "not ", ++n, what);
}

int main()
{
	static const char published[] =
	    "007eJxTYBBbsMMnKq7p9Hf/HcIX5kce9b518kCiQgSr5Zrp4X1Tu6UUGCzNDZwdjU1TUs0Mkk1MzExMk5ISUy0SjQxNDcwMk4yN3b8IMEQwMTAwMoAwBIL4CgzmKeZGxmamqUmWFsYmFqbGluapxqnGaZYpJmYGSSkpiVwMRhYWRsYmhkbmxgDCaiTj";
	agt_rtc_params p;
	char out[AGT_TOKEN_MAX];
	size_t len = 0;
	agt_token *tok = nullptr;

	std::printf("1..5\n");
	ok(std::strcmp(agt_version(), AGT_VERSION_STRING) == 0, "agt_version from C++");
	agt_rtc_params_init(&p);
	p.app_id.p = "970CA35de60c44645bbae8a215061b33";
	p.app_id.n = 32;
	p.app_certificate.p = "5CFd2fd1755d40ecb72977518be15d3b";
	p.app_certificate.n = 32;
	p.channel.p = "7d72365eb983485397e3e3f9d460bdda";
	p.channel.n = 32;
	p.uid = 2882341273U;
	p.role = AGT_ROLE_SUBSCRIBER;
	p.token_expire = 600;
	p.privilege_expire = 600;
	p.pin.flags = AGT_PIN_SALT | AGT_PIN_TS;
	p.pin.salt = 1;
	p.pin.ts = 1111111;
	ok(agt_rtc_build(&p, out, sizeof out, &len) == AGT_OK, "build from C++");
	ok(std::strcmp(out, published) == 0, "published token from C++");
	ok(agt_token_parse(out, len, &tok) == AGT_OK, "parse from C++");
	agt_str cert = { p.app_certificate.p, p.app_certificate.n }, none = { "", 0 };
	ok(tok != nullptr && agt_token_verify(tok, cert, none, none) == AGT_OK,
	    "verify from C++");
	agt_token_free(tok);
	agt_thread_cleanup();
	return 0;
}
