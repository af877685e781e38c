/* SPDX-License-Identifier: MIT */
/*
 * common.c - plumbing every builder shares: turning the pin flags into a
 * concrete salt and timestamp, writing "prefix + base64(bytes)" into the
 * caller's buffer under the size-query convention of agoratoken.h, and
 * releasing the per-thread state (streams, HMAC caches) on request.
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "internal.h"

enum agt_err agt_pin_resolve(const struct agt_pin *pin, uint32_t ts_offset,
    uint32_t *salt, uint32_t *ts)
{
	enum agt_err rc;

	if (pin->flags & AGT_PIN_SALT) {
		*salt = pin->salt;
	} else if ((rc = agt_rand_salt(salt)) != AGT_OK) {
		return rc;
	}
	if (pin->flags & AGT_PIN_TS) {
		*ts = pin->ts;
	} else {
		time_t now = time(NULL);
		uint64_t t = now < 0 ? 0 : (uint64_t)now;

		/* The field is 32 bits: past 2106 clamp rather than wrap
		 * (the reference's struct.pack('<I') would raise). */
		t += ts_offset;
		*ts = t > UINT32_MAX ? UINT32_MAX : (uint32_t)t;
	}
	return AGT_OK;
}

enum agt_err agt_out_check(const char *out, size_t outcap)
{
	return out == NULL && outcap > 0 ? AGT_EINVAL : AGT_OK;
}

enum agt_err agt_emit_len(size_t prefixlen, size_t binlen, size_t *need)
{
	size_t enc = agt_b64_enclen(binlen);

	*need = 0;
	if (binlen > 0 && enc == 0)
		return AGT_ETOOBIG;
	if (enc > SIZE_MAX - 1 - prefixlen)
		return AGT_ETOOBIG;
	*need = prefixlen + enc;
	return AGT_OK;
}

enum agt_err agt_emit(char *out, size_t outcap, size_t *outlen,
    const char *prefix, size_t prefixlen, const void *bin, size_t binlen)
{
	size_t need;
	enum agt_err rc;

	if ((rc = agt_emit_len(prefixlen, binlen, &need)) != AGT_OK)
		return rc;
	*outlen = need;
	if (out == NULL || outcap < need + 1)
		return AGT_ERANGE;
	memcpy(out, prefix, prefixlen);
	agt_b64_encode(bin, binlen, out + prefixlen);
	out[need] = '\0';
	return AGT_OK;
}

void agt_thread_cleanup(void)
{
	agt_zip_thread_cleanup();
	agt_mac_thread_cleanup();
	agt_rand_thread_cleanup();
}
