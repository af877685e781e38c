#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Secret hygiene: no configured app certificate ever leaves the server or
# the CLI, in any form.  Captures every response (headers and body) of the
# end-to-end API suite (tests/e2e/api.sh) run against real lighttpd, with
# auth none and api_key; the same kinds of requests and the configuration
# error paths in plain CGI mode (the binary run directly, config from a
# file or from the environment); FastCGI on its own socket with the
# certificate in the environment; every server and responder log line; and
# the CLI's output on build, decode, verify and error paths.  scan.py then
# looks for each certificate as text (any case), raw bytes, hex and base64
# of either, and inside every decoded token.  Also: the certificate is in no
# responder's argv (/proc/PID/cmdline) nor left in its environment, and the
# CLI refuses a certificate on its command line without echoing it.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/faults/lib.sh"

SECRETS_DIR=$top_srcdir/tests/secrets

need curl "HTTP client" curl
need jq "JSON checks" jq
need lighttpd "the web server under test" lighttpd
[ -n "$PYTHON" ] || t_missing "python3 is installed (scanner)" "apt-get install python3"
need_programs
workspace secrets

CAP=$W/cap
mkdir -p "$CAP/http" "$CAP/cgi" "$CAP/cli" "$CAP/logs" "$W/scan-self"

AGT_SECRETS= "$PYTHON" "$SECRETS_DIR/scan.py" --self-test "$W/scan-self" >"$W/self.out" 2>&1
ok $? "the scanner finds every planted form of a test secret: $(tail -n 1 "$W/self.out")" "$(grep -E 'MISSED|FALSE' "$W/self.out")"

make_config "$ME"
# Positive control on real files: the config and certificate file hold them.
AGT_SECRETS="$CERT_A $CERT_B" "$PYTHON" "$SECRETS_DIR/scan.py" "$CONFIG" "$W/etc/e2e.cert" >"$W/ctl.out" 2>&1
is "$?:$(grep -c '^LEAK' "$W/ctl.out")" "1:2" "the scanner flags the config file and the certificate file themselves"
# A third certificate, only ever in the environment (quick start), a fourth
# only ever offered on the CLI's command line.
APP_C=$(agt_random_hex 32); CERT_C=$(agt_random_hex 32)
CERT_D=$(agt_random_hex 32)
# Only the scanner gets the list (not exported: the servers and programs
# under test must not inherit it).
SECRETS="$CERT_A $CERT_B $CERT_C $CERT_D"
stage "$ME"

# scan DESC FILE...: no certificate in any form in the files.
scan() {
	local d=$1 out
	shift
	out=$(AGT_SECRETS=$SECRETS "$PYTHON" "$SECRETS_DIR/scan.py" "$@" 2>&1)
	ok $? "$d: no certificate in any form ($(printf '%s\n' "$out" | tail -n 1))" \
		"$(printf '%s\n' "$out" | grep '^LEAK' | sed "s|$W/||" | head -n 20)"
}

# ---- lighttpd: the e2e API suite, every answer captured ----------------------------

# req (tests/e2e/lib.sh) leaves each answer in $W/headers and $W/body;
# wrap it to keep a copy of every one.
eval "orig_req() $(declare -f req | sed 1d)"
NREQ=0
req() {
	orig_req "$@"
	NREQ=$((NREQ + 1))
	cp "$W/headers" "$CAP/http/$NREQ.headers"
	cp "$W/body" "$CAP/http/$NREQ.body"
}

export AGT_WWW=$W/www AGT_FCGI=$W/app/agora-token.fcgi AGT_RUN=$W/run AGORA_TOKEN_CONFIG=$CONFIG
start_lighttpd "$ME" 2>"$W/start.err" ||
	t_missing "lighttpd starts with www/examples/lighttpd.conf" "$(cat "$W/start.err")"
pass "lighttpd started on $BASE"

api_all
# A token of the inline app (certificate in the config file itself), and
# inspections that make the server use each certificate.
req GET "/v1/rtc?channel=$CH&account=carol&role=subscriber&app=e2e-inline&format=006"
expect_token_response "app e2e-inline (inline certificate), 006"
req GET "/v1/rtc?channel=$CH&uid=5&role=publisher&app=e2e-inline"
expect_token_response "app e2e-inline (inline certificate), 007"
req GET "/v1/inspect?token=$(printf '%s' "$TOKEN" | jq -sRr @uri)"
is "$(jq_body .signature)" valid "inspect of the inline app's token: signature valid"
req HEAD "/v1/rtc?channel=$CH&uid=5"
req OPTIONS /v1/rtc -H 'Origin: http://evil.example' -H 'Access-Control-Request-Method: POST'

# Neither certificate is in any responder's argv or environment.
PIDS=$(wait_responders 2)
ok $? "lighttpd runs 2 responders ($PIDS)"
for p in $PIDS; do
	cat "/proc/$p/cmdline" > "$CAP/logs/cmdline.$p" 2>/dev/null
	cat "/proc/$p/environ" > "$CAP/logs/environ.$p" 2>/dev/null
done
scan "responder argv (/proc/PID/cmdline) and environment under lighttpd" \
	"$CAP"/logs/cmdline.* "$CAP"/logs/environ.*

# api_key auth: the Authorization header path (401/403 and success).
agt_stop_pid "$LPID"
KEY=$(agt_random_hex 40)
auth_config "$KEY"
start_lighttpd "$ME" 2>"$W/start.err" ||
	t_missing "lighttpd restarts with api_key auth" "$(cat "$W/start.err")"
api_auth_key "$KEY"
stop_lighttpd
cp "$W/run/error.log" "$CAP/logs/lighttpd-error.log"
cp "$W/run/lighttpd.out" "$CAP/logs/lighttpd-stderr.log"
is "$(ls "$CAP/http" | grep -c '\.body$')" "$NREQ" "captured all $NREQ lighttpd answers"
scan "lighttpd: $NREQ responses (headers + bodies)" "$CAP"/http/*
scan "lighttpd: error log and responder stderr" "$CAP/logs/lighttpd-error.log" "$CAP/logs/lighttpd-stderr.log"
# The API key itself is a secret too; it must not be logged.
if grep -qF "$KEY" "$CAP"/logs/*.log; then fail "the API key is not in the server logs"; else pass "the API key is not in the server logs"; fi

# ---- CGI: the binary run directly -------------------------------------------------------

write_config "$CONFIG" "$ME" '{"mode": "none"}'

# cgi NAME METHOD PATH QUERY BODY [VAR=VALUE...]: one CGI request, stdout
# and stderr captured; config from $CFG unless VAR=VALUE say otherwise.
CFG=$CONFIG
cgi() {
	local name=$1 m=$2 p=$3 q=$4 b=$5 ct=application/x-www-form-urlencoded
	shift 5
	case $b in '{'*) ct=application/json ;; esac
	printf '%s' "$b" | env -i PATH="$PATH" GATEWAY_INTERFACE=CGI/1.1 SERVER_PROTOCOL=HTTP/1.1 \
		${CFG:+AGORA_TOKEN_CONFIG=$CFG} REQUEST_METHOD="$m" SCRIPT_NAME=/agora-token.fcgi \
		PATH_INFO="$p" QUERY_STRING="$q" CONTENT_TYPE=$ct CONTENT_LENGTH=${#b} "$@" \
		"$W/app/agora-token.fcgi" >"$CAP/cgi/$name.out" 2>"$CAP/cgi/$name.err"
}
cgi_status() { sed -n '1s/^Status: \([0-9]*\).*/\1/p' "$CAP/cgi/$1.out"; }

cgi rtc GET /v1/rtc "channel=$CH&uid=1&role=publisher" ""
is "$(cgi_status rtc)" 200 "CGI: GET /v1/rtc"
T_A=$(sed '1,/^\r\{0,1\}$/d' "$CAP/cgi/rtc.out" | jq -r .token)
cgi rtc-inline-006 GET /v1/rtc "channel=$CH&account=bob&app=e2e-inline&format=006" ""
is "$(cgi_status rtc-inline-006)" 200 "CGI: GET /v1/rtc, inline app, 006"
cgi post-json POST /v1/rtc "" "{\"channel\": \"$CH\", \"uid\": 3, \"app\": \"e2e-inline\"}"
is "$(cgi_status post-json)" 200 "CGI: POST /v1/rtc JSON"
cgi inspect GET /v1/inspect "token=$(printf '%s' "$T_A" | jq -sRr @uri)" ""
is "$(sed '1,/^\r\{0,1\}$/d' "$CAP/cgi/inspect.out" | jq -r .signature)" valid "CGI: inspect, signature valid"
cgi rtm GET /v1/rtm "user=alice" ""
cgi chat GET /v1/chat "user=alice" ""
cgi apaas GET /v1/apaas "room=r1&user=alice&role=2" ""
cgi compat-rte GET "/rte/$CH/publisher/uid/7/alice/" "" ""
cgi compat-gettoken POST /getToken "" "{\"tokenType\": \"rtc\", \"channel\": \"$CH\", \"role\": \"publisher\", \"uid\": \"4\"}"
cgi bad-channel GET /v1/rtc "channel=a*b&uid=1" ""
cgi not-found GET /v1/nope "" ""
cgi too-large POST /v1/rtc "" "" CONTENT_LENGTH=100000
cgi bad-json POST /v1/rtc "" '{"channel": '
is "$(cgi_status bad-json)" 400 "CGI: broken JSON body is a 400"

# Quick start from the environment: the certificate is CERT_C.
CFG=
cgi env-rtc GET /v1/rtc "channel=$CH&uid=2" "" AGORA_APP_ID="$APP_C" AGORA_APP_CERTIFICATE="$CERT_C"
is "$(cgi_status env-rtc)" 200 "CGI: AGORA_APP_ID/AGORA_APP_CERTIFICATE quick start"
T_C=$(sed '1,/^\r\{0,1\}$/d' "$CAP/cgi/env-rtc.out" | jq -r .token)
cgi env-inspect GET /v1/inspect "token=$(printf '%s' "$T_C" | jq -sRr @uri)" "" \
	APP_ID="$APP_C" APP_CERTIFICATE="$CERT_C"
is "$(sed '1,/^\r\{0,1\}$/d' "$CAP/cgi/env-inspect.out" | jq -r .signature)" valid \
	"CGI: APP_ID/APP_CERTIFICATE quick start, inspect: signature valid"
# Error paths that hold the certificate: one character too many, a
# missing app id, a non-hex character appended.
cgi env-long GET /v1/rtc "channel=$CH&uid=2" "" AGORA_APP_ID="$APP_C" AGORA_APP_CERTIFICATE="${CERT_C}0"
is "$(cgi_status env-long)" 500 "CGI: a 33-character certificate in the environment is a 500"
cgi env-noid GET /v1/rtc "channel=$CH&uid=2" "" AGORA_APP_CERTIFICATE="$CERT_C"
is "$(cgi_status env-noid)" 500 "CGI: a certificate without an app id is a 500"
cgi env-nonhex GET /v1/rtc "channel=$CH&uid=2" "" APP_ID="$APP_C" APP_CERTIFICATE="${CERT_C}x"
is "$(cgi_status env-nonhex)" 500 "CGI: a certificate with a non-hex character is a 500"

# Config files that hold a certificate and are wrong in some other way.
mkcfg() { # mkcfg NAME JSON: a 0600 config file
	printf '%s\n' "$2" > "$W/etc/$1.json"
	chmod 600 "$W/etc/$1.json"
	CFG=$W/etc/$1.json
}
mkcfg cert-long "{\"apps\": [{\"name\": \"x\", \"app_id\": \"$APP_B\", \"certificate\": \"${CERT_B}0\"}]}"
cgi cfg-cert-long GET /v1/rtc "channel=$CH&uid=1" ""
is "$(cgi_status cfg-cert-long)" 500 "CGI: config with a 33-character certificate is a 500"
mkcfg cert-broken-json "{\"apps\": [{\"name\": \"x\", \"app_id\": \"$APP_B\", \"certificate\": \"$CERT_B\" \"oops\"}]}"
cgi cfg-broken-json GET /v1/rtc "channel=$CH&uid=1" ""
is "$(cgi_status cfg-broken-json)" 500 "CGI: config broken right after the certificate is a 500"
mkcfg cert-unknown-key "{\"apps\": [{\"name\": \"x\", \"app_id\": \"$APP_B\", \"certificate\": \"$CERT_B\", \"cert\": \"$CERT_B\"}]}"
cgi cfg-unknown-key GET /v1/rtc "channel=$CH&uid=1" ""
is "$(cgi_status cfg-unknown-key)" 500 "CGI: config with the certificate under an unknown key is a 500"
(umask 077; printf '%s\n%s\n' "$CERT_A" "$CERT_A" > "$W/etc/two-lines.cert")
mkcfg cert-file-junk "{\"apps\": [{\"name\": \"x\", \"app_id\": \"$APP_A\", \"certificate_file\": \"$W/etc/two-lines.cert\"}]}"
cgi cfg-file-junk GET /v1/rtc "channel=$CH&uid=1" ""
is "$(cgi_status cfg-file-junk)" 500 "CGI: a certificate file with more than the certificate is a 500"
cp "$W/etc/e2e.cert" "$W/etc/open.cert"; chmod 644 "$W/etc/open.cert"
mkcfg cert-file-open "{\"apps\": [{\"name\": \"x\", \"app_id\": \"$APP_A\", \"certificate_file\": \"$W/etc/open.cert\"}]}"
cgi cfg-file-open GET /v1/rtc "channel=$CH&uid=1" ""
is "$(cgi_status cfg-file-open)" 500 "CGI: a world-readable certificate file is a 500"
mkcfg dup-app "{\"apps\": [{\"name\": \"x\", \"app_id\": \"$APP_B\", \"certificate\": \"$CERT_B\"}, {\"name\": \"y\", \"app_id\": \"$APP_B\", \"certificate\": \"$CERT_A\"}]}"
cgi cfg-dup-app GET /v1/rtc "channel=$CH&uid=1" ""
is "$(cgi_status cfg-dup-app)" 500 "CGI: config with a duplicate app id is a 500"
# The check-config mode prints a summary of a good config.
env -i PATH="$PATH" AGORA_TOKEN_CONFIG="$CONFIG" "$W/app/agora-token.fcgi" --check-config \
	>"$CAP/cgi/check-config.out" 2>"$CAP/cgi/check-config.err"
ok $? "agora-token.fcgi --check-config accepts the good config"
env -i PATH="$PATH" AGORA_TOKEN_CONFIG="$W/etc/cert-long.json" "$W/app/agora-token.fcgi" --check-config \
	>"$CAP/cgi/check-config-bad.out" 2>"$CAP/cgi/check-config-bad.err"
scan "CGI: $(ls "$CAP/cgi" | grep -c '\.out$') runs, answers and stderr (config file, environment, error paths)" "$CAP"/cgi/*

# ---- FastCGI on its own socket, certificate in the environment ---------------------------

SOCK=$W/run/leak.sock
env AGORA_TOKEN_CONFIG= AGORA_APP_ID="$APP_C" AGORA_APP_CERTIFICATE="$CERT_C" \
	"$W/app/agora-token.fcgi" --socket "$SOCK" 2>"$CAP/logs/standalone.err" &
RPID=$!
track_pid "$RPID"
i=0
while [ ! -S "$SOCK" ] && [ "$i" -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
fcgi "$SOCK" -p REQUEST_METHOD=GET -p SCRIPT_NAME= -p PATH_INFO=/v1/rtc \
	-p "QUERY_STRING=channel=$CH&uid=8" >"$CAP/logs/standalone.answer" 2>&1
grep -q '"token":"007' "$CAP/logs/standalone.answer"
ok $? "FastCGI --socket with the certificate in the environment serves tokens"
cat "/proc/$RPID/cmdline" > "$CAP/logs/standalone.cmdline"
cat "/proc/$RPID/environ" > "$CAP/logs/standalone.environ"
tr '\0' '\n' < "$CAP/logs/standalone.environ" | grep -q '^AGORA_APP_ID='
ok $? "its environment is readable for the check (AGORA_APP_ID is there)"
scan "FastCGI --socket: argv and /proc/PID/environ after start (the certificate is wiped)" \
	"$CAP/logs/standalone.cmdline" "$CAP/logs/standalone.environ"
kill -TERM "$RPID"
wait "$RPID" 2>/dev/null
scan "FastCGI --socket: answer and stderr" "$CAP/logs/standalone.answer" "$CAP/logs/standalone.err"

# ---- CLI ---------------------------------------------------------------------------------------

# cli NAME [VAR=VALUE...] -- ARGS...: one CLI run, stdout and stderr kept.
cli() {
	local name=$1 envs=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	env -i PATH="$PATH" ${LD_LIBRARY_PATH:+LD_LIBRARY_PATH=$LD_LIBRARY_PATH} "${envs[@]}" \
		"$CLI" "$@" >"$CAP/cli/$name.out" 2>"$CAP/cli/$name.err"
	echo $? > "$CAP/cli/$name.rc"
}
cli_rc() { cat "$CAP/cli/$1.rc"; }
ENVA=(AGORA_APP_ID="$APP_A" AGORA_APP_CERTIFICATE="$CERT_A")

cli rtc "${ENVA[@]}" -- rtc --channel "$CH" --uid 1
is "$(cli_rc rtc)" 0 "CLI: rtc builds a token"
TOK=$(cat "$CAP/cli/rtc.out")
cli rtc-006 "${ENVA[@]}" -- rtc --channel "$CH" --account bob --format 006
cli rtc-rtm2 "${ENVA[@]}" -- rtc --channel "$CH" --uid 1 --rtm-user bob
cli rtm "${ENVA[@]}" -- rtm --user bob
cli rtm-006 "${ENVA[@]}" -- rtm --user bob --format 006
cli chat "${ENVA[@]}" -- chat --user bob
cli fpa "${ENVA[@]}" -- fpa
cli apaas "${ENVA[@]}" -- apaas --room r1 --user bob --role 2
cli file APP_X=1 -- rtc --app-id "$APP_A" --certificate-file "$W/etc/e2e.cert" --channel "$CH" --uid 2
is "$(cli_rc file)" 0 "CLI: --certificate-file works"
cli decode -- decode "$TOK"
is "$(cli_rc decode)" 0 "CLI: decode"
cli verify "${ENVA[@]}" -- verify "$TOK" --channel "$CH" --uid 1
is "$(cli_rc verify)" 0 "CLI: verify with the right certificate"
cli verify-wrong AGORA_APP_ID="$APP_A" AGORA_APP_CERTIFICATE="$CERT_B" -- verify "$TOK"
isnt0=$(cli_rc verify-wrong); [ "$isnt0" != 0 ]
ok $? "CLI: verify with another app's certificate fails (exit $isnt0)"
cli verify-long AGORA_APP_ID="$APP_A" AGORA_APP_CERTIFICATE="${CERT_A}0" -- verify "$TOK"
cli build-long AGORA_APP_ID="$APP_A" AGORA_APP_CERTIFICATE="${CERT_A}0" -- rtc --channel "$CH"
[ "$(cli_rc build-long)" != 0 ]
ok $? "CLI: a 33-character certificate is refused"
cli build-nonhex AGORA_APP_ID="$APP_A" AGORA_APP_CERTIFICATE="${CERT_A%?}g" -- rtc --channel "$CH"
cli build-noid AGORA_APP_CERTIFICATE="$CERT_A" -- rtc --channel "$CH"
cli file-junk -- rtc --app-id "$APP_A" --certificate-file "$W/etc/two-lines.cert" --channel "$CH"
[ "$(cli_rc file-junk)" != 0 ]
ok $? "CLI: a certificate file with two lines is refused"
cli file-open -- rtc --app-id "$APP_A" --certificate-file "$W/etc/open.cert" --channel "$CH"
[ "$(cli_rc file-open)" != 0 ]
ok $? "CLI: a world-readable certificate file is refused"
cli help -- --help
cli rtc-help -- rtc --help

# The certificate on the command line: refused (exit 2), never echoed.
n=0
for cmd in rtc rtm chat verify decode; do
	for opt in "--certificate $CERT_D" "--certificate=$CERT_D" "--app-certificate $CERT_D" "--cert=$CERT_D"; do
		n=$((n + 1))
		cli "argv-$n" "${ENVA[@]}" -- $cmd --app-id "$APP_A" $opt --channel "$CH"
		is "$(cli_rc "argv-$n")" 2 "CLI: $cmd ${opt/$CERT_D/CERT} on the command line: exit 2"
	done
done
scan "CLI: $(ls "$CAP/cli" | grep -c '\.out$') runs (build, decode, verify, error paths, argv refusals)" \
	"$CAP"/cli/*.out "$CAP"/cli/*.err

scan "everything captured, once more together" $(find "$CAP" -type f)
t_done
