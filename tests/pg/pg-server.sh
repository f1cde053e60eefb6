#!/usr/bin/env bash
# pg-server.sh - a throwaway PostgreSQL server for the store's tests.
#
#   tests/pg/pg-server.sh COMMAND [ARGS...]
#       start a server, run COMMAND with FOLIO_TEST_PG_URI set to its
#       database, then stop the server and remove it; exit with COMMAND's
#       status.
#   tests/pg/pg-server.sh
#       start a server, print its URI on stdout, and keep it until stdin
#       closes or the script is signalled (for running tests by hand:
#       `coproc tests/pg/pg-server.sh`, or in a terminal, Ctrl-D).
#
# The server is a cluster of its own in a temporary directory: initdb runs
# as the `postgres` user when we are root (PostgreSQL refuses to run as
# root), it listens on a unix socket in that directory and on a free
# loopback port, with fsync off (the data is thrown away). The system's
# clusters are never touched. If PostgreSQL is not installed and we are
# root, Debian's postgresql package is installed first. The URI looks like
#   postgresql:///folio?host=/tmp/folio-pg.AbC123&port=40123&user=postgres
# and names a database "folio"; tests make further databases beside it.
#
# When PostgreSQL cannot be had, a TAP "1..0 # SKIP" line says why and the
# script exits 77 (meson's code for a skipped test).
set -u

say() { echo "pg-server: $*" >&2; }

skip() {
	echo "1..0 # SKIP $*"
	exit 77
}

# The newest PostgreSQL's bin directory, or nothing.
find_bindir() {
	local d best=""
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && best=$d
	done
	if [ -z "$best" ] && command -v pg_config >/dev/null; then
		d=$(pg_config --bindir 2>/dev/null)
		[ -n "$d" ] && [ -x "$d/initdb" ] && best=$d
	fi
	if [ -z "$best" ] && command -v initdb >/dev/null; then
		best=$(dirname "$(command -v initdb)")
	fi
	echo "$best"
}

BINDIR=$(find_bindir)
if [ -z "$BINDIR" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		say "installing Debian's postgresql package"
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq postgresql) >&2 ||
			skip "PostgreSQL is not installed and apt-get install postgresql failed"
		BINDIR=$(find_bindir)
	fi
	[ -n "$BINDIR" ] || skip "PostgreSQL is not installed (apt-get install postgresql)"
fi

# As whom the server runs: ourselves, or postgres when we are root.
as_server() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}
if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
	skip "running as root and there is no postgres user to run the server as"
fi

# The socket path must fit in sun_path (108 bytes), and as root the
# postgres user must reach the directory: /tmp when TMPDIR will not do.
base=${TMPDIR:-/tmp}
if [ "$(id -u)" = 0 ] || [ ${#base} -gt 60 ]; then
	base=/tmp
fi
DIR=$(mktemp -d "$base/folio-pg.XXXXXX") || skip "cannot make a temporary directory in $base"
chmod 755 "$DIR"
[ "$(id -u)" = 0 ] && chown postgres: "$DIR"
STARTED=0

cleanup() {
	if [ "$STARTED" = 1 ]; then
		as_server "$BINDIR/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1
	fi
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

if ! as_server "$BINDIR/initdb" -D "$DIR/data" -U postgres -A trust \
	--encoding=UTF8 --locale=C --no-sync >"$DIR/initdb.log" 2>&1; then
	say "initdb failed:"
	sed 's/^/  /' "$DIR/initdb.log" >&2
	skip "initdb failed: $(tail -n 1 "$DIR/initdb.log")"
fi

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Another test may take the port between asking and starting: try again.
for attempt in 1 2 3 4 5; do
	PORT=$(free_port)
	if as_server "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
		-o "-k $DIR -p $PORT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		start >/dev/null 2>&1; then
		STARTED=1
		break
	fi
done
if [ "$STARTED" != 1 ]; then
	say "the server did not start:"
	tail -n 20 "$DIR/server.log" >&2
	skip "PostgreSQL did not start: $(tail -n 1 "$DIR/server.log")"
fi

if ! "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$PORT" -U postgres \
	-d postgres -c 'CREATE DATABASE folio' >&2; then
	skip "cannot create the test database"
fi

URI="postgresql:///folio?host=$DIR&port=$PORT&user=postgres"
export FOLIO_TEST_PG_URI=$URI
# psql for the tests' own look at the database (tests/cli/test-cli.sh)
export FOLIO_TEST_PG_BIN=$BINDIR

if [ $# -gt 0 ]; then
	"$@"
	exit $?
fi
echo "$URI"
# Hold the server until stdin closes (or a signal ends us).
cat >/dev/null
