# lib.sh - a tiny TAP harness for command-line tests.
#
# Each check runs folio, then compares exit status, and stdout or stderr
# against a golden file in tests/golden/cli/ (FOLIO_UPDATE_GOLDEN=1
# rewrites the golden files instead). Paths to the temporary directory
# are replaced by $TMP in what is compared, so goldens do not depend on
# where the test ran.

: "${FOLIO_BIN:?}" "${FOLIO_SOURCE:?}"
GOLDEN="$FOLIO_SOURCE/tests/golden/cli"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/folio-cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export FOLIO_NOW=2018-04-03T09:00:00Z
n=0
failed=0

folio() { "$FOLIO_BIN" "$@"; }

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for line in "$@"; do echo "# $line"; done
}

# run NAME STATUS CMD... : run CMD, keep its output in $TMP/NAME.{out,err}
run() {
	local name=$1 want=$2 got
	shift 2
	"$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
	got=$?
	sed -i "s|$TMP|\$TMP|g" "$TMP/$name.out" "$TMP/$name.err"
	if [ "$got" != "$want" ]; then
		not_ok "$name: exit status" "wanted $want, got $got" "stderr: $(head -c 600 "$TMP/$name.err")"
		return 1
	fi
	return 0
}

# golden NAME STREAM : compare $TMP/NAME.STREAM with the golden file
golden() {
	local name=$1 stream=${2:-out} file="$GOLDEN/$1.$2"
	if [ -n "${FOLIO_UPDATE_GOLDEN:-}" ]; then
		cp "$TMP/$name.$stream" "$file"
		ok "$name ($stream updated)"
	elif [ ! -f "$file" ]; then
		not_ok "$name: no golden file $file"
	elif cmp -s "$TMP/$name.$stream" "$file"; then
		ok "$name"
	else
		not_ok "$name: $stream differs from $file" \
			"$(diff -u "$file" "$TMP/$name.$stream" | head -n 20 | tr '\n' '~' | sed 's/~/\n# /g')"
	fi
}

# check NAME STATUS STREAM CMD... : run and compare in one step
check() {
	local name=$1 want=$2 stream=$3
	shift 3
	run "$name" "$want" "$@" && golden "$name" "$stream"
}

# contains NAME TEXT STREAM : the output holds TEXT
contains() {
	if grep -qF -- "$2" "$TMP/$1.${3:-err}"; then
		ok "$1: says '$2'"
	else
		not_ok "$1: does not say '$2'" "$(head -c 600 "$TMP/$1.${3:-err}")"
	fi
}

done_testing() {
	echo "1..$n"
	[ "$failed" = 0 ]
}
