/*
 * openapi.c - the API description: an OpenAPI 3.1 document made at start
 * from the route tables (each row's method, pattern, declared inputs with
 * their types and limits, who may call it, the statuses it can answer and
 * its one-sentence about) and from the templates, which say what each
 * page's JSON answer holds (view_shape). Served at /api/openapi.json and,
 * readable, at /api.
 *
 * Every page answers JSON to a client that asks for application/json; a
 * client signs in with a bearer token (Authorization: Bearer ...) and then
 * needs no CSRF field; a browser session needs the form's csrf field on
 * every post.
 */
#include <pthread.h>
#include <string.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/routes.h"

#include "view/i18n.h"
#include "view/view.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static json_t *doc;  /* the document, made once; NULL if that failed */
static json_t *page; /* the readable page's groups of addresses */

static json_t *page_row(const struct route *r);

static const char *
type_name(enum param_type t)
{
	static const char *const names[PARAM_TYPE_MAX] = {
		[PT_TEXT] = "text",
		[PT_MULTILINE] = "multiline",
		[PT_INT] = "integer",
		[PT_ENUM] = "choice",
		[PT_EMAIL] = "email",
		[PT_DATE] = "date",
		[PT_BOOL] = "checkbox",
		[PT_SECRET] = "password",
	};

	return (unsigned)t < PARAM_TYPE_MAX ? names[t] : "text";
}

/* The JSON Schema of an input as declared. */
static json_t *
param_schema(const struct param_spec *p)
{
	json_t *s = json_pack("{s:s}", "type", p->type == PT_INT ? "integer" : "string");
	const char *c, *bar;

	switch (p->type) {
	case PT_INT:
		json_object_set_new(s, "minimum", json_integer(p->min));
		if (p->max < INT64_MAX)
			json_object_set_new(s, "maximum", json_integer(p->max));
		break;
	case PT_ENUM: {
		json_t *e = json_array();

		for (c = p->choices; c != NULL && *c != '\0'; c = *bar ? bar + 1 : bar) {
			bar = strchr(c, '|');
			if (bar == NULL)
				bar = c + strlen(c);
			json_array_append_new(e, json_stringn(c, (size_t)(bar - c)));
		}
		json_object_set_new(s, "enum", e);
		break;
	}
	case PT_EMAIL:
		json_object_set_new(s, "format", json_string("email"));
		break;
	case PT_DATE:
		json_object_set_new(s, "format", json_string("date"));
		break;
	case PT_BOOL:
		json_object_set_new(s, "enum",
		    json_pack("[s,s,s,s,s,s,s]", "1", "on", "true", "0", "off", "false", ""));
		break;
	case PT_SECRET:
		json_object_set_new(s, "format", json_string("password"));
		json_object_set_new(s, "maxLength", json_integer(p->max > 0 ? p->max : 256));
		break;
	default: /* text, in characters */
		if (p->min > 0)
			json_object_set_new(s, "minLength", json_integer(p->min));
		json_object_set_new(s, "maxLength", json_integer(p->max > 0 ? p->max : 1000));
		break;
	}
	return s;
}

/* The OpenAPI path of a pattern: a trailing star becomes {path}. */
static char *
api_path(const char *pattern, char *buf, size_t size)
{
	size_t n = strlen(pattern);

	if (n > 0 && pattern[n - 1] == '*')
		snprintf(buf, size, "%.*s{path}", (int)(n - 1), pattern);
	else
		snprintf(buf, size, "%s", pattern);
	return buf;
}

static const struct param_spec *
declared(const struct route *r, const char *name, enum param_source src)
{
	const struct param_spec *p;

	for (p = r->params; p != NULL && p->name != NULL; p++)
		if (p->source == src && strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

/* The path's {segments} and the declared query inputs. */
static json_t *
parameters(const struct route *r, const char *path)
{
	json_t *out = json_array(), *s;
	const struct param_spec *p;
	const char *b, *end;
	char name[64];

	for (b = strchr(path, '{'); b != NULL; b = strchr(end, '{')) {
		if ((end = strchr(b, '}')) == NULL)
			break;
		snprintf(name, sizeof(name), "%.*s", (int)(end - b - 1), b + 1);
		p = declared(r, name, PARAM_PATH);
		s = p != NULL ? param_schema(p) : json_pack("{s:s}", "type", "string");
		json_array_append_new(out,
		    json_pack("{s:s, s:s, s:b, s:o}", "name", name, "in", "path",
			"required", 1, "schema", s));
	}
	for (p = r->params; p != NULL && p->name != NULL; p++)
		if (p->source == PARAM_QUERY)
			json_array_append_new(out,
			    json_pack("{s:s, s:s, s:b, s:o}", "name", p->name, "in", "query",
				"required", p->required, "schema", param_schema(p)));
	return out;
}

/* A post's form: its declared fields, the CSRF field of a browser
 * session, and for an upload the files under the names its page gives. */
static json_t *
request_body(const struct route *r)
{
	json_t *props = json_object(), *req = json_array(), *schema;
	const struct param_spec *p;

	for (p = r->params; p != NULL && p->name != NULL; p++) {
		if (p->source != PARAM_FORM)
			continue;
		json_object_set_new(props, p->name, param_schema(p));
		if (p->required)
			json_array_append_new(req, json_string(p->name));
	}
	if (r->csrf)
		json_object_set_new(props, CSRF_FIELD,
		    json_pack("{s:s, s:s}", "type", "string", "description",
			"the form's token; required with a session cookie, not with a "
			"bearer "
			"token"));
	schema = json_pack("{s:s, s:o}", "type", "object", "properties", props);
	if (json_array_size(req) > 0)
		json_object_set_new(schema, "required", req);
	else
		json_decref(req);
	/* Further fields keyed by indicator or file are read by the handler. */
	json_object_set_new(schema, "additionalProperties",
	    r->upload ? json_pack("{s:s, s:s}", "type", "string", "contentMediaType",
			    "application/octet-stream")
		      : json_true());
	return json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content",
	    r->upload ? "multipart/form-data" : "application/x-www-form-urlencoded",
	    "schema", schema);
}

static bool
has_path_param(const char *pattern)
{
	return strchr(pattern, '{') != NULL || strchr(pattern, '*') != NULL;
}

/* The statuses r can answer, besides its success, in order. */
static void
error_statuses(const struct route *r, int *codes, size_t *n)
{
	*n = 0;
	codes[(*n)++] = 400; /* bad encoding, an input outside its declaration */
	if (r->login)
		codes[(*n)++] = 401; /* JSON: sign in first */
	if (r->login || r->csrf)
		codes[(*n)++] = 403; /* the policy, the CSRF token */
	if (r->login || has_path_param(r->pattern))
		codes[(*n)++] = 404; /* no such object, or outside the caller's scope */
	if (r->method == HTTP_POST) {
		if (r->login)
			codes[(*n)++] = 409; /* refused in the object's state */
		codes[(*n)++] = 413;         /* body or file too large */
		codes[(*n)++] = 422;         /* the form's values do not hold */
		if (r->login || strcmp(r->pattern, "/masuk") == 0)
			codes[(*n)++] = 429; /* write budget, sign-in throttle */
	}
	codes[(*n)++] = 500;
	codes[(*n)++] = 503; /* database unavailable, out of memory */
}

static const char *
status_text(int code)
{
	switch (code) {
	case 200:
		return "the page, or the file";
	case 303:
		return "done: see the object (Location)";
	case 400:
		return "malformed request or input";
	case 401:
		return "sign in first";
	case 403:
		return "not allowed, or a missing CSRF token";
	case 404:
		return "no such object, or outside the caller's scope";
	case 409:
		return "refused in the object's current state";
	case 413:
		return "request body or file too large";
	case 422:
		return "the form's values do not hold; the page again with the problems";
	case 429:
		return "too many requests; see Retry-After";
	case 500:
		return "server error";
	case 503:
		return "temporarily unavailable";
	default:
		return "";
	}
}

/* The success answer: a page's JSON (its template's shape) and HTML, a
 * file of the route's media type, or a redirect after a post. */
static json_t *
success(const struct route *r)
{
	json_t *content, *shape;

	if (r->method == HTTP_POST)
		return json_pack("{s:s}", "description", status_text(303));
	if (r->template != NULL) {
		shape = view_shape(r->template);
		content = json_pack("{s:{s:o}, s:{s:{s:s}}}", "application/json",
		    "schema", shape != NULL ? shape : json_object(), "text/html",
		    "schema", "type", "string");
	} else
		content = json_pack("{s:{}}",
		    r->produces != NULL ? r->produces : "application/json");
	return json_pack("{s:s, s:o}", "description", status_text(200), "content", content);
}

static json_t *
responses(const struct route *r)
{
	json_t *out = json_object();
	int codes[16];
	size_t n, i;
	char k[8];

	json_object_set_new(out, r->method == HTTP_POST ? "303" : "200", success(r));
	error_statuses(r, codes, &n);
	for (i = 0; i < n; i++) {
		snprintf(k, sizeof(k), "%d", codes[i]);
		json_object_set_new(out, k,
		    json_pack("{s:s, s:{s:{s:{s:s}}}}", "description",
			status_text(codes[i]), "content", "application/json", "schema",
			"$ref", "#/components/schemas/Error"));
	}
	return out;
}

/* The tag of a table: its name without "_routes". */
static char *
tag_of(const struct route_table *t, char *buf, size_t size)
{
	const char *us = strstr(t->name, "_routes");

	snprintf(buf, size, "%.*s",
	    us != NULL ? (int)(us - t->name) : (int)strlen(t->name), t->name);
	return buf;
}

static json_t *
operation(const struct route_table *t, const struct route *r, const char *path)
{
	char tag[64], id[384], *c;
	json_t *op;

	/* Unique: one row per method and path. Letters, digits and '_'. */
	snprintf(id, sizeof(id), "%s_%s_%s", tag_of(t, tag, sizeof(tag)),
	    http_method_name(r->method), path);
	for (c = id; *c != '\0'; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			(*c >= '0' && *c <= '9')))
			*c = '_';
	op = json_pack("{s:s, s:s, s:[s], s:o, s:o}", "operationId", id, "summary",
	    r->about != NULL ? r->about : "", "tags", tag, "parameters",
	    parameters(r, path), "responses", responses(r));
	if (r->method == HTTP_POST)
		json_object_set_new(op, "requestBody", request_body(r));
	json_object_set_new(op, "security",
	    r->login ? json_pack("[{s:[]}, {s:[]}]", "bearer", "session") : json_array());
	return op;
}

/* The body of every error: {"error": {status, code, title, message}}. */
static json_t *
error_schema(void)
{
	return json_pack(
	    "{s:s, s:[s], s:{s:{s:s, s:[s,s,s,s], s:{s:{s:s}, s:{s:s}, s:{s:s},"
	    " s:{s:s}}}}}",
	    "type", "object", "required", "error", "properties", "error", "type",
	    "object", "required", "status", "code", "title", "message", "properties",
	    "status", "type", "integer", "code", "type", "string", "title", "type",
	    "string", "message", "type", "string");
}

static void
build(void)
{
	const struct route_table *const *tables;
	const struct route *r;
	json_t *paths = json_object(), *item, *rows;
	size_t nt, i, j;
	char path[256], method[8], tag[64], *c;

	tables = web_route_tables(&nt);
	page = json_array();
	for (i = 0; i < nt; i++) {
		rows = json_array();
		json_array_append_new(page,
		    json_pack("{s:s, s:o}", "tag", tag_of(tables[i], tag, sizeof(tag)),
			"routes", rows));
		for (j = 0; j < tables[i]->count; j++) {
			r = &tables[i]->routes[j];
			api_path(r->pattern, path, sizeof(path));
			if ((item = json_object_get(paths, path)) == NULL) {
				item = json_object();
				json_object_set_new(paths, path, item);
			}
			snprintf(method, sizeof(method), "%s", http_method_name(r->method));
			for (c = method; *c != '\0'; c++)
				*c = (char)(*c - 'A' + 'a');
			json_object_set_new(item, method, operation(tables[i], r, path));
			json_array_append_new(rows, page_row(r));
		}
	}
	doc = json_pack(
	    "{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:{s:{s:s, s:s}, s:{s:s, s:s, s:s}},"
	    " s:{s:o}}}",
	    "openapi", "3.1.0", "info", "title", "p2ham", "version", P2HAM_VERSION,
	    "description",
	    "Every page of p2ham answers JSON when asked for application/json. Sign in "
	    "with a bearer token made on /akun (read-only unless its scope allows "
	    "writing); a browser session instead sends the form's csrf field with each "
	    "post. Errors answer {\"error\": {status, code, title, message}}.",
	    "paths", paths, "components", "securitySchemes", "bearer", "type", "http",
	    "scheme", "bearer", "session", "type", "apiKey", "in", "cookie", "name",
	    SESSION_COOKIE, "schemas", "Error", error_schema());
}

static void
build_once(void)
{
	build();
}

static int
openapi_json(struct request *req, struct reply *rep, struct err *e)
{
	(void)req;
	pthread_once(&once, build_once);
	if (doc == NULL || (rep->body = json_dumps(doc, JSON_COMPACT)) == NULL) {
		err_set(e, ERR_NOMEM, "API description: out of memory");
		return -1;
	}
	rep->len = strlen(rep->body);
	rep->content_type = "application/json; charset=utf-8";
	return 0;
}

static int
api_page(struct request *req, struct reply *rep, struct err *e)
{
	pthread_once(&once, build_once);
	if (page == NULL ||
	    (rep->model = json_pack("{s:s, s:O}", "page_title",
		 i18n_get(req_lang(req), "api.title"), "groups", page)) == NULL) {
		err_set(e, ERR_NOMEM, "API description: out of memory");
		return -1;
	}
	return 0;
}

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/api", api_page, "api", PUBLIC,
	    .about = "This API description as a readable page"),
	ROUTE_GET("/api/openapi.json", openapi_json, NULL, PUBLIC,
	    .produces = "application/json",
	    .about = "This API description as an OpenAPI 3.1 document"),
};
/* clang-format on */
ROUTE_TABLE(openapi_routes, routes);

/* The readable page's row for one input. */
static json_t *
page_param(const char *name, const char *where, const struct param_spec *p)
{
	json_t *row = json_pack("{s:s, s:s, s:s, s:b}", "name", name, "where", where,
	    "type", p != NULL ? type_name(p->type) : "text", "required",
	    p == NULL || p->required || strcmp(where, "path") == 0);

	if (p == NULL)
		return row;
	if (p->type == PT_ENUM && p->choices != NULL)
		json_object_set_new(row, "choices", json_string(p->choices));
	else if (p->type == PT_INT) {
		json_object_set_new(row, "min", json_integer(p->min));
		if (p->max < INT64_MAX)
			json_object_set_new(row, "max", json_integer(p->max));
	} else if (p->type == PT_TEXT || p->type == PT_MULTILINE || p->type == PT_SECRET)
		json_object_set_new(row, "max_chars",
		    json_integer(p->max > 0        ? p->max
			    : p->type == PT_SECRET ? 256
						   : 1000));
	return row;
}

static json_t *
page_row(const struct route *r)
{
	static const char *const where[PARAM_SOURCE_MAX] = { "path", "query", "form" };
	json_t *params = json_array();
	const struct param_spec *p;
	const char *b, *end;
	char name[64], list[128];
	int codes[16];
	size_t n, i, len;

	for (b = strchr(r->pattern, '{'); b != NULL && (end = strchr(b, '}')) != NULL;
	     b = strchr(end, '{')) {
		snprintf(name, sizeof(name), "%.*s", (int)(end - b - 1), b + 1);
		json_array_append_new(params,
		    page_param(name, "path", declared(r, name, PARAM_PATH)));
	}
	for (p = r->params; p != NULL && p->name != NULL; p++)
		if (p->source != PARAM_PATH && (unsigned)p->source < PARAM_SOURCE_MAX)
			json_array_append_new(params,
			    page_param(p->name, where[p->source], p));
	len = (size_t)snprintf(list, sizeof(list), "%d", r->method == HTTP_POST ? 303 : 200);
	error_statuses(r, codes, &n);
	for (i = 0; i < n && len < sizeof(list); i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, ", %d", codes[i]);
	return json_pack("{s:s, s:s, s:s, s:b, s:b, s:b, s:o, s:s}", "method",
	    http_method_name(r->method), "path", r->pattern, "about",
	    r->about != NULL ? r->about : "", "signed_in", r->login, "csrf", r->csrf,
	    "upload", r->upload, "params", params, "statuses", list);
}
