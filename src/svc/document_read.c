/*
 * document_read.c - documents read back (documents.h): the pattern of a
 * serial, the exact text a signature covers and its check, a document's
 * row as pages show it, a participation's list, the lookup by serial, and
 * whether a serial was ever taken. Issuing and withdrawing are
 * documents.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svc/documents.h"
#include "base/timefmt.h"
#include "core/region.h"
#include "docs/sign.h"

#define MESSAGE_TAG "p2ham-document-1"

static enum tz
tz_of(int province)
{
	const struct province *p = province_find(province);

	return p != NULL ? p->tz : TZ_WIB;
}

static bool
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool
document_serial_valid(const char *s)
{
	int k;

	if (s == NULL || strlen(s) != 15 || s[3] != '-' || s[8] != '-' ||
	    !digits(s + 4, 4) || !digits(s + 9, 6))
		return false;
	for (k = 0; k < DOC_KIND_MAX; k++)
		if (memcmp(s, doc_kind_prefix((enum doc_kind)k), 3) == 0)
			return true;
	return false;
}

void
document_message(struct buf *b, const struct doc_signed *f)
{
	buf_printf(b,
	    MESSAGE_TAG "\nserial: %s\nkind: %s\nissued_at: %s\nunit: %s\n"
			"title: %s\nissuer: %s\nsha256: %s\n",
	    f->serial, f->kind, f->issued_at, f->unit_name, f->title, f->issuer, f->sha256);
}

bool
document_signature_ok(const unsigned char pk[SIGN_PUBLIC_BYTES],
    const struct doc_signed *f, const char *signature)
{
	unsigned char sig[SIGN_BYTES];
	struct buf b;
	bool ok;

	if (sign_base64_decode(sig, sizeof(sig), signature) < 0)
		return false;
	buf_init(&b, 64 * 1024);
	document_message(&b, f);
	ok = !b.failed && sign_verify(pk, b.data, b.len, sig);
	buf_free(&b);
	return ok;
}

bool
document_signed_of(json_t *row, struct doc_signed *f)
{
#define S(k) json_string_value(json_object_get(row, k))
	*f = (struct doc_signed){ .serial = S("serial"),
		.kind = S("kind"),
		.issued_at = S("issued_at"),
		.unit_name = S("unit_name"),
		.title = S("title"),
		.issuer = S("issuer"),
		.sha256 = S("sha256") };
#undef S
	return f->serial && f->kind && f->issued_at && f->unit_name && f->title &&
	    f->issuer && f->sha256;
}

static const char *
kind_label(enum lang l, const char *code)
{
	char key[96];

	snprintf(key, sizeof(key), "documents.kind.%s", code != NULL ? code : "");
	return i18n_get(l, key);
}

/* An instant of a document in zone tz, in s's language. */
static const char *
zone_time(struct svc *s, enum tz tz, const char *iso)
{
	return time_iso_text(s->arena, iso, tz_offset(tz), tz_code(tz),
	    i18n_time_lang(s->lang), TIME_DATE_TIME);
}

json_t *
document_json(struct svc *s, json_t *row)
{
	enum lang l = s->lang;
	enum tz tz = tz_of((int)json_integer_value(json_object_get(row, "province_code")));
	const char *serial = json_string_value(json_object_get(row, "serial"));
	const char *kind = json_string_value(json_object_get(row, "kind"));
	const char *issued = json_string_value(json_object_get(row, "issued_at"));
	const char *withdrawn = json_string_value(json_object_get(row, "withdrawn_at"));

	if (serial == NULL)
		return NULL;
	return json_pack(
	    "{s:I, s:s, s:s, s:s, s:O, s:O, s:O, s:I, s:s, s:O, s:s, s:s, s:s,"
	    " s:b, s:s?, s:O?, s:O?, s:O}",
	    "id", (json_int_t)json_integer_value(json_object_get(row, "id")), "serial", serial,
	    "kind", kind != NULL ? kind : "", "kind_label", kind_label(l, kind), "title",
	    json_object_get(row, "title"), "unit_name", json_object_get(row, "unit_name"),
	    "issuer", json_object_get(row, "issuer"), "participation_id",
	    (json_int_t)json_integer_value(json_object_get(row, "participation_id")),
	    "issued_at", zone_time(s, tz, issued), "issued_at_iso",
	    json_object_get(row, "issued_at"), "href",
	    arena_printf(s->arena, "/dokumen/%s", serial), "verify_href",
	    arena_printf(s->arena, "/verifikasi/%s", serial), "verify_url",
	    arena_printf(s->arena, "%s/verifikasi/%s", s->public_url, serial),
	    "withdrawn", withdrawn != NULL, "withdrawn_at",
	    withdrawn != NULL ? zone_time(s, tz, withdrawn) : NULL, "withdrawn_at_iso",
	    json_object_get(row, "withdrawn_at"), "withdrawn_reason",
	    json_object_get(row, "withdrawn_reason"), "sha256",
	    json_object_get(row, "sha256"));
}

json_t *
documents_list(struct svc *s, int64_t participation_id, struct err *e)
{
	json_t *rows = NULL, *row, *list, *v;
	size_t i;

	if (db_exec(s->c, DB_DOCUMENT_LIST,
		(struct db_param[]){ DBP_INT(participation_id) }, 1, &rows, e) < 0)
		return NULL;
	if ((list = json_array()) == NULL)
		goto oom;
	json_array_foreach(rows, i, row) {
		if ((v = document_json(s, row)) == NULL || json_array_append_new(list, v) < 0)
			goto oom;
	}
	json_decref(rows);
	return list;
oom:
	json_decref(rows);
	json_decref(list);
	err_set(e, ERR_NOMEM, "out of memory");
	return NULL;
}

int
document_find(struct db_conn *c, const char *serial, json_t **row, struct err *e)
{
	json_t *rows = NULL;

	*row = NULL;
	if (db_exec(c, DB_DOCUMENT_BY_SERIAL, (struct db_param[]){ DBP_TEXT(serial) }, 1,
		&rows, e) < 0)
		return -1;
	*row = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return 0;
}

int
document_serial_taken(struct db_conn *c, const char *serial, bool *taken, struct err *e)
{
	int64_t year, seq, last;
	int k;

	*taken = false;
	if (!document_serial_valid(serial))
		return 0;
	for (k = 0; k < DOC_KIND_MAX; k++)
		if (memcmp(serial, doc_kind_prefix((enum doc_kind)k), 3) == 0)
			break;
	year = strtoll(serial + 4, NULL, 10);
	seq = strtoll(serial + 9, NULL, 10);
	if (db_exec_int(c, DB_DOCUMENT_SERIAL_LAST,
		(struct db_param[]){ DBP_TEXT(doc_kind_code((enum doc_kind)k)), DBP_INT(year) },
		2, "last_seq", &last, e) < 0)
		return -1;
	*taken = seq >= 1 && seq <= last;
	return 0;
}
