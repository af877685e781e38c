#!/bin/bash
# SPDX-License-Identifier: MIT
#
# End-to-end: agora-token.fcgi as a plain CGI program (one process per
# request: libfcgi sees no FastCGI socket) under real Apache 2.4 with mod_cgid
# and www/examples/apache-cgi.conf, running as an unprivileged user on a free
# 127.0.0.1 port.  A subset of the routes, every token verified; errors; and
# api_key auth through CGIPassAuth (the config is re-read per request).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/lib.sh"
. "$E2E_DIR/api.sh"

need curl "HTTP client" curl
need jq "JSON checks" jq
need apache2 "the web server under test" apache2
[ -f "$AGT_APACHE_MODDIR/mod_cgid.so" ] ||
	t_missing "mod_cgid is installed" "no $AGT_APACHE_MODDIR/mod_cgid.so (Debian: apt-get install apache2)"
need_programs
workspace cgi

CONFIG_OWNER=$RUN_USER
make_config "$CONFIG_OWNER"
stage ""
mkdir -p "$W/apache"

cgi_on() { # PORT
	local port=$1
	agt_apache_write_conf "$W/apache/httpd.conf" "$W/apache" "$port" "$RUN_USER" "$RUN_GROUP" \
		"$top_srcdir/www/examples/apache-cgi.conf" mpm_event authz_core mime dir alias env cgid
	agt_apache_start "$W/apache/httpd.conf" "$W/apache" "$port" \
		-C "Define AGT_CGI_DIR $W/app" -C "Define AGT_WWW $W/www" \
		-C "Define AGT_CONFIG $CONFIG"
}
agt_on_free_port "$W/start.err" cgi_on ||
	t_missing "Apache starts with www/examples/apache-cgi.conf" "$(cat "$W/start.err")"
track_pid "$AGT_APACHE_PID"
PORT=$AGT_ON_PORT
BASE=http://127.0.0.1:$PORT
pass "Apache started with www/examples/apache-cgi.conf on $BASE (User $RUN_USER)"

api_page
api_health
api_rtc
api_inspect

req GET "/rtc/$CH/publisher/uid/$UIDN/"
expect_token_response "GET /rtc/:channel/publisher/uid/:uid/" .rtcToken
check_rtc "GET /rtc/:channel/publisher/uid/:uid/" "$TOKEN" "$APP_A" "$CH" "$UIDN"
req GET "/rtmToken?account=alice"
expect_token_response "GET /rtmToken" .key
req GET /ping
expect_json 200 "GET /ping"

api_errors

# No responder process stays behind: each request ran its own.
sleep 0.3
left=$(pgrep -f "$W/app/" | wc -l)
is "$left" 0 "no responder process outlives its CGI request"

KEY=$(agt_random_hex 40)
auth_config "$KEY"
api_auth_key "$KEY"

agt_stop_pid "$AGT_APACHE_PID"
log_has_no_secret "$W/apache/error.log" "$W/apache/apache.out"
t_done
