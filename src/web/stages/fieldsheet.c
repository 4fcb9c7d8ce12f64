/*
 * fieldsheet.c - the printable field sheet of a participation's site visit,
 * GET /partisipasi/{id}/verifikasi/lembar-lapangan.pdf: every indicator
 * that applies to the unit with its answer and evidence, boxes to tick per
 * verdict, lines for the note, and a QR code that opens the indicator on
 * the verification page (docs/fieldsheet.h). For whoever may see the
 * verification page.
 */
#include <stdio.h>
#include <string.h>

#include "web/app.h"
#include "web/pdf_reply.h"
#include "web/routes.h"
#include "web/stages/participation.h"
#include "docs/fieldsheet.h"
#include "svc/verification.h"

#define HEAD_FIELDS 3

/* "Data dukung: a.pdf, b.jpg", or that there is none. */
static const char *
evidence_text(struct request *req, json_t *files)
{
	enum lang l = req_lang(req);
	struct buf b;
	const char *out;
	json_t *f;
	size_t i;

	buf_init(&b, 8192);
	buf_printf(&b, "%s: ", i18n_get(l, "building.evidence"));
	json_array_foreach(files, i, f)
		buf_printf(&b, "%s%s", i ? ", " : "",
		    json_string_value(json_object_get(f, "name")));
	if (json_array_size(files) == 0)
		buf_printf(&b, "%s", i18n_get(l, "building.no_evidence"));
	out = b.failed ? "" : arena_strdup(&req->arena, buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* The items of v's applicable indicators, in the arena; their count in *n. */
static struct fieldsheet_item *
items_of(struct request *req, const struct verification *v, const char *base, size_t *n)
{
	enum rulebook_lang rl = req_lang(req) == LANG_EN ? RULEBOOK_LANG_EN : RULEBOOK_LANG_ID;
	const struct rulebook *rb = v->b.rb;
	struct fieldsheet_item *out;
	const struct rb_option *opt;
	size_t i, j, cap = 0;

	for (i = 0; i < rb->criterion_count; i++)
		cap += rb->criteria[i].indicator_count;
	if ((out = arena_alloc(&req->arena, (cap + 1) * sizeof(*out))) == NULL)
		return NULL;
	*n = 0;
	for (i = 0; i < rb->criterion_count; i++)
		for (j = 0; j < rb->criteria[i].indicator_count; j++) {
			const struct rb_indicator *ind = &rb->criteria[i].indicators[j];

			if (!rulebook_indicator_applies(rb, ind, v->b.p.unit_type))
				continue;
			opt = rulebook_option(ind,
			    json_string_value(json_object_get(
				json_object_get(v->b.answers, ind->code), "option_code")));
			out[*n] = (struct fieldsheet_item){
				.heading = arena_printf(&req->arena, "%zu.%zu  %s \xe2\x80\x94 %s",
				    i + 1, j + 1, ind->code, rb_text_get(&ind->text, rl)),
				.answer = arena_printf(&req->arena, "%s: %s",
				    i18n_get(req_lang(req), "building.answer"),
				    opt ? rb_text_get(&opt->label, rl)
					: i18n_get(req_lang(req), "building.not_answered")),
				.evidence = evidence_text(req,
				    json_object_get(v->b.evidence, ind->code)),
				.qr_text = arena_printf(&req->arena,
				    "%s/partisipasi/%lld/verifikasi#indikator-%s", base,
				    (long long)v->b.p.id, ind->code),
			};
			(*n)++;
		}
	return out;
}

static int
sheet_get(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	const char *head[HEAD_FIELDS] = { i18n_get(l, "offline.sheet.date"),
		i18n_get(l, "offline.sheet.present"), i18n_get(l, "offline.sheet.findings") };
	struct fieldsheet fs = { 0 };
	struct verification v;
	const char *base;
	struct svc s;
	struct buf b;
	size_t len, n = 0;
	int rc = -1;

	memset(&v, 0, sizeof(v));
	buf_init(&b, 32 * 1024 * 1024);
	if (web_svc(req, &s, e) < 0 ||
	    verification_load(&s, req_param(req, "id")->i, &v, e) < 0)
		goto out;
	base = s.public_url ? s.public_url : "";
	len = strlen(base);
	if (len > 0 && base[len - 1] == '/')
		base = arena_printf(&req->arena, "%.*s", (int)(len - 1), base);
	fs = (struct fieldsheet){ .title = i18n_get(l, "offline.sheet.title"),
		.subtitle = arena_printf(&req->arena, "%s \xc2\xb7 %s", v.b.p.unit_name,
		    v.b.p.cycle_title),
		.head_fields = head,
		.nhead = HEAD_FIELDS,
		.choices = { i18n_get(l, "assessment.verdict.label.verified"),
		    i18n_get(l, "assessment.verdict.label.needs_revision"),
		    i18n_get(l, "assessment.verdict.label.not_met") },
		.note_label = i18n_get(l, "assessment.verdict.note"),
		.page_ref = v.b.p.unit_name };
	if ((fs.items = items_of(req, &v, base, &n)) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	fs.count = n;
	if (fieldsheet_render(&fs, &b, e) < 0)
		goto out;
	rc = web_pdf_reply(req, rep, &b,
	    arena_printf(&req->arena, "lembar-lapangan-%lld", (long long)v.b.p.id),
	    "private, no-store", e);
out:
	buf_free(&b);
	verification_free(&v);
	return rc;
}

/* clang-format off */
static const struct route routes[] = {
	ROUTE_GET("/partisipasi/{id}/verifikasi/lembar-lapangan.pdf", sheet_get, NULL,
	    SIGNED_IN, .params = route_params_id,
	    .produces = "application/pdf",
	    .about = "The printable field sheet of a verification visit, "
		"with a QR code per indicator (PDF)"),
};
/* clang-format on */
ROUTE_TABLE(fieldsheet_routes, routes);
