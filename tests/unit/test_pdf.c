/*
 * test_pdf.c - generated documents: a long Indonesian letter rendered to
 * PDF has its text (pdftotext finds the serial, the unit and the date) on
 * more than one page, its QR code decodes (pdftoppm, then zbarimg) to the
 * verification address on every page, renders run side by side on several
 * threads, refused inputs are refused; the signed message and its check
 * with the installation's key; serial patterns and Indonesian dates.
 * Issuing on a database is test_documents.c's. Cases that need
 * poppler-utils or zbar-tools say so and skip when the tool is missing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "svc/documents.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/log.h"
#include "docs/pdf.h"
#include "docs/sign.h"
#include "view/i18n.h"
#include "shell.h"

#define SERIAL "PCN-2026-000042"
#define URL "https://p2ham.example.go.id/verifikasi/" SERIAL
#define UNIT "Kantor Imigrasi Kelas I TPI Gorontalo"
#define THREADS 4

static const char *const head[] = {
	"KEMENTERIAN HAK ASASI MANUSIA REPUBLIK INDONESIA",
	"DIREKTORAT JENDERAL PELAYANAN DAN KEPATUHAN HAM",
};

static const char long_text[] =
    "Dengan ini kami menyatakan komitmen untuk menyelenggarakan pelayanan publik "
    "berbasis hak asasi manusia, yaitu pelayanan yang cepat, tepat, tidak "
    "diskriminatif, bebas pungutan liar dan suap, serta mudah diakses oleh "
    "kelompok rentan: penyandang disabilitas, lanjut usia, ibu hamil dan menyusui, "
    "serta anak-anak. Kami akan menyediakan sarana dan prasarana yang memadai, "
    "petugas yang siaga membantu kelompok rentan, informasi layanan yang jelas, "
    "serta saluran pengaduan yang mudah dijangkau dan ditindaklanjuti tepat waktu.";

/* A letter long enough for three pages. */
static void
example_doc(struct pdf_doc *d, const char **paras, size_t npara, struct pdf_row *rows)
{
	size_t i;

	for (i = 0; i < npara; i++)
		paras[i] = long_text;
	rows[0] = (struct pdf_row){ "Unit kerja", UNIT };
	rows[1] = (struct pdf_row){ "Alamat",
		"Jalan Prof. Dr. H. B. Jassin No. 1, Kota "
		"Gorontalo, Provinsi Gorontalo" };
	rows[2] = (struct pdf_row){ "Tanggal pencanangan", "29 November 2026" };
	memset(d, 0, sizeof(*d));
	d->head_lines = head;
	d->nhead = 2;
	d->head_address =
	    "Jalan H.R. Rasuna Said Kaveling 6-7, Kuningan, Jakarta Selatan";
	d->title =
	    "SURAT PERNYATAAN PENCANANGAN PELAYANAN PUBLIK BERBASIS HAK ASASI MANUSIA";
	d->serial_line = "Nomor: " SERIAL;
	d->paragraphs = paras;
	d->nparagraphs = npara;
	d->rows = rows;
	d->nrows = 3;
	d->date_line = "Gorontalo, 29 November 2026";
	d->signer_title = "Kepala Kantor Imigrasi Kelas I TPI Gorontalo";
	d->signer_name = "Budi Santoso";
	d->signer_id_line = "NIP. 197801012005011001";
	d->qr_text = URL;
	d->footer_note = "Dokumen ini diterbitkan oleh sistem P2HAM dan ditandatangani "
			 "secara elektronik.";
	d->page_ref = SERIAL;
	d->meta_author = "p2ham test";
	d->meta_created = "2026-11-29T09:30:00Z";
}

static bool
have_tool(const char *name)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
	return system(cmd) == 0;
}

/* A fresh temporary directory, its path in dir (64 bytes). */
static void
temp_dir(char dir[64])
{
	snprintf(dir, 64, "/tmp/p2ham-pdf-XXXXXX");
	assert_non_null(mkdtemp(dir));
}

static void
write_file(const char *path, const void *p, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* How many times needle occurs in hay. */
static int
count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
renders_text_on_several_pages(void **state)
{
	const char *paras[14];
	struct pdf_row rows[3];
	struct pdf_doc d;
	struct buf pdf, text;
	char dir[64], path[128], cmd[256];
	const char *t;

	(void)state;
	if (!have_tool("pdftotext"))
		skip(); /* needs pdftotext (poppler-utils) */
	example_doc(&d, paras, 14, rows);
	buf_init(&pdf, 0);
	assert_int_equal(pdf_render(&d, &pdf, NULL), 0);
	assert_true(pdf.len > 1000);
	assert_memory_equal(pdf.data, "%PDF-", 5);
	temp_dir(dir);
	snprintf(path, sizeof(path), "%s/doc.pdf", dir);
	write_file(path, pdf.data, pdf.len);
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", path);
	buf_init(&text, 0);
	assert_int_equal(run(cmd, &text), 0);
	t = buf_cstr(&text);
	assert_non_null(strstr(t, "Nomor: " SERIAL));
	assert_non_null(strstr(t, UNIT));
	assert_non_null(strstr(t, "Gorontalo, 29 November 2026"));
	assert_non_null(strstr(t, "KEMENTERIAN HAK ASASI MANUSIA REPUBLIK INDONESIA"));
	assert_non_null(strstr(t, "Budi Santoso"));
	assert_non_null(strstr(t, "NIP. 197801012005011001"));
	assert_non_null(strstr(t, URL));
	/* Fourteen long paragraphs do not fit on one page: the footer with its
	 * "n/N" is on each of them. */
	assert_int_equal(count(t, "\f"), 3);
	assert_non_null(strstr(t, SERIAL " \xc2\xb7 1/3"));
	assert_non_null(strstr(t, SERIAL " \xc2\xb7 3/3"));
	/* The body text is all there, the last word of the last paragraph too. */
	assert_int_equal(count(t, "dijangkau dan ditindaklanjuti"), 14);
	buf_free(&text);
	/* The fonts are embedded (subsets of DejaVu). */
	if (have_tool("pdffonts")) {
		snprintf(cmd, sizeof(cmd), "pdffonts '%s'", path);
		buf_init(&text, 0);
		assert_int_equal(run(cmd, &text), 0);
		assert_non_null(strstr(buf_cstr(&text), "DejaVuSerif"));
		assert_null(strstr(buf_cstr(&text), " no  ")); /* emb column */
		buf_free(&text);
	}
	remove_dir(dir);
	buf_free(&pdf);
}

static void
qr_decodes_to_the_address(void **state)
{
	const char *paras[14];
	struct pdf_row rows[3];
	struct pdf_doc d;
	struct buf pdf, out;
	char dir[64], path[128], cmd[512];
	int page;

	(void)state;
	if (!have_tool("pdftoppm") || !have_tool("zbarimg"))
		skip(); /* needs pdftoppm (poppler-utils) and zbarimg (zbar-tools) */
	example_doc(&d, paras, 14, rows);
	buf_init(&pdf, 0);
	assert_int_equal(pdf_render(&d, &pdf, NULL), 0);
	temp_dir(dir);
	snprintf(path, sizeof(path), "%s/doc.pdf", dir);
	write_file(path, pdf.data, pdf.len);
	for (page = 1; page <= 3; page += 2) {
		snprintf(cmd, sizeof(cmd),
		    "pdftoppm -r 150 -png -f %d -l %d -singlefile "
		    "'%s' '%s/page%d' && zbarimg -q --raw -Sdisable -Sqrcode.enable "
		    "'%s/page%d.png' 2>/dev/null",
		    page, page, path, dir, page, dir, page);
		buf_init(&out, 0);
		assert_int_equal(run(cmd, &out), 0);
		assert_string_equal(buf_cstr(&out), URL "\n");
		buf_free(&out);
	}
	remove_dir(dir);
	buf_free(&pdf);
}

static void *
render_thread(void *arg)
{
	const char *paras[3];
	struct pdf_row rows[3];
	struct pdf_doc d;
	struct buf *b = arg;

	example_doc(&d, paras, 3, rows);
	return (void *)(intptr_t)pdf_render(&d, b, NULL);
}

static void
renders_on_several_threads(void **state)
{
	pthread_t t[THREADS];
	struct buf b[THREADS];
	void *rc;
	int i;

	(void)state;
	for (i = 0; i < THREADS; i++) {
		buf_init(&b[i], 0);
		assert_int_equal(pthread_create(&t[i], NULL, render_thread, &b[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], &rc), 0);
		assert_int_equal((int)(intptr_t)rc, 0);
		assert_true(b[i].len > 1000);
		/* The same document with the same creation date: the same bytes,
		 * whichever thread made it. */
		assert_int_equal(b[i].len, b[0].len);
		assert_memory_equal(b[i].data, b[0].data, b[0].len);
	}
	for (i = 0; i < THREADS; i++)
		buf_free(&b[i]);
}

static void
refuses_bad_input(void **state)
{
	const char *paras[1];
	struct pdf_row rows[3];
	struct pdf_doc d;
	struct buf b;
	struct err e;
	char big[8000];
	static const char bad_utf8[] = "Unit \xc3\x28 rusak";

	(void)state;
	example_doc(&d, paras, 1, rows);
	buf_init(&b, 0);
	d.title = NULL;
	assert_int_equal(pdf_render(&d, &b, &e), -1);
	assert_int_equal(e.kind, ERR_PDF_INPUT);

	example_doc(&d, paras, 1, rows);
	rows[0].value = bad_utf8;
	assert_int_equal(pdf_render(&d, &b, &e), -1);
	assert_int_equal(e.kind, ERR_PDF_INPUT);

	example_doc(&d, paras, 1, rows);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	d.qr_text = big;
	assert_int_equal(pdf_render(&d, &b, &e), -1);
	assert_int_equal(e.kind, ERR_PDF);
	assert_non_null(strstr(e.msg, "QR code"));

	/* A buffer that may not grow enough: cairo's write fails cleanly. */
	example_doc(&d, paras, 1, rows);
	buf_free(&b);
	buf_init(&b, 2000);
	assert_int_equal(pdf_render(&d, &b, &e), -1);
	assert_int_equal(e.kind, ERR_PDF);
	assert_non_null(strstr(e.msg, "cairo: "));
	buf_free(&b);

	/* Parts left out still make a document. */
	example_doc(&d, paras, 0, rows);
	d.nhead = 0;
	d.head_address = NULL;
	d.nrows = 0;
	d.signer_name = NULL;
	d.signer_id_line = NULL;
	d.footer_note = NULL;
	d.page_ref = NULL;
	buf_init(&b, 0);
	assert_int_equal(pdf_render(&d, &b, &e), 0);
	buf_free(&b);
}

/* clang-format off */
static const struct doc_signed signed_example = {
	.serial = SERIAL, .kind = "declaration_statement",
	.issued_at = "2026-11-29T09:30:00Z", .unit_name = UNIT,
	.title = "SURAT PERNYATAAN PENCANANGAN",
	.issuer = "KEMENTERIAN HAK ASASI MANUSIA REPUBLIK INDONESIA",
	.sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
};
/* clang-format on */

static void
message_is_the_documented_text(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	document_message(&b, &signed_example);
	assert_string_equal(buf_cstr(&b),
	    "p2ham-document-1\n"
	    "serial: PCN-2026-000042\n"
	    "kind: declaration_statement\n"
	    "issued_at: 2026-11-29T09:30:00Z\n"
	    "unit: Kantor Imigrasi Kelas I TPI Gorontalo\n"
	    "title: SURAT PERNYATAAN PENCANANGAN\n"
	    "issuer: KEMENTERIAN HAK ASASI MANUSIA REPUBLIK INDONESIA\n"
	    "sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n");
	buf_free(&b);
}

static void
signature_checks_every_field(void **state)
{
	struct sign_keys k, other;
	struct doc_signed f;
	struct buf b;
	struct err e;
	unsigned char sig[SIGN_BYTES];
	char dir[64], dir2[64], sig64[SIGN_BASE64_LEN];
	const char **fields[] = { &f.serial, &f.kind, &f.issued_at, &f.unit_name,
		&f.title, &f.issuer, &f.sha256 };
	size_t i;

	(void)state;
	temp_dir(dir);
	temp_dir(dir2);
	assert_int_equal(sign_keys_ensure(dir, &e), 0);
	assert_int_equal(sign_keys_load(dir, &k, &e), 0);
	assert_int_equal(sign_keys_ensure(dir2, &e), 0);
	assert_int_equal(sign_keys_load(dir2, &other, &e), 0);
	buf_init(&b, 0);
	document_message(&b, &signed_example);
	sign_detached(&k, b.data, b.len, sig);
	sign_base64(sig64, sizeof(sig64), sig, sizeof(sig));
	assert_true(document_signature_ok(k.pk, &signed_example, sig64));
	/* Another installation's key does not vouch for it. */
	assert_false(document_signature_ok(other.pk, &signed_example, sig64));
	/* Any field changed in the record breaks it. */
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		f = signed_example;
		*fields[i] = "X";
		assert_false(document_signature_ok(k.pk, &f, sig64));
	}
	/* So does a changed or malformed signature. */
	sig64[5] = sig64[5] == 'A' ? 'B' : 'A';
	assert_false(document_signature_ok(k.pk, &signed_example, sig64));
	assert_false(document_signature_ok(k.pk, &signed_example, "not base64!"));
	assert_false(document_signature_ok(k.pk, &signed_example, ""));
	assert_false(document_signature_ok(k.pk, &signed_example, NULL));
	sign_keys_wipe(&k);
	sign_keys_wipe(&other);
	buf_free(&b);
	remove_dir(dir);
	remove_dir(dir2);
}

static void
serial_patterns(void **state)
{
	/* clang-format off */
	static const struct {
		const char *s;
		bool ok;
	} cases[] = {
		{ "PCN-2026-000001", true },
		{ "BAE-2027-123456", true },
		{ "SKE-2030-999999", true },
		{ "pcn-2026-000001", false },	/* strict: upper case */
		{ "XYZ-2026-000001", false },	/* no such kind */
		{ "PCN-2026-00001", false },	/* five digits */
		{ "PCN-2026-0000001", false },	/* seven */
		{ "PCN-26-000001", false },
		{ "PCN_2026_000001", false },
		{ "PCN-2026-00000a", false },
		{ "PCN-2026-000001/", false },
		{ " PCN-2026-000001", false },
		{ "PCN-2026-000001\n", false },
		{ "", false },
		{ "../../etc/passwd", false },
	};
	/* clang-format on */
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (document_serial_valid(cases[i].s) != cases[i].ok)
			fail_msg("serial \"%s\": expected %s", cases[i].s,
			    cases[i].ok ? "valid" : "invalid");
	assert_false(document_serial_valid(NULL));
	assert_string_equal(doc_kind_prefix(DOC_DECLARATION_STATEMENT), "PCN");
	assert_string_equal(doc_kind_prefix(DOC_EVALUATION_REPORT), "BAE");
	assert_string_equal(doc_kind_prefix(DOC_EVALUATION_LETTER), "SKE");
	assert_string_equal(doc_kind_code(DOC_EVALUATION_LETTER), "evaluation_letter");
	assert_string_equal(doc_kind_prefix(DOC_KIND_MAX), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(renders_text_on_several_pages),
		cmocka_unit_test(qr_decodes_to_the_address),
		cmocka_unit_test(renders_on_several_threads),
		cmocka_unit_test(refuses_bad_input),
		cmocka_unit_test(message_is_the_documented_text),
		cmocka_unit_test(signature_checks_every_field),
		cmocka_unit_test(serial_patterns),
	};
	struct err e = { 0 };
	int rc;

	if (sodium_init() < 0 || i18n_init(&e) < 0)
		return 1;
	log_set_level(LOG_WARN);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free();
	return rc;
}
