/*
 * app.h - the application: its state shared by all requests, the route table
 * and the hooks that turn a handler's view model into HTML or JSON.
 */
#ifndef P2HAM_APP_H
#define P2HAM_APP_H

#include <stdarg.h>

#include <jansson.h>

#include "base/err.h"
#include "core/policy.h"
#include "db/db.h"
#include "http/server.h"
#include "svc/mail.h"
#include "svc/svc.h"
#include "view/i18n.h"

struct app {
	struct db *db;                    /* the database, shared by all threads */
	const char *data_dir;             /* files, keys */
	const struct server_config *http; /* the server's limits and address */
	long session_idle;                /* seconds of inactivity that end a session */
	long session_max;                 /* seconds after sign-in that end it anyway */
	long write_limit;                 /* writes per minute per account, 0: no limit */
	const struct mail_config *mail;   /* notifications' e-mail and daily job,
					     run while serving; NULL: none */
};

/* Load catalogs, templates and static asset tags, then serve on the
 * listening socket fd (see server_listen; closed on return) until a signal. */
int app_serve(struct app *app, const struct server_config *http, int fd, struct err *e);

/* Every feature's routes in one table (malloc'ed, *out); 0, or -1 with e
 * naming the two rows that clash (see route_assemble). */
int web_routes(struct route **out, size_t *count, struct err *e);
/* The feature tables web_routes joins, in their order; *count of them. */
const struct route_table *const *web_route_tables(size_t *count);

/* Per-request helpers for handlers. */
struct app *req_app(const struct request *req);
enum lang req_lang(const struct request *req);
/* Is the page being built again for a refused post (web_show_again, a
 * route's page)? Then it shows no notice of a write just done (?ok=). */
bool req_again(const struct request *req);
/* ... again keeping what the post typed into its forms? Else (and when
 * asked for) a form shows the records as they stand. */
bool req_refill(const struct request *req);
/* The calling thread's database connection, or NULL with e set (503). */
struct db_conn *req_db(struct request *req, struct err *e);

/* The service context of req: its connection (req_db), the signed-in
 * user as actor, the request's arena, id, clock and language. 0, or -1
 * with e (503) when no connection can be had. */
int web_svc(struct request *req, struct svc *s, struct err *e);

/* 0 when the caller may do act on o; else -1 with e set to 404 (outside
 * their scope, so ids cannot be probed) or 403 (seen but not allowed). */
int app_authorize(struct request *req, enum action act, const struct object_ref *o,
    struct err *e);

/* Put a notice above the page's content: text (already in the user's
 * language), an error (announced as an alert) or not (a status). */
void app_notice(json_t *model, bool is_error, const char *text);

/* The sentence that tells the user what e means, in their language: e's
 * own message for a refusal, else the catalog's for its kind or status. */
const char *web_err_message(struct request *req, const struct err *e);

/* The tail of a write that succeeded: 303 See Other to the address fmt
 * makes (the changed object's page). Returns 0. */
int web_see_other(struct request *req, struct reply *rep, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same with the arguments as a va_list. */
int web_see_otherv(struct request *req, struct reply *rep, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/*
 * Build route page page (its GET handler) into rep for a post: again, as
 * the records stand or (refill) keeping what the post typed, without the
 * notice of a write just done (req_again, req_refill). 0, or -1 with e.
 */
int web_page_again(struct request *req, struct reply *rep, route_handler page,
    bool refill, struct err *e);

/*
 * The tail of a refused write: when e is a refusal the user can act on (a
 * 4xx other than 403 and 404), show the page again - page builds it from
 * req, keeping what the post typed (web_page_again) - with e's message as
 * an error notice, a "refusal" member in JSON and e's status; returns 0
 * and e is cleared. Anything else stays the answer: -1 with e as it was.
 */
int web_show_again(struct request *req, struct reply *rep, struct err *e, route_handler page);
/* The same with the page as the records stand, nothing typed kept: for a
 * refusal of who or when, before the form mattered. */
int web_show_plain(struct request *req, struct reply *rep, struct err *e, route_handler page);

/* The same for a write the service refused with problems pr: the page
 * again, with each problem next to its field in the model's member form
 * (form_set_problems). */
int web_show_problems(struct request *req, struct reply *rep, struct err *e,
    route_handler page, const char *form, const struct svc_problems *pr);

/* The tail of a write whose service call returned rc: when it failed
 * (rc < 0), web_show_again with page; else web_see_other to the address
 * fmt makes. */
int web_answer(struct request *req, struct reply *rep, struct err *e, int rc,
    route_handler page, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/*
 * A post refused with 403 by its admission or its handler, as a person
 * should see it (again.c); 0 when shown, -1 leaves e to the error page.
 */
int web_show_refused(struct request *req, struct reply *rep, struct err *e);

/* The version tag of a static asset ("static/style.css"), for cache busting. */
const char *app_asset_tag(const char *name);

/* ops.c: index the embedded static files; 0, or -1 when out of memory. */
int ops_static_init(void);

#endif
