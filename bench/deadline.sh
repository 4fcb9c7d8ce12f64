#!/bin/bash
# deadline.sh - deadline day: units in the building stage signing in,
# then all working at once (pages, answers, evidence PDFs through the
# multipart form, the evidence list, downloads, the submission), driven
# by bench/deadline.mjs against `p2ham serve` on the national-scale demo,
# on SQLite and on PostgreSQL. Afterwards the database is checked: every
# acknowledged upload has its row and its stored bytes, every acknowledged
# submission stands submitted, `p2ham progress rebuild --check` finds no
# difference and `p2ham audit verify` holds. Prints a Markdown section
# (figures, checks, machine, command); exits 1 when anything failed.
#
# The server runs with --trust-proxy, as behind its reverse proxy, and
# each unit's people come from their own office address (X-Forwarded-For):
# the sign-in throttle counts per address, and 2,000 offices are 2,000
# addresses, not one.
#
# Knobs (environment, or options of the same name in lower case):
#   DEADLINE_UNITS     units working at once (2000)
#   DEADLINE_RAMP      seconds over which they start (30)
#   DEADLINE_THINK     "min max" seconds between one person's steps ("1 4")
#   DEADLINE_UPLOADS   evidence files per unit (2)
#   DEADLINE_SOCKETS   connections the proxy keeps to the server (256)
#   DEADLINE_LIMIT     seconds the whole load may take (1800)
#   DEADLINE_SIGNINS   units whose people sign in through the form (100);
#                      the others' sessions are made in the database as a
#                      sign-in makes them (argon2id costs a core about a
#                      third of a second: 2,000 to 4,000 of them would take
#                      this machine a quarter of an hour before the rush)
#   DEADLINE_HEADS     "head": the unit head signs in to submit (operators
#                      may not); "same": the head does all of it
#   BENCH_DB           databases, "sqlite postgresql"
#   BENCH_SCALE        units of the demo (100000)
#   BENCH_BUILD        the build directory (build)
#   BENCH_PG           a PostgreSQL server URL (else a throwaway cluster)
#   DEADLINE_SQLITE_DIR  a data directory already loaded with the demo at
#                      BENCH_SCALE, copied (never used in place) instead of
#                      loading one
#   DEADLINE_PG_DIR, DEADLINE_PG_TEMPLATE  the same for PostgreSQL: the data
#                      directory (copied) and a database on BENCH_PG to
#                      make the run's database from (CREATE DATABASE ...
#                      TEMPLATE)
#   DEADLINE_KEEP      1: keep the work directory and databases
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

BUILD=${BENCH_BUILD:-$ROOT/build}
DBS=${BENCH_DB:-sqlite postgresql}
SCALE=${BENCH_SCALE:-100000}
PG_URL=${BENCH_PG:-}
UNITS=${DEADLINE_UNITS:-2000}
RAMP=${DEADLINE_RAMP:-30}
THINK=${DEADLINE_THINK:-1 4}
UPLOADS=${DEADLINE_UPLOADS:-2}
SOCKETS=${DEADLINE_SOCKETS:-256}
LIMIT=${DEADLINE_LIMIT:-1800}
HEADS=${DEADLINE_HEADS:-head}
SIGNINS=${DEADLINE_SIGNINS:-100}
LOAD_LIMIT=${BENCH_LOAD_LIMIT:-1800}
DBS=${DBS//,/ }
read -r THINK_MIN THINK_MAX <<<"$THINK"

P2HAM=$BUILD/p2ham
for tool in node curl sqlite3 psql python3 "$P2HAM"; do
	command -v "$tool" >/dev/null 2>&1 || [ -x "$tool" ] ||
		{ echo "deadline: $tool not found (make deps build)" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/p2ham-deadline.XXXXXX)
chmod 755 "$WORK"
SERVER='' CLUSTER='' DBNAME=''
cleanup() {
	[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
	if [ "${DEADLINE_KEEP:-0}" != 1 ]; then
		[ -n "$DBNAME" ] && psql -X -q "$PG_URL" \
			-c "DROP DATABASE IF EXISTS $DBNAME WITH (FORCE)" >/dev/null 2>&1 || true
		[ -n "$CLUSTER" ] && "$ROOT/tests/pg-cluster.sh" stop "$CLUSTER" >/dev/null 2>&1 || true
		rm -rf "$WORK"
	else
		echo "deadline: kept $WORK ${DBNAME:+and database $DBNAME}" >&2
	fi
}
trap cleanup EXIT

# A data directory (and database) for backend: sets data, dburl, dbargs.
setup_backend() {
	local t0=$SECONDS src
	data=$WORK/data-$backend dbargs=() dburl=
	if [ "$backend" = postgresql ]; then
		if [ -z "$PG_URL" ]; then
			CLUSTER=$WORK/pg
			PG_URL=$("$ROOT/tests/pg-cluster.sh" start "$CLUSTER")
		fi
		DBNAME=p2ham_deadline_$$
		dburl=${PG_URL%/*}/$DBNAME
		dbargs=(--db "$dburl")
	fi
	src=
	[ "$backend" = sqlite ] && src=${DEADLINE_SQLITE_DIR:-}
	[ "$backend" = postgresql ] && [ -n "${DEADLINE_PG_TEMPLATE:-}" ] && src=${DEADLINE_PG_DIR:-}
	if [ -n "$src" ]; then
		cp -a "$src" "$data"
		[ "$backend" = postgresql ] && psql -X -q "$PG_URL" \
			-c "CREATE DATABASE $DBNAME TEMPLATE $DEADLINE_PG_TEMPLATE" >/dev/null
		# The copy may predate this build's migrations.
		"$P2HAM" migrate --data-dir "$data" "${dbargs[@]}" >"$WORK/load.log" 2>&1
		LOADED[$backend]="copied from $src in $((SECONDS - t0)) s"
		return 0
	fi
	mkdir -p "$data"
	[ "$backend" = postgresql ] && psql -X -q "$PG_URL" -c "CREATE DATABASE $DBNAME" >/dev/null
	"$P2HAM" init --data-dir "$data" "${dbargs[@]}" >"$WORK/load.log" 2>&1
	timeout "$LOAD_LIMIT" "$P2HAM" demo --data-dir "$data" "${dbargs[@]}" --scale "$SCALE" \
		>>"$WORK/load.log" 2>&1 || { echo "deadline: demo load failed:" >&2;
		tail -5 "$WORK/load.log" >&2; return 1; }
	LOADED[$backend]="loaded in $((SECONDS - t0)) s"
}

declare -A LOADED
FAILED=0
SECTIONS=$WORK/sections.md
: >"$SECTIONS"
START=$(date -u '+%Y-%m-%d %H:%M')
for backend in $DBS; do
	[ "$backend" = sqlite ] || [ "$backend" = postgresql ] ||
		{ echo "deadline: unknown database $backend" >&2; exit 2; }
	echo "deadline: $backend: the demo at --scale $SCALE" >&2
	setup_backend
	cycle=$(query "SELECT id FROM cycle WHERE title = 'P2HAM 2024 Nasional'")
	query "SELECT id || ' ' || unit_id FROM participation WHERE cycle_id = $cycle
		AND state = 'building' ORDER BY id LIMIT $UNITS" >"$WORK/units"
	have=$(wc -l <"$WORK/units")
	serial=$(query "SELECT serial FROM document WHERE kind = 'certificate'
		AND withdrawn_at IS NULL ORDER BY serial LIMIT 1")
	maxfile=$(query "SELECT COALESCE(MAX(id), 0) FROM file")
	node "$ROOT/bench/deadline.mjs" sessions --units "$WORK/units" --signins "$SIGNINS" \
		--heads "$HEADS" --sql "$WORK/sessions.sql" --out "$WORK/sessions.json"
	if [ "$backend" = sqlite ]; then
		sqlite3 "$data/p2ham.db" <"$WORK/sessions.sql"
	else
		psql -X -q -v ON_ERROR_STOP=1 "$dburl" -f "$WORK/sessions.sql" >/dev/null
	fi
	port=$(bench_free_port)
	base=http://127.0.0.1:$port
	"$P2HAM" serve --data-dir "$data" "${dbargs[@]}" --listen "127.0.0.1:$port" \
		--trust-proxy --log-level warn >"$WORK/serve-$backend.log" 2>&1 &
	SERVER=$!
	for _ in $(seq 150); do
		curl -sf -m 1 "$base/healthz" >/dev/null && break
		sleep 0.2
	done
	LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
	echo "deadline: $backend: $have units at $base" >&2
	rc=0
	timeout $((LIMIT + 120)) node "$ROOT/bench/deadline.mjs" run --base "$base" \
		--units "$WORK/units" --out "$WORK/run-$backend.json" --serial "$serial" \
		--ramp "$RAMP" --think-min "$THINK_MIN" --think-max "$THINK_MAX" \
		--uploads "$UPLOADS" --sockets "$SOCKETS" --limit "$LIMIT" --heads "$HEADS" \
		--sessions "$WORK/sessions.json" \
		>"$WORK/run-$backend.txt" || rc=$?
	LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
	kill "$SERVER" 2>/dev/null || true
	wait "$SERVER" 2>/dev/null || true
	SERVER=
	# What the database holds of it.
	query "SELECT id || '|' || participation_id || '|' || COALESCE(indicator, '') || '|' ||
		sha256 || '|' || size || '|' || COALESCE(removed_at, '') FROM file
		WHERE id > $maxfile" >"$WORK/files"
	query "SELECT id || '|' || state FROM participation WHERE id IN
		($(cut -d' ' -f1 "$WORK/units" | paste -sd,))" >"$WORK/states"
	# Contents kept in the database (PostgreSQL's store, `p2ham files
	# migrate`): the hash of their pieces, computed there.
	: >"$WORK/blobs"
	[ "$backend" = postgresql ] && query "SELECT b.sha256 || '|' ||
		encode(sha256(string_agg(c.bytes, ''::bytea ORDER BY c.n)), 'hex') || '|' || b.size
		FROM file_blob b JOIN file_chunk c ON c.sha256 = b.sha256
		WHERE b.sha256 IN (SELECT sha256 FROM file WHERE id > $maxfile)
		GROUP BY b.sha256, b.size" >"$WORK/blobs"
	checks=$WORK/check-$backend.txt
	crc=0
	node "$ROOT/bench/deadline.mjs" check --acks "$WORK/run-$backend.json" \
		--files "$WORK/files" --states "$WORK/states" --data-dir "$data" \
		--blobs "$WORK/blobs" >"$checks" || crc=1
	"$P2HAM" progress rebuild --check --data-dir "$data" "${dbargs[@]}" >"$WORK/progress.txt" 2>&1 &&
		echo "\`p2ham progress rebuild --check\`: no difference" >>"$checks" ||
		{ crc=1; echo "\`p2ham progress rebuild --check\` FAILED: $(tail -3 "$WORK/progress.txt")" >>"$checks"; }
	"$P2HAM" audit verify --data-dir "$data" "${dbargs[@]}" >"$WORK/audit.txt" 2>&1 &&
		echo "\`p2ham audit verify\`: $(tail -1 "$WORK/audit.txt")" >>"$checks" ||
		{ crc=1; echo "\`p2ham audit verify\` FAILED: $(tail -3 "$WORK/audit.txt")" >>"$checks"; }
	errs=$(grep -c 'level=err' "$WORK/serve-$backend.log" || true)
	[ "$rc" = 0 ] && [ "$crc" = 0 ] && [ "$errs" = 0 ] || FAILED=1
	{
		echo "#### $backend: $have units (${LOADED[$backend]})"
		echo
		sed -n 1p "$WORK/run-$backend.txt"
		echo
		grep '^|' "$WORK/run-$backend.txt" || true
		echo
		{ grep '^problem:' "$WORK/run-$backend.txt" || true; } | head -10 | sed 's/$/  /'
		sed 's/$/  /' "$checks"
		echo "Server log: $errs error lines$( [ "$errs" = 0 ] || printf ', first: %s' \
			"$(grep -m1 'level=err' "$WORK/serve-$backend.log")")."
		echo "Load average at the start $LOAD_START, at the end $LOAD_END."
		echo
	} >>"$SECTIONS"
	if [ "$backend" = postgresql ] && [ "${DEADLINE_KEEP:-0}" != 1 ]; then
		psql -X -q "$PG_URL" -c "DROP DATABASE IF EXISTS $DBNAME WITH (FORCE)" >/dev/null
		DBNAME=
	fi
	[ "${DEADLINE_KEEP:-0}" = 1 ] || rm -rf "$data"
done

echo "### Deadline day, run of $START UTC"
echo
echo "\`bench/deadline.sh\` (BENCH_DB=\"$DBS\" BENCH_SCALE=$SCALE DEADLINE_UNITS=$UNITS" \
	"DEADLINE_RAMP=$RAMP DEADLINE_THINK=\"$THINK\" DEADLINE_UPLOADS=$UPLOADS" \
	"DEADLINE_SOCKETS=$SOCKETS DEADLINE_HEADS=$HEADS DEADLINE_SIGNINS=$SIGNINS)," \
	"$(date -u '+%H:%M') UTC at the end."
echo "Machine: $(bench_machine)."
echo
cat "$SECTIONS"
exit $FAILED
