#!/bin/sh
# SPDX-License-Identifier: MIT
# tests/docs/libagoratoken.sh - libagoratoken(3) documents the API that
# src/agoratoken.h declares, no more and no less, and its example works.
#   - the page is clean mdoc and renders (tests/docs/man.sh);
#   - every AGT_EXPORT function of the header is in the SYNOPSIS and
#     described in the DESCRIPTION, and every agt_ function the page names
#     is declared;
#   - ERRORS lists every enum agt_err value, each with the identifier
#     agt_errname() returns for it in err.c, and nothing else;
#   - every AGT_PROB_ bit of agt_token_check() is described, and only
#     those;
#   - the program in EXAMPLES compiles without a warning against the
#     built library, and run with the published test credentials prints a
#     token that agora-token verify accepts, then "valid".
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
. "$top_srcdir/tests/docs/man.sh"

MAN="$top_srcdir/doc/libagoratoken.3"
HDR="$top_srcdir/src/agoratoken.h"

man_renders "$MAN"

for sec in NAME LIBRARY SYNOPSIS DESCRIPTION "RETURN VALUES" EXAMPLES ERRORS "SEE ALSO"; do
	grep -q "^\.Sh $sec\$" "$MAN"
	ok $? "section $sec"
done

section() { sed -n "/^\\.Sh $1\$/,/^\\.Sh /p" "$MAN"; }

# is_set LABEL WANT-FILE GOT-FILE: the two sorted lists are equal.
is_set() {
	if cmp -s "$2" "$3"; then
		pass "$1 ($(wc -l <"$2"))"
	else
		fail "$1"
		diag "missing from the page: $(comm -23 "$2" "$3" | tr '\n' ' ')"
		diag "not in the code: $(comm -13 "$2" "$3" | tr '\n' ' ')"
	fi
}

# Functions.
grep '^AGT_EXPORT' "$HDR" | sed 's/.*[ *]\(agt_[a-z0-9_]*\)(.*/\1/' |
    sort -u >"$tmp/declared"
[ "$(wc -l <"$tmp/declared")" -ge 40 ]
ok $? "the header declares the API ($(wc -l <"$tmp/declared") functions)"
section SYNOPSIS | sed -n 's/^\.Fn \(agt_[a-z0-9_]*\) .*/\1/p' | sort -u >"$tmp/synopsis"
is_set "the SYNOPSIS shows every declared function" "$tmp/declared" "$tmp/synopsis"
section DESCRIPTION | grep -o -E 'Fn agt_[a-z0-9_]+' | sed 's/^Fn //' |
    sort -u >"$tmp/described"
is_set "the DESCRIPTION describes every declared function" "$tmp/declared" "$tmp/described"
grep -o -E 'F[nota] agt_[a-z0-9_]+' "$MAN" | sed 's/^F. //' | sort -u >"$tmp/named"
comm -13 "$tmp/declared" "$tmp/named" >"$tmp/stale"
[ ! -s "$tmp/stale" ]
ok $? "every function the page names is declared"
[ -s "$tmp/stale" ] && diag "not declared: $(tr '\n' ' ' <"$tmp/stale")"

# Error codes and their identifiers: "AGT_X name" from err.c's
# agt_errname(), from the header's enum, and from the page's ERRORS.
awk '/^const char \*agt_errname/ { on = 1 }
    on && /case AGT_/ { sub(/.*case /, ""); sub(/:.*/, ""); c = $0 }
    on && /return "/ && c != "" { sub(/.*return "/, ""); sub(/".*/, "");
        print c, $0; c = "" }
    on && /^}/ { exit }' "$top_srcdir/src/lib/err.c" | sort -u >"$tmp/errname"
sed -n '/^enum agt_err {/,/^};/p' "$HDR" |
    sed -n 's/^[[:space:]]*\(AGT_[A-Z0-9_]*\).*/\1/p' | sort -u >"$tmp/enum"
cut -d' ' -f1 "$tmp/errname" >"$tmp/errname-codes"
is_set "err.c names every enum agt_err value" "$tmp/enum" "$tmp/errname-codes"
section ERRORS | sed -n 's/^\.It Dv \(AGT_[A-Z0-9_]*\) Pq Qq \([a-z0-9_]*\)$/\1 \2/p' |
    sort -u >"$tmp/errors"
is_set "ERRORS lists every code with its agt_errname()" "$tmp/errname" "$tmp/errors"

# Problem bits.
sed -n 's/^#define \(AGT_PROB_[A-Z_]*\) .*/\1/p' "$HDR" | sort -u >"$tmp/probs"
[ "$(wc -l <"$tmp/probs")" -ge 10 ]
ok $? "the header defines the problem bits ($(wc -l <"$tmp/probs"))"
section DESCRIPTION | sed -n 's/^\.It Dv \(AGT_PROB_[A-Z_]*\)$/\1/p' | sort -u >"$tmp/probdoc"
is_set "agt_token_check()'s bits are each described" "$tmp/probs" "$tmp/probdoc"

# The example: the literal block of EXAMPLES that holds main(), with the
# mdoc escapes undone.
section EXAMPLES | awk '/^\.Bd -literal/ { on = 1; buf = ""; next }
    /^\.Ed/ { if (buf ~ /main\(void\)/) { printf "%s", buf; exit } on = 0; next }
    on { buf = buf $0 "\n" }' | sed 's/\\e/\\/g; s/\\&//g' >"$tmp/example.c"
grep -q 'agt_token_verify' "$tmp/example.c"
ok $? "EXAMPLES holds a program ($(wc -l <"$tmp/example.c") lines)"
CC=${AGT_TEST_CC:-cc}
top_srcdir=$(cd "$top_srcdir" && pwd)
top_builddir=$(cd "$top_builddir" && pwd)
LIBTOOL="$top_builddir/libtool"
if [ ! -x "$LIBTOOL" ] || [ ! -f "$top_builddir/src/libagoratoken.la" ]; then
	skip "no libtool or libagoratoken.la in $top_builddir"
	done_testing
fi
(cd "$tmp" && "$LIBTOOL" --tag=CC --mode=link $CC -std=c99 -Wall -Wextra -Werror \
    -I"$top_srcdir/src" -I"$top_builddir/src" -I"$top_builddir" \
    -o example example.c "$top_builddir/src/libagoratoken.la") \
    >"$tmp/cc.log" 2>&1
st=$?
ok $st "the example compiles and links with -Wall -Wextra -Werror"
[ $st -ne 0 ] && diag "$(cat "$tmp/cc.log")"
AGORA_APP_ID=$KA_APP_ID AGORA_APP_CERTIFICATE=$KA_CERT "$tmp/example" \
    >"$tmp/ex.out" 2>"$tmp/ex.err"
ok $? "the example exits 0 with credentials"
tok=$(head -n 1 "$tmp/ex.out")
case $tok in
007*) pass "it prints a 007 token first" ;;
*) fail "it prints a 007 token first"; diag "$(cat "$tmp/ex.out" "$tmp/ex.err")" ;;
esac
is "valid" "$(tail -n 1 "$tmp/ex.out")" "its last line is \"valid\""
AGORA_APP_CERTIFICATE=$KA_CERT "$AGT" verify --channel demo --uid 42 "$tok" >"$tmp/verify" 2>&1
ok $? "agora-token verify accepts the example's token for uid 42 in demo"
"$tmp/example" >/dev/null 2>&1
is 2 $? "without credentials the example exits 2"

done_testing
