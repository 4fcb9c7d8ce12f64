/*
 * postgres.c - the PostgreSQL backend over libpq: one connection per thread,
 * every statement PQprepare'd under its own name when the connection opens,
 * run with PQexecPrepared and text parameters. Result columns become JSON
 * by their type OID. A connection found broken is reset and its statements
 * prepared again, once per call, except inside a transaction, where that
 * would silently split the transaction in two.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "base/log.h"
#include "db/backend.h"

/* Type OIDs from PostgreSQL's pg_type.dat; stable across versions. */
#define OID_BOOL 16
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700

struct pg_conn {
	struct db_conn base;        /* db.c's part; must be first */
	PGconn *h;                  /* the connection */
	bool prepared[DB_STMT_MAX]; /* statement is prepared on h's session */
};

static const char *const tx_sql[DB_TX_MAX] = {
	[DB_TX_BEGIN] = "BEGIN",
	[DB_TX_COMMIT] = "COMMIT",
	[DB_TX_ROLLBACK] = "ROLLBACK",
};

static struct pg_conn *
to_pg(struct db_conn *c)
{
	return (struct pg_conn *)c;
}

/* Server notices (e.g. "relation already exists, skipping") are for developers. */
static void
pg_notice(void *arg, const char *msg)
{
	char line[400];

	(void)arg;
	db_one_line(line, sizeof(line), msg);
	log_debug("event=db_notice msg=\"%s\"", line);
}

/* s for a message, or "?" when libpq does not know it. */
static const char *
or_unknown(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : "?";
}

/*
 * The one-line connect failure, naming host:port/db but never the password.
 * Only the first line of libpq's reason: the rest is a hint ("Is the server
 * running ...?") that ours replaces.
 */
static void
connect_err(PGconn *h, const char *reason, struct err *e)
{
	char msg[400];
	size_t n;

	while (reason != NULL && (*reason == '\n' || *reason == ' '))
		reason++;
	n = reason != NULL ? strcspn(reason, "\n") : 0;
	snprintf(msg, sizeof(msg), "%.*s", (int)(n < sizeof(msg) ? n : sizeof(msg) - 1),
	    reason != NULL ? reason : "");
	db_one_line(msg, sizeof(msg), msg);
	err_set(e, ERR_DB_UNAVAILABLE,
	    "cannot connect to PostgreSQL at "
	    "%s:%s/%s: %s; check --db / P2HAM_DB and that the server runs",
	    or_unknown(h != NULL ? PQhost(h) : NULL), or_unknown(h != NULL ? PQport(h) : NULL),
	    or_unknown(h != NULL ? PQdb(h) : NULL), msg);
}

/* Fill e from a failed result (res may be NULL) of what. */
static void
result_err(struct pg_conn *pc, PGresult *res, const char *what, struct err *e)
{
	const char *state, *text;
	char msg[400];

	state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	text = res != NULL ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	db_one_line(msg, sizeof(msg), text != NULL ? text : PQerrorMessage(pc->h));
	if (PQstatus(pc->h) != CONNECTION_OK ||
	    (state != NULL && (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0)))
		err_set(e, ERR_DB_UNAVAILABLE, "%s: %s", what, msg);
	else if (state != NULL && strncmp(state, "23", 2) == 0)
		err_set(e, ERR_CONFLICT, "%s: %s", what, msg);
	else if (state != NULL &&
	    (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
		strcmp(state, "55P03") == 0))
		err_set(e, ERR_DB_BUSY, "%s: %s", what, msg);
	else if (state != NULL && (strcmp(state, "42P01") == 0 || strcmp(state, "42703") == 0))
		err_set(e, ERR_DB,
		    "%s: %s; is the database migrated? "
		    "run `p2ham migrate`",
		    what, msg);
	else
		err_set(e, ERR_DB, "%s: %s", what, msg);
}

/* Prepare statement id on pc's session; -1 with e set when it does not (yet). */
static int
prepare_one(struct pg_conn *pc, enum db_stmt id, struct err *e)
{
	PGresult *res;
	char what[96];

	res = PQprepare(pc->h, db_stmt_name(id), db_stmt_sql(id, DB_POSTGRES), 0, NULL);
	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK) {
		snprintf(what, sizeof(what),
		    "statement %s does not prepare on "
		    "PostgreSQL",
		    db_stmt_name(id));
		result_err(pc, res, what, e);
		PQclear(res);
		return -1;
	}
	PQclear(res);
	pc->prepared[id] = true;
	return 0;
}

/* After (re)connecting: prepare all, leaving the not-yet-migrated for later. */
static void
prepare_quiet(struct pg_conn *pc)
{
	int i;

	memset(pc->prepared, 0, sizeof(pc->prepared));
	for (i = 0; i < DB_STMT_MAX; i++)
		prepare_one(pc, (enum db_stmt)i, NULL);
}

static void pg_close(struct db_conn *c);

static struct db_conn *
pg_open(const char *url, struct err *e)
{
	/* Our defaults first: with expand_dbname the URL, given last as
	 * dbname, overrides any of them it sets. JIT is off: our statements
	 * read a few rows by index, and compiling one whose estimate crossed
	 * jit_above_cost took hundreds of milliseconds at national scale. */
	/* clang-format off */
	static const char *const keys[] = {
		"connect_timeout", "client_encoding", "application_name",
		"options", "dbname", NULL
	};
	/* clang-format on */
	const char *vals[] = { "10", "UTF8", "p2ham", "-c jit=off", url, NULL };
	PQconninfoOption *opts;
	struct pg_conn *pc;
	char *perr = NULL;

	/* A malformed URL: libpq's reason may quote the password, so the
	 * message only points at the syntax. */
	if ((opts = PQconninfoParse(url, &perr)) == NULL) {
		PQfreemem(perr);
		err_set(e, ERR_CONFIG,
		    "cannot parse the PostgreSQL URL "
		    "(expected postgresql://user@host:port/dbname); check --db "
		    "/ P2HAM_DB");
		return NULL;
	}
	PQconninfoFree(opts);
	if ((pc = calloc(1, sizeof(*pc))) == NULL) {
		err_set(e, ERR_DB, "out of memory");
		return NULL;
	}
	pc->h = PQconnectdbParams(keys, vals, 1);
	if (pc->h == NULL) {
		err_set(e, ERR_DB, "out of memory");
		goto fail;
	}
	if (PQstatus(pc->h) != CONNECTION_OK) {
		connect_err(pc->h, PQerrorMessage(pc->h), e);
		goto fail;
	}
	PQsetNoticeProcessor(pc->h, pg_notice, NULL);
	prepare_quiet(pc);
	return &pc->base;
fail:
	pg_close(&pc->base);
	return NULL;
}

static void
pg_close(struct db_conn *c)
{
	struct pg_conn *pc = to_pg(c);

	if (pc == NULL)
		return;
	PQfinish(pc->h);
	free(pc);
}

static int
pg_ensure(struct db_conn *c, struct err *e)
{
	struct pg_conn *pc = to_pg(c);

	if (PQstatus(pc->h) == CONNECTION_OK)
		return 0;
	if (c->in_tx) {
		/* The server has rolled back; resetting here would let the
		 * rest of the transaction commit piecemeal. db_rollback
		 * resets. */
		err_set(e, ERR_DB_UNAVAILABLE,
		    "the connection to PostgreSQL "
		    "broke inside a transaction; it was rolled back");
		return -1;
	}
	log_warn("event=db_reconnect backend=postgresql");
	PQreset(pc->h);
	if (PQstatus(pc->h) != CONNECTION_OK) {
		connect_err(pc->h, PQerrorMessage(pc->h), e);
		return -1;
	}
	PQsetNoticeProcessor(pc->h, pg_notice, NULL);
	prepare_quiet(pc);
	return 0;
}

static int
pg_prepare_all(struct db_conn *c, struct err *e)
{
	struct pg_conn *pc = to_pg(c);
	int i;

	if (pg_ensure(c, e) == -1)
		return -1;
	for (i = 0; i < DB_STMT_MAX; i++)
		if (!pc->prepared[i] && prepare_one(pc, (enum db_stmt)i, e) == -1)
			return -1;
	return 0;
}

/*
 * Parameters as text: numbers printed here, text copied to get its NUL;
 * bytes (DB_T_BLOB) go as they are, in binary format, lens[i] and fmts[i]
 * saying so. vals[i] point into nums, *text or the caller's bytes (the
 * caller frees *text); NULL is SQL NULL.
 */
static int
params_text(const struct db_param *p, size_t n, const char **vals, int *lens, int *fmts,
    char nums[][32], char **text, struct err *e)
{
	size_t i, total = 0;
	char *t;

	*text = NULL;
	for (i = 0; i < n; i++)
		if (p[i].type == DB_T_TEXT)
			total += p[i].len + 1;
	if (total > 0 && (*text = malloc(total)) == NULL) {
		err_set(e, ERR_DB, "out of memory");
		return -1;
	}
	t = *text;
	for (i = 0; i < n; i++) {
		lens[i] = 0;
		fmts[i] = 0;
		switch (p[i].type) {
		case DB_T_NULL:
			vals[i] = NULL;
			break;
		case DB_T_INT:
			snprintf(nums[i], 32, "%" PRId64, p[i].i);
			vals[i] = nums[i];
			break;
		case DB_T_BOOL:
			vals[i] = p[i].i ? "true" : "false";
			break;
		case DB_T_REAL:
			if (isnan(p[i].d))
				vals[i] = "NaN";
			else if (isinf(p[i].d))
				vals[i] = p[i].d > 0 ? "Infinity" : "-Infinity";
			else {
				snprintf(nums[i], 32, "%.17g", p[i].d);
				vals[i] = nums[i];
			}
			break;
		case DB_T_TEXT:
			if (p[i].len > 0)
				memcpy(t, p[i].s, p[i].len);
			t[p[i].len] = '\0';
			vals[i] = t;
			t += p[i].len + 1;
			break;
		case DB_T_BLOB:
			vals[i] = p[i].len > 0 ? p[i].s : "";
			lens[i] = (int)p[i].len;
			fmts[i] = 1;
			break;
		default:
			err_set(e, ERR_DB,
			    "parameter $%zu has no valid "
			    "type",
			    i + 1);
			free(*text);
			*text = NULL;
			return -1;
		}
	}
	return 0;
}

/* One value of the text-format result as JSON, typed by its column's OID. */
static json_t *
value_json(const char *s, size_t len, Oid type)
{
	long long ll;
	double d;
	char *end;

	switch (type) {
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
		errno = 0;
		ll = strtoll(s, &end, 10);
		if (errno == 0 && end != s && *end == '\0')
			return json_integer((json_int_t)ll);
		break;
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC:
		/* NaN, Infinity and numerics beyond a double stay strings. */
		errno = 0;
		d = strtod(s, &end);
		if (errno == 0 && end != s && *end == '\0' && isfinite(d))
			return json_real(d);
		break;
	case OID_BOOL:
		return json_boolean(s[0] == 't');
	default:
		break;
	}
	return json_stringn(s, len);
}

/* The rows of res as a JSON array of objects; NULL with e set. */
static json_t *
result_json(PGresult *res, enum db_stmt id, struct err *e)
{
	json_t *arr, *row, *v;
	int r, f, nrows = PQntuples(res), nf = PQnfields(res);

	if ((arr = json_array()) == NULL)
		goto oom;
	for (r = 0; r < nrows; r++) {
		if ((row = json_object()) == NULL || json_array_append_new(arr, row) == -1)
			goto oom;
		for (f = 0; f < nf; f++) {
			if (PQgetisnull(res, r, f))
				v = json_null();
			else if ((v = value_json(PQgetvalue(res, r, f),
				      (size_t)PQgetlength(res, r, f), PQftype(res, f))) == NULL) {
				err_set(e, ERR_DB,
				    "statement %s: column "
				    "%s is not valid UTF-8",
				    db_stmt_name(id), PQfname(res, f));
				json_decref(arr);
				return NULL;
			}
			/* Names are the statements' own ASCII aliases. */
			if (json_object_set_new_nocheck(row, PQfname(res, f), v) == -1)
				goto oom;
		}
	}
	return arr;
oom:
	err_set(e, ERR_DB, "statement %s: out of memory", db_stmt_name(id));
	json_decref(arr);
	return NULL;
}

/*
 * Run statement id with the n parameters p: prepared, or as the text sql
 * when it is not NULL (not prepared). The result in result_fmt (0 text, 1
 * binary), the caller's to PQclear, when it has rows (or, with command_ok,
 * is a command's); NULL with e otherwise.
 */
static PGresult *
run_stmt(struct db_conn *c, enum db_stmt id, const char *sql, const struct db_param *p,
    size_t n, int result_fmt, bool command_ok, struct err *e)
{
	struct pg_conn *pc = to_pg(c);
	const char *vals[DB_PARAM_MAX];
	int lens[DB_PARAM_MAX], fmts[DB_PARAM_MAX];
	char nums[DB_PARAM_MAX][32];
	char *text = NULL;
	PGresult *res;
	ExecStatusType st;

	if (pg_ensure(c, e) == -1)
		return NULL;
	if (sql == NULL && !pc->prepared[id] && prepare_one(pc, id, e) == -1)
		return NULL;
	if (params_text(p, n, vals, lens, fmts, nums, &text, e) == -1)
		return NULL;
	res = sql != NULL
	    ? PQexecParams(pc->h, sql, (int)n, NULL, vals, lens, fmts, result_fmt)
	    : PQexecPrepared(pc->h, db_stmt_name(id), (int)n, vals, lens, fmts, result_fmt);
	free(text);
	st = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st != PGRES_TUPLES_OK && !(command_ok && st == PGRES_COMMAND_OK)) {
		result_err(pc, res, db_stmt_name(id), e);
		PQclear(res);
		return NULL;
	}
	return res;
}

static int
pg_exec(struct db_conn *c, enum db_stmt id, const struct db_param *p, size_t n,
    json_t **rows, struct err *e)
{
	PGresult *res;
	int rc = 0;

	if ((res = run_stmt(c, id, NULL, p, n, 0, true, e)) == NULL)
		return -1;
	if (rows != NULL && (*rows = result_json(res, id, e)) == NULL)
		rc = -1;
	PQclear(res);
	return rc;
}

static int
pg_explain(struct db_conn *c, enum db_stmt id, const struct db_param *p, size_t n,
    json_t **lines, struct err *e)
{
	PGresult *res = NULL;
	struct buf sql;
	json_t *arr = NULL;
	int i, rc = -1;

	buf_init(&sql, 0);
	buf_printf(&sql, "EXPLAIN (COSTS OFF) %s", db_stmt_sql(id, DB_POSTGRES));
	if (sql.failed || (arr = json_array()) == NULL) {
		err_set(e, ERR_DB, "out of memory");
		goto done;
	}
	if ((res = run_stmt(c, id, buf_cstr(&sql), p, n, 0, false, e)) == NULL)
		goto done;
	for (i = 0; i < PQntuples(res); i++)
		json_array_append_new(arr, json_string(PQgetvalue(res, i, 0)));
	*lines = arr;
	arr = NULL;
	rc = 0;
done:
	PQclear(res);
	json_decref(arr);
	buf_free(&sql);
	return rc;
}

/* pg_exec with the result in binary format: the first column of the
 * first row copied as it is into buf. */
static int
pg_blob(struct db_conn *c, enum db_stmt id, const struct db_param *p, size_t n, void *buf,
    size_t cap, size_t *len, struct err *e)
{
	PGresult *res;
	int rc = 0;

	if ((res = run_stmt(c, id, NULL, p, n, 1, false, e)) == NULL)
		return -1;
	if (PQntuples(res) >= 1 && PQnfields(res) >= 1 && !PQgetisnull(res, 0, 0))
		rc = db_blob_copy(id, PQgetvalue(res, 0, 0),
		    (size_t)PQgetlength(res, 0, 0), buf, cap, len, e);
	PQclear(res);
	return rc;
}

/* Line of the 1-based character position pos in sql, for migration errors. */
static int
line_of(const char *sql, long pos)
{
	int line = 1;
	long chars = 0;

	for (; *sql != '\0'; sql++) {
		if (((unsigned char)*sql & 0xc0) != 0x80 && ++chars >= pos)
			break;
		if (*sql == '\n')
			line++;
	}
	return line;
}

static int
pg_script(struct db_conn *c, const char *sql, struct err *e)
{
	struct pg_conn *pc = to_pg(c);
	const char *pos;
	PGresult *res;
	ExecStatusType st;
	char what[32];

	res = PQexec(pc->h, sql);
	st = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	/* Empty: a migration with nothing for PostgreSQL (all -- @sqlite). */
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
		PQclear(res);
		return 0;
	}
	pos = res != NULL ? PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION) : NULL;
	if (pos != NULL)
		snprintf(what, sizeof(what), "line %d", line_of(sql, strtol(pos, NULL, 10)));
	else
		snprintf(what, sizeof(what), "SQL");
	result_err(pc, res, what, e);
	PQclear(res);
	return -1;
}

/* Run one transaction-control command, expecting tag as its status. */
static int
run_tx(struct pg_conn *pc, enum db_tx op, struct err *e)
{
	PGresult *res = PQexec(pc->h, tx_sql[op]);
	int rc = -1;

	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK)
		result_err(pc, res, tx_sql[op], e);
	else if (strcmp(PQcmdStatus(res), tx_sql[op]) != 0)
		/* COMMIT of a failed transaction answers ROLLBACK. */
		err_set(e, ERR_DB,
		    "%s: the transaction was rolled "
		    "back after an earlier error",
		    tx_sql[op]);
	else
		rc = 0;
	PQclear(res);
	return rc;
}

static int
pg_tx(struct db_conn *c, enum db_tx op, struct err *e)
{
	struct pg_conn *pc = to_pg(c);

	switch (op) {
	case DB_TX_BEGIN:
		if (pg_ensure(c, e) == -1)
			return -1;
		return run_tx(pc, op, e);
	case DB_TX_COMMIT:
		switch (PQtransactionStatus(pc->h)) {
		case PQTRANS_INTRANS:
			return run_tx(pc, op, e);
		case PQTRANS_INERROR:
			run_tx(pc, DB_TX_ROLLBACK, NULL);
			err_set(e, ERR_DB,
			    "COMMIT: the transaction "
			    "was rolled back after an earlier error");
			return -1;
		default:
			err_set(e, ERR_DB_UNAVAILABLE,
			    "COMMIT: no "
			    "transaction open (the connection broke?); it was "
			    "rolled back");
			return -1;
		}
	case DB_TX_ROLLBACK:
		/* A broken connection has rolled back already: just mend it
		 * (db.c has cleared in_tx). */
		if (PQstatus(pc->h) != CONNECTION_OK)
			return pg_ensure(c, e);
		if (PQtransactionStatus(pc->h) == PQTRANS_IDLE)
			return 0;
		return run_tx(pc, op, e);
	default:
		return -1;
	}
}

static void *
pg_handle(struct db_conn *c)
{
	return to_pg(c)->h;
}

const struct db_ops db_postgres_ops = {
	.backend = DB_POSTGRES,
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.ensure = pg_ensure,
	.prepare_all = pg_prepare_all,
	.exec = pg_exec,
	.explain = pg_explain,
	.blob = pg_blob,
	.script = pg_script,
	.tx = pg_tx,
	/* Held until the migration's COMMIT: a second `p2ham migrate` waits
	 * here, then finds the version recorded. The key is arbitrary but
	 * fixed ("p2ham" in ASCII). */
	.migrate_lock = "SELECT pg_advisory_xact_lock(481882038637)",
	.id_type = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
	.blob_type = "BYTEA",
	.handle = pg_handle,
};
