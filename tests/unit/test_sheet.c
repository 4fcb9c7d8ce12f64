/*
 * test_sheet.c - a CSV written through a temporary file batch by batch
 * (docs/sheet.h): the file leaves no name behind, each flush appends and
 * empties the buffer, the rewound file holds every batch in order with its
 * size; a buffer out of memory, a missing directory and a file that is not
 * open are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "docs/sheet.h"

/* Entries of directory dir other than "." and "..". */
static int
entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
batches_in_order(void **state)
{
	static const struct sheet_column cols[] = { { "unit", "Unit" }, { "note", "Catatan" } };
	char dir[] = "/tmp/p2ham-sheet-XXXXXX", got[256];
	json_t *rows = json_pack("[{s:s, s:s}, {s:s, s:n}]", "unit", "Lapas, Kelas I",
	    "note", "=1+1", "unit", "Rutan", "note");
	struct err e = { 0 };
	struct buf b;
	uint64_t len = 0;
	ssize_t n;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_true((fd = sheet_csv_tmp(dir, "uji", &e)) >= 0);
	assert_int_equal(entries(dir), 0);
	buf_init(&b, 0);
	sheet_csv_head(&b, cols, 2);
	assert_int_equal(sheet_csv_flush(fd, &b, &e), 0);
	assert_int_equal(b.len, 0);
	sheet_csv_rows(&b, cols, 2, rows);
	assert_int_equal(sheet_csv_flush(fd, &b, &e), 0);
	assert_int_equal(sheet_csv_flush(fd, &b, &e), 0); /* nothing new */
	assert_int_equal(sheet_csv_rewind(fd, &len, &e), 0);
	n = read(fd, got, sizeof(got) - 1);
	assert_true(n >= 0);
	got[n] = '\0';
	assert_string_equal(got,
	    "\xef\xbb\xbfUnit,Catatan\r\n"
	    "\"Lapas, Kelas I\",'=1+1\r\n"
	    "Rutan,\r\n");
	assert_int_equal(len, (uint64_t)n);
	close(fd);
	buf_free(&b);
	json_decref(rows);
	rmdir(dir);
}

static void
refusals(void **state)
{
	char dir[] = "/tmp/p2ham-sheet-XXXXXX", missing[64];
	struct err e = { 0 };
	struct buf b;
	uint64_t len = 0;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(missing, sizeof(missing), "%s/gone", dir);
	assert_int_equal(sheet_csv_tmp(missing, "uji", &e), -1);
	assert_int_equal(e.kind, ERR_EXPORT);

	assert_true((fd = sheet_csv_tmp(dir, "uji", &e)) >= 0);
	buf_init(&b, 4);
	buf_puts(&b, "terlalu panjang");
	assert_true(b.failed);
	memset(&e, 0, sizeof(e));
	assert_int_equal(sheet_csv_flush(fd, &b, &e), -1);
	assert_int_equal(e.kind, ERR_NOMEM);
	assert_int_equal(sheet_csv_rewind(fd, &len, &e), 0);
	assert_int_equal(len, 0);
	close(fd);

	buf_free(&b);
	buf_init(&b, 0);
	buf_puts(&b, "a\r\n");
	memset(&e, 0, sizeof(e));
	assert_int_equal(sheet_csv_flush(-1, &b, &e), -1);
	assert_int_equal(e.kind, ERR_EXPORT);
	assert_int_equal(sheet_csv_rewind(-1, &len, &e), -1);
	buf_free(&b);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(batches_in_order),
		cmocka_unit_test(refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
