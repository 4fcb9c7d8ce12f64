/*
 * i18n.c - message catalogs compiled into the binary.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/code.h"
#include "base/embed.h"
#include "view/i18n.h"

static const char *const codes[LANG_MAX] = {
	[LANG_ID] = "id",
	[LANG_EN] = "en",
};

static json_t *catalogs[LANG_MAX];

enum lang
i18n_lang(const char *code)
{
	return (enum lang)code_find(codes, LANG_MAX, code);
}

const char *
i18n_code(enum lang l)
{
	return code_name_or(codes, LANG_MAX, (int)l, codes[LANG_ID]);
}

enum time_lang
i18n_time_lang(enum lang l)
{
	return l == LANG_EN ? TIME_EN : TIME_ID;
}

/*
 * Load the compiled-in file f and add its top-level keys to cat; a key
 * that another file of the same language already defines is an error.
 */
static int
catalog_add(json_t *cat, const struct embed_file *f, struct err *e)
{
	json_error_t je;
	const char *key;
	json_t *part, *v;

	part = json_loadb((const char *)f->data, f->len, 0, &je);
	if (part == NULL || !json_is_object(part)) {
		err_set(e, ERR_CATALOG, "%s line %d: %s", f->name, je.line, je.text);
		json_decref(part);
		return -1;
	}
	json_object_foreach(part, key, v) {
		if (json_object_get(cat, key) != NULL) {
			err_set(e, ERR_CATALOG, "%s: key %s is defined twice", f->name, key);
			json_decref(part);
			return -1;
		}
		json_object_set(cat, key, v);
	}
	json_decref(part);
	return 0;
}

/*
 * A language's catalog is locales/LANG.json merged with every
 * locales/LANG/FEATURE.json, so that each feature keeps its own messages.
 */
int
i18n_init(struct err *e)
{
	const struct embed_file *f;
	char name[64], dir[32];
	struct buf diff;
	size_t k, dlen;
	int i;

	for (i = 0; i < LANG_MAX; i++) {
		snprintf(name, sizeof(name), "locales/%s.json", codes[i]);
		if ((f = embed_find(name)) == NULL) {
			err_set(e, ERR_CATALOG, "%s is not compiled in", name);
			return -1;
		}
		catalogs[i] = json_object();
		if (catalogs[i] == NULL || catalog_add(catalogs[i], f, e) < 0)
			goto fail;
		dlen = (size_t)snprintf(dir, sizeof(dir), "locales/%s/", codes[i]);
		for (k = 0; k < embed_count; k++) {
			f = &embed_files[k];
			if (strncmp(f->name, dir, dlen) == 0 && strlen(f->name) > 5 &&
			    strcmp(f->name + strlen(f->name) - 5, ".json") == 0 &&
			    catalog_add(catalogs[i], f, e) < 0)
				goto fail;
		}
	}
	buf_init(&diff, 4096);
	if (i18n_compare(catalogs[LANG_ID], catalogs[LANG_EN], "", &diff) +
		i18n_compare(catalogs[LANG_EN], catalogs[LANG_ID], "", &diff) >
	    0) {
		err_set(e, ERR_CATALOG, "catalogs differ: %s", buf_cstr(&diff));
		buf_free(&diff);
		i18n_free();
		return -1;
	}
	buf_free(&diff);
	return 0;
fail:
	i18n_free();
	return -1;
}

void
i18n_free(void)
{
	int i;

	for (i = 0; i < LANG_MAX; i++) {
		json_decref(catalogs[i]);
		catalogs[i] = NULL;
	}
}

json_t *
i18n_catalog(enum lang l)
{
	return catalogs[l < LANG_MAX ? l : LANG_ID];
}

const char *
i18n_get(enum lang l, const char *key)
{
	json_t *v = i18n_catalog(l);
	const char *p = key, *dot;
	char part[128];
	size_t n;

	while (v != NULL && *p != '\0') {
		dot = strchr(p, '.');
		n = dot ? (size_t)(dot - p) : strlen(p);
		if (n >= sizeof(part))
			return key;
		memcpy(part, p, n);
		part[n] = '\0';
		v = json_object_get(v, part);
		p = dot ? dot + 1 : p + n;
	}
	return json_is_string(v) ? json_string_value(v) : key;
}

int
i18n_compare(json_t *a, json_t *b, const char *prefix, struct buf *out)
{
	const char *key;
	json_t *va, *vb;
	char path[256];
	int problems = 0;

	json_object_foreach(a, key, va) {
		snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", key);
		vb = json_object_get(b, key);
		if (vb == NULL) {
			buf_printf(out, "%s\n", path);
			problems++;
		} else if (json_is_object(va) != json_is_object(vb)) {
			buf_printf(out, "%s (type)\n", path);
			problems++;
		} else if (json_is_object(va))
			problems += i18n_compare(va, vb, path, out);
	}
	return problems;
}

char *
i18n_fill(struct arena *a, const char *msg, long n)
{
	const char *at = strstr(msg, "{n}");

	if (at == NULL)
		return arena_strdup(a, msg);
	return arena_printf(a, "%.*s%ld%s", (int)(at - msg), msg, n, at + 3);
}

const char *
i18n_subst(struct arena *a, const char *msg, ...)
{
	const char *p = msg, *name, *value, *out;
	struct buf b;
	va_list ap;
	size_t n;
	bool found;

	buf_init(&b, 0);
	while (*p != '\0') {
		found = false;
		if (*p == '{') {
			va_start(ap, msg);
			while ((name = va_arg(ap, const char *)) != NULL) {
				value = va_arg(ap, const char *);
				n = strlen(name);
				if (strncmp(p + 1, name, n) == 0 && p[n + 1] == '}') {
					buf_puts(&b, value != NULL ? value : "");
					p += n + 2;
					found = true;
					break;
				}
			}
			va_end(ap);
		}
		if (!found)
			buf_putc(&b, *p++);
	}
	out = b.failed ? NULL : arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return out != NULL ? out : msg;
}
