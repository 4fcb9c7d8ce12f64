# lib.sh - what the benchmark scripts share, sourced by them (bash): a free
# loopback port, nginx as the ceiling, one bounded wrk run reduced to its
# figures, the median of rounds, and a description of the machine.
#
# The ceiling: nginx on 127.0.0.1 serving a 21-byte static file at
# /ceiling.txt and answering any POST under /survei/ with 204, started by
# bench_nginx_start and stopped by bench_nginx_stop (the caller's cleanup).

# A TCP port on 127.0.0.1 that nobody listens on right now.
bench_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Start nginx in directory $1 (made, must be writable) on a free port;
# prints the port.
bench_nginx_start() {
	local dir=$1 port
	port=$(bench_free_port)
	mkdir -p "$dir/root" "$dir/tmp"
	printf 'p2ham bench ceiling.\n' >"$dir/root/ceiling.txt" # 21 bytes
	cat >"$dir/nginx.conf" <<EOF
worker_processes auto;
daemon on;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
user root;
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path $dir/tmp/body;
	proxy_temp_path $dir/tmp/proxy;
	fastcgi_temp_path $dir/tmp/fastcgi;
	uwsgi_temp_path $dir/tmp/uwsgi;
	scgi_temp_path $dir/tmp/scgi;
	server {
		listen 127.0.0.1:$port reuseport;
		root $dir/root;
		location /survei/ { return 204; }
	}
}
EOF
	nginx -c "$dir/nginx.conf" -p "$dir" >/dev/null 2>&1 || return 1
	echo "$port"
}

bench_nginx_stop() {
	[ -f "$1/nginx.pid" ] && kill "$(cat "$1/nginx.pid")" 2>/dev/null || true
}

# "12.34ms" -> milliseconds.
bench_to_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
		if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
		printf "%.2f", n }'
}

# One wrk run, bounded in time: bench_wrk URL CONNS SECONDS LOG [wrk args...]
# prints "rps p99ms failed" (failed: non-2xx/3xx answers, socket errors
# and timeouts; a run that did not finish counts as 0 req/s). Every
# request says the encodings a browser accepts (BENCH_ENCODING, "gzip,
# deflate, br"; empty: none), to the ceiling as to the pages, so a page is
# measured as people receive it.
bench_wrk() {
	local url=$1 conns=$2 secs=$3 log=$4 out rps p99 bad errs enc=()
	shift 4
	[ -z "${BENCH_ENCODING-gzip, deflate, br}" ] ||
		enc=(-H "Accept-Encoding: ${BENCH_ENCODING-gzip, deflate, br}")
	out=$(timeout $((secs + 30)) wrk -t "${BENCH_WRK_THREADS:-2}" -c "$conns" -d "${secs}s" \
		--timeout 5s --latency "${enc[@]}" "$@" "$url" 2>&1) || true
	printf '%s\n%s\n' "== $url c=$conns $*" "$out" >>"$log"
	rps=$(echo "$out" | awk '/^Requests\/sec:/ { print $2 }')
	p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
	bad=$(echo "$out" | awk '/Non-2xx or 3xx responses:/ { print $5 }')
	errs=$(echo "$out" | awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }')
	echo "${rps:-0} $(bench_to_ms "${p99:-0}") $((${bad:-0} + ${errs:-0}))"
}

# Wait (at most two minutes) until the server at BASE answers /healthz
# within a second: a slow page leaves requests wrk gave up on still being
# worked off, and the next figure must not pay for them. bench_drain BASE
bench_drain() {
	local i
	for i in $(seq 120); do
		curl -s -o /dev/null -m 1 "$1/healthz" && return 0
		sleep 1
	done
	echo "bench: $1 still busy after two minutes" >&2
}

# The median of the numbers given.
bench_median() {
	printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

# 100 * a / b as "NN%".
bench_ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "-" }'
}

# One line about the machine and the tools.
bench_machine() {
	echo "$(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo))," \
		"$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) memory;" \
		"$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), nginx $(nginx -v 2>&1 | cut -d/ -f2)," \
		"libmicrohttpd $(dpkg-query -W -f '${Version}' libmicrohttpd12 2>/dev/null || echo '?')," \
		"SQLite $(sqlite3 --version | cut -d' ' -f1), PostgreSQL $(psql --version | awk '{ print $3 }')"
}

# One value from the database of the current backend ($backend, with
# $data for SQLite or $dburl for PostgreSQL).
query() {
	if [ "$backend" = sqlite ]; then
		sqlite3 "$data/p2ham.db" "$1"
	else
		psql -X -q -A -t "$dburl" -c "$1"
	fi
}
