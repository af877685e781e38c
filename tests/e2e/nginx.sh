#!/bin/bash
# SPDX-License-Identifier: MIT
#
# End-to-end: real nginx (master and one worker, the worker unprivileged)
# with the site file www/examples/nginx.conf on a free 127.0.0.1 port, in
# front of agora-token.fcgi --socket on a unix socket (run as the same
# unprivileged user, as a supervisor would).  Every native and compatible
# route is requested at the root mount and the core of them below /api/;
# statuses, headers and bodies are checked and every token is verified (CLI
# + independent checker).  Then chunked request bodies, nginx's own body
# limit, api_key auth (the Authorization header reaches the responder) and
# remote_user auth behind nginx's auth_basic with a password file.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/lib.sh"
. "$E2E_DIR/api.sh"

need curl "HTTP client" curl
need jq "JSON checks" jq
need nginx "the web server under test" nginx
[ -f /etc/nginx/fastcgi_params ] ||
	t_missing "nginx's fastcgi_params" "no /etc/nginx/fastcgi_params (Debian: apt-get install nginx)"
need_programs
workspace nginx

CONFIG_OWNER=$RUN_USER
make_config "$CONFIG_OWNER"
stage ""
mkdir -p "$W/nginx"
SOCK=$W/sock/fcgi.sock
SITE=$top_srcdir/www/examples/nginx.conf

# start [REALM HTPASSWD]: nginx with the site file, its SITE values set to
# our socket, port and playground (and the auth realm and password file).
nginx_on() { # PORT [REALM HTPASSWD]
	local port=$1
	shift
	agt_nginx_site "$SITE" "$W/nginx/site.conf" "$SOCK" "$port" "$W/www" "$@" ||
		t_missing "www/examples/nginx.conf has its SITE values where expected" \
			"$(diff "$SITE" "$W/nginx/site.conf")"
	agt_nginx_write_conf "$W/nginx/nginx.conf" "$W/nginx" "$W/nginx/site.conf" "$RUN_USER" "$RUN_GROUP"
	agt_nginx_start "$W/nginx/nginx.conf" "$W/nginx" "$port"
}
start() {
	agt_on_free_port "$W/start.err" nginx_on "$@" ||
		t_missing "nginx starts with www/examples/nginx.conf" "$(cat "$W/start.err")"
	track_pid "$AGT_NGINX_PID"
	PORT=$AGT_ON_PORT
	BASE=http://127.0.0.1:$PORT
}

responder_on_socket "$SOCK" ||
	t_missing "agora-token.fcgi --socket starts" "$(cat "$W/run/responder.log")"
pass "agora-token.fcgi --socket $SOCK started (as $RUN_USER)"
start
pass "nginx started with www/examples/nginx.conf on $BASE"

api_page
api_all
api_parallel 20
api_mount /api
api_chunked
api_chunked /api

# Far beyond the responder's limit, nginx's client_max_body_size answers.
head -c 100000 /dev/zero | tr '\0' 'a' > "$W/huge"
req POST /v1/rtc -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$W/huge"
is "$H_STATUS" 413 "POST /v1/rtc with a 100000-byte body: nginx's own 413 (client_max_body_size 64k)"

worker=$(pgrep -P "$AGT_NGINX_PID" -f 'nginx: worker' | head -n 1)
is "$(ps -o user= -p "$worker" 2>/dev/null | tr -d ' ')" "$RUN_USER" "the nginx worker runs as $RUN_USER"
is "$(ps -o user= -p "$RSP_PID" 2>/dev/null | tr -d ' ')" "$RUN_USER" "the responder runs as $RUN_USER"

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

# ---- remote_user: nginx logs callers in, the responder binds identities ----
agt_stop_pid "$AGT_NGINX_PID"
agt_stop_pid "$RSP_PID"
HTPASSWD=$W/nginx/htpasswd
PW=$(agt_random_hex 24)
if command -v htpasswd >/dev/null 2>&1; then
	printf '%s' "$PW" | htpasswd -i -B -c "$HTPASSWD" alice 2>/dev/null
else
	printf 'alice:%s\n' "$(printf '%s' "$PW" | openssl passwd -apr1 -stdin)" > "$HTPASSWD"
fi
chmod 644 "$HTPASSWD"
basic() { printf 'Authorization: Basic %s' "$(printf '%s:%s' "$1" "$2" | base64 -w0)"; }
write_config "$CONFIG" "$CONFIG_OWNER" '{"mode": "remote_user", "bind_identity": true}'
responder_on_socket "$SOCK" || fail "responder restarts with remote_user auth" "$(tail -n 5 "$W/run/responder.log")"
start agora-token "$HTPASSWD"
pass "nginx started with www/examples/nginx.conf, auth realm set"
for pre in "" /api; do
	req GET "$pre/v1/rtc?channel=$CH&account=alice&role=publisher"
	is "$H_STATUS" 401 "remote_user $pre: no login -> nginx answers 401"
	like "$(hdr WWW-Authenticate)" '^Basic ' "remote_user $pre: nginx asks for Basic credentials"
	is "$(jq_body '.token // empty')" "" "remote_user $pre: no token without a login"
	req GET "$pre/v1/rtc?channel=$CH&account=alice&role=publisher" -H "$(basic alice "wrong-$PW")"
	is "$H_STATUS" 401 "remote_user $pre: a wrong password -> 401"
	req GET "$pre/v1/rtc?channel=$CH&account=alice&role=publisher" -H "$(basic alice "$PW")"
	expect_token_response "remote_user $pre: alice asks for her own account"
	check_rtc "remote_user $pre: alice's token" "$TOKEN" "$APP_A" "$CH" alice
	req GET "$pre/v1/rtc?channel=$CH&account=bob&role=publisher" -H "$(basic alice "$PW")"
	expect_error 403 "remote_user $pre: alice asks for bob's account" '^identity_mismatch$'
	req GET "$pre/healthz"
	is "$H_STATUS" 200 "remote_user $pre: /healthz stays public"
done
req GET /
is "$H_STATUS" 200 "remote_user: the playground stays public"
agt_stop_pid "$AGT_NGINX_PID"
agt_stop_pid "$RSP_PID"
if grep -q -e "$PW" "$W/nginx/error.log" "$W/nginx/access.log" "$W/run/responder.log" 2>/dev/null; then
	fail "remote_user: the password is in no server log"
else
	pass "remote_user: the password is in no server log"
fi

log_has_no_secret "$W/nginx/error.log" "$W/nginx/nginx.out" "$W/run/responder.log"
t_done
