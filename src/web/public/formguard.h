/*
 * formguard.h - keeping abuse off the public forms (survey, complaints)
 * without shutting anyone out: no CAPTCHA, which people with disabilities
 * cannot always pass. Instead:
 *
 * - a form token signed by the server (HMAC-SHA-256, libsodium, with a key
 *   derived from the installation's signing key) binding the form's name,
 *   the object it is about (a unit's id) and the time the form was given
 *   out, with a random nonce. A post must bring a token for the same form
 *   and object, at least min_fill_ms after it was issued (a person takes
 *   longer than a second; a script does not) and at most max_age seconds.
 *   The caller refuses a nonce seen before (the survey writer keeps the
 *   recent ones in memory and the database refuses a second answer with
 *   the same nonce, whichever server takes it; complaints store it with
 *   a unique index).
 * - a honeypot: a field hidden from people (and from screen readers) that
 *   only a form-filling robot fills.
 * - a per-address rate limit, generous enough for the shared connection
 *   of a service counter: rate_max posts per rate_window seconds from one
 *   address. On PostgreSQL counted in the database (table form_rate, one
 *   atomic statement per post), so that every server sharing it counts
 *   together; on SQLite, which one server uses, in memory.
 * - a signed device mark (a cookie) saying which objects of a form this
 *   browser answered on which day, for "one answer per device per unit per
 *   day".
 *
 * Every refusal is counted per form and reason for /metrics and has a
 * sentence in plain Bahasa Indonesia (catalog formguard.<reason>).
 */
#ifndef P2HAM_WEB_FORMGUARD_H
#define P2HAM_WEB_FORMGUARD_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/code.h"
#include "base/err.h"
#include "db/db.h"

struct request;

/* Why a post was refused, with the name formguard_reason_name gives it
 * (its catalog key is "formguard." and the name). */
/* clang-format off */
#define FG_REASON_LIST(X) \
	X(FG_OK, "ok") \
	X(FG_TOKEN, "token")       /* missing, damaged or forged token */ \
	X(FG_MISMATCH, "mismatch") /* a token of another form or object */ \
	X(FG_TOO_FAST, "too_fast") /* sent sooner than a person can fill the form */ \
	X(FG_EXPIRED, "expired")   /* the form was given out too long ago */ \
	X(FG_REPLAY, "replay")     /* this form was sent already (the caller saw its nonce) */ \
	X(FG_HONEYPOT, "honeypot") /* the hidden field was filled */ \
	X(FG_RATE, "rate")         /* too many posts from this address just now */ \
	X(FG_DEVICE, "device")     /* this device answered for this object today already */
/* clang-format on */

enum formguard_reason { FG_REASON_LIST(CODE_ENUM) FG_REASON_MAX };

struct formguard_config {
	long min_fill_ms;     /* default 1000 */
	long max_age;         /* seconds, default 6 hours */
	long rate_max;        /* posts per window per address; default 120,
				 negative: no limit */
	long rate_window;     /* seconds, default 600 */
	const char *honeypot; /* field name, default "situs_web" */
};

/* The random nonce of a token, as hex. */
#define FORMGUARD_NONCE_HEX 33
/* Room for a token with its NUL. */
#define FORMGUARD_TOKEN_MAX 160

struct formguard_token {
	int64_t issued_ms;               /* Unix time in milliseconds */
	int64_t object;                  /* the object's id */
	char nonce[FORMGUARD_NONCE_HEX]; /* 32 hex digits */
};

/* Derive the key from the installation's key in DATA_DIR/keys and set the
 * limits (cfg NULL or zero fields: the defaults). 0, or -1 with e. */
int formguard_init(const char *data_dir, const struct formguard_config *cfg, struct err *e);
/* The same with a key given directly (tests, tools). */
void formguard_init_key(const unsigned char key[32], const struct formguard_config *cfg);
const struct formguard_config *formguard_config(void);

/* formguard_init with the limits of the installation's settings
 * form.min_fill_ms, form.max_age, form.rate_max, form.rate_window and
 * form.honeypot (docs/survey.md), for the server's start. */
int formguard_start(struct db *db, const char *data_dir, struct err *e);

/* A fresh token for form and object issued at now_ms into out. */
void formguard_issue(const char *form, int64_t object, int64_t now_ms,
    char out[FORMGUARD_TOKEN_MAX]);

/* Check token against form and object at now_ms; FG_OK with *t filled,
 * or FG_TOKEN, FG_MISMATCH, FG_TOO_FAST or FG_EXPIRED. */
enum formguard_reason formguard_check(const char *token, const char *form, int64_t object,
    int64_t now_ms, struct formguard_token *t);

/* Count one post from address at now (seconds); FG_RATE when it is over
 * the limit, else FG_OK. On PostgreSQL one statement on the calling
 * thread's connection (in memory when the database fails, with a
 * warning); on SQLite in memory. */
enum formguard_reason formguard_rate(const char *address, int64_t now);

/* True when req's form has the honeypot field with anything in it. */
bool formguard_honeypot(const struct request *req);

/*
 * Device marks: a cookie value listing "object@day" entries with their
 * signature. formguard_mark_has tells whether value (may be NULL) is a
 * genuine mark holding object on day (YYYY-MM-DD); formguard_mark_add
 * writes into out a mark holding the entries of value for day plus object
 * (entries of other days are dropped). out has cap bytes; -1 when it does
 * not fit.
 */
bool formguard_mark_has(const char *form, const char *value, int64_t object, const char *day);
int formguard_mark_add(const char *form, const char *value, int64_t object,
    const char *day, char *out, size_t cap);

/* Count a refusal of form for r (for /metrics); form is a static string.
 * FG_OK counts nothing but lists the form's counters from now on. */
void formguard_refused(const char *form, enum formguard_reason r);
/* The reason's name ("too_fast") and its catalog key
 * ("formguard.too_fast"). */
const char *formguard_reason_name(enum formguard_reason r);
const char *formguard_reason_key(enum formguard_reason r);
/* The HTTP status that fits r: 429 for the rate limit and the device
 * mark, 409 for a replay, 400 otherwise. */
int formguard_status(enum formguard_reason r);

/* Append the refusal counters as p2ham_form_refusals_total. */
void formguard_metrics_write(struct buf *out);

#endif
