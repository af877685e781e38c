#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Browser test: lighttpd serves the playground (www/) and the real responder
# (www/examples/lighttpd.conf); Debian's headless chromium, driven by
# playwright-core (npm, pinned in tests/e2e/package-lock.json), uses the page
# as a person would (browser.cjs).  Tokens the page showed are verified here
# with the CLI and the independent checker.  The screenshot goes to
# $top_builddir/tests/e2e/playground.png.  Missing node, npm packages or
# chromium is a failure, not a skip.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/lib.sh"

CHROMIUM=${AGT_CHROMIUM:-/usr/bin/chromium}
need curl "HTTP client" curl
need jq "JSON checks" jq
need lighttpd "the web server serving the page" lighttpd
need node "runs the browser driver" nodejs
[ -x "$CHROMIUM" ] || t_missing "chromium is installed" "$CHROMIUM not found (Debian: apt-get install chromium)"
need_programs

# playwright-core: already installed (npm ci --prefix tests/e2e), or
# installed now into the build tree (tests/npm-pins.sh).
. "$top_srcdir/tests/npm-pins.sh"
agt_npm_modules e2e playwright-core/package.json ||
	t_missing "playwright-core installed with npm ci" "$AGT_NPM_WHY"
PW=$AGT_NPM_DIR/playwright-core

workspace browser
CONFIG_OWNER=$ME
NAME_A="playground-demo-NOT-FOR-PRODUCTION"
make_config "$CONFIG_OWNER"
stage "$ME"
export AGT_WWW=$W/www AGT_FCGI=$W/app/agora-token.fcgi AGT_RUN=$W/run AGORA_TOKEN_CONFIG=$CONFIG
lighttpd_on() { # PORT
	export AGT_PORT=$1
	agt_lighttpd_start "$top_srcdir/www/examples/lighttpd.conf" "$W/run"
}
agt_on_free_port "$W/start.err" lighttpd_on ||
	t_missing "lighttpd starts with www/examples/lighttpd.conf" "$(cat "$W/start.err")"
track_pid "$AGT_LIGHTTPD_PID"
BASE=http://127.0.0.1:$AGT_PORT
pass "lighttpd serves the playground and the responder on $BASE"

SHOT=$top_builddir/tests/e2e/playground.png
mkdir -p "$(dirname "$SHOT")" "$W/profile"
rm -f "$SHOT"
timeout 90 node "$E2E_DIR/browser.cjs" "$PW" "$BASE" "$SHOT" "$W/profile" >"$W/browser.out" 2>&1
st=$?
while IFS= read -r line; do
	case $line in
	"PASS "*) pass "browser: ${line#PASS }" ;;
	"FAIL "*) fail "browser: ${line#FAIL }" ;;
	"# "*) t_out "$line" ;;
	"TOKEN "*)
		set -- $line
		case $2 in
		rtc) check_rtc "browser RTC token" "$3" "$APP_A" browser-room 1234 ;;
		rtm) tokcheck "browser RTM token" "$3" "$APP_A" 'any(.services[]; .type == 2 and .user_id == "browser-user")' ;;
		chat) tokcheck "browser Chat token" "$3" "$APP_A" 'any(.services[]; .type == 5 and .user_id == "chatter")' ;;
		fpa) tokcheck "browser FPA token" "$3" "$APP_A" 'any(.services[]; .type == 4)' ;;
		apaas) tokcheck "browser APaaS token" "$3" "$APP_A" 'any(.services[]; .type == 7 and .room_uuid == "class-7")' ;;
		esac ;;
	*) [ -n "$line" ] && diag "$line" ;;
	esac
done < "$W/browser.out"
ok $st "browser driver exits 0" "exit status $st"
[ -s "$SHOT" ]
ok $? "screenshot written to $SHOT"
t_done
