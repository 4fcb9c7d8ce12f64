#!/bin/bash
# export.sh - memory and time of the large transfers: the unit list
# exported as CSV and as XLSX with many units registered (a generated CSV
# loaded with `p2ham import units`), and a large evidence file uploaded
# and downloaded again. For each it prints the wall time curl saw and the
# server's peak resident memory during the transfer (VmHWM, reset before
# each one through /proc/PID/clear_refs) against its resident memory just
# before, as Markdown rows for bench/RESULTS.md. SQLite in a fresh data
# directory; --pg URL runs on a new database of that PostgreSQL server.
#
#   bench/export.sh [--build DIR] [--units N] [--upload-mb M] [--pg URL]
#
# Needs curl and sqlite3 (or psql), the build (make build), and room in
# /tmp for the upload twice over (the file sent and the stored copy).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$ROOT/build
UNITS=100000
UPLOAD_MB=1024
PG_URL=
PASSWORD='Demo-P2HAM-2025'

while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$2; shift 2 ;;
	--units) UNITS=$2; shift 2 ;;
	--upload-mb) UPLOAD_MB=$2; shift 2 ;;
	--pg) PG_URL=$2; shift 2 ;;
	*) echo "usage: bench/export.sh [--build DIR] [--units N] [--upload-mb M] [--pg URL]" >&2
	   exit 2 ;;
	esac
done

P2HAM=$BUILD/p2ham
WORK=$(mktemp -d /tmp/p2ham-export.XXXXXX)
DATA=$WORK/data
PORT=$((20000 + RANDOM % 20000))
BASE=http://127.0.0.1:$PORT
SERVER=
DBNAME=
trap cleanup EXIT

cleanup() {
	if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
	if [ -n "$DBNAME" ]; then psql "$PG_URL" -X -q -c "DROP DATABASE IF EXISTS $DBNAME" >/dev/null 2>&1 || true; fi
	rm -rf "$WORK"
}

DBARGS=()
if [ -n "$PG_URL" ]; then
	DBNAME=p2ham_export_$$
	psql "$PG_URL" -X -q -c "CREATE DATABASE $DBNAME" >/dev/null
	DBARGS=(--db "${PG_URL%/*}/$DBNAME")
fi

sql() {
	if [ -n "$PG_URL" ]; then psql "${PG_URL%/*}/$DBNAME" -X -q -A -t -c "$1"
	else sqlite3 -batch "$DATA/p2ham.db" "$1"; fi
}

"$P2HAM" init --data-dir "$DATA" "${DBARGS[@]}" >/dev/null
"$P2HAM" demo --data-dir "$DATA" "${DBARGS[@]}" >/dev/null

# Units of a ministry in the demo's province of Gorontalo, by number.
ORG=$(sql "SELECT id FROM organization WHERE kind = 'ministry' ORDER BY id LIMIT 1")
{
	echo "name,unit_type,sector,province_code,organization,address,head_name,phone,email"
	awk -v n="$UNITS" -v org="$ORG" 'BEGIN {
		for (i = 1; i <= n; i++)
			printf "Kantor Uji Ekspor %06d,kanim,imigrasi,75,%d,\"Jalan Uji No. %d, Gorontalo\",Kepala %d,0435 %06d,uji%d@contoh.go.id\n", i, org, i, i, i, i
	}'
} >"$WORK/units.csv"
t0=$(date +%s.%N)
"$P2HAM" import units --data-dir "$DATA" "${DBARGS[@]}" "$WORK/units.csv" >/dev/null
t1=$(date +%s.%N)
TOTAL=$(sql "SELECT count(*) FROM unit")
echo "loaded $UNITS units in $(echo "$t1 - $t0" | bc) s; $TOTAL units registered" >&2

"$P2HAM" serve --data-dir "$DATA" "${DBARGS[@]}" --listen "127.0.0.1:$PORT" \
	--upload-max $((UPLOAD_MB * 1024 * 1024 + 1024 * 1024)) 2>"$WORK/server.log" &
SERVER=$!
for _ in $(seq 100); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

# sign_in EMAIL JAR: a session in the cookie jar.
sign_in() {
	local csrf
	csrf=$(curl -fs -c "$2" -b "$2" "$BASE/masuk" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | awk 'NR == 1')
	curl -fs -o /dev/null -c "$2" -b "$2" --data-urlencode "email=$1" \
		--data-urlencode "password=$PASSWORD" --data-urlencode "csrf=$csrf" "$BASE/masuk"
}

kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$SERVER/status"; }
# The server's CPU time so far (user + system), in clock ticks.
ticks() { sed 's/.*) //' "/proc/$SERVER/stat" | awk '{ print $12 + $13 }'; }
HZ=$(getconf CLK_TCK)

# measure LABEL CURL-ARGS...: one transfer; prints a Markdown row.
measure() {
	local label=$1 before peak secs down up status bytes cpu0 cpu1
	shift
	echo 5 >"/proc/$SERVER/clear_refs" # VmHWM := VmRSS
	before=$(kib VmRSS)
	cpu0=$(ticks)
	read -r status secs down up < <(curl -s -o "$WORK/out" \
		-w '%{http_code} %{time_total} %{size_download} %{size_upload}\n' "$@")
	peak=$(kib VmHWM)
	cpu1=$(ticks)
	bytes=$down
	[ "${up%.*}" -gt 0 ] 2>/dev/null && bytes=$up
	printf '| %s | %s | %s | %.2f | %.2f | %d | %d | %d |\n' "$label" "$status" "$bytes" "$secs" \
		"$(echo "($cpu1 - $cpu0) / $HZ" | bc -l)" $((before / 1024)) $((peak / 1024)) $((peak - before))
}

ADMIN=$WORK/admin.jar
sign_in admin@p2ham.demo "$ADMIN"
# Warm every worker thread up (its connection, its prepared statements)
# with exports that match nothing, so that the rows below show the
# transfer's own memory.
for _ in 1 2 3 4 5 6; do
	curl -s -o /dev/null -b "$ADMIN" "$BASE/unit/ekspor?format=csv&q=tidak-ada"
	curl -s -o /dev/null -b "$ADMIN" "$BASE/unit/ekspor?format=xlsx&q=tidak-ada"
done
echo "| transfer | status | bytes | seconds | server CPU s | RSS before MiB | peak RSS MiB | growth KiB |"
echo "|---|---|---|---|---|---|---|---|"
measure "units CSV ($TOTAL units)" -b "$ADMIN" "$BASE/unit/ekspor?format=csv"
[ "$(wc -l <"$WORK/out")" -eq $((TOTAL + 1)) ] || echo "CSV: $(wc -l <"$WORK/out") lines, expected $((TOTAL + 1))" >&2
measure "units XLSX ($TOTAL units)" -b "$ADMIN" "$BASE/unit/ekspor?format=xlsx"

# The dashboards with every unit enrolled in the demo's 2023 cycle: the
# server's own time (the access log's ms=) of the progress page and the
# cycle page, the median and the slowest of 20 each.
CYCLE=$(sql "SELECT id FROM cycle WHERE title = 'P2HAM 2023'")
CSRF=$(curl -fs -b "$ADMIN" "$BASE/siklus/$CYCLE" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | awk 'NR == 1')
t0=$(date +%s.%N)
curl -fs -o /dev/null -b "$ADMIN" --data-urlencode "csrf=$CSRF" --data-urlencode "provinsi=75" \
	"$BASE/siklus/$CYCLE/peserta"
t1=$(date +%s.%N)
echo "enrolled: $(sql "SELECT count(*) FROM participation WHERE cycle_id = $CYCLE") participations in the cycle, in $(echo "$t1 - $t0" | bc) s" >&2
# PostgreSQL plans from statistics: gather them, as after any bulk load
# (autovacuum would, within a minute or so).
if [ -n "$PG_URL" ]; then sql "ANALYZE" >/dev/null; fi
echo
echo "| page | requests | median ms | slowest ms |"
echo "|---|---|---|---|"
for page in "/progres?siklus=$CYCLE" "/siklus/$CYCLE" "/siklus"; do
	: >"$WORK/ms"
	for _ in $(seq 20); do
		curl -fs -o /dev/null -b "$ADMIN" "$BASE$page"
	done
	route=${page%%\?*}
	[ "$route" = "/siklus/$CYCLE" ] && route="/siklus/{id}"
	grep "event=request method=GET route=$route status=200" "$WORK/server.log" | tail -20 |
		sed 's/.* ms=\([0-9.]*\).*/\1/' | sort -n >"$WORK/ms"
	printf '| %s | %d | %s | %s |\n' "$page" "$(wc -l <"$WORK/ms")" \
		"$(awk 'NR == 10' "$WORK/ms")" "$(tail -1 "$WORK/ms")"
done
echo

# The evidence: a PDF head and UPLOAD_MB MiB after it, posted by the demo's
# immigration office of Gorontalo at building, then downloaded.
OP=$WORK/op.jar
sign_in operator.kanim.gorontalo@p2ham.demo "$OP"
PID=$(sql "SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id JOIN cycle c ON c.id = p.cycle_id
	WHERE u.name = 'Kantor Imigrasi Kelas I TPI Gorontalo' AND c.title = 'P2HAM 2023'")
CSRF=$(curl -fs -b "$OP" "$BASE/partisipasi/$PID/pembangunan" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | awk 'NR == 1')
{ printf '%%PDF-1.4\n'; head -c $((UPLOAD_MB * 1024 * 1024)) /dev/zero; printf '\n%%%%EOF\n'; } >"$WORK/big.pdf"
measure "evidence upload ($UPLOAD_MB MiB)" -b "$OP" -F "csrf=$CSRF" -F "indikator=ramp" \
	-F "berkas=@$WORK/big.pdf;type=application/pdf" "$BASE/partisipasi/$PID/pembangunan/berkas"
FILE=$(sql "SELECT max(id) FROM file WHERE participation_id = $PID")
rm -f "$WORK/big.pdf"
measure "evidence download ($UPLOAD_MB MiB)" -b "$OP" "$BASE/berkas/$FILE"
