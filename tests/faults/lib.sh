# SPDX-License-Identifier: MIT
#
# Shared part of the fault tests (tests/faults/*.sh): everything of the
# end-to-end harness (tests/e2e/lib.sh: TAP, workspace, configs, curl
# helpers) plus starting lighttpd with www/examples/lighttpd.conf as a
# chosen user, finding the responder processes it spawned, and running the
# FastCGI test client.  Sourced, never run.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/lib.sh"
. "$E2E_DIR/api.sh"

FAULTS_DIR=$top_srcdir/tests/faults
LPID=

# lighttpd_as PORT USER: one try of start_lighttpd on PORT, lighttpd run as
# USER (when we are root and USER is not us) through setpriv, which execs
# it, so that LPID is lighttpd itself (its children are the responders);
# sets LPID.
lighttpd_as() {
	local user=$2
	export AGT_PORT=$1
	if [ "$(id -u)" = 0 ] && [ "$user" != "$ME" ]; then
		set -- setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups --
	else
		set --
	fi
	agt_lighttpd_start "$LIGHTTPD_CONF" "$W/run" "$@" || return 1
	LPID=$AGT_LIGHTTPD_PID
}

# start_lighttpd USER: lighttpd with www/examples/lighttpd.conf (its copy
# in the workspace, $LIGHTTPD_CONF from stage, which USER can read wherever
# the tree is; the AGT_* and AGORA_TOKEN_CONFIG variables exported by the
# caller) as USER on a free port; sets LPID and BASE.  Truncates the logs
# of an earlier run.  On failure the last try's messages go to stderr.
start_lighttpd() {
	local user=$1
	: > "$W/run/error.log"; : > "$W/run/lighttpd.out"
	chown "$user" "$W/run" "$W/run/error.log" "$W/run/lighttpd.out" 2>/dev/null
	LPID=
	agt_on_free_port "$W/lighttpd-start.err" lighttpd_as "$user" || {
		cat "$W/lighttpd-start.err" >&2 2>/dev/null
		return 1
	}
	track_pid "$LPID"
	BASE=http://127.0.0.1:$AGT_PORT
	return 0
}

stop_lighttpd() {
	[ -z "$LPID" ] || agt_stop_pid "$LPID"
	LPID=
}

# responder_pids: the agora-token.fcgi children of our lighttpd, sorted.
responder_pids() {
	local p
	for p in $(pgrep -P "$LPID" 2>/dev/null); do
		case $(readlink "/proc/$p/exe" 2>/dev/null) in
		*/agora-token.fcgi) echo "$p" ;;
		esac
	done | sort -n
}

# wait_responders N [SECONDS [GONE]]: until N responder processes run (none
# of them pid GONE); prints them.
wait_responders() {
	local n=$1 max=${2:-10} gone=${3:-} i=0 pids
	while [ "$i" -lt $((max * 20)) ]; do
		pids=$(responder_pids)
		if { [ -z "$gone" ] || ! printf '%s\n' $pids | grep -qx "$gone"; } &&
		   [ "$(printf '%s\n' $pids | grep -c .)" -ge "$n" ]; then
			echo $pids
			return 0
		fi
		sleep 0.05
		i=$((i + 1))
	done
	echo $pids
	return 1
}

# start_standalone: the staged responder on its own socket $SOCK (FastCGI
# with --socket), its log in $W/standalone.err; sets RPID and waits for
# the socket (false when it does not appear).
start_standalone() {
	local i=0
	: > "$W/standalone.err"
	"$W/app/agora-token.fcgi" --socket "$SOCK" 2>>"$W/standalone.err" &
	RPID=$!
	track_pid "$RPID"
	while [ ! -S "$SOCK" ] && [ "$i" -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	[ -S "$SOCK" ]
}

# now_ms: wall clock in milliseconds.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# fcgi ARGS...: the FastCGI test client.
fcgi() { "$PYTHON" "$FAULTS_DIR/fcgi-client.py" "$@"; }
