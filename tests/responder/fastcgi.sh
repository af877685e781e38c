#!/bin/bash
# SPDX-License-Identifier: MIT
# fastcgi.sh - the same binary as a FastCGI server: on its own socket
# (--socket, for a process manager) and spawned with the listening socket
# on fd 0 (as lighttpd or mod_fcgid start it), driven by libfcgi's own
# cgi-fcgi bridge.
#
# Threat: a long-running process that carries state from one request into
# the next, reloads or re-logs its configuration per request, hides a
# broken configuration after start, or ignores SIGTERM so the server must
# kill it.  Skipped (with the reason) when cgi-fcgi (Debian package
# libfcgi-bin) is not installed; the --socket start-up checks always run.
. "$top_srcdir/tests/responder/lib.sh"

std_config
SOCK="$WORK/fcgi.sock"
LOG="$WORK/out/fcgi-server.err"

# wait_for_socket PATH: 0 once PATH accepts a connection within 5 s.  The
# file appears at bind(2), a moment before listen(2): a request sent then
# would be refused.
wait_for_socket() {
	local i
	for i in $(seq 1 50); do
		[ -S "$1" ] && python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])' "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
wait_gone() {   # wait_gone PID: 0 when it exits within 3 s
	local i
	for i in $(seq 1 30); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}

# fcgi_req METHOD PATH QUERY [BODY [CT]] against $SOCK
fcgi_req() {
	local -a envv
	REQ_N=$((REQ_N + 1))
	OUT="$WORK/out/resp.$REQ_N"
	ERR="$WORK/out/err.$REQ_N"
	envv=(REQUEST_METHOD="$1" PATH_INFO="$2" QUERY_STRING="$3")
	if [ -n "${4+x}" ]; then
		printf '%s' "$4" >"$WORK/body"
		envv+=(CONTENT_LENGTH="$(wc -c <"$WORK/body" | tr -d ' ')"
		    CONTENT_TYPE="${5:-application/json}")
		env -i "${envv[@]}" cgi-fcgi -bind -connect "$SOCK" \
		    <"$WORK/body" >"$OUT" 2>"$ERR"
	else
		env -i "${envv[@]}" cgi-fcgi -bind -connect "$SOCK" \
		    </dev/null >"$OUT" 2>"$ERR"
	fi
	STATUS=$("$TOOL" status "$OUT")
}

# ---- --socket: start-up, requests, SIGTERM ----
env -i PATH="$PATH" AGORA_TOKEN_CONFIG="$CONF" "$FCGI" --socket "$SOCK" 2>"$LOG" &
PID=$!
wait_for_socket "$SOCK"
ok $? "--socket: listening on a unix socket"
is 1 "$(grep -c "info: configuration $CONF: apps demo ($APP_ID), second ($APP_ID2)" "$LOG")" \
    "--socket: one start-up summary line"
grep -q "warning: auth mode none" "$LOG"
ok $? "--socket: auth none warned at start"
grep -q "info: FastCGI server listening on $SOCK" "$LOG"
ok $? "--socket: says where it listens"

if ! command -v cgi-fcgi >/dev/null 2>&1; then
	for i in $(seq 1 15); do
		ok 0 "# SKIP cgi-fcgi not installed (Debian package libfcgi-bin)"
	done
else
	fcgi_req GET /v1/rtc "channel=f1&uid=11"
	is 200 "$STATUS" "FastCGI: GET /v1/rtc"
	"$TOOL" verify "$(jget token)" --channel f1 --uid-str 11 \
	    --privs rtc:1,2,3,4 2>>"$WORK/out/verify.err"
	ok $? "FastCGI: token verifies"
	is no-store "$(hget Cache-Control)" "FastCGI: Cache-Control: no-store"
	fcgi_req POST /v1/rtc "" '{"channel":"f2","account":"amy","role":"subscriber"}'
	"$TOOL" verify "$(jget token)" --channel f2 --uid-str amy --privs rtc:1 \
	    2>>"$WORK/out/verify.err"
	ok $? "FastCGI: POST JSON body read through FCGI_STDIN"
	fcgi_req GET /v1/rtc "channel=&uid=1"
	is "400 invalid_channel" "$STATUS $(jget error.code)" "FastCGI: bad input -> 400"
	fcgi_req GET /v1/rtc "uid=1"
	is "400 missing_parameter" "$STATUS $(jget error.code)" \
	    "FastCGI: no parameter leaks from the previous request"
	for i in $(seq 1 20); do
		fcgi_req GET /rtc/loop$i/publisher/uid/$i/
		[ "$STATUS" = 200 ] || break
	done
	is 200 "$STATUS" "FastCGI: 20 more requests in the same process"
	"$TOOL" verify "$(jget rtcToken)" --channel loop20 --uid-str 20 \
	    2>>"$WORK/out/verify.err"
	ok $? "FastCGI: the 20th token is for its own request"
	is 1 "$(grep -c "info: configuration" "$LOG")" \
	    "FastCGI: the configuration is loaded and logged once per process"
	kill -0 "$PID" 2>/dev/null
	ok $? "FastCGI: the process is still the same one"

	# ---- spawned as the web server does: listening socket on fd 0 ----
	# A wrapper records the pid, then execs the responder (same pid).
	SOCK2="$WORK/spawned.sock"
	printf '#!/bin/sh\necho $$ >"%s"\nexec "%s"\n' "$WORK/spawned.pid" "$FCGI" \
	    >"$WORK/spawn.sh"
	chmod 755 "$WORK/spawn.sh"
	env -i PATH="$PATH" AGORA_TOKEN_CONFIG="$CONF" \
	    cgi-fcgi -start -connect "$SOCK2" "$WORK/spawn.sh" >/dev/null \
	    2>"$WORK/out/spawn.err"
	SAVED=$SOCK
	SOCK=$SOCK2
	fcgi_req GET /v1/rtm "user=spawned"
	is 200 "$STATUS" "spawned with the socket on fd 0: FastCGI mode"
	"$TOOL" verify "$(jget token)" --user spawned 2>>"$WORK/out/verify.err"
	ok $? "spawned: token verifies"
	SOCK=$SAVED
	SPAWNED=$(cat "$WORK/spawned.pid" 2>/dev/null)
	if [ -n "$SPAWNED" ]; then
		kill -TERM "$SPAWNED"
		wait_gone "$SPAWNED"
		ok $? "spawned: SIGTERM ends it"
	else
		ok 1 "spawned: SIGTERM ends it (no pid recorded)"
	fi

	# ---- a broken configuration in FastCGI mode ----
	SOCK3="$WORK/broken.sock"
	write_config broken.json '{"apps": 5}'
	env -i PATH="$PATH" AGORA_TOKEN_CONFIG="$CONF" "$FCGI" --socket "$SOCK3" \
	    2>"$WORK/out/broken-server.err" &
	PID3=$!
	wait_for_socket "$SOCK3"
	SOCK=$SOCK3
	fcgi_req GET /v1/rtc "channel=c&uid=1"
	SOCK=$SAVED
	is 500 "$STATUS" "FastCGI with a broken configuration: 500"
	grep -q "broken.json: apps must be an array" "$ERR" "$WORK/out/broken-server.err"
	ok $? "FastCGI with a broken configuration: the reason is logged"
	kill -TERM "$PID3"
	wait "$PID3" 2>/dev/null
fi

kill -TERM "$PID"
wait_gone "$PID"
ok $? "SIGTERM: the server exits promptly"
wait "$PID"
is 0 "$?" "SIGTERM: exit status 0"
[ ! -e "$SOCK" ]
ok $? "SIGTERM: the socket file is removed"

# --socket on an impossible path fails loudly.
env -i PATH="$PATH" AGORA_TOKEN_CONFIG="$STD_CONF" "$FCGI" \
    --socket "$WORK/no/such/dir/s.sock" 2>"$WORK/out/nosock.err"
is 1 "$?" "--socket on a missing directory: exit 1"
grep -q "cannot listen on" "$WORK/out/nosock.err"
ok $? "--socket on a missing directory: says why"

finish
