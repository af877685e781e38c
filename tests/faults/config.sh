#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Fault: a broken configuration under lighttpd/FastCGI.  lighttpd runs
# www/examples/lighttpd.conf as an unprivileged user (nobody when we are
# root, so that file permissions bind), and the responder's config is in
# turn missing, unreadable (mode 000), not JSON, or points at a certificate
# file that is missing, unreadable or readable by others.  Each time every
# request gets a 500 whose body is generic (no path, no reason), and the
# server's error log has a line naming the file and the problem.  A good
# config first proves the harness itself.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/faults/lib.sh"

need curl "HTTP client" curl
need jq "JSON checks" jq
need lighttpd "the web server under test" lighttpd
if [ "$(id -u)" = 0 ]; then need setpriv "run lighttpd unprivileged" util-linux; fi
need_programs
workspace faults-config

U=$RUN_USER
make_config "$U"
stage "$U"
GOOD_CONFIG=$CONFIG
CERT_FILE=$W/etc/e2e.cert
export AGT_WWW=$W/www AGT_FCGI=$W/app/agora-token.fcgi AGT_RUN=$W/run

# serve CONFIG-PATH DESC: (re)start lighttpd with that config.
serve() {
	stop_lighttpd
	export AGORA_TOKEN_CONFIG=$1
	start_lighttpd "$U" 2>"$W/start.err" ||
		t_missing "lighttpd starts as $U ($2)" "$(cat "$W/start.err")"
}

# expect_500 DESC LOG-REGEX: a token request and /healthz get a generic
# 500; the server's error log matches LOG-REGEX.
expect_500() {
	local d=$1 re=$2 i=0
	req GET "/v1/rtc?channel=faults&uid=1&role=publisher"
	expect_json 500 "$d: GET /v1/rtc"
	is "$(jq -c . "$W/body")" '{"error":{"code":"internal_error","message":"internal server error"}}' \
		"$d: the body is the generic error"
	if grep -qiE "/|config|certif|json|denied|such file|permission|line" "$W/body" ||
	   grep -qF -e "$W" -e "$(basename "$W")" "$W/headers"; then
		fail "$d: no path or detail in the answer" "$(cat "$W/headers" "$W/body")"
	else
		pass "$d: no path or detail in the answer"
	fi
	req GET /healthz
	is "$H_STATUS" 500 "$d: GET /healthz is a 500 too"
	# The responder writes the line to FCGI_STDERR; lighttpd files it.
	while ! grep -Eq -- "$re" "$W/run/error.log" && [ "$i" -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
	if grep -Eq -- "$re" "$W/run/error.log"; then
		pass "$d: the error log says why: $(grep -Eo -- "$re" "$W/run/error.log" | head -n 1 | sed "s|$W|\$W|g")"
	else
		fail "$d: the error log says why (/$re/)" "$(tail -n 5 "$W/run/error.log")"
	fi
	log_has_no_secret "$W/run/error.log" "$W/run/lighttpd.out" "$W/body" "$W/headers"
}

# The harness works: the good config serves tokens.
serve "$GOOD_CONFIG" "good config"
req GET "/v1/rtc?channel=faults&uid=1&role=publisher"
expect_token_response "good config (as $U)"
pids=$(wait_responders 1)
[ "$(id -u)" != 0 ] || is "$(stat -c %U "/proc/${pids%% *}")" "$U" "the responder runs as $U"

q() { printf '%s' "$1" | sed 's/[][\.*^$|()+?{}]/\\&/g'; }

# Missing file.
serve "$W/etc/missing.json" "missing config"
expect_500 "missing config" "configuration $(q "$W/etc/missing.json"): cannot open: No such file or directory"

# Unreadable file: mode 000, owned by the server user.
cp "$GOOD_CONFIG" "$W/etc/unreadable.json"
chown "$U" "$W/etc/unreadable.json"
chmod 000 "$W/etc/unreadable.json"
serve "$W/etc/unreadable.json" "unreadable config"
expect_500 "unreadable config (mode 000)" "configuration $(q "$W/etc/unreadable.json"): cannot open: Permission denied"

# Malformed JSON: a missing comma at the end of line 3 (the first app).
sed '3s/,$//' "$GOOD_CONFIG" > "$W/etc/malformed.json"
chown "$U" "$W/etc/malformed.json"
chmod 600 "$W/etc/malformed.json"
jq . "$W/etc/malformed.json" >/dev/null 2>&1
[ $? -ne 0 ]
ok $? "the malformed config is indeed not JSON (jq refuses it)"
serve "$W/etc/malformed.json" "malformed config"
expect_500 "malformed JSON" "configuration $(q "$W/etc/malformed.json"): not valid JSON \(error near line [34]\)"

# Certificate file readable by others (0644), by the group (0640).
for mode in 0644 0640; do
	chmod "$mode" "$CERT_FILE"
	serve "$GOOD_CONFIG" "certificate file $mode"
	expect_500 "certificate file mode $mode" \
		"certificate file $(q "$CERT_FILE") has permissions $mode; it must not be readable by group or others"
done

# Certificate file unreadable (mode 000) and missing.
chmod 000 "$CERT_FILE"
serve "$GOOD_CONFIG" "certificate file 000"
expect_500 "certificate file mode 000" "cannot open certificate file $(q "$CERT_FILE"): Permission denied"
chmod 600 "$CERT_FILE"
mv "$CERT_FILE" "$CERT_FILE.moved"
serve "$GOOD_CONFIG" "certificate file missing"
expect_500 "certificate file missing" "cannot open certificate file $(q "$CERT_FILE"): No such file or directory"
mv "$CERT_FILE.moved" "$CERT_FILE"

# And back: the same server setup works again with the file restored.
serve "$GOOD_CONFIG" "good config again"
req GET "/v1/rtc?channel=faults&uid=2&role=publisher"
expect_token_response "good config restored"
stop_lighttpd
t_done
