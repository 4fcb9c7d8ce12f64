/*
 * code.h - the stable codes of an enum: the words (in URLs, the database,
 * catalog keys, configuration) that stand for its values. Each enum keeps its
 * codes in one array indexed by the enum with designated initialisers,
 *
 *	static const char *const role_codes[ROLE_MAX] = {
 *		[ROLE_ADMIN] = "admin", ...
 *	};
 *
 * and its x_code and x_parse are one call each of the two functions below,
 * written out by CODE_FUNCTIONS (or CODE_NAME_FUNCTION when the enum is only
 * ever shown, never read back).
 * A value the array forgets reads as NULL; code_table_check finds it, and the
 * codes unit test runs it over every public table.
 *
 * Where the enum is public, its header says each value and its code once,
 * in a list macro that makes both the enum and the array, so the two cannot
 * drift apart:
 *
 *	#define ROLE_LIST(X) \
 *		X(ROLE_ADMIN, "admin") \
 *		...
 *	enum role { ROLE_LIST(CODE_ENUM) ROLE_MAX };
 *
 * and the module's .c file
 *
 *	static const char *const role_codes[ROLE_MAX] = { ROLE_LIST(CODE_ENTRY) };
 */
#ifndef P2HAM_CODE_H
#define P2HAM_CODE_H

#include <stddef.h>

/* The two halves of an entry of a list macro: the enum's value, and the
 * array's entry for it. A list whose entries carry more than the code
 * makes its enum with CODE_ENUM too, and its array with a macro of its
 * own. */
#define CODE_ENUM(value, ...) value,
#define CODE_ENTRY(value, code) [value] = code,

/* The code of value v of names[0..count), or "" when v is out of range or
 * has no code. The string is the table's own (static). */
const char *code_name(const char *const *names, size_t count, int v);

/* The same, with fallback in place of "" for a value out of range (a value
 * in range without a code still reads as "", for code_table_check to find). */
const char *code_name_or(const char *const *names, size_t count, int v, const char *fallback);

/* The value whose code is s, or count when s is NULL or names none. */
int code_find(const char *const *names, size_t count, const char *s);

/* code_name and code_find over an array of count structs of size bytes
 * each, whose code is the string member at offset: the tables whose
 * entries carry more than their code. */
const char *code_name_at(const void *table, size_t size, size_t offset, size_t count, int v);
int code_find_at(const void *table, size_t size, size_t offset, size_t count, const char *s);

/* The entry of such an array whose code is s, or NULL when none is (or s
 * is NULL). */
const void *
code_lookup(const void *table, size_t size, size_t offset, size_t count, const char *s);

/* code_lookup over table[0..count), an array of type whose code is its
 * member `code`: the lists a parsed document holds (criteria, scales, ...). */
#define CODE_LOOKUP(type, table, count, s) \
	((const type *)code_lookup((table), sizeof(type), offsetof(type, code), (count), (s)))

/* 0 when each of the count codes is non-empty and no two are the same;
 * otherwise -1 with *bad set to the first value at fault. */
int code_table_check(const char *const *names, size_t count, size_t *bad);

/*
 * Define x_code(value) and x_parse(code) over table, whose count entries are
 * indexed by enum type; x_parse gives count for a code it does not know. The
 * header of the module declares them as usual, so callers see plain functions.
 */
#define CODE_NAME_FUNCTION(x, type, table, count) \
	const char *x##_code(type v) \
	{ \
		return code_name(table, count, (int)v); \
	}

#define CODE_FUNCTIONS(x, type, table, count) \
	CODE_NAME_FUNCTION(x, type, table, count) \
	type x##_parse(const char *code) \
	{ \
		return (type)code_find(table, count, code); \
	}

/* CODE_FUNCTIONS over an array of structs whose code is their member. */
#define CODE_MEMBER_FUNCTIONS(x, type, table, member, count) \
	const char *x##_code(type v) \
	{ \
		return code_name_at(table, sizeof(table[0]), CODE_OFFSET(table, member), \
		    count, (int)v); \
	} \
	type x##_parse(const char *code) \
	{ \
		return (type)code_find_at(table, sizeof(table[0]), \
		    CODE_OFFSET(table, member), count, code); \
	}
/* offsetof for the element type of table, which may have no name. */
#define CODE_OFFSET(table, member) \
	((size_t)((const char *)&(table)[0].member - (const char *)&(table)[0]))

#endif
