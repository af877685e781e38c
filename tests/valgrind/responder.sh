#!/bin/sh
# SPDX-License-Identifier: MIT
# responder.sh - agora-token.fcgi in CGI mode under memcheck: token
# routes (GET query, POST JSON, POST form), inspect, health, the
# compatibility routes, and the error paths (400, 404, 405, 413, and the
# 500 of a broken configuration or a world-readable certificate file),
# with the app credential from the environment and from a config file.
# Each request must get its status, and the process 0 errors and 0 bytes
# leaked or still reachable (libfcgi's own table is suppressed).
. "$top_srcdir/tests/valgrind/lib.sh"

FCGI="$top_builddir/src/agora-token.fcgi"

# One request: NAME STATUS METHOD PATH QUERY [BODY CONTENT_TYPE]
#   CGI environment only (as a web server would give), plus
#   the credential variables in $CRED.
cgi() {
	name=$1 status=$2 method=$3 path=$4 query=$5 body=${6-} ct=${7-}
	printf '%s' "$body" >"$VG_WORK/$name.in"
	set -- REQUEST_METHOD="$method" PATH_INFO="$path" QUERY_STRING="$query" \
	    GATEWAY_INTERFACE=CGI/1.1 SERVER_PROTOCOL=HTTP/1.1 \
	    SCRIPT_NAME=/cgi-bin/agora-token.fcgi PATH="$PATH"
	[ -n "$body" ] && set -- "$@" CONTENT_LENGTH="$(wc -c <"$VG_WORK/$name.in" | tr -d ' ')"
	[ -n "$ct" ] && set -- "$@" CONTENT_TYPE="$ct"
	[ -n "${XENV-}" ] && set -- "$@" "$XENV"
	# shellcheck disable=SC2086
	env -i "$@" $CRED sh -c '
		exec "$0" --mode=execute "$1" $2 --log-file="$3" "$4" \
		    <"$5" >"$6" 2>"$7"' \
	    "$top_builddir/libtool" "$VALGRIND" "$VG_OPTS" "$VG_WORK/$name.vg" \
	    "$FCGI" "$VG_WORK/$name.in" "$VG_WORK/$name.out" "$VG_WORK/$name.err"
	got=$?
	VG_N=$((VG_N + 1))
	errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$VG_WORK/$name.vg" | tail -1)
	st=$(sed -n 's/^Status: \([0-9]*\).*/\1/p' "$VG_WORK/$name.out" | head -1)
	if [ "$got" = 0 ] && [ "${errs:-x}" = 0 ] && [ "$st" = "$status" ]; then
		echo "ok $VG_N - $name: status $st, 0 errors, 0 leaks"
	else
		echo "not ok $VG_N - $name: status ${st:-?} (want $status), exit $got, valgrind errors ${errs:-?}"
		grep -v '^==[0-9]*== *$' "$VG_WORK/$name.vg" | sed 's/^/# /' | head -60
		sed 's/^/# out: /' "$VG_WORK/$name.out" | head -8
		sed 's/^/# err: /' "$VG_WORK/$name.err" | head -5
		VG_FAILED=$((VG_FAILED + 1))
	fi
}

# ---- credential from the environment ----
CRED="AGORA_APP_ID=$VG_APP_ID AGORA_APP_CERTIFICATE=$VG_CERT"
cgi rtc-get 200 GET /v1/rtc "channel=c&uid=42&expire=600"
cgi rtc-006 200 GET /v1/rtc "channel=c&uid=42&format=006"
cgi rtc-post-json 200 POST /v1/rtc "" \
    '{"channel":"c","account":"alice","role":"subscriber","rtm_user":"alice"}' \
    application/json
cgi rtm-post-form 200 POST /v1/rtm "" "user=u&expire=900" \
    "application/x-www-form-urlencoded; charset=utf-8"
cgi chat 200 GET /v1/chat "type=app"
cgi apaas 200 GET /v1/apaas "room=r&user=u&role=2"
cgi fpa 200 GET /v1/fpa ""
cgi healthz 200 GET /healthz ""
cgi compat-rtc 200 GET /rtc/c/publisher/uid/3/ "expiry=600"
cgi compat-getToken 200 POST /getToken "" \
    '{"tokenType":"rtc","channel":"c","role":"publisher","uid":"123","expire":3600}' \
    application/json
cgi node-rtc 200 GET /rtcToken "channelName=c&uid=5"
TOKEN=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$VG_WORK/rtc-get.out")
cgi inspect 200 POST /v1/inspect "" "{\"token\":\"$TOKEN\",\"channel\":\"c\",\"uid\":\"42\"}" \
    application/json
cgi inspect-garbage 400 GET /v1/inspect "token=007notatoken"
cgi bad-channel 400 GET /v1/rtc "channel=%01&uid=1"
cgi unknown-param 400 GET /v1/rtc "channel=c&colour=blue"
cgi bad-json 400 POST /v1/rtc "" '{"channel":"c",' application/json
cgi not-found 404 GET /v1/nothing ""
cgi wrong-method 405 PUT /v1/rtc ""
XENV=CONTENT_LENGTH=1000000 cgi too-large 413 POST /v1/rtc "" "" application/json
XENV=

# ---- credential from a configuration file ----
mkdir -p "$VG_WORK/conf"
printf '%s\n' "$VG_CERT" >"$VG_WORK/conf/demo.cert"
chmod 600 "$VG_WORK/conf/demo.cert"
printf '{"apps":[{"name":"demo","app_id":"%s","certificate_file":"demo.cert"}],"cors_origins":["https://app.example"],"auth":{"mode":"none"}}\n' \
    "$VG_APP_ID" >"$VG_WORK/conf/ok.json"
printf '{"apps": [\n' >"$VG_WORK/conf/broken.json"
cp "$VG_WORK/conf/demo.cert" "$VG_WORK/conf/open.cert"
chmod 644 "$VG_WORK/conf/open.cert"
sed 's/demo.cert/open.cert/' "$VG_WORK/conf/ok.json" >"$VG_WORK/conf/open.json"
chmod 600 "$VG_WORK/conf/"*.json

CRED="AGORA_TOKEN_CONFIG=$VG_WORK/conf/ok.json"
XENV=HTTP_ORIGIN=https://app.example cgi config-file-rtc 200 GET /v1/rtc "channel=c&uid=1"
XENV=HTTP_ORIGIN=https://app.example cgi preflight 204 OPTIONS /v1/rtc ""
XENV=
CRED="AGORA_TOKEN_CONFIG=$VG_WORK/conf/broken.json"
cgi config-broken 500 GET /v1/rtc "channel=c&uid=1"
CRED="AGORA_TOKEN_CONFIG=$VG_WORK/conf/open.json"
cgi config-open-cert 500 GET /v1/rtc "channel=c&uid=1"
CRED=""
cgi no-config 500 GET /v1/rtc "channel=c&uid=1"

vg_done
