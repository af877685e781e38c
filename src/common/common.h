/* SPDX-License-Identifier: MIT */
/*
 * common.h - what the two programs, agora-token and agora-token.fcgi,
 * share, so that each rule is written once: one JSON writer (json.c), one
 * UTF-8 check (utf8.c), one set of hex helpers (hex.c), decimal digits
 * (here), one ISO-8601 time format (iso8601.c), one description of a
 * parsed token (describe.c) and the words for its problems (problems.c).
 * A convenience library of the build, never installed.  It sits on
 * libagoratoken's public header as the programs do; the library knows
 * nothing of it (no JSON there).
 */
#ifndef AGT_COMMON_H
#define AGT_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "agoratoken.h"

/* ---- utf8.c ---- */

/* Length of the well-formed UTF-8 sequence at p (n > 0 bytes left), or 0
 * when there is none: no overlongs, surrogates or values past U+10FFFF. */
size_t utf8_seq(const unsigned char *p, size_t n);
/* 1 when p[0..n) is well-formed UTF-8 (NUL included, as U+0000). */
int utf8_valid(const char *p, size_t n);

/* ---- hex.c ---- */

/* The value of one hex digit (either case), or -1. */
int hex_digit(int c);
/* Lower-case hex of p[0..n) into out[0..2n); no NUL is added. */
void hex_encode(char *out, const void *p, size_t n);
/* Decodes the 2n hex digits at s into out[0..n); -1 (out partly
 * written) when one is not a hex digit. */
int hex_decode(unsigned char *out, const char *s, size_t n);

/* ---- decimal digits without printf, for output written on every
 * request (JSON numbers, the Status and Content-Length headers) ---- */

/* Writes the decimal digits of v backwards so that they end just before
 * end, and returns where they start; needs room for 20 digits. */
static inline char *decimal_digits(char *end, uint64_t v)
{
	do {
		*--end = (char)('0' + v % 10U);
		v /= 10U;
	} while (v != 0);
	return end;
}

/* ---- iso8601.c ---- */

/* t as ISO 8601 UTC ("2021-02-23T03:05:14Z") in buf, which is returned;
 * a time gmtime cannot represent is written in decimal. */
const char *iso8601_utc(uint64_t t, char buf[32]);

/* ---- json.c: the JSON writer ----
 *
 * Writes one JSON document member by member into a buffer: the caller's
 * (the responder's body buffer, a stack buffer) until it is full, then
 * a heap buffer twice the size (the caller's bytes are copied and wiped).  Out of memory sets oom and drops further writes;
 * the caller checks oom at the end.  Every function taking a key writes a
 * member when key is non-NULL, an array element (or the top-level value)
 * when it is NULL; jw_time needs a key for its "_iso" twin, and jw_bytes
 * writes "_hex" only after a key.
 *
 * Two forms, chosen by flags at jw_init:
 *   0: compact and byte for byte what cJSON_PrintUnformatted prints for
 *      the same members (the responder's answers): no white space;
 *      strings escape '"', '\\' and the control characters (the ones
 *      without a short form as \u00xx) and carry every other byte as is;
 *      jw_bytes writes a string only for UTF-8 without NUL, otherwise
 *      null plus "<key>_hex".
 *   JW_PRETTY | JW_TEXT_SAFE: the CLI's form.  JW_PRETTY puts each member
 *      on its own line, indented by two spaces per level, "key": value;
 *      JW_TEXT_SAFE keeps the text valid UTF-8 and printable: DEL and the
 *      control characters other than \n \r \t become \u00xx and a byte
 *      that is not UTF-8 becomes \ufffd, so jw_bytes always writes the
 *      string and adds "<key>_hex" when the bytes were not UTF-8.
 */
#define JW_PRETTY 1U
#define JW_TEXT_SAFE 2U

struct jw {
	char *buf;      /* the document so far */
	size_t len, cap;
	unsigned flags;
	int heap;       /* buf is malloc'd (it outgrew the caller's buffer) */
	int oom;        /* a write failed for memory: the document is cut */
	int comma;      /* a member precedes: the next one needs a ',' */
	int depth;      /* objects and arrays open */
};
/* buf may be NULL with cap 0: the first write then allocates. */
void jw_init(struct jw *w, char *buf, size_t cap, unsigned flags);
/* Wipes the document and frees a heap buffer (never the caller's). */
void jw_release(struct jw *w);
void jw_obj_begin(struct jw *w, const char *key);
void jw_obj_end(struct jw *w);
void jw_arr_begin(struct jw *w, const char *key);
void jw_arr_end(struct jw *w);
/* A string of n bytes at s (NULL is ""). */
void jw_str(struct jw *w, const char *key, const char *s, size_t n);
/* A NUL-terminated string (NULL is ""). */
void jw_cstr(struct jw *w, const char *key, const char *s);
void jw_int(struct jw *w, const char *key, long long v);
void jw_uint(struct jw *w, const char *key, uint64_t v);
void jw_bool(struct jw *w, const char *key, int v);
void jw_null(struct jw *w, const char *key);
/* Bytes of any value; see the two forms above. */
void jw_bytes(struct jw *w, const char *key, struct agt_str s);
/* The bytes of s in lower-case hex, as a string. */
void jw_hex(struct jw *w, const char *key, struct agt_str s);
/* "key": t, "key_iso": t in ISO 8601 UTC. */
void jw_time(struct jw *w, const char *key, uint64_t t);
/* The newline that ends a document. */
void jw_newline(struct jw *w);

/* ---- describe.c: a parsed token's fields ----
 *
 * One description of a token for agora-token decode and /v1/inspect; each
 * program adds its own members around it (decode: the signature in hex;
 * inspect: the app, the signature verdict and the problems).  Times are
 * unix seconds with an "_iso" twin (jw_time).  It is written into an open
 * object in two parts, so that a program can put members between them:
 *   desc_head: "version" ("006" or "007") and "app_id";
 *   desc_body: "salt", then
 *     007: "issued_at", "expire" (seconds), "expires_at", "services" and,
 *       when parsing stopped at a service type the library does not know,
 *       "unknown_service_type" and "declared_services";
 *     006: "issued_at" (null: the format does not hold it), "expires_at",
 *       "crc_channel", "crc_uid" and "privileges".
 *   A service: "type", "name", its own fields by type ("channel", "uid",
 *   "account", "user_id", "room_uuid", "user_uuid", "role"), RTM2
 *   "permissions" ("resource_type" and "permission_type" with their
 *   "_name"s, "resources": [{"resource"}]), and "privileges".
 *   A privilege: "id", "name", for 007 "expire" (seconds after issue, 0:
 *   none of its own), and "expires_at", null when it has no expiry of its
 *   own (the token's applies).
 * Strings follow jw_bytes.
 */
void desc_head(struct jw *w, const struct agt_token_view *v);
void desc_body(struct jw *w, const struct agt_token_view *v);
/* When the token ends: 007 issue time plus lifetime, 006 its ts. */
uint64_t desc_expires_at(const struct agt_token_view *v);
/* When privilege p of v ends (007: after the issue time), or 0 when it
 * has no expiry of its own. */
uint64_t desc_privilege_expires_at(const struct agt_token_view *v,
    const struct agt_priv *p);

/* ---- problems.c: the words for agt_token_check()'s bits ---- */

/* The line for one problem bit of v judged at now, in buf (returned):
 * agt_problem_text(bit), then what the token tells about it: when it
 * expired (AGT_PROB_EXPIRED), when it was issued (AGT_PROB_NOT_YET_VALID),
 * the unknown service type (AGT_PROB_UNKNOWN_SERVICE); a bit without a
 * text of the library's is followed by its value.  Other bits get the
 * text alone; what only the caller knows it adds itself. */
const char *problem_line(char *buf, size_t cap, unsigned bit,
    const struct agt_token_view *v, uint32_t now);
/* Calls fn(arg, line) for each bit of bits, lowest first, with its
 * problem_line; for AGT_PROB_PRIV_EXPIRED, one line for each privilege
 * whose own expiry has passed, naming it, its service and the time. */
void problem_lines(unsigned bits, const struct agt_token_view *v,
    uint32_t now, void (*fn)(void *arg, const char *line), void *arg);

#endif /* AGT_COMMON_H */
