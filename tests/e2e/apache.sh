#!/bin/bash
# SPDX-License-Identifier: MIT
#
# End-to-end: real Apache 2.4 (event MPM, only the modules it needs) with
# www/examples/apache-fcgid.conf, mod_fcgid spawning agora-token.fcgi as an
# unprivileged user, on a free 127.0.0.1 port.  Every native and compatible
# route is requested with curl and every token verified (CLI + independent
# checker); then api_key auth through CGIPassAuth, and remote_user auth with
# bind_identity behind www/examples/apache-basic-auth.conf (Apache checks a
# password file and passes REMOTE_USER).  Last, the same routes' core
# through www/examples/apache-proxy-fcgi.conf, with the responder listening
# on a unix socket it was handed as fd 0 (as spawn-fcgi does).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/lib.sh"
. "$E2E_DIR/api.sh"

need curl "HTTP client" curl
need jq "JSON checks" jq
need apache2 "the web server under test" apache2
[ -f "$AGT_APACHE_MODDIR/mod_fcgid.so" ] ||
	t_missing "mod_fcgid is installed" "no $AGT_APACHE_MODDIR/mod_fcgid.so (Debian: apt-get install libapache2-mod-fcgid)"
need_programs
workspace apache

# mod_fcgid runs the responder as Apache's User: it must own the config and
# the 0600 certificate file.
CONFIG_OWNER=$RUN_USER
make_config "$CONFIG_OWNER"
stage ""
mkdir -p "$W/apache"
MODS="mpm_event authz_core mime dir alias fcgid"

# start [basic-auth]: Apache with apache-fcgid.conf, and with "basic-auth"
# also apache-basic-auth.conf and the password file $HTPASSWD.
apache_on() { # PORT [basic-auth]
	local port=$1 mods=$MODS
	[ "${2:-}" = basic-auth ] && mods="$mods auth_basic authn_core authn_file authz_user"
	# shellcheck disable=SC2086
	agt_apache_write_conf "$W/apache/httpd.conf" "$W/apache" "$port" "$RUN_USER" "$RUN_GROUP" \
		"$top_srcdir/www/examples/apache-fcgid.conf" $mods
	[ "${2:-}" = basic-auth ] &&
		echo "Include \"$top_srcdir/www/examples/apache-basic-auth.conf\"" >> "$W/apache/httpd.conf"
	agt_apache_start "$W/apache/httpd.conf" "$W/apache" "$port" \
		-C "Define AGT_FCGI_DIR $W/app" -C "Define AGT_WWW $W/www" \
		-C "Define AGT_CONFIG $CONFIG" -C "Define AGT_HTPASSWD ${HTPASSWD:-/nonexistent}"
}
start() {
	agt_on_free_port "$W/start.err" apache_on "$@" ||
		t_missing "Apache starts with www/examples/apache-fcgid.conf" "$(cat "$W/start.err")"
	track_pid "$AGT_APACHE_PID"
	PORT=$AGT_ON_PORT
	BASE=http://127.0.0.1:$PORT
}

start
pass "Apache started with www/examples/apache-fcgid.conf on $BASE (User $RUN_USER)"

api_page
api_all
api_parallel 20

owner=$(ps -o user= -p "$(pgrep -f "$W/app/" | head -n 1)" 2>/dev/null | tr -d ' ')
is "$owner" "$RUN_USER" "mod_fcgid runs the responder as $RUN_USER"

agt_stop_pid "$AGT_APACHE_PID"
KEY=$(agt_random_hex 40)
auth_config "$KEY"
start
api_auth_key "$KEY"
agt_stop_pid "$AGT_APACHE_PID"

# ---- remote_user: Apache logs callers in, the responder binds identities ----
# A password file for alice (bcrypt with htpasswd when it is there, else
# Apache's {SHA} form); the password goes through stdin, never argv.
HTPASSWD=$W/apache/htpasswd
PW=$(agt_random_hex 24)
if command -v htpasswd >/dev/null 2>&1; then
	printf '%s' "$PW" | htpasswd -i -B -c "$HTPASSWD" alice 2>/dev/null
else
	printf '%s' "$PW" | "$PYTHON" -c 'import base64, hashlib, sys
print("alice:{SHA}" + base64.b64encode(hashlib.sha1(sys.stdin.buffer.read()).digest()).decode())' > "$HTPASSWD"
fi
chmod 644 "$HTPASSWD"
basic() { printf 'Authorization: Basic %s' "$(printf '%s:%s' "$1" "$2" | base64 -w0)"; }
write_config "$CONFIG" "$CONFIG_OWNER" '{"mode": "remote_user", "bind_identity": true}'
start basic-auth
pass "Apache started with apache-fcgid.conf + apache-basic-auth.conf"
req GET "/v1/rtc?channel=$CH&account=alice&role=publisher"
is "$H_STATUS" 401 "remote_user: no login -> Apache answers 401"
like "$(hdr WWW-Authenticate)" '^Basic ' "remote_user: Apache asks for Basic credentials"
is "$(jq_body '.token // empty')" "" "remote_user: no token without a login"
req GET "/v1/rtc?channel=$CH&account=alice&role=publisher" -H "$(basic alice "wrong-$PW")"
is "$H_STATUS" 401 "remote_user: a wrong password -> 401"
req GET "/v1/rtc?channel=$CH&account=alice&role=publisher" -H "$(basic alice "$PW")"
expect_token_response "remote_user: alice asks for her own account"
check_rtc "remote_user: alice's token" "$TOKEN" "$APP_A" "$CH" alice
req GET "/v1/rtc?channel=$CH&account=bob&role=publisher" -H "$(basic alice "$PW")"
expect_error 403 "remote_user: alice asks for bob's account" '^identity_mismatch$'
req GET "/v1/rtm?user=alice" -H "$(basic alice "$PW")"
expect_token_response "remote_user: alice's RTM token"
req GET /healthz
is "$H_STATUS" 200 "remote_user: /healthz stays public"
agt_stop_pid "$AGT_APACHE_PID"
if grep -q -e "$PW" "$W/apache/error.log" "$W/apache/apache.out" 2>/dev/null; then
	fail "remote_user: the password is in no server log"
else
	pass "remote_user: the password is in no server log"
fi

# ---- mod_proxy_fcgi to a responder on a unix socket -------------------------
write_config "$CONFIG" "$CONFIG_OWNER" '{"mode": "none"}'
SOCK=$W/run/fcgi.sock
chmod 755 "$W/run"
# Bind the socket, hand it to the responder as fd 0 and drop to RUN_USER:
# what spawn-fcgi or a systemd socket unit does.
spawn_on_socket() {
	rm -f "$SOCK"
	AGORA_TOKEN_CONFIG=$CONFIG "$PYTHON" -c '
import os, pwd, socket, sys
path, user, prog = sys.argv[1:4]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(path)
s.listen(16)
pw = pwd.getpwnam(user)
if os.getuid() == 0:
    os.chown(path, pw.pw_uid, pw.pw_gid)
    os.setgid(pw.pw_gid)
    os.setuid(pw.pw_uid)
os.dup2(s.fileno(), 0)
os.execv(prog, [prog])
' "$SOCK" "$RUN_USER" "$W/app/agora-token.fcgi" >>"$W/run/spawned.log" 2>&1 &
	SPAWNED=$!
	track_pid "$SPAWNED"
	for i in $(seq 1 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
}
spawn_on_socket
PORT=$(agt_pick_port)
agt_apache_write_conf "$W/apache/httpd.conf" "$W/apache" "$PORT" "$RUN_USER" "$RUN_GROUP" \
	"$top_srcdir/www/examples/apache-proxy-fcgi.conf" mpm_event authz_core mime dir proxy proxy_fcgi
if agt_apache_start "$W/apache/httpd.conf" "$W/apache" "$PORT" \
	-C "Define AGT_SOCKET $SOCK" -C "Define AGT_WWW $W/www" 2>"$W/start.err"; then
	track_pid "$AGT_APACHE_PID"
	BASE=http://127.0.0.1:$PORT
	pass "Apache started with www/examples/apache-proxy-fcgi.conf on $BASE"
	api_page
	api_health
	api_rtc
	api_inspect
	req GET "/rtc/$CH/publisher/uid/$UIDN/"
	expect_token_response "proxy_fcgi: GET /rtc/:channel/publisher/uid/:uid/" .rtcToken
	req GET /v1/no-such-route
	expect_error 404 "proxy_fcgi: GET /v1/no-such-route"
	# api_key: the responder restarted on the socket with the new config.
	agt_stop_pid "$SPAWNED"
	auth_config "$KEY"
	spawn_on_socket
	api_auth_key "$KEY"
	agt_stop_pid "$AGT_APACHE_PID"
else
	fail "Apache starts with www/examples/apache-proxy-fcgi.conf" "$(cat "$W/start.err")"
fi
agt_stop_pid "$SPAWNED"

log_has_no_secret "$W/apache/error.log" "$W/apache/apache.out" "$W/run/spawned.log"
t_done
