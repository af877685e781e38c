/* SPDX-License-Identifier: MIT */
/*
 * err.c - the text of every error code: a message in the user's terms and a
 * stable identifier; and the text of every problem agt_token_check()
 * reports.  All are switches with a default, so any value, even one
 * outside the enum or the bits, gets a non-NULL answer.
 */
#include "config.h"

#include "internal.h"

const char *agt_strerror(enum agt_err err)
{
	switch (err) {
	case AGT_OK:
		return "success";
	case AGT_ENOMEM:
		return "out of memory";
	case AGT_EINVAL:
		return "invalid argument: a required value is missing or a parameter struct is too small";
	case AGT_ERANGE:
		return "output buffer too small for the token";
	case AGT_EAPPID:
		return "app id must be 32 hexadecimal characters";
	case AGT_ECERT:
		return "app certificate must be 32 hexadecimal characters";
	case AGT_ETOOLONG:
		return "a string is longer than 65535 bytes or a list has more than 65535 entries";
	case AGT_ENOSERVICE:
		return "a 007 token needs at least one service";
	case AGT_ERANDOM:
		return "the system random number source failed";
	case AGT_ECRYPTO:
		return "the cryptographic or compression backend failed";
	case AGT_EVERSION:
		return "token does not start with a known version (006 or 007)";
	case AGT_EBASE64:
		return "token body is not valid standard base64";
	case AGT_EINFLATE:
		return "token body is not a complete zlib stream";
	case AGT_ETOOBIG:
		return "token is larger than the parser accepts";
	case AGT_ETRUNCATED:
		return "token content ends in the middle of a field";
	case AGT_ECOUNT:
		return "token declares more entries than its remaining bytes can hold";
	case AGT_ETRAILING:
		return "token has unexpected bytes after its last field";
	case AGT_ESIGLEN:
		return "token signature is not 32 bytes long";
	case AGT_ESIGNATURE:
		return "token signature does not match the app certificate";
	case AGT_EMISMATCH:
		return "channel or uid differs from the one the token was built for";
	default:
		return "unknown error";
	}
}

const char *agt_errname(enum agt_err err)
{
	switch (err) {
	case AGT_OK:
		return "ok";
	case AGT_ENOMEM:
		return "out_of_memory";
	case AGT_EINVAL:
		return "invalid_argument";
	case AGT_ERANGE:
		return "buffer_too_small";
	case AGT_EAPPID:
		return "invalid_app_id";
	case AGT_ECERT:
		return "invalid_certificate";
	case AGT_ETOOLONG:
		return "too_long";
	case AGT_ENOSERVICE:
		return "no_service";
	case AGT_ERANDOM:
		return "random_failed";
	case AGT_ECRYPTO:
		return "crypto_failed";
	case AGT_EVERSION:
		return "bad_version";
	case AGT_EBASE64:
		return "bad_base64";
	case AGT_EINFLATE:
		return "bad_zlib";
	case AGT_ETOOBIG:
		return "too_big";
	case AGT_ETRUNCATED:
		return "truncated";
	case AGT_ECOUNT:
		return "bad_count";
	case AGT_ETRAILING:
		return "trailing_bytes";
	case AGT_ESIGLEN:
		return "bad_signature_length";
	case AGT_ESIGNATURE:
		return "bad_signature";
	case AGT_EMISMATCH:
		return "mismatch";
	default:
		return "unknown";
	}
}

const char *agt_problem_text(unsigned bit)
{
	switch (bit) {
	case AGT_PROB_EXPIRED:
		return "the token has expired";
	case AGT_PROB_PRIV_EXPIRED:
		return "a privilege has expired";
	case AGT_PROB_BAD_SIGNATURE:
		return "the signature does not match: the token was built with "
		    "another app certificate, or it was altered";
	case AGT_PROB_NOT_YET_VALID:
		return "the token is not valid yet";
	case AGT_PROB_NO_JOIN:
		return "no join privilege: the RTC service lacks join_channel, "
		    "so joining the channel fails";
	case AGT_PROB_UNKNOWN_SERVICE:
		return "the token holds a service type the library does not know";
	case AGT_PROB_CHANNEL_MISMATCH:
		return "the token was built for another channel";
	case AGT_PROB_UID_MISMATCH:
		return "the token was built for another uid or account";
	case AGT_PROB_NO_SERVICE:
		return "the token grants no service or privilege";
	case AGT_PROB_UNCHECKED:
		return "the token could not be checked";
	case AGT_PROB_SIGNATURE_UNCHECKED:
		return "signature not checked";
	default:
		return "unknown problem";
	}
}
