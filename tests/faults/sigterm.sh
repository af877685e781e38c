#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Fault: SIGTERM to a FastCGI responder.  Standalone on its own unix socket
# (agora-token.fcgi --socket PATH): idle, it exits at once with status 0,
# removes its socket and says so in its log; with a request in flight (the
# body still arriving) it first finishes that request, then exits 0; with
# requests queued on its socket (sent while it was stopped with SIGSTOP) it
# answers every one of them, then exits 0.  Under
# lighttpd (www/examples/lighttpd.conf, max-procs 2): the process exits 0
# (lighttpd logs the status), lighttpd spawns a new one, and under load
# only the requests already queued on that process can be lost.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/faults/lib.sh"

need curl "HTTP client" curl
need jq "JSON checks" jq
need lighttpd "the web server under test" lighttpd
need wrk "load generator" wrk
[ -n "$PYTHON" ] || t_missing "python3 is installed (FastCGI test client)" "apt-get install python3"
need_programs
workspace faults-term

make_config "$ME"
stage "$ME"
export AGORA_TOKEN_CONFIG=$CONFIG
SOCK=$W/run/term.sock
FCGI_GET="-p REQUEST_METHOD=GET -p SCRIPT_NAME= -p PATH_INFO=/v1/rtc"

# wait_exit PID MAX-SECONDS: sets EXIT_RC and EXIT_MS (time to exit).
wait_exit() {
	local pid=$1 max=$2 t0 i=0
	t0=$(now_ms)
	while kill -0 "$pid" 2>/dev/null && [ "$i" -lt $((max * 20)) ]; do
		sleep 0.05
		i=$((i + 1))
	done
	EXIT_MS=$(( $(now_ms) - t0 ))
	if kill -0 "$pid" 2>/dev/null; then
		EXIT_RC=timeout
		return 1
	fi
	wait "$pid"
	EXIT_RC=$?
}

# A stop line from the responder after its start-up lines.
stop_logged() {
	grep -v -e ': info: configuration ' -e 'auth mode none' -e 'listening on' "$W/standalone.err" |
		grep -Eiq "agora-token\.fcgi\[$1\].*(sigterm|signal|stop|exit|terminat|shut)"
}

# ---- standalone, idle ----------------------------------------------------------

start_standalone
ok $? "agora-token.fcgi --socket $SOCK listens" "$(cat "$W/standalone.err")"
fcgi "$SOCK" $FCGI_GET -p "QUERY_STRING=channel=term&uid=1" > "$W/out" 2>"$W/client.err"
grep -q '"token":"007' "$W/out"
ok $? "it answers a FastCGI request" "$(cat "$W/out" "$W/client.err")"
kill -TERM "$RPID"
wait_exit "$RPID" 5
is "$EXIT_RC" 0 "idle: SIGTERM ends it with status 0"
[ "$EXIT_MS" -lt 1000 ]
ok $? "idle: it exits promptly ($EXIT_MS ms)"
[ ! -e "$SOCK" ]
ok $? "idle: it removes its socket"
if stop_logged "$RPID"; then
	pass "idle: its log says it stops"
else
	t_out "not ok $((T_N + 1)) - idle: its log says it stops"
	T_N=$((T_N + 1))
	diag "log: $(tr '\n' '|' < "$W/standalone.err")"
fi

# ---- standalone, a request in flight ------------------------------------------------

start_standalone
ok $? "restarted on $SOCK"
BODY='channel=term-inflight&uid=4242&role=publisher'
fcgi "$SOCK" -p REQUEST_METHOD=POST -p SCRIPT_NAME= -p PATH_INFO=/v1/rtc \
	-p CONTENT_TYPE=application/x-www-form-urlencoded -p "CONTENT_LENGTH=${#BODY}" \
	--body "$BODY" --send 10 --finish-after 2 --timeout 10 --ready-file "$W/sent" \
	>"$W/out" 2>"$W/client.err" &
CPID=$!
# Once the first 10 bytes are out, the responder waits in its body read.
i=0
while [ ! -e "$W/sent" ] && [ "$i" -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
sleep 0.3
kill -TERM "$RPID"
wait "$CPID"
crc=$?
is "$crc" 0 "in flight: the client gets a complete answer after SIGTERM" "$(cat "$W/client.err")"
status=$(sed -n '1s/^Status: \([0-9]*\).*/\1/p' "$W/out")
if [ "$status" = 200 ] && grep -q '"token":"007' "$W/out"; then
	pass "in flight: the request is finished normally (200 with a token)"
else
	t_out "not ok $((T_N + 1)) - in flight: the request is finished normally (200 with a token): got HTTP ${status:-none}"
	T_N=$((T_N + 1))
	diag "$(tail -n 1 "$W/out")"
fi
wait_exit "$RPID" 5
is "$EXIT_RC" 0 "in flight: then it exits with status 0 (after $EXIT_MS ms)"
[ ! -e "$SOCK" ]
ok $? "in flight: it removes its socket"

# ---- standalone, requests queued on the socket ---------------------------------------

start_standalone
ok $? "restarted on $SOCK"
# Stopped, the process accepts nothing, so these wait in the listen queue.
kill -STOP "$RPID"
QPIDS=""
for k in 1 2 3 4 5; do
	fcgi "$SOCK" $FCGI_GET -p "QUERY_STRING=channel=term-queued&uid=$k" --timeout 15 \
		--ready-file "$W/queued$k.sent" >"$W/queued$k.out" 2>"$W/queued$k.err" &
	QPIDS="$QPIDS $!"
done
# Every request is in the listen queue once its client has sent it; a
# fixed sleep was too short for five Python start-ups on a loaded machine.
i=0
while [ "$(ls "$W"/queued?.sent 2>/dev/null | wc -l)" -lt 5 ] && [ "$i" -lt 400 ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -TERM "$RPID"
kill -CONT "$RPID"
answered=0
for p in $QPIDS; do
	wait "$p" && answered=$((answered + 1))
done
got=0
for k in 1 2 3 4 5; do
	grep -q '"token":"007' "$W/queued$k.out" && grep -q "\"uid\":$k[,}]" "$W/queued$k.out" &&
		got=$((got + 1))
done
is "$answered $got" "5 5" "queued: all 5 requests queued before SIGTERM get their own token" \
	"$(cat "$W"/queued*.err | head -n 5)"
wait_exit "$RPID" 5
is "$EXIT_RC" 0 "queued: then it exits with status 0 (after $EXIT_MS ms)"
grep -q "stopping on signal (5 queued requests answered first)" "$W/standalone.err"
ok $? "queued: its log counts the queued requests it answered" "$(tail -n 2 "$W/standalone.err")"
[ ! -e "$SOCK" ]
ok $? "queued: it removes its socket"

# ---- under lighttpd --------------------------------------------------------------------

export AGT_WWW=$W/www AGT_FCGI=$W/app/agora-token.fcgi AGT_RUN=$W/run
start_lighttpd "$ME" 2>"$W/start.err" ||
	t_missing "lighttpd starts with www/examples/lighttpd.conf" "$(cat "$W/start.err")"
ORIG=$(wait_responders 2)
ok $? "lighttpd runs 2 responders ($ORIG)"
set -- $ORIG
VICTIM=$1
kill -TERM "$VICTIM"
i=0
while [ -d "/proc/$VICTIM" ] && [ "$i" -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ ! -d "/proc/$VICTIM" ]
ok $? "under lighttpd: SIGTERM ends pid $VICTIM promptly"
i=0
while ! grep -q 'child exited: ' "$W/run/error.log" && [ "$i" -lt 60 ]; do sleep 0.05; i=$((i + 1)); done
grep -q 'child exited: 0 ' "$W/run/error.log"
ok $? "under lighttpd: its exit status is 0 (lighttpd's error log)" "$(tail -n 5 "$W/run/error.log")"
NOW=$(wait_responders 2 5)
case " $NOW " in
*" $VICTIM "*) fail "under lighttpd: a new responder replaces it ($NOW)" ;;
*) pass "under lighttpd: a new responder replaces it ($NOW)" ;;
esac
req GET "/v1/rtc?channel=after-term&uid=3&role=publisher"
expect_token_response "under lighttpd: after SIGTERM"

# Under load: SIGTERM to one process.  It answers what lighttpd already
# queued on its socket before it exits; lighttpd may still lose requests it
# sends in the moment the process closes the socket, no more than the
# connections in flight.
CONNS=4
sleep 1.5   # past lighttpd's 1 s disable-time for the restarted backend
set -- $NOW
wrk -t 2 -c "$CONNS" -d 30s --timeout 5s -s "$FAULTS_DIR/count.lua" "$BASE" >"$W/wrk.out" 2>&1 &
WRK=$!
track_pid "$WRK"
sleep 1
kill -TERM "$1"
sleep 1.5
kill -INT "$WRK" 2>/dev/null
wait "$WRK"
line=$(grep '^FAULTS ' "$W/wrk.out")
# get KEY: a count from wrk's FAULTS line (0 when absent).
get() { local v; v=$(printf '%s\n' "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"); echo "${v:-0}"; }
LOST=$(( $(get bad) + $(get connect) + $(get read) + $(get write) + $(get timeout) ))
[ -n "$line" ] && [ "$(get ok)" -gt 1000 ] && [ "$LOST" -le "$CONNS" ]
ok $? "under load: SIGTERM loses no more than the requests in flight ($LOST lost, $(get ok) answered)" \
	"$(tail -n 3 "$W/wrk.out")"
diag "requests lost to SIGTERM under load: $LOST (lighttpd: $(grep -c 'response not received' "$W/run/error.log") 'response not received')"
stop_lighttpd
log_has_no_secret "$W/run/error.log" "$W/run/lighttpd.out" "$W/standalone.err"
t_done
