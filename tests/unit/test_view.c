/*
 * test_view.c - the compiled-in catalogs and templates: both catalogs have
 * every key, every template parses, no template writes unescaped output,
 * and the layout renders in both languages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/embed.h"
#include "view/i18n.h"
#include "view/view.h"

static void
catalogs_have_same_keys(void **state)
{
	struct err e;
	struct buf b;

	err_clear(&e);
	if (i18n_init(&e) < 0)
		fail_msg("%s", e.msg);
	buf_init(&b, 0);
	assert_int_equal(i18n_compare(i18n_catalog(LANG_ID), i18n_catalog(LANG_EN), "", &b), 0);
	assert_int_equal(i18n_compare(i18n_catalog(LANG_EN), i18n_catalog(LANG_ID), "", &b), 0);
	assert_string_equal(i18n_get(LANG_ID, "stage.pencanangan.name"), "Pencanangan");
	assert_string_equal(i18n_get(LANG_EN, "stage.pencanangan.name"), "Declaration");
	assert_string_equal(i18n_get(LANG_EN, "no.such.key"), "no.such.key");
	buf_free(&b);
	i18n_free();
}

/* Every error kind shown by its own message has it in both catalogs. */
static void
error_kinds_have_messages(void **state)
{
	char key[96];
	struct err e;
	int k, l;

	err_clear(&e);
	if (i18n_init(&e) < 0)
		fail_msg("%s", e.msg);
	for (k = 0; k < ERR_KIND_MAX; k++) {
		if (err_show((enum err_kind)k) != ERR_SHOW_CODE)
			continue;
		snprintf(key, sizeof(key), "error.code.%s", err_code((enum err_kind)k));
		for (l = 0; l < LANG_MAX; l++)
			if (i18n_get((enum lang)l, key) == key)
				fail_msg("catalog %s lacks %s", i18n_code((enum lang)l), key);
	}
	i18n_free();
}

static void
compare_finds_gaps(void **state)
{
	json_t *a = json_pack("{s:s, s:{s:s, s:s}}", "x", "1", "y", "p", "1", "q", "2");
	json_t *b = json_pack("{s:s, s:{s:s}}", "x", "1", "y", "p", "1");
	struct buf out;

	buf_init(&out, 0);
	assert_int_equal(i18n_compare(a, b, "", &out), 1);
	assert_string_equal(buf_cstr(&out), "y.q\n");
	buf_free(&out);
	json_decref(a);
	json_decref(b);
}

static void
templates_have_no_raw_output(void **state)
{
	size_t i, n = 0;

	for (i = 0; i < embed_count; i++) {
		const char *name = embed_files[i].name;
		const char *s = (const char *)embed_files[i].data;

		if (strncmp(name, "templates/", 10) != 0)
			continue;
		n++;
		if (strstr(s, "{{{") != NULL || strstr(s, "{{&") != NULL)
			fail_msg("%s writes unescaped output", name);
		if (strstr(s, "{{=") != NULL)
			fail_msg("%s changes delimiters, which hides raw output from "
				 "this check",
			    name);
	}
	assert_true(n >= 3);
}

static void
layout_renders_both_languages(void **state)
{
	struct err e;
	struct buf b;
	json_t *model;
	int l;

	err_clear(&e);
	if (i18n_init(&e) < 0 || view_init(&e) < 0)
		fail_msg("%s", e.msg);
	for (l = 0; l < LANG_MAX; l++) {
		model = json_pack("{s:s, s:O, s:[], s:{s:s}, s:{s:i, s:s, s:s, s:s}}",
		    "lang", i18n_code((enum lang)l), "t", i18n_catalog((enum lang)l),
		    "lang_switch", "asset", "css_tag", "0123456789abcdef", "error",
		    "status", 404, "code", "not_found", "title", "<T>", "message", "m");
		buf_init(&b, 0);
		if (view_render("error", model, &b, &e) < 0)
			fail_msg("render: %s", e.msg);
		assert_non_null(strstr(buf_cstr(&b),
		    l == LANG_ID ? "<html lang=\"id\">" : "<html lang=\"en\">"));
		assert_non_null(strstr(buf_cstr(&b), "<main id=\"main\""));
		assert_non_null(strstr(buf_cstr(&b), "&lt;T&gt;"));
		buf_free(&b);
		json_decref(model);
	}
	view_free();
	i18n_free();
}

static void
subst_replaces_named_placeholders(void **state)
{
	struct arena a;

	arena_init(&a, 1 << 16);
	assert_string_equal(i18n_subst(&a, "{unit}: {reason}", "unit", "Lapas {reason}",
				"reason", "ditolak", (const char *)NULL),
	    "Lapas {reason}: ditolak");
	assert_string_equal(
	    i18n_subst(&a, "{a}{a} {b} {c} {", "a", "1", "b", NULL, (const char *)NULL),
	    "11  {c} {");
	assert_string_equal(i18n_subst(&a, "tanpa", (const char *)NULL), "tanpa");
	assert_string_equal(i18n_subst(&a, "{ab}", "a", "x", "ab", "y", (const char *)NULL),
	    "y");
	arena_free(&a);
}

static void
time_lang_follows_the_language(void **state)
{
	assert_int_equal(i18n_time_lang(LANG_ID), TIME_ID);
	assert_int_equal(i18n_time_lang(LANG_EN), TIME_EN);
	assert_int_equal(i18n_time_lang(LANG_MAX), TIME_ID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(catalogs_have_same_keys),
		cmocka_unit_test(compare_finds_gaps),
		cmocka_unit_test(error_kinds_have_messages),
		cmocka_unit_test(templates_have_no_raw_output),
		cmocka_unit_test(layout_renders_both_languages),
		cmocka_unit_test(subst_replaces_named_placeholders),
		cmocka_unit_test(time_lang_follows_the_language),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
