/*
 * app.h - the application: its state shared by all requests, the route table
 * and the hooks that turn a handler's view model into HTML or JSON.
 */
#ifndef P2HAM_APP_H
#define P2HAM_APP_H

#include <jansson.h>

#include "base/err.h"
#include "db/db.h"
#include "http/server.h"
#include "view/i18n.h"

struct app {
	struct db *db;			/* the database, shared by all threads */
	const char *data_dir;		/* files, keys */
	const struct server_config *http; /* the server's limits and address */
};

/* Load catalogs, templates and static asset tags, then serve until a signal. */
int	app_serve(struct app *app, const struct server_config *http, struct err *e);

/* Per-request helpers for handlers. */
struct app *req_app(const struct request *req);
enum lang req_lang(const struct request *req);
/* The calling thread's database connection, or NULL with e set (503). */
struct db_conn *req_db(struct request *req, struct err *e);

/* The version tag of a static asset ("static/style.css"), for cache busting. */
const char *app_asset_tag(const char *name);

#endif
