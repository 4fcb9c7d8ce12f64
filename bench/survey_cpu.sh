#!/bin/bash
# survey_cpu.sh - the processor time `p2ham serve` spends per survey post,
# a figure that holds on a shared machine where requests per second do not:
# wrk posts survey answers (bench/post.lua, each with its own signed token)
# for a while, and the server's user + system time over that while, read
# from /proc, is divided by the answers the writer kept (from /metrics).
# Printed per thread name too: the HTTP workers (MHD-worker) and the rest
# (p2ham: the survey writer and the main thread).
#
#   bench/survey_cpu.sh [--build DIR] [--conns N] [--duration SECONDS]
#                       [--pg URL] [--rounds N]
#
# --pg URL runs on PostgreSQL in a database made (and dropped) at URL's
# server; otherwise on SQLite in a fresh data directory. Only the server's
# own time is counted, not PostgreSQL's. Needs wrk and the build.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$ROOT/build
CONNS=128
DURATION=8
ROUNDS=1
PG_URL=
UNIT=2 # the demo's immigration office of Gorontalo

while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$2; shift 2 ;;
	--conns) CONNS=$2; shift 2 ;;
	--duration) DURATION=$2; shift 2 ;;
	--rounds) ROUNDS=$2; shift 2 ;;
	--pg) PG_URL=$2; shift 2 ;;
	*) echo "usage: $0 [--build DIR] [--conns N] [--duration S] [--rounds N] [--pg URL]" >&2
		exit 2 ;;
	esac
done

P2HAM=$BUILD/p2ham
TOKENS_BIN=$BUILD/bench/survey_tokens
WORK=$(mktemp -d /tmp/p2ham-cpu.XXXXXX)
PID=
DB_NAME=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null || true
	[ -n "$DB_NAME" ] &&
		psql -X -q "$PG_URL" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

dbargs=()
if [ -n "$PG_URL" ]; then
	DB_NAME=p2ham_cpu_$$
	psql -X -q "$PG_URL" -c "CREATE DATABASE $DB_NAME" >/dev/null
	dbargs=(--db "${PG_URL%/*}/$DB_NAME")
fi
"$P2HAM" init --data-dir "$WORK" "${dbargs[@]}" >/dev/null 2>&1
"$P2HAM" demo --data-dir "$WORK" "${dbargs[@]}" >/dev/null 2>&1
"$P2HAM" survey use --data-dir "$WORK" "${dbargs[@]}" unit "$UNIT" ikm-permenpanrb-14-2017 >/dev/null
"$P2HAM" setting set --data-dir "$WORK" "${dbargs[@]}" form.rate_max 0 >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$P2HAM" serve --data-dir "$WORK" "${dbargs[@]}" --listen "127.0.0.1:$port" >"$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 150); do
	curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
	sleep 0.2
done
URL=http://127.0.0.1:$port/survei/$UNIT
HZ=$(getconf CLK_TCK)

metric() { curl -s "http://127.0.0.1:$port/metrics" | awk -v m="$1" '$1 == m { print $2 }'; }
# "name ticks" per thread name, user + system.
threads() {
	for t in /proc/$PID/task/*; do
		echo "$(cat "$t/comm") $(awk '{ print $14 + $15 }' "$t/stat")"
	done | awk '{ a[$1] += $2 } END { for (k in a) print k, a[k] }' | sort
}
posts() {
	TOKENS=$1 THREADS=2 wrk -t 2 -c "$CONNS" -d "$2" --timeout 10s -s "$ROOT/bench/post.lua" "$URL"
}

"$TOKENS_BIN" "$WORK" "$UNIT" 20000 >"$WORK/warm"
posts "$WORK/warm" 2s >/dev/null # the server's caches and the writer's tables
for round in $(seq "$ROUNDS"); do
	"$TOKENS_BIN" "$WORK" "$UNIT" $((DURATION * 40000)) >"$WORK/tokens"
	k0=$(metric p2ham_survey_answers_total) b0=$(metric p2ham_survey_batches_total)
	threads >"$WORK/t0"
	rps=$(posts "$WORK/tokens" "${DURATION}s" | awk '/^Requests\/sec:/ { print $2 }')
	threads >"$WORK/t1"
	k1=$(metric p2ham_survey_answers_total) b1=$(metric p2ham_survey_batches_total)
	n=$((k1 - k0)) nb=$((b1 - b0))
	join "$WORK/t0" "$WORK/t1" | awk -v n="$n" -v nb="$nb" -v hz="$HZ" -v rps="$rps" '
		{ t += $3 - $2; per[$1] = 1e6 * ($3 - $2) / hz / n }
		END {
			printf "posts %d, batches %d (%.1f a batch), %.0f req/s: %.1f us a post", \
			    n, nb, n / (nb ? nb : 1), rps, 1e6 * t / hz / n
			for (k in per) printf ", %s %.1f", k, per[k]
			printf "\n" }'
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
