#!/bin/bash
# SPDX-License-Identifier: MIT
#
# End-to-end: real lighttpd started with www/examples/lighttpd.conf, its
# mod_fastcgi spawning agora-token.fcgi (2 processes) on a unix socket, on a
# free 127.0.0.1 port.  Every native and compatible route is requested with
# curl; statuses, headers and bodies are checked and every token is verified
# (CLI + independent checker).  Then the config is switched to api_key auth
# and lighttpd restarted, to prove the Authorization header gets through.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/lib.sh"
. "$E2E_DIR/api.sh"

need curl "HTTP client" curl
need jq "JSON checks" jq
need lighttpd "the web server under test" lighttpd
need_programs
workspace lighttpd

# lighttpd runs as us, and so does the responder it spawns.
CONFIG_OWNER=$ME
make_config "$CONFIG_OWNER"
stage "$ME"

export AGT_WWW=$W/www AGT_FCGI=$W/app/agora-token.fcgi AGT_RUN=$W/run AGORA_TOKEN_CONFIG=$CONFIG
CONF=$top_srcdir/www/examples/lighttpd.conf

lighttpd_on() { # PORT
	export AGT_PORT=$1
	agt_lighttpd_start "$CONF" "$W/run"
}
start() {
	agt_on_free_port "$W/start.err" lighttpd_on ||
		t_missing "lighttpd starts with www/examples/lighttpd.conf" "$(cat "$W/start.err")"
	track_pid "$AGT_LIGHTTPD_PID"
	BASE=http://127.0.0.1:$AGT_PORT
}

start
pass "lighttpd started with www/examples/lighttpd.conf on $BASE"

api_page
api_all
api_parallel 20

procs=$(pgrep -f "$W/app/libexec/agora-token.fcgi|$W/app/agora-token.fcgi" | wc -l)
like "$procs" '^[12]$' "mod_fastcgi keeps 1-2 responder processes ($procs)"

# api_key auth: restart with the new config.
agt_stop_pid "$AGT_LIGHTTPD_PID"
KEY=$(agt_random_hex 40)
auth_config "$KEY"
start
api_auth_key "$KEY"

agt_stop_pid "$AGT_LIGHTTPD_PID"
log_has_no_secret "$W/run/error.log" "$W/run/lighttpd.out"
t_done
