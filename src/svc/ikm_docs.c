/*
 * ikm_docs.c - the satisfaction survey's printed documents, made on demand
 * and never numbered: the regulation's report of a unit's index (a letter
 * whose words come from templates/documents/LANG/ikm_report.mustache, its
 * table the NRR of every element, the index, the IKM and the grade; the QR
 * code opens the unit's public IKM page) and the posters that invite the
 * public to answer (one A4 page per unit: the question, the QR code of the
 * unit's survey and its short address to type).
 */
#include <inttypes.h>
#include <string.h>

#include "base/timefmt.h"
#include "core/region.h"
#include "docs/pdf.h"
#include "docs/words.h"
#include "svc/documents.h"
#include "svc/ikm.h"
#include "view/view.h"

#define WORDS_MAX (64 * 1024) /* bytes of the report's rendered words */

/* The report's model: what its template may print. */
static json_t *
report_model(struct svc *s, const struct ikm_unit *u)
{
	json_t *m = ikm_unit_json(s, u);
	const struct province *p = province_find(u->province);

	if (m == NULL)
		return NULL;
	json_object_set_new(m, "unit_name", json_string(u->name));
	json_object_set_new(m, "province", json_string(u->province_name));
	json_object_set_new(m, "date",
	    json_string(time_local_text(s->arena, s->now, tz_offset(p ? p->tz : TZ_WIB),
		NULL, s->lang == LANG_EN ? TIME_EN : TIME_ID, TIME_DATE)));
	return m;
}

/* w's rows as the PDF's, in s's arena. */
static struct pdf_row *
rows_of(struct svc *s, const struct words *w)
{
	struct pdf_row *rows = arena_alloc(s->arena, (w->nrows + 1) * sizeof(*rows));
	size_t i;

	for (i = 0; rows != NULL && i < w->nrows; i++)
		rows[i] = (struct pdf_row){ w->rows[i].label, w->rows[i].value };
	return rows;
}

int
ikm_report_pdf(struct svc *s, const struct ikm_unit *u, struct buf *out, struct err *e)
{
	const char *name = arena_printf(s->arena, "documents/%s/ikm_report",
	    i18n_code(s->lang));
	json_t *model = NULL, *guarded = NULL;
	struct pdf_doc pd = { 0 };
	struct words w;
	struct buf text;
	int rc = -1;

	buf_init(&text, WORDS_MAX);
	if (name == NULL || (model = report_model(s, u)) == NULL ||
	    (guarded = words_guard(model)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto done;
	}
	if (view_render(name, guarded, &text, e) < 0 ||
	    words_read(buf_cstr(&text), text.len, s->arena, &w, e) < 0 ||
	    document_letterhead(s, &pd, e) < 0)
		goto done;
	pd.style = PDF_LETTER;
	pd.title = w.title;
	pd.paragraphs = w.paragraphs;
	pd.nparagraphs = w.nparagraphs;
	pd.rows = rows_of(s, &w);
	pd.nrows = w.nrows;
	pd.date_line = w.place != NULL
	    ? arena_printf(s->arena, "%s, %s", w.place,
		  json_string_value(json_object_get(model, "date")))
	    : json_string_value(json_object_get(model, "date"));
	pd.signer_title = w.signer;
	pd.signer_name = w.name;
	pd.qr_text = arena_printf(s->arena, "%s/ikm/%" PRId64 "?periode=%s",
	    s->public_url, u->id, u->period);
	pd.footer_note = svc_msg(s, "ikm.report.footer");
	pd.page_ref = arena_printf(s->arena, "IKM %" PRId64 " %s", u->id, u->period);
	pd.meta_title = arena_printf(s->arena, "%s - %s %s", w.title, u->name, u->period);
	if (pd.rows == NULL || pd.qr_text == NULL || pd.page_ref == NULL ||
	    pd.meta_title == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto done;
	}
	rc = pdf_render(&pd, out, e);
done:
	json_decref(model);
	json_decref(guarded);
	buf_free(&text);
	return rc;
}

/* The poster of unit id called name, into pd (texts in s's arena). The
 * posters hang where the public is served: always in Bahasa Indonesia. */
static int
poster_of(struct svc *s, int64_t id, const char *name, const struct pdf_doc *head,
    struct pdf_doc *pd)
{
	const char **paras = arena_alloc(s->arena, 2 * sizeof(*paras));
	const char *host = strstr(s->public_url, "://");

	*pd = *head;
	host = host != NULL ? host + 3 : s->public_url;
	if (paras == NULL)
		return -1;
	paras[0] = i18n_get(LANG_ID, "ikm.poster.scan");
	paras[1] = i18n_get(LANG_ID, "ikm.poster.why");
	pd->style = PDF_POSTER;
	pd->headline = name;
	pd->title = i18n_get(LANG_ID, "ikm.poster.question");
	pd->paragraphs = paras;
	pd->nparagraphs = 2;
	pd->qr_text = arena_printf(s->arena, "%s/survei/%" PRId64, s->public_url, id);
	pd->serial_line = i18n_get(LANG_ID, "ikm.poster.type");
	pd->footer_note = arena_printf(s->arena, "%s/survei/%" PRId64, host, id);
	pd->page_ref = i18n_get(LANG_ID, "ikm.poster.basis");
	pd->meta_title = arena_printf(s->arena, "%s - %s", pd->title, name);
	return pd->qr_text == NULL || pd->footer_note == NULL || pd->meta_title == NULL ? -1
											: 0;
}

int
ikm_poster_pdf(struct svc *s, int64_t unit_id, struct buf *out, struct err *e)
{
	struct pdf_doc head = { 0 }, pd;
	struct ikm_unit u;

	if (ikm_unit_load(s, unit_id, NULL, &u, e) < 0 || document_letterhead(s, &head, e) < 0)
		return -1;
	if (poster_of(s, unit_id, u.name, &head, &pd) < 0) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	return pdf_render(&pd, out, e);
}

int
ikm_posters_province(struct svc *s, const struct db_param *scope, int province,
    struct buf *out, size_t *count, struct err *e)
{
	struct pdf_doc head = { 0 }, *docs = NULL;
	struct db_param prm[5];
	json_t *rows = NULL, *row;
	size_t i, n;
	int rc = -1;

	*count = 0;
	memcpy(prm, scope, 4 * sizeof(*prm));
	prm[4] = DBP_INT(province);
	if (document_letterhead(s, &head, e) < 0 ||
	    db_exec(s->c, DB_IKM_PROVINCE_UNITS, prm, 5, &rows, e) < 0)
		return -1;
	if ((n = json_array_size(rows)) == 0) {
		err_set(e, ERR_NOT_FOUND, "no unit in province %d", province);
		goto done;
	}
	if ((docs = arena_alloc(s->arena, n * sizeof(*docs))) == NULL)
		goto nomem;
	json_array_foreach(rows, i, row) {
		const char *name = arena_strdup(s->arena,
		    json_string_value(json_object_get(row, "name")));

		if (name == NULL ||
		    poster_of(s, json_integer_value(json_object_get(row, "id")), name,
			&head, &docs[i]) < 0)
			goto nomem;
	}
	if ((rc = pdf_render_set(docs, n, out, e)) == 0)
		*count = n;
	goto done;
nomem:
	err_set(e, ERR_NOMEM, "out of memory");
done:
	json_decref(rows);
	return rc;
}
