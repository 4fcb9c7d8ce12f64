/*
 * test_mustache.c - the template engine's own behaviour, beyond the official
 * spec (tests/spec): escaping, nesting, values the spec leaves open, partial
 * indentation, syntax error messages and the limits that keep a bad template
 * from exhausting the stack or the CPU. Most cases are one row of a table and
 * run as their own cmocka test, named by the row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "view/mustache.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

enum mcase_want {
	WANT_OUTPUT,       /* renders to expect */
	WANT_PARSE_ERROR,  /* mustache_set_add fails; e.msg contains expect */
	WANT_RENDER_ERROR, /* mustache_render fails; e.msg contains expect */
	WANT_MAX
};

struct mcase {
	const char *name;        /* the cmocka test name */
	const char *tpl;         /* source of the template "main" */
	const char *partials[8]; /* name, source pairs, NULL-terminated */
	const char *data;        /* JSON context; NULL means {} */
	enum mcase_want want;    /* what must happen */
	const char *expect;      /* the output, or a part of the error message */
	size_t out_max;          /* output buffer limit; 0: none */
};

/* clang-format off */
static const struct mcase cases[] = {
	/* Escaping: each of the five characters, and what is left alone. */
	{ .name = "escape ampersand", .tpl = "{{x}}", .data = "{\"x\": \"a&b\"}",
	  .expect = "a&amp;b" },
	{ .name = "escape less-than", .tpl = "{{x}}", .data = "{\"x\": \"a<b\"}",
	  .expect = "a&lt;b" },
	{ .name = "escape greater-than", .tpl = "{{x}}", .data = "{\"x\": \"a>b\"}",
	  .expect = "a&gt;b" },
	{ .name = "escape double quote", .tpl = "{{x}}", .data = "{\"x\": \"a\\\"b\"}",
	  .expect = "a&quot;b" },
	{ .name = "escape single quote", .tpl = "{{x}}", .data = "{\"x\": \"a'b\"}",
	  .expect = "a&#39;b" },
	{ .name = "escape all five in one value", .tpl = "<{{x}}>",
	  .data = "{\"x\": \"<a href='x' title=\\\"&\\\">\"}",
	  .expect = "<&lt;a href=&#39;x&#39; title=&quot;&amp;&quot;&gt;>" },
	{ .name = "escape leaves UTF-8 alone", .tpl = "{{x}}",
	  .data = "{\"x\": \"h\\u00e9llo \\u4e16\\u754c\"}",
	  .expect = "h\xc3\xa9llo \xe4\xb8\x96\xe7\x95\x8c" },
	{ .name = "escape applies to implicit iterator", .tpl = "{{#l}}{{.}}{{/l}}",
	  .data = "{\"l\": [\"<\", \"&\"]}", .expect = "&lt;&amp;" },
	{ .name = "escape applies to dotted names", .tpl = "{{a.b}}",
	  .data = "{\"a\": {\"b\": \"'\"}}", .expect = "&#39;" },
	{ .name = "triple mustache writes raw", .tpl = "{{{x}}}", .data = "{\"x\": \"<&>\"}",
	  .expect = "<&>" },
	{ .name = "ampersand tag writes raw", .tpl = "{{&x}}", .data = "{\"x\": \"<&>\"}",
	  .expect = "<&>" },
	{ .name = "template text is never escaped", .tpl = "<b title=\"t\">{{x}}</b>",
	  .data = "{\"x\": \"<i>\"}", .expect = "<b title=\"t\">&lt;i&gt;</b>" },
	{ .name = "value is not re-parsed as a template", .tpl = "{{x}}",
	  .data = "{\"x\": \"{{y}}\", \"y\": \"no\"}", .expect = "{{y}}" },

	/* Nested sections and the context stack. */
	{ .name = "nested lists", .tpl = "{{#rows}}[{{#cells}}{{.}}{{/cells}}]{{/rows}}",
	  .data = "{\"rows\": [{\"cells\": [1, 2]}, {\"cells\": [3]}, {\"cells\": []}]}",
	  .expect = "[12][3][]" },
	{ .name = "inner section sees outer keys", .tpl = "{{#a}}{{#b}}{{x}}{{y}}{{/b}}{{/a}}",
	  .data = "{\"a\": {\"x\": 1, \"b\": {\"y\": 2}}}", .expect = "12" },
	{ .name = "inner key shadows outer key", .tpl = "{{#a}}{{x}}{{/a}}{{x}}",
	  .data = "{\"x\": \"out\", \"a\": {\"x\": \"in\"}}", .expect = "inout" },
	{ .name = "inverted section inside list", .tpl = "{{#l}}{{n}}{{^last}},{{/last}}{{/l}}",
	  .data = "{\"l\": [{\"n\": \"a\"}, {\"n\": \"b\"}, {\"n\": \"c\", \"last\": true}]}",
	  .expect = "a,b,c" },
	{ .name = "section on dotted name", .tpl = "{{#a.b}}{{c}}{{/a.b}}",
	  .data = "{\"a\": {\"b\": {\"c\": \"deep\"}}}", .expect = "deep" },
	{ .name = "dotted name rest does not climb the stack", .tpl = "{{#a}}{{b.c}}{{/a}}",
	  .data = "{\"a\": {\"b\": {}}, \"c\": \"no\"}", .expect = "" },
	{ .name = "section on string pushes the string", .tpl = "{{#s}}[{{.}}]{{/s}}",
	  .data = "{\"s\": \"v\"}", .expect = "[v]" },
	{ .name = "same section name nested", .tpl = "{{#a}}{{#a}}x{{/a}}{{/a}}",
	  .data = "{\"a\": true}", .expect = "x" },
	{ .name = "list in list over the root", .tpl = "{{#.}}({{#.}}{{.}}{{/.}}){{/.}}",
	  .data = "[[1, 2], [\"a\"]]", .expect = "(12)(a)" },

	/* Truthiness: false, null, [] and a missing key are falsy; nothing else. */
	{ .name = "false is falsy", .tpl = "{{#v}}T{{/v}}{{^v}}F{{/v}}",
	  .data = "{\"v\": false}", .expect = "F" },
	{ .name = "null is falsy", .tpl = "{{#v}}T{{/v}}{{^v}}F{{/v}}",
	  .data = "{\"v\": null}", .expect = "F" },
	{ .name = "empty list is falsy", .tpl = "{{#v}}T{{/v}}{{^v}}F{{/v}}",
	  .data = "{\"v\": []}", .expect = "F" },
	{ .name = "missing key is falsy", .tpl = "{{#v}}T{{/v}}{{^v}}F{{/v}}",
	  .data = "{}", .expect = "F" },
	{ .name = "zero is truthy", .tpl = "{{#v}}T{{/v}}{{^v}}F{{/v}}",
	  .data = "{\"v\": 0}", .expect = "T" },
	{ .name = "empty string is truthy", .tpl = "{{#v}}T{{/v}}{{^v}}F{{/v}}",
	  .data = "{\"v\": \"\"}", .expect = "T" },
	{ .name = "empty object is truthy", .tpl = "{{#v}}T{{/v}}{{^v}}F{{/v}}",
	  .data = "{\"v\": {}}", .expect = "T" },

	/* Numbers and booleans. */
	{ .name = "integer", .tpl = "{{v}}", .data = "{\"v\": 42}", .expect = "42" },
	{ .name = "negative integer", .tpl = "{{v}}", .data = "{\"v\": -7}", .expect = "-7" },
	{ .name = "integer beyond 2^53 is exact", .tpl = "{{v}}",
	  .data = "{\"v\": 9007199254740993}", .expect = "9007199254740993" },
	{ .name = "real in shortest form", .tpl = "{{v}}", .data = "{\"v\": 1.210}",
	  .expect = "1.21" },
	{ .name = "real one tenth", .tpl = "{{v}}", .data = "{\"v\": 0.1}", .expect = "0.1" },
	{ .name = "real needing 17 digits", .tpl = "{{v}}",
	  .data = "{\"v\": 0.30000000000000004}", .expect = "0.30000000000000004" },
	{ .name = "real with integral value has no fraction", .tpl = "{{v}}",
	  .data = "{\"v\": 2.0}", .expect = "2" },
	{ .name = "real of a hundred is written whole", .tpl = "{{v}}",
	  .data = "{\"v\": 100.0}", .expect = "100" },
	{ .name = "negative whole real is written whole", .tpl = "{{v}}",
	  .data = "{\"v\": -30.0}", .expect = "-30" },
	{ .name = "whole real just under 1e15 is written whole", .tpl = "{{v}}",
	  .data = "{\"v\": 999999999999999.0}", .expect = "999999999999999" },
	{ .name = "negative zero keeps its sign", .tpl = "{{v}}", .data = "{\"v\": -0.0}",
	  .expect = "-0" },
	{ .name = "smallest integer", .tpl = "{{v}}",
	  .data = "{\"v\": -9223372036854775808}", .expect = "-9223372036854775808" },
	{ .name = "real large uses exponent", .tpl = "{{v}}", .data = "{\"v\": 1e21}",
	  .expect = "1e+21" },
	{ .name = "real negative small", .tpl = "{{v}}", .data = "{\"v\": -1.5e-7}",
	  .expect = "-1.5e-07" },
	{ .name = "true renders as true", .tpl = "{{v}}", .data = "{\"v\": true}",
	  .expect = "true" },
	{ .name = "false renders as false", .tpl = "{{v}}", .data = "{\"v\": false}",
	  .expect = "false" },
	{ .name = "null renders nothing", .tpl = "[{{v}}]", .data = "{\"v\": null}",
	  .expect = "[]" },
	{ .name = "object renders nothing", .tpl = "[{{v}}]", .data = "{\"v\": {\"a\": 1}}",
	  .expect = "[]" },
	{ .name = "array renders nothing", .tpl = "[{{v}}]", .data = "{\"v\": [1, 2]}",
	  .expect = "[]" },
	{ .name = "scalar root context", .tpl = "{{.}}/{{x}}", .data = "3.5",
	  .expect = "3.5/" },

	/* Partials. */
	{ .name = "missing partial renders nothing", .tpl = "a{{>nope}}b",
	  .expect = "ab" },
	{ .name = "partial sees the caller's context", .tpl = "{{#u}}{{>p}}{{/u}}",
	  .partials = { "p", "<{{name}}>", NULL }, .data = "{\"u\": {\"name\": \"ann\"}}",
	  .expect = "<ann>" },
	{ .name = "recursive partial over data",
	  .tpl = "{{>node}}", .partials = { "node", "{{n}}({{#kids}}{{>node}}{{/kids}})", NULL },
	  .data = "{\"n\": 1, \"kids\": [{\"n\": 2, \"kids\": [{\"n\": 3, \"kids\": []}]},"
	      " {\"n\": 4, \"kids\": []}]}",
	  .expect = "1(2(3())4())" },
	{ .name = "standalone partial indents every line", .tpl = "  {{>p}}\n",
	  .partials = { "p", "a\nb\n", NULL }, .expect = "  a\n  b\n" },
	{ .name = "nested standalone partials add up indentation", .tpl = "  {{>p}}\n",
	  .partials = { "p", "x\n  {{>q}}\n", "q", "y\nz\n", NULL },
	  .expect = "  x\n    y\n    z\n" },
	{ .name = "inline partial is not indented", .tpl = "  {{x}}{{>p}}\n",
	  .partials = { "p", "a\nb", NULL }, .expect = "  a\nb\n" },
	{ .name = "indentation reaches a tag starting a line", .tpl = " {{>p}}\n",
	  .partials = { "p", "a\n{{x}}!\n", NULL }, .data = "{\"x\": \"v\"}",
	  .expect = " a\n v!\n" },
	{ .name = "indentation skips standalone section lines", .tpl = "\t{{>p}}\n",
	  .partials = { "p", "{{#s}}\nin\n{{/s}}\nout\n", NULL }, .data = "{\"s\": true}",
	  .expect = "\tin\n\tout\n" },
	{ .name = "partial uses default delimiters", .tpl = "{{=<% %>=}}<%>p%>",
	  .partials = { "p", "{{x}}", NULL }, .data = "{\"x\": 1}", .expect = "1" },

	/* Comments and delimiters. */
	{ .name = "multi-line comment is dropped", .tpl = "a{{!\nb\n}}c", .expect = "ac" },
	{ .name = "triple mustache with set delimiters", .tpl = "{{=<% %>=}}<%{x}%><%x%>",
	  .data = "{\"x\": \"<\"}", .expect = "<&lt;" },
	{ .name = "delimiters can be set back", .tpl = "{{=[ ]=}}[x][={{ }}=]{{x}}",
	  .data = "{\"x\": 1}", .expect = "11" },
	{ .name = "CRLF standalone lines are removed", .tpl = "a\r\n{{#s}}\r\nb\r\n{{/s}}\r\n",
	  .data = "{\"s\": true}", .expect = "a\r\nb\r\n" },

	/* Syntax errors: each names the template, the line and the problem. */
	{ .name = "unclosed section names its opening line", .tpl = "a\nb\n{{#s}}\nc\n{{x}}\n",
	  .want = WANT_PARSE_ERROR,
	  .expect = "template main line 3: unclosed section 's'" },
	{ .name = "unclosed tag names its line", .tpl = "x\n\n{{name\n",
	  .want = WANT_PARSE_ERROR, .expect = "template main line 3: unclosed tag" },
	{ .name = "unclosed triple mustache", .tpl = "{{{x}}", .want = WANT_PARSE_ERROR,
	  .expect = "template main line 1: unclosed tag" },
	{ .name = "tag open at end of input", .tpl = "abc{{", .want = WANT_PARSE_ERROR,
	  .expect = "template main line 1: unclosed tag" },
	{ .name = "mismatched closing tag", .tpl = "{{#a}}\n{{/b}}", .want = WANT_PARSE_ERROR,
	  .expect = "template main line 2: mismatched closing tag 'b': "
	      "section 'a' was opened on line 1" },
	{ .name = "closing tag without opening", .tpl = "x\n{{/a}}", .want = WANT_PARSE_ERROR,
	  .expect = "template main line 2: closing tag 'a' without an opening tag" },
	{ .name = "bad delimiter with one part", .tpl = "{{=<%=}}", .want = WANT_PARSE_ERROR,
	  .expect = "template main line 1: bad delimiter" },
	{ .name = "bad delimiter with three parts", .tpl = "{{=<% %> ||=}}",
	  .want = WANT_PARSE_ERROR, .expect = "template main line 1: bad delimiter" },
	{ .name = "bad delimiter with equals sign", .tpl = "{{=<= =>=}}",
	  .want = WANT_PARSE_ERROR, .expect = "template main line 1: bad delimiter" },
	{ .name = "bad delimiter too long",
	  .tpl = "{{=<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<< >>=}}",
	  .want = WANT_PARSE_ERROR, .expect = "template main line 1: bad delimiter" },
	{ .name = "set-delimiter tag without closing equals", .tpl = "{{=<% %>}}",
	  .want = WANT_PARSE_ERROR, .expect = "template main line 1: unclosed tag" },
	{ .name = "empty tag name", .tpl = "a{{ }}", .want = WANT_PARSE_ERROR,
	  .expect = "template main line 1: empty tag name" },
	{ .name = "empty section name", .tpl = "{{#}}{{/}}", .want = WANT_PARSE_ERROR,
	  .expect = "template main line 1: empty tag name" },
	{ .name = "inheritance tags are refused", .tpl = "{{$b}}x{{/b}}",
	  .want = WANT_PARSE_ERROR, .expect = "template main line 1: unsupported tag" },
	{ .name = "CRLF lines count in messages", .tpl = "a\r\nb\r\n{{#s}}",
	  .want = WANT_PARSE_ERROR, .expect = "template main line 3: unclosed section" },
	{ .name = "new delimiters apply to the closing tag", .tpl = "{{=| |=}}|#a|x{{/a}}",
	  .want = WANT_PARSE_ERROR, .expect = "template main line 1: unclosed section 'a'" },

	/* Render errors: limits hold, and nothing crashes. */
	{ .name = "self-recursive partial is an error", .tpl = "{{>p}}",
	  .partials = { "p", "x{{>p}}", NULL }, .want = WANT_RENDER_ERROR,
	  .expect = "template main: partials nested deeper than 64" },
	{ .name = "mutually recursive partials are an error", .tpl = "{{>p}}",
	  .partials = { "p", "{{>q}}", "q", "{{>p}}", NULL }, .want = WANT_RENDER_ERROR,
	  .expect = "partials nested deeper than 64" },
	{ .name = "recursion through a truthy section is an error",
	  .tpl = "{{#a}}{{>main}}{{/a}}", .data = "{\"a\": [1]}",
	  .want = WANT_RENDER_ERROR, .expect = "partials nested deeper than 64" },
	{ .name = "output limit is an error", .tpl = "hello {{x}}",
	  .data = "{\"x\": \"world\"}", .out_max = 8, .want = WANT_RENDER_ERROR,
	  .expect = "template main: output too large" },
};
/* clang-format on */

static void
mcase_run(void **state)
{
	const struct mcase *c = *state;
	struct mustache_set *set = mustache_set_new();
	struct err e = { 0 };
	json_error_t jerr;
	json_t *data;
	struct buf out;
	size_t i;
	int rc;

	assert_non_null(set);
	buf_init(&out, c->out_max);
	data = json_loads(c->data != NULL ? c->data : "{}", JSON_DECODE_ANY, &jerr);
	if (data == NULL)
		fail_msg("%s: bad test data: %s", c->name, jerr.text);
	for (i = 0; c->partials[i] != NULL; i += 2) {
		if (mustache_set_add(set, c->partials[i], c->partials[i + 1],
			strlen(c->partials[i + 1]), &e) != 0)
			fail_msg("%s: partial %s: %s", c->name, c->partials[i], e.msg);
	}
	rc = mustache_set_add(set, "main", c->tpl, strlen(c->tpl), &e);
	if (c->want == WANT_PARSE_ERROR) {
		if (rc == 0)
			fail_msg("%s: parsed, want error \"%s\"", c->name, c->expect);
		if (strstr(e.msg, c->expect) == NULL)
			fail_msg("%s: error \"%s\", want \"%s\"", c->name, e.msg, c->expect);
		if (mustache_set_has(set, "main"))
			fail_msg("%s: a template that failed to parse is in the set", c->name);
		goto done;
	}
	if (rc != 0)
		fail_msg("%s: parse failed: %s", c->name, e.msg);
	rc = mustache_render(set, "main", data, &out, &e);
	if (c->want == WANT_RENDER_ERROR) {
		if (rc == 0)
			fail_msg("%s: rendered \"%s\", want error \"%s\"", c->name,
			    buf_cstr(&out), c->expect);
		if (strstr(e.msg, c->expect) == NULL)
			fail_msg("%s: error \"%s\", want \"%s\"", c->name, e.msg, c->expect);
		goto done;
	}
	if (rc != 0)
		fail_msg("%s: render failed: %s", c->name, e.msg);
	if (strcmp(buf_cstr(&out), c->expect) != 0)
		fail_msg("%s: got \"%s\", want \"%s\"", c->name, buf_cstr(&out), c->expect);
done:
	json_decref(data);
	buf_free(&out);
	mustache_set_free(set);
}

/* Source of depth nested sections "{{#a}}" ... "{{/a}}"; free() it. */
static char *
nested_sections(size_t depth, size_t *len)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	for (i = 0; i < depth; i++)
		buf_puts(&b, "{{#a}}");
	buf_puts(&b, "x");
	for (i = 0; i < depth; i++)
		buf_puts(&b, "{{/a}}");
	return buf_detach(&b, len);
}

static void
test_sections_at_nesting_limit(void **state)
{
	struct mustache_set *set = mustache_set_new();
	json_t *data = json_pack("{s:b}", "a", 1);
	struct err e = { 0 };
	struct buf out;
	size_t len;
	char *src = nested_sections(128, &len);

	(void)state;
	assert_non_null(src);
	buf_init(&out, 0);
	if (mustache_set_add(set, "main", src, len, &e) != 0)
		fail_msg("128 nested sections: %s", e.msg);
	if (mustache_render(set, "main", data, &out, &e) != 0)
		fail_msg("128 nested sections: render: %s", e.msg);
	assert_string_equal(buf_cstr(&out), "x");
	free(src);
	buf_free(&out);
	json_decref(data);
	mustache_set_free(set);
}

static void
test_sections_too_deep(void **state)
{
	static const size_t depths[] = { 129, 100000 };
	struct mustache_set *set = mustache_set_new();
	struct err e = { 0 };
	size_t i, len;
	char *src;

	(void)state;
	for (i = 0; i < ARRAY_LEN(depths); i++) {
		src = nested_sections(depths[i], &len);
		assert_non_null(src);
		if (mustache_set_add(set, "main", src, len, &e) == 0)
			fail_msg("%zu nested sections: parsed, want an error", depths[i]);
		if (strstr(e.msg, "template main line 1: sections nested deeper than 128") == NULL)
			fail_msg("%zu nested sections: error \"%s\"", depths[i], e.msg);
		free(src);
	}
	mustache_set_free(set);
}

/* 40 partials each calling the next twice: 2^40 calls if nothing stopped it. */
static void
test_exponential_partials_hit_step_limit(void **state)
{
	struct mustache_set *set = mustache_set_new();
	struct err e = { 0 };
	char name[16], src[64];
	struct buf out;
	int i;

	(void)state;
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		snprintf(src, sizeof(src), "{{>p%d}}{{>p%d}}", i + 1, i + 1);
		assert_int_equal(mustache_set_add(set, name, src, strlen(src), &e), 0);
	}
	buf_init(&out, 0);
	if (mustache_render(set, "p0", NULL, &out, &e) == 0)
		fail_msg("exponential partials: rendered, want the step limit");
	if (strstr(e.msg, "template p0: rendering took more than") == NULL)
		fail_msg("exponential partials: error \"%s\"", e.msg);
	buf_free(&out);
	mustache_set_free(set);
}

static void
test_unknown_template(void **state)
{
	struct mustache_set *set = mustache_set_new();
	struct err e = { 0 };
	struct buf out;

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(mustache_render(set, "nope", NULL, &out, &e), -1);
	assert_string_equal(e.msg, "template nope: not found");
	assert_int_equal(e.kind, ERR_TEMPLATE);
	buf_free(&out);
	mustache_set_free(set);
}

static void
test_add_replaces_same_name(void **state)
{
	struct mustache_set *set = mustache_set_new();
	struct err e = { 0 };
	struct buf out;

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(mustache_set_add(set, "t", "one", 3, &e), 0);
	assert_int_equal(mustache_set_add(set, "t", "two", 3, &e), 0);
	assert_int_equal(mustache_render(set, "t", NULL, &out, &e), 0);
	assert_string_equal(buf_cstr(&out), "two");
	buf_free(&out);
	mustache_set_free(set);
}

static void
test_failed_add_keeps_old_template(void **state)
{
	struct mustache_set *set = mustache_set_new();
	struct err e = { 0 };
	struct buf out;

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(mustache_set_add(set, "t", "old", 3, &e), 0);
	assert_int_equal(mustache_set_add(set, "t", "{{#x}}", 6, &e), -1);
	assert_int_equal(e.kind, ERR_TEMPLATE);
	assert_int_equal(mustache_render(set, "t", NULL, &out, &e), 0);
	assert_string_equal(buf_cstr(&out), "old");
	buf_free(&out);
	mustache_set_free(set);
}

static void
test_set_has(void **state)
{
	struct mustache_set *set = mustache_set_new();
	static const char *names[] = { "m", "a", "z", "page/home", "b" };
	struct err e = { 0 };
	size_t i;

	(void)state;
	assert_false(mustache_set_has(set, "a"));
	for (i = 0; i < ARRAY_LEN(names); i++)
		assert_int_equal(mustache_set_add(set, names[i], "", 0, &e), 0);
	for (i = 0; i < ARRAY_LEN(names); i++)
		if (!mustache_set_has(set, names[i]))
			fail_msg("set_has: %s missing", names[i]);
	assert_false(mustache_set_has(set, "page"));
	assert_false(mustache_set_has(set, "c"));
	mustache_set_free(set);
}

/* Source is pointer plus length: NUL bytes are text, and the end is len. */
static void
test_source_with_nul_bytes(void **state)
{
	static const char src[] = "a\0b{{x}}c{{y}}";
	struct mustache_set *set = mustache_set_new();
	json_t *data = json_pack("{s:s}", "x", "X");
	struct err e = { 0 };
	struct buf out;

	(void)state;
	buf_init(&out, 0);
	/* The length stops before "{{y}}": it must not be rendered. */
	assert_int_equal(mustache_set_add(set, "t", src, 9, &e), 0);
	assert_int_equal(mustache_render(set, "t", data, &out, &e), 0);
	assert_int_equal(out.len, 5);
	assert_memory_equal(out.data, "a\0bXc", 5);
	buf_free(&out);
	json_decref(data);
	mustache_set_free(set);
}

/* What a template reads, as a JSON Schema: names nested as sections nest,
 * partials followed, layout names and partials left out, {{#x}}{{x}}{{/x}}
 * read as x itself. */
static void
test_shape(void **state)
{
	static const char *const partials[] = { "head", NULL };
	static const char *const names[] = { "t", NULL };
	const struct mustache_shape_skip skip = { partials, names };
	struct mustache_set *set = mustache_set_new();
	struct err e = { 0 };
	json_t *got, *want;
	char *a, *b;

	(void)state;
	assert_int_equal(mustache_set_add(set, "head", "{{title}}", 9, &e), 0);
	assert_int_equal(mustache_set_add(set, "row", "{{code}}{{t.x}}", 15, &e), 0);
	assert_int_equal(
	    mustache_set_add(set, "page",
		"{{>head}}{{a.b}}{{#list}}{{>row}}{{/list}}{{^empty}}{{c}}{{/empty}}"
		"{{#note}}{{note}}{{/note}}{{t.y}}",
		strlen("{{>head}}{{a.b}}{{#list}}{{>row}}{{/list}}"
		       "{{^empty}}{{c}}{{/empty}}{{#note}}{{note}}{{/note}}{{t.y}}"),
		&e),
	    0);
	got = mustache_shape(set, "page", &skip);
	want = json_loads("{\"type\": \"object\", \"properties\": {"
			  "\"a\": {\"properties\": {\"b\": {}}, \"items\": "
			  "{\"properties\": {\"b\": {}}}},"
			  "\"list\": {\"properties\": {\"code\": {}},"
			  " \"items\": {\"properties\": {\"code\": {}}}},"
			  "\"empty\": {}, \"c\": {}, \"note\": {}}}",
	    0, NULL);
	assert_non_null(got);
	assert_non_null(want);
	a = json_dumps(got, JSON_SORT_KEYS);
	b = json_dumps(want, JSON_SORT_KEYS);
	assert_string_equal(a, b);
	assert_null(mustache_shape(set, "nothing", &skip));
	free(a);
	free(b);
	json_decref(got);
	json_decref(want);
	mustache_set_free(set);
}

static const struct {
	const char *name;
	void (*fn)(void **);
} specials[] = {
	{ "the shape lists what a template reads", test_shape },
	{ "sections at the nesting limit render", test_sections_at_nesting_limit },
	{ "sections nested too deeply are an error", test_sections_too_deep },
	{ "exponential partials hit the step limit", test_exponential_partials_hit_step_limit },
	{ "unknown template is an error", test_unknown_template },
	{ "adding a name again replaces it", test_add_replaces_same_name },
	{ "failed add keeps the old template", test_failed_add_keeps_old_template },
	{ "set_has finds every added name", test_set_has },
	{ "source may hold NUL bytes", test_source_with_nul_bytes },
};

int
main(void)
{
	static struct CMUnitTest tests[ARRAY_LEN(cases) + ARRAY_LEN(specials)];
	size_t i, n = 0;

	for (i = 0; i < ARRAY_LEN(cases); i++)
		tests[n++] = (struct CMUnitTest){ .name = cases[i].name,
			.test_func = mcase_run,
			.initial_state = (void *)&cases[i] };
	for (i = 0; i < ARRAY_LEN(specials); i++)
		tests[n++] = (struct CMUnitTest){ .name = specials[i].name,
			.test_func = specials[i].fn };
	return cmocka_run_group_tests_name("mustache", tests, NULL, NULL);
}
