# SPDX-License-Identifier: MIT
#
# Shared part of the end-to-end suites (tests/e2e/*.sh): TAP output, a
# throwaway workspace removed by a trap, a responder config with fresh random
# credentials, an HTTP request helper built on curl, and token checks with
# both the CLI (src/agora-token verify/decode) and the independent checker
# tokcheck.py.  A missing prerequisite is a failing test, never a silent
# pass; only a not-yet-built responder is a skip outside CI.

[ -n "${top_srcdir:-}" ] || top_srcdir=$(cd "$(dirname "$0")/../.." && pwd)
[ -n "${top_builddir:-}" ] || top_builddir=$(pwd)
export top_srcdir top_builddir
. "$top_srcdir/tools/lib-servers.sh"

E2E_DIR=$top_srcdir/tests/e2e
# The interpreter itself, not a version-manager shim that costs a fork and
# a script per call (tokcheck.py runs a hundred times per suite).
PYTHON=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || PYTHON=
[ -x "${PYTHON:-}" ] || PYTHON=$(command -v python3 2>/dev/null)
CLI=
T_N=0
T_FAILED=0
AGT_PIDS=
W=

# ---- TAP ----------------------------------------------------------------

t_out() { printf '%s\n' "$*"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
pass() { T_N=$((T_N + 1)); t_out "ok $T_N - $1"; }
fail() {
	T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1))
	t_out "not ok $T_N - $1"
	shift
	[ $# -eq 0 ] || diag "$@"
}
skip() { T_N=$((T_N + 1)); t_out "ok $T_N # SKIP $1"; }
# ok COND-STATUS DESC [DIAG...]: pass when the status is 0.
ok() { local st=$1; shift; if [ "$st" -eq 0 ]; then pass "$1"; else fail "$@"; fi; }
is() {
	if [ "$1" = "$2" ]; then pass "$3"; else fail "$3" "got:  '$1'" "want: '$2'"; fi
}
like() {
	if printf '%s' "$1" | grep -Eq -- "$2"; then pass "$3"; else fail "$3" "got:  '$1'" "want: /$2/"; fi
}
t_done() {
	t_out "1..$T_N"
	[ "$T_FAILED" -eq 0 ]
	exit $?
}
# A required tool or server is missing: one failing test with the reason.
t_missing() {
	fail "$1" "$2"
	t_done
}
t_strict() { [ -n "${CI:-}" ] || [ -n "${AGT_E2E_STRICT:-}" ]; }

# need CMD DESC: the suite cannot run without CMD.
need() {
	command -v "$1" >/dev/null 2>&1 ||
		t_missing "$1 is installed ($2)" "$1 not found in PATH; install it (Debian: apt-get install $3)"
}

# need_programs: the responder and CLI from this build.  Not yet built is a
# skip with the reason outside CI, a failure in CI.
need_programs() {
	local what=
	agt_find_program "$top_builddir" agora-token.fcgi >/dev/null || what="src/agora-token.fcgi"
	if [ -x "$top_builddir/src/agora-token" ]; then
		CLI=$top_builddir/src/agora-token
	else
		what="$what src/agora-token"
	fi
	[ -z "$what" ] && return 0
	if t_strict; then
		t_missing "programs are built" "missing in $top_builddir: $what"
	fi
	t_out "1..0 # SKIP not built yet in $top_builddir:$what"
	exit 0
}

# ---- workspace ------------------------------------------------------------

cleanup() {
	local p
	for p in $AGT_PIDS; do agt_stop_pid "$p"; done
	AGT_PIDS=
	if [ -n "$W" ] && [ -d "$W" ] && [ -z "${AGT_E2E_KEEP:-}" ]; then rm -rf "$W"; fi
}
track_pid() { AGT_PIDS="$AGT_PIDS $1"; }

# traversable DIR: true when others may search DIR and every directory
# above it, so that a server running as another user can reach DIR.
traversable() {
	local d m
	d=$(cd "$1" 2>/dev/null && pwd -P) || return 1
	while [ "$d" != / ]; do
		m=$(stat -c %A "$d" 2>/dev/null) || return 1
		case $m in ?????????[xt]) ;; *) return 1 ;; esac
		d=$(dirname "$d")
	done
}

# workspace NAME: a fresh directory every server user can traverse, under
# $TMPDIR when others can reach it, else under /tmp.  Everything a server
# running as another user reads is staged here (stage, make_config), never
# read from the source or build tree, which may sit in a private directory.
workspace() {
	local base=${TMPDIR:-/tmp}
	traversable "$base" || base=/tmp
	W=$(mktemp -d "$base/agt-e2e-$1.XXXXXX") || t_missing "temp dir" "mktemp failed"
	chmod 755 "$W"
	trap cleanup EXIT
	trap 'cleanup; exit 1' INT TERM HUP
	mkdir -p "$W/etc" "$W/run" "$W/www"
}

# The unprivileged user Apache (and so the responder) runs as: nobody when
# we are root (Apache refuses root), else ourselves (User is then ignored).
if [ "$(id -u)" = 0 ]; then
	RUN_USER=nobody
	RUN_GROUP=$(id -gn nobody 2>/dev/null || echo nogroup)
else
	RUN_USER=$(id -un)
	RUN_GROUP=$(id -gn)
fi
ME=$(id -un)

# make_config OWNER [AUTH-JSON]: random credentials for two apps, one with its
# certificate in a 0600 file owned by OWNER, one inline; writes
# $W/etc/config.json and sets APP_A CERT_A APP_B CERT_B CONFIG.
make_config() {
	local owner=$1 auth=${2:-'{"mode": "none"}'}
	APP_A=$(agt_random_hex 32); CERT_A=$(agt_random_hex 32)
	APP_B=$(agt_random_hex 32); CERT_B=$(agt_random_hex 32)
	CONFIG=$W/etc/config.json
	write_config "$CONFIG" "$owner" "$auth"
}

write_config() {
	local file=$1 owner=$2 auth=$3
	(umask 077; printf '%s\n' "$CERT_A" > "$W/etc/e2e.cert")
	cat > "$file" <<EOF
{
  "apps": [
    {"name": "${NAME_A:-e2e}", "app_id": "$APP_A", "certificate_file": "$W/etc/e2e.cert"},
    {"name": "e2e-inline", "app_id": "$APP_B", "certificate": "$CERT_B"}
  ],
  "default_format": "007",
  "default_expire": 3600,
  "max_expire": 86400,
  "cors_origins": ["http://allowed.example"],
  "auth": $auth
}
EOF
	chmod 600 "$file" "$W/etc/e2e.cert"
	chown "$owner" "$file" "$W/etc/e2e.cert"
}

# stage OWNER: responder, playground and the example lighttpd config
# ($LIGHTTPD_CONF) copied into $W, readable by OWNER.
stage() {
	agt_stage_responder "$top_builddir" "$W/app" "$1" ||
		t_missing "responder staged" "could not copy agora-token.fcgi from $top_builddir"
	cp -R "$top_srcdir/www/." "$W/www/"
	chmod -R a+rX "$W/www"
	LIGHTTPD_CONF=$W/etc/lighttpd.conf
	cp "$top_srcdir/www/examples/lighttpd.conf" "$LIGHTTPD_CONF" &&
		chmod 644 "$LIGHTTPD_CONF" ||
		t_missing "lighttpd config staged" "could not copy www/examples/lighttpd.conf"
}

# ---- HTTP -------------------------------------------------------------------

# req METHOD PATH [curl args...]: one request to $BASE; sets H_STATUS,
# H_CTYPE, H_CACHE and leaves the body in $W/body, headers in $W/headers.
req() {
	local m=$1 p=$2
	shift 2
	: > "$W/body"; : > "$W/headers"
	H_STATUS=$(curl -sS --max-time 10 -X "$m" -D "$W/headers" -o "$W/body" \
		-w '%{http_code}' "$@" "$BASE$p" 2>"$W/curl.err")
	[ -n "$H_STATUS" ] || H_STATUS=000
	H_CTYPE=$(hdr Content-Type)
	H_CACHE=$(hdr Cache-Control)
	H_LAST="$m $p"
}
hdr() { tr -d '\r' < "$W/headers" | sed -n "s/^$1: *//Ip" | tail -n 1; }
body() { cat "$W/body"; }
jq_body() { jq -r "$1" "$W/body" 2>/dev/null; }

# expect_json STATUS DESC: status, JSON content type and a parseable body.
expect_json() {
	local want=$1 d=$2
	is "$H_STATUS" "$want" "$d: HTTP $want"
	like "$H_CTYPE" '^application/json' "$d: Content-Type is JSON"
	jq -e . "$W/body" >/dev/null 2>&1
	ok $? "$d: body is JSON" "body: $(head -c 300 "$W/body")"
}

# expect_token_response DESC KEY: a 200 JSON token response: no-store and a
# token under KEY (default .token).  Sets TOKEN.
expect_token_response() {
	local d=$1 key=${2:-.token}
	expect_json 200 "$d"
	like "$H_CACHE" 'no-store' "$d: Cache-Control: no-store"
	TOKEN=$(jq_body "$key // empty")
	like "$TOKEN" '^00[67][A-Za-z0-9+/=]{20,}$' "$d: has a token in $key"
}

# expect_error STATUS DESC [CODE-REGEX]: a JSON error answer without a token.
expect_error() {
	local want=$1 d=$2 code
	expect_json "$want" "$d"
	code=$(jq_body '.error.code // empty')
	like "$code" "${3:-^[a-z_]+$}" "$d: error.code ($code)"
	is "$(jq_body '.token // .rtcToken // .key // empty')" "" "$d: no token in an error"
}

# ---- token checks -------------------------------------------------------------

# app_cert APP_ID: the certificate of one of our two apps.
app_cert() { if [ "$1" = "$APP_B" ]; then echo "$CERT_B"; else echo "$CERT_A"; fi; }

# verify_cli DESC TOKEN APP_ID [verify options...]: src/agora-token verify
# (credentials from the environment) says the token is valid now.
verify_cli() {
	local d=$1 tok=$2 app=$3 out st
	shift 3
	out=$(AGORA_APP_ID=$app AGORA_APP_CERTIFICATE=$(app_cert "$app") \
		"$CLI" verify "$tok" "$@" 2>&1)
	st=$?
	ok $st "$d: agora-token verify $*" "$out"
}

# id_opt UID-OR-ACCOUNT: the verify option naming it.
id_opt() { case $1 in *[!0-9]*) echo --account ;; *) echo --uid ;; esac; }

# decode_cli DESC TOKEN APP_ID: src/agora-token decode prints JSON naming the app.
decode_cli() {
	local d=$1 tok=$2 app=$3 out
	out=$("$CLI" decode "$tok" 2>&1)
	if printf '%s' "$out" | jq -e . >/dev/null 2>&1; then
		if printf '%s' "$out" | grep -q "$app"; then
			pass "$d: agora-token decode shows app $app"
		else
			fail "$d: agora-token decode shows app $app" "$(printf '%s' "$out" | head -c 400)"
		fi
	else
		fail "$d: agora-token decode prints JSON" "$(printf '%s' "$out" | head -c 400)"
	fi
}

# tokcheck DESC TOKEN APP_ID JQ-CONDITION [--channel C --uid U]: the
# independent checker finds a valid signature for the app and the condition
# holds on its output (e.g. '.services[0].channel == "c"').
tokcheck() {
	local d=$1 tok=$2 app=$3 cond=$4 out
	shift 4
	if [ -z "$PYTHON" ]; then
		fail "$d: independent check" "python3 not found (Debian: apt-get install python3)"
		return
	fi
	out=$(AGORA_APP_CERTIFICATE=$(app_cert "$app") "$PYTHON" "$E2E_DIR/tokcheck.py" "$tok" "$@" 2>&1)
	if printf '%s' "$out" | jq -e --arg app "$app" ".valid == true and .app_id == \$app and ($cond)" >/dev/null 2>&1; then
		pass "$d: signature valid for $app, $cond (independent check)"
	else
		fail "$d: signature valid for $app, $cond (independent check)" "$out"
	fi
}

# check_rtc DESC TOKEN APP CHANNEL UID: all three checks on an RTC token.
check_rtc() {
	local d=$1 tok=$2 app=$3 ch=$4 uid=$5
	verify_cli "$d" "$tok" "$app" --channel "$ch" "$(id_opt "$uid")" "$uid"
	case $tok in
	006*) tokcheck "$d" "$tok" "$app" 'true' --channel "$ch" --uid "$uid" ;;
	*) tokcheck "$d" "$tok" "$app" "any(.services[]; .type == 1 and .channel == \"$ch\" and .uid == \"$( [ "$uid" = 0 ] && echo '' || echo "$uid")\")" ;;
	esac
}

# ---- a responder on its own socket ----------------------------------------

# as_run_user CMD...: exec CMD as RUN_USER (setpriv when we are root), so a
# backgrounded call's $! is CMD itself.
as_run_user() {
	if [ "$(id -u)" = 0 ] && [ "$RUN_USER" != "$ME" ]; then
		exec setpriv --reuid="$RUN_USER" --regid="$(id -g "$RUN_USER")" --clear-groups -- "$@"
	fi
	exec "$@"
}

# responder_on_socket SOCK: the staged responder as a FastCGI server on the
# unix socket SOCK (agora-token.fcgi --socket SOCK, what a supervisor runs),
# as RUN_USER with AGORA_TOKEN_CONFIG=$CONFIG, logging to $W/run/responder.log;
# waits for the socket and sets RSP_PID.
responder_on_socket() {
	local sock=$1 i
	mkdir -p "$(dirname "$sock")"
	chown "$RUN_USER" "$(dirname "$sock")" 2>/dev/null
	rm -f "$sock"
	(export AGORA_TOKEN_CONFIG="$CONFIG"; as_run_user "$W/app/agora-token.fcgi" --socket "$sock") \
		>>"$W/run/responder.log" 2>&1 &
	RSP_PID=$!
	track_pid "$RSP_PID"
	for i in $(seq 1 50); do [ -S "$sock" ] && return 0; sleep 0.1; done
	return 1
}
