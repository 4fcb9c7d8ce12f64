/*
 * declaration_form.c - the forms of the declaration stage: their fields
 * (kept as the user typed them when a post is refused), the checks the
 * validators cannot make (a place or an https link depending on the mode,
 * dates against today and the stage's deadline, complete witness rows),
 * and the dates as people read them.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "web/app.h"
#include "web/stages/declaration.h"
#include "web/form.h"
#include "base/timefmt.h"
#include "core/region.h"

static const struct field_spec request_fields[] = {
	{ "tanggal", "declaration.field.date", "date", "off", "declaration.hint.date" },
	{ "moda", "declaration.field.mode", "select", NULL, NULL },
	{ "tempat", "declaration.field.place", "text", "off", "declaration.hint.place" },
	{ "tautan", "declaration.field.link", "url", "off", "declaration.hint.link" },
	{ "saksi_rencana", "declaration.field.planned_witnesses", "textarea", "off",
	    "declaration.hint.planned_witnesses" },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const struct field_spec approve_fields[] = {
	{ "saksi_ditjen_nama", "declaration.field.ditjen_name", "text", "off", NULL },
	{ "saksi_ditjen_jabatan", "declaration.field.ditjen_position", "text", "off", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const struct field_spec reject_fields[] = {
	{ "alasan", "declaration.field.reason", "textarea", "off", "declaration.hint.reason" },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const struct field_spec record_fields[] = {
	{ "tanggal_pelaksanaan", "declaration.field.actual_date", "date", "off",
	    "declaration.hint.actual_date" },
	{ "moda_pelaksanaan", "declaration.field.actual_mode", "select", NULL, NULL },
	{ "jumlah_hadir", "declaration.field.attendance", "number", "off",
	    "declaration.hint.attendance" },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const struct field_spec upload_fields[] = {
	{ "pernyataan", "declaration.field.statement", "file", NULL,
	    "declaration.hint.statement" },
	{ "foto", "declaration.field.photos", "file", NULL, "declaration.hint.photos" },
	{ NULL, NULL, NULL, NULL, NULL },
};

/* The fields a form's validators require (the page marks them). */
/* clang-format off */
static const char *const required_names[] = {
	"tanggal", "moda", "saksi_ditjen_nama", "saksi_ditjen_jabatan", "alasan",
	"tanggal_pelaksanaan", "moda_pelaksanaan", "jumlah_hadir", NULL,
};
/* clang-format on */

static const char *const modes[] = { "luring", "daring", "hibrida", NULL };
static const char *const kinds[] = { "ditjen_ham", "forkopimda", "lainnya", NULL };
static const char *const presences[] = { "luring", "daring", NULL };

/* A field's value as the user sent it ("" when none). */
static const char *
value_of(json_t *fields, const char *name)
{
	const char *v = json_string_value(
	    json_object_get(json_object_get(fields, name), "value"));

	return v != NULL ? v : "";
}

/* Options {value, label, selected} of a select over codes, labels from
 * the catalog's entries prefix+code. */
static json_t *
options(struct request *req, const char *const *codes, const char *prefix, const char *selected)
{
	json_t *opts = json_array();
	size_t i;

	for (i = 0; codes[i] != NULL; i++)
		json_array_append_new(opts,
		    form_catalog_option(req_lang(req), prefix, codes[i],
			strcmp(codes[i], selected) == 0));
	return opts;
}

static void
set_options(struct request *req, json_t *fields, const char *name,
    const char *const *codes, const char *prefix)
{
	json_t *f = json_object_get(fields, name);

	if (f != NULL)
		json_object_set_new(f, "options",
		    options(req, codes, prefix, value_of(fields, name)));
}

json_t *
decl_fields(struct request *req, enum decl_form f, bool refill)
{
	static const struct field_spec *const specs[DF_MAX] = {
		[DF_REQUEST] = request_fields,
		[DF_APPROVE] = approve_fields,
		[DF_REJECT] = reject_fields,
		[DF_RECORD] = record_fields,
		[DF_UPLOAD] = upload_fields,
	};
	json_t *fields, *fm;
	size_t i;

	if (f >= DF_MAX || specs[f] == NULL)
		return json_object();
	if ((fields = form_fields(req, specs[f], refill)) == NULL)
		return NULL;
	for (i = 0; required_names[i] != NULL; i++)
		if ((fm = json_object_get(fields, required_names[i])) != NULL)
			json_object_set_new(fm, "required", json_true());
	set_options(req, fields, "moda", modes, "declaration.mode.");
	set_options(req, fields, "moda_pelaksanaan", modes, "declaration.mode.");
	if ((fm = json_object_get(fields, "pernyataan")) != NULL)
		json_object_set_new(fm, "accept",
		    json_string("application/pdf,image/jpeg,image/png,image/webp"));
	if ((fm = json_object_get(fields, "foto")) != NULL) {
		json_object_set_new(fm, "accept",
		    json_string("image/jpeg,image/png,image/webp"));
		json_object_set_new(fm, "multiple", json_true());
	}
	return fields;
}

json_t *
decl_witness_rows(struct request *req, bool refill)
{
	enum lang l = req_lang(req);
	json_t *rows = json_array(), *row, *fields;
	char names[6][24];
	struct field_spec spec[7];
	int i;

	for (i = 1; rows != NULL && i <= DECL_WITNESS_ROWS; i++) {
		snprintf(names[0], sizeof(names[0]), "saksi_nama_%d", i);
		snprintf(names[1], sizeof(names[1]), "saksi_jabatan_%d", i);
		snprintf(names[2], sizeof(names[2]), "saksi_instansi_%d", i);
		snprintf(names[3], sizeof(names[3]), "saksi_jenis_%d", i);
		snprintf(names[4], sizeof(names[4]), "saksi_hadir_%d", i);
		snprintf(names[5], sizeof(names[5]), "saksi_dari_%d", i);
		spec[0] = (struct field_spec){ names[0], "declaration.witness.name",
			"text", "off", NULL };
		spec[1] = (struct field_spec){ names[1], "declaration.witness.position",
			"text", "off", NULL };
		spec[2] = (struct field_spec){ names[2],
			"declaration.witness.institution", "text", "off", NULL };
		spec[3] = (struct field_spec){ names[3], "declaration.witness.kind",
			"select", NULL, NULL };
		spec[4] = (struct field_spec){ names[4], "declaration.witness.presence",
			"select", NULL, NULL };
		spec[5] = (struct field_spec){ names[5], "declaration.witness.attended_from",
			"text", "off", "declaration.witness.attended_from_hint" };
		spec[6] = (struct field_spec){ NULL, NULL, NULL, NULL, NULL };
		if ((fields = form_fields(req, spec, refill)) == NULL)
			break;
		set_options(req, fields, names[3], kinds, "declaration.kind.");
		set_options(req, fields, names[4], presences, "declaration.presence.");
		row = json_pack("{s:i, s:s, s:O, s:O, s:O, s:O}", "n", i, "legend",
		    i18n_fill(&req->arena, i18n_get(l, "declaration.witness.legend"), i),
		    "nama", json_object_get(fields, names[0]), "jabatan",
		    json_object_get(fields, names[1]), "instansi",
		    json_object_get(fields, names[2]), "jenis",
		    json_object_get(fields, names[3]));
		json_object_set(row, "hadir", json_object_get(fields, names[4]));
		json_object_set(row, "dari", json_object_get(fields, names[5]));
		json_decref(fields);
		if (row != NULL && i > 1)
			json_object_set_new(row, "optional", json_true());
		json_array_append_new(rows, row);
	}
	return rows;
}

/* Set a problem (catalog key) on a field unless it has one already. */
static void
flag(struct request *req, json_t *fields, const char *name, const char *key, bool *bad)
{
	json_t *f = json_object_get(fields, name);

	*bad = true;
	if (f != NULL && json_object_get(f, "error") == NULL)
		form_set_error(req, fields, name, key);
}

/* The same with a message already in the user's language. */
static void
flag_text(json_t *fields, const char *name, const char *text, bool *bad)
{
	json_t *f = json_object_get(fields, name);

	*bad = true;
	if (f != NULL && json_object_get(f, "error") == NULL)
		json_object_set_new(f, "error", json_string(text));
}

const char *
decl_mode_label(struct request *req, const char *mode)
{
	char key[64];

	if (mode == NULL || mode[0] == '\0')
		return "";
	snprintf(key, sizeof(key), "declaration.mode.%s", mode);
	return i18n_get(req_lang(req), key);
}

bool
decl_link_valid(const char *s)
{
	const char *h, *p;
	bool dot = false;

	if (strncasecmp(s, "https://", 8) != 0)
		return false;
	h = s + 8;
	for (p = h; (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	     (*p >= '0' && *p <= '9') || *p == '-' || *p == '.';
	     p++)
		if (*p == '.')
			dot = true;
	if (p == h || !dot || *h == '.' || *h == '-' || p[-1] == '.' || p[-1] == '-' ||
	    strstr(h, "..") != NULL)
		return false;
	if (*p == ':') {
		const char *q = ++p;

		while (*p >= '0' && *p <= '9')
			p++;
		if (p == q || p - q > 5)
			return false;
	}
	if (*p != '\0' && *p != '/' && *p != '?' && *p != '#')
		return false;
	for (; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
			return false;
	return true;
}

bool
decl_check_request(struct request *req, struct svc *s, const struct participation *p,
    json_t *fields)
{
	const char *date = req_param(req, "tanggal")->text;
	const char *mode = req_param(req, "moda")->text;
	const struct param_value *place = req_param(req, "tempat");
	const struct param_value *link = req_param(req, "tautan");
	struct decl_days days;
	enum decl_date r;
	bool bad = form_has_errors(req);

	if (req_param_error(req, "tanggal") == VE_OK) {
		decl_days_of(s, p, NULL, &days);
		if ((r = decl_request_date(date, &days)) != DECL_DATE_OK)
			flag_text(fields, "tanggal", decl_date_message(s, r, &days), &bad);
	}
	if (req_param_error(req, "moda") == VE_OK) {
		if (strcmp(mode, "daring") != 0 && !place->present &&
		    req_param_error(req, "tempat") == VE_OK)
			flag(req, fields, "tempat", "declaration.error.place_required", &bad);
		if (strcmp(mode, "luring") != 0 && !link->present &&
		    req_param_error(req, "tautan") == VE_OK)
			flag(req, fields, "tautan", "declaration.error.link_required", &bad);
	}
	if (link->present && req_param_error(req, "tautan") == VE_OK &&
	    !decl_link_valid(link->text))
		flag(req, fields, "tautan", "declaration.error.link_invalid", &bad);
	return bad;
}

/* The record's date against today, the window and p's live declaration
 * (when there is one: else the service refuses the record anyway). */
static void
check_record_date(struct request *req, struct svc *s, const struct participation *p,
    json_t *fields, bool *bad)
{
	const char *date = req_param(req, "tanggal_pelaksanaan")->text;
	struct decl_days days;
	struct err e;
	enum decl_date r;
	json_t *decls, *d;

	err_clear(&e);
	if (req_param_error(req, "tanggal_pelaksanaan") != VE_OK ||
	    (decls = decl_of(s, p, &e)) == NULL)
		return;
	d = json_array_get(decls, 0);
	decl_days_of(s, p, d != NULL && decl_num(d, "live") == 1 ? d : NULL, &days);
	if ((r = decl_record_date(date, &days)) != DECL_DATE_OK)
		flag_text(fields, "tanggal_pelaksanaan", decl_date_message(s, r, &days), bad);
	json_decref(decls);
}

bool
decl_check_record(struct request *req, struct svc *s, const struct participation *p,
    json_t *fields, json_t *rows)
{
	char name[48];
	const char *const parts[4] = { "nama", "jabatan", "instansi", "jenis" };
	bool bad = form_has_errors(req), present[4], any_row = false, any, online;
	json_t *row;
	size_t i;
	int k;

	check_record_date(req, s, p, fields, &bad);
	json_array_foreach(rows, i, row) {
		any = false;
		for (k = 0; k < 4; k++) {
			snprintf(name, sizeof(name), "saksi_%s_%zu", parts[k], i + 1);
			present[k] = req_param(req, name)->present;
			any = any || present[k];
		}
		if (!any)
			continue;
		any_row = true;
		for (k = 0; k < 4; k++) {
			snprintf(name, sizeof(name), "saksi_%s_%zu", parts[k], i + 1);
			if (k != 2 && !present[k] && req_param_error(req, name) == VE_OK)
				flag(req, row, parts[k],
				    "declaration.error.witness_incomplete", &bad);
		}
		/* An online witness is recorded with where they watched from. */
		snprintf(name, sizeof(name), "saksi_hadir_%zu", i + 1);
		online = strcmp(req_param(req, name)->text, "daring") == 0;
		snprintf(name, sizeof(name), "saksi_dari_%zu", i + 1);
		if (online && !req_param(req, name)->present)
			flag(req, row, "dari", "declaration.error.attended_from_missing", &bad);
	}
	if (!any_row)
		flag(req, json_array_get(rows, 0), "nama",
		    "declaration.error.witness_none", &bad);
	return bad;
}
