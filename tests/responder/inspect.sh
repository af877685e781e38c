#!/bin/bash
# SPDX-License-Identifier: MIT
# inspect.sh - /v1/inspect explains a token: every field, the app, the
# signature verdict and plain-language problems.
#
# Threat: "why does my token give error 110?" answered wrongly: a valid
# signature reported for a token signed by another certificate, an expired
# token shown as fine, a 006 token's signature claimed valid without the
# channel and uid it signs.  Tokens come from the responder itself (valid
# ones) and from the library with pinned clocks (future, expired, odd
# services), never from text we compare byte for byte.
. "$top_srcdir/tests/responder/lib.sh"

std_config
export TOKCHECK_APP_ID=$APP_ID
NOW=$(date +%s)

# inspect TOKEN [extra query]: GET with the token URL-encoded.
inspect() {
	req GET /v1/inspect "token=$(urlenc "$1")${2:+&$2}"
}
has_problem() {   # has_problem LABEL PATTERN
	if jget problems | grep -q -- "$2"; then
		ok 0 "$1: problem mentions \"$2\""
	else
		ok 1 "$1: problem mentions \"$2\""
		diag "problems: $(jget problems)"
	fi
}

# ---- a fresh 007 RTC token for a numeric uid ----
req GET /v1/rtc "channel=insp&uid=123&expire=600"
T1=$(jget token)
inspect "$T1"
is 200 "$STATUS" "inspect 007: 200"
is no-store "$(hget Cache-Control)" "inspect: Cache-Control: no-store"
is "application/json; charset=utf-8" "$(hget Content-Type)" "inspect: JSON"
is "007 demo $APP_ID valid" "$(jget version) $(jget app) $(jget app_id) $(jget signature)" \
    "inspect 007: version, app, app_id, signature valid"
is 600 "$(( $(jget expires_at) - $(jget issued_at) ))" "inspect 007: expires_at = issued_at + expire"
jget issued_at_iso | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
ok $? "inspect 007: issued_at_iso is ISO-8601 UTC"
is "$(date -u -d "@$(jget expires_at)" +%Y-%m-%dT%H:%M:%SZ)" "$(jget expires_at_iso)" \
    "inspect 007: expires_at_iso matches expires_at"
is "1 rtc insp 123" "$(jget services.0.type) $(jget services.0.name) $(jget services.0.channel) $(jget services.0.uid)" \
    "inspect 007: RTC service with channel and uid"
is "join_channel publish_audio_stream publish_video_stream publish_data_stream" \
    "$(jget services.0.privileges.0.name) $(jget services.0.privileges.1.name) $(jget services.0.privileges.2.name) $(jget services.0.privileges.3.name)" \
    "inspect 007: privilege names"
is 600 "$(jget services.0.privileges.0.expire)" "inspect 007: privilege expire"
jget salt | grep -Eq '^[1-9][0-9]*$'
ok $? "inspect 007: salt"
is "[]" "$(jget problems)" "inspect 007: a good token has no problems"
inspect "$T1" "channel=insp&uid=123"
is "valid []" "$(jget signature) $(jget problems)" "inspect 007 with matching channel/uid: no problems"
inspect "$T1" "channel=other&uid=124"
has_problem "007 wrong channel" 'built for another channel than \\"other\\"'
has_problem "007 wrong uid" 'built for another uid or account than \\"124\\"'
BODY="token=$(urlenc "$T1")" CT=application/x-www-form-urlencoded req POST /v1/inspect
is "200 valid" "$STATUS $(jget signature)" "inspect via POST form"
BODY='{"token": "  '"$T1"'\n"}' CT=application/json req POST /v1/inspect
is "200 valid" "$STATUS $(jget signature)" "inspect via POST JSON, surrounding white space trimmed"

# A '+' left unencoded in a query string arrives as a space: read back.
for i in $(seq 1 20); do
	req GET /v1/rtc "channel=plus&uid=$i"
	TP=$(jget token)
	case $TP in *+*) break ;; esac
done
req GET /v1/inspect "token=$TP"
is "200 valid" "$STATUS $(jget signature)" "inspect: unencoded '+' in the query (read as space) still works"

# ---- hints about uid 0 and accounts ----
req GET /v1/rtc "channel=insp&uid=0"
inspect "$(jget token)"
has_problem "uid 0" "uid is empty (uid 0): the token works for any uid"
req GET /v1/rtc "channel=insp&account=alice"
inspect "$(jget token)"
has_problem "account" 'the token is for the user account \\"alice\\", not a numeric uid'
has_problem "account" "joinChannelWithUserAccount"

# ---- other services ----
req GET /v1/rtc "channel=r2&uid=5&rtm_user=bob"
inspect "$(jget token)"
is "rtc rtm bob login" "$(jget services.0.name) $(jget services.1.name) $(jget services.1.user_id) $(jget services.1.privileges.0.name)" \
    "inspect rtc+rtm: both services, RTM user and login privilege"
req GET /v1/apaas "room=room1&user=u1&role=2"
inspect "$(jget token)"
is "rtm chat apaas room1 u1 2 room_user" "$(jget services.0.name) $(jget services.1.name) $(jget services.2.name) $(jget services.2.room_uuid) $(jget services.2.user_uuid) $(jget services.2.role) $(jget services.2.privileges.0.name)" \
    "inspect apaas: room, user, role"
req GET /v1/chat "type=app"
inspect "$(jget token)"
is "chat app" "$(jget services.0.name) $(jget services.0.privileges.0.name)" "inspect chat app"
req GET /v1/fpa
inspect "$(jget token)"
is "fpa login null" "$(jget services.0.name) $(jget services.0.privileges.0.name) $(jget services.0.privileges.0.expires_at)" \
    "inspect fpa: login without its own expiry (null)"

# ---- signature verdicts ----
write_config other-cert.json '{"apps":[{"name":"same-id","app_id":"'"$APP_ID"'","certificate":"'"$CERT2"'"}]}'
req GET /v1/rtc "channel=c&uid=1"
T_OTHER=$(jget token)
CONF=$STD_CONF
inspect "$T_OTHER"
is "200 invalid demo" "$STATUS $(jget signature) $(jget app)" "token signed with another certificate: invalid"
has_problem "bad signature" "the signature does not match: the token was built with another app certificate"
write_config only-second.json '{"apps":[{"name":"second","app_id":"'"$APP_ID2"'","certificate":"'"$CERT2"'"}]}'
inspect "$T1"
is "unknown_app null" "$(jget signature) $(jget app)" "token of an app we do not hold: unknown_app, app null"
has_problem "unknown app" "app id $APP_ID is not configured on this server"
CONF=$STD_CONF

# ---- expiry, future, missing join, unknown service (library-minted) ----
req GET /v1/rtc "channel=exp&uid=1&expire=1&join_expire=1"
T_EXP=$(jget token)
req GET /v1/rtc "channel=exp&uid=1&expire=3600&join_expire=1"
T_PRIV=$(jget token)
sleep 2
inspect "$T_EXP"
has_problem "expired" "the token has expired: at [0-9T:-]*Z ([0-9]* seconds ago)"
inspect "$T_PRIV"
has_problem "privilege expired" "a privilege has expired: join_channel of the rtc service, at [0-9T:-]*Z"
jget problems | grep -q 'the token has expired'
is 1 "$?" "privilege expired: the token itself is not reported expired"
inspect "$("$TOOL" mint $((NOW + 7200)) 600 1 fut 9 1=0)"
has_problem "issued in the future" "the token is not valid yet: issued at [0-9T:-]*Z, [0-9]* seconds in the future"
inspect "$("$TOOL" mint "$NOW" 600 1 nj 9 2=0)"
has_problem "no join privilege" "no join privilege"
inspect "$("$TOOL" mint "$NOW" 600 11 x y 1=0)"
is 11 "$(jget unknown_service_type)" "unknown service type reported"
has_problem "unknown service" "a service type the library does not know: type 11"
inspect "$("$TOOL" mint "$NOW" 600 1 $'ch\xff' 9 1=0)"
is "null 6368ff" "$(jget services.0.channel) $(jget services.0.channel_hex)" \
    "a channel that is not UTF-8 is shown as hex"

# ---- 006 ----
req GET /v1/rtc "channel=c6&uid=77&format=006"
T6=$(jget token)
inspect "$T6"
is "006 demo unchecked null" "$(jget version) $(jget app) $(jget signature) $(jget issued_at)" \
    "006 without channel/uid: signature unchecked"
has_problem "006 unchecked" "signature not checked: a 006 token signs its channel and uid but stores only their checksums"
has_problem "006 legacy" "legacy 006 token"
is "join_channel" "$(jget privileges.0.name)" "006: privilege names"
inspect "$T6" "uid=77"
is unchecked "$(jget signature)" "006 with the uid but no channel: unchecked"
inspect "$T6" "channel=c6&uid=77"
is valid "$(jget signature)" "006 with its channel and uid: valid"
inspect "$T6" "channel=c7&uid=77"
is unchecked "$(jget signature)" "006 with another channel: unchecked"
has_problem "006 wrong channel" 'built for another channel than \\"c7\\"'
has_problem "006 wrong channel" "signature not checked: a 006 token signs its channel and uid, and the token was not built for the ones given"
inspect "$T6" "channel=c6&uid=78"
is unchecked "$(jget signature)" "006 with another uid: unchecked"
has_problem "006 wrong uid" "signature not checked: a 006 token signs its channel and uid, and the token was not built for the ones given"
inspect "$T6" "channel=c6"
is unchecked "$(jget signature)" "006 without the uid of a uid token: unchecked"
has_problem "006 without uid" "signature not checked: the token was not built for uid 0"
# The same verdicts from a certificate that is not the token's: still
# unchecked (the signature was not computed), never valid or invalid.
CONF=$WORK/conf/other-cert.json
inspect "$T6"
is unchecked "$(jget signature)" "006 of another certificate without channel: unchecked"
inspect "$T6" "channel=c6&uid=77"
is invalid "$(jget signature)" "006 of another certificate with its channel and uid: invalid"
CONF=$STD_CONF
req GET /rtmToken "account=bob"
inspect "$(jget key)" "channel=bob&uid=0"
is "valid rtm_login" "$(jget signature) $(jget privileges.0.name)" "006 RTM: valid with account as channel and uid 0"

# ---- the token's fields: one description with `agora-token decode` ----
# Both programs write a token's fields with the same code
# (src/common/describe.c); each adds its own members (inspect: app,
# signature verdict, problems; decode: the signature in hex).  What is
# left must be the same document, member for member and in order.
CLI="$top_builddir/src/agora-token"
if command -v jq >/dev/null 2>&1 && [ -x "$CLI" ]; then
	T_RTM2=$(AGORA_APP_ID=$APP_ID AGORA_APP_CERTIFICATE=$CERT "$CLI" rtm \
	    --user bob --permission message_channels:read:a \
	    --permission message_channels:read:b --permission users:write:c)
	req GET /v1/rtc "channel=d&uid=5&rtm_user=bob"
	T_RTCRTM=$(jget token)
	req GET /v1/apaas "room=room1&user=u1&role=2"
	T_APAAS=$(jget token)
	n=0
	for t in "$T1" "$T6" "$T_RTM2" "$T_RTCRTM" "$T_APAAS" "$T_EXP" \
	    "$("$TOOL" mint "$NOW" 600 11 x y 1=0)"; do
		n=$((n + 1))
		inspect "$t"
		"$TOOL" body "$OUT" | jq -c 'del(.app, .signature, .problems)' \
		    >"$WORK/inspect.$n" 2>&1
		"$CLI" decode "$t" | jq -c 'del(.signature)' >"$WORK/decode.$n" 2>&1
		if cmp -s "$WORK/inspect.$n" "$WORK/decode.$n" &&
		    [ -s "$WORK/decode.$n" ]; then
			ok 0 "token $n: /v1/inspect and decode describe it alike"
		else
			ok 1 "token $n: /v1/inspect and decode describe it alike"
			diag "inspect: $(cat "$WORK/inspect.$n")"
			diag " decode: $(cat "$WORK/decode.$n")"
		fi
	done
	# The same words from `agora-token verify`: each of its lines is one
	# of /v1/inspect's problems (which adds hints of its own).
	for t in "$T_EXP" "$T_PRIV" "$T_OTHER" \
	    "$("$TOOL" mint $((NOW + 7200)) 600 1 fut 9 1=0)" \
	    "$("$TOOL" mint "$NOW" 600 1 nj 9 2=0)" \
	    "$("$TOOL" mint "$NOW" 600 11 x y 1=0)"; do
		n=$((n + 1))
		inspect "$t"
		"$TOOL" body "$OUT" | jq -r '.problems[]' |
		    sed -E 's/[0-9]+ seconds/N seconds/' >"$WORK/inspect.$n"
		AGORA_APP_CERTIFICATE=$CERT "$CLI" verify "$t" 2>&1 |
		    sed -E 's/[0-9]+ seconds/N seconds/' >"$WORK/verify.$n"
		missing=$(grep -vxF -f "$WORK/inspect.$n" "$WORK/verify.$n")
		if [ -z "$missing" ] && [ -s "$WORK/verify.$n" ]; then
			ok 0 "token $n: verify's problems are inspect's words"
		else
			ok 1 "token $n: verify's problems are inspect's words"
			diag "verify only: $missing"
			diag "inspect: $(cat "$WORK/inspect.$n")"
		fi
	done
	inspect "$T_RTM2"
	is "message_channels read a users write c" \
	    "$(jget services.0.permissions.0.resource_type_name) $(jget services.0.permissions.0.permission_type_name) $(jget services.0.permissions.0.resources.0.resource) $(jget services.0.permissions.1.resource_type_name) $(jget services.0.permissions.1.permission_type_name) $(jget services.0.permissions.1.resources.0.resource)" \
	    "inspect rtm2: permissions with their type names"
else
	ok 0 "# SKIP jq or the CLI missing: decode comparison"
fi

finish
