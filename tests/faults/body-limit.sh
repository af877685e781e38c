#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Fault: a request body over the 16 KiB limit gets a 413 without the
# responder reading it all.  The body is declared huge (CONTENT_LENGTH
# 100,000,000, or one byte over the limit) but only a little is sent and
# the sender then stalls: the answer must come at once, which proves the
# length is judged before reading.  Checked as FastCGI (standalone on a
# socket, with our FastCGI client), as plain CGI (stdin a pipe that never
# delivers), and through lighttpd (which stops a body over its own
# server.max-request-size itself and passes a 20,000-byte one on to the
# responder's 413).  A body of exactly 16 KiB is still accepted.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/faults/lib.sh"

PROMPT_MS=2000
HUGE=100000000

need curl "HTTP client" curl
need jq "JSON checks" jq
need lighttpd "the web server under test" lighttpd
[ -n "$PYTHON" ] || t_missing "python3 is installed (test clients)" "apt-get install python3"
need_programs
workspace faults-body

make_config "$ME"
stage "$ME"
export AGORA_TOKEN_CONFIG=$CONFIG
SOCK=$W/run/body.sock
FORM=application/x-www-form-urlencoded
PAD=$(head -c 2000 /dev/zero | tr '\0' a)

# check_413 DESC FILE: FILE (a CGI-style answer) is a JSON 413 body_too_large.
check_413() {
	local d=$1 f=$2
	is "$(sed -n '1s/^Status: \([0-9]*\).*/\1/p' "$f")" 413 "$d: Status 413"
	is "$(sed '1,/^\r\{0,1\}$/d' "$f" | jq -r '.error.code' 2>/dev/null)" body_too_large \
		"$d: error code body_too_large"
}

# ---- FastCGI, standalone ---------------------------------------------------------

start_standalone || t_missing "agora-token.fcgi --socket listens" "$(cat "$W/standalone.err")"

for clen in $HUGE 16385; do
	d="FastCGI, CONTENT_LENGTH=$clen, 1000 bytes sent then nothing"
	# The client times the answer from its first send (not its start-up).
	fcgi "$SOCK" -p REQUEST_METHOD=POST -p SCRIPT_NAME= -p PATH_INFO=/v1/rtc \
		-p CONTENT_TYPE=$FORM -p CONTENT_LENGTH=$clen --body "$PAD" --send 1000 \
		--timeout 10 --elapsed >"$W/out" 2>"$W/client.err"
	rc=$?
	ms=$(sed -n 's/^elapsed \([0-9]*\)\.\([0-9]*\)$/\1\2/p' "$W/client.err" | sed 's/^0*//')
	ms=${ms:-0}
	[ -n "$(sed -n '/^elapsed /p' "$W/client.err")" ] || ms=99999
	is "$rc" 0 "$d: answered while the body is still owed" "$(cat "$W/client.err")"
	[ "$ms" -lt "$PROMPT_MS" ]
	ok $? "$d: promptly ($ms ms)"
	check_413 "$d" "$W/out"
done

# Still serving after those requests.
fcgi "$SOCK" -p REQUEST_METHOD=GET -p SCRIPT_NAME= -p PATH_INFO=/v1/rtc \
	-p "QUERY_STRING=channel=body&uid=5" >"$W/out" 2>"$W/client.err"
grep -q '"token":"007' "$W/out"
ok $? "FastCGI: the responder still serves after the refused bodies" "$(cat "$W/out" "$W/client.err")"

# Exactly the limit: a 16384-byte JSON body (padded with spaces) is read.
JSON='{"channel":"limit","uid":6,"role":"publisher"}'
JSON=$JSON$(printf '%*s' $((16384 - ${#JSON})) '')
is "${#JSON}" 16384 "the limit-sized body is 16384 bytes"
fcgi "$SOCK" -p REQUEST_METHOD=POST -p SCRIPT_NAME= -p PATH_INFO=/v1/rtc \
	-p CONTENT_TYPE=application/json -p CONTENT_LENGTH=16384 --body "$JSON" \
	>"$W/out" 2>"$W/client.err"
is "$(sed -n '1s/^Status: \([0-9]*\).*/\1/p' "$W/out")" 200 "FastCGI, a body of exactly 16384 bytes: Status 200"
grep -q '"token":"007' "$W/out"
ok $? "FastCGI, a body of exactly 16384 bytes: a token" "$(tail -n 1 "$W/out")"
kill -TERM "$RPID"

# ---- CGI ----------------------------------------------------------------------------

for clen in $HUGE 16385; do
	d="CGI, CONTENT_LENGTH=$clen, stdin a pipe that never delivers"
	# stdin: a pipe whose writer sleeps; reading it would block for 30 s.
	exec 3< <(sleep 30)
	SLEEPER=$!
	t0=$(now_ms)
	timeout 10 env -i PATH="$PATH" AGORA_TOKEN_CONFIG="$CONFIG" GATEWAY_INTERFACE=CGI/1.1 \
		REQUEST_METHOD=POST SCRIPT_NAME=/agora-token.fcgi PATH_INFO=/v1/rtc \
		CONTENT_TYPE=$FORM CONTENT_LENGTH=$clen SERVER_PROTOCOL=HTTP/1.1 \
		"$W/app/agora-token.fcgi" <&3 >"$W/out" 2>"$W/cgi.err"
	rc=$?
	ms=$(( $(now_ms) - t0 ))
	exec 3<&-
	kill "$SLEEPER" 2>/dev/null
	is "$rc" 0 "$d: exits 0"
	[ "$ms" -lt "$PROMPT_MS" ]
	ok $? "$d: promptly ($ms ms)"
	check_413 "$d" "$W/out"
done

# ---- lighttpd -------------------------------------------------------------------------

export AGT_WWW=$W/www AGT_FCGI=$W/app/agora-token.fcgi AGT_RUN=$W/run
start_lighttpd "$ME" 2>"$W/start.err" ||
	t_missing "lighttpd starts with www/examples/lighttpd.conf" "$(cat "$W/start.err")"

# Content-Length 100,000,000, 1000 bytes sent, then silence (socket open).
answer=$("$PYTHON" - "$AGT_PORT" <<'EOF'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
t0 = time.monotonic()
s.sendall(b"POST /v1/rtc HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          b"Content-Type: application/x-www-form-urlencoded\r\n"
          b"Content-Length: 100000000\r\n\r\n" + b"a" * 1000)
data = b""
try:
    while b"\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
except socket.timeout:
    pass
print("%d %s" % ((time.monotonic() - t0) * 1000, data.split(b"\r\n")[0].decode(errors="replace")))
EOF
)
ms=${answer%% *}
status=${answer#* }
like "$status" '^HTTP/1\.[01] 413' "lighttpd, Content-Length $HUGE and a stalled body: 413 ($status)"
[ "$ms" -lt "$PROMPT_MS" ]
ok $? "lighttpd, Content-Length $HUGE and a stalled body: promptly ($ms ms)"

# 20,000 bytes: under lighttpd's limit, over ours: the responder's JSON 413.
head -c 20000 /dev/zero | tr '\0' a > "$W/big"
req POST /v1/rtc -H "Content-Type: $FORM" --data-binary "@$W/big"
expect_error 413 "lighttpd, a 20000-byte body" body_too_large
req GET "/v1/rtc?channel=after-big&uid=1&role=publisher"
expect_token_response "lighttpd, after the refused bodies"
stop_lighttpd
t_done
