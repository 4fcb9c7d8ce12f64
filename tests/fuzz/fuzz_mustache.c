/*
 * fuzz_mustache.c - the template parser and renderer (view/mustache.h).
 * The input up to its first NUL byte is the template "t"; what follows the
 * NUL, if there is one, is the partial "p" (else a fixed partial is used),
 * so that the fuzzer reaches recursive partials. A template that parses
 * renders against a small fixed context, either completely or with one of
 * the render errors, and the same output twice; a template without tags
 * renders as itself; and without a raw tag, a set delimiter or '<' or '&'
 * of its own, no '<' reaches the output: escaping is the default.
 */
#include <stdbool.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "fuzz.h"
#include "view/mustache.h"

#define OUT_MAX		(1024 * 1024)	/* bytes of output before render fails */

/* Values of every kind, with markup to escape, nesting and a list. */
static const char context_json[] =
	"{\"name\": \"Ana <b>&amp;\\\"'\", \"n\": 3, \"x\": 1.5, \"t\": true,"
	" \"f\": false, \"z\": null, \"empty\": [], \"s\": \"\","
	" \"list\": [1, \"two <i>\", {\"name\": \"inner\", \"list\": [true]}],"
	" \"obj\": {\"a\": {\"b\": \"deep\"}, \"name\": \"obj\"},"
	" \"p\": \"not a partial\"}";

static const char default_partial[] = "[{{name}}{{#list}}({{.}}){{/list}}]";

/* The source could not make '<' appear other than from escaped values. */
static bool
is_escaping_only(const char *s, size_t len)
{
	return memchr(s, '<', len) == NULL && memchr(s, '&', len) == NULL &&
	    memchr(s, '=', len) == NULL && memmem(s, len, "{{{", 3) == NULL;
}

static bool
has_tag_start(const char *s, size_t len)
{
	return memmem(s, len, "{{", 2) != NULL;
}

static bool
is_render_error(const struct err *e)
{
	/* Too deep, too many steps or too much output: never a lookup or
	 * argument failure, which the fixed set and context rule out. */
	return e->kind == ERR_TEMPLATE && strstr(e->msg, "not found") == NULL &&
	    strstr(e->msg, "missing argument") == NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data, *psrc = default_partial, *nul;
	size_t len = size, plen = sizeof(default_partial) - 1;
	struct mustache_set *set;
	struct buf out, again;
	json_error_t je;
	json_t *ctx;
	struct err e;
	int rc;

	if ((nul = memchr(src, '\0', size)) != NULL) {
		len = (size_t)(nul - src);
		psrc = nul + 1;
		plen = size - len - 1;
	}
	ctx = json_loads(context_json, 0, &je);
	FUZZ_CHECK(ctx != NULL);
	set = mustache_set_new();
	FUZZ_CHECK(set != NULL);
	memset(&e, 0, sizeof(e));
	if (mustache_set_add(set, "p", psrc, plen, &e) < 0) {
		FUZZ_CHECK(e.kind == ERR_TEMPLATE);
		FUZZ_CHECK(strstr(e.msg, "template p line ") == e.msg);
		FUZZ_CHECK(!mustache_set_has(set, "p"));
	}
	memset(&e, 0, sizeof(e));
	if (mustache_set_add(set, "t", src, len, &e) < 0) {
		FUZZ_CHECK(e.kind == ERR_TEMPLATE);
		FUZZ_CHECK(strstr(e.msg, "template t line ") == e.msg);
		FUZZ_CHECK(!mustache_set_has(set, "t"));
		FUZZ_CHECK(has_tag_start(src, len));
		goto done;
	}
	FUZZ_CHECK(mustache_set_has(set, "t"));
	buf_init(&out, OUT_MAX);
	memset(&e, 0, sizeof(e));
	rc = mustache_render(set, "t", ctx, &out, &e);
	if (rc == 0) {
		FUZZ_CHECK(!out.failed && out.len <= OUT_MAX);
		if (!has_tag_start(src, len))
			FUZZ_CHECK(out.len == len && (len == 0 || memcmp(out.data, src, len) == 0));
		if (is_escaping_only(src, len) && is_escaping_only(psrc, plen))
			FUZZ_CHECK(out.len == 0 || memchr(out.data, '<', out.len) == NULL);
		/* Rendering reads the set only: a second time gives the same. */
		buf_init(&again, OUT_MAX);
		FUZZ_CHECK(mustache_render(set, "t", ctx, &again, &e) == 0);
		FUZZ_CHECK(again.len == out.len &&
		    (out.len == 0 || memcmp(again.data, out.data, out.len) == 0));
		buf_free(&again);
	} else {
		FUZZ_CHECK(rc == -1);
		FUZZ_CHECK(is_render_error(&e));
		FUZZ_CHECK(strstr(e.msg, "template t: ") == e.msg);
	}
	buf_free(&out);
done:
	mustache_set_free(set);
	json_decref(ctx);
	return 0;
}
