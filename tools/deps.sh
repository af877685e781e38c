# SPDX-License-Identifier: MIT
# tools/deps.sh - sourced by tools/test and tools/demo: installs the Debian
# packages a purpose needs, only those missing, with one apt-get update.

agt_pkgs_build="autoconf automake libtool autoconf-archive pkg-config make gcc g++ libmbedtls-dev zlib1g-dev libfcgi-dev libcjson-dev"
agt_pkgs_demo="lighttpd curl"
agt_pkgs_test="lighttpd apache2 apache2-utils binutils libapache2-mod-fcgid libfcgi-bin nginx caddy systemd curl jq chromium nodejs npm valgrind mandoc python3 wrk procps dpkg-dev debhelper lintian man-db"

agt_install_deps() { # purpose: build | demo | test
	want="$agt_pkgs_build"
	case "$1" in
	demo) want="$want $agt_pkgs_demo" ;;
	test) want="$want $agt_pkgs_demo $agt_pkgs_test" ;;
	esac
	missing=""
	for p in $want; do
		# node and npm may come from outside Debian (nodesource); accept them
		case "$p" in
		nodejs) command -v node >/dev/null 2>&1 && continue ;;
		npm) command -v npm >/dev/null 2>&1 && continue ;;
		esac
		dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
			echo "missing Debian packages:$missing (run as root or install them)" >&2
			return 1
		fi
	else
		SUDO=""
	fi
	echo "== installing Debian packages:$missing"
	$SUDO apt-get update -qq || return 1
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y $missing
}
