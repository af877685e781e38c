# SPDX-License-Identifier: MIT
# tests/docs/man.sh - sourced by the man page tests after tests/cli/lib.sh
# (which gives pass, fail, skip, diag, have and $tmp).
#
# man_renders PAGE: PAGE is clean mdoc and renders.  mandoc -Tlint at
# level warning (and above) must exit 0 and print nothing; its style notes
# are left out, as some depend on the machine (a cross-reference to a page
# its manual database lacks).  man -l must render PAGE without a warning
# of groff's into a page that has its NAME section and names the page.
# Each check is a TAP skip, with the reason, when its tool is missing.
man_renders() {
	page=$1
	name=${page##*/}
	if have mandoc; then
		mandoc -Tlint -Wwarning "$page" >"$tmp/lint" 2>&1
		if [ $? -eq 0 ] && [ ! -s "$tmp/lint" ]; then
			pass "mandoc -Tlint: $name has no warning or error"
		else
			fail "mandoc -Tlint: $name has no warning or error"
			diag "$(cat "$tmp/lint")"
		fi
	else
		skip "mandoc is not installed (apt-get install mandoc)"
	fi
	if have man; then
		MANPAGER=cat MANWIDTH=80 man --warnings -l "$page" \
		    </dev/null >"$tmp/render" 2>"$tmp/render.err"
		st=$?
		title=$(sed -n 's/^\.Dt \([^ ]*\) .*/\1/p' "$page")
		if [ $st -eq 0 ] && [ ! -s "$tmp/render.err" ] &&
		    grep -q '^NAME' "$tmp/render" &&
		    grep -q -F "$title" "$tmp/render" &&
		    [ "$(wc -l <"$tmp/render")" -gt 20 ]; then
			pass "man -l renders $name ($(wc -l <"$tmp/render") lines)"
		else
			fail "man -l renders $name"
			diag "exit $st; $(cat "$tmp/render.err")"
			diag "$(head -n 5 "$tmp/render")"
		fi
	else
		skip "man is not installed (apt-get install man-db)"
	fi
}
