#!/bin/bash
# survey_probe.sh - where a survey post's time goes under load: one wrk run
# of survey posts (bench/post.lua) against a fresh `p2ham serve` on SQLite,
# then side by side wrk's latency (from the client), the server's own
# (its access log, from the request line to the reply sent) and the
# writer's (batches, answers a batch, time a batch takes to write and
# commit, from /metrics). wrk's minus the server's is time the request
# waited before the server read it; the server's minus the writer's is
# time in the HTTP workers (reading, the checks, the reply).
#
#   bench/survey_probe.sh [--build DIR] [--conns N] [--duration SECONDS]
#
# Needs wrk and the build.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$ROOT/build
CONNS=256
DURATION=4
UNIT=2 # the demo's immigration office of Gorontalo

while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$2; shift 2 ;;
	--conns) CONNS=$2; shift 2 ;;
	--duration) DURATION=$2; shift 2 ;;
	*) echo "usage: $0 [--build DIR] [--conns N] [--duration S]" >&2; exit 2 ;;
	esac
done

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

WORK=$(mktemp -d /tmp/p2ham-probe.XXXXXX)
SERVER=
cleanup() {
	[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

data=$WORK/data
"$BUILD/p2ham" init --data-dir "$data" >/dev/null 2>&1
"$BUILD/p2ham" demo --data-dir "$data" >/dev/null 2>&1
"$BUILD/p2ham" survey use --data-dir "$data" unit "$UNIT" ikm-permenpanrb-14-2017 >/dev/null
"$BUILD/p2ham" setting set --data-dir "$data" form.rate_max 0 >/dev/null
port=$(bench_free_port)
"$BUILD/p2ham" serve --data-dir "$data" --listen "127.0.0.1:$port" >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 50); do
	curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
	sleep 0.2
done
"$BUILD/bench/survey_tokens" "$data" "$UNIT" $((DURATION * 60000)) >"$WORK/tokens"
metrics() {
	curl -s "http://127.0.0.1:$port/metrics" |
		awk '/^p2ham_survey_(answers|batches|commit_seconds)_total / { printf "%s ", $2 } END { print "" }'
}
read -r kept0 batches0 commit0 < <(metrics)
start=$(date +%s.%N)
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
TOKENS=$WORK/tokens THREADS=2 wrk -t 2 -c "$CONNS" -d "${DURATION}s" --timeout 5s --latency \
	-s "$ROOT/bench/post.lua" "http://127.0.0.1:$port/survei/$UNIT" >"$WORK/wrk.out" 2>&1 || true
read -r kept1 batches1 commit1 < <(metrics)
secs=$(echo "$(date +%s.%N) - $start" | bc)
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '/^Requests\/sec:/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
	END { printf "wrk: %s req/s, p50 %s, p99 %s\n", rps, p50, p99 }' "$WORK/wrk.out"
grep 'route=/survei/{id} status=303' "$WORK/serve.log" | sed 's/.* ms=\([0-9.]*\).*/\1/' |
	sort -n | awk '{ a[NR] = $1 } END { if (NR) printf "server: %d posts, p50 %s ms, p90 %s ms, p99 %s ms, max %s ms\n",
		NR, a[int(NR * .5) + 1], a[int(NR * .9) + 1], a[int(NR * .99) + 1], a[NR] }'
awk -v k=$((kept1 - kept0)) -v b=$((batches1 - batches0)) -v c="$commit0" -v d="$commit1" -v s="$secs" \
	'BEGIN { if (b) printf "writer: %d batches, %.1f answers a batch, %.2f ms a batch, busy %.0f%% of %.1f s\n",
		b, k / b, (d - c) * 1000 / b, (d - c) * 100 / s, s }'
