#!/bin/bash
# SPDX-License-Identifier: MIT
#
# A short run of tools/soak (20,000 mixed requests after a 5,000-request
# warm-up, lighttpd + agora-token.fcgi with max-procs 2, wrk) so that
# `make check` exercises the soak tool and its limits: no non-2xx answer to
# a valid request, a 4xx for every invalid one, no socket errors, the same
# responder processes throughout, and under 1 MiB of RSS growth.  The full
# 1,000,000-request soak is `tools/soak` run by hand.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/faults/lib.sh"

N=${AGT_SOAK_SHORT_REQUESTS:-20000}

need curl "HTTP client" curl
need jq "JSON checks" jq
need lighttpd "the web server under test" lighttpd
need wrk "load generator" wrk
need_programs

OUT=$(mktemp "${TMPDIR:-/tmp}/agt-soak-short.XXXXXX") || t_missing "temp file" "mktemp failed"
trap 'rm -f "$OUT"' EXIT
bash "$top_srcdir/tools/soak" --requests "$N" --warmup 5000 --time-limit 120 \
	--build "$top_builddir" >"$OUT" 2>&1
rc=$?
sed 's/^/# /' "$OUT"
is "$rc" 0 "tools/soak --requests $N passes (exit 0)"

val() { sed -n "s/^$1[[:space:]]*//p" "$OUT" | head -n 1; }
like "$(val requests)" "^$N in " "all $N requests completed"
like "$(val valid)" ': 2xx [0-9]+, non-2xx 0, 2xx with an unexpected body 0$' \
	"valid requests: no non-2xx answer, every body as expected"
like "$(val invalid)" '^([0-9]+): 4xx \1, non-4xx 0, other status than expected 0, unexpected body 0$' \
	"invalid requests: all 4xx with the expected error"
is "$(val 'socket errors')" "connect 0, read 0, write 0, timeout 0" "no socket errors"
is "$(grep -c '^responder .*growth' "$OUT")" 2 "RSS measured for both responder processes"
grep '^responder .*growth' "$OUT" | sed 's/.*growth \([-+0-9]*\) KiB.*/\1/' | {
	bad=0
	while read -r g; do [ "$g" -lt 1024 ] || bad=1; done
	exit $bad
}
ok $? "each responder grew by under 1 MiB: $(grep '^responder' "$OUT" | sed 's/.*growth //' | tr '\n' ' ')"
is "$(val 'error log')" "0 new lines" "no server log line during the run"

# The tool does fail when a limit is broken: no growth at all allowed.
bash "$top_srcdir/tools/soak" --requests 2000 --warmup 0 --max-rss-growth 0 --time-limit 60 \
	--build "$top_builddir" >"$OUT" 2>&1
rc=$?
is "$rc" 1 "tools/soak --max-rss-growth 0 exits 1 (a broken limit fails the run)"
grep -q '^LIMIT BROKEN: responder pid [0-9]* grew by' "$OUT"
ok $? "... and names the limit" "$(grep -E 'LIMIT|RESULT' "$OUT")"
t_done
