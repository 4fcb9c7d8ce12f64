/*
 * form.h - view models of form fields: label, the value the user typed, and
 * the reason it was refused in the user's language, so that a refused form
 * comes back filled in with each problem next to its field.
 */
#ifndef P2HAM_FORM_H
#define P2HAM_FORM_H

#include <stdbool.h>

#include <jansson.h>

#include "http/request.h"
#include "svc/svc.h"

struct field_spec {
	const char *name;         /* the declared parameter */
	const char *label_key;    /* catalog key of the label */
	const char *type;         /* input type: text, email, password, ... */
	const char *autocomplete; /* autocomplete token or NULL */
	const char *hint_key;     /* catalog key of a hint or NULL */
};

/*
 * An object {name: field model} for each spec (ended by { NULL }); values
 * come from the request's declared parameters when show_input (never for
 * password fields), errors from their validation. The caller owns it.
 */
json_t *form_fields(struct request *req, const struct field_spec *specs, bool show_input);

/* Why a value was refused (ve), in the words of language l. */
const char *form_error_text(enum lang l, enum validate_error ve);

/* What the refused post typed into its declared field name, when the
 * page is built again keeping it (req_refill); "" otherwise, and when the
 * post has no such field. In the request's arena or static. */
const char *form_typed(struct request *req, const char *name);

/* True when a declared form parameter of the route was refused. */
bool form_has_errors(const struct request *req);

/*
 * 0 when every declared form parameter of the route passed its validator;
 * else -1 with e 400 naming the first refused field and why, in the user's
 * language. For handlers that act on their input without showing a form
 * again: a refused value must never be taken as its default (0, "").
 */
int form_require_valid(struct request *req, struct err *e);

/* Set a field's error message (catalog key) in fields returned by form_fields. */
void
form_set_error(struct request *req, json_t *fields, const char *name, const char *msg_key);

/* Drop every field's error from fields: a form shown again for a search
 * among its choices (web/picker.h), not because it was refused. */
void form_clear_errors(json_t *fields);

/* Put each of a service's problems next to its field in fields, unless
 * the field shows an error already (its validator's comes first). */
void form_set_problems(json_t *fields, const struct svc_problems *pr);

/*
 * For a form with a field or a pair of fields per item ("jawaban.CODE",
 * "catatan.CODE"): the next field of req's form from *i on whose name
 * starts with prefix a or, unless b is NULL, prefix b, as the item's code
 * (the name past the prefix); *kv receives the field and *is_a (when not
 * NULL) whether it was prefix a. *i moves past it. NULL past the last.
 */
const char *form_item_next(const struct request *req, size_t *i, const char *a,
    const char *b, const struct kv **kv, bool *is_a);

/* The member code of typed (what such a form's items were typed as), an
 * object created when missing; borrowed. */
json_t *form_item(json_t *typed, const char *code);

/*
 * Keep the value of such a form's field kv in item t under key, checked
 * against spec: the checked text, or as typed when refused, then with why
 * under err_key (unless NULL) in the user's language. VE_OK, or why it
 * was refused.
 */
enum validate_error form_item_value(struct request *req, const struct param_spec *spec,
    const struct kv *kv, json_t *t, const char *key, const char *err_key);

/* The page of a list shown a page at a time (PARAM_PAGE) that the request
 * asks for: 1 when it names none. */
int64_t form_page_number(struct request *req);
/*
 * A list paged by key (PARAM_KEYSET, never an offset over the table): the
 * page after the row ?setelah= names, or the one before ?sebelum=; with
 * neither, the page ?halaman= numbers (old links; 1: the first).
 */
struct form_keyset {
	int64_t after;  /* a row id, 0: none */
	int64_t before; /* a row id, 0: none */
	int64_t page;   /* the page number when paging by number */
};
void form_keyset_of(struct request *req, struct form_keyset *k);
/* text percent-encoded for a query string, in the request's arena ("" when
 * out of memory). */
const char *form_query_escape(struct request *req, const char *text);
/* The query string of a list searched for q: "q=<q escaped>", or "" for
 * no search (and when out of memory). In the request's arena or static. */
const char *form_search_query(struct request *req, const char *q);
/* The key of k's row as two parameters (its text column col, its id),
 * read by st (one row by id); the start of the list ('', 0) when the row
 * is gone. -1 with e. */
int form_keyset_key(struct request *req, struct db_conn *c, const struct form_keyset *k,
    enum db_stmt st, const char *col, struct db_param *out, struct err *e);
/* The statements that read one list a page at a time. */
struct form_list_stmts {
	enum db_stmt by_number; /* filters, limit, offset */
	enum db_stmt after;     /* filters, key text, key id, limit */
	enum db_stmt before;    /* the same, read backwards */
	enum db_stmt row;       /* one row by id: where the key comes from */
	const char *key_col;    /* the row's text column that orders the list */
};
/*
 * Read into *rows the page of a list that k asks for, limit rows and one
 * more (form_keyset_finish drops it): prm holds the n filter parameters
 * and has room for 3 more. 0, or -1 with e.
 */
int form_keyset_rows(struct request *req, struct db_conn *c, const struct form_keyset *k,
    const struct form_list_stmts *st, struct db_param *prm, size_t n, size_t limit,
    json_t **rows, struct err *e);
/*
 * Finish a page of rows read with one row more than limit (in reverse
 * order when k->before): the extra row dropped, the order restored, and
 * in model "has_prev"/"has_next" with "prev_href"/"next_href", links by
 * key to base?query&sebelum=<first id> and &setelah=<last id>; the
 * page-number fields too when the page was asked for by number.
 */
void form_keyset_finish(struct request *req, const struct form_keyset *k, json_t *rows,
    size_t limit, const char *base, const char *query, json_t *model);
/* The list's paging in model: "page", "has_prev", "prev_page",
 * "next_page", and "has_next" (more: another page follows). */
void form_set_paging(json_t *model, int64_t page, bool more);

/* One <option> of a select: {value, label, selected}. */
json_t *form_option(const char *value, const char *label, bool selected);
/* The option of code labelled by the catalog's entry prefix+code in l
 * (prefix ends with its separator: "supervision.severity."). */
json_t *form_catalog_option(enum lang l, const char *prefix, const char *code, bool selected);

/*
 * A form whose input failed its declared checks (form_has_errors): the page
 * again keeping what was typed (web_page_again) with status 422 and, when
 * pr is not NULL, each problem next to its field in the model's member
 * form. 0, or -1 with e.
 */
int form_invalid_again(struct request *req, struct reply *rep, route_handler page,
    const char *form, const struct svc_problems *pr, struct err *e);

/* A search among a form's choices (a picker's button): the page again as
 * typed (web_page_again), nothing judged, so without the errors of the
 * model's member form. 0, or -1 with e. */
int form_search_again(struct request *req, struct reply *rep, route_handler page,
    const char *form, struct err *e);

#endif
