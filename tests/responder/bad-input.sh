#!/bin/bash
# SPDX-License-Identifier: MIT
# bad-input.sh - the bad-input table: every malformed request gets its own
# 4xx status and error code, and none of them yields a token.
#
# Threat: a token server that builds a token from input outside Agora's
# documented limits (a 64-byte channel, uid 2^32, an expiry of 0, a body of
# megabytes) hands clients tokens that fail later in the SDK with an opaque
# error, or lets a caller stretch its privileges.  Each row below is one
# such input; it must be refused before any builder runs.  The boundary
# rows at the end (63-byte channel, 255-byte account, uid 4294967295,
# expire = max_expire) must still succeed, and their tokens must verify.
. "$top_srcdir/tests/responder/lib.sh"

std_config

# row LABEL STATUS CODE METHOD PATH [QUERY]; BODY/CT/XH1/XH2/CONF as in req.
ROWS=0
row() {
	local label=$1 want_status=$2 want_code=$3 code reason=""
	shift 3
	ROWS=$((ROWS + 1))
	req "$@"
	code=$(jget error.code)
	if [ "$STATUS" = "$want_status" ] && [ "$code" = "$want_code" ] &&
	    no_token; then
		ok 0 "$label: $1 $2 -> $want_status $want_code, no token"
	else
		ok 1 "$label: $1 $2 -> $want_status $want_code, no token"
		diag "got status $STATUS code [$code]: $(head -c 300 "$OUT" | tail -c 200)"
	fi
}

# reason_row LABEL REASON TOKEN: /v1/inspect refuses a malformed token
# with invalid_token and the library's error name as the reason.
reason_row() {
	local label=$1 want_reason=$2 tok=$3 reason
	ROWS=$((ROWS + 1))
	BODY='{"token": "'"$tok"'"}' CT=application/json req POST /v1/inspect
	reason=$(jget error.reason)
	if [ "$STATUS" = 400 ] && [ "$(jget error.code)" = invalid_token ] &&
	    [ "$reason" = "$want_reason" ] && no_token; then
		ok 0 "$label: inspect -> 400 invalid_token ($want_reason)"
	else
		ok 1 "$label: inspect -> 400 invalid_token ($want_reason)"
		diag "got status $STATUS: $(tail -c 300 "$OUT")"
	fi
}

# good_row LABEL METHOD PATH QUERY -- VERIFY-ARGS: a boundary that passes.
good_row() {
	local label=$1 method=$2 path=$3 query=$4 tok
	shift 5
	req "$method" "$path" "$query"
	tok=$(jget token)
	if [ "$STATUS" = 200 ] && [ -n "$tok" ] &&
	    "$TOOL" verify "$tok" --app-id "$APP_ID" "$@" 2>"$WORK/out/verify.err"; then
		ok 0 "$label: $method $path -> 200, token verifies"
	else
		ok 1 "$label: $method $path -> 200, token verifies"
		diag "status $STATUS: $(tail -c 300 "$OUT")"
		diag "$(cat "$WORK/out/verify.err")"
	fi
}

A63=$(printf 'a%.0s' {1..63})
A64=$(printf 'a%.0s' {1..64})
A255=$(printf 'b%.0s' {1..255})
A256=$(printf 'b%.0s' {1..256})
BIG=$(printf 'x%.0s' {1..16400})

# ---- channel ----
row channel_empty        400 invalid_channel GET /v1/rtc "channel=&uid=1"
row channel_64_bytes     400 invalid_channel GET /v1/rtc "channel=$A64&uid=1"
row channel_slash        400 invalid_channel GET /v1/rtc "channel=a%2Fb&uid=1"
row channel_star         400 invalid_channel GET /v1/rtc "channel=a%2Ab&uid=1"
row channel_utf8         400 invalid_channel GET /v1/rtc "channel=caf%C3%A9&uid=1"
row channel_tab          400 invalid_channel GET /v1/rtc "channel=a%09b&uid=1"
row channel_quote        400 invalid_channel GET /v1/rtc "channel=a%22b&uid=1"
row channel_backslash    400 invalid_channel GET /v1/rtc "channel=a%5Cb&uid=1"
# ---- uid ----
row uid_negative         400 invalid_uid GET /v1/rtc "channel=c&uid=-1"
row uid_2_pow_32         400 invalid_uid GET /v1/rtc "channel=c&uid=4294967296"
row uid_trailing_junk    400 invalid_uid GET /v1/rtc "channel=c&uid=12a"
row uid_empty            400 invalid_uid GET /v1/rtc "channel=c&uid="
row uid_plus_sign        400 invalid_uid GET /v1/rtc "channel=c&uid=%2B5"
row uid_leading_space    400 invalid_uid GET /v1/rtc "channel=c&uid=+5"
row uid_leading_zero     400 invalid_uid GET /v1/rtc "channel=c&uid=0123"
row uid_11_digits        400 invalid_uid GET /v1/rtc "channel=c&uid=99999999999"
row uid_hex              400 invalid_uid GET /v1/rtc "channel=c&uid=0x10"
BODY='{"channel":"c","uid":1.5}' CT=application/json \
row uid_json_fraction    400 invalid_uid POST /v1/rtc
BODY='{"channel":"c","uid":-7}' CT=application/json \
row uid_json_negative    400 invalid_uid POST /v1/rtc
# ---- account ----
row account_256_bytes    400 invalid_account GET /v1/rtc "channel=c&account=$A256"
row account_slash        400 invalid_account GET /v1/rtc "channel=c&account=bob%2Fx"
row account_empty        400 invalid_account GET /v1/rtc "channel=c&account="
row account_newline      400 invalid_account GET /v1/rtc "channel=c&account=a%0Ab"
row uid_and_account      400 conflicting_parameters GET /v1/rtc "channel=c&uid=1&account=bob"
row no_uid_no_account    400 missing_parameter GET /v1/rtc "channel=c"
# ---- role ----
row role_bogus           400 invalid_role GET /v1/rtc "channel=c&uid=1&role=bogus"
row role_capitalised     400 invalid_role GET /v1/rtc "channel=c&uid=1&role=Publisher"
row role_3               400 invalid_role GET /v1/rtc "channel=c&uid=1&role=3"
row role_sub_publishing  400 conflicting_parameters GET /v1/rtc "channel=c&uid=1&role=subscriber&audio_expire=60"
# ---- expire ----
row expire_0             400 invalid_expire GET /v1/rtc "channel=c&uid=1&expire=0"
row expire_over_max      400 invalid_expire GET /v1/rtc "channel=c&uid=1&expire=86401"
row expire_text          400 invalid_expire GET /v1/rtc "channel=c&uid=1&expire=abc"
row expire_negative      400 invalid_expire GET /v1/rtc "channel=c&uid=1&expire=-5"
row expire_u32_overflow  400 invalid_expire GET /v1/rtc "channel=c&uid=1&expire=4294967296"
row join_expire_0        400 invalid_expire GET /v1/rtc "channel=c&uid=1&join_expire=0"
BODY='{"channel":"c","uid":1,"expire":1.5}' CT=application/json \
row expire_json_fraction 400 invalid_expire POST /v1/rtc
row rtm_expire_over_max  400 invalid_expire GET /v1/rtm "user=u&expire=100000"
# ---- format ----
row format_008           400 invalid_format GET /v1/rtc "channel=c&uid=1&format=008"
row format_7             400 invalid_format GET /v1/rtc "channel=c&uid=1&format=7"
row format_006_rtm2      400 invalid_format GET /v1/rtc "channel=c&uid=1&format=006&rtm_user=u"
row format_006_chat      400 invalid_format GET /v1/chat "user=u&format=006"
row format_006_fpa       400 invalid_format GET /v1/fpa "format=006"
# ---- app ----
row app_unknown          400 unknown_app GET /v1/rtc "channel=c&uid=1&app=nope"
# ---- body ----
BODY="{\"channel\":\"$BIG\"}" CT=application/json \
row body_over_16k        413 body_too_large POST /v1/rtc
BODY='{"channel":"c"}' CT=application/json XH1=CONTENT_LENGTH=1000000 \
row declared_length_1mb  413 body_too_large POST /v1/rtc
BODY='{"channel":"c","uid":1' CT=application/json \
row json_unterminated    400 invalid_json POST /v1/rtc
BODY='[1,2]' CT=application/json \
row json_array           400 invalid_json POST /v1/rtc
BODY='{"channel":{"a":1},"uid":1}' CT=application/json \
row json_nested          400 invalid_json POST /v1/rtc
BODY='{"channel":"ab\u0000cd","uid":1}' CT=application/json \
row json_nul_escape      400 invalid_json POST /v1/rtc
BODY='{"channel":"c","uid":1} x' CT=application/json \
row json_trailing_data   400 invalid_json POST /v1/rtc
BODY='{"channel":"c","channel":"d","uid":1}' CT=application/json \
row json_duplicate_key   400 duplicate_parameter POST /v1/rtc
BODY='channel=c&uid=1' CT=text/plain \
row content_type_text    415 unsupported_media_type POST /v1/rtc
BODY='channel=c&uid=1' \
row content_type_missing 415 unsupported_media_type POST /v1/rtc
BODY='{"channel":"c","uid":1}' CT='application/json; charset=iso-8859-1' \
row charset_latin1       415 unsupported_media_type POST /v1/rtc
BODY='channel=c&uid=1' CT=application/x-www-form-urlencoded XH1=CONTENT_LENGTH=100 \
row body_short           400 bad_request POST /v1/rtc
BODY='channel=c&uid=1' CT=application/x-www-form-urlencoded XH1=CONTENT_LENGTH=12x \
row content_length_junk  400 bad_request POST /v1/rtc
# ---- encoding and parameters ----
row percent_bad_hex      400 bad_encoding GET /v1/rtc "channel=a%zzb&uid=1"
row percent_nul          400 bad_encoding GET /v1/rtc "channel=a%00b&uid=1"
row percent_truncated    400 bad_encoding GET /v1/rtc "channel=c&uid=1%"
row duplicate_param      400 duplicate_parameter GET /v1/rtc "channel=a&channel=b&uid=1"
row unknown_param        400 unknown_parameter GET /v1/rtc "chanel=a&uid=1"
row empty_param_name     400 bad_request GET /v1/rtc "=x&channel=c&uid=1"
row query_over_16k       414 uri_too_long GET /v1/rtc "channel=c&uid=1&x=$BIG"
row too_many_params      400 bad_request GET /v1/rtc "$(printf 'p%d=1&' {1..33})channel=c"
BODY='channel=c&uid=1' CT=application/x-www-form-urlencoded \
row query_and_body_dup   400 duplicate_parameter POST /v1/rtc "uid=2"
# ---- routes and methods ----
row unknown_route        404 not_found GET /v1/nothing
row root_route           404 not_found GET /
row double_slash_route   404 not_found GET //v1/rtc "channel=c&uid=1"
row delete_method        405 method_not_allowed DELETE /v1/rtc "channel=c&uid=1"
row put_compat           405 method_not_allowed PUT /rtc/c/publisher/uid/1/
row get_gettoken         405 method_not_allowed GET /getToken
row post_ping            405 method_not_allowed POST /ping
row chat_account_no_id   404 not_found GET /chat/account/
# ---- missing and conflicting parameters ----
row rtc_no_channel       400 missing_parameter GET /v1/rtc "uid=1"
row rtm_no_user          400 missing_parameter GET /v1/rtm
row inspect_no_token     400 missing_parameter GET /v1/inspect
row chat_no_user         400 missing_parameter GET /v1/chat
row chat_app_with_user   400 conflicting_parameters GET /v1/chat "type=app&user=u"
row chat_type_bogus      400 invalid_type GET /v1/chat "type=group"
row apaas_room_no_user   400 missing_parameter GET /v1/apaas "room=r&role=1"
row apaas_role_no_room   400 conflicting_parameters GET /v1/apaas "role=1"
row apaas_role_too_big   400 invalid_role GET /v1/apaas "room=r&user=u&role=40000"
row user_256_bytes       400 invalid_user GET /v1/rtm "user=$A256"
row rtm_user_bad_char    400 invalid_rtm_user GET /v1/rtc "channel=c&uid=1&rtm_user=a%2Fb"
row inspect_blank_token  400 invalid_token GET /v1/inspect "token=+++"
# ---- malformed tokens: each library parse error ----
reason_row token_no_version     bad_version "abc"
reason_row token_version_008    bad_version "008eJxTYGA"
reason_row token_bad_base64     bad_base64 "007eJw!!!!"
reason_row token_base64_padding bad_base64 "007eJxTYGAkABQYLM0NnB2NTVNSzQySTUzMTEyTkhJTLRKNDE0NzAyTjI0ZPganCvAxMDAygDAEgvhMDMkZDAwA1HwLVw="
reason_row token_not_zlib       bad_zlib "007bm90IGEgemxpYiBzdHJlYW0="
reason_row token_zlib_cut       bad_zlib "007eJxTYGAkABQYLM0NnB2NTVNSzQySTUzMTEyTkhJTLRKNDE0NzAyTjI0ZPganCvAxMDAygDAEgvhMDMkZDAwA1A=="
reason_row token_007_truncated  truncated "007eJxTYGAkABQYLM0NnB2NTVNSzQySTUzMTEyTkhJTLRKNDE0NzAyTjI0ZPganCvAxMDAygDAEgvhMDMkZDADJJQtX"
reason_row token_007_trailing   trailing_bytes "007eJxTYGAkABQYLM0NnB2NTVNSzQySTUzMTEyTkhJTLRKNDE0NzAyTjI0ZPganCvAxMDAygDAEgvhMDMkZQCEA39MLVw=="
reason_row token_007_sig_31     bad_signature_length "007eJyTZ2DEDxQYLM0NnB2NTVNSzQySTUzMTEyTkhJTLRKNDE0NzAyTjI0ZPganCvAxMDAygDAEgvhMDMkZDAwA05oLVQ=="
reason_row token_007_bad_count  bad_count "007eJxTYGAkABQYLM0NnB2NTVNSzQySTUzMTEyTkhJTLRKNDE0NzAyTjI0ZPganCvAxMDAygDAjg4YyAFPvCrU="
reason_row token_006_truncated  truncated "006970CA35de60c44645bbae8a215061b33IAACAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgAAAAAAAAAAEAABAAAAAPFTZQEAAQAA8Q=="
reason_row token_006_trailing   trailing_bytes "006970CA35de60c44645bbae8a215061b33IAACAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgAAAAAAAAAAEAABAAAAAPFTZQEAAQAA8VNleA=="
# ---- compatible routes ----
row go_rtc_uid_text      400 invalid_uid GET /rtc/ch/publisher/uid/test/ "expiry=600"
row go_rtc_expiry_text   400 invalid_expire GET /rtc/ch/publisher/uid/0/ "expiry=failing"
row go_rtc_expiry_0      400 invalid_expire GET /rtc/ch/publisher/uid/0/ "expiry=0"
row go_rtc_tokentype     400 invalid_token_type GET /rtc/ch/publisher/bogus/0/
row go_rtc_uid_2_pow_32  400 invalid_uid GET /rtc/ch/publisher/uid/4294967296/
row go_rtc_empty_channel 400 invalid_channel GET /rtc//publisher/uid/0/
row go_rtm_uid_0         400 invalid_user GET /rtm/0/ "expiry=600"
row go_rte_no_rtm_user   400 invalid_user GET /rte/ch/publisher/uid/0/ "expiry=600"
row go_chat_expiry_text  400 invalid_expire GET /chat/account/u/ "expiry=fail"
BODY='{"tokenType":"invalid_type","channel":"c","role":"publisher","uid":"u","expire":3600}' CT=application/json \
row gettoken_bad_type    400 unsupported_token_type POST /getToken
BODY='{"channel":"c","role":"subscriber","expire":1800}' CT=application/json \
row gettoken_no_type     400 unsupported_token_type POST /getToken
BODY='{"tokenType":"rtc","role":"publisher","uid":"user123","expire":3600}' CT=application/json \
row gettoken_no_channel  400 missing_parameter POST /getToken
BODY='{"tokenType":"rtm","expire":1800}' CT=application/json \
row gettoken_rtm_no_uid  400 missing_parameter POST /getToken
BODY='' CT=application/json \
row gettoken_empty_body  400 invalid_json POST /getToken
BODY='{"tokenType":"rtc","channel":"c","uid":"99999999999"}' CT=application/json \
row gettoken_uid_big     400 invalid_uid POST /getToken
row py_no_channel_name   400 missing_parameter GET /v1/token
row py_empty_channel     400 invalid_channel GET /v1/token "channel_name="
row node_no_channel      400 missing_parameter GET /rtcToken "uid=1"
row node_uid_text        400 invalid_uid GET /rtcToken "channelName=c&uid=abc"
row node_no_account      400 missing_parameter GET /rtmToken
# ---- caller authentication ----
KEY=test-api-key-1
KEYHASH=$(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1)
write_config apikey.json '{"apps":[{"name":"demo","app_id":"'"$APP_ID"'","certificate":"'"$CERT"'"}],
  "auth":{"mode":"api_key","api_keys_sha256":["'"$KEYHASH"'"]}}'
APIKEY_CONF=$CONF
write_config bind.json '{"apps":[{"name":"demo","app_id":"'"$APP_ID"'","certificate":"'"$CERT"'"}],
  "auth":{"mode":"remote_user","bind_identity":true}}'
BIND_CONF=$CONF
CONF=$STD_CONF
CONF=$APIKEY_CONF \
row api_key_missing      401 unauthorized GET /v1/rtc "channel=c&uid=1"
CONF=$APIKEY_CONF XH1="HTTP_AUTHORIZATION=Bearer wrong-key" \
row api_key_wrong        401 unauthorized GET /v1/rtc "channel=c&uid=1"
CONF=$APIKEY_CONF XH1="HTTP_AUTHORIZATION=Basic dXNlcjpwYXNz" \
row api_key_basic_scheme 401 unauthorized GET /v1/rtc "channel=c&uid=1"
CONF=$APIKEY_CONF XH1="HTTP_AUTHORIZATION=Bearer $KEY" \
row api_key_ok_bad_input 400 invalid_uid GET /v1/rtc "channel=c&uid=x"
CONF=$BIND_CONF \
row remote_user_missing  401 unauthorized GET /v1/rtc "channel=c&account=alice"
CONF=$BIND_CONF XH1=REMOTE_USER=alice \
row bind_other_account   403 identity_mismatch GET /v1/rtc "channel=c&account=bob"
CONF=$BIND_CONF XH1=REMOTE_USER=alice \
row bind_uid_0           403 identity_mismatch GET /v1/rtc "channel=c&uid=0"
CONF=$BIND_CONF XH1=REMOTE_USER=alice \
row bind_other_rtm_user  403 identity_mismatch GET /v1/rtc "channel=c&account=alice&rtm_user=bob"
CONF=$BIND_CONF XH1=REMOTE_USER=alice \
row bind_chat_app        403 identity_mismatch GET /v1/chat "type=app"
CONF=$BIND_CONF XH1=REMOTE_USER=alice \
row bind_py_uid_0        403 identity_mismatch GET /v1/token "channel_name=c"
CONF=$BIND_CONF XH1=REMOTE_USER=alice \
row bind_go_rtm_other    403 identity_mismatch GET /rtm/bob/
CONF=$BIND_CONF XH1=REMOTE_USER=12345 \
row bind_uid_other       403 identity_mismatch GET /v1/rtc "channel=c&uid=12346"
diag "bad-input rows: $ROWS"

# ---- boundaries that must pass ----
good_row channel_63_bytes GET /v1/rtc "channel=$A63&uid=7" -- \
    --channel "$A63" --uid-str 7 --privs rtc:1,2,3,4
good_row account_255_bytes GET /v1/rtc "channel=c&account=$A255" -- \
    --channel c --uid-str "$A255"
good_row uid_max GET /v1/rtc "channel=c&uid=4294967295" -- \
    --channel c --uid-str 4294967295
good_row uid_0_any_user GET /v1/rtc "channel=c&uid=0" -- \
    --channel c --uid-str ""
good_row expire_max GET /v1/rtc "channel=c&uid=1&expire=86400" -- \
    --channel c --expire 86400
good_row expire_1 GET /v1/rtc "channel=c&uid=1&expire=1" -- \
    --channel c --expire 1
SPECIAL=' !#$%&()+-:;<=.>?@[]^_{}|~,'
good_row channel_every_special GET /v1/rtc "channel=$(urlenc "x${SPECIAL}y")&uid=1" -- \
    --channel "x${SPECIAL}y" --uid-str 1
good_row account_every_special GET /v1/rtc "channel=c&account=$(urlenc "Az09${SPECIAL}")" -- \
    --channel c --uid-str "Az09${SPECIAL}"

CONF=$APIKEY_CONF XH1="HTTP_AUTHORIZATION=Bearer $KEY" req GET /v1/rtc "channel=c&uid=1"
is 200 "$STATUS" "api key accepted"
CONF=$APIKEY_CONF XH1="HTTP_AUTHORIZATION=bearer   $KEY" req GET /v1/rtc "channel=c&uid=1"
is 200 "$STATUS" "api key: scheme is case-insensitive, extra spaces allowed"
CONF=$BIND_CONF XH1=REMOTE_USER=alice req GET /v1/rtc "channel=c&account=alice&rtm_user=alice"
is 200 "$STATUS" "bind_identity: own account and rtm_user accepted"
CONF=$BIND_CONF XH1=REMOTE_USER=12345 req GET /v1/rtc "channel=c&uid=12345"
is 200 "$STATUS" "bind_identity: own numeric uid accepted"

test "$ROWS" -ge 45
ok $? "the table has at least 45 bad-input rows ($ROWS)"
finish
