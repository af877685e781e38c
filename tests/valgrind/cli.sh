#!/bin/sh
# SPDX-License-Identifier: MIT
# cli.sh - agora-token under memcheck: every builder family (both
# formats), decode, verify (valid, bad signature, unparsable token),
# vectors check on two vector files, a certificate file and the refusal
# paths.  Each run must end with its documented exit status, 0 errors
# and 0 bytes leaked or still reachable.
. "$top_srcdir/tests/valgrind/lib.sh"

CLI="$top_builddir/src/agora-token"
NUL=/dev/null
AGORA_APP_ID=$VG_APP_ID
AGORA_APP_CERTIFICATE=$VG_CERT
export AGORA_APP_ID AGORA_APP_CERTIFICATE

vg rtc007 0 $NUL "$CLI" rtc --channel c --uid 42 --expire 600
vg rtc007-rtm2 0 $NUL "$CLI" rtc --channel c --account alice --rtm-user bob \
    --join-expire 60 --audio-expire 70
vg rtc006 0 $NUL "$CLI" rtc --channel c --uid 42 --format 006
vg convoai 0 $NUL "$CLI" rtc --channel c --uid 7 --service convoai
vg rtm-permissions 0 $NUL "$CLI" rtm --user u --permission 0:0:chan-a \
    --permission 4:1:user-b
vg rtm006 0 $NUL "$CLI" rtm --user u --format 006
vg chat-app 0 $NUL "$CLI" chat --app
vg fpa 0 $NUL "$CLI" fpa
vg apaas-room-user 0 $NUL "$CLI" apaas --room r --user u --role 1

T7=$(cat "$VG_WORK/rtc007-rtm2.out")
T6=$(cat "$VG_WORK/rtc006.out")
printf '%s\n' "$T7" >"$VG_WORK/t7"
vg decode007 0 $NUL "$CLI" decode "$T7"
vg_out_has decode007 '"version"' "decode printed the fields"
vg decode006-stdin 0 "$VG_WORK/t7" "$CLI" decode -
vg verify007 0 $NUL "$CLI" verify "$T7" --channel c --account alice
vg verify006 0 $NUL "$CLI" verify "$T6" --channel c --uid 42

# A certificate file (mode 600) instead of the environment.
printf '%s\n' 0123456789abcdef0123456789abcdef >"$VG_WORK/other.cert"
chmod 600 "$VG_WORK/other.cert"
unset AGORA_APP_ID AGORA_APP_CERTIFICATE
vg verify-bad-signature 1 $NUL "$CLI" verify "$T7" \
    --certificate-file "$VG_WORK/other.cert"
vg_out_has verify-bad-signature signature "verify named the signature problem"
AGORA_APP_ID=$VG_APP_ID
AGORA_APP_CERTIFICATE=$VG_CERT
export AGORA_APP_ID AGORA_APP_CERTIFICATE
vg decode-unparsable 3 $NUL "$CLI" decode "007eJxTYBBbsMMn"
vg verify-unparsable 3 $NUL "$CLI" verify "006notatoken"
vg bad-option 2 $NUL "$CLI" rtc --channel c --no-such-option

vg vectors-peers-cpp 0 $NUL "$CLI" vectors check \
    "$top_srcdir/vectors/peers/cpp.jsonl"
vg vectors-peers-go 0 $NUL "$CLI" vectors check \
    "$top_srcdir/vectors/peers/go.jsonl"
vg vectors-fpa 0 $NUL "$CLI" vectors check "$top_srcdir/vectors/fpa.jsonl"

vg_done
