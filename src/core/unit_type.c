/*
 * unit_type.c - the table of built-in unit types.
 */
#include "core/unit_type.h"

#define UNIT_TYPE_ENTRY(value, code, owner, name_id, name_en) \
	[value] = { code, name_id, name_en, owner },
const struct unit_type unit_types[UNIT_TYPE_MAX] = { UNIT_TYPE_LIST(UNIT_TYPE_ENTRY) };

const struct unit_type *
unit_type_find(const char *code)
{
	int i = code_find_at(unit_types, sizeof(unit_types[0]),
	    offsetof(struct unit_type, code), UNIT_TYPE_MAX, code);

	return i < UNIT_TYPE_MAX ? &unit_types[i] : NULL;
}

void
unit_type_codes(const char *codes[UNIT_TYPE_MAX])
{
	int i;

	for (i = 0; i < UNIT_TYPE_MAX; i++)
		codes[i] = unit_types[i].code;
}
