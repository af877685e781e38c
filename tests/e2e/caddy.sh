#!/bin/bash
# SPDX-License-Identifier: MIT
#
# End-to-end: real Caddy 2 running as an unprivileged user with
# www/examples/Caddyfile (its reverse_proxy fastcgi transport) on a free
# 127.0.0.1 port, in front of agora-token.fcgi --socket on a unix socket.
# Every native and compatible route is requested at the root mount and the
# core of them below /api/; every token is verified (CLI + independent
# checker).  Then request bodies sent in chunks, which Caddy relays with
# CONTENT_LENGTH -1 (its "unknown length"), and api_key auth (the
# Authorization header reaches the responder).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/lib.sh"
. "$E2E_DIR/api.sh"

need curl "HTTP client" curl
need jq "JSON checks" jq
need caddy "the web server under test" caddy
need_programs
workspace caddy

CONFIG_OWNER=$RUN_USER
make_config "$CONFIG_OWNER"
stage ""
mkdir -p "$W/caddy"
chown "$RUN_USER" "$W/caddy"
SOCK=$W/sock/fcgi.sock
# Caddy runs as the unprivileged user, who may not be able to traverse the
# checkout (a clone in a 0700 home), so it reads a copy from the workspace.
CADDYFILE=$W/caddy/Caddyfile
cp "$top_srcdir/www/examples/Caddyfile" "$CADDYFILE"
chmod 644 "$CADDYFILE"
export AGT_WWW=$W/www AGT_SOCKET=$SOCK

run_as=
[ "$(id -u)" = 0 ] && [ "$RUN_USER" != "$ME" ] &&
	run_as="setpriv --reuid=$RUN_USER --regid=$(id -g "$RUN_USER") --clear-groups --"

caddy_on() { # PORT
	export AGT_ADDR=http://127.0.0.1:$1
	# shellcheck disable=SC2086
	agt_caddy_start "$CADDYFILE" "$W/caddy" "$1" $run_as
}
start() {
	agt_on_free_port "$W/start.err" caddy_on ||
		t_missing "Caddy starts with www/examples/Caddyfile" "$(cat "$W/start.err")"
	track_pid "$AGT_CADDY_PID"
	PORT=$AGT_ON_PORT
	BASE=$AGT_ADDR
}

responder_on_socket "$SOCK" ||
	t_missing "agora-token.fcgi --socket starts" "$(cat "$W/run/responder.log")"
pass "agora-token.fcgi --socket $SOCK started (as $RUN_USER)"
start
pass "Caddy $(caddy version | cut -d' ' -f1) started with www/examples/Caddyfile on $BASE"
is "$(ps -o user= -p "$AGT_CADDY_PID" 2>/dev/null | tr -d ' ')" "$RUN_USER" "Caddy runs as $RUN_USER"

api_page
api_all
api_parallel 20
api_mount /api
api_chunked
api_chunked /api

# Far beyond the responder's limit, Caddy's request_body max_size answers.
head -c 100000 /dev/zero | tr '\0' 'a' > "$W/huge"
req POST /v1/rtc -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$W/huge"
is "$H_STATUS" 413 "POST /v1/rtc with a 100000-byte body: Caddy's own 413 (request_body max_size 64KB)"

req GET /healthz
is "$(hdr Status)" "" "the responder's CGI Status line is not passed on as a header"

# ---- api_key: the responder restarted with the new config ----------------
agt_stop_pid "$RSP_PID"
KEY=$(agt_random_hex 40)
auth_config "$KEY"
responder_on_socket "$SOCK" || fail "responder restarts with api_key auth" "$(tail -n 5 "$W/run/responder.log")"
api_auth_key "$KEY"
req GET "/api/v1/rtc?channel=$CH&uid=1&role=publisher" -H "Authorization: Bearer $KEY"
expect_token_response "api_key below /api/: the right key"
req GET "/api/v1/rtc?channel=$CH&uid=1&role=publisher"
expect_error 401 "api_key below /api/: no Authorization header"

agt_stop_pid "$AGT_CADDY_PID"
agt_stop_pid "$RSP_PID"
log_has_no_secret "$W/caddy/caddy.out" "$W/run/responder.log"
t_done
