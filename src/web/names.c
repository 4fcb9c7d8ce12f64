/*
 * names.c - words for the codes of roles, scopes and provinces on pages
 * (see names.h).
 */
#include <stdio.h>
#include <string.h>

#include "core/region.h"
#include "view/i18n.h"
#include "web/app.h"
#include "web/names.h"

/* The catalog's word for code under section ("role", "scope"); the code
 * itself when the catalog has none. */
static const char *
word(enum lang l, const char *section, const char *code)
{
	char key[96];

	if (code == NULL)
		return "";
	if (snprintf(key, sizeof(key), "%s.%s", section, code) >= (int)sizeof(key))
		return code;
	return i18n_get(l, key);
}

void
names_grants(struct request *req, json_t *grants)
{
	enum lang l = req_lang(req);
	const char *role, *kind, *name, *label;
	char key[96];
	json_t *g;
	size_t i;

	json_array_foreach(grants, i, g) {
		role = json_string_value(json_object_get(g, "role"));
		kind = json_string_value(json_object_get(g, "scope_kind"));
		name = json_string_value(json_object_get(g, "scope_name"));
		json_object_set_new(g, "role_label", json_string(word(l, "role", role)));
		json_object_set_new(g, "scope_kind_label",
		    json_string(word(l, "scope", kind)));
		if (kind == NULL || strcmp(kind, "national") == 0 || name == NULL)
			label = word(l, "scope", kind);
		else {
			snprintf(key, sizeof(key), "scope_named.%s", kind);
			label = i18n_subst(&req->arena, i18n_get(l, key), "name", name,
			    (const char *)NULL);
		}
		json_object_set_new(g, "scope_label", json_string(label));
	}
}

void
names_province(json_t *obj, const char *code_key, const char *name_key)
{
	const struct province *p;

	if (!json_is_integer(json_object_get(obj, code_key)))
		return;
	p = province_find((int)json_integer_value(json_object_get(obj, code_key)));
	if (p != NULL)
		json_object_set_new(obj, name_key, json_string(p->name));
}
