#!/bin/bash
# SPDX-License-Identifier: MIT
# mounts.sh - the path a request is routed on, for every way the web
# servers in front split it between SCRIPT_NAME and PATH_INFO (or leave it
# only in REQUEST_URI), with and without a mount prefix.
#
# Threat: a server configured the natural way gets 404 for every route
# (lighttpd's "/" mount without fix-root-scriptname sends SCRIPT_NAME=/v1
# and PATH_INFO=/rtc), or, the other way round, a mount-prefix rule that is
# too generous turns a wrong path into a token (/v1/rtm/foo becoming the
# compatible route /rtm/:rtmuid/ for user "foo").  Each row is what one
# server sends for one request; the lighttpd and Apache rows were recorded
# from lighttpd 1.4.69 and Apache 2.4 (mod_fcgid, mod_proxy_fcgi, mod_cgid)
# with a program that printed its environment, the nginx rows follow
# nginx's fastcgi_split_path_info and fastcgi_params.  A variable a server
# does not send is "-" (left out of the environment).
. "$top_srcdir/tests/responder/lib.sh"

std_config

# route_req METHOD SCRIPT_NAME PATH_INFO REQUEST_URI QUERY: one request
# with exactly these path variables ("-": not set).  Sets OUT, ERR, STATUS.
route_req() {
	local method=$1 sn=$2 pi=$3 uri=$4 query=$5
	local -a envv
	REQ_N=$((REQ_N + 1))
	OUT="$WORK/out/resp.$REQ_N"
	ERR="$WORK/out/err.$REQ_N"
	envv=(PATH="$PATH" REQUEST_METHOD="$method" QUERY_STRING="$query"
	    GATEWAY_INTERFACE=CGI/1.1 SERVER_PROTOCOL=HTTP/1.1
	    AGORA_TOKEN_CONFIG="$CONF")
	[ "$sn" = - ] || envv+=(SCRIPT_NAME="$sn")
	[ "$pi" = - ] || envv+=(PATH_INFO="$pi")
	[ "$uri" = - ] || envv+=(REQUEST_URI="$uri")
	env -i "${envv[@]}" "$FCGI" </dev/null >"$OUT" 2>"$ERR"
	STATUS=$("$TOOL" status "$OUT")
}

# row LABEL WANT SCRIPT_NAME PATH_INFO REQUEST_URI [METHOD]
#   WANT: rtc (GET /v1/rtc), token (GET /v1/token), healthz, go_rtc
#   (GET /rtc/c/publisher/uid/1/), 404:PATH (not_found, and the message
#   names PATH, the path the client asked for), or 405.
row() {
	local label=$1 want=$2 sn=$3 pi=$4 uri=$5 method=${6:-GET}
	local query="" tok="" desc got
	case $want in
	rtc) query="channel=c&uid=1" ;;
	token) query="channel_name=c" ;;
	esac
	route_req "$method" "$sn" "$pi" "$uri" "$query"
	desc="$label: SCRIPT_NAME=$sn PATH_INFO=$pi -> $want"
	case $want in
	rtc|token|go_rtc)
		case $want in
		rtc) tok=$(jget token) ;;
		token) tok=$("$TOOL" body "$OUT") ;;
		go_rtc) tok=$(jget rtcToken) ;;
		esac
		if [ "$STATUS" = 200 ] && [ -n "$tok" ] &&
		    "$TOOL" verify "$tok" --app-id "$APP_ID" --channel c \
		    --uid-str "$( [ "$want" = token ] || echo 1)" \
		    2>"$WORK/out/verify.err"; then
			ok 0 "$desc"
		else
			ok 1 "$desc"
			diag "status $STATUS: $(head -c 300 "$OUT" | tail -c 200)"
			diag "$(cat "$WORK/out/verify.err")"
		fi
		;;
	healthz)
		got="$STATUS $(jget status)"
		if [ "$got" = "200 ok" ]; then
			ok 0 "$desc"
		else
			ok 1 "$desc"
			diag "got [$got]: $(head -c 300 "$OUT" | tail -c 200)"
		fi
		;;
	404:*)
		got="$STATUS $(jget error.code) $(jget error.message)"
		if [ "$got" = "404 not_found no such route: ${want#404:}" ] &&
		    no_token; then
			ok 0 "$desc, no token"
		else
			ok 1 "$desc, no token"
			diag "got [$got]"
		fi
		;;
	405)
		got="$STATUS $(jget error.code)"
		if [ "$got" = "405 method_not_allowed" ] && no_token; then
			ok 0 "$desc"
		else
			ok 1 "$desc"
			diag "got [$got]"
		fi
		;;
	esac
}

# ---- lighttpd: fastcgi.server "/" with check-local disable ----
row lighttpd_root          rtc     /v1 /rtc /v1/rtc
row lighttpd_root_pytoken  token   /v1 /token /v1/token
row lighttpd_root_healthz  healthz /healthz - /healthz
row lighttpd_root_compat   go_rtc  /rtc /c/publisher/uid/1/ /rtc/c/publisher/uid/1/
row lighttpd_root_api      rtc     /api /v1/rtc /api/v1/rtc
row lighttpd_root_api_hz   healthz /api /healthz /api/healthz
row lighttpd_root_post     405     /v1 /token /v1/token POST
# ... and with "fix-root-scriptname" => "enable"
row lighttpd_fixroot       rtc     "" /v1/rtc /v1/rtc
row lighttpd_fixroot_api   rtc     "" /api/v1/rtc /api/v1/rtc
row lighttpd_fixroot_hz    healthz "" /healthz /healthz
# ---- lighttpd: prefix mounts "/api", "/api/" and "/v1/" ----
row lighttpd_api           rtc     /api /v1/rtc /api/v1/rtc
row lighttpd_api_slash     rtc     /api/v1 /rtc /api/v1/rtc
row lighttpd_api_slash_hz  healthz /api/healthz - /api/healthz
row lighttpd_v1_slash      rtc     /v1/rtc - /v1/rtc
# ---- Apache mod_fcgid ----
row fcgid_aliasmatch       rtc     "" /v1/rtc /v1/rtc
row fcgid_alias_api        rtc     /api /v1/rtc /api/v1/rtc
row fcgid_addhandler       rtc     /agora-token.fcgi /v1/rtc /agora-token.fcgi/v1/rtc
# ---- Apache mod_proxy_fcgi ----
row proxy_pass_api         rtc     /api/v1/rtc - /api/v1/rtc
row proxy_pass_healthz     healthz /api/healthz - /api/healthz
row proxy_sethandler_api   rtc     /api /v1/rtc /api/v1/rtc
row proxy_example          rtc     "" /v1/rtc /v1/rtc
# ---- Apache mod_cgi (and plain CGI) ----
row cgi_scriptalias        rtc     /cgi-bin/agora-token.fcgi /v1/rtc /cgi-bin/agora-token.fcgi/v1/rtc
row cgi_scriptalias_compat go_rtc  /cgi-bin/agora-token.fcgi /rtc/c/publisher/uid/1/ /cgi-bin/agora-token.fcgi/rtc/c/publisher/uid/1/
# ---- nginx ----
row nginx_split_api        rtc     /api /v1/rtc /api/v1/rtc
row nginx_split_fcgi       rtc     /agora-token.fcgi /v1/rtc /agora-token.fcgi/v1/rtc
row nginx_script_name      rtc     /v1/rtc - /v1/rtc
row nginx_script_name_api  rtc     /api/v1/rtc - /api/v1/rtc
# ---- only REQUEST_URI (still encoded) ----
row uri_only               rtc     - - "/v1/rtc?channel=c&uid=1"
row uri_only_api_encoded   rtc     - - "/api/v1%2Frtc?channel=c&uid=1"
row uri_only_compat        go_rtc  "" "" /rtc/c/publisher/uid/1/
# ---- wrong paths stay 404, and the message names the path asked for ----
row v1_rtm_foo             404:/v1/rtm/foo            /v1 /rtm/foo /v1/rtm/foo
row v1_rtm_foo_fixroot     404:/v1/rtm/foo            "" /v1/rtm/foo /v1/rtm/foo
row api_v1_rtm_foo         404:/api/v1/rtm/foo/       /api /v1/rtm/foo/ /api/v1/rtm/foo/
row cgi_v1_rtm_foo         404:/cgi-bin/agora-token.fcgi/v1/rtm/foo /cgi-bin/agora-token.fcgi /v1/rtm/foo /cgi-bin/agora-token.fcgi/v1/rtm/foo
row v1_is_no_prefix        404:/v1/v1/rtc             /v1 /v1/rtc /v1/v1/rtc
row route_is_no_prefix     404:/chat/account/rtm/x/   /chat /account/rtm/x/ /chat/account/rtm/x/
row compat_is_no_prefix    404:/rtc/v1/rtc            /rtc /v1/rtc /rtc/v1/rtc
row empty_segment          404://v1/rtc               "" //v1/rtc //v1/rtc
row api_empty_segment      404:/api//v1/rtc           /api //v1/rtc /api//v1/rtc
row v1_unknown_route     404:/v1/nothing            /v1 /nothing /v1/nothing
row api_only               404:/api/                  /api / /api/
row uri_only_rtm_foo       404:/v1/rtm/foo            - - /v1/rtm/foo

finish
