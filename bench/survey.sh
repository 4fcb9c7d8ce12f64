#!/bin/bash
# survey.sh - the public survey's hot path under load: wrk posts survey
# answers to `p2ham serve` (each with its own signed form token, through
# the form guard and the group-commit writer, acknowledged once durable)
# at 64, 128 and 256 connections, and, in the same run on the same machine,
# the same POST to nginx answering 204 (the ceiling). Three rounds each;
# the medians, the ratio to the ceiling and whether every acknowledged
# answer is in the database (the counters against the 303 answers, then
# `p2ham survey recount --check`) are printed as Markdown rows for
# bench/RESULTS.md. Both databases: SQLite in a fresh data directory, and
# PostgreSQL in a throwaway cluster started here (tests/pg-cluster.sh, with
# fsync turned back on) unless --pg URL names a server to create a
# database in.
#
#   bench/survey.sh [--build DIR] [--duration SECONDS] [--rounds N]
#                   [--conns "64 128 256"] [--backends "sqlite postgresql"]
#                   [--pg URL] [--log FILE]
#
# --log keeps every wrk output of the run in FILE. nginx, the bounded wrk
# run and the medians are bench/lib.sh's, as for bench/run.sh.
#
# Needs wrk and nginx (make deps installs them), the build (make build).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$ROOT/build
DURATION=10
ROUNDS=3
CONNS="64 128 256"
BACKENDS="sqlite postgresql"
PG_URL=
LOG=
THREADS=2 # wrk threads: the machine's two cores are shared with the server
UNIT=2    # the demo's immigration office of Gorontalo

while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$2; shift 2 ;;
	--duration) DURATION=$2; shift 2 ;;
	--rounds) ROUNDS=$2; shift 2 ;;
	--conns) CONNS=$2; shift 2 ;;
	--backends) BACKENDS=$2; shift 2 ;;
	--pg) PG_URL=$2; shift 2 ;;
	--log) LOG=$2; shift 2 ;;
	*) echo "usage: $0 [--build DIR] [--duration S] [--rounds N] [--conns LIST]" \
		"[--backends LIST] [--pg URL] [--log FILE]" >&2; exit 2 ;;
	esac
done

P2HAM=$BUILD/p2ham
TOKENS_BIN=$BUILD/bench/survey_tokens
for tool in wrk nginx sqlite3 psql "$P2HAM" "$TOKENS_BIN"; do
	command -v "$tool" >/dev/null 2>&1 || [ -x "$tool" ] ||
		{ echo "survey.sh: $tool not found (make deps, make build)" >&2; exit 1; }
done

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

WORK=$(mktemp -d /tmp/p2ham-bench.XXXXXX)
chmod 755 "$WORK"
PIDS=()
CLUSTER=
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	bench_nginx_stop "$WORK/nginx"
	[ -n "$CLUSTER" ] && "$ROOT/tests/pg-cluster.sh" stop "$CLUSTER" >/dev/null 2>&1 || true
	[ -n "$LOG" ] && [ -f "$WORK/wrk.log" ] && cp "$WORK/wrk.log" "$LOG" || true
	rm -rf "$WORK"
}
trap cleanup EXIT

# nginx: the ceiling, answering any POST under /survei/ with 204.
NGINX_PORT=$(bench_nginx_start "$WORK/nginx") ||
	{ echo "survey.sh: nginx did not start" >&2; exit 1; }

# One wrk run against url with the tokens in file: "rps p99ms failed
# answered", answered being the requests that were not failed (the 303s).
run_wrk() {
	local url=$1 conns=$2 tokens=$3 fig total
	fig=$(TOKENS=$tokens BENCH_WRK_THREADS=$THREADS THREADS=$THREADS \
		bench_wrk "$url" "$conns" "$DURATION" "$WORK/wrk.log" -s "$ROOT/bench/post.lua")
	# The run's own block is the last of the log.
	total=$(awk '/^== / { n = 0 } / requests in / { n = $1 } END { print n + 0 }' "$WORK/wrk.log")
	read -r _ _ failed <<<"$fig"
	echo "$fig $((total - failed))"
}

# The answers the database holds for the benchmark's unit.
kept() {
	local q="SELECT COALESCE(SUM(n), 0) FROM survey_respondents WHERE unit_id = $UNIT"
	if [ "$1" = sqlite ]; then sqlite3 "$2/p2ham.db" "$q"; else psql -X -q -A -t "$3" -c "$q"; fi
}

echo "| database | connections | p2ham req/s | p2ham p99 ms | nginx req/s | nginx p99 ms | ratio | refused or errors |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for backend in $BACKENDS; do
	data=$WORK/data-$backend
	mkdir -p "$data"
	dbargs=()
	dburl=
	if [ "$backend" = postgresql ]; then
		if [ -z "$PG_URL" ]; then
			CLUSTER=$WORK/pg
			PG_URL=$("$ROOT/tests/pg-cluster.sh" start "$CLUSTER")
			# The test cluster runs without fsync; a benchmark of durable
			# answers must not.
			psql -X -q "$PG_URL" -c "ALTER SYSTEM SET fsync = on" \
				-c "ALTER SYSTEM SET synchronous_commit = on" -c "SELECT pg_reload_conf()" >/dev/null
		fi
		name=p2ham_bench_$$
		psql -X -q "$PG_URL" -c "CREATE DATABASE $name" >/dev/null
		dburl=${PG_URL%/*}/$name
		dbargs=(--db "$dburl")
	fi
	"$P2HAM" init --data-dir "$data" "${dbargs[@]}" >/dev/null 2>&1
	"$P2HAM" demo --data-dir "$data" "${dbargs[@]}" >/dev/null 2>&1
	"$P2HAM" survey use --data-dir "$data" "${dbargs[@]}" unit "$UNIT" ikm-permenpanrb-14-2017 >/dev/null
	# Every request comes from 127.0.0.1: the per-address limit, meant for
	# the public, would refuse nearly all of them.
	"$P2HAM" setting set --data-dir "$data" "${dbargs[@]}" form.rate_max 0 >/dev/null
	port=$(bench_free_port)
	"$P2HAM" serve --data-dir "$data" "${dbargs[@]}" --listen "127.0.0.1:$port" \
		>"$WORK/serve-$backend.log" 2>&1 &
	PIDS+=($!)
	for _ in $(seq 50); do
		curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
		sleep 0.2
	done
	before=$(kept "$backend" "$data" "$dburl")
	acked=0
	for conns in $CONNS; do
		prps=() pp99=() nrps=() np99=() bad=0
		for round in $(seq "$ROUNDS"); do
			tokens=$WORK/tokens
			"$TOKENS_BIN" "$data" "$UNIT" $((DURATION * 60000)) >"$tokens"
			read -r rps p99 b ok < <(run_wrk "http://127.0.0.1:$port/survei/$UNIT" "$conns" "$tokens")
			prps+=("$rps") pp99+=("$p99") bad=$((bad + b)) acked=$((acked + ok))
			read -r rps p99 b ok < <(run_wrk "http://127.0.0.1:$NGINX_PORT/survei/$UNIT" "$conns" "$tokens")
			nrps+=("$rps") np99+=("$p99")
		done
		mp=$(bench_median "${prps[@]}") mn=$(bench_median "${nrps[@]}")
		echo "| $backend | $conns | $mp | $(bench_median "${pp99[@]}") | $mn |" \
			"$(bench_median "${np99[@]}") | $(bench_ratio "$mp" "$mn") | $bad |"
	done
	kill "${PIDS[-1]}"
	wait "${PIDS[-1]}" 2>/dev/null || true
	after=$(kept "$backend" "$data" "$dburl")
	check=ok
	"$P2HAM" survey recount --check --data-dir "$data" "${dbargs[@]}" >"$WORK/recount.log" 2>&1 ||
		check="DIFFERENCES: $(head -c 300 "$WORK/recount.log")"
	echo
	echo "$backend: $((after - before)) answers kept for $acked acknowledged (303); recount --check: $check"
	echo
	if [ "$backend" = postgresql ]; then
		psql -X -q "$PG_URL" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
	fi
done
echo "machine: $(bench_machine)"
echo "load average before the end: $(cut -d' ' -f1-3 /proc/loadavg)"
