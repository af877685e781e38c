#!/bin/bash
# SPDX-License-Identifier: MIT
#
# End-to-end: systemd socket activation.  The shipped units
# (dist/systemd/agora-token.socket and .service) are checked for the
# hardening they promise, with systemd-analyze verify and its offline
# security score where that works.  Then systemd-socket-activate (the
# protocol without systemd as PID 1) holds a unix socket and starts the
# responder on the first connection with LISTEN_FDS/LISTEN_PID; the test
# drives it with a FastCGI client and through nginx, checks that it took
# the socket as sd_listen_fds(3) would (close-on-exec, blocking; the
# environment side is tests/responder/sd-listen-t), finds its certificate through $CREDENTIALS_DIRECTORY as
# LoadCredential= provides it, reads bodies of unknown length, leaves the
# socket to its owner when stopped, and refuses unusable LISTEN_* values.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/lib.sh"
. "$E2E_DIR/api.sh"

need curl "HTTP client" curl
need jq "JSON checks" jq
need systemd-socket-activate "socket activation without systemd as PID 1" systemd
[ -n "$PYTHON" ] || t_missing "python3 is installed (the FastCGI client)" "Debian: apt-get install python3"
need_programs
workspace systemd

UNITS=$top_srcdir/dist/systemd
FCGI_CLIENT=$top_srcdir/tests/faults/fcgi-client.py
SOCK=$W/sock/fcgi.sock
CONFIG_OWNER=$RUN_USER
stage ""

# ---- the units --------------------------------------------------------------
SVC=$UNITS/agora-token.service.in
for d in DynamicUser=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes \
	NoNewPrivileges=yes MemoryDenyWriteExecute=yes RestrictAddressFamilies=AF_UNIX \
	'CapabilityBoundingSet=' 'Environment=AGORA_TOKEN_CONFIG=%d/config.json' \
	'LoadCredential=config.json:/etc/agora-token/config.json' \
	'LoadCredential=myapp.cert:/etc/agora-token/myapp.cert' \
	'ExecStart=@bindir@/agora-token.fcgi'; do
	grep -qxF -- "$d" "$SVC"
	ok $? "agora-token.service: $d"
done
grep -qxF 'ListenStream=/run/agora-token/fcgi.sock' "$UNITS/agora-token.socket"
ok $? "agora-token.socket: ListenStream=/run/agora-token/fcgi.sock"
grep -qxF 'Accept=no' "$UNITS/agora-token.socket"
ok $? "agora-token.socket: Accept=no (one responder serves the listening socket)"
grep -qF 'server unix:/run/agora-token/fcgi.sock;' "$top_srcdir/www/examples/nginx.conf" &&
	grep -qF '{$AGT_SOCKET:/run/agora-token/fcgi.sock}' "$top_srcdir/www/examples/Caddyfile"
ok $? "nginx.conf and Caddyfile default to the socket unit's path"

# systemd-analyze checks the units as systemd would load them; ExecStart
# must name an executable, so the copy points at the staged responder.
mkdir -p "$W/units"
sed "s|@bindir@/agora-token.fcgi|$W/app/agora-token.fcgi|" "$SVC" > "$W/units/agora-token.service"
cp "$UNITS/agora-token.socket" "$W/units/"
if ! command -v systemd-analyze >/dev/null 2>&1; then
	skip "systemd-analyze verify: systemd-analyze not installed (Debian: systemd)"
	skip "systemd-analyze security: systemd-analyze not installed (Debian: systemd)"
else
	out=$(cd "$W/units" && systemd-analyze verify --man=no agora-token.socket agora-token.service 2>&1)
	st=$?
	if [ $st -ne 0 ] && printf '%s' "$out" | grep -qiE 'not been booted|Failed to (initialize|connect|create)|No such file or directory.*(bus|systemd)'; then
		skip "systemd-analyze verify: cannot run here ($(printf '%s' "$out" | head -n 1))"
	else
		ok $st "systemd-analyze verify: both units load cleanly" "$out"
	fi
	out=$(systemd-analyze security --offline=yes "$W/units/agora-token.service" 2>&1)
	score=$(printf '%s' "$out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
	if [ -z "$score" ]; then
		skip "systemd-analyze security --offline: not supported here ($(printf '%s' "$out" | tail -n 1))"
	else
		awk -v s="$score" 'BEGIN { exit !(s <= 1.0) }'
		ok $? "systemd-analyze security: exposure $score (at most 1.0)" "$out"
	fi
fi

# ---- credentials: a relative certificate_file under LoadCredential= -------
APP_A=$(agt_random_hex 32); CERT_A=$(agt_random_hex 32)
APP_B=$(agt_random_hex 32); CERT_B=$(agt_random_hex 32)
CREDS=$W/creds
mkdir -p "$CREDS"
(umask 077; printf '%s\n' "$CERT_A" > "$CREDS/myapp.cert")
chown -R "$RUN_USER" "$CREDS"
chmod 500 "$CREDS"; chmod 400 "$CREDS/myapp.cert"
CONFIG=$W/etc/config.json
cat > "$CONFIG" <<JSON
{
  "apps": [
    {"name": "myapp", "app_id": "$APP_A", "certificate_file": "myapp.cert"},
    {"name": "e2e-inline", "app_id": "$APP_B", "certificate": "$CERT_B"}
  ],
  "cors_origins": ["http://allowed.example"],
  "auth": {"mode": "none"}
}
JSON
chmod 600 "$CONFIG"; chown "$RUN_USER" "$CONFIG"
out=$(AGORA_TOKEN_CONFIG=$CONFIG "$W/app/agora-token.fcgi" --check-config 2>&1)
st=$?
[ $st -ne 0 ] && printf '%s' "$out" | grep -qF "$W/etc/myapp.cert"
ok $? "without CREDENTIALS_DIRECTORY a relative certificate_file is looked up beside the config" "$out"
out=$(CREDENTIALS_DIRECTORY=$CREDS AGORA_TOKEN_CONFIG=$CONFIG "$W/app/agora-token.fcgi" --check-config 2>&1)
ok $? "with CREDENTIALS_DIRECTORY it is found there (--check-config passes)" "$out"

# ---- activation -----------------------------------------------------------------
mkdir -p "$W/sock"; chown "$RUN_USER" "$W/sock"
(as_run_user systemd-socket-activate -l "$SOCK" -E "AGORA_TOKEN_CONFIG=$CONFIG" \
	-E "CREDENTIALS_DIRECTORY=$CREDS" "$W/app/agora-token.fcgi") >>"$W/run/activate.log" 2>&1 &
SA_PID=$!
track_pid "$SA_PID"
for i in $(seq 1 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
[ -S "$SOCK" ] || t_missing "systemd-socket-activate listens on $SOCK" "$(cat "$W/run/activate.log")"
pass "systemd-socket-activate listens on $SOCK (as $RUN_USER)"
exe() { readlink "/proc/$SA_PID/exe" 2>/dev/null; }
case $(exe) in
*agora-token.fcgi) fail "the responder is not started before the first connection" "$(exe)" ;;
*) pass "the responder is not started before the first connection" ;;
esac

# fcgi_req DESC PARAM... [-- BODY]: one FastCGI request; sets OUT (the CGI
# answer), H_STATUS and the JSON body in $W/body.
fcgi_req() {
	local d=$1 body= st
	shift
	local -a args=()
	while [ $# -gt 0 ]; do
		if [ "$1" = -- ]; then body=$2; break; fi
		args+=(-p "$1")
		shift
	done
	OUT=$("$PYTHON" "$FCGI_CLIENT" "$SOCK" "${args[@]}" --body "$body" --timeout 10 2>"$W/fcgi.err")
	st=$?
	ok $st "$d: FastCGI answer complete (END_REQUEST)" "$(cat "$W/fcgi.err")"
	H_STATUS=$(printf '%s' "$OUT" | tr -d '\r' | sed -n 's/^Status: \([0-9]*\).*/\1/p' | head -n 1)
	[ -n "$H_STATUS" ] || H_STATUS=200
	printf '%s' "$OUT" | tr -d '\r' | sed '1,/^$/d' > "$W/body"
}

fcgi_req "first connection" REQUEST_METHOD=GET SCRIPT_NAME= PATH_INFO=/v1/rtc \
	"QUERY_STRING=channel=$CH&uid=$UIDN&role=publisher"
is "$H_STATUS" 200 "first connection: GET /v1/rtc answered 200"
TOKEN=$(jq_body '.token // empty')
check_rtc "socket-activated GET /v1/rtc (certificate from the credentials directory)" "$TOKEN" "$APP_A" "$CH" "$UIDN"
case $(exe) in
*agora-token.fcgi) pass "the first connection started the responder in place of systemd-socket-activate (pid $SA_PID)" ;;
*) fail "the first connection started the responder" "exe: $(exe)" ;;
esac
flags=$(sed -n 's/^flags:[[:space:]]*//p' "/proc/$SA_PID/fdinfo/3" 2>/dev/null)
[ -n "$flags" ] && [ $((0$flags & 02000000)) -ne 0 ]
ok $? "the passed socket (descriptor 3) is close-on-exec (flags $flags)"
[ -n "$flags" ] && [ $((0$flags & 04000)) -eq 0 ]
ok $? "the passed socket is blocking for libfcgi's accept (flags $flags)"

fcgi_req "second connection" REQUEST_METHOD=GET PATH_INFO=/healthz
is "$H_STATUS" 200 "second connection: GET /healthz answered 200 by the same process"

# Bodies whose length the web server does not know: Caddy's CONTENT_LENGTH
# -1, and Apache mod_proxy_fcgi's Transfer-Encoding without a length.
FORM="channel=$CH&uid=11&role=publisher"
fcgi_req "CONTENT_LENGTH -1" REQUEST_METHOD=POST PATH_INFO=/v1/rtc CONTENT_LENGTH=-1 \
	CONTENT_TYPE=application/x-www-form-urlencoded -- "$FORM"
is "$H_STATUS" 200 "POST with CONTENT_LENGTH -1: 200"
check_rtc "POST with CONTENT_LENGTH -1" "$(jq_body '.token // empty')" "$APP_A" "$CH" 11
fcgi_req "Transfer-Encoding, no CONTENT_LENGTH" REQUEST_METHOD=POST PATH_INFO=/v1/rtc \
	HTTP_TRANSFER_ENCODING=chunked CONTENT_TYPE=application/x-www-form-urlencoded -- "$FORM"
is "$H_STATUS" 200 "POST with Transfer-Encoding and no CONTENT_LENGTH: 200"
check_rtc "POST with Transfer-Encoding and no CONTENT_LENGTH" "$(jq_body '.token // empty')" "$APP_A" "$CH" 11
fcgi_req "CONTENT_LENGTH -1, 16384 bytes" REQUEST_METHOD=POST PATH_INFO=/v1/rtc CONTENT_LENGTH=-1 \
	CONTENT_TYPE=application/x-www-form-urlencoded -- "$FORM&pad=$(head -c $((16384 - ${#FORM} - 5)) /dev/zero | tr '\0' 'a')"
is "$(jq_body '.error.code // empty')" "unknown_parameter" "POST with CONTENT_LENGTH -1 and exactly 16 KiB: read whole (the unknown pad is named)"
fcgi_req "CONTENT_LENGTH -1, 16385 bytes" REQUEST_METHOD=POST PATH_INFO=/v1/rtc CONTENT_LENGTH=-1 \
	CONTENT_TYPE=application/x-www-form-urlencoded -- "$(head -c 16385 /dev/zero | tr '\0' 'a')"
is "$H_STATUS" 413 "POST with CONTENT_LENGTH -1 and 16 KiB + 1: 413"
is "$(jq_body '.error.code // empty')" "body_too_large" "POST with CONTENT_LENGTH -1 and 16 KiB + 1: body_too_large"
fcgi_req "plain GET after the 413" REQUEST_METHOD=GET PATH_INFO=/healthz
is "$H_STATUS" 200 "a plain GET after the 413 is answered"

# ---- behind nginx -----------------------------------------------------------------
if command -v nginx >/dev/null 2>&1 && [ -f /etc/nginx/fastcgi_params ]; then
	mkdir -p "$W/nginx"
	PORT=$(agt_pick_port)
	if agt_nginx_site "$top_srcdir/www/examples/nginx.conf" "$W/nginx/site.conf" "$SOCK" "$PORT" "$W/www" &&
		cp -R "$top_srcdir/www/." "$W/www/" && chmod -R a+rX "$W/www" &&
		agt_nginx_write_conf "$W/nginx/nginx.conf" "$W/nginx" "$W/nginx/site.conf" "$RUN_USER" "$RUN_GROUP" &&
		agt_nginx_start "$W/nginx/nginx.conf" "$W/nginx" "$PORT" 2>"$W/start.err"; then
		track_pid "$AGT_NGINX_PID"
		BASE=http://127.0.0.1:$PORT
		pass "nginx started with www/examples/nginx.conf in front of the activated socket"
		api_health
		api_rtc
		api_mount /api
		api_chunked
		agt_stop_pid "$AGT_NGINX_PID"
	else
		fail "nginx starts in front of the activated socket" "$(cat "$W/start.err")"
	fi
else
	skip "behind nginx: nginx not installed (Debian: apt-get install nginx)"
fi

# ---- stopping -----------------------------------------------------------------------
kill -TERM "$SA_PID"
for i in $(seq 1 50); do kill -0 "$SA_PID" 2>/dev/null || break; sleep 0.1; done
wait "$SA_PID"
is "$?" 0 "SIGTERM: the responder exits 0"
[ -S "$SOCK" ]
ok $? "the socket stays (it belongs to the service manager, not the responder)"

# ---- LISTEN_* that do not fit --------------------------------------------------------
out=$(env -i LISTEN_FDS=1 LISTEN_PID=1 REQUEST_METHOD=GET PATH_INFO=/healthz \
	AGORA_TOKEN_CONFIG=$CONFIG CREDENTIALS_DIRECTORY=$CREDS "$W/app/agora-token.fcgi" 2>&1 3</dev/null)
like "$out" '"status":"ok"' "LISTEN_PID of another process: ignored, the request runs as CGI"
out=$(env -i AGORA_TOKEN_CONFIG=$CONFIG CREDENTIALS_DIRECTORY=$CREDS bash -c \
	'export LISTEN_PID=$$ LISTEN_FDS=1; exec "$0"' "$W/app/agora-token.fcgi" 2>&1 3<"$CONFIG")
st=$?
[ $st -eq 1 ] && printf '%s' "$out" | grep -q 'socket activation: descriptor 3 is not a stream socket'
ok $? "LISTEN_FDS for a descriptor that is no socket: exit 1 with the reason" "exit $st: $out"
out=$(env -i AGORA_TOKEN_CONFIG=$CONFIG CREDENTIALS_DIRECTORY=$CREDS bash -c \
	'export LISTEN_PID=$$ LISTEN_FDS=two; exec "$0"' "$W/app/agora-token.fcgi" 2>&1 3<"$CONFIG")
st=$?
[ $st -eq 1 ] && printf '%s' "$out" | grep -q 'LISTEN_FDS is "two", not a number of sockets'
ok $? "LISTEN_FDS that is not a number: exit 1 with the reason" "exit $st: $out"

log_has_no_secret "$W/run/activate.log" "$W/nginx/error.log"
t_done
