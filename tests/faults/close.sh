#!/bin/bash
# SPDX-License-Identifier: MIT
#
# How the responder closes a FastCGI connection.  A request whose input was
# read to the end of FCGI_STDIN is closed plainly, so the process takes its
# next connection at once even while the web server keeps its end open; a
# request that left input unread (or whose body may still be relayed in
# chunks) keeps libfcgi's lingering close, which waits up to 2 s for the
# web server to close first, so that no TCP reset can discard the answer.
# One standalone process on a socket: connection A is answered and then
# held open by the client; the time connection B waits shows which close A
# got.  Last, a request whose stdin never ends is still answered at once:
# the answer is sent whole before the end of the input is looked for.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/faults/lib.sh"

PROMPT_MS=1000   # a plain close: B is answered well within this
LINGER_MS=1000   # the lingering close holds B for about 2000 ms
HOLD=4           # seconds A keeps its end open after its answer

[ -n "$PYTHON" ] || t_missing "python3 is installed (test clients)" "apt-get install python3"
need_programs
workspace faults-close

make_config "$ME"
stage "$ME"
export AGORA_TOKEN_CONFIG=$CONFIG
SOCK=$W/run/close.sock
FORM=application/x-www-form-urlencoded
GET_RTC=(-p REQUEST_METHOD=GET -p SCRIPT_NAME= -p PATH_INFO=/v1/rtc
	-p "QUERY_STRING=channel=close&uid=7&role=publisher")

start_standalone || t_missing "agora-token.fcgi --socket listens" "$(cat "$W/standalone.err")"

# b_wait_ms DESC ARGS...: sends request A (fcgi-client ARGS), checks its
# answer holds a token, holds A open and times request B meanwhile.
# Sets B_MS to B's milliseconds (99999 when B got no answer).
b_wait_ms() {
	local d=$1 i=0 ms
	shift
	rm -f "$W/answered"
	fcgi "$SOCK" "$@" --hold "$HOLD" --answered-file "$W/answered" \
		>"$W/a.out" 2>"$W/a.err" &
	local apid=$!
	while [ ! -e "$W/answered" ] && [ "$i" -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	grep -q '"token":"007' "$W/a.out"
	ok $? "$d: A is answered with a token" "$(cat "$W/a.out" "$W/a.err")"
	fcgi "$SOCK" "${GET_RTC[@]}" --timeout 10 --elapsed >"$W/b.out" 2>"$W/b.err"
	grep -q '"token":"007' "$W/b.out"
	ok $? "$d: B is answered with a token" "$(cat "$W/b.out" "$W/b.err")"
	wait "$apid"
	ms=$(sed -n 's/^elapsed \([0-9]*\)\.\([0-9]*\)$/\1\2/p' "$W/b.err" | sed 's/^0*//')
	[ -n "$(sed -n '/^elapsed /p' "$W/b.err")" ] || ms=99999
	B_MS=${ms:-0}
}

# ---- input read to its end: a plain close -------------------------------------

b_wait_ms "GET, no body" "${GET_RTC[@]}"
[ "$B_MS" -lt "$PROMPT_MS" ]
ok $? "GET, no body: B does not wait for A's close ($B_MS ms)"

BODY="channel=close&uid=8&role=publisher"
b_wait_ms "POST, form body read in full" -p REQUEST_METHOD=POST -p SCRIPT_NAME= \
	-p PATH_INFO=/v1/rtc -p CONTENT_TYPE=$FORM -p "CONTENT_LENGTH=${#BODY}" --body "$BODY"
[ "$B_MS" -lt "$PROMPT_MS" ]
ok $? "POST, form body read in full: B does not wait for A's close ($B_MS ms)"

# ---- input left unread, or possibly still coming: the lingering close --------

b_wait_ms "GET with stdin the request did not read" "${GET_RTC[@]}" --body "unread"
[ "$B_MS" -ge "$LINGER_MS" ] && [ "$B_MS" -lt 99999 ]
ok $? "GET with unread stdin: B waits for A's lingering close ($B_MS ms)"

b_wait_ms "GET relayed with Transfer-Encoding: chunked" "${GET_RTC[@]}" \
	-p HTTP_TRANSFER_ENCODING=chunked
[ "$B_MS" -ge "$LINGER_MS" ] && [ "$B_MS" -lt 99999 ]
ok $? "chunked request: B waits for A's lingering close ($B_MS ms)"

# ---- the answer is never held back by the look for the end of input --------

# stdin never ends (the client sends no closing FCGI_STDIN record, as a web
# server relaying a slow body without a length would): the answer must
# still come at once.
fcgi "$SOCK" "${GET_RTC[@]}" --send 0 --timeout 5 --elapsed >"$W/c.out" 2>"$W/c.err"
rc=$?
ms=$(sed -n 's/^elapsed \([0-9]*\)\.\([0-9]*\)$/\1\2/p' "$W/c.err" | sed 's/^0*//')
[ -n "$(sed -n '/^elapsed /p' "$W/c.err")" ] || ms=99999
is "$rc" 0 "stdin that never ends: the answer is complete" "$(cat "$W/c.err")"
grep -q '"token":"007' "$W/c.out"
ok $? "stdin that never ends: a token" "$(cat "$W/c.out")"
[ "${ms:-0}" -lt "$PROMPT_MS" ]
ok $? "stdin that never ends: answered promptly (${ms:-0} ms)"
fcgi "$SOCK" "${GET_RTC[@]}" --timeout 10 >"$W/d.out" 2>"$W/d.err"
grep -q '"token":"007' "$W/d.out"
ok $? "after that client has gone, the next request is answered" "$(cat "$W/d.out" "$W/d.err")"

kill -TERM "$RPID"
t_done
