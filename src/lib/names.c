/* SPDX-License-Identifier: MIT */
/*
 * names.c - human names for service types and privilege ids (the CLI's and
 * /v1/inspect's output), taken from the reference's constant names, plus the
 * small helpers that format ids: the uid string and the version queries.
 */
#include "config.h"

#include "internal.h"

const char *agt_version(void)
{
	return AGT_VERSION_STRING;
}

size_t agt_signature_bytes(void)
{
	return AGT_SIGNATURE_BYTES;
}

size_t agt_uid_string(uint32_t uid, char buf[11])
{
	char tmp[10];
	size_t n = 0, i;

	/* uid 0 means "any user" and is encoded as the empty string. */
	while (uid > 0) {
		tmp[n++] = (char)('0' + uid % 10U);
		uid /= 10U;
	}
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

const char *agt_service_name(unsigned type)
{
	switch (type) {
	case AGT_SERVICE_RTC:
		return "rtc";
	case AGT_SERVICE_RTM:
		return "rtm";
	case AGT_SERVICE_STREAMING:
		return "streaming";
	case AGT_SERVICE_FPA:
		return "fpa";
	case AGT_SERVICE_CHAT:
		return "chat";
	case AGT_SERVICE_FCDN:
		return "fcdn";
	case AGT_SERVICE_APAAS:
		return "apaas";
	case AGT_SERVICE_RTM2:
		return "rtm2";
	case AGT_SERVICE_CONVOAI:
		return "convoai";
	case AGT_SERVICE_STT:
		return "stt";
	default:
		return "unknown";
	}
}

static const char *rtc_priv_name(unsigned privilege)
{
	switch (privilege) {
	case AGT_PRIV_JOIN_CHANNEL:
		return "join_channel";
	case AGT_PRIV_PUBLISH_AUDIO:
		return "publish_audio_stream";
	case AGT_PRIV_PUBLISH_VIDEO:
		return "publish_video_stream";
	case AGT_PRIV_PUBLISH_DATA:
		return "publish_data_stream";
	default:
		return "unknown";
	}
}

const char *agt_privilege_name(int version, unsigned service_type,
    unsigned privilege)
{
	if (version == 6)
		return privilege == AGT_PRIV_RTM_LOGIN_006 ? "rtm_login" :
		    rtc_priv_name(privilege);
	if (version != 7)
		return "unknown";
	switch (service_type) {
	case AGT_SERVICE_RTC:
		return rtc_priv_name(privilege);
	case AGT_SERVICE_RTM:
	case AGT_SERVICE_FPA:
	case AGT_SERVICE_RTM2:
		return privilege == AGT_PRIV_RTM_LOGIN ? "login" : "unknown";
	case AGT_SERVICE_STREAMING:
		return privilege == AGT_PRIV_STREAMING_PUBLISH_MIX ? "publish_mix_stream" :
		    privilege == AGT_PRIV_STREAMING_PUBLISH_RAW ? "publish_raw_stream" :
		    "unknown";
	case AGT_SERVICE_CHAT:
		return privilege == AGT_PRIV_CHAT_USER ? "user" :
		    privilege == AGT_PRIV_CHAT_APP ? "app" : "unknown";
	case AGT_SERVICE_FCDN:
		return privilege == AGT_PRIV_FCDN_PUBLISH ? "publish" :
		    privilege == AGT_PRIV_FCDN_PLAY ? "play" : "unknown";
	case AGT_SERVICE_APAAS:
		return privilege == AGT_PRIV_APAAS_ROOM_USER ? "room_user" :
		    privilege == AGT_PRIV_APAAS_USER ? "user" :
		    privilege == AGT_PRIV_APAAS_APP ? "app" : "unknown";
	default:
		return "unknown";
	}
}
