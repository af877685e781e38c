#!/bin/bash
# SPDX-License-Identifier: MIT
#
# End-to-end: real lighttpd with the plainest fastcgi.server blocks, not
# the tuned www/examples/lighttpd.conf: the responder mounted at "/" with
# check-local disabled and no fix-root-scriptname (lighttpd then splits
# /v1/rtc into SCRIPT_NAME=/v1 and PATH_INFO=/rtc), and mounted under the
# prefix "/api".  Each time the native and compatible routes must serve
# tokens that verify, errors keep their codes, and a wrong path such as
# /v1/rtm/foo stays a 404 that names the path asked for.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/lib.sh"
. "$E2E_DIR/api.sh"

need curl "HTTP client" curl
need jq "JSON checks" jq
need lighttpd "the web server under test" lighttpd
need_programs
workspace lighttpd-mounts

# lighttpd runs as us, and so does the responder it spawns.
CONFIG_OWNER=$ME
make_config "$CONFIG_OWNER"
stage "$ME"
export AGT_WWW=$W/www AGT_FCGI=$W/app/agora-token.fcgi AGT_RUN=$W/run AGORA_TOKEN_CONFIG=$CONFIG
CONF=$W/etc/lighttpd.conf

# write_conf MOUNT: a whole lighttpd config whose only fastcgi.server
# entry is MOUNT => check-local disable, nothing else set.
write_conf() {
	cat > "$CONF" <<EOF
server.modules += ( "mod_fastcgi" )
server.bind          = "127.0.0.1"
server.port          = env.AGT_PORT
server.document-root = env.AGT_WWW
server.pid-file      = env.AGT_RUN + "/lighttpd.pid"
server.errorlog      = env.AGT_RUN + "/error.log"
fastcgi.server = (
  "$1" => ((
    "bin-path"        => env.AGT_FCGI,
    "socket"          => env.AGT_RUN + "/agora-token.sock",
    "check-local"     => "disable",
    "bin-environment" => ( "AGORA_TOKEN_CONFIG" => env.AGORA_TOKEN_CONFIG ),
  ))
)
EOF
}

# start MOUNT: lighttpd with that mount on a free port; BASE is the URL of
# the mount.
lighttpd_on() { # PORT
	export AGT_PORT=$1
	agt_lighttpd_start "$CONF" "$W/run"
}
start() {
	write_conf "$1"
	agt_on_free_port "$W/start.err" lighttpd_on ||
		t_missing "lighttpd starts with fastcgi.server \"$1\"" "$(cat "$W/start.err")"
	track_pid "$AGT_LIGHTTPD_PID"
	BASE=http://127.0.0.1:$AGT_PORT${1%/}
}

for mount in / /api; do
	start "$mount"
	pass "lighttpd started with fastcgi.server \"$mount\" (check-local disable, no fix-root-scriptname) on $BASE"
	api_health
	api_rtc
	api_compat
	api_errors
	for p in /v1/rtm/foo /chat/account/rtm/x/ /v1/v1/rtc; do
		req GET "$p"
		expect_error 404 "\"$mount\": GET $p" "^not_found$"
		is "$(jq_body .error.message)" "no such route: ${mount%/}$p" \
			"\"$mount\": the 404 names the path asked for"
	done
	agt_stop_pid "$AGT_LIGHTTPD_PID"
done

log_has_no_secret "$W/run/error.log" "$W/run/lighttpd.out"
t_done
