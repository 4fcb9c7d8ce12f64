/*
 * cluster.c - periodic jobs on one server at a time, and the installation
 * key check (see cluster.h).
 */
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/timefmt.h"
#include "docs/sign.h"
#include "svc/cluster.h"

/* Advisory lock keys, beside the migrations' 481882038637. */
#define LOCK_BASE 481882038700

static const char *const job_names[CLUSTER_JOB_MAX] = { CLUSTER_JOB_LIST(CODE_ENTRY) };

/* Whether this server ran each job at its last try; each is read and
 * written by the job's one thread only. */
static bool held[CLUSTER_JOB_MAX];

bool
cluster_job_mine(struct db_conn *c, enum cluster_job j)
{
	struct err e;
	bool now = false;

	err_clear(&e);
	/* Asked every time: the try answers true again on the session that
	 * holds the lock, and a connection that broke and came back is a
	 * new session that may have lost it. */
	if (db_lock_try(c, LOCK_BASE + (int64_t)j, &now, &e) < 0) {
		log_warn("event=job_lock_failed job=%s msg=\"%s\"", job_names[j], e.msg);
		now = false;
	}
	if (now && !held[j])
		log_info("event=job_taken job=%s", job_names[j]);
	else if (!now && held[j])
		log_warn("event=job_lost job=%s", job_names[j]);
	held[j] = now;
	return now;
}

void
cluster_job_release(struct db_conn *c, enum cluster_job j)
{
	struct err e;

	err_clear(&e);
	if (db_lock_release(c, LOCK_BASE + (int64_t)j, &e) < 0)
		log_warn("event=job_release_failed job=%s msg=\"%s\"", job_names[j], e.msg);
	held[j] = false;
}

int
cluster_key_check(struct db *db, const char *data_dir, struct err *e)
{
	unsigned char pk[SIGN_PUBLIC_BYTES];
	char pk64[SIGN_PUBLIC_BASE64_LEN], at[TIME_ISO_LEN];
	struct db_conn *c;
	json_t *rows = NULL;
	const char *stored;
	int rc = -1;

	if (sign_public_load(data_dir, pk, e) < 0 || (c = db_conn(db, e)) == NULL)
		return -1;
	sign_base64(pk64, sizeof(pk64), pk, sizeof(pk));
	if (db_exec(c, DB_SIGNING_KEY_PUT,
		(struct db_param[]){ DBP_TEXT(pk64), DBP_TEXT(time_iso(time(NULL), at)) },
		2, NULL, e) < 0 ||
	    db_exec(c, DB_SIGNING_KEY_GET, NULL, 0, &rows, e) < 0)
		return -1;
	stored = json_string_value(json_object_get(json_array_get(rows, 0), "public_key"));
	if (stored == NULL)
		err_set(e, ERR_SIGN_KEY, "the database holds no signing key after storing one");
	else if (strcmp(stored, pk64) != 0)
		err_set(e, ERR_SIGN_KEY,
		    "the signing key given (public half %s) is not this installation's "
		    "(%s): give every server the key 'p2ham init' made, with "
		    "--signing-key FILE or P2HAM_SIGNING_KEY",
		    pk64, stored);
	else
		rc = 0;
	json_decref(rows);
	return rc;
}
