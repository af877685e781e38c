#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/cli/build.sh - every building subcommand, driven by its flags with
# the salt and clock pinned, must print exactly the token the reference
# printed: the published known answers (vectors/peers/) for the official
# fixture, and cases of the vector files (read with jq) for the
# builders the known answers do not cover (006 RTM, FPA, RTM2 permissions,
# per-privilege RTC, build_token_with_rtm, ConvoAI/STT).  npm's ConvoAI and
# STT tokens come from another deflate, so those compare decoded content.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

export AGORA_APP_ID="$KA_APP_ID"
export AGORA_APP_CERTIFICATE="$KA_CERT"
C="--channel=$KA_CHANNEL"
PIN006="--salt 1 --ts 1111111"
PIN007="--salt 1 --issue-ts 1111111"

# ka ID DESCRIPTION ARGS...: the tool's token equals the known answer.
ka() {
	id=$1
	desc=$2
	shift 2
	want=$(ka_token "$id")
	if [ -z "$want" ]; then
		fail "$desc: no known answer $id"
		return
	fi
	run "$@"
	if ka_line "$id" | grep -q '"match": *"payload"'; then
		# Recorded from another deflate: compare the decoded content.
		"$AGT" decode "$want" >"$tmp/want.json" 2>&1
		"$AGT" decode "$(cat "$tmp/out")" >"$tmp/got.json" 2>&1
		if [ "$rc" -eq 0 ] && cmp -s "$tmp/want.json" "$tmp/got.json"; then
			pass "$desc ($id, decoded content)"
		else
			fail "$desc ($id, decoded content)"
			diag "$(cat "$tmp/err"; diff "$tmp/want.json" "$tmp/got.json" | head -n 6)"
		fi
		return
	fi
	is "$want" "$(cat "$tmp/out")" "$desc ($id)"
	[ "$rc" -eq 0 ] || diag "exit $rc: $(cat "$tmp/err")"
}

# 006 RtcTokenBuilder: privilege expiry as an absolute time.
ka ka-000 "rtc 006 uid, subscriber" rtc --format 006 $C --uid 2882341273 \
    --role subscriber --expire @1446455471 $PIN006
ka ka-001 "rtc 006 uid 0" rtc --format 006 $C --uid 0 --role subscriber \
    --expire @1446455471 $PIN006
ka ka-046 "rtc 006 account" rtc --format 006 $C --account 2882341273 \
    --role subscriber --privilege-expire @1446455471 $PIN006
ka ka-017 "rtc 006 publisher" rtc --format 006 $C --uid 2882341273 \
    --role publisher --privilege-expire @1446455471 $PIN006
# The same 006 token with a relative expiry from a pinned issue time.
ka ka-017 "rtc 006 relative expiry" rtc --format 006 $C --uid 2882341273 \
    --role 1 --expire 3600 --issue-ts 1446451871 --salt 1 --ts 1111111

# 007 RtcTokenBuilder2.
ka ka-002 "rtc uid subscriber" rtc $C --uid 2882341273 --role subscriber \
    --expire 600 --privilege-expire 600 $PIN007
ka ka-003 "rtc uid 0 (default)" rtc $C --role subscriber --expire 600 \
    --privilege-expire 600 $PIN007
ka ka-004 "rtc account" rtc $C --account 2882341273 --role subscriber \
    --expire 600 --privilege-expire 600 $PIN007
ka ka-002 "rtc with --expire=@time" rtc $C --uid=2882341273 --role=2 \
    --expire=@1111711 --privilege-expire=@1111711 $PIN007
ka ka-039 "rtc publisher with --rtm-user (build_token_with_rtm2)" rtc $C \
    --uid 2882341273 --expire 600 --privilege-expire 600 \
    --rtm-user test_user $PIN007

# Chat, APaaS, Education, RTM.
ka ka-005 "chat user" chat --user 2882341273 --expire 600 $PIN007
ka ka-006 "chat app" chat --app --expire 600 $PIN007
ka ka-007 "apaas room user" apaas --room 123 --user 2882341273 --role 1 \
    --expire 600 $PIN007
ka ka-008 "apaas user" apaas --user 2882341273 --expire 600 $PIN007
ka ka-009 "apaas app" apaas --app --expire 600 $PIN007
ka ka-053 "education room user" education --room 123 --user 2882341273 \
    --role 1 --expire 600 $PIN007
ka ka-054 "apaas --education user" apaas --education --user 2882341273 \
    --expire 600 $PIN007
ka ka-050 "rtm" rtm --user 2882341273 --expire 600 $PIN007
ka ka-034 "rtm test_user" rtm --user test_user --expire 600 $PIN007

# Credentials from --app-id and --certificate-file give the same token.
printf '%s\n' "$KA_CERT" >"$tmp/cert"
chmod 600 "$tmp/cert"
unset AGORA_APP_ID AGORA_APP_CERTIFICATE
ka ka-005 "chat user with --app-id and --certificate-file" chat \
    --app-id "$KA_APP_ID" --certificate-file "$tmp/cert" \
    --user 2882341273 --expire 600 $PIN007
export AGORA_APP_ID="$KA_APP_ID"
export AGORA_APP_CERTIFICATE="$KA_CERT"

# ---- vector cases, mapped to flags with jq ----
if ! have jq; then
	skip "jq is not installed: vector-driven build cases"
	done_testing
fi

# JQ helpers: an identity argument as --uid or --account; a time as @T for
# 006 (absolute) or plain seconds for 007.
JQ_DEFS='
def ident: if type == "number" then
	(if . >= 0 and . <= 4294967295 and . == floor then "--uid=\(.)" else empty end)
	else "--account=\(.)" end;
def pin6: ["--salt=\(.salt)", "--ts=\(.ts)"];
def pin7: ["--salt=\(.salt)", "--issue-ts=\(.issue_ts)"];
def cred: ["--app-id=\(.args.app_id // .args.appId // .args.appID)"];
def certof: (.args.app_certificate // .args.appCertificate);
def privs: (.args.join_channel_privilege_expire // .args.joinChannelPrivilegeExpire) as $j
	| (.args.pub_audio_privilege_expire // .args.pubAudioPrivilegeExpire) as $a
	| (.args.pub_video_privilege_expire // .args.pubVideoPrivilegeExpire) as $v
	| (.args.pub_data_stream_privilege_expire // .args.pubDataStreamPrivilegeExpire) as $d
	| ["--join-expire=\($j)", "--audio-expire=\($a)", "--video-expire=\($v)", "--data-expire=\($d)"];
'

# vec FILE BUILDER MATCH JQ-ARGS-EXPR: four cases of BUILDER spread over
# the file; jq writes one shell call per case, with every value quoted by
# @sh, and each call builds the token and compares it.
vec() {
	file=$VEC/$1
	builder=$2
	match=$3
	expr=$4
	if [ ! -f "$file" ]; then
		skip "$1 is missing: $builder"
		return
	fi
	jq -r -s "$JQ_DEFS"'
		map(select(.builder == "'"$builder"'" and .token != "")
		    | [certof, .token, .id] + ([['"$expr"']] | flatten))
		| length as $n
		| [.[0], .[($n / 3 | floor)], .[(2 * $n / 3 | floor)], .[$n - 1]]
		| map(select(. != null)) | unique_by(.[2]) | .[]
		| "vec_case '"$match"' \(@sh)"' "$file" >"$tmp/cases.sh" 2>"$tmp/jqerr"
	if [ ! -s "$tmp/cases.sh" ]; then
		fail "$1: no usable $builder case"
		diag "$(cat "$tmp/jqerr")"
		return
	fi
	. "$tmp/cases.sh"
}

# vec_case MATCH CERT TOKEN ID ARGS...
vec_case() {
	match=$1
	cert=$2
	want=$3
	id=$4
	shift 4
	AGORA_APP_CERTIFICATE="$cert" "$AGT" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	got=$(cat "$tmp/out")
	if [ "$match" = payload ]; then
		# Same decoded fields and signature: same inflated content.
		"$AGT" decode "$want" >"$tmp/want.json" 2>&1
		"$AGT" decode "$got" >"$tmp/got.json" 2>&1
		if [ "$rc" -eq 0 ] && cmp -s "$tmp/want.json" "$tmp/got.json"; then
			pass "$builder: $id (decoded content)"
		else
			fail "$builder: $id (decoded content)"
			diag "$(cat "$tmp/err"; diff "$tmp/want.json" "$tmp/got.json" | head -n 6)"
		fi
	else
		is "$want" "$got" "$builder: $id"
		[ "$rc" -eq 0 ] || diag "exit $rc: $(cat "$tmp/err")"
	fi
}

vec rtm006.jsonl RtmTokenBuilder.buildToken bytes \
    '"rtm", "--format=006", cred, "--user=\(.args.userAccount)", "--expire=@\(.args.privilegeExpiredTs)", pin6'
vec rtc006.jsonl RtcTokenBuilder.buildTokenWithAccount bytes \
    '"rtc", "--format=006", "--app-id=\(.args.appId)", "--channel=\(.args.channelName)", (.args.account | ident), "--role=\(.args.role)", "--expire=@\(.args.privilegeExpiredTs)", pin6'
vec rtc006.jsonl RtcTokenBuilder.buildTokenWithUid bytes \
    '"rtc", "--format=006", "--app-id=\(.args.appId)", "--channel=\(.args.channelName)", (.args.uid | ident), "--role=\(.args.role)", "--expire=@\(.args.privilegeExpiredTs)", pin6'
vec rtc007.jsonl RtcTokenBuilder2.build_token_with_uid bytes \
    '"rtc", cred, "--channel=\(.args.channel_name)", (.args.uid | ident), "--role=\(.args.role)", "--expire=\(.args.token_expire)", "--privilege-expire=\(.args.privilege_expire // 0)", pin7'
vec rtc007.jsonl RtcTokenBuilder2.build_token_with_user_account bytes \
    '"rtc", cred, "--channel=\(.args.channel_name)", (.args.account | ident), "--role=\(.args.role)", "--expire=\(.args.token_expire)", "--privilege-expire=\(.args.privilege_expire // 0)", pin7'
vec rtc007.jsonl RtcTokenBuilder2.build_token_with_uid_and_privilege bytes \
    '"rtc", cred, "--channel=\(.args.channel_name)", (.args.uid | ident), "--expire=\(.args.token_expire)", privs, pin7'
vec rtc007.jsonl RtcTokenBuilder2.build_token_with_user_account_and_privilege bytes \
    '"rtc", cred, "--channel=\(.args.channel_name)", (.args.account | ident), "--expire=\(.args.token_expire)", privs, pin7'
vec rtc007.jsonl RtcTokenBuilder2.build_token_with_rtm bytes \
    '"rtc", cred, "--channel=\(.args.channel_name)", "--account=\(.args.account)", "--role=\(.args.role)", "--expire=\(.args.token_expire)", "--privilege-expire=\(.args.privilege_expire // 0)", "--with-rtm", pin7'
vec rtc007.jsonl RtcTokenBuilder2.build_token_with_rtm2 bytes \
    '"rtc", cred, "--channel=\(.args.channel_name)", (.args.rtc_account | ident), "--role=\(.args.rtc_role)", "--expire=\(.args.rtc_token_expire)", privs, "--rtm-user=\(.args.rtm_user_id)", "--rtm-expire=\(.args.rtm_token_expire)", pin7'
vec rtm007.jsonl RtmTokenBuilder2.build_token bytes \
    '"rtm", cred, "--user=\(.args.user_id)", "--expire=\(.args.expire)", pin7'
vec rtm007.jsonl RtmTokenBuilder2.build_token_with_permissions bytes \
    'select(all(.args.permissions[]; length > 0)) | "rtm", cred, "--user=\(.args.user_id)", "--expire=\(.args.expire // 0)",
     (.args.permissions | to_entries[] | .key as $r | .value | to_entries[] | .key as $p
      | if (.value | length) == 0 then "--permission=\($r):\($p)" else (.value[] | "--permission=\($r):\($p):\(.)") end),
     pin7'
vec chat.jsonl ChatTokenBuilder2.build_user_token bytes \
    '"chat", cred, "--user=\(.args.user_id)", "--expire=\(.args.expire)", pin7'
vec fpa.jsonl FpaTokenBuilder.build_token bytes '"fpa", cred, pin7'
vec apaas.jsonl ApaasTokenBuilder.build_room_user_token bytes \
    '"apaas", cred, "--room=\(.args.room_uuid)", "--user=\(.args.user_uuid)", "--role=\(.args.role)", "--expire=\(.args.expire)", pin7'
vec education.jsonl EducationTokenBuilder.build_user_token bytes \
    '"education", cred, "--user=\(.args.user_uuid)", "--expire=\(.args.expire)", pin7'
vec npm-convoai-stt.jsonl ConvoAITokenBuilder.buildToken payload \
    '"rtc", "--service=convoai", "--app-id=\(.args.appId)", "--channel=\(.args.channelName)", (.args.rtcAccount | ident), "--role=\(.args.rtcRole)", "--expire=\(.args.rtcTokenExpire)", privs, "--rtm-user=\(.args.rtmUserId)", "--rtm-expire=\(.args.rtmTokenExpire)", pin7'
vec npm-convoai-stt.jsonl SttTokenBuilder.buildToken payload \
    '"rtc", "--service=stt", "--app-id=\(.args.appId)", "--channel=\(.args.channelName)", (.args.rtcAccount | ident), "--role=\(.args.rtcRole)", "--expire=\(.args.rtcTokenExpire)", privs, "--rtm-user=\(.args.rtmUserId)", "--rtm-expire=\(.args.rtmTokenExpire)", pin7'

done_testing
