/*
 * mustache_shape.c - what a template reads from its model, as a JSON
 * Schema: the names its tags look up, nested as its sections nest. The
 * model a page hands its template is also the page's JSON answer, so this
 * describes the JSON of every page from the one source that uses it.
 *
 * A section's name may stand for a list, an object, a flag or a value, so
 * its schema describes the members both of an object and of a list's
 * items. A name inside a section may resolve in an enclosing context
 * instead; it is listed under the section, where the template first looks.
 * Nothing is required and other members are allowed: the schema says what
 * is read, never that an answer is wrong for holding more.
 */
#include <string.h>

#include "view/mustache_int.h"

#define SHAPE_MAX_PARTIALS 8 /* partials followed inside one another */

static json_t *
properties_of(json_t *schema)
{
	json_t *p = json_object_get(schema, "properties");

	if (p == NULL) {
		p = json_object();
		json_object_set_new(schema, "properties", p);
	}
	return p;
}

/* The schema of member name of schema, made when absent. */
static json_t *
member(json_t *schema, const char *name)
{
	json_t *props = properties_of(schema), *m = json_object_get(props, name);

	if (m == NULL) {
		m = json_object();
		json_object_set_new(props, name, m);
	}
	return m;
}

/* The schema that name's last part stands for, through its dotted parts. */
static json_t *
descend(json_t *schema, const struct mustache_name *n)
{
	size_t i;

	for (i = 0; i < n->count; i++)
		schema = member(schema, n->parts[i]);
	return schema;
}

static bool
listed(const char *const *list, const char *s, size_t len)
{
	size_t i;

	for (i = 0; list != NULL && list[i] != NULL; i++)
		if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
			return true;
	return false;
}

/* A name the shape leaves out: one whose first part is on the list. */
static bool
ignored(const struct mustache_node *n, const struct mustache_shape_skip *skip)
{
	return !n->name.is_valid ||
	    (n->name.count > 0 &&
		listed(skip->names, n->name.parts[0], strlen(n->name.parts[0])));
}

/* True when n names the section whose members schema lists. */
static bool
is_self(json_t *schema, const struct mustache_node *n)
{
	const char *self = json_string_value(json_object_get(schema, "x-self"));

	return self != NULL && n->name.count == 1 && strcmp(self, n->name.parts[0]) == 0;
}

static void
walk(const struct mustache_set *set, const struct mustache_node *n, json_t *schema,
    const struct mustache_shape_skip *skip, unsigned depth)
{
	const struct mustache_tpl *t;
	json_t *s;

	for (; n != NULL; n = n->next) {
		switch (n->kind) {
		case MUSTACHE_ESCAPED:
		case MUSTACHE_RAW:
			if (!ignored(n, skip) && n->name.count > 0 && !is_self(schema, n))
				(void)descend(schema, &n->name);
			break;
		case MUSTACHE_SECTION:
			if (ignored(n, skip))
				break;
			if (n->name.count == 0) {
				walk(set, n->child, schema, skip, depth);
				break;
			}
			s = descend(schema, &n->name);
			/* {{#x}}{{x}}{{/x}}: x shown when set is x itself. */
			json_object_set_new(s, "x-self",
			    json_string(n->name.parts[n->name.count - 1]));
			walk(set, n->child, s, skip, depth);
			json_object_del(s, "x-self");
			break;
		case MUSTACHE_INVERTED:
			/* Its body is shown in the enclosing context. */
			if (!ignored(n, skip) && n->name.count > 0)
				(void)descend(schema, &n->name);
			walk(set, n->child, schema, skip, depth);
			break;
		case MUSTACHE_PARTIAL:
			if (depth >= SHAPE_MAX_PARTIALS ||
			    listed(skip->partials, n->text, n->len) ||
			    (t = mustache_set_find(set, n->text, n->len)) == NULL)
				break;
			walk(set, t->root, schema, skip, depth + 1);
			break;
		default:
			break;
		}
	}
}

/* Members with members of their own may be an object or a list of them:
 * their members describe both. */
static void
finish(json_t *schema)
{
	json_t *props = json_object_get(schema, "properties"), *m;
	const char *k;

	if (props == NULL)
		return;
	json_object_foreach(props, k, m) {
		finish(m);
		if (json_object_get(m, "properties") != NULL)
			json_object_set_new(m, "items",
			    json_pack("{s:O}", "properties", json_object_get(m, "properties")));
	}
}

json_t *
mustache_shape(const struct mustache_set *set, const char *name,
    const struct mustache_shape_skip *skip)
{
	const struct mustache_tpl *t = mustache_set_find(set, name, strlen(name));
	json_t *schema;

	if (t == NULL || (schema = json_pack("{s:s}", "type", "object")) == NULL)
		return NULL;
	walk(set, t->root, schema, skip, 0);
	finish(schema);
	return schema;
}
