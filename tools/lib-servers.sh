# SPDX-License-Identifier: MIT
#
# Shell helpers shared by tools/demo and tests/e2e/*.sh: find free loopback
# ports, stage the responder binary where an unprivileged server user can run
# it, write a responder config, start lighttpd, Apache, nginx or Caddy with
# the configs in www/examples/, wait for them, and stop them again.  Sourced, never run; POSIX
# sh plus `local`, so it works under bash and dash.  Everything listens on
# 127.0.0.1 only.

# agt_port_free PORT: true when no TCP socket here uses PORT as its local
# port: not a listener, and not one end of a connection either (the picks
# below overlap the ephemeral range, and a loopback client's port makes a
# server's bind fail just as a listener does).
agt_port_free() {
	if command -v ss >/dev/null 2>&1; then
		! ss -Htan "sport = :$1" 2>/dev/null | grep -q .
		return
	fi
	! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# agt_pick_port [FIRST]: FIRST or the next free port after it; without FIRST
# a random free port in 20000..59999.  Prints it.
agt_pick_port() {
	local p n
	if [ -n "${1:-}" ]; then
		p=$1
		n=0
		while ! agt_port_free "$p"; do
			p=$((p + 1))
			n=$((n + 1))
			[ "$n" -lt 100 ] || return 1
		done
		echo "$p"
		return 0
	fi
	n=0
	while [ "$n" -lt 50 ]; do
		p=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 + 20000 ))
		if agt_port_free "$p"; then echo "$p"; return 0; fi
		n=$((n + 1))
	done
	return 1
}

# agt_on_free_port ERRFILE FN ARG...: runs FN PORT ARG... (which starts a
# server on 127.0.0.1:PORT) with a free port, up to 3 times, each with a new
# port: another program may take a port between the pick and the bind.  0
# on the first success, with AGT_ON_PORT set to its port; 1 when no port
# could be had or every try failed, ERRFILE then holding the last try's
# stderr.
agt_on_free_port() {
	local err=$1 fn=$2 try
	shift 2
	for try in 1 2 3; do
		AGT_ON_PORT=$(agt_pick_port) || return 1
		"$fn" "$AGT_ON_PORT" "$@" 2>"$err" && return 0
	done
	return 1
}

# agt_wait_http URL [SECONDS]: wait until URL answers with any HTTP status,
# for at most SECONDS of elapsed time (a listener that accepts and never
# answers costs each try curl's whole timeout, so tries are not counted).
agt_wait_http() {
	local url=$1 max=${2:-10} end code
	end=$(( $(date +%s) + max ))
	while [ "$(date +%s)" -lt "$end" ]; do
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null) || code=000
		[ "$code" != 000 ] && return 0
		sleep 0.1
	done
	return 1
}

# agt_stop_pid PID [NAME]: TERM, wait up to 5 s, then KILL.  Only the one
# process we started; its children are the server's to reap.
agt_stop_pid() {
	local pid=$1 i=0
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

# agt_is_elf FILE
agt_is_elf() {
	[ -f "$1" ] && [ "$(od -An -N4 -c "$1" 2>/dev/null | tr -d ' ')" = '177ELF' ]
}

# agt_find_program BUILDDIR NAME: the real executable of src/NAME in a build
# tree, seeing through a libtool wrapper script (the binary then sits in
# src/.libs/).  Prints the path, or fails.
agt_find_program() {
	local d=$1/src n=$2
	if agt_is_elf "$d/$n"; then echo "$d/$n"; return 0; fi
	for c in "$d/.libs/$n" "$d/.libs/lt-$n"; do
		if agt_is_elf "$c"; then echo "$c"; return 0; fi
	done
	return 1
}

# agt_stage_responder BUILDDIR DEST [OWNER]: copy the responder (and the
# shared libagoratoken it may need from the build tree) into DEST, so that a
# server running as OWNER can execute it without reading the build tree.
# DEST/agora-token.fcgi is the program to configure: the binary itself, or a
# two-line wrapper that sets LD_LIBRARY_PATH and execs it (exec keeps the
# FastCGI socket on fd 0).
agt_stage_responder() {
	local build=$1 dest=$2 owner=${3:-} bin
	bin=$(agt_find_program "$build" agora-token.fcgi) || return 1
	mkdir -p "$dest/libexec" || return 1
	cp "$bin" "$dest/libexec/agora-token.fcgi" || return 1
	if ls "$build"/src/.libs/libagoratoken.so* >/dev/null 2>&1 &&
	   ldd "$bin" 2>/dev/null | grep -q 'libagoratoken'; then
		mkdir -p "$dest/lib"
		cp -P "$build"/src/.libs/libagoratoken.so* "$dest/lib/" || return 1
		cat > "$dest/agora-token.fcgi" <<EOF
#!/bin/sh
# Staged by the test harness: use the just-built library.
LD_LIBRARY_PATH='$dest/lib'\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
exec '$dest/libexec/agora-token.fcgi' "\$@"
EOF
	else
		cp "$bin" "$dest/agora-token.fcgi" || return 1
	fi
	chmod -R a+rX "$dest" && chmod 755 "$dest/agora-token.fcgi" || return 1
	if [ -n "$owner" ]; then chown -R "$owner" "$dest" || return 1; fi
	return 0
}

# agt_random_hex N: N lowercase hex characters from /dev/urandom.
agt_random_hex() {
	od -An -N$(( ($1 + 1) / 2 )) -tx1 /dev/urandom | tr -d ' \n' | cut -c1-"$1"
}

# agt_lighttpd_start CONF RUNDIR [CMD...]: start lighttpd in the foreground
# (as a background job) with the AGT_* variables already exported; sets
# AGT_LIGHTTPD_PID.  CMD, when given, runs lighttpd (its config check too):
# a command that switches user and then runs its arguments, as
# `setpriv ... --` does, so that the PID is still lighttpd's.  Fails,
# showing the error log, if it does not come up.
agt_lighttpd_start() {
	local conf=$1 run=$2
	shift 2
	"$@" lighttpd -tt -f "$conf" >"$run/lighttpd-check.log" 2>&1 || {
		cat "$run/lighttpd-check.log" >&2
		return 1
	}
	"$@" lighttpd -D -f "$conf" >>"$run/lighttpd.out" 2>&1 &
	AGT_LIGHTTPD_PID=$!
	if ! agt_wait_http "http://127.0.0.1:$AGT_PORT/" 10; then
		cat "$run/lighttpd.out" "$run/error.log" >&2 2>/dev/null
		agt_stop_pid "$AGT_LIGHTTPD_PID"
		AGT_LIGHTTPD_PID=
		return 1
	fi
	return 0
}

# agt_apache_modules DIR: where Debian keeps Apache's modules.
AGT_APACHE_MODDIR=${AGT_APACHE_MODDIR:-/usr/lib/apache2/modules}

# agt_apache_write_conf FILE ROOT PORT USER GROUP INCLUDE MODULE...: a minimal
# server config of our own (ServerRoot, pid file and logs under ROOT, only
# the listed modules) that includes one of www/examples/apache-*.conf.
agt_apache_write_conf() {
	local file=$1 root=$2 port=$3 user=$4 group=$5 inc=$6 m
	shift 6
	{
		echo "# Generated by tools/lib-servers.sh for a throwaway Apache."
		echo "ServerRoot \"$root\""
		echo "ServerName 127.0.0.1"
		echo "Listen 127.0.0.1:$port"
		echo "PidFile \"$root/httpd.pid\""
		echo "ErrorLog \"$root/error.log\""
		echo "LogLevel ${AGT_APACHE_LOGLEVEL:-warn}"
		echo "DefaultRuntimeDir \"$root\""
		echo "Mutex file:$root default"
		echo "User $user"
		echo "Group $group"
		echo "Timeout 30"
		echo "KeepAlive On"
		for m in "$@"; do
			echo "LoadModule ${m}_module \"$AGT_APACHE_MODDIR/mod_$m.so\""
		done
		echo "<IfModule mpm_event_module>"
		echo "  StartServers 1"
		echo "  ServerLimit 2"
		echo "  ThreadsPerChild 8"
		echo "  MaxRequestWorkers 16"
		echo "</IfModule>"
		echo "TypesConfig /etc/mime.types"
		echo "AddDefaultCharset utf-8"
		echo "<IfModule fcgid_module>"
		echo "  FcgidIPCDir \"$root/fcgid\""
		echo "  FcgidProcessTableFile \"$root/fcgid_shm\""
		echo "</IfModule>"
		echo "<IfModule cgid_module>"
		echo "  ScriptSock \"$root/cgid.sock\""
		echo "</IfModule>"
		echo "<Directory />"
		echo "  AllowOverride None"
		echo "  Require all denied"
		echo "</Directory>"
		echo "Include \"$inc\""
	} > "$file"
}

# agt_apache_start CONF ROOT PORT [-C "Define X v"]...: start Apache in the
# foreground (as a background job); sets AGT_APACHE_PID.
agt_apache_start() {
	local conf=$1 root=$2 port=$3
	shift 3
	apache2 -t -f "$conf" "$@" >"$root/configtest.log" 2>&1 || {
		cat "$root/configtest.log" >&2
		return 1
	}
	apache2 -f "$conf" "$@" -DFOREGROUND >>"$root/apache.out" 2>&1 &
	AGT_APACHE_PID=$!
	if ! agt_wait_http "http://127.0.0.1:$port/" 10; then
		cat "$root/apache.out" "$root/error.log" >&2 2>/dev/null
		agt_stop_pid "$AGT_APACHE_PID"
		AGT_APACHE_PID=
		return 1
	fi
	return 0
}

# agt_nginx_site SRC DEST SOCKET PORT WWW [REALM HTPASSWD]: DEST is the site
# file www/examples/nginx.conf with its SITE values (socket, listen, root,
# and the auth realm and password file) set; nothing else changes.  Fails
# when a value is not where the file is expected to keep it.
agt_nginx_site() {
	local src=$1 dest=$2 sock=$3 port=$4 www=$5 realm=${6:-off} pw=${7:-/etc/agora-token/htpasswd}
	sed -e "s|^\(    server unix:\)[^;]*;|\1$sock;|" \
	    -e "s|^\(    listen \)127\.0\.0\.1:8080;|\1127.0.0.1:$port;|" \
	    -e "s|^\(    root \)[^;]*;|\1$www;|" \
	    -e "s|^\(    set \$agt_auth \)off;|\1\"$realm\";|" \
	    -e "s|^\(    set \$agt_htpasswd \)[^;]*;|\1$pw;|" "$src" > "$dest" || return 1
	grep -qF "server unix:$sock;" "$dest" && grep -qF "listen 127.0.0.1:$port;" "$dest" &&
	grep -qF "root $www;" "$dest" && grep -qF "set \$agt_auth \"$realm\";" "$dest" &&
	grep -qF "set \$agt_htpasswd $pw;" "$dest" &&
	[ "$(diff "$src" "$dest" | grep -c '^>')" -le 5 ]
}

# agt_nginx_write_conf FILE ROOT SITE USER GROUP [CONNECTIONS]: a main nginx
# config of our own (pid, logs and temporary files under ROOT, in the
# foreground, one worker running as USER:GROUP when we are root, with
# CONNECTIONS worker connections, 256 by default; each proxied request holds
# two) around the site file SITE, with Debian's fastcgi_params and
# mime.types beside it as the site expects.
agt_nginx_write_conf() {
	local file=$1 root=$2 site=$3 user=$4 group=$5 wc=${6:-256} t
	mkdir -p "$root/tmp" || return 1
	for t in fastcgi_params mime.types; do
		ln -sf "/etc/nginx/$t" "$root/$t" || return 1
	done
	{
		echo "# Generated by tools/lib-servers.sh for a throwaway nginx."
		echo "daemon off;"
		echo "worker_processes 1;"
		echo "pid $root/nginx.pid;"
		echo "error_log $root/error.log warn;"
		[ "$(id -u)" = 0 ] && echo "user $user $group;"
		echo "events { worker_connections $wc; }"
		echo "http {"
		echo "  include mime.types;"
		echo "  default_type application/octet-stream;"
		echo "  access_log $root/access.log;"
		for t in client_body proxy fastcgi uwsgi scgi; do
			echo "  ${t}_temp_path $root/tmp/$t;"
		done
		echo "  include $site;"
		echo "}"
	} > "$file"
	chmod -R a+rX "$root"
}

# agt_nginx_start CONF ROOT PORT: nginx in the foreground (as a background
# job); sets AGT_NGINX_PID.
agt_nginx_start() {
	local conf=$1 root=$2 port=$3
	nginx -t -e "$root/error.log" -c "$conf" >"$root/configtest.log" 2>&1 || {
		cat "$root/configtest.log" >&2
		return 1
	}
	nginx -e "$root/error.log" -c "$conf" >>"$root/nginx.out" 2>&1 &
	AGT_NGINX_PID=$!
	if ! agt_wait_http "http://127.0.0.1:$port/" 10; then
		cat "$root/nginx.out" "$root/error.log" >&2 2>/dev/null
		agt_stop_pid "$AGT_NGINX_PID"
		AGT_NGINX_PID=
		return 1
	fi
	return 0
}

# agt_caddy_start CADDYFILE ROOT PORT [CMD-PREFIX...]: Caddy in the
# foreground (as a background job) with the AGT_* variables already
# exported, its state (autosave, certificates) under ROOT; CMD-PREFIX (e.g.
# setpriv ... --) runs it as another user.  Sets AGT_CADDY_PID.
agt_caddy_start() {
	local file=$1 root=$2 port=$3
	shift 3
	mkdir -p "$root/home" || return 1
	HOME=$root/home XDG_DATA_HOME=$root/home XDG_CONFIG_HOME=$root/home \
		caddy validate --config "$file" --adapter caddyfile >"$root/validate.log" 2>&1 || {
		cat "$root/validate.log" >&2
		return 1
	}
	HOME=$root/home XDG_DATA_HOME=$root/home XDG_CONFIG_HOME=$root/home \
		"$@" caddy run --config "$file" --adapter caddyfile >>"$root/caddy.out" 2>&1 &
	AGT_CADDY_PID=$!
	if ! agt_wait_http "http://127.0.0.1:$port/" 10; then
		cat "$root/caddy.out" >&2 2>/dev/null
		agt_stop_pid "$AGT_CADDY_PID"
		AGT_CADDY_PID=
		return 1
	fi
	return 0
}
