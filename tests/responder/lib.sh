# SPDX-License-Identifier: MIT
# lib.sh - shared by the responder's shell tests (sourced, bash).
#
# Runs agora-token.fcgi as a CGI program: a clean environment holding only
# the CGI variables of one request (REQUEST_METHOD, PATH_INFO, QUERY_STRING,
# CONTENT_TYPE, CONTENT_LENGTH, HTTP_*), the body on stdin, stdout and
# stderr captured per request under $WORK/out.  Prints TAP.  Every script
# ends with the secret-leak check: no response and no log line it captured
# may contain the test certificate.

: "${top_builddir:?run from make check}"
: "${top_srcdir:?run from make check}"

FCGI="$top_builddir/src/agora-token.fcgi"
TOOL="$top_builddir/tests/responder/rsp-tool"

# Test credentials (the public sample values of Agora's reference code).
APP_ID=970CA35de60c44645bbae8a215061b33
CERT=5CFd2fd1755d40ecb72977518be15d3b
APP_ID2=0123456789abcdef0123456789abcdef
CERT2=fedcba9876543210fedcba9876543210
export TOKCHECK_CERTIFICATE="$CERT"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rsp-test.XXXXXX")
mkdir -p "$WORK/out" "$WORK/conf"
chmod 700 "$WORK/conf"
trap 'rm -rf "$WORK"' EXIT

TAP_N=0
TAP_FAILED=0
REQ_N=0

plan() { echo "1..$1"; }
ok() {   # ok STATUS DESCRIPTION
	TAP_N=$((TAP_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $TAP_N - $2"
	else
		echo "not ok $TAP_N - $2"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
}
diag() { echo "# $*"; }
is() {   # is WANT GOT DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diag "want: [$1]"
		diag " got: [$2]"
	fi
}

# The configuration the requests use (a file under $WORK/conf).
CONF=""
write_config() {   # write_config NAME JSON -> sets CONF
	CONF="$WORK/conf/$1"
	printf '%s\n' "$2" >"$CONF"
	chmod 600 "$CONF"
}

# req METHOD PATH [QUERY]
#   globals in: BODY (unset: no body), CT (content type), XENV (array of
#   extra VAR=value), CONF
#   globals out: OUT, ERR (files), STATUS
req() {
	local method=$1 path=$2 query=${3-}
	local -a envv
	REQ_N=$((REQ_N + 1))
	OUT="$WORK/out/resp.$REQ_N"
	ERR="$WORK/out/err.$REQ_N"
	envv=(PATH="$PATH" REQUEST_METHOD="$method" PATH_INFO="$path"
	    QUERY_STRING="$query" GATEWAY_INTERFACE=CGI/1.1
	    SERVER_PROTOCOL=HTTP/1.1 SCRIPT_NAME=/cgi-bin/agora-token.fcgi)
	[ -n "$CONF" ] && envv+=(AGORA_TOKEN_CONFIG="$CONF")
	[ -n "${CT-}" ] && envv+=(CONTENT_TYPE="$CT")
	if [ -n "${XENV+x}" ]; then envv+=("${XENV[@]}"); fi
	if [ -n "${BODY+x}" ]; then
		printf '%s' "$BODY" >"$WORK/body"
		envv+=(CONTENT_LENGTH="$(wc -c <"$WORK/body" | tr -d ' ')")
		# XH1/XH2: one extra VAR=value each, applied last (may override)
		[ -n "${XH1-}" ] && envv+=("$XH1")
		[ -n "${XH2-}" ] && envv+=("$XH2")
		env -i "${envv[@]}" "$FCGI" <"$WORK/body" >"$OUT" 2>"$ERR"
	else
		[ -n "${XH1-}" ] && envv+=("$XH1")
		[ -n "${XH2-}" ] && envv+=("$XH2")
		env -i "${envv[@]}" "$FCGI" </dev/null >"$OUT" 2>"$ERR"
	fi
	STATUS=$("$TOOL" status "$OUT")
}

# Percent-encodes every byte outside [A-Za-z0-9._~-].
urlenc() {
	local s=$1 out="" c i
	local LC_ALL=C
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		[A-Za-z0-9._~-]) out+=$c ;;
		*) out+=$(printf '%%%02X' "'$c") ;;
		esac
	done
	printf '%s' "$out"
}

# The standard configuration: two apps (inline certificate and certificate
# file), CORS for one origin, no caller authentication.
std_config() {
	printf '%s\n' "$CERT2" >"$WORK/conf/second.cert"
	chmod 600 "$WORK/conf/second.cert"
	write_config std.json '{
	  "apps": [
	    {"name": "demo", "app_id": "'"$APP_ID"'", "certificate": "'"$CERT"'"},
	    {"name": "second", "app_id": "'"$APP_ID2"'", "certificate_file": "second.cert"}
	  ],
	  "default_format": "007",
	  "default_expire": 3600,
	  "max_expire": 86400,
	  "cors_origins": ["https://app.example"],
	  "auth": {"mode": "none"}
	}'
	STD_CONF=$CONF
}

jget() { "$TOOL" json "$OUT" "$1" 2>/dev/null; }
hget() { "$TOOL" header "$OUT" "$1" 2>/dev/null; }

# No token under any key a token route uses.
no_token() {
	local k
	for k in token rtcToken rtmToken chatToken key; do
		if "$TOOL" json "$OUT" "$k" >/dev/null 2>&1; then
			return 1
		fi
	done
	! grep -q '00[67][A-Za-z0-9+/]\{60,\}' "$OUT"
}

# The secret-leak check over everything this script captured.
leak_check() {
	if grep -rqiF -e "$CERT" -e "$CERT2" "$WORK/out"; then
		ok 1 "no response or log line holds a certificate"
		grep -rliF -e "$CERT" -e "$CERT2" "$WORK/out" | sed 's/^/# leak in /'
	else
		ok 0 "no response or log line holds a certificate ($REQ_N requests)"
	fi
}

finish() {
	leak_check
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
}
