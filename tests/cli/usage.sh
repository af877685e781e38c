#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/cli/usage.sh - every kind of command-line mistake gets its own
# message and the documented exit status (2 usage, 3 bad input), never a
# token and never a crash; and --help / --version work for the program and
# each command.  One table row per mistake: status | substring | arguments.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"

export AGORA_APP_ID="$KA_APP_ID"
export AGORA_APP_CERTIFICATE="$KA_CERT"
LONG=$(awk 'BEGIN { while (n++ < 65536) printf "c" }')

# Fields separated by "|"; arguments split on spaces (none contain one).
while IFS='|' read -r want msg args; do
	case "$want" in '' | '#'*) continue ;; esac
	# shellcheck disable=SC2086
	set -- $args
	run "$@"
	# Nothing on stdout, except the summary line of "vectors check".
	if [ "$rc" -eq "$want" ] && grep -F -q -e "$msg" "$tmp/err" &&
	    { [ ! -s "$tmp/out" ] || [ "$1" = vectors ]; }; then
		pass "$args: exit $want, \"$msg\""
	else
		fail "$args: exit $want, \"$msg\""
		diag "exit $rc, stderr: $(cat "$tmp/err")"
	fi
done <<'TABLE'
2|--uid: 4294967296 is out of range 0..4294967295|rtc --channel c --uid 4294967296
2|--uid: -1 is out of range|rtc --channel c --uid -1
2|--uid: "12a" is not a number|rtc --channel c --uid 12a
2|--uid: "0x10" is not a number|rtc --channel c --uid 0x10
2|--uid: the value is empty|rtc --channel c --uid=
2|unknown option --chanel|rtc --chanel c
2|unknown option -x|rtc -x
2|--channel needs a value|rtc --channel
2|--channel needs a value|rtc --channel --uid 5
2|--channel is required|rtc --uid 5
2|give --uid or --account, not both|rtc --channel c --uid 1 --account a
2|--uid is given twice|rtc --channel c --uid 1 --uid 2
2|"king" is not a role|rtc --channel c --role king
2|--role: 2147483648 is out of range|rtc --channel c --role 2147483648
2|--expire: 4294967296 is out of range|rtc --channel c --expire 4294967296
2|--expire: "1h" is not a number|rtc --channel c --expire 1h
2|lies before the issue time|rtc --channel c --issue-ts 100 --expire @99
2|--privilege-expire: "soon" is not a number|rtc --channel c --privilege-expire soon
2|--salt: 99999999999 is out of range|rtc --channel c --salt 99999999999
2|--issue-ts: "now" is not a number|rtc --channel c --issue-ts now
2|"008" is not a token format|rtc --channel c --format 008
2|--ts pins a 006 token's ts field|rtc --channel c --ts 5
2|--format 006: RtcTokenBuilder takes only|rtc --format 006 --channel c --rtm-user u
2|past 2106-02-07|rtc --format 006 --channel c --issue-ts 4294960000 --ts 1 --expire 10000
2|does not fit the 006 ts field|rtc --format 006 --channel c --issue-ts 4294967000
2|cannot be combined with --rtm-user|rtc --channel c --with-rtm --rtm-user u
2|--role does not apply with per-privilege expiries|rtc --channel c --role subscriber --join-expire 60
2|--rtm-expire needs --rtm-user or --service|rtc --channel c --rtm-expire 60
2|"tts" is not a service|rtc --channel c --service tts
2|--with-rtm takes no value|rtc --channel c --with-rtm=yes
2|unexpected argument "extra"|rtc --channel c extra
2|--user is required|rtm --expire 60
2|"chan" is not a resource type|rtm --user u --permission chan:read:x
2|"delete" is not a permission|rtm --user u --permission users:delete:x
2|expected TYPE:PERM:RESOURCE|rtm --user u --permission users
2|--permission TYPE: 65536 is out of range|rtm --user u --permission 65536:read:x
2|--permission needs 007|rtm --format 006 --user u --permission users:read:x
2|give --user ID for a user token or --app|chat
2|give --user ID for a user token or --app|chat --user u --app
2|chat tokens exist only in format 007|chat --app --format 006
2|fpa tokens exist only in format 007|fpa --format 006
2|unknown option --expire|fpa --expire 60
2|needs --room, --user and --role together|apaas --room r --user u
2|--role: 32768 is out of range -32768..32767|apaas --room r --user u --role 32768
2|it takes no --room, --user or --role|apaas --app --user u
2|give --room ID --user ID --role N|apaas
2|unknown command "token"|token
2|unknown option --frobnicate|--frobnicate
2|a TOKEN (or - for stdin) is required|decode
2|give exactly one TOKEN|decode a b
2|a TOKEN (or - for stdin) is required|verify
2|--now: "yesterday" is not a number|verify --now yesterday x
2|give --uid or --account, not both|verify --uid 1 --account a x
2|unknown action "run"|vectors run x
2|check: give at least one FILE|vectors check
2|build: give exactly one FILE|vectors build a b
3|(bad_version)|decode 008abc
3|(bad_version)|verify 005abc
3|No such file or directory|vectors check /nonexistent/vectors.jsonl
TABLE

# A channel one byte too long for the format's u16 length: exit 2.
run rtc --channel "$LONG" --uid 1
if [ "$rc" -eq 2 ] && grep -q "65536 bytes is longer than the 65535" "$tmp/err"; then
	pass "rtc --channel of 65536 bytes: exit 2, names the limit"
else
	fail "rtc --channel of 65536 bytes: exit 2, names the limit"
	diag "exit $rc: $(cut -c1-200 "$tmp/err")"
fi
run rtc --channel "${LONG%c}" --uid 1
is 0 "$rc" "rtc --channel of 65535 bytes: builds"

# The library refuses an app id that is not 32 hex characters: exit 3.
AGORA_APP_ID=not-an-app-id "$AGT" rtc --channel c >"$tmp/out" 2>"$tmp/err"
is 3 "$?" "an app id of the wrong form: exit 3"
contains "$tmp/err" "cannot build the token" "an app id of the wrong form: says the library refused"

# --help and --version.
run --help
is 0 "$rc" "--help: exit 0"
contains "$tmp/out" "usage: agora-token" "--help: prints the usage"
run --version
is 0 "$rc" "--version: exit 0"
contains "$tmp/out" "agora-token (agoratoken)" "--version: prints the version"
for cmd in rtc rtm chat fpa apaas education decode verify vectors; do
	run "$cmd" --help
	if [ "$rc" -eq 0 ] && grep -q "^usage: agora-token $cmd" "$tmp/out"; then
		pass "$cmd --help"
	else
		fail "$cmd --help"
		diag "exit $rc: $(head -n 2 "$tmp/out" "$tmp/err")"
	fi
done
run help rtm
contains "$tmp/out" "usage: agora-token rtm" "help rtm"
run
is 2 "$rc" "no arguments: exit 2"

done_testing
