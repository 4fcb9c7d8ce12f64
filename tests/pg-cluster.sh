#!/bin/sh
# pg-cluster.sh - a throwaway PostgreSQL 15 cluster for tests.
#
#   tests/pg-cluster.sh start DIR   create and start a cluster in DIR (made if
#                                   missing, must be empty) and print its URL,
#                                   postgresql://USER@127.0.0.1:PORT/p2ham_test,
#                                   as the only line on stdout
#   tests/pg-cluster.sh stop DIR    stop it and remove DIR
#
# The server listens on 127.0.0.1 only, on a free port picked here, with its
# unix socket in DIR, trust authentication for local and loopback connections
# only, and fsync off (the data is disposable). PostgreSQL refuses to run as
# root, so when invoked as root the cluster belongs to the `postgres` system
# user (Debian's postgresql package creates it) and DIR is handed to it;
# otherwise it runs as the invoking user. Progress and errors go to stderr;
# the server log is DIR/server.log.
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
MARK=.p2ham-pg-cluster		# only a DIR holding this file is ever removed

die() {
	echo "pg-cluster.sh: $*" >&2
	exit 1
}

usage() {
	echo "usage: $0 start DIR | stop DIR" >&2
	exit 2
}

# Run a command as the cluster's owner.
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# A TCP port on 127.0.0.1 nobody listens on right now (the server may still
# lose a race for it; start retries with another).
free_port() {
	while :; do
		port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 ))
		command -v ss >/dev/null 2>&1 || break
		ss -Htln "sport = :$port" 2>/dev/null | grep -q . || break
	done
	echo "$port"
}

start() {
	dir=$1
	[ -x "$PGBIN/initdb" ] || die "no $PGBIN/initdb: install postgresql-15 (or set PGBIN)"
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	[ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 ||
		    die "as root, this needs the postgres system user" \
		    "(apt-get install postgresql-15)"
		chown postgres: "$dir"
		runuser -u postgres -- test -w "$dir" ||
		    die "user postgres cannot reach $dir; choose a DIR under /tmp"
		user=postgres
	else
		user=$(id -un)
	fi
	chmod 700 "$dir"	# trust auth: keep other users off the socket
	touch "$dir/$MARK"
	[ "$(id -u)" -ne 0 ] || chown postgres: "$dir/$MARK"

	as_owner "$PGBIN/initdb" -D "$dir/data" -U "$user" -E UTF8 \
	    --locale=C -A trust --no-sync >"$dir/initdb.log" 2>&1 ||
	    die "initdb failed; see $dir/initdb.log"
	# Trust on the unix socket and loopback only; nothing else may connect.
	as_owner sh -c "cat >'$dir/data/pg_hba.conf'" <<-EOF
	local all all trust
	host all all 127.0.0.1/32 trust
	EOF

	tries=0
	while :; do
		port=$(free_port)
		as_owner sh -c "cat >>'$dir/data/postgresql.conf'" <<-EOF
		# pg-cluster.sh
		listen_addresses = '127.0.0.1'
		port = $port
		unix_socket_directories = '$dir'
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		max_connections = 100
		EOF
		if as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
		    -w -t 60 start >/dev/null 2>&1; then
			break
		fi
		tries=$((tries + 1))
		[ "$tries" -lt 5 ] ||
		    die "the server does not start; see $dir/server.log"
		echo "pg-cluster.sh: port $port taken, retrying" >&2
	done
	echo "$port" | as_owner sh -c "cat >'$dir/port'"
	as_owner "$PGBIN/createdb" -h "$dir" -p "$port" -U "$user" p2ham_test ||
	    die "createdb failed; see $dir/server.log"
	echo "postgresql://$user@127.0.0.1:$port/p2ham_test"
}

stop() {
	dir=$1
	[ -d "$dir" ] || die "$dir does not exist"
	[ -f "$dir/$MARK" ] || die "$dir was not made by pg-cluster.sh; not touching it"
	if [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ||
		    die "pg_ctl stop failed; see $dir/server.log"
	fi
	rm -rf "$dir"
}

[ $# -eq 2 ] || usage
case $1 in
start) start "$2" ;;
stop) stop "$2" ;;
*) usage ;;
esac
