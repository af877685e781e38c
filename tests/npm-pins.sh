# SPDX-License-Identifier: MIT
#
# npm-pins.sh - finds, or installs, the npm packages a test suite pins in
# its package-lock.json (tests/interop: agora-token and agora-access-token;
# tests/e2e: playwright-core).  Sourced by the test scripts; POSIX sh plus
# `local`.
#
# The packages are looked for in tests/SUITE/node_modules of each tree named
# in AGT_NPM_TREES (colon-separated; the Makefile sets it to the source and
# build trees and hands the outer ones down to distcheck's build), then of
# this run's source and build trees.  When no tree has them, `npm ci`
# installs them into the build tree from a copy of the committed
# package.json and package-lock.json: the source tree may be read-only (it
# is under distcheck), and the lock file pins every version and integrity
# hash.  Without a reachable registry npm gives up within seconds and the
# caller reports AGT_NPM_WHY.

# agt_npm_has DIR FILE...: every FILE exists under DIR.
agt_npm_has() {
	local d=$1 f
	shift
	for f in "$@"; do
		[ -f "$d/$f" ] || return 1
	done
	return 0
}

# agt_npm_modules SUITE FILE...: sets AGT_NPM_DIR to the node_modules of
# tests/SUITE that holds every FILE (paths inside node_modules), installing
# the pinned packages when none does.  Returns 1 when they are not there
# and cannot be installed; AGT_NPM_WHY then says why and what to run.
agt_npm_modules() {
	local suite=$1 list tree first dest src log reg said
	shift
	AGT_NPM_DIR=
	AGT_NPM_WHY=
	list="${AGT_NPM_TREES:+$AGT_NPM_TREES:}$top_srcdir:$top_builddir"
	first=${list%%:*}
	first=$(cd "$first" 2>/dev/null && pwd -P) || first=${list%%:*}
	set -f
	local IFS=:
	for tree in $list; do
		if [ -n "$tree" ] && agt_npm_has "$tree/tests/$suite/node_modules" "$@"; then
			AGT_NPM_DIR=$tree/tests/$suite/node_modules
			unset IFS
			set +f
			return 0
		fi
	done
	unset IFS
	set +f

	src=$top_srcdir/tests/$suite
	dest=$top_builddir/tests/$suite
	if ! command -v npm >/dev/null 2>&1; then
		AGT_NPM_WHY="npm is not installed (Debian: apt-get install npm); it installs the packages pinned in tests/$suite/package-lock.json"
		return 1
	fi
	mkdir -p "$dest" || {
		AGT_NPM_WHY="cannot create $dest for the npm packages of tests/$suite"
		return 1
	}
	if [ "$(cd "$src" && pwd -P)" != "$(cd "$dest" && pwd -P)" ]; then
		cp "$src/package.json" "$src/package-lock.json" "$dest/" &&
			chmod u+w "$dest/package.json" "$dest/package-lock.json" || {
			AGT_NPM_WHY="cannot copy tests/$suite/package.json and package-lock.json into $dest"
			return 1
		}
	fi
	log=$dest/npm-ci.log
	if timeout 600 npm ci --prefix "$dest" --no-audit --no-fund --loglevel=error \
		--fetch-retries=1 --fetch-retry-mintimeout=1000 --fetch-retry-maxtimeout=4000 \
		>"$log" 2>&1 && agt_npm_has "$dest/node_modules" "$@"; then
		AGT_NPM_DIR=$dest/node_modules
		return 0
	fi
	reg=$(npm config get registry 2>/dev/null)
	said=$(grep -m 1 -E 'npm (ERR!|error) (code|errno|network|[a-z])' "$log" | cut -c 1-200)
	AGT_NPM_WHY="the npm packages pinned in tests/$suite/package-lock.json are not installed, and npm ci could not install them into $dest (registry ${reg:-unknown} unreachable? npm said: ${said:-see $log}). With network access run: npm ci --prefix $first/tests/$suite"
	return 1
}
