/*
 * metrics.c - Prometheus counters and histograms for the HTTP server.
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "http/metrics.h"

/* clang-format off */
static const int statuses[] = {
	200, 201, 204, 301, 302, 303, 304, 400, 401, 403, 404, 405, 409,
	413, 414, 415, 422, 429, 431, 500, 501, 503,
};
/* clang-format on */
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]))
#define SLOT_OTHER NSTATUS /* any status not listed above */
#define NSLOTS (NSTATUS + 1)

/* clang-format off */
static const double buckets[] = {
	0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
};
/* clang-format on */
#define NBUCKETS (sizeof(buckets) / sizeof(buckets[0]))

struct metrics_row {
	_Atomic uint64_t by_status[NSLOTS]; /* requests answered per status */
	_Atomic uint64_t le[NBUCKETS];      /* observations <= bucket bound */
	_Atomic uint64_t count;             /* all observations */
	_Atomic uint64_t micros;            /* sum of durations in microseconds */
};

static struct {
	const struct route *routes; /* the route table, for labels */
	size_t count;               /* rows - 1 */
	struct metrics_row *rows;   /* [count] is the unmatched row */
} m;

int
metrics_init(const struct route *routes, size_t count)
{
	if ((m.rows = calloc(count + 1, sizeof(*m.rows))) == NULL)
		return -1;
	m.routes = routes;
	m.count = count;
	return 0;
}

void
metrics_free(void)
{
	free(m.rows);
	m.rows = NULL;
}

void
metrics_observe(int route_index, int status, double seconds)
{
	struct metrics_row *r;
	size_t i, slot = SLOT_OTHER;

	if (m.rows == NULL)
		return;
	r = &m.rows[route_index >= 0 && (size_t)route_index < m.count ? (size_t)route_index : m.count];
	for (i = 0; i < NSTATUS; i++)
		if (statuses[i] == status) {
			slot = i;
			break;
		}
	atomic_fetch_add_explicit(&r->by_status[slot], 1, memory_order_relaxed);
	for (i = 0; i < NBUCKETS; i++)
		if (seconds <= buckets[i])
			atomic_fetch_add_explicit(&r->le[i], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&r->count, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&r->micros, (uint64_t)(seconds * 1e6), memory_order_relaxed);
}

static const char *
row_label(size_t i)
{
	return i < m.count ? m.routes[i].pattern : "unmatched";
}

static const char *
row_method(size_t i)
{
	return i < m.count ? http_method_name(m.routes[i].method) : "any";
}

void
metrics_write(struct buf *out, uint64_t db_errors)
{
	size_t i, s, b;
	uint64_t v;

	buf_puts(out,
	    "# HELP p2ham_http_requests_total HTTP requests answered, by route and "
	    "status.\n"
	    "# TYPE p2ham_http_requests_total counter\n");
	for (i = 0; m.rows != NULL && i <= m.count; i++)
		for (s = 0; s < NSLOTS; s++) {
			v = atomic_load_explicit(&m.rows[i].by_status[s], memory_order_relaxed);
			if (v == 0)
				continue;
			if (s == SLOT_OTHER)
				buf_printf(out, "p2ham_http_requests_total{method=\"%s\",route=\"%s\",status=\"other\"} %llu\n",
				    row_method(i), row_label(i), (unsigned long long)v);
			else
				buf_printf(out, "p2ham_http_requests_total{method=\"%s\",route=\"%s\",status=\"%d\"} %llu\n",
				    row_method(i), row_label(i), statuses[s],
				    (unsigned long long)v);
		}
	buf_puts(out,
	    "# HELP p2ham_http_request_duration_seconds Time from request to response, "
	    "by route.\n"
	    "# TYPE p2ham_http_request_duration_seconds histogram\n");
	for (i = 0; m.rows != NULL && i <= m.count; i++) {
		uint64_t count = atomic_load_explicit(&m.rows[i].count, memory_order_relaxed);

		if (count == 0)
			continue;
		for (b = 0; b < NBUCKETS; b++)
			buf_printf(out, "p2ham_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\",le=\"%g\"} %llu\n",
			    row_method(i), row_label(i), buckets[b],
			    (unsigned long long)atomic_load_explicit(&m.rows[i].le[b],
				memory_order_relaxed));
		buf_printf(out, "p2ham_http_request_duration_seconds_bucket{method=\"%s\",route=\"%s\",le=\"+Inf\"} %llu\n",
		    row_method(i), row_label(i), (unsigned long long)count);
		buf_printf(out, "p2ham_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} %.6f\n",
		    row_method(i), row_label(i),
		    (double)atomic_load_explicit(&m.rows[i].micros, memory_order_relaxed) / 1e6);
		buf_printf(out, "p2ham_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} %llu\n",
		    row_method(i), row_label(i), (unsigned long long)count);
	}
	buf_printf(out,
	    "# HELP p2ham_db_errors_total Database errors since start.\n"
	    "# TYPE p2ham_db_errors_total counter\n"
	    "p2ham_db_errors_total %llu\n",
	    (unsigned long long)db_errors);
}
