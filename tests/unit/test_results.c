/*
 * test_results.c - the CSV of a published snapshot (svc/results.h): a byte
 * order mark and the fixed columns, one column per criterion of the
 * snapshot, yes/no as 1/0, an empty predicate for a unit without one, a
 * name that a spreadsheet would run as a formula defused, and the same
 * snapshot always giving the same bytes (its signature depends on them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "svc/results.h"

#define BOM "\xef\xbb\xbf"

/* A snapshot of two units under two criteria. */
static json_t *
snapshot(void)
{
	const char *text =
	    "{\"criteria\": [{\"code\": \"sarana\"}, {\"code\": \"inovasi\"}],"
	    " \"units\": ["
	    "{\"province_code\": 73, \"province_name\": \"Sulawesi Selatan\","
	    " \"region_name\": \"Wilayah I\","
	    " \"unit_type\": \"bapas\", \"unit_name\": \"Bapas Makassar\","
	    " \"participation_id\": 15, \"total\": \"87.50\", \"passes\": true,"
	    " \"knockouts_met\": true, \"awarded\": true,"
	    " \"predicate\": {\"code\": \"p2ham\", \"label\": {\"id\": \"Unit P2HAM\","
	    " \"en\": \"P2HAM unit\"}}, \"revoked\": true,"
	    " \"revoked_at\": \"2024-03-01T02:00:00Z\","
	    " \"decree\": {\"number\": \"MHA-04 Tahun 2023\", \"date\": \"2023-12-01\"},"
	    " \"criteria\": [{\"code\": \"sarana\", \"score\": \"90.00\"},"
	    " {\"code\": \"inovasi\", \"score\": \"85.00\"}]},"
	    "{\"province_code\": 73, \"province_name\": \"Sulawesi Selatan\","
	    " \"unit_type\": \"rutan\", \"unit_name\": \"=HYPERLINK(1)\","
	    " \"participation_id\": 14, \"total\": \"40.00\", \"passes\": false,"
	    " \"knockouts_met\": false, \"awarded\": false, \"predicate\": null,"
	    " \"revoked\": false, \"revoked_at\": null,"
	    " \"decree\": {\"number\": \"MHA-04 Tahun 2023\", \"date\": \"2023-12-01\"},"
	    " \"criteria\": [{\"code\": \"sarana\", \"score\": \"40.00\"},"
	    " {\"code\": \"inovasi\", \"score\": \"40.00\"}]}]}";
	json_t *j = json_loads(text, 0, NULL);

	assert_non_null(j);
	return j;
}

static void
columns_and_rows(void **state)
{
	static const char *const want[] = {
		BOM
		"province_code,province_name,unit_type,unit_name,participation_id,total,"
		"passes,knockouts_met,awarded,predicate,predicate_name,revoked,revoked_"
		"at,"
		"decree_number,region_name,criterion.sarana,criterion.inovasi",
		"73,Sulawesi Selatan,bapas,Bapas Makassar,15,87.50,1,1,1,p2ham,Unit "
		"P2HAM,1,"
		"2024-03-01T02:00:00Z,MHA-04 Tahun 2023,Wilayah I,90.00,85.00",
		"73,Sulawesi Selatan,rutan,'=HYPERLINK(1),14,40.00,0,0,0,,,0,,"
		"MHA-04 Tahun 2023,,40.00,40.00",
	};
	json_t *snap = snapshot();
	size_t len = 0, i;
	char *csv = results_csv(snap, &len), *line, *save;

	assert_non_null(csv);
	assert_int_equal(strlen(csv), len);
	for (i = 0, line = strtok_r(csv, "\r\n", &save); line != NULL;
	     i++, line = strtok_r(NULL, "\r\n", &save)) {
		assert_true(i < sizeof(want) / sizeof(want[0]));
		assert_string_equal(line, want[i]);
	}
	assert_int_equal(i, sizeof(want) / sizeof(want[0]));
	free(csv);
	json_decref(snap);
}

static void
same_snapshot_same_bytes(void **state)
{
	json_t *a = snapshot(), *b = snapshot();
	size_t la, lb;
	char *x = results_csv(a, &la), *y = results_csv(b, &lb);

	assert_non_null(x);
	assert_non_null(y);
	assert_int_equal(la, lb);
	assert_memory_equal(x, y, la);
	free(x);
	free(y);
	json_decref(a);
	json_decref(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(columns_and_rows),
		cmocka_unit_test(same_snapshot_same_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
