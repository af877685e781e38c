# SPDX-License-Identifier: MIT
#
# The HTTP assertions every server suite runs against its $BASE URL: each
# native and compatible route of agora-token.fcgi (doc/http-api.md) with
# status, Content-Type, Cache-Control: no-store and JSON body checked, every
# returned token verified by the CLI and by tokcheck.py, plus error routes
# (400/404/405/413), CORS and the no-leak rule for the certificate.  Sourced
# after lib.sh; the suites choose which groups to run.

CH=e2e-channel
UIDN=4242

# api_all: every check of a full server (routes, services, inspect, the
# compatible routes, errors, CORS), in this order.
api_all() {
	api_health
	api_rtc
	api_services
	api_inspect
	api_compat
	api_errors
	api_cors
}

api_health() {
	req GET /healthz
	expect_json 200 "GET /healthz"
	if grep -q -e "$CERT_A" -e "$CERT_B" "$W/body" "$W/headers"; then
		fail "GET /healthz: no certificate in the answer"
	else
		pass "GET /healthz: no certificate in the answer"
	fi
}

api_rtc() {
	local t
	req GET "/v1/rtc?channel=$CH&uid=$UIDN&role=publisher"
	expect_token_response "GET /v1/rtc uid"
	t=$TOKEN
	like "$t" '^007' "GET /v1/rtc uid: 007 by default"
	is "$(jq_body .format)" "007" "GET /v1/rtc uid: format field"
	is "$(jq_body .app_id)" "$APP_A" "GET /v1/rtc uid: app_id of the first app"
	jq -e --argjson now "$(date +%s)" '(.issued_at - $now) * (.issued_at - $now) < 90000' "$W/body" >/dev/null 2>&1
	ok $? "GET /v1/rtc uid: issued_at is now (within 5 min)" "$(body)"
	is "$(jq_body '.expires_at - .issued_at')" 3600 "GET /v1/rtc uid: lives default_expire (3600 s)"
	check_rtc "GET /v1/rtc uid" "$t" "$APP_A" "$CH" "$UIDN"
	decode_cli "GET /v1/rtc uid" "$t" "$APP_A"
	RTC_TOKEN=$t

	req GET "/v1/rtc?channel=$CH&account=alice&role=subscriber&format=006&expire=600"
	expect_token_response "GET /v1/rtc account 006"
	like "$TOKEN" "^006$APP_A" "GET /v1/rtc account 006: 006 token of the app"
	is "$(jq_body '.expires_at - .issued_at')" 600 "GET /v1/rtc account 006: lives expire=600 s"
	check_rtc "GET /v1/rtc account 006" "$TOKEN" "$APP_A" "$CH" alice

	# The limits themselves are accepted (the values one past them: api_errors).
	local ch63
	ch63=$(printf 'c%.0s' $(seq 1 63))
	req GET "/v1/rtc?channel=$ch63&uid=4294967295&role=publisher&expire=86400"
	expect_token_response "GET /v1/rtc 63-byte channel, uid 2^32-1, expire=max_expire"
	check_rtc "GET /v1/rtc 63-byte channel, uid 2^32-1" "$TOKEN" "$APP_A" "$ch63" 4294967295

	req POST /v1/rtc --data-urlencode "channel=$CH" --data-urlencode "uid=7" --data-urlencode "role=publisher"
	expect_token_response "POST /v1/rtc form"
	check_rtc "POST /v1/rtc form" "$TOKEN" "$APP_A" "$CH" 7

	req POST /v1/rtc -H 'Content-Type: application/json' \
		--data "{\"channel\": \"$CH\", \"uid\": 8, \"role\": \"publisher\", \"app\": \"e2e-inline\"}"
	expect_token_response "POST /v1/rtc JSON, second app"
	is "$(jq_body .app_id)" "$APP_B" "POST /v1/rtc JSON, second app: app_id"
	check_rtc "POST /v1/rtc JSON, second app" "$TOKEN" "$APP_B" "$CH" 8
}

api_services() {
	req GET "/v1/rtm?user=alice"
	expect_token_response "GET /v1/rtm"
	decode_cli "GET /v1/rtm" "$TOKEN" "$APP_A"
	case $TOKEN in
	006*) verify_cli "GET /v1/rtm" "$TOKEN" "$APP_A" --user alice ;;
	*) verify_cli "GET /v1/rtm" "$TOKEN" "$APP_A" ;;
	esac
	case $TOKEN in
	006*) tokcheck "GET /v1/rtm" "$TOKEN" "$APP_A" 'true' --channel alice --uid '' ;;
	*) tokcheck "GET /v1/rtm" "$TOKEN" "$APP_A" 'any(.services[]; .type == 2 and .user_id == "alice")' ;;
	esac

	req GET "/v1/chat?user=alice"
	expect_token_response "GET /v1/chat user"
	verify_cli "GET /v1/chat user" "$TOKEN" "$APP_A"
	tokcheck "GET /v1/chat user" "$TOKEN" "$APP_A" 'any(.services[]; .type == 5 and .user_id == "alice")'

	req GET "/v1/chat?type=app"
	expect_token_response "GET /v1/chat app"
	tokcheck "GET /v1/chat app" "$TOKEN" "$APP_A" 'any(.services[]; .type == 5 and .user_id == "")'

	req GET "/v1/fpa"
	expect_token_response "GET /v1/fpa"
	verify_cli "GET /v1/fpa" "$TOKEN" "$APP_A"
	tokcheck "GET /v1/fpa" "$TOKEN" "$APP_A" 'any(.services[]; .type == 4)'

	req GET "/v1/apaas?room=room-1&user=alice&role=2"
	expect_token_response "GET /v1/apaas room user"
	verify_cli "GET /v1/apaas room user" "$TOKEN" "$APP_A"
	tokcheck "GET /v1/apaas room user" "$TOKEN" "$APP_A" \
		'any(.services[]; .type == 7 and .room_uuid == "room-1" and .user_uuid == "alice" and .role == 2)'

	req GET "/v1/apaas?user=alice"
	expect_token_response "GET /v1/apaas user"
	tokcheck "GET /v1/apaas user" "$TOKEN" "$APP_A" 'any(.services[]; .type == 7 and .user_uuid == "alice")'
}

api_inspect() {
	local bad
	req GET "/v1/inspect?token=$(printf '%s' "$RTC_TOKEN" | jq -sRr @uri)"
	expect_json 200 "GET /v1/inspect"
	is "$(jq_body .signature)" "valid" "GET /v1/inspect: signature valid"
	jq -e --arg app "$APP_A" 'tostring | contains($app)' "$W/body" >/dev/null 2>&1
	ok $? "GET /v1/inspect: names the app id"
	jq -e --arg ch "$CH" 'tostring | contains($ch)' "$W/body" >/dev/null 2>&1
	ok $? "GET /v1/inspect: shows the channel"
	jq -e '.problems | type == "array"' "$W/body" >/dev/null 2>&1
	ok $? "GET /v1/inspect: problems is a list" "$(body)"
	if grep -q -e "$CERT_A" -e "$CERT_B" "$W/body"; then
		fail "GET /v1/inspect: no certificate in the answer"
	else
		pass "GET /v1/inspect: no certificate in the answer"
	fi

	req POST /v1/inspect --data-urlencode "token=$RTC_TOKEN"
	expect_json 200 "POST /v1/inspect form"

	# The same token with one signature bit flipped: parses, must not verify.
	bad=$(printf '%s' "$RTC_TOKEN" | "$PYTHON" -c '
import base64, sys, zlib
t = sys.stdin.read().strip()
raw = bytearray(zlib.decompress(base64.b64decode(t[3:])))
raw[2] ^= 1
print(t[:3] + base64.b64encode(zlib.compress(bytes(raw))).decode())')
	req POST /v1/inspect --data-urlencode "token=$bad"
	expect_json 200 "POST /v1/inspect forged signature"
	is "$(jq_body .signature)" "invalid" "POST /v1/inspect forged signature: signature invalid"

	req POST /v1/inspect --data-urlencode "token=007notatoken"
	expect_error 400 "POST /v1/inspect garbage" "token"
}

api_compat() {
	req GET /ping
	expect_json 200 "GET /ping"
	is "$(jq_body .message)" "pong" "GET /ping: pong"

	req POST /getToken -H 'Content-Type: application/json' \
		--data "{\"tokenType\": \"rtc\", \"channel\": \"$CH\", \"role\": \"publisher\", \"uid\": \"$UIDN\", \"expire\": 600}"
	expect_token_response "POST /getToken rtc"
	check_rtc "POST /getToken rtc" "$TOKEN" "$APP_A" "$CH" "$UIDN"

	req GET "/rtc/$CH/publisher/uid/$UIDN/?expiry=600"
	expect_token_response "GET /rtc/:channel/publisher/uid/:uid/" .rtcToken
	check_rtc "GET /rtc/:channel/publisher/uid/:uid/" "$TOKEN" "$APP_A" "$CH" "$UIDN"

	req GET "/rtc/$CH/subscriber/userAccount/bob/"
	expect_token_response "GET /rtc/:channel/subscriber/userAccount/:uid/" .rtcToken
	check_rtc "GET /rtc/:channel/subscriber/userAccount/:uid/" "$TOKEN" "$APP_A" "$CH" bob

	req GET "/rtm/alice/"
	expect_token_response "GET /rtm/:uid/" .rtmToken
	tokcheck "GET /rtm/:uid/" "$TOKEN" "$APP_A" 'any(.services[]; .type == 2 and .user_id == "alice")'

	req GET "/rte/$CH/publisher/uid/$UIDN/alice/"
	expect_token_response "GET /rte/...: rtcToken" .rtcToken
	check_rtc "GET /rte/...: rtcToken" "$TOKEN" "$APP_A" "$CH" "$UIDN"
	TOKEN=$(jq_body '.rtmToken // empty')
	tokcheck "GET /rte/...: rtmToken" "$TOKEN" "$APP_A" 'any(.services[]; .type == 2 and .user_id == "alice")'

	req GET /chat/app/
	expect_token_response "GET /chat/app/" .chatToken
	tokcheck "GET /chat/app/" "$TOKEN" "$APP_A" 'any(.services[]; .type == 5)'

	req GET /chat/account/alice/
	expect_token_response "GET /chat/account/:id/" .chatToken
	tokcheck "GET /chat/account/:id/" "$TOKEN" "$APP_A" 'any(.services[]; .type == 5 and .user_id == "alice")'

	req GET "/v1/token?channel_name=$CH"
	is "$H_STATUS" 200 "GET /v1/token?channel_name= (python token_service): HTTP 200"
	like "$H_CTYPE" '^text/plain' "GET /v1/token: plain text"
	like "$H_CACHE" 'no-store' "GET /v1/token: Cache-Control: no-store"
	TOKEN=$(tr -d '\r\n' < "$W/body")
	check_rtc "GET /v1/token" "$TOKEN" "$APP_A" "$CH" 0

	req GET "/rtcToken?channelName=$CH&uid=$UIDN"
	expect_token_response "GET /rtcToken (Node DemoServer)" .key
	check_rtc "GET /rtcToken" "$TOKEN" "$APP_A" "$CH" "$UIDN"

	req GET "/rtmToken?account=alice"
	expect_token_response "GET /rtmToken (Node DemoServer)" .key
	case $TOKEN in
	006*) tokcheck "GET /rtmToken" "$TOKEN" "$APP_A" 'true' --channel alice --uid '' ;;
	*) tokcheck "GET /rtmToken" "$TOKEN" "$APP_A" 'any(.services[]; .type == 2 and .user_id == "alice")' ;;
	esac
}

api_errors() {
	local long
	req GET "/v1/rtc?uid=1&role=publisher"
	expect_error 400 "GET /v1/rtc without channel" "missing|channel"

	long=$(printf 'c%.0s' $(seq 1 64))
	req GET "/v1/rtc?channel=$long&uid=1&role=publisher"
	expect_error 400 "GET /v1/rtc with a 64-byte channel" "channel"

	req GET "/v1/rtc?channel=$CH&uid=4294967296&role=publisher"
	expect_error 400 "GET /v1/rtc with uid 2^32" "uid"

	req GET "/v1/rtc?channel=$CH&uid=1&role=publisher&expire=0"
	expect_error 400 "GET /v1/rtc with expire=0" "expire"

	req GET "/v1/rtc?channel=$CH&uid=1&role=publisher&expire=86401"
	expect_error 400 "GET /v1/rtc with expire=max_expire+1" "expire"

	req GET "/v1/rtc?channel=$CH&uid=1&role=king"
	expect_error 400 "GET /v1/rtc with an unknown role" "role"

	req GET /v1/no-such-route
	expect_error 404 "GET /v1/no-such-route" "not_found"

	req DELETE "/v1/rtc?channel=$CH&uid=1"
	expect_error 405 "DELETE /v1/rtc" "method"

	head -c 17000 /dev/zero | tr '\0' 'a' > "$W/big"
	req POST /v1/rtc -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$W/big"
	expect_error 413 "POST /v1/rtc with a 17000-byte body" "large"

	req POST /v1/rtc -H 'Content-Type: application/json' --data '{"channel": '
	expect_error 400 "POST /v1/rtc with broken JSON" "json"
}

api_cors() {
	req OPTIONS /v1/rtc -H 'Origin: http://allowed.example' -H 'Access-Control-Request-Method: GET'
	like "$H_STATUS" '^20[04]$' "OPTIONS /v1/rtc preflight from an allowed origin: 200/204"
	is "$(hdr Access-Control-Allow-Origin)" "http://allowed.example" "preflight: Access-Control-Allow-Origin"

	req GET "/v1/rtc?channel=$CH&uid=1&role=publisher" -H 'Origin: http://allowed.example'
	is "$(hdr Access-Control-Allow-Origin)" "http://allowed.example" "GET from an allowed origin: Access-Control-Allow-Origin"

	req GET "/v1/rtc?channel=$CH&uid=1&role=publisher" -H 'Origin: http://evil.example'
	is "$(hdr Access-Control-Allow-Origin)" "" "GET from another origin: no Access-Control-Allow-Origin"
}

# api_auth_key KEY: with auth mode api_key, the Authorization header must
# reach the responder through the server config (CGIPassAuth and friends).
api_auth_key() {
	local key=$1
	req GET "/v1/rtc?channel=$CH&uid=1&role=publisher"
	expect_error 401 "api_key: no Authorization header"
	req GET "/v1/rtc?channel=$CH&uid=1&role=publisher" -H "Authorization: Bearer wrong-$key"
	like "$H_STATUS" '^40[13]$' "api_key: a wrong key is refused (401/403)"
	req GET "/v1/rtc?channel=$CH&uid=1&role=publisher" -H "Authorization: Bearer $key"
	expect_token_response "api_key: the right key"
	check_rtc "api_key: the right key" "$TOKEN" "$APP_A" "$CH" 1
}

# auth_config KEY: rewrite the config with auth mode api_key for KEY.
auth_config() {
	local sha
	sha=$(printf '%s' "$1" | sha256sum | cut -d' ' -f1)
	write_config "$CONFIG" "$CONFIG_OWNER" "{\"mode\": \"api_key\", \"api_keys_sha256\": [\"$sha\"]}"
}

# log_has_no_secret LOGFILE...: the certificates never reach a server log.
log_has_no_secret() {
	if cat "$@" 2>/dev/null | grep -q -e "$CERT_A" -e "$CERT_B"; then
		fail "server logs hold no certificate"
	else
		pass "server logs hold no certificate"
	fi
}

# api_page: the playground is served next to the responder.
api_page() {
	req GET /
	is "$H_STATUS" 200 "GET /: HTTP 200"
	like "$H_CTYPE" '^text/html' "GET /: HTML"
	grep -q 'Agora token playground' "$W/body"
	ok $? "GET /: is the playground"
	req GET /app.js
	is "$H_STATUS" 200 "GET /app.js: HTTP 200"
	like "$H_CTYPE" 'javascript' "GET /app.js: JavaScript content type"
}

# api_parallel N: N concurrent token requests all succeed (several FastCGI
# processes, no shared state).
api_parallel() {
	local n=$1 good
	good=$(seq 1 "$n" | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 \
		"$BASE/v1/rtc?channel=$CH&uid={}&role=publisher" | grep -c '^200$')
	is "$good" "$n" "$n concurrent GET /v1/rtc all answered 200"
}

# api_chunked [PREFIX]: POST bodies sent with Transfer-Encoding: chunked (no
# Content-Length) reach the responder whole: the answer is the right token,
# it comes at once, and the connection is closed without leaving the
# responder waiting (the /healthz right after is answered at once too; a
# responder stuck in a lingering close would hold it for up to 2 s).
api_chunked() {
	local pre=${1:-} t
	t=$(curl -sS --max-time 10 -o "$W/body" -D "$W/headers" -w '%{time_total}' \
		-H 'Transfer-Encoding: chunked' -H 'Content-Type: application/x-www-form-urlencoded' \
		--data "channel=$CH&uid=9&role=publisher" "$BASE$pre/v1/rtc" 2>"$W/curl.err")
	H_STATUS=$(tr -d '\r' < "$W/headers" | sed -n 's/^HTTP[^ ]* \([0-9]*\).*/\1/p' | tail -n 1)
	H_CTYPE=$(hdr Content-Type); H_CACHE=$(hdr Cache-Control)
	expect_token_response "chunked POST $pre/v1/rtc form"
	check_rtc "chunked POST $pre/v1/rtc form" "$TOKEN" "$APP_A" "$CH" 9
	awk -v t="$t" 'BEGIN { exit !(t < 1.0) }'
	ok $? "chunked POST $pre/v1/rtc form: answered in under 1 s (${t}s)"
	t=$(curl -sS --max-time 10 -o "$W/body" -w '%{http_code} %{time_total}' "$BASE$pre/healthz" 2>&1)
	like "$t" '^200 0\.' "GET $pre/healthz right after: 200 in under 1 s ($t)"

	req POST "$pre/v1/rtc" -H 'Transfer-Encoding: chunked' -H 'Content-Type: application/json' \
		--data "{\"channel\": \"$CH\", \"account\": \"carol\", \"role\": \"subscriber\"}"
	expect_token_response "chunked POST $pre/v1/rtc JSON"
	check_rtc "chunked POST $pre/v1/rtc JSON" "$TOKEN" "$APP_A" "$CH" carol

	head -c 17000 /dev/zero | tr '\0' 'a' > "$W/big"
	req POST "$pre/v1/rtc" -H 'Transfer-Encoding: chunked' \
		-H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$W/big"
	expect_error 413 "chunked POST $pre/v1/rtc with a 17000-byte body" "large"
}

# api_mount PREFIX: the responder mounted below PREFIX (e.g. /api) answers
# there: native and compatible routes with verified tokens, a form POST,
# and a JSON 404 for an unknown route below the prefix.
api_mount() {
	local pre=$1
	req GET "$pre/healthz"
	expect_json 200 "GET $pre/healthz"
	req GET "$pre/v1/rtc?channel=$CH&uid=$UIDN&role=publisher"
	expect_token_response "GET $pre/v1/rtc"
	check_rtc "GET $pre/v1/rtc" "$TOKEN" "$APP_A" "$CH" "$UIDN"
	req POST "$pre/v1/rtc" --data-urlencode "channel=$CH" --data-urlencode "account=dave"
	expect_token_response "POST $pre/v1/rtc form"
	check_rtc "POST $pre/v1/rtc form" "$TOKEN" "$APP_A" "$CH" dave
	req GET "$pre/rtc/$CH/publisher/uid/$UIDN/"
	expect_token_response "GET $pre/rtc/:channel/publisher/uid/:uid/" .rtcToken
	check_rtc "GET $pre/rtc/:channel/publisher/uid/:uid/" "$TOKEN" "$APP_A" "$CH" "$UIDN"
	req GET "$pre/v1/rtm?user=alice"
	expect_token_response "GET $pre/v1/rtm"
	req GET "$pre/v1/no-such-route"
	expect_error 404 "GET $pre/v1/no-such-route" "not_found"
}
