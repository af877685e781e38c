#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Fault: SIGKILL a FastCGI responder under load.  lighttpd runs
# www/examples/lighttpd.conf (mod_fastcgi, max-procs 2) while wrk sends
# GET /v1/rtc on 4 connections; we kill one responder, wait until lighttpd
# has spawned a replacement, then kill the other original one.  Only the
# requests in flight may fail (at most one per connection per kill), the
# replacements are new processes, and they serve requests afterwards.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/faults/lib.sh"

CONNS=4

need curl "HTTP client" curl
need jq "JSON checks" jq
need lighttpd "the web server under test" lighttpd
need wrk "load generator" wrk
need_programs
workspace faults-kill

make_config "$ME"
stage "$ME"
export AGT_WWW=$W/www AGT_FCGI=$W/app/agora-token.fcgi AGT_RUN=$W/run AGORA_TOKEN_CONFIG=$CONFIG
start_lighttpd "$ME" 2>"$W/start.err" ||
	t_missing "lighttpd starts with www/examples/lighttpd.conf" "$(cat "$W/start.err")"
pass "lighttpd started on $BASE"

ORIG=$(wait_responders 2)
ok $? "mod_fastcgi runs 2 responder processes ($ORIG)"
set -- $ORIG
P1=$1 P2=$2

wrk -t 2 -c "$CONNS" -d 60s --timeout 5s -s "$FAULTS_DIR/count.lua" "$BASE" >"$W/wrk.out" 2>&1 &
WRK=$!
track_pid "$WRK"
sleep 1

# kill_and_wait VICTIM: SIGKILL it, then wait for 2 processes without it.
# Prints the new set; fails after 10 s.
kill_and_wait() {
	kill -KILL "$1"
	wait_responders 2 10 "$1"
}

T0=$(now_ms)
AFTER1=$(kill_and_wait "$P1")
ok $? "after SIGKILL of pid $P1 under load, lighttpd runs 2 responders again ($AFTER1, $(( $(now_ms) - T0 )) ms)"
# lighttpd keeps a backend it could not reach disabled for 1 s
# (disable-time): let that pass, or the second kill finds no backend up.
sleep 1.5
T0=$(now_ms)
AFTER2=$(kill_and_wait "$P2")
ok $? "after SIGKILL of pid $P2 under load, lighttpd runs 2 responders again ($AFTER2, $(( $(now_ms) - T0 )) ms)"
sleep 0.5
kill -INT "$WRK" 2>/dev/null
wait "$WRK"
line=$(grep '^FAULTS ' "$W/wrk.out")
[ -n "$line" ] || fail "wrk reported its counts" "$(tail -n 5 "$W/wrk.out")"
# get KEY: a count from wrk's FAULTS line (0 when absent).
get() { local v; v=$(printf '%s\n' "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"); echo "${v:-0}"; }
GOOD=$(get ok); BAD=$(get bad)
SOCK=$(( $(get connect) + $(get read) + $(get write) + $(get timeout) ))
diag "wrk: $GOOD good, $BAD non-2xx, $SOCK socket errors over the two kills"
[ "${GOOD:-0}" -gt 1000 ]
ok $? "the load was real: $GOOD successful token requests during the kills"
LOST=$(( BAD + SOCK ))
[ "$LOST" -le $((2 * CONNS)) ]
ok $? "failures ($LOST) are no more than the requests in flight ($CONNS connections x 2 kills)" \
	"$(grep -v 'connect .*refused' "$W/run/error.log" | tail -n 20)"

# Both originals are gone; what runs now was spawned after the kills.
NOW=$(responder_pids)
case " $(echo $NOW) " in
*" $P1 "*|*" $P2 "*) fail "no original responder is left ($NOW)" ;;
*) pass "no original responder is left; now running: $(echo $NOW)" ;;
esac

# The new processes serve requests: sample their write syscalls around 40
# token requests (only new processes exist, so they answered them).
declare -A W0
for p in $NOW; do W0[$p]=$(awk '/^syscw:/ { print $2 }' "/proc/$p/io" 2>/dev/null); done
good=$(seq 1 40 | xargs -P 4 -I{} curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 \
	"$BASE/v1/rtc?channel=after-kill&uid={}&role=publisher" | grep -c '^200$')
is "$good" 40 "40 token requests after the kills all answered 200"
served=0
for p in $NOW; do
	w1=$(awk '/^syscw:/ { print $2 }' "/proc/$p/io" 2>/dev/null)
	[ -n "$w1" ] && [ -n "${W0[$p]}" ] && [ "$w1" -gt "${W0[$p]}" ] && served=$((served + 1))
done
[ "$served" -ge 1 ]
ok $? "the respawned processes wrote the answers ($served of 2 wrote during those requests)"
req GET "/v1/rtc?channel=after-kill&uid=9&role=publisher"
expect_token_response "a token from a respawned responder"
check_rtc "a token from a respawned responder" "$TOKEN" "$APP_A" after-kill 9

grep -q 'child signalled: 9' "$W/run/error.log"
ok $? "lighttpd's error log records the killed children" "$(tail -n 5 "$W/run/error.log")"
stop_lighttpd
t_done
