/*
 * test_pdf_pages.c - where generated documents break their pages: the
 * signature block (place and date, signer, name) is never alone on a page,
 * it stays with the body's last table row or, without a table, with the
 * last paragraph. The evaluation letter with two reasons that used to put
 * its signature alone on a second page is rendered as issued, and letters
 * growing a row or a paragraph at a time are rendered across the page
 * boundary; pdftotext reads each back page by page. Skips without
 * pdftotext (poppler-utils).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "docs/pdf.h"

#define SERIAL "SKE-2026-000001"
#define UNIT "Lembaga Pemasyarakatan Kelas IIA Gorontalo"
#define SIGNER "Sri Wahyuni"
#define LAST_ROW "Informasi biaya layanan belum dipasang."
#define LAST_WORDS "mestinya."
#define ROWS_MAX 64
#define PARAS_MAX 64

static const char *const head[] = {
	"KEMENTERIAN HAK ASASI MANUSIA REPUBLIK INDONESIA",
	"DIREKTORAT JENDERAL PELAYANAN DAN KEPATUHAN HAM",
};

static const char opening[] =
    "Pada tanggal 6 Desember 2026 telah dilaksanakan evaluasi "
    "atas hasil pembangunan Pelayanan Publik Berbasis Hak Asasi Manusia pada " UNIT
    " dalam P2HAM 2023, berdasarkan penilaian mandiri, data dukung dan catatan "
    "pendampingan yang disampaikan melalui sistem P2HAM.";
static const char decision[] =
    "Berdasarkan hasil evaluasi tersebut, " UNIT " dinyatakan "
    "BELUM LULUS evaluasi dengan alasan per kriteria sebagaimana tercantum di bawah ini. "
    "Keikutsertaan unit pada siklus ini berakhir; unit dapat didaftarkan kembali pada "
    "siklus berikutnya.";

/* The rows of the letter as issued on the demo data: five criteria, the
 * result and two reasons. */
/* clang-format off */
static const struct pdf_row letter_rows[] = {
	{ "Unit kerja", UNIT },
	{ "Siklus", "P2HAM 2023" },
	{ "Aturan", "p2ham-2022 v1" },
	{ "Kelengkapan kriteria Aksesibilitas dan ketersediaan sarana dan prasarana",
	  "100% (24/24 indikator)" },
	{ "Kelengkapan kriteria Ketersediaan sumber daya manusia", "100% (6/6 indikator)" },
	{ "Kelengkapan kriteria Kepatuhan pelaksana terhadap standar pelayanan",
	  "100% (6/6 indikator)" },
	{ "Kelengkapan kriteria Inovasi pelayanan publik", "100% (3/3 indikator)" },
	{ "Kelengkapan kriteria Integritas: bebas pungutan liar, suap, kolusi, dan "
	  "gratifikasi", "100% (5/5 indikator)" },
	{ "Kelengkapan seluruhnya", "100% (44/44 indikator)" },
	{ "Hasil evaluasi", "Belum lulus" },
	{ "Alasan, kriteria Aksesibilitas dan ketersediaan sarana dan prasarana",
	  "Belum tersedia ruang tunggu kunjungan yang layak bagi lansia." },
	{ "Alasan, kriteria Integritas: bebas pungutan liar, suap, kolusi, dan gratifikasi",
	  LAST_ROW },
};
/* clang-format on */
#define LETTER_ROWS (sizeof(letter_rows) / sizeof(letter_rows[0]))

/* The letter around paragraphs and rows given. */
static void
letter(struct pdf_doc *d, const char *const *paras, size_t npara,
    const struct pdf_row *rows, size_t nrows)
{
	memset(d, 0, sizeof(*d));
	d->head_lines = head;
	d->nhead = 2;
	d->head_address =
	    "Jalan H.R. Rasuna Said Kaveling 6-7, Kuningan, Jakarta Selatan "
	    "12940 \xc2\xb7 Telepon (021) 5253004";
	d->title = "SURAT KETERANGAN HASIL EVALUASI PELAYANAN PUBLIK BERBASIS HAK ASASI "
		   "MANUSIA";
	d->serial_line = "Nomor: " SERIAL;
	d->paragraphs = paras;
	d->nparagraphs = npara;
	d->rows = rows;
	d->nrows = nrows;
	d->date_line = "Jakarta, 6 Desember 2026";
	d->signer_title = "Pengelola Program P2HAM";
	d->signer_name = SIGNER;
	d->qr_text = "http://127.0.0.1:8080/verifikasi/" SERIAL;
	d->footer_note =
	    "Dokumen ini diterbitkan oleh sistem P2HAM dan ditandatangani "
	    "secara elektronik. Keasliannya dapat diperiksa dengan memindai kode QR atau "
	    "membuka alamat di bawahnya.";
	d->page_ref = SERIAL;
	d->meta_created = "2026-12-06T09:30:00Z";
}

static bool
have_tool(const char *name)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
	return system(cmd) == 0;
}

/* The text of d as pdftotext reads it, pages ended by form feeds, in t. */
static void
render_text(const struct pdf_doc *d, struct buf *t)
{
	char path[] = "/tmp/p2ham-pages-XXXXXX", cmd[128], chunk[4096];
	struct buf pdf;
	FILE *f;
	size_t n;
	int fd;

	buf_init(&pdf, 0);
	assert_int_equal(pdf_render(d, &pdf, NULL), 0);
	assert_true((fd = mkstemp(path)) >= 0);
	assert_int_equal(write(fd, pdf.data, pdf.len), (ssize_t)pdf.len);
	assert_int_equal(close(fd), 0);
	buf_free(&pdf);
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", path);
	assert_non_null(f = popen(cmd, "r"));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(t, chunk, n);
	assert_int_equal(pclose(f), 0);
	assert_int_equal(unlink(path), 0);
	assert_false(t->failed);
}

/*
 * Read d back page by page: the page that holds the signer's name also
 * holds with (the body's last words); that page's number into *sign_page,
 * the number of pages into *pages.
 */
static void
check_pages(const struct pdf_doc *d, const char *with, int *sign_page, int *pages)
{
	struct buf t;
	const char *page, *ff;
	char *one;
	int n = 0;

	buf_init(&t, 0);
	render_text(d, &t);
	*sign_page = 0;
	for (page = buf_cstr(&t); (ff = strchr(page, '\f')) != NULL; page = ff + 1) {
		n++;
		one = strndup(page, (size_t)(ff - page));
		assert_non_null(one);
		if (strstr(one, SIGNER) != NULL) {
			assert_int_equal(*sign_page, 0);
			*sign_page = n;
			if (strstr(one, with) == NULL)
				fail_msg("the signature block is on page %d without "
					 "\"%s\":\n%s",
				    n, with, one);
		}
		free(one);
	}
	assert_int_not_equal(*sign_page, 0);
	*pages = n;
	buf_free(&t);
}

/* The letter issued with two reasons: one page was nearly full, and its
 * signature block went to a second page of its own. */
static void
letter_with_two_reasons(void **state)
{
	const char *paras[2] = { opening, decision };
	struct pdf_doc d;
	int sign_page, pages;

	(void)state;
	if (!have_tool("pdftotext"))
		skip(); /* needs pdftotext (poppler-utils) */
	letter(&d, paras, 2, letter_rows, LETTER_ROWS);
	check_pages(&d, LAST_ROW, &sign_page, &pages);
	assert_int_equal(pages, 2);
	assert_int_equal(sign_page, 2);
}

/* Rows added one at a time before the result and the reasons, from a
 * short letter to one of several pages: the signature block always shares its page with
 * the last row, and the boundary is crossed on the way. */
static void
growing_table(void **state)
{
	const char *paras[2] = { opening, decision };
	struct pdf_row rows[ROWS_MAX];
	struct pdf_doc d;
	size_t extra, n, i;
	int sign_page, pages, moved = 0, single = 0;

	(void)state;
	if (!have_tool("pdftotext"))
		skip(); /* needs pdftotext (poppler-utils) */
	for (extra = 0; extra + LETTER_ROWS <= ROWS_MAX && extra <= 40; extra++) {
		n = 0;
		for (i = 0; i < 3; i++)
			rows[n++] = letter_rows[i];
		for (i = 0; i < extra; i++) /* the criteria and the total */
			rows[n++] = letter_rows[3 + i % 6];
		for (i = 9; i < LETTER_ROWS; i++) /* the result and the reasons */
			rows[n++] = letter_rows[i];
		letter(&d, paras, 2, rows, n);
		check_pages(&d, LAST_ROW, &sign_page, &pages);
		single += pages == 1;
		moved += sign_page > 1;
	}
	assert_true(single > 0);
	assert_true(moved > 0);
}

/* Without a table the last paragraph goes with the signature block. */
static void
growing_paragraphs(void **state)
{
	const char *paras[PARAS_MAX];
	struct pdf_doc d;
	size_t n, i;
	int sign_page, pages, moved = 0, single = 0;

	(void)state;
	if (!have_tool("pdftotext"))
		skip(); /* needs pdftotext (poppler-utils) */
	for (n = 2; n <= 24; n++) {
		for (i = 0; i + 1 < n; i++)
			paras[i] = i % 2 == 0 ? opening : decision;
		paras[n - 1] = "Demikian surat keterangan ini dibuat untuk dipergunakan "
			       "sebagaimana " LAST_WORDS;
		letter(&d, paras, n, NULL, 0);
		check_pages(&d, LAST_WORDS, &sign_page, &pages);
		single += pages == 1;
		moved += sign_page > 1;
	}
	assert_true(single > 0);
	assert_true(moved > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(letter_with_two_reasons),
		cmocka_unit_test(growing_table),
		cmocka_unit_test(growing_paragraphs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
