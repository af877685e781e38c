#!/bin/bash
# SPDX-License-Identifier: MIT
#
# The Debian packages, built and used as a user would: a clean copy of the
# tree (the files git tracks or would track, nothing built) goes through
# dpkg-buildpackage -us -uc -b outside the source tree; lintian must find
# no error; the four packages are installed with dpkg -i; a C program
# outside the tree is built with pkg-config --cflags --libs agoratoken
# against the installed header and library and must reproduce a published
# known-answer token; the installed agora-token builds a token (certificate
# from the environment) that an independent checker verifies and passes
# the RTC reference vectors; the installed agora-token.fcgi answers as CGI
# and socket-activated; then dpkg -P removes everything again.
#
# Needs root (dpkg -i) and dpkg-buildpackage with debhelper: without them a
# TAP skip with the reason.  Never touches packages it did not install: if
# one of ours is installed already, it skips.  The package build skips its
# own make check (nocheck): make check runs those suites from this tree.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/e2e/lib.sh"

PKGS="libagoratoken1 libagoratoken-dev agora-token agora-token-fcgi"
skip_all() { t_out "1..0 # SKIP $1"; exit 0; }

[ "$(id -u)" = 0 ] || skip_all "needs root to install packages with dpkg -i"
command -v dpkg-buildpackage >/dev/null 2>&1 || skip_all "dpkg-buildpackage not installed (Debian: dpkg-dev)"
command -v dh >/dev/null 2>&1 || skip_all "dh not installed (Debian: debhelper)"
top=$(cd "$top_srcdir" && pwd -P)
[ "$(git -C "$top" rev-parse --show-toplevel 2>/dev/null)" = "$top" ] ||
	skip_all "the source tree is not a git checkout (the clean copy is made from git's file list)"
for p in $PKGS; do
	if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'installed$'; then
		skip_all "$p is installed already; this test installs and purges its own"
	fi
done
need jq "JSON checks" jq
[ -n "$PYTHON" ] || t_missing "python3 is installed (the independent checker)" "Debian: apt-get install python3"

workspace deb
INSTALLED=
purge() {
	[ -n "$INSTALLED" ] || return 0
	# shellcheck disable=SC2086
	dpkg -P $PKGS >"$W/purge.log" 2>&1
	PURGE_ST=$?
	INSTALLED=
}
trap 'purge; cleanup' EXIT
trap 'purge; cleanup; exit 1' INT TERM HUP
T0=$(date +%s)

# ---- a clean copy, built out of the tree --------------------------------------
mkdir -p "$W/build/agoratoken"
(cd "$top" && git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	tar --null -T - -cf -) | tar -xf - -C "$W/build/agoratoken"
[ -f "$W/build/agoratoken/debian/control" ] && [ ! -e "$W/build/agoratoken/configure" ]
ok $? "clean copy of the tree in $W/build (debian/ present, nothing generated)"

out=$(cd "$W/build/agoratoken" && dpkg-checkbuilddeps 2>&1)
ok $? "build dependencies installed (dpkg-checkbuilddeps)" "$out"
b0=$(date +%s)
(cd "$W/build/agoratoken" && DEB_BUILD_OPTIONS="nocheck parallel=2" \
	dpkg-buildpackage -us -uc -b) >"$W/build.log" 2>&1
st=$?
ok $st "dpkg-buildpackage -us -uc -b ($(( $(date +%s) - b0 )) s)" "$(tail -n 30 "$W/build.log")"
DEBS=
for p in $PKGS; do
	f=$(ls "$W/build/${p}_"*.deb 2>/dev/null | head -n 1)
	[ -n "$f" ]; ok $? "package $p built (${f##*/})"
	DEBS="$DEBS $f"
done
[ $st -eq 0 ] || t_done

if command -v lintian >/dev/null 2>&1; then
	lintian --pedantic -I "$W/build/"*.changes > "$W/lintian.log" 2>&1
	errors=$(grep -c '^E:' "$W/lintian.log")
	[ "$errors" -eq 0 ]
	ok $? "lintian: no errors ($(grep -c '^W:' "$W/lintian.log") warnings, $(grep -c '^I:' "$W/lintian.log") notes)" \
		"$(grep '^E:' "$W/lintian.log")"
	grep -E '^(W|I):' "$W/lintian.log" | sed 's/^/# lintian /'
else
	skip "lintian: not installed (Debian: lintian)"
fi

deb() { ls "$W/build/${1}_"*.deb; }
contents() { dpkg-deb -c "$(deb "$1")" | awk '{ print $6 }'; }
multi=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null)
contents libagoratoken1 | grep -qx "./usr/lib/$multi/libagoratoken.so.1"
ok $? "libagoratoken1 ships usr/lib/$multi/libagoratoken.so.1"
for f in usr/include/agoratoken.h "usr/lib/$multi/libagoratoken.so" "usr/lib/$multi/pkgconfig/agoratoken.pc"; do
	contents libagoratoken-dev | grep -qx "./$f"
	ok $? "libagoratoken-dev ships $f"
done
for f in usr/bin/agora-token.fcgi lib/systemd/system/agora-token.socket lib/systemd/system/agora-token.service \
	usr/share/doc/agora-token-fcgi/examples/nginx.conf usr/share/doc/agora-token-fcgi/examples/Caddyfile \
	usr/share/agora-token/www/index.html; do
	contents agora-token-fcgi | grep -qx "./$f"
	ok $? "agora-token-fcgi ships $f"
done

# ---- install ------------------------------------------------------------------------
INSTALLED=1
# shellcheck disable=SC2086
dpkg -i $DEBS >"$W/install.log" 2>&1
ok $? "dpkg -i of the four packages" "$(tail -n 20 "$W/install.log")"
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed$'
	ok $? "$p is installed"
done
grep -qx 'ExecStart=/usr/bin/agora-token.fcgi' /lib/systemd/system/agora-token.service
ok $? "the installed agora-token.service runs /usr/bin/agora-token.fcgi"
wants=$(ls /etc/systemd/system/*.wants/agora-token.* 2>/dev/null)
[ -z "$wants" ]; ok $? "the units are installed disabled (no .wants links)" "$wants"

# ---- an outside program, through pkg-config -----------------------------------------
# The official Python AccessTokenTest's token (vectors/peers/python3.jsonl,
# ka-000): the installed library must rebuild it byte for byte.
ka=$(grep -m1 '"id":"ka-000-' "$top/vectors/peers/python3.jsonl")
mkdir -p "$W/outside"
cat > "$W/outside/prog.c" <<'C'
/* Rebuilds a 006 token with the installed libagoratoken, then parses and
 * verifies it.  argv: app_id channel uid priv_id priv_expire salt ts; the
 * certificate comes from AGORA_APP_CERTIFICATE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <agoratoken.h>

static struct agt_str S(const char *s) { struct agt_str r = { s, strlen(s) }; return r; }

int main(int argc, char **argv)
{
	struct agt_token006_params p;
	struct agt_priv priv;
	struct agt_token *tok = NULL;
	const char *cert = getenv("AGORA_APP_CERTIFICATE");
	char out[AGT_TOKEN_MAX + 1];
	size_t n = 0;
	enum agt_err e;

	if (argc != 8 || cert == NULL)
		return 2;
	agt_token006_params_init(&p);
	p.app_id = S(argv[1]);
	p.app_certificate = S(cert);
	p.channel = S(argv[2]);
	p.uid = S(argv[3]);
	priv.id = (uint16_t)strtoul(argv[4], NULL, 10);
	priv.expire = (uint32_t)strtoul(argv[5], NULL, 10);
	p.privs = &priv;
	p.nprivs = 1;
	p.pin.flags = AGT_PIN_SALT | AGT_PIN_TS;
	p.pin.salt = (uint32_t)strtoul(argv[6], NULL, 10);
	p.pin.ts = (uint32_t)strtoul(argv[7], NULL, 10);
	e = agt_build006(&p, out, sizeof out - 1, &n);
	if (e != AGT_OK) {
		fprintf(stderr, "build: %s\n", agt_strerror(e));
		return 1;
	}
	out[n] = '\0';
	printf("%s\n", out);
	if (agt_token_parse(out, n, &tok) != AGT_OK ||
	    agt_token_verify(tok, S(cert), p.channel, p.uid) != AGT_OK) {
		fprintf(stderr, "the token does not parse and verify\n");
		agt_token_free(tok);
		return 1;
	}
	agt_token_free(tok);
	fprintf(stderr, "libagoratoken %s\n", agt_version());
	return 0;
}
C
flags=$(env -u PKG_CONFIG_PATH pkg-config --cflags --libs agoratoken 2>&1)
ok $? "pkg-config --cflags --libs agoratoken: '$flags'" "$flags"
# shellcheck disable=SC2086
out=$(cd "$W/outside" && env -u PKG_CONFIG_PATH -u LD_LIBRARY_PATH -u LIBRARY_PATH -u CPATH \
	cc -Wall -Werror -o prog prog.c $flags 2>&1)
ok $? "an outside C program compiles and links with those flags" "$out"
lib=$(env -u LD_LIBRARY_PATH ldd "$W/outside/prog" 2>/dev/null | sed -n 's/.*libagoratoken\.so\.1 => \([^ ]*\).*/\1/p')
like "$lib" "^(/usr)?/lib/$multi/libagoratoken\\.so\\.1$" "it loads the installed libagoratoken.so.1 ($lib)"
want=$(printf '%s' "$ka" | jq -r .token)
got=$(env -u LD_LIBRARY_PATH AGORA_APP_CERTIFICATE="$(printf '%s' "$ka" | jq -r .args.appCertificate)" \
	"$W/outside/prog" "$(printf '%s' "$ka" | jq -r .args.appID)" "$(printf '%s' "$ka" | jq -r .args.channelName)" \
	"$(printf '%s' "$ka" | jq -r .args.uid)" 1 "$(printf '%s' "$ka" | jq -r '.args.privileges["1"]')" \
	"$(printf '%s' "$ka" | jq -r .salt)" "$(printf '%s' "$ka" | jq -r .ts)" 2>"$W/prog.err")
st=$?
ok $st "the program runs: its token parses and verifies ($(cat "$W/prog.err"))"
is "$got" "$want" "the program's token is the published known answer (Python AccessTokenTest)"

# ---- the installed CLI ----------------------------------------------------------------
APP=$(agt_random_hex 32); CERT=$(agt_random_hex 32)
tok=$(env -i PATH=/usr/bin:/bin AGORA_APP_ID="$APP" AGORA_APP_CERTIFICATE="$CERT" \
	/usr/bin/agora-token rtc --channel pkg-test --uid 42 2>"$W/cli.err")
ok $? "/usr/bin/agora-token rtc (certificate from the environment)" "$(cat "$W/cli.err")"
out=$(AGORA_APP_CERTIFICATE=$CERT "$PYTHON" "$E2E_DIR/tokcheck.py" "$tok" 2>&1)
printf '%s' "$out" | jq -e --arg app "$APP" '.valid == true and .app_id == $app and
	any(.services[]; .type == 1 and .channel == "pkg-test" and .uid == "42")' >/dev/null 2>&1
ok $? "its token is valid for the app, channel and uid (independent check)" "$out"
out=$(cd "$top/vectors" && /usr/bin/agora-token vectors check rtc007.jsonl rtc006.jsonl 2>&1)
ok $? "/usr/bin/agora-token vectors check rtc007.jsonl rtc006.jsonl" "$(printf '%s' "$out" | tail -n 5)"
for page in "1 agora-token" "3 libagoratoken" "8 agora-token.fcgi"; do
	# shellcheck disable=SC2086
	man -w $page >/dev/null 2>&1
	ok $? "man $page finds the installed page"
done

# ---- the installed responder ----------------------------------------------------------
out=$(env -i PATH=/usr/bin:/bin AGORA_APP_ID="$APP" AGORA_APP_CERTIFICATE="$CERT" REQUEST_METHOD=GET \
	PATH_INFO=/v1/rtc QUERY_STRING='channel=pkg-test&uid=7&role=publisher' /usr/bin/agora-token.fcgi 2>&1 </dev/null)
tok=$(printf '%s' "$out" | tr -d '\r' | sed '1,/^$/d' | jq -r '.token // empty' 2>/dev/null)
out2=$(AGORA_APP_CERTIFICATE=$CERT "$PYTHON" "$E2E_DIR/tokcheck.py" "$tok" 2>&1)
printf '%s' "$out2" | jq -e --arg app "$APP" '.valid == true and .app_id == $app and
	any(.services[]; .type == 1 and .channel == "pkg-test" and .uid == "7")' >/dev/null 2>&1
ok $? "/usr/bin/agora-token.fcgi as CGI: GET /v1/rtc gives a valid token" "$out"
if command -v systemd-socket-activate >/dev/null 2>&1; then
	SOCK=$W/fcgi.sock
	systemd-socket-activate -l "$SOCK" -E AGORA_APP_ID="$APP" -E AGORA_APP_CERTIFICATE="$CERT" \
		/usr/bin/agora-token.fcgi >"$W/activate.log" 2>&1 &
	SA=$!
	track_pid "$SA"
	for i in $(seq 1 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
	out=$("$PYTHON" "$top_srcdir/tests/faults/fcgi-client.py" "$SOCK" -p REQUEST_METHOD=GET \
		-p PATH_INFO=/healthz --timeout 10 2>&1)
	like "$out" '"status":"ok"' "/usr/bin/agora-token.fcgi socket-activated: GET /healthz answers"
	agt_stop_pid "$SA"
else
	skip "socket-activated: systemd-socket-activate not installed (Debian: systemd)"
fi

# ---- remove -------------------------------------------------------------------------------
purge
ok "$PURGE_ST" "dpkg -P of the four packages" "$(tail -n 20 "$W/purge.log")"
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'installed$'
	[ $? -ne 0 ]; ok $? "$p is gone"
done
left=$(ls /usr/bin/agora-token /usr/bin/agora-token.fcgi /usr/include/agoratoken.h \
	/usr/lib/"$multi"/libagoratoken* /usr/lib/"$multi"/pkgconfig/agoratoken.pc \
	/lib/systemd/system/agora-token.* /usr/share/agora-token /usr/share/doc/agora-token* 2>/dev/null)
[ -z "$left" ]; ok $? "no file of theirs is left" "$left"
diag "deb test took $(( $(date +%s) - T0 )) s"
t_done
