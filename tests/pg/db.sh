# db.sh - the database a shell test runs folio against, by FOLIO_TEST_STORE
# (sqlite, the default, or pg), for tests/cli/*.sh after lib.sh.
#
#   newdb NAME        print a fresh, empty target: $TMP/NAME.db, or a new
#                     database on the server of FOLIO_TEST_PG_URI
#                     (tests/pg/pg-server.sh starts one and sets it)
#   dbdump TARGET     the whole database as SQL text on stdout, to compare
#                     before and after (sqlite3 .dump, or pg_dump without
#                     the sequences' positions, which a rolled-back insert
#                     moves on although no row changed, nor the random key
#                     of pg_dump's \restrict lines)
#   dbsql TARGET SQLITE_SQL PG_SQL
#                     run the statement for the backend under test
case ${FOLIO_TEST_STORE:-sqlite} in
sqlite)
	newdb() { echo "$TMP/$1.db"; }
	dbdump() { sqlite3 "$1" .dump; }
	dbsql() { sqlite3 "$1" "$2"; }
	;;
pg)
	: "${FOLIO_TEST_PG_URI:?FOLIO_TEST_STORE=pg needs FOLIO_TEST_PG_URI (tests/pg/pg-server.sh)}"
	PGBIN=${FOLIO_TEST_PG_BIN:-$(pg_config --bindir)}
	newdb() {
		local name="folio_cli_$1_$$" base query
		"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$FOLIO_TEST_PG_URI" \
			-c "CREATE DATABASE \"$name\"" >&2 || return 1
		# the server's URI with the new database's name in its path
		base=${FOLIO_TEST_PG_URI%%\?*}
		query=${FOLIO_TEST_PG_URI#"$base"}
		echo "${base%/*}/$name$query"
	}
	dbdump() {
		"$PGBIN/pg_dump" --no-owner "$1" |
			grep -v -e 'pg_catalog.setval' -e '^\\restrict ' -e '^\\unrestrict '
	}
	dbsql() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$1" -c "$3" >/dev/null; }
	;;
*)
	echo "FOLIO_TEST_STORE=$FOLIO_TEST_STORE: sqlite or pg" >&2
	exit 1
	;;
esac
