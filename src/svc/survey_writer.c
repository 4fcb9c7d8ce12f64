/*
 * survey_writer.c - the survey's group-commit writer (see survey_writer.h).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "base/log.h"
#include "svc/survey_tally.h"
#include "svc/survey_writer.h"

#define SLOTS (SURVEY_NONCES_GEN * 2) /* open addressing at half load */

/* A nonce as two 64-bit halves; {0, 0} is an empty slot. */
struct nonce {
	uint64_t hi, lo;
};

struct nonce_gen {
	struct nonce *slot; /* SLOTS entries */
	size_t n;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t queued; /* the writer waits for work */
	pthread_cond_t done;   /* submitters wait for their batch */
	struct survey_submission *head, *tail;
	bool running, stopping;
	pthread_t thread;
	struct db *db;
	struct nonce_gen gen[2]; /* [0] current, [1] previous */
} w = { .lock = PTHREAD_MUTEX_INITIALIZER,
	.queued = PTHREAD_COND_INITIALIZER,
	.done = PTHREAD_COND_INITIALIZER };

static _Atomic uint64_t m_kept, m_replays, m_batches, m_failed, m_commit_us;

static int
nonce_parse(const char *hex, struct nonce *n)
{
	size_t i;

	n->hi = n->lo = 0;
	if (hex == NULL || strlen(hex) != 32)
		return -1;
	for (i = 0; i < 32; i++) {
		unsigned d;
		char c = hex[i];

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else
			return -1;
		if (i < 16)
			n->hi = n->hi << 4 | d;
		else
			n->lo = n->lo << 4 | d;
	}
	if (n->hi == 0 && n->lo == 0)
		n->lo = 1; /* keep {0, 0} for empty */
	return 0;
}

static bool
gen_has(const struct nonce_gen *g, const struct nonce *n)
{
	size_t i = (size_t)(n->hi ^ n->lo) % SLOTS;

	if (g->slot == NULL)
		return false;
	for (;; i = (i + 1) % SLOTS) {
		if (g->slot[i].hi == 0 && g->slot[i].lo == 0)
			return false;
		if (g->slot[i].hi == n->hi && g->slot[i].lo == n->lo)
			return true;
	}
}

static bool
nonce_seen(const struct nonce *n)
{
	return gen_has(&w.gen[0], n) || gen_has(&w.gen[1], n);
}

/*
 * A generation's table, mapped rather than allocated: the system hands
 * its pages out zeroed as slots are first written, so a server that has
 * taken few answers holds few of its 32 MiB, and clearing it gives the
 * pages back. NULL when out of memory.
 */
static struct nonce *
slots_map(void)
{
	void *p = mmap(NULL, SLOTS * sizeof(struct nonce), PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p != MAP_FAILED ? p : NULL;
}

static void
slots_clear(struct nonce *s)
{
	if (madvise(s, SLOTS * sizeof(*s), MADV_DONTNEED) != 0)
		memset(s, 0, SLOTS * sizeof(*s));
}

static void
slots_unmap(struct nonce *s)
{
	if (s != NULL)
		munmap(s, SLOTS * sizeof(*s));
}

/* Remember n; when the current generation is full the previous one is
 * forgotten and the current becomes the previous. */
static void
nonce_add(const struct nonce *n)
{
	struct nonce_gen *g = &w.gen[0], old;
	size_t i;

	if (g->n >= SURVEY_NONCES_GEN) {
		old = w.gen[1];
		w.gen[1] = w.gen[0];
		if (old.slot != NULL)
			slots_clear(old.slot);
		old.n = 0;
		w.gen[0] = old;
	}
	if (g->slot == NULL && (g->slot = slots_map()) == NULL)
		return;
	for (i = (size_t)(n->hi ^ n->lo) % SLOTS;
	     g->slot[i].hi != 0 || g->slot[i].lo != 0; i = (i + 1) % SLOTS)
		if (g->slot[i].hi == n->hi && g->slot[i].lo == n->lo)
			return;
	g->slot[i] = *n;
	g->n++;
}

/* Reload the nonces of the newest answers, oldest first. */
static int
nonces_load(struct db_conn *c, struct err *e)
{
	json_t *rows = NULL;
	struct nonce n;
	size_t i;

	if (db_exec(c, DB_SURVEY_NONCES_TAIL,
		(struct db_param[]){ DBP_INT(SURVEY_NONCES_GEN) }, 1, &rows, e) < 0)
		return -1;
	for (i = json_array_size(rows); i-- > 0;)
		if (nonce_parse(json_string_value(
				    json_object_get(json_array_get(rows, i), "nonce")),
			&n) == 0)
			nonce_add(&n);
	log_info("event=survey_writer_start nonces=%zu", json_array_size(rows));
	json_decref(rows);
	return 0;
}

#define JSON_ROWS_MAX 1000 /* rows in one statement's JSON array */

/* Run st with the JSON array rows as its parameter; rows is released.
 * Every row must have been made (bad: one could not be). */
static int
json_rows_exec(struct db_conn *c, enum db_stmt st, json_t *rows, bool bad, struct err *e)
{
	char *text;
	int rc;

	text = rows != NULL && !bad ? json_dumps(rows, JSON_COMPACT) : NULL;
	json_decref(rows);
	if (text == NULL) {
		err_set(e, ERR_NOMEM, "survey rows do not fit in JSON text");
		return -1;
	}
	rc = db_exec(c, st, (struct db_param[]){ DBP_TEXT(text) }, 1, NULL, e);
	free(text);
	return rc;
}

/* The kinds of counter, in the order tallies_write takes them. */
enum tally_kind { TALLY_VALUE, TALLY_OPTION, TALLY_RESPONDENTS, TALLY_KINDS };

/* The JSON row of a counter t of kind k, as its statement reads it. */
static json_t *
tally_row(enum tally_kind k, const struct tally *t)
{
	switch (k) {
	case TALLY_VALUE:
		return json_pack("{s:I, s:s, s:s, s:i, s:I}", "unit_id",
		    (json_int_t)t->unit, "period", t->period, "element", t->a, "value",
		    t->value, "n", (json_int_t)t->n);
	case TALLY_OPTION:
		return json_pack("{s:I, s:s, s:s, s:s, s:I}", "unit_id",
		    (json_int_t)t->unit, "period", t->period, "field", t->a, "option",
		    t->b, "n", (json_int_t)t->n);
	default:
		return json_pack("{s:I, s:s, s:I, s:s}", "unit_id", (json_int_t)t->unit,
		    "period", t->period, "n", (json_int_t)t->n, "last_at", t->last_at);
	}
}

/* One statement per kind and up to JSON_ROWS_MAX counters (PostgreSQL). */
static int
tallies_write_json(struct db_conn *c, const struct tally *const t[TALLY_KINDS],
    const size_t n[TALLY_KINDS], struct err *e)
{
	static const enum db_stmt st[TALLY_KINDS] = { DB_SURVEY_COUNTS_ADD,
		DB_SURVEY_PROFILES_ADD, DB_SURVEY_RESPONDENTS_ADDS };
	enum tally_kind k;
	json_t *rows;
	size_t i, j;
	bool bad;

	for (k = 0; k < TALLY_KINDS; k++)
		for (i = 0; i < n[k]; i = j) {
			rows = json_array();
			bad = false;
			for (j = i; j < n[k] && j - i < JSON_ROWS_MAX; j++)
				bad |= json_array_append_new(rows, tally_row(k, &t[k][j])) < 0;
			if (json_rows_exec(c, st[k], rows, bad, e) < 0)
				return -1;
		}
	return 0;
}

/* The parameters of counter t of kind k for its statement of one row
 * (SQLite); their count. */
static size_t
tally_params(enum tally_kind k, const struct tally *t, struct db_param p[5])
{
	p[0] = DBP_INT(t->unit);
	p[1] = DBP_TEXT(t->period);
	switch (k) {
	case TALLY_VALUE:
		p[2] = DBP_TEXT(t->a);
		p[3] = DBP_INT(t->value);
		p[4] = DBP_INT(t->n);
		return 5;
	case TALLY_OPTION:
		p[2] = DBP_TEXT(t->a);
		p[3] = DBP_TEXT(t->b);
		p[4] = DBP_INT(t->n);
		return 5;
	default:
		p[2] = DBP_INT(t->n);
		p[3] = DBP_TEXT(t->last_at);
		return 4;
	}
}

int
tallies_write(struct db_conn *c, const struct tally *tv, size_t nv,
    const struct tally *to, size_t no, const struct tally *tr, size_t nr, struct err *e)
{
	static const enum db_stmt st[TALLY_KINDS] = { DB_SURVEY_COUNT_ADD,
		DB_SURVEY_PROFILE_ADD, DB_SURVEY_RESPONDENTS_ADD };
	const struct tally *const t[TALLY_KINDS] = { tv, to, tr };
	const size_t n[TALLY_KINDS] = { nv, no, nr };
	struct db_param p[5];
	enum tally_kind k;
	size_t i, np;

	/* A statement is a round trip on PostgreSQL, a call on SQLite. */
	if (db_conn_backend(c) == DB_POSTGRES)
		return tallies_write_json(c, t, n, e);
	for (k = 0; k < TALLY_KINDS; k++)
		for (i = 0; i < n[k]; i++) {
			np = tally_params(k, &t[k][i], p);
			if (db_exec(c, st[k], p, np, NULL, e) < 0)
				return -1;
		}
	return 0;
}

/* The answers s[0..n) into the open transaction: one statement for them
 * all on PostgreSQL, one each on SQLite. */
static int
write_answers(struct db_conn *c, struct survey_submission **b, size_t n, struct err *e)
{
	json_t *rows;
	size_t i;
	bool bad = false;

	if (db_conn_backend(c) == DB_POSTGRES) {
		rows = json_array();
		for (i = 0; i < n; i++)
			bad |=
			    json_array_append_new(rows,
				json_pack("{s:I, s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:s}",
				    "unit_id", (json_int_t)b[i]->unit_id, "instrument_id",
				    (json_int_t)b[i]->instrument_id, "period", b[i]->period,
				    "answered_at", b[i]->answered_at, "service_id",
				    b[i]->service_id > 0 ? json_integer(b[i]->service_id)
							 : json_null(),
				    "answers", b[i]->answers, "profile", b[i]->profile,
				    "suggestion", b[i]->suggestion, "nonce", b[i]->nonce)) < 0;
		return json_rows_exec(c, DB_SURVEY_ANSWERS_ADD, rows, bad, e);
	}
	for (i = 0; i < n; i++) {
		const struct survey_submission *s = b[i];

		if (db_exec(c, DB_SURVEY_ANSWER_ADD,
			(struct db_param[]){ DBP_INT(s->unit_id), DBP_INT(s->instrument_id),
			    DBP_TEXT(s->period), DBP_TEXT(s->answered_at),
			    DBP_ID(s->service_id), DBP_TEXT(s->answers), DBP_TEXT(s->profile),
			    DBP_TEXT(s->suggestion), DBP_TEXT(s->nonce) },
			9, NULL, e) < 0)
			return -1;
	}
	return 0;
}

/*
 * On PostgreSQL, where several servers may take answers, record the nonces
 * of b[0..n) in the open transaction; an answer whose nonce is recorded
 * already (another server took the same token) becomes SURVEY_REPLAY. On
 * SQLite the writer's memory is the only one there is.
 */
static int
take_nonces(struct db_conn *c, struct survey_submission **b, size_t n, struct err *e)
{
	json_t *list, *rows = NULL, *row;
	char *text;
	size_t i, j;
	bool fresh;
	int rc;

	if (db_conn_backend(c) != DB_POSTGRES)
		return 0;
	if ((list = json_array()) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		if (json_array_append_new(list, json_string(b[i]->nonce)) < 0) {
			json_decref(list);
			err_set(e, ERR_NOMEM, "out of memory");
			return -1;
		}
	text = json_dumps(list, JSON_COMPACT);
	json_decref(list);
	if (text == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	rc = db_exec(c, DB_SURVEY_NONCES_TAKE,
	    (struct db_param[]){ DBP_TEXT(text), DBP_INT((int64_t)time(NULL)) }, 2, &rows, e);
	free(text);
	if (rc < 0)
		return -1;
	/* The batch's nonces are distinct: a row for each means no replay,
	 * the usual case, and only a rare replay costs the search. */
	for (i = 0; json_array_size(rows) < n && i < n; i++) {
		fresh = false;
		json_array_foreach(rows, j, row)
			if (strcmp(json_string_value(json_object_get(row, "nonce")),
				b[i]->nonce) == 0) {
				fresh = true;
				break;
			}
		if (!fresh) {
			b[i]->outcome = SURVEY_REPLAY;
			atomic_fetch_add(&m_replays, 1);
		}
	}
	json_decref(rows);
	return 0;
}

/* The batch's counters into its transaction. */
static int
write_counters(struct db_conn *c, struct survey_submission **b, size_t n, struct err *e)
{
	size_t cap = 0, nv = 0, no = 0, nr = 0, i, k;
	struct tally *tv, *to, *tr;
	const char *period = NULL;
	int rc = -1;

	for (i = 0; i < n; i++)
		cap += b[i]->value_count + b[i]->option_count + 1;
	tv = calloc(cap, sizeof(*tv));
	to = calloc(cap, sizeof(*to));
	tr = calloc(n + 1, sizeof(*tr));
	if (tv == NULL || to == NULL || tr == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++) {
		const struct survey_submission *s = b[i];

		/* One copy of each period's text for the batch's keys. */
		if (period == NULL || strcmp(period, s->period) != 0)
			period = s->period;
		for (k = 0; k < s->value_count; k++)
			tv[nv++] = (struct tally){ s->unit_id, period, s->elements[k],
				NULL, s->values[k], 1, s->answered_at };
		for (k = 0; k < s->option_count; k++)
			to[no++] = (struct tally){ s->unit_id, period, s->fields[k],
				s->options[k], 0, 1, s->answered_at };
		tr[nr++] = (struct tally){ s->unit_id, period, NULL, NULL, 0, 1,
			s->answered_at };
	}
	nv = tally_merge(tv, nv);
	no = tally_merge(to, no);
	nr = tally_merge(tr, nr);
	rc = tallies_write(c, tv, nv, to, no, tr, nr, e);
done:
	free(tv);
	free(to);
	free(tr);
	return rc;
}

/* Write the batch b[0..n) in one transaction; outcomes set on each. */
static void
write_batch(struct db_conn *c, struct survey_submission **b, size_t n)
{
	struct survey_submission *keep[SURVEY_BATCH_MAX];
	struct nonce nn[SURVEY_BATCH_MAX];
	struct timespec t0, t1;
	size_t i, j, k = 0;
	struct err e;

	err_clear(&e);
	for (i = 0; i < n; i++) {
		bool dup = nonce_parse(b[i]->nonce, &nn[k]) < 0 || nonce_seen(&nn[k]);

		for (j = 0; !dup && j < k; j++)
			dup = nn[j].hi == nn[k].hi && nn[j].lo == nn[k].lo;
		if (dup) {
			b[i]->outcome = SURVEY_REPLAY;
			atomic_fetch_add(&m_replays, 1);
		} else
			keep[k++] = b[i];
	}
	if (k == 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (db_begin(c, &e) < 0 || take_nonces(c, keep, k, &e) < 0)
		goto fail;
	/* The replays the database found count nowhere. */
	for (i = 0, j = 0; i < k; i++)
		if (keep[i]->outcome != SURVEY_REPLAY) {
			nn[j] = nn[i];
			keep[j++] = keep[i];
		}
	k = j;
	if ((k > 0 && (write_answers(c, keep, k, &e) < 0 || write_counters(c, keep, k, &e) < 0)) ||
	    db_commit(c, &e) < 0)
		goto fail;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	atomic_fetch_add(&m_commit_us,
	    (uint64_t)((t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000));
	atomic_fetch_add(&m_batches, 1);
	atomic_fetch_add(&m_kept, k);
	for (i = 0; i < k; i++) {
		nonce_add(&nn[i]);
		keep[i]->outcome = SURVEY_KEPT;
	}
	return;
fail:
	db_rollback(c);
	atomic_fetch_add(&m_failed, 1);
	log_warn("event=survey_batch_failed answers=%zu error=\"%s\"", k, e.msg);
	for (i = 0; i < k; i++) {
		keep[i]->err = e;
		keep[i]->outcome = SURVEY_FAILED;
	}
}

static void *
writer_main(void *arg)
{
	struct survey_submission *b[SURVEY_BATCH_MAX], *s;
	struct {
		void (*fn)(void *);
		void *arg;
	} cb[SURVEY_BATCH_MAX];
	struct db_conn *c = arg;
	size_t n, i, k;

	pthread_mutex_lock(&w.lock);
	for (;;) {
		while (w.head == NULL && !w.stopping)
			pthread_cond_wait(&w.queued, &w.lock);
		if (w.head == NULL && w.stopping)
			break;
		for (n = 0; w.head != NULL && n < SURVEY_BATCH_MAX; n++) {
			s = w.head;
			w.head = s->next;
			b[n] = s;
		}
		if (w.head == NULL)
			w.tail = NULL;
		pthread_mutex_unlock(&w.lock);
		write_batch(c, b, n);
		/* Waiters on their stacks may leave once woken: take the
		 * callbacks first. */
		for (k = 0, i = 0; i < n; i++)
			if (b[i]->done != NULL) {
				cb[k].fn = b[i]->done;
				cb[k++].arg = b[i]->done_arg;
			}
		pthread_mutex_lock(&w.lock);
		pthread_cond_broadcast(&w.done);
		pthread_mutex_unlock(&w.lock);
		for (i = 0; i < k; i++)
			cb[i].fn(cb[i].arg);
		pthread_mutex_lock(&w.lock);
	}
	pthread_mutex_unlock(&w.lock);
	return NULL;
}

/* The writer's connection must be its own thread's: it opens it there.
 * The start_arg lives on the starter's stack, which is gone the moment
 * the starter sees ready: the writer reads nothing of it afterwards. */
struct start_arg {
	struct db *db;
	struct err *e;
	int rc;
	bool ready;
};

static void *
writer_boot(void *arg)
{
	struct start_arg *sa = arg;
	struct db_conn *c = db_conn(sa->db, sa->e);
	int rc = c == NULL || nonces_load(c, sa->e) < 0 ? -1 : 0;

	pthread_mutex_lock(&w.lock);
	sa->rc = rc;
	sa->ready = true;
	pthread_cond_broadcast(&w.done);
	pthread_mutex_unlock(&w.lock);
	if (rc < 0)
		return NULL;
	return writer_main(c);
}

int
survey_writer_start(struct db *db, struct err *e)
{
	struct start_arg sa = { .db = db, .e = e };

	if (w.running)
		return 0;
	w.db = db;
	w.stopping = false;
	if (pthread_create(&w.thread, NULL, writer_boot, &sa) != 0) {
		err_set(e, ERR_INTERNAL, "cannot start the survey writer");
		return -1;
	}
	pthread_mutex_lock(&w.lock);
	while (!sa.ready)
		pthread_cond_wait(&w.done, &w.lock);
	pthread_mutex_unlock(&w.lock);
	if (sa.rc < 0) {
		pthread_join(w.thread, NULL);
		return -1;
	}
	w.running = true;
	return 0;
}

void
survey_writer_stop(void)
{
	if (!w.running)
		return;
	pthread_mutex_lock(&w.lock);
	w.stopping = true;
	pthread_cond_signal(&w.queued);
	pthread_mutex_unlock(&w.lock);
	pthread_join(w.thread, NULL);
	w.running = false;
	slots_unmap(w.gen[0].slot);
	slots_unmap(w.gen[1].slot);
	memset(w.gen, 0, sizeof(w.gen));
}

bool
survey_writer_running(void)
{
	return w.running;
}

/* Put s, pending, at the tail of the queue and wake the writer, w.lock
 * held; false with s->err when the writer does not run. */
static bool
queue_locked(struct survey_submission *s)
{
	s->next = NULL;
	s->outcome = SURVEY_PENDING;
	err_clear(&s->err);
	if (!w.running || w.stopping) {
		err_set(&s->err, ERR_NOMEM, "the survey writer is not running");
		return false;
	}
	if (w.tail != NULL)
		w.tail->next = s;
	else
		w.head = s;
	w.tail = s;
	pthread_cond_signal(&w.queued);
	return true;
}

bool
survey_writer_enqueue(struct survey_submission *s)
{
	bool queued;

	pthread_mutex_lock(&w.lock);
	queued = queue_locked(s);
	pthread_mutex_unlock(&w.lock);
	if (!queued)
		s->outcome = SURVEY_FAILED;
	return queued;
}

enum survey_outcome
survey_writer_submit(struct survey_submission *s)
{
	s->done = NULL;
	pthread_mutex_lock(&w.lock);
	if (!queue_locked(s)) {
		pthread_mutex_unlock(&w.lock);
		return SURVEY_FAILED;
	}
	while (s->outcome == SURVEY_PENDING)
		pthread_cond_wait(&w.done, &w.lock);
	pthread_mutex_unlock(&w.lock);
	return (enum survey_outcome)s->outcome;
}

enum survey_outcome
survey_write_direct(struct db_conn *c, struct survey_submission *s)
{
	s->next = NULL;
	s->outcome = SURVEY_PENDING;
	err_clear(&s->err);
	pthread_mutex_lock(&w.lock); /* the replay memory is the writer's */
	write_batch(c, &s, 1);
	pthread_mutex_unlock(&w.lock);
	return (enum survey_outcome)s->outcome;
}

void
survey_writer_metrics(struct buf *out)
{
	buf_printf(out,
	    "# HELP p2ham_survey_answers_total Survey answers kept (durable).\n"
	    "# TYPE p2ham_survey_answers_total counter\n"
	    "p2ham_survey_answers_total %llu\n"
	    "# HELP p2ham_survey_replays_total Survey answers refused by the writer "
	    "as replays.\n"
	    "# TYPE p2ham_survey_replays_total counter\n"
	    "p2ham_survey_replays_total %llu\n"
	    "# HELP p2ham_survey_batches_total Transactions the survey writer "
	    "committed.\n"
	    "# TYPE p2ham_survey_batches_total counter\n"
	    "p2ham_survey_batches_total %llu\n"
	    "# HELP p2ham_survey_batches_failed_total Survey batches rolled back.\n"
	    "# TYPE p2ham_survey_batches_failed_total counter\n"
	    "p2ham_survey_batches_failed_total %llu\n"
	    "# HELP p2ham_survey_commit_seconds_total Time the survey writer spent "
	    "writing and committing.\n"
	    "# TYPE p2ham_survey_commit_seconds_total counter\n"
	    "p2ham_survey_commit_seconds_total %.6f\n",
	    (unsigned long long)atomic_load(&m_kept),
	    (unsigned long long)atomic_load(&m_replays),
	    (unsigned long long)atomic_load(&m_batches),
	    (unsigned long long)atomic_load(&m_failed),
	    (double)atomic_load(&m_commit_us) / 1e6);
}
