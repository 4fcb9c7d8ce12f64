/*
 * view.c - the parsed template set of the application.
 */
#include <string.h>

#include "base/embed.h"
#include "view/mustache.h"
#include "view/view.h"

#define PREFIX	"templates/"
#define SUFFIX	".mustache"

static struct mustache_set *templates;

int
view_init(struct err *e)
{
	const struct embed_file *f;
	size_t i, plen = strlen(PREFIX), slen = strlen(SUFFIX), n;
	char name[128];

	if ((templates = mustache_set_new()) == NULL) {
		err_set(e, ERR_NOMEM, "out of memory");
		return -1;
	}
	for (i = 0; i < embed_count; i++) {
		f = &embed_files[i];
		n = strlen(f->name);
		if (strncmp(f->name, PREFIX, plen) != 0 || n <= plen + slen ||
		    strcmp(f->name + n - slen, SUFFIX) != 0)
			continue;
		if (n - plen - slen >= sizeof(name)) {
			err_set(e, ERR_TEMPLATE, "%s: name too long", f->name);
			goto fail;
		}
		memcpy(name, f->name + plen, n - plen - slen);
		name[n - plen - slen] = '\0';
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

int
view_render(const char *name, json_t *model, struct buf *out, struct err *e)
{
	return mustache_render(templates, name, model, out, e);
}
