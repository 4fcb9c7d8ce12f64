#!/bin/bash
# run.sh - `make bench`: the pages people read most and the survey's post,
# under wrk, beside nginx serving a 21-byte static file (the ceiling) in
# the same run, on SQLite and on PostgreSQL (a throwaway cluster,
# tests/pg-cluster.sh). Per database: a fresh data directory (and
# database) loaded with `p2ham demo` (`--scale N` when the build has it),
# `p2ham serve` on a free loopback port, two demo accounts signed in, then
# for each connection count and round nginx's figure and every page's;
# the medians of the rounds, each page's ratio to the ceiling and its p99
# go to bench/RESULTS.md (and stdout) with the machine, the commands and
# the date. The survey's post is bench/survey.sh's, run with the same
# knobs. Everything listens on 127.0.0.1 only; every run is bounded in
# time and everything started here is stopped at the end.
#
# Knobs (environment):
#   BENCH_DB       databases, "sqlite postgresql"
#   BENCH_TARGETS  pages, "home rulebook verify results participation
#                  building cycle progress evidence survey"; also
#                  "deadline": bench/deadline.sh, 2,000 units uploading and
#                  submitting at once (its knobs: DEADLINE_* there)
#   BENCH_ROUNDS   rounds per figure, of which the median is kept (3)
#   BENCH_SECONDS  seconds of one wrk run (3)
#   BENCH_CONNS    connection counts, "64 128 256"
#   BENCH_SCALE    units of the demo when `p2ham demo --scale` exists (100000)
#   BENCH_OUT      the results file (bench/RESULTS.md); "-": stdout only
#   BENCH_BUILD    the build directory (build)
#   BENCH_PG       a PostgreSQL server URL to create the databases in,
#                  instead of a throwaway cluster
#   BENCH_ENCODING the Accept-Encoding every request sends, as a browser
#                  does ("gzip, deflate, br"; empty: none)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

BUILD=${BENCH_BUILD:-$ROOT/build}
DBS=${BENCH_DB:-sqlite postgresql}
TARGETS=${BENCH_TARGETS:-home rulebook verify results participation building cycle progress evidence survey}
ROUNDS=${BENCH_ROUNDS:-3}
SECS=${BENCH_SECONDS:-3}
CONNS=${BENCH_CONNS:-64 128 256}
SCALE=${BENCH_SCALE:-100000}
OUT=${BENCH_OUT:-$ROOT/bench/RESULTS.md}
PG_URL=${BENCH_PG:-}
LOAD_LIMIT=${BENCH_LOAD_LIMIT:-900} # seconds the demo may take to load
PASSWORD=Demo-P2HAM-2025
UNIT_USER=operator.kanim.gorontalo@p2ham.demo
COORD_USER=koordinator@p2ham.demo
DBS=${DBS//,/ } TARGETS=${TARGETS//,/ } CONNS=${CONNS//,/ }

P2HAM=$BUILD/p2ham
for tool in wrk nginx curl sqlite3 psql python3 "$P2HAM"; do
	command -v "$tool" >/dev/null 2>&1 || [ -x "$tool" ] ||
		{ echo "bench: $tool not found (make deps build)" >&2; exit 1; }
done
for t in $TARGETS; do
	case $t in
	home | rulebook | verify | results | participation | building | cycle | progress | evidence | survey | deadline) ;;
	*) echo "bench: unknown target $t" >&2; exit 2 ;;
	esac
done

WORK=$(mktemp -d /tmp/p2ham-bench.XXXXXX)
chmod 755 "$WORK"
SERVER=
CLUSTER=
cleanup() {
	[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
	bench_nginx_stop "$WORK/nginx"
	[ -n "$CLUSTER" ] && "$ROOT/tests/pg-cluster.sh" stop "$CLUSTER" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT
LOG=$WORK/wrk.log
START=$(date -u '+%Y-%m-%d %H:%M')
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

NGINX=$(bench_nginx_start "$WORK/nginx") || { echo "bench: nginx did not start" >&2; exit 1; }
CEILING=http://127.0.0.1:$NGINX/ceiling.txt

# The demo with --scale when this build has it.
DEMO_ARGS=()
SCALE_NOTE="the ordinary demo (this build has no \`demo --scale\`)"
if "$P2HAM" demo --help 2>&1 | grep -q -- '--scale'; then
	DEMO_ARGS=(--scale "$SCALE")
	SCALE_NOTE="\`p2ham demo --scale $SCALE\`"
fi

# Sign email in; prints the Cookie header's value.
sign_in() {
	local jar=$WORK/jar csrf code
	rm -f "$jar"
	csrf=$(curl -sf -c "$jar" -b "$jar" "$base/masuk" |
		sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
	code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
		--data-urlencode "csrf=$csrf" --data-urlencode "email=$1" \
		--data-urlencode "password=$PASSWORD" "$base/masuk")
	[ "$code" = 303 ] || { echo "bench: signing in $1 answered $code" >&2; return 1; }
	awk '/^#HttpOnly_/ { sub(/^#HttpOnly_/, "") } /^#/ || NF < 7 { next }
		{ printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar"
}

# target -> "path who" for the current data.
target_path() {
	case $1 in
	home) echo "/ -" ;;
	rulebook) echo "/aturan/$RB -" ;;
	verify) echo "/verifikasi/$SERIAL -" ;;
	results) echo "/hasil -" ;;
	participation) echo "/partisipasi/$PID unit" ;;
	building) echo "/partisipasi/$PID/pembangunan unit" ;;
	evidence) echo "/berkas/$FILE unit" ;;
	cycle) echo "/siklus/$CYCLE coord" ;;
	progress) echo "/progres coord" ;;
	esac
}

# Load the demo into a fresh data directory (and database) for backend,
# start the server; sets data, dburl, dbargs, base, SERVER and the ids.
setup_backend() {
	data=$WORK/data-$backend
	mkdir -p "$data"
	dbargs=() dburl=
	if [ "$backend" = postgresql ]; then
		if [ -z "$PG_URL" ]; then
			CLUSTER=$WORK/pg
			PG_URL=$("$ROOT/tests/pg-cluster.sh" start "$CLUSTER")
		fi
		psql -X -q "$PG_URL" -c "CREATE DATABASE p2ham_bench_$$" >/dev/null
		dburl=${PG_URL%/*}/p2ham_bench_$$
		dbargs=(--db "$dburl")
	fi
	local t0=$SECONDS
	"$P2HAM" init --data-dir "$data" "${dbargs[@]}" >"$WORK/load.log" 2>&1
	timeout "$LOAD_LIMIT" "$P2HAM" demo --data-dir "$data" "${dbargs[@]}" "${DEMO_ARGS[@]}" \
		>>"$WORK/load.log" 2>&1 || { echo "bench: demo load failed:" >&2;
		tail -5 "$WORK/load.log" >&2; return 1; }
	LOADED[$backend]=$((SECONDS - t0))
	if [ -n "$CLUSTER" ] && [ "$backend" = postgresql ]; then
		# The throwaway cluster runs without fsync; the survey's
		# durable answers must not (the pages only read).
		psql -X -q "$PG_URL" -c "ALTER SYSTEM SET fsync = on" \
			-c "ALTER SYSTEM SET synchronous_commit = on" -c "SELECT pg_reload_conf()" >/dev/null
	fi
	RB=$(query "SELECT id FROM rulebook WHERE code = 'p2ham-2022' ORDER BY version DESC LIMIT 1")
	CYCLE=$(query "SELECT id FROM cycle WHERE title = 'P2HAM 2023'")
	PID=$(query "SELECT p.id FROM participation p JOIN unit u ON u.id = p.unit_id
		WHERE p.cycle_id = $CYCLE AND u.name = 'Kantor Imigrasi Kelas I TPI Gorontalo'")
	SERIAL=$(query "SELECT serial FROM document WHERE kind = 'certificate'
		AND withdrawn_at IS NULL ORDER BY serial LIMIT 1")
	FILE=$(query "SELECT id FROM file WHERE participation_id = $PID
		AND removed_at IS NULL ORDER BY id LIMIT 1")
	port=$(bench_free_port)
	base=http://127.0.0.1:$port
	"$P2HAM" serve --data-dir "$data" "${dbargs[@]}" --listen "127.0.0.1:$port" \
		--log-level warn >"$WORK/serve-$backend.log" 2>&1 &
	SERVER=$!
	for _ in $(seq 100); do
		curl -sf "$base/healthz" >/dev/null && break
		sleep 0.2
	done
	COOKIE[unit]=$(sign_in "$UNIT_USER")
	COOKIE[coord]=$(sign_in "$COORD_USER")
}

stop_backend() {
	kill "$SERVER" 2>/dev/null || true
	wait "$SERVER" 2>/dev/null || true
	SERVER=
	if [ "$backend" = postgresql ]; then
		psql -X -q "$PG_URL" -c "DROP DATABASE IF EXISTS p2ham_bench_$$ WITH (FORCE)" >/dev/null
	fi
}

declare -A LOADED COOKIE RPS P99 FAIL STATUS
ROWS=$WORK/rows.md
: >"$ROWS"
for backend in $DBS; do
	[ "$backend" = sqlite ] || [ "$backend" = postgresql ] ||
		{ echo "bench: unknown database $backend" >&2; exit 2; }
	pages=()
	for t in $TARGETS; do [ "$t" = survey ] || [ "$t" = deadline ] || pages+=("$t"); done
	[ ${#pages[@]} -gt 0 ] || continue
	echo "bench: $backend: loading $SCALE_NOTE" >&2
	setup_backend
	for t in "${pages[@]}"; do
		read -r path who < <(target_path "$t")
		hdr=()
		[ "$who" = - ] || hdr=(-H "Cookie: ${COOKIE[$who]}")
		STATUS[$t]=$(curl -s -o /dev/null -w '%{http_code}' "${hdr[@]}" "$base$path")
	done
	# The download's own ceiling: nginx serving the same bytes from a
	# file, since a 21-byte file says nothing of moving 20 KB.
	SAME=
	if [[ " ${pages[*]} " == *" evidence "* ]]; then
		read -r path who < <(target_path evidence)
		curl -sf -o "$WORK/nginx/root/evidence.bin" -H "Cookie: ${COOKIE[$who]}" "$base$path" &&
			SAME=$(stat -c %s "$WORK/nginx/root/evidence.bin")
	fi
	for conns in $CONNS; do
		for round in $(seq "$ROUNDS"); do
			echo "bench: $backend c=$conns round $round" >&2
			read -r r p f < <(bench_wrk "$CEILING" "$conns" "$SECS" "$LOG")
			RPS[nginx.$round]=$r P99[nginx.$round]=$p
			if [ -n "$SAME" ]; then
				read -r r p f < <(bench_wrk "http://127.0.0.1:$NGINX/evidence.bin" \
					"$conns" "$SECS" "$LOG")
				RPS[same.$round]=$r P99[same.$round]=$p
			fi
			for t in "${pages[@]}"; do
				read -r path who < <(target_path "$t")
				hdr=()
				[ "$who" = - ] || hdr=(-H "Cookie: ${COOKIE[$who]}")
				read -r r p f < <(bench_wrk "$base$path" "$conns" "$SECS" "$LOG" "${hdr[@]}")
				RPS[$t.$round]=$r P99[$t.$round]=$p FAIL[$t.$round]=$f
				bench_drain "$base"
			done
		done
		nr=() np=()
		for round in $(seq "$ROUNDS"); do
			nr+=("${RPS[nginx.$round]}") np+=("${P99[nginx.$round]}")
		done
		mn=$(bench_median "${nr[@]}")
		echo "| $backend | nginx: static file | $conns | $mn | | | $(bench_median "${np[@]}") | |" >>"$ROWS"
		if [ -n "$SAME" ]; then
			sr=() sp=()
			for round in $(seq "$ROUNDS"); do
				sr+=("${RPS[same.$round]}") sp+=("${P99[same.$round]}")
			done
			echo "| $backend | nginx: the evidence's $SAME bytes as a file | $conns |" \
				"$(bench_median "${sr[@]}") | $mn | $(bench_ratio "$(bench_median "${sr[@]}")" "$mn") |" \
				"$(bench_median "${sp[@]}") | |" >>"$ROWS"
		fi
		for t in "${pages[@]}"; do
			read -r path who < <(target_path "$t")
			tr=() tp=() tf=0
			for round in $(seq "$ROUNDS"); do
				tr+=("${RPS[$t.$round]}") tp+=("${P99[$t.$round]}")
				tf=$((tf + ${FAIL[$t.$round]}))
			done
			m=$(bench_median "${tr[@]}")
			[ "$who" = - ] && who=public
			echo "| $backend | $t: \`$path\` ($who, ${STATUS[$t]}) | $conns | $m | $mn |" \
				"$(bench_ratio "$m" "$mn") | $(bench_median "${tp[@]}") | $tf |" >>"$ROWS"
		done
	done
	stop_backend
done

SURVEY=
if [[ " $TARGETS " == *" survey "* ]]; then
	echo "bench: the survey's post (bench/survey.sh)" >&2
	survey_args=(--build "$BUILD" --duration "$SECS" --rounds "$ROUNDS" --conns "$CONNS"
		--backends "$DBS")
	[ -n "$PG_URL" ] && survey_args+=(--pg "$PG_URL")
	SURVEY=$(timeout 1800 "$ROOT/bench/survey.sh" "${survey_args[@]}" 2>&1) ||
		SURVEY="bench/survey.sh failed: $(echo "$SURVEY" | tail -3)"
fi

DEADLINE=
if [[ " $TARGETS " == *" deadline "* ]]; then
	echo "bench: deadline day (bench/deadline.sh)" >&2
	DEADLINE=$(BENCH_BUILD=$BUILD BENCH_DB=$DBS BENCH_SCALE=$SCALE BENCH_PG=$PG_URL \
		timeout 3600 "$ROOT/bench/deadline.sh" 2>/dev/null) ||
		DEADLINE="$DEADLINE
bench/deadline.sh reported a failure (above)."
fi

SECTION=$WORK/section.md
{
	echo "### Run of $START UTC"
	echo
	echo "\`make bench\` (BENCH_DB=\"$DBS\" BENCH_TARGETS=\"$TARGETS\" BENCH_ROUNDS=$ROUNDS" \
		"BENCH_SECONDS=$SECS BENCH_CONNS=\"$CONNS\" BENCH_SCALE=$SCALE), $(date -u '+%H:%M') UTC at the end."
	echo "Data: $SCALE_NOTE$(for b in "${!LOADED[@]}"; do printf ', %s loaded in %s s' "$b" "${LOADED[$b]}"; done)."
	echo "Machine: $(bench_machine)."
	echo "Load average at the start $LOAD_START, at the end $(cut -d' ' -f1-3 /proc/loadavg)."
	echo "wrk: ${BENCH_WRK_THREADS:-2} threads, ${SECS} s per run, median of $ROUNDS rounds;" \
		"Accept-Encoding: \"${BENCH_ENCODING-gzip, deflate, br}\" on every request;" \
		"signed-in pages as $UNIT_USER (unit) or $COORD_USER (coord); the status in brackets is a first GET's."
	echo
	if [ -s "$ROWS" ]; then
		echo "| database | page | connections | p2ham req/s | nginx req/s | p2ham / nginx | p2ham p99 ms | failed |"
		echo "|---|---|---:|---:|---:|---:|---:|---:|"
		cat "$ROWS"
		echo
	fi
	if [ -n "$SURVEY" ]; then
		echo "The survey's post (\`bench/survey.sh\`, nginx answering the same POST with 204):"
		echo
		# One table, then what the script says about each database.
		echo "$SURVEY" | grep '^|' | awk 'NR <= 2 || !/^\| *(database|---)/'
		echo
		echo "$SURVEY" | grep -v '^|' | grep -v '^$' | sed 's/$/  /'
		echo
	fi
	if [ -n "$DEADLINE" ]; then
		echo "$DEADLINE" | sed 's/^### /#### /'
		echo
	fi
} >"$SECTION"

cat "$SECTION"
if [ "$OUT" != - ]; then
	MARK='<!-- make bench adds each run below this line, newest first -->'
	[ -f "$OUT" ] || printf '# Benchmark results\n' >"$OUT"
	if ! grep -qF "$MARK" "$OUT"; then
		python3 - "$OUT" "$MARK" <<'EOF'
import sys
path, mark = sys.argv[1], sys.argv[2]
text = open(path).read()
head, _, rest = text.partition("\n")
intro = ("\n\n## Pages (`make bench`)\n\n"
	"Each run: the pages people read most, under wrk, beside nginx serving a\n"
	"21-byte static file in the same run (the ceiling); the commands are in\n"
	"`bench/run.sh`. The ratio is the page's median req/s to nginx's.\n\n" + mark + "\n")
open(path, "w").write(head + intro + rest)
EOF
	fi
	python3 - "$OUT" "$MARK" "$SECTION" <<'EOF'
import sys
path, mark, section = sys.argv[1:4]
text = open(path).read()
run = open(section).read()
open(path, "w").write(text.replace(mark + "\n", mark + "\n\n" + run, 1))
EOF
	echo "bench: results added to $OUT" >&2
fi
