/*
 * view.c - the parsed template set of the application.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embed.h"
#include "base/log.h"
#include "base/str.h"
#include "view/mustache.h"
#include "view/view.h"

#define PREFIX "templates/"
#define SUFFIX ".mustache"
#define OVERRIDABLE "templates/documents/" /* what an installation may reword */
#define OVERRIDE_MAX (256 * 1024)          /* bytes of one replacement */

static struct mustache_set *templates;

/* template_name: the name of embedded template F, its path under PREFIX
 * without SUFFIX, into NAME; false when it does not fit. F is under PREFIX. */
static bool
template_name(const struct embed_file *f, char *name, size_t size)
{
	size_t n = strlen(f->name) - strlen(PREFIX) - strlen(SUFFIX);

	if (n >= size)
		return false;
	memcpy(name, f->name + strlen(PREFIX), n);
	name[n] = '\0';
	return true;
}

int
view_init(struct err *e)
{
	const struct embed_file *f;
	size_t i;
	char name[128];

	if ((templates = mustache_set_new()) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	for (i = 0; i < embed_count; i++) {
		f = &embed_files[i];
		if (!embed_under(f, PREFIX, SUFFIX))
			continue;
		if (!template_name(f, name, sizeof(name))) {
			err_set(e, ERR_TEMPLATE, "%s: name too long", f->name);
			goto fail;
		}
		if (mustache_set_add(templates, name, (const char *)f->data, f->len, e) < 0)
			goto fail;
	}
	return 0;
fail:
	view_free();
	return -1;
}

void
view_free(void)
{
	mustache_set_free(templates);
	templates = NULL;
}

bool
view_loaded(void)
{
	return templates != NULL;
}

int
view_render(const char *name, json_t *model, struct buf *out, struct err *e)
{
	return mustache_render(templates, name, model, out, e);
}

json_t *
view_shape(const char *name)
{
	/* add_layout's members (web/app.c) and the partials that show them. */
	static const char *const partials[] = { "partials/head", "partials/foot", NULL };
	static const char *const names[] = { "t", "asset", "lang", "lang_switch",
		"version", "me", "csrf", NULL };
	const struct mustache_shape_skip skip = { partials, names };

	return mustache_shape(templates, name, &skip);
}

/* Read path whole (at most OVERRIDE_MAX bytes) into *out; 0, 1 when it
 * does not exist, -1 with e. */
static int
read_small(const char *path, char **out, size_t *len, struct err *e)
{
	FILE *f = fopen(path, "rb");
	char *data;
	size_t n;

	*out = NULL;
	if (f == NULL) {
		if (errno == ENOENT)
			return 1;
		err_set(e, ERR_TEMPLATE, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if ((data = malloc(OVERRIDE_MAX + 1)) == NULL) {
		fclose(f);
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	n = fread(data, 1, OVERRIDE_MAX + 1, f);
	if (ferror(f) || n > OVERRIDE_MAX) {
		err_set(e, ERR_TEMPLATE, "%s: %s", path,
		    n > OVERRIDE_MAX ? "larger than 256 KB" : "read error");
		fclose(f);
		free(data);
		return -1;
	}
	fclose(f);
	*out = data;
	*len = n;
	return 0;
}

int
view_override(const char *data_dir, struct err *e)
{
	const struct embed_file *f;
	size_t i;
	char path[4096], name[128], *data;
	size_t len;
	int rc;

	for (i = 0; i < embed_count; i++) {
		f = &embed_files[i];
		if (!embed_under(f, OVERRIDABLE, SUFFIX) ||
		    !template_name(f, name, sizeof(name)))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", data_dir, f->name) >=
		    sizeof(path)) {
			err_set(e, ERR_TEMPLATE, "data directory path too long");
			return -1;
		}
		if ((rc = read_small(path, &data, &len, e)) < 0)
			return -1;
		if (rc > 0)
			continue;
		if (!utf8_valid(data, len)) {
			err_set(e, ERR_TEMPLATE, "%s: not valid UTF-8", path);
			free(data);
			return -1;
		}
		rc = mustache_set_add(templates, name, data, len, e);
		free(data);
		if (rc < 0) {
			char why[sizeof(e->msg)];

			memcpy(why, e->msg, sizeof(why));
			err_set(e, ERR_TEMPLATE, "%s: %s", path, why);
			return -1;
		}
		log_info("event=template_override template=%s path=%s", name, path);
	}
	return 0;
}
