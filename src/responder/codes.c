/* SPDX-License-Identifier: MIT */
/*
 * codes.c - the responder's error codes: one table, indexed by enum
 * rsp_code, of the code's stable name (the JSON "error.code"), its HTTP
 * status and its default message.  A code means the same thing on every
 * route, and a misspelt code is a compile error instead of a 500 at run
 * time.  The static assertion catches an enum value added without a row;
 * tests/responder/codes-t checks every row is filled.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "responder.h"

static const struct rsp_code_info codes[] = {
	[RSP_E_INTERNAL] = { "internal_error", 500, "internal server error" },
	[RSP_E_BAD_REQUEST] = { "bad_request", 400, "bad request" },
	[RSP_E_BAD_ENCODING] = { "bad_encoding", 400,
	    "malformed percent-encoding" },
	[RSP_E_INVALID_JSON] = { "invalid_json", 400,
	    "request body is not valid JSON" },
	[RSP_E_DUPLICATE_PARAMETER] = { "duplicate_parameter", 400,
	    "a parameter is given more than once" },
	[RSP_E_UNKNOWN_PARAMETER] = { "unknown_parameter", 400,
	    "unknown parameter" },
	[RSP_E_MISSING_PARAMETER] = { "missing_parameter", 400,
	    "a required parameter is missing" },
	[RSP_E_CONFLICTING_PARAMETERS] = { "conflicting_parameters", 400,
	    "parameters that exclude each other are both given" },
	[RSP_E_INVALID_CHANNEL] = { "invalid_channel", 400, "invalid channel" },
	[RSP_E_INVALID_UID] = { "invalid_uid", 400, "invalid uid" },
	[RSP_E_INVALID_ACCOUNT] = { "invalid_account", 400, "invalid account" },
	[RSP_E_INVALID_USER] = { "invalid_user", 400, "invalid user" },
	[RSP_E_INVALID_RTM_USER] = { "invalid_rtm_user", 400,
	    "invalid rtm_user" },
	[RSP_E_INVALID_ROLE] = { "invalid_role", 400, "invalid role" },
	[RSP_E_INVALID_EXPIRE] = { "invalid_expire", 400, "invalid expire" },
	[RSP_E_INVALID_FORMAT] = { "invalid_format", 400, "invalid format" },
	[RSP_E_INVALID_TYPE] = { "invalid_type", 400, "invalid type" },
	[RSP_E_INVALID_ROOM] = { "invalid_room", 400, "invalid room" },
	[RSP_E_INVALID_TOKEN] = { "invalid_token", 400, "not a token" },
	[RSP_E_INVALID_TOKEN_TYPE] = { "invalid_token_type", 400,
	    "invalid token type" },
	[RSP_E_UNSUPPORTED_TOKEN_TYPE] = { "unsupported_token_type", 400,
	    "unsupported token type" },
	[RSP_E_UNKNOWN_APP] = { "unknown_app", 400, "unknown app" },
	[RSP_E_UNAUTHORIZED] = { "unauthorized", 401,
	    "authentication required" },
	[RSP_E_IDENTITY_MISMATCH] = { "identity_mismatch", 403,
	    "the caller may not get a token for this identity" },
	[RSP_E_NOT_FOUND] = { "not_found", 404, "no such route" },
	[RSP_E_METHOD_NOT_ALLOWED] = { "method_not_allowed", 405,
	    "method not allowed" },
	[RSP_E_BODY_TOO_LARGE] = { "body_too_large", 413,
	    "request is too large" },
	[RSP_E_URI_TOO_LONG] = { "uri_too_long", 414,
	    "request URI is too long" },
	[RSP_E_UNSUPPORTED_MEDIA_TYPE] = { "unsupported_media_type", 415,
	    "unsupported media type" },
};
_Static_assert(sizeof codes / sizeof codes[0] == RSP_E_COUNT,
    "every enum rsp_code has its row in codes[]");

const struct rsp_code_info *rsp_code_info(enum rsp_code code)
{
	if ((unsigned)code >= RSP_E_COUNT)
		code = RSP_E_INTERNAL;
	return &codes[code];
}

int rsp_status_of(enum rsp_code code)
{
	return rsp_code_info(code)->status;
}

int rsp_fail(struct rsp_fail *f, enum rsp_code code, const char *fmt, ...)
{
	va_list ap;

	f->code = code;
	f->reason = NULL;
	if (fmt == NULL) {
		snprintf(f->message, sizeof f->message, "%s",
		    rsp_code_info(code)->message);
		return -1;
	}
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof f->message, fmt, ap);
	va_end(ap);
	return -1;
}
