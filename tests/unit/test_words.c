/*
 * test_words.c - the words of generated documents: the reading of a
 * rendered template (paragraphs, @title, @row, @place, @signer, @name, the
 * engine's escapes, the guard that keeps typed values from making
 * structure, and the mistakes a template can hold); every document kind has
 * a template in every language of the catalogs, and each renders with an
 * example model; the Indonesian templates say word for word what the
 * documents said when their text was written in C.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "base/arena.h"
#include "docs/words.h"
#include "svc/document_words.h"
#include "view/i18n.h"
#include "view/view.h"

#define DOTS ".............................." /* thirty */
#define UNIT "Kantor Imigrasi Kelas I TPI Gorontalo"

/* Read text into w, expecting success. */
static void
read_ok(struct arena *a, const char *text, struct words *w)
{
	struct err e;

	err_clear(&e);
	if (words_read(text, strlen(text), a, w, &e) < 0)
		fail_msg("words_read: %s", e.msg);
}

/* Read text, expecting a template error whose message holds want. */
static void
read_fails(const char *text, const char *want)
{
	struct arena a;
	struct words w;
	struct err e;

	arena_init(&a, 0);
	err_clear(&e);
	assert_int_equal(words_read(text, strlen(text), &a, &w, &e), -1);
	assert_int_equal(e.kind, ERR_TEMPLATE);
	if (strstr(e.msg, want) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, want);
	arena_free(&a);
}

static void
reads_the_parts(void **state)
{
	struct arena a;
	struct words w;

	(void)state;
	arena_init(&a, 0);
	read_ok(&a,
	    "\t@title  SURAT\n@title KETERANGAN  \n\n\n  Satu baris\r\n"
	    "  dan baris kedua.  \r\n\r\n1. butir &amp; &lt;isi&gt; &quot;x&quot; "
	    "&#39;y&#39;;"
	    "\n\n@row Unit kerja | " UNIT "\n@row Kosong |\n@row  Nilai | a: b \n"
	    "@place Gorontalo\n@signer Kepala\n@signer Kantor\n@name Budi\n",
	    &w);
	assert_string_equal(w.title, "SURAT KETERANGAN");
	assert_int_equal(w.nparagraphs, 2);
	assert_string_equal(w.paragraphs[0], "Satu baris dan baris kedua.");
	assert_string_equal(w.paragraphs[1], "1. butir & <isi> \"x\" 'y';");
	assert_int_equal(w.nrows, 3);
	assert_string_equal(w.rows[0].label, "Unit kerja");
	assert_string_equal(w.rows[0].value, UNIT);
	assert_string_equal(w.rows[1].label, "Kosong");
	assert_string_equal(w.rows[1].value, "");
	assert_string_equal(w.rows[2].label, "Nilai");
	assert_string_equal(w.rows[2].value, "a: b");
	assert_string_equal(w.place, "Gorontalo");
	assert_string_equal(w.signer, "Kepala Kantor");
	assert_string_equal(w.name, "Budi");
	/* Only a title: the rest is left out. */
	read_ok(&a, "@title T", &w);
	assert_string_equal(w.title, "T");
	assert_int_equal(w.nparagraphs, 0);
	assert_int_equal(w.nrows, 0);
	assert_null(w.place);
	assert_null(w.signer);
	assert_null(w.name);
	arena_free(&a);
}

static void
refuses_broken_text(void **state)
{
	(void)state;
	read_fails("@title T\n@judul X\n", "line 2: unknown instruction @judul");
	read_fails("@title T\n@rows a | b\n", "unknown instruction @rows ");
	read_fails("@title T\n@row|a | b\n", "unknown instruction @row|a ");
	read_fails("@title T\n@row tanpa pemisah\n", "line 2: @row needs a label");
	read_fails("@title T\n@row a | b\nLalu paragraf.\n", "line 3: paragraph text after");
	read_fails("Paragraf saja.\n", "no @title");
	read_fails("@title\n", "no @title");
}

/* What a user types cannot start a paragraph, a row or an instruction,
 * and comes out as typed, line breaks and all. */
static void
guards_typed_values(void **state)
{
	static const char typed[] = "Baris satu\n\n@name Palsu\n| a | b\r\nA &amp; B <c>";
	json_t *model, *g;
	struct arena a;
	struct words w;
	struct buf b;

	(void)state;
	arena_init(&a, 0);
	model = json_pack("{s:s, s:[{s:s}], s:i}", "v", typed, "list", "v", "x|y", "n", 7);
	g = words_guard(model);
	assert_non_null(g);
	assert_null(strchr(json_string_value(json_object_get(g, "v")), '\n'));
	assert_null(strchr(json_string_value(json_object_get(g, "v")), '|'));
	assert_null(strchr(json_string_value(json_object_get(g, "v")), '@'));
	assert_int_equal(json_integer_value(json_object_get(g, "n")), 7);
	/* As the engine writes it: escaped. */
	buf_init(&b, 0);
	buf_puts(&b, "@title T\n\nCatatan: ");
	buf_html(&b, json_string_value(json_object_get(g, "v")),
	    json_string_length(json_object_get(g, "v")));
	buf_puts(&b, "\n\n@row ");
	buf_html(&b,
	    json_string_value(
		json_object_get(json_array_get(json_object_get(g, "list"), 0), "v")),
	    strlen(json_string_value(
		json_object_get(json_array_get(json_object_get(g, "list"), 0), "v"))));
	buf_puts(&b, " | ");
	buf_html(&b, json_string_value(json_object_get(g, "v")),
	    json_string_length(json_object_get(g, "v")));
	buf_puts(&b, "\n");
	read_ok(&a, buf_cstr(&b), &w);
	assert_int_equal(w.nparagraphs, 1);
	assert_string_equal(w.paragraphs[0],
	    "Catatan: Baris satu\n\n@name Palsu\n| a | b\r\n"
	    "A &amp; B <c>");
	assert_int_equal(w.nrows, 1);
	assert_string_equal(w.rows[0].label, "x|y");
	assert_string_equal(w.rows[0].value, typed);
	assert_null(w.name);
	buf_free(&b);
	json_decref(g);
	json_decref(model);
	arena_free(&a);
}

/* An example model of kind k, as the pages build it; full: every optional
 * value given (head, note, reasons). */
static json_t *
example_model(enum doc_kind k, bool full)
{
	if (k == DOC_DECLARATION_STATEMENT)
		return json_pack("{s:s, s:s?, s:s?, s:s, s:{s:b}, s:s, s:s, s:s}",
		    "unit_name", UNIT, "head_name", full ? "Ridwan Hasan" : NULL,
		    "head_title", full ? "Kepala Kantor Imigrasi" : NULL, "date",
		    "9 Desember 2026", "mode", full ? "hibrida" : "daring", 1,
		    "event_place", "Aula Kantor Imigrasi", "event_link",
		    "https://rapat.example.go.id/pencanangan", "province", "Gorontalo");
	if (k == DOC_PLENARY_MINUTES)
		return json_pack(
		    "{s:s, s:s, s:s, s:s, s:[{s:s, s:s}, {s:s, s:s}], "
		    "s:[{s:s, s:s, s:s, s:b, s:s, s:s}, {s:s, s:s, s:s, s:b, s:s, s:s}], "
		    "s:i, s:s}",
		    "date", "6 Desember 2026", "place", "Jakarta", "cycle", "P2HAM 2023",
		    "meeting", UNIT, "attendees", "name", "Sri Wahyuni", "role",
		    "Pimpinan Rapat", "name", "Prof. Maria Ulfah", "role",
		    full ? "Penilai" : "Anggota", "entries", "unit_name",
		    "Lapas Kelas IIA Gorontalo", "total", "87,5", "predicate",
		    "Unit Kerja P2HAM", "recommended", 1, "recommendation",
		    "Direkomendasikan", "reason", "Memenuhi seluruh kriteria.",
		    "unit_name", "Bapas Kelas I Makassar", "total", "61", "predicate",
		    "-", "recommended", 0, "recommendation", "Tidak direkomendasikan",
		    "reason", "Ambang kelulusan belum tercapai.", "count", 2,
		    "chair_name", "Sri Wahyuni");
	if (k == DOC_VERIFICATION_REPORT)
		return json_pack("{s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:s}, "
				 "{s:s, s:s, s:s, s:s}], s:[{s:i, s:s, s:i}], s:b, "
				 "s:[{s:s, s:s, s:s}], "
				 "s:b, s:i, s:s}",
		    "date", "6 Desember 2026", "unit_name", UNIT, "cycle", "P2HAM 2023",
		    "verifier_name", "Yohanes Paulus", "indicators", "code", "ramp",
		    "text", "Jalur landai", "verdict", "Terverifikasi", "note", "",
		    "code", "help_desk", "text", "Meja bantuan", "verdict",
		    "Tidak memenuhi", "note", full ? "Tidak ada meja bantuan." : "",
		    "rounds", "number", 1, "deadline", "13 Desember 2026", "items", 2,
		    "has_rounds", full, "visits", "date", "10 Desember 2026", "present",
		    "Kepala kantor", "findings", "Ramp tersedia", "has_visits", full,
		    "round_count", full ? 1 : 0, "province", "Sulawesi Selatan");
	return json_pack(
	    "{s:s, s:s, s:s, s:s, s:i, s:[{s:s, s:i, s:i, s:i}, "
	    "{s:s, s:i, s:i, s:i}], s:{s:i, s:i, s:i}, s:b, s:[{s:s, s:s}, {s:s, s:s}], "
	    "s:s?, s:b, s:s, s:s}",
	    "date", "6 Desember 2026", "unit_name", UNIT, "cycle", "P2HAM 2023",
	    "rulebook_code", "p2ham-2022", "rulebook_version", 1, "criteria", "name",
	    "Inovasi pelayanan publik", "percent", 100, "done", 3, "applicable", 3,
	    "name", "Integritas", "percent", 80, "done", 4, "applicable", 5, "overall",
	    "percent", 87, "done", 7, "applicable", 8, "passed",
	    k == DOC_EVALUATION_REPORT, "reasons", "criterion", "Aksesibilitas", "reason",
	    "Belum ada ruang tunggu\nlansia.", "criterion", "Integritas", "reason",
	    "Informasi biaya belum dipasang.", "note", full ? "Lengkap dan rapi." : NULL,
	    "admin", full, "province", "Gorontalo", "evaluator_name", "Fatmawati Yusuf");
}

/* The words of kind k in language l for model, expecting success. */
static void
words_of(struct arena *a, enum doc_kind k, enum lang l, json_t *model, struct doc_content *d)
{
	struct err e;

	err_clear(&e);
	memset(d, 0, sizeof(*d));
	if (document_words(a, k, l, model, d, &e) < 0)
		fail_msg("%s in %s: %s", doc_kind_code(k), i18n_code(l), e.msg);
	assert_int_equal(d->kind, k);
}

static void
every_kind_renders_in_every_language(void **state)
{
	struct doc_content d;
	struct arena a;
	json_t *model;
	int k, l, full;

	(void)state;
	arena_init(&a, 0);
	/* The letters about one unit; the decree and the certificate are
	 * laid out otherwise (decree_and_certificate_render). */
	for (k = 0; k < DOC_DECREE; k++)
		for (l = 0; l < LANG_MAX; l++)
			for (full = 0; full < 2; full++) {
				model = example_model((enum doc_kind)k, full);
				assert_non_null(model);
				words_of(&a, (enum doc_kind)k, (enum lang)l, model, &d);
				assert_non_null(d.title);
				assert_true(d.nparagraphs >= 2);
				assert_true(d.nlines >= 5);
				assert_non_null(strstr(d.paragraphs[0], UNIT));
				assert_string_equal(d.lines[0].value, UNIT);
				assert_non_null(d.place);
				assert_non_null(d.signer_title);
				assert_non_null(d.signer_name);
				json_decref(model);
			}
	arena_free(&a);
}

/* The decree names its number, its annex one row per unit and, when it
 * corrects another, that one; the certificate the predicate and the
 * decree. */
static void
decree_and_certificate_render(void **state)
{
	struct doc_content d;
	struct arena a;
	json_t *m;
	int l, full;

	(void)state;
	arena_init(&a, 0);
	for (l = 0; l < LANG_MAX; l++)
		for (full = 0; full < 2; full++) {
			m = json_pack("{s:s, s:i, s:s, s:s?, s:s?, s:i, s:s, s:s, s:i,"
				      " s:[{s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s}],"
				      " s:s, s:s, s:s}",
			    "number", "MHA-04.UM.04.01 Tahun 2024", "year", 2023,
			    "considerations", "bahwa penilaian telah selesai;", "amends",
			    full ? "MHA-01 Tahun 2024" : NULL, "amend_reason",
			    full ? "salah ketik" : NULL, "awarded", 1, "cycle",
			    "P2HAM 2023", "award_date", "10 Desember 2023", "count", 2,
			    "entries", "unit_name", UNIT, "province", "Gorontalo",
			    "predicate", "Unit Kerja P2HAM", "total", "87,50",
			    "unit_name", "Bapas", "province", "Sulawesi Selatan",
			    "predicate", "-", "total", "61,00", "place", "Jakarta",
			    "signer_title", "Menteri", "signer_name", "Natalius Pigai");
			words_of(&a, DOC_DECREE, (enum lang)l, m, &d);
			json_decref(m);
			assert_non_null(strstr(d.title, "MHA-04.UM.04.01 Tahun 2024"));
			assert_int_equal(d.nlines, 2);
			assert_non_null(strstr(d.lines[0].label, UNIT));
			assert_int_equal(full ? 1 : 0,
			    strstr(d.paragraphs[1], "MHA-01 Tahun 2024") != NULL);
			assert_string_equal(d.signer_name, "Natalius Pigai");
			m = json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s}",
			    "unit_name", UNIT, "predicate", "Unit Kerja P2HAM", "year",
			    2023, "decree_number", "MHA-04 Tahun 2024", "decree_date",
			    "1 Desember 2023", "place", "Jakarta", "signer_title",
			    "Menteri", "signer_name", "Natalius Pigai");
			words_of(&a, DOC_CERTIFICATE, (enum lang)l, m, &d);
			json_decref(m);
			assert_true(d.nparagraphs >= 3);
			assert_string_equal(d.paragraphs[2], "Unit Kerja P2HAM");
			assert_non_null(strstr(d.lines[0].value, "MHA-04 Tahun 2024"));
		}
	arena_free(&a);
}

/* A template that is not there is an error naming it. */
static void
missing_template_is_an_error(void **state)
{
	struct doc_content d;
	struct arena a;
	struct err e;
	json_t *model = json_object();

	(void)state;
	arena_init(&a, 0);
	err_clear(&e);
	assert_int_equal(document_words(&a, DOC_KIND_MAX, LANG_ID, model, &d, &e), -1);
	assert_int_equal(e.kind, ERR_TEMPLATE);
	assert_non_null(strstr(e.msg, "documents/id/"));
	json_decref(model);
	arena_free(&a);
}

static void
statement_says_what_it_said(void **state)
{
	/* clang-format off */
	static const char *const commitment[] = {
		"Dengan pencanangan ini saya berkomitmen untuk:",
		"1. menyelenggarakan pelayanan yang cepat, tepat, tidak diskriminatif, serta "
		"bebas dari pungutan liar, suap, dan gratifikasi;",
		"2. menyediakan sarana, prasarana, dan petugas yang siap membantu kelompok "
		"rentan: penyandang disabilitas, warga lanjut usia, ibu hamil dan menyusui, "
		"serta anak-anak;",
		"3. membuka saluran pengaduan, menjawab setiap pengaduan masyarakat, dan "
		"memperbaiki pelayanan berdasarkan hasil survei kepuasan masyarakat;",
		"4. membina seluruh pegawai agar memahami dan menerapkan prinsip hak asasi "
		"manusia dalam setiap pelayanan, serta bersedia dievaluasi dan dinilai sesuai "
		"ketentuan yang berlaku.",
		"Demikian surat pernyataan ini dibuat dengan sesungguhnya untuk dilaksanakan "
		"dengan penuh tanggung jawab.",
	};
	/* clang-format on */
	struct doc_content d;
	struct arena a;
	json_t *model;
	size_t i;

	(void)state;
	arena_init(&a, 0);
	model = example_model(DOC_DECLARATION_STATEMENT, true);
	words_of(&a, DOC_DECLARATION_STATEMENT, LANG_ID, model, &d);
	json_decref(model);
	assert_string_equal(d.title,
	    "SURAT PERNYATAAN PENCANANGAN PELAYANAN PUBLIK "
	    "BERBASIS HAK ASASI MANUSIA");
	assert_int_equal(d.nparagraphs, 7);
	assert_string_equal(d.paragraphs[0],
	    "Pada tanggal 9 Desember 2026, bertempat di "
	    "Aula Kantor Imigrasi, saya yang bertanda tangan di bawah ini, Ridwan Hasan, "
	    "Kepala Kantor Imigrasi, atas nama " UNIT
	    ", dengan ini mencanangkan Pelayanan "
	    "Publik Berbasis Hak Asasi Manusia di lingkungan unit kerja yang saya "
	    "pimpin.");
	for (i = 0; i < 6; i++)
		assert_string_equal(d.paragraphs[i + 1], commitment[i]);
	assert_int_equal(d.nlines, 5);
	assert_string_equal(d.lines[1].label, "Nama");
	assert_string_equal(d.lines[1].value, "Ridwan Hasan");
	assert_string_equal(d.lines[2].label, "Jabatan");
	assert_string_equal(d.lines[3].label, "Tanggal pencanangan");
	assert_string_equal(d.lines[3].value, "9 Desember 2026");
	assert_string_equal(d.lines[4].label, "Cara pelaksanaan");
	assert_string_equal(d.lines[4].value, "Hibrida (tatap muka dan daring)");
	assert_string_equal(d.place, "Gorontalo");
	assert_string_equal(d.signer_title, "Kepala Kantor Imigrasi");
	assert_string_equal(d.signer_name, "Ridwan Hasan");

	/* Online, and a registry without the head: the link, dots to fill in
	 * by hand, and the unit's head by office. */
	model = example_model(DOC_DECLARATION_STATEMENT, false);
	words_of(&a, DOC_DECLARATION_STATEMENT, LANG_ID, model, &d);
	json_decref(model);
	assert_string_equal(d.paragraphs[0],
	    "Pada tanggal 9 Desember 2026, bertempat di "
	    "https://rapat.example.go.id/pencanangan, saya yang bertanda tangan di bawah "
	    "ini, " DOTS ", Kepala " UNIT ", atas nama " UNIT
	    ", dengan ini mencanangkan Pelayanan "
	    "Publik Berbasis Hak Asasi Manusia di lingkungan unit kerja yang saya "
	    "pimpin.");
	assert_string_equal(d.lines[1].value, DOTS);
	assert_string_equal(d.lines[2].value, "Kepala " UNIT);
	assert_string_equal(d.lines[4].value, "Daring");
	assert_string_equal(d.signer_title, "Kepala " UNIT);
	assert_string_equal(d.signer_name, DOTS);
	arena_free(&a);
}

/* The rows both evaluation documents share, for the example model. */
static void
evaluation_rows(const struct doc_content *d)
{
	static const char *const want[][2] = {
		{ "Unit kerja", UNIT },
		{ "Siklus", "P2HAM 2023" },
		{ "Aturan", "p2ham-2022 v1" },
		{ "Kelengkapan kriteria Inovasi pelayanan publik", "100% (3/3 indikator)" },
		{ "Kelengkapan kriteria Integritas", "80% (4/5 indikator)" },
		{ "Kelengkapan seluruhnya", "87% (7/8 indikator)" },
	};
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_string_equal(d->lines[i].label, want[i][0]);
		assert_string_equal(d->lines[i].value, want[i][1]);
	}
}

static void
evaluation_says_what_it_said(void **state)
{
	static const char opening[] =
	    "Pada tanggal 6 Desember 2026 telah dilaksanakan "
	    "evaluasi atas hasil pembangunan Pelayanan Publik Berbasis Hak Asasi Manusia "
	    "pada " UNIT
	    " dalam P2HAM 2023, berdasarkan penilaian mandiri, data dukung dan catatan "
	    "pendampingan yang disampaikan melalui sistem P2HAM.";
	struct doc_content d;
	struct arena a;
	json_t *model;

	(void)state;
	arena_init(&a, 0);
	/* A pass by the programme's administrator, with a note. */
	model = example_model(DOC_EVALUATION_REPORT, true);
	words_of(&a, DOC_EVALUATION_REPORT, LANG_ID, model, &d);
	json_decref(model);
	assert_string_equal(d.title,
	    "BERITA ACARA HASIL EVALUASI PELAYANAN PUBLIK BERBASIS "
	    "HAK ASASI MANUSIA");
	assert_int_equal(d.nparagraphs, 3);
	assert_string_equal(d.paragraphs[0], opening);
	assert_string_equal(d.paragraphs[1],
	    "Berdasarkan hasil evaluasi tersebut, " UNIT
	    " dinyatakan LULUS evaluasi dan melanjutkan ke tahap penilaian.");
	assert_string_equal(d.paragraphs[2], "Catatan evaluator: Lengkap dan rapi.");
	assert_int_equal(d.nlines, 7);
	evaluation_rows(&d);
	assert_string_equal(d.lines[6].label, "Hasil evaluasi");
	assert_string_equal(d.lines[6].value, "Lulus");
	assert_string_equal(d.place, "Jakarta");
	assert_string_equal(d.signer_title, "Pengelola Program P2HAM");
	assert_string_equal(d.signer_name, "Fatmawati Yusuf");

	/* A failure by a regional office, without a note: the reasons. */
	model = example_model(DOC_EVALUATION_LETTER, false);
	words_of(&a, DOC_EVALUATION_LETTER, LANG_ID, model, &d);
	json_decref(model);
	assert_string_equal(d.title,
	    "SURAT KETERANGAN HASIL EVALUASI PELAYANAN PUBLIK "
	    "BERBASIS HAK ASASI MANUSIA");
	assert_int_equal(d.nparagraphs, 2);
	assert_string_equal(d.paragraphs[0], opening);
	assert_string_equal(d.paragraphs[1],
	    "Berdasarkan hasil evaluasi tersebut, " UNIT
	    " dinyatakan BELUM LULUS evaluasi dengan alasan per kriteria sebagaimana "
	    "tercantum di bawah ini. Keikutsertaan unit pada siklus ini berakhir; unit "
	    "dapat "
	    "didaftarkan kembali pada siklus berikutnya.");
	assert_int_equal(d.nlines, 9);
	evaluation_rows(&d);
	assert_string_equal(d.lines[6].value, "Belum lulus");
	assert_string_equal(d.lines[7].label, "Alasan, kriteria Aksesibilitas");
	assert_string_equal(d.lines[7].value, "Belum ada ruang tunggu\nlansia.");
	assert_string_equal(d.lines[8].label, "Alasan, kriteria Integritas");
	assert_string_equal(d.place, "Gorontalo");
	assert_string_equal(d.signer_title, "Evaluator Wilayah Provinsi Gorontalo");
	arena_free(&a);
}

/* Write text to DIR/templates/documents/id/declaration_statement.mustache. */
static void
put_override(const char *dir, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/templates", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/templates/documents", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/templates/documents/id", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path),
	    "%s/templates/documents/id/declaration_statement.mustache", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

/* An installation's own copy of a document template rewords the documents
 * issued afterwards; a broken copy is refused with its path, and the
 * compiled-in words stay. */
static void
installation_rewords_a_document(void **state)
{
	char dir[] = "/tmp/p2ham-words-XXXXXX";
	struct doc_content d;
	struct arena a;
	struct err e;
	json_t *model;

	(void)state;
	assert_non_null(mkdtemp(dir));
	arena_init(&a, 0);
	err_clear(&e);
	/* Nothing there: nothing changes. */
	assert_int_equal(view_override(dir, &e), 0);
	put_override(dir,
	    "@title PERNYATAAN KOMITMEN {{unit_name}}\n\nKami berjanji.\n\n"
	    "Paragraf kedua.\n\n@row Unit kerja | {{unit_name}}\n@place Gorontalo\n"
	    "@signer Kepala\n@name Nama\n");
	assert_int_equal(view_override(dir, &e), 0);
	model = example_model(DOC_DECLARATION_STATEMENT, 1);
	words_of(&a, DOC_DECLARATION_STATEMENT, LANG_ID, model, &d);
	assert_non_null(strstr(d.title, "PERNYATAAN KOMITMEN"));
	assert_string_equal(d.paragraphs[0], "Kami berjanji.");
	json_decref(model);
	/* A template that does not parse is refused and named. */
	put_override(dir, "{{#unit_name}} tidak ditutup\n");
	assert_int_equal(view_override(dir, &e), -1);
	assert_int_equal(e.kind, ERR_TEMPLATE);
	assert_non_null(strstr(e.msg, "declaration_statement.mustache"));
	/* Back to the compiled-in words for the tests that follow. */
	view_free();
	assert_int_equal(view_init(&e), 0);
	arena_free(&a);
}

static int
setup(void **state)
{
	struct err e;

	(void)state;
	err_clear(&e);
	if (i18n_init(&e) < 0 || view_init(&e) < 0) {
		print_error("%s\n", e.msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	view_free();
	i18n_free();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_the_parts),
		cmocka_unit_test(refuses_broken_text),
		cmocka_unit_test(guards_typed_values),
		cmocka_unit_test(every_kind_renders_in_every_language),
		cmocka_unit_test(decree_and_certificate_render),
		cmocka_unit_test(missing_template_is_an_error),
		cmocka_unit_test(statement_says_what_it_said),
		cmocka_unit_test(evaluation_says_what_it_said),
		cmocka_unit_test(installation_rewords_a_document),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
