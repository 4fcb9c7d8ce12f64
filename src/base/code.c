/*
 * code.c - lookups in the code tables of enums (see code.h).
 */
#include <string.h>

#include "base/code.h"

const char *
code_name(const char *const *names, size_t count, int v)
{
	return code_name_or(names, count, v, "");
}

const char *
code_name_or(const char *const *names, size_t count, int v, const char *fallback)
{
	if (v < 0 || (size_t)v >= count)
		return fallback;
	return names[v] != NULL ? names[v] : "";
}

int
code_find(const char *const *names, size_t count, const char *s)
{
	size_t i;

	if (s == NULL)
		return (int)count;
	for (i = 0; i < count; i++)
		if (names[i] != NULL && strcmp(s, names[i]) == 0)
			return (int)i;
	return (int)count;
}

/* The code of entry i of table (see code_name_at). */
static const char *
code_at(const void *table, size_t size, size_t offset, size_t i)
{
	return *(const char *const *)((const char *)table + i * size + offset);
}

const char *
code_name_at(const void *table, size_t size, size_t offset, size_t count, int v)
{
	const char *s;

	if (v < 0 || (size_t)v >= count)
		return "";
	s = code_at(table, size, offset, (size_t)v);
	return s != NULL ? s : "";
}

const void *
code_lookup(const void *table, size_t size, size_t offset, size_t count, const char *s)
{
	const char *c;
	size_t i;

	for (i = 0; s != NULL && i < count; i++)
		if ((c = code_at(table, size, offset, i)) != NULL && strcmp(s, c) == 0)
			return (const char *)table + i * size;
	return NULL;
}

int
code_find_at(const void *table, size_t size, size_t offset, size_t count, const char *s)
{
	const char *p = code_lookup(table, size, offset, count, s);

	return p != NULL ? (int)((size_t)(p - (const char *)table) / size) : (int)count;
}

int
code_table_check(const char *const *names, size_t count, size_t *bad)
{
	size_t i, j;

	for (i = 0; i < count; i++) {
		if (names[i] == NULL || names[i][0] == '\0')
			goto fail;
		for (j = 0; j < i; j++)
			if (strcmp(names[i], names[j]) == 0)
				goto fail;
	}
	return 0;
fail:
	*bad = i;
	return -1;
}
