/* SPDX-License-Identifier: MIT */
/*
 * agoratoken.h - the public API of libagoratoken.
 *
 * Builds, parses and verifies Agora access tokens in the "006" (AccessToken)
 * and "007" (AccessToken2) formats, byte for byte as the official reference
 * implementations do.  The library knows nothing of HTTP, JSON or
 * configuration files; it never prints, aborts or exits.
 *
 * Conventions, true of every function below unless its comment says more:
 *   - Fallible calls return enum agt_err; AGT_OK (0) is success.
 *   - Strings are (pointer, length) pairs, struct agt_str, so that any byte
 *     (including NUL) can be encoded, as the reference encodes any UTF-8.
 *     A NULL pointer with length 0 is the empty string.
 *   - Output buffers belong to the caller.  A builder writes the token text
 *     plus a terminating NUL into out[0..outcap); on AGT_ERANGE nothing
 *     usable is written and *outlen holds the size needed (without the NUL),
 *     so calling once with out = NULL, outcap = 0 asks for the size, and a
 *     buffer of *outlen + 1 bytes then holds the token.  The size is exact
 *     for 006 tokens (their length depends only on the inputs) and for 007
 *     tokens with both AGT_PIN_SALT and AGT_PIN_TS.  A 007 token without
 *     them draws a new salt and time on every call, which changes its
 *     compressed length, so *outlen is then "at least this much": a bound
 *     on the compressed size, the same on every call with the same inputs,
 *     that every build of them fits in.  A smaller buffer that holds the
 *     token built is still accepted.
 *   - Parameter structs carry their own size: initialise them with the
 *     matching _init() function, which zeroes them and sets .size.
 *   - Secrets (certificates, derived keys) are wiped before return.
 *   - The library is thread-safe; each thread keeps its own reusable
 *     deflate/inflate streams and keyed HMAC state (so that a token costs
 *     no allocation), wiped and released at thread exit or by
 *     agt_thread_cleanup().
 */
#ifndef AGORATOKEN_H
#define AGORATOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "agoratoken_version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define AGT_EXPORT __attribute__((visibility("default")))
#define AGT_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define AGT_EXPORT
#define AGT_WARN_UNUSED
#endif
/* The library itself is built with AGT_BUILDING_LIBRARY so that its own
 * NULL checks are kept (nonnull would let the compiler drop them). */
#if (defined(__GNUC__) || defined(__clang__)) && !defined(AGT_BUILDING_LIBRARY)
#define AGT_NONNULL(...) __attribute__((nonnull(__VA_ARGS__)))
#else
#define AGT_NONNULL(...)
#endif

/* Fixed sizes of the formats. */
#define AGT_SIGNATURE_BYTES 32U  /* HMAC-SHA256 */
#define AGT_APP_ID_CHARS 32U     /* app id and certificate: 32 hex chars */
#define AGT_STRING_MAX 65535U    /* a packed string's uint16 length */
#define AGT_COUNT_MAX 65535U     /* a packed map or list's uint16 count */
#define AGT_SALT_MIN 1U          /* random salts are uniform in MIN..MAX */
#define AGT_SALT_MAX 99999999U
/* Largest token text agt_token_parse() accepts, and the largest content a
 * 007 token may inflate to; both far above any real token (< 2 KiB). */
#define AGT_PARSE_TEXT_MAX (256U * 1024U)
#define AGT_PARSE_INFLATED_MAX (256U * 1024U)
/* A buffer this size holds any token whose variable strings total at most
 * 1024 bytes with no more than 16 privileges per service, i.e. every token
 * the HTTP layer's documented limits allow.  Larger inputs: ask for the size. */
#define AGT_TOKEN_MAX 4096U

AGT_EXPORT size_t agt_signature_bytes(void);
/* The loaded library's version; AGT_VERSION_STRING is the headers'. */
AGT_EXPORT const char *agt_version(void);

/* Error codes.  The numbers are part of the ABI and never change; 19 is
 * unassigned (expiry is not an error: agt_token_check() reports it as
 * AGT_PROB_EXPIRED or AGT_PROB_PRIV_EXPIRED). */
enum agt_err {
	AGT_OK = 0,
	AGT_ENOMEM = 1,       /* out of memory */
	AGT_EINVAL = 2,       /* a required argument is NULL or a param struct is too small */
	AGT_ERANGE = 3,       /* output buffer too small; *outlen says how much is needed */
	AGT_EAPPID = 4,       /* app id is not 32 hex characters (006: not 32 bytes) */
	AGT_ECERT = 5,        /* app certificate is not 32 hex characters */
	AGT_ETOOLONG = 6,     /* a string is longer than 65535 bytes or a list longer than 65535 */
	AGT_ENOSERVICE = 7,   /* a 007 token needs at least one service */
	AGT_ERANDOM = 8,      /* the kernel random source failed */
	AGT_ECRYPTO = 9,      /* the crypto or compression backend failed */
	AGT_EVERSION = 10,    /* token does not start with "006" or "007" */
	AGT_EBASE64 = 11,     /* token body is not canonical standard base64 */
	AGT_EINFLATE = 12,    /* 007 body is not a complete zlib stream */
	AGT_ETOOBIG = 13,     /* token text or its inflated content exceeds the parse limits */
	AGT_ETRUNCATED = 14,  /* token content ends inside a field */
	AGT_ECOUNT = 15,      /* a declared count needs more bytes than remain */
	AGT_ETRAILING = 16,   /* bytes remain after the last field */
	AGT_ESIGLEN = 17,     /* the embedded signature is not 32 bytes */
	AGT_ESIGNATURE = 18,  /* the signature does not match */
	AGT_EMISMATCH = 20    /* 006: channel or uid differs from the one the token was built for */
};

/* A description of err in the user's terms; never NULL, total over all ints. */
AGT_EXPORT const char *agt_strerror(enum agt_err err);
/* A stable lower-case identifier for err ("truncated", "bad_signature"...). */
AGT_EXPORT const char *agt_errname(enum agt_err err);

struct agt_str {
	const char *p;
	size_t n;
};

/* Service types of 007 tokens. */
enum agt_service_type {
	AGT_SERVICE_RTC = 1,
	AGT_SERVICE_RTM = 2,
	AGT_SERVICE_STREAMING = 3,
	AGT_SERVICE_FPA = 4,
	AGT_SERVICE_CHAT = 5,
	AGT_SERVICE_FCDN = 6,
	AGT_SERVICE_APAAS = 7,
	AGT_SERVICE_RTM2 = 8,
	AGT_SERVICE_CONVOAI = 9,
	AGT_SERVICE_STT = 10
};

/* Privilege ids.  006 uses 1..4 and 1000; 007 numbers them per service. */
enum agt_privilege {
	AGT_PRIV_JOIN_CHANNEL = 1,        /* 006 and 007 RTC */
	AGT_PRIV_PUBLISH_AUDIO = 2,
	AGT_PRIV_PUBLISH_VIDEO = 3,
	AGT_PRIV_PUBLISH_DATA = 4,
	AGT_PRIV_RTM_LOGIN_006 = 1000,    /* 006 RTM login */
	AGT_PRIV_RTM_LOGIN = 1,           /* 007 RTM, RTM2, FPA login */
	AGT_PRIV_STREAMING_PUBLISH_MIX = 1,
	AGT_PRIV_STREAMING_PUBLISH_RAW = 2,
	AGT_PRIV_CHAT_USER = 1,
	AGT_PRIV_CHAT_APP = 2,
	AGT_PRIV_FCDN_PUBLISH = 1,
	AGT_PRIV_FCDN_PLAY = 2,
	AGT_PRIV_APAAS_ROOM_USER = 1,
	AGT_PRIV_APAAS_USER = 2,
	AGT_PRIV_APAAS_APP = 3
};

/* RtcTokenBuilder roles.  Publisher, attendee and admin get the three publish
 * privileges in 006; in 007 only publisher does. */
enum agt_role {
	AGT_ROLE_ATTENDEE = 0,
	AGT_ROLE_PUBLISHER = 1,
	AGT_ROLE_SUBSCRIBER = 2,
	AGT_ROLE_ADMIN = 101
};

/* RTM2 resource and permission types (ServiceRtm2.Permissions). */
enum agt_rtm2_resource {
	AGT_RTM2_MESSAGE_CHANNELS = 0,
	AGT_RTM2_STREAM_CHANNELS = 1,
	AGT_RTM2_GROUP_CHANNELS = 2,
	AGT_RTM2_SERVER_GROUPS = 3,
	AGT_RTM2_USERS = 4
};
enum agt_rtm2_permission { AGT_RTM2_READ = 0, AGT_RTM2_WRITE = 1 };

/* One privilege: id and its expiry (006: absolute unix time; 007: seconds
 * after issue_ts; 0 means no limit of its own). */
struct agt_priv {
	uint16_t id;
	uint32_t expire;
};

/* One RTM2 permission entry.  When two entries name the same (resource_type,
 * permission_type) the later replaces the earlier, as the reference's
 * Permissions.add() does; entries are packed sorted by type. */
struct agt_rtm2_perm {
	uint16_t resource_type;
	uint16_t permission_type;
	const struct agt_str *resources;
	size_t nresources;
	/* Nonzero: the entry only declares resource_type, with no permission
	 * types of its own (the reference's {"<type>": {}}); permission_type and
	 * resources are then ignored.  Parsing sets it for such a type. */
	int type_only;
};

/* One 007 service.  Which fields are packed depends on type:
 *   RTC: channel, account (the uid string: "" for uid 0)
 *   RTM, CHAT: user_id     STREAMING, FCDN: channel, account
 *   APAAS: room_uuid, user_uuid, role     RTM2: user_id, perms
 *   FPA, CONVOAI, STT and unknown types: privileges only.
 * Privileges with the same id: the later wins (dict semantics); they are
 * packed sorted by id. */
struct agt_service {
	uint16_t type;
	const struct agt_priv *privs;
	size_t nprivs;
	struct agt_str channel;
	struct agt_str account;
	struct agt_str user_id;
	struct agt_str room_uuid;
	struct agt_str user_uuid;
	int16_t role;
	const struct agt_rtm2_perm *perms;
	size_t nperms;
};

/* Pinning salt and clock.  Zeroed (the default) means: a salt uniform in
 * AGT_SALT_MIN..AGT_SALT_MAX from getrandom(2) for a thread's first token,
 * then from a per-thread ChaCha20 generator that is seeded by getrandom(2),
 * reseeded regularly and never shared with a forked child; and the current
 * time. */
#define AGT_PIN_SALT 1U
#define AGT_PIN_TS 2U  /* 006: the token's ts field itself; 007: issue_ts */
struct agt_pin {
	unsigned flags;
	uint32_t salt;
	uint32_t ts;
};

/* ---- Raw forms: any privileges, any service list ---- */

/* 006 AccessToken: "006" + app_id + base64(content).  uid is the uid string
 * ("" for uid 0).  Without AGT_PIN_TS, ts = now + 24 h. */
struct agt_token006_params {
	size_t size;
	struct agt_str app_id;          /* 32 bytes */
	struct agt_str app_certificate; /* HMAC key */
	struct agt_str channel;
	struct agt_str uid;
	const struct agt_priv *privs;
	size_t nprivs;
	struct agt_pin pin;
};
AGT_EXPORT void agt_token006_params_init(struct agt_token006_params *p);
AGT_EXPORT enum agt_err agt_build006(const struct agt_token006_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);

/* 007 AccessToken2: "007" + base64(zlib(string(signature) + signing_info)).
 * Services are packed sorted by type, stable for equal types. */
struct agt_token007_params {
	size_t size;
	struct agt_str app_id;          /* 32 hex chars */
	struct agt_str app_certificate; /* 32 hex chars */
	uint32_t expire;                /* seconds after issue_ts */
	const struct agt_service *services;
	size_t nservices;
	struct agt_pin pin;
};
AGT_EXPORT void agt_token007_params_init(struct agt_token007_params *p);
AGT_EXPORT enum agt_err agt_build007(const struct agt_token007_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);

/* ---- The reference's builders ---- */

/* RTC.  The user is account when account.p is non-NULL, otherwise uid
 * (uid 0 encodes as "", meaning any user). */
struct agt_rtc_params {
	size_t size;
	struct agt_str app_id;
	struct agt_str app_certificate;
	struct agt_str channel;
	uint32_t uid;
	struct agt_str account;
	int role;                   /* enum agt_role */
	uint32_t token_expire;      /* 007: seconds */
	uint32_t privilege_expire;  /* 007: seconds; 006: absolute unix time */
	uint32_t join_expire;       /* per-privilege forms and RTM2 forms */
	uint32_t pub_audio_expire;
	uint32_t pub_video_expire;
	uint32_t pub_data_expire;
	struct agt_str rtm_user_id; /* build_token_with_rtm2, ConvoAI, STT */
	uint32_t rtm_token_expire;
	struct agt_pin pin;
};
AGT_EXPORT void agt_rtc_params_init(struct agt_rtc_params *p);
/* RtcTokenBuilder.buildTokenWithUid / buildTokenWithAccount (006). */
AGT_EXPORT enum agt_err agt_rtc_build006(const struct agt_rtc_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);
/* RtcTokenBuilder2.build_token_with_uid / _with_user_account. */
AGT_EXPORT enum agt_err agt_rtc_build(const struct agt_rtc_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);
/* RtcTokenBuilder2.build_token_with_uid_and_privilege / _user_account_and_privilege. */
AGT_EXPORT enum agt_err agt_rtc_build_with_privileges(const struct agt_rtc_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);
/* RtcTokenBuilder2.build_token_with_rtm (RTM user = the RTC account/uid string). */
AGT_EXPORT enum agt_err agt_rtc_build_with_rtm(const struct agt_rtc_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);
/* RtcTokenBuilder2.build_token_with_rtm2. */
AGT_EXPORT enum agt_err agt_rtc_build_with_rtm2(const struct agt_rtc_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);
/* npm ConvoAITokenBuilder.buildToken / SttTokenBuilder.buildToken:
 * build_token_with_rtm2 plus the ConvoAI (9) or STT (10) service. */
AGT_EXPORT enum agt_err agt_convoai_build(const struct agt_rtc_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);
AGT_EXPORT enum agt_err agt_stt_build(const struct agt_rtc_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);

/* RTM. */
struct agt_rtm_params {
	size_t size;
	struct agt_str app_id;
	struct agt_str app_certificate;
	struct agt_str user_id;
	uint32_t expire;            /* 007: seconds; 006: absolute unix time */
	const struct agt_rtm2_perm *perms;
	size_t nperms;
	struct agt_pin pin;
};
AGT_EXPORT void agt_rtm_params_init(struct agt_rtm_params *p);
/* RtmTokenBuilder.buildToken (006). */
AGT_EXPORT enum agt_err agt_rtm_build006(const struct agt_rtm_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);
/* RtmTokenBuilder2.build_token. */
AGT_EXPORT enum agt_err agt_rtm_build(const struct agt_rtm_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);
/* RtmTokenBuilder2.build_token_with_permissions (RTM2 service). */
AGT_EXPORT enum agt_err agt_rtm_build_with_permissions(const struct agt_rtm_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);

/* Chat (ChatTokenBuilder2). user_id is ignored by the app token. */
struct agt_chat_params {
	size_t size;
	struct agt_str app_id;
	struct agt_str app_certificate;
	struct agt_str user_id;
	uint32_t expire;
	struct agt_pin pin;
};
AGT_EXPORT void agt_chat_params_init(struct agt_chat_params *p);
AGT_EXPORT enum agt_err agt_chat_build_user(const struct agt_chat_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);
AGT_EXPORT enum agt_err agt_chat_build_app(const struct agt_chat_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);

/* FPA (FpaTokenBuilder): expire is fixed at 24 h, login privilege 0. */
struct agt_fpa_params {
	size_t size;
	struct agt_str app_id;
	struct agt_str app_certificate;
	struct agt_pin pin;
};
AGT_EXPORT void agt_fpa_params_init(struct agt_fpa_params *p);
AGT_EXPORT enum agt_err agt_fpa_build(const struct agt_fpa_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);

/* APaaS / Education (ApaasTokenBuilder, EducationTokenBuilder: identical
 * bytes).  The room-user token adds RTM (user_uuid) and Chat (md5 hex of
 * user_uuid) services. */
struct agt_apaas_params {
	size_t size;
	struct agt_str app_id;
	struct agt_str app_certificate;
	struct agt_str room_uuid;
	struct agt_str user_uuid;
	int16_t role;
	uint32_t expire;
	struct agt_pin pin;
};
AGT_EXPORT void agt_apaas_params_init(struct agt_apaas_params *p);
AGT_EXPORT enum agt_err agt_apaas_build_room_user(const struct agt_apaas_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);
AGT_EXPORT enum agt_err agt_apaas_build_user(const struct agt_apaas_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);
AGT_EXPORT enum agt_err agt_apaas_build_app(const struct agt_apaas_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);
AGT_EXPORT enum agt_err agt_education_build_room_user(const struct agt_apaas_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);
AGT_EXPORT enum agt_err agt_education_build_user(const struct agt_apaas_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);
AGT_EXPORT enum agt_err agt_education_build_app(const struct agt_apaas_params *p,
    char *out, size_t outcap, size_t *outlen) AGT_NONNULL(1, 4);

/* ---- Parsing ---- */

struct agt_token; /* opaque */

/* Parses a 006 or 007 token strictly: canonical base64 only, every count
 * backed by data, no trailing bytes, a 32-byte signature.  On AGT_OK *out
 * owns a new token, released with agt_token_free(); otherwise *out is NULL.
 * A 007 service of a type the library does not know stops parsing there, as
 * the reference does: the services before it are kept, the signature can
 * still be verified, and the view's unknown_service is set. */
AGT_EXPORT enum agt_err agt_token_parse(const char *text, size_t len,
    struct agt_token **out) AGT_NONNULL(3) AGT_WARN_UNUSED;
/* Frees tok; NULL is allowed. */
AGT_EXPORT void agt_token_free(struct agt_token *tok);

/* Every decoded field.  Pointers stay valid until agt_token_free(tok). */
struct agt_token_view {
	size_t size;               /* set by agt_token_view_init() */
	int version;               /* 6 or 7 */
	struct agt_str app_id;
	uint32_t salt;
	uint32_t ts;               /* 006: expiry (unix time); 007: issue_ts */
	uint32_t expire;           /* 007: seconds after issue_ts; 006: 0 */
	uint32_t crc_channel;      /* 006 */
	uint32_t crc_uid;          /* 006 */
	const struct agt_priv *privs;        /* 006 privileges */
	size_t nprivs;
	const struct agt_service *services;  /* 007 services, in token order */
	size_t nservices;
	size_t declared_services;  /* 007 service count field */
	int unknown_service;       /* 007: parsing stopped at an unknown type */
	uint16_t unknown_service_type;
	unsigned char signature[AGT_SIGNATURE_BYTES];
};
AGT_EXPORT void agt_token_view_init(struct agt_token_view *v);
AGT_EXPORT enum agt_err agt_token_get_view(const struct agt_token *tok,
    struct agt_token_view *v) AGT_NONNULL(1, 2);

/* ---- Verification ---- */

/* Checks the signature in constant time.  006 signs the channel and uid
 * string, which the token holds only as crc32s: pass them (RTM 006: channel
 * = the user account, uid = ""); a crc mismatch gives AGT_EMISMATCH.  007
 * ignores channel and uid.  Returns AGT_OK, AGT_ESIGNATURE, AGT_EMISMATCH,
 * AGT_ECERT (certificate not 32 hex chars for 007) or AGT_EINVAL. */
AGT_EXPORT enum agt_err agt_token_verify(const struct agt_token *tok,
    struct agt_str app_certificate, struct agt_str channel, struct agt_str uid)
    AGT_NONNULL(1) AGT_WARN_UNUSED;

/* Problems agt_token_check() can report; each becomes one plain-language
 * line in the programs, which starts with agt_problem_text(bit).  Exactly
 * when each is set is stated at agt_token_check() below. */
#define AGT_PROB_EXPIRED          (1U << 0)  /* token lifetime is over */
#define AGT_PROB_PRIV_EXPIRED     (1U << 1)  /* at least one privilege is over */
#define AGT_PROB_BAD_SIGNATURE    (1U << 2)  /* certificate given, signature wrong */
#define AGT_PROB_NOT_YET_VALID    (1U << 3)  /* 007 issue_ts lies in the future */
#define AGT_PROB_NO_JOIN          (1U << 4)  /* RTC without the join privilege */
#define AGT_PROB_UNKNOWN_SERVICE  (1U << 5)  /* 007 holds a service type we do not know */
#define AGT_PROB_CHANNEL_MISMATCH (1U << 6)  /* expected channel differs */
#define AGT_PROB_UID_MISMATCH     (1U << 7)  /* expected uid/account differs */
#define AGT_PROB_NO_SERVICE       (1U << 8)  /* 007 without services / 006 without privileges */
#define AGT_PROB_UNCHECKED        (1U << 9)  /* the check could not run at all */
#define AGT_PROB_SIGNATURE_UNCHECKED (1U << 10) /* certificate given, signature not judged */

struct agt_check_params {
	size_t size;
	uint32_t now;                   /* unix time to judge expiry against */
	struct agt_str app_certificate; /* p == NULL: signature not asked for */
	struct agt_str channel;         /* p == NULL: not compared */
	struct agt_str uid;             /* p == NULL: not compared */
};
AGT_EXPORT void agt_check_params_init(struct agt_check_params *c);
/* Returns the AGT_PROB_* bits that apply; 0 means the token passed every
 * check that was asked for (the signature only when app_certificate.p is
 * non-NULL).  It fails closed: a check that cannot run is reported, never
 * answered with 0.  Time sums are 64-bit.
 *   AGT_PROB_UNCHECKED alone: tok or c is NULL, or c->size is below
 *   sizeof(struct agt_check_params); nothing was checked.
 *   007: expired when now >= issue_ts + expire, a privilege when its value
 *   is non-zero and now >= issue_ts + value, not yet valid when issue_ts >
 *   now + 300; channel and uid are compared byte for byte with the RTC
 *   services (no RTC service: no mismatch).  With a certificate:
 *   AGT_PROB_BAD_SIGNATURE when the signature does not match or the
 *   certificate is not 32 hex characters; AGT_PROB_SIGNATURE_UNCHECKED
 *   when the crypto backend failed.
 *   006: expired when now >= ts, a privilege when its non-zero value <=
 *   now; channel and uid are compared by crc32.  The signature covers the
 *   channel and uid, so with a certificate it is judged only when channel
 *   is given (uid NULL counts as "") and both match the token's crc32s:
 *   AGT_PROB_BAD_SIGNATURE when it does not match;
 *   AGT_PROB_SIGNATURE_UNCHECKED when channel is NULL, when the channel
 *   or the uid (or "" for a NULL uid) does not match its crc32 (with
 *   AGT_PROB_CHANNEL_MISMATCH / AGT_PROB_UID_MISMATCH for the ones given),
 *   or when the crypto backend failed.
 * Callers must treat bits they do not know as problems. */
AGT_EXPORT unsigned agt_token_check(const struct agt_token *tok,
    const struct agt_check_params *c) AGT_NONNULL(1, 2) AGT_WARN_UNUSED;
/* The plain-language text of one AGT_PROB_* bit: a lower-case phrase
 * without a final period, to which a program may add what it knows (the
 * time, the channel it expected), e.g. "the token has expired".  Total:
 * never NULL; "unknown problem" for 0, for a value with more than one bit
 * and for a bit this version does not define.  The string is static. */
AGT_EXPORT const char *agt_problem_text(unsigned bit);

/* ---- Helpers ---- */

/* 1 when s is an app id, or an app certificate, as the 007 builders and
 * the signature checks take them: exactly AGT_APP_ID_CHARS (32)
 * hexadecimal characters, in either case; otherwise 0 (s.p NULL
 * included).  The library's own rule, for programs that check
 * credentials before building (configuration files, command lines).  The
 * 006 builders take any 32 bytes as an app id, as the reference does. */
AGT_EXPORT int agt_app_id_valid(struct agt_str s);
AGT_EXPORT int agt_app_certificate_valid(struct agt_str s);
/* Writes the decimal uid string ("" for 0) into buf; returns its length. */
AGT_EXPORT size_t agt_uid_string(uint32_t uid, char buf[11]);
/* Human names for services and privileges ("rtc", "join_channel");
 * "unknown" for ids without one. */
AGT_EXPORT const char *agt_service_name(unsigned type);
AGT_EXPORT const char *agt_privilege_name(int version, unsigned service_type,
    unsigned privilege);
/* SHA-256 of data (the programs store API keys as digests). */
AGT_EXPORT void agt_sha256(const void *data, size_t len,
    unsigned char out[32]);
/* 1 when a and b (n bytes each) are equal; time depends only on n. */
AGT_EXPORT int agt_memeq_ct(const void *a, const void *b, size_t n);
/* Overwrites n bytes at p with zeros in a way the compiler keeps. */
AGT_EXPORT void agt_memzero(void *p, size_t n);
/* Wipes and releases the calling thread's reusable state: compression
 * streams and the cached keyed HMAC state of the last certificate used.
 * Optional (thread exit does it too); programs call it before exit. */
AGT_EXPORT void agt_thread_cleanup(void);

#ifdef __cplusplus
}
#endif
#endif /* AGORATOKEN_H */
