/*
 * unit_type.h - the built-in kinds of service unit the programme knows: the
 * ministry's regional offices, central units and technical units (UPT), and
 * a regional government's service offices and tourism sites. Rulebooks name
 * the unit types they apply to by these codes, and the registry gives every
 * unit one of them, so the codes are stable identifiers; the names are for
 * people. Pure data: no I/O.
 */
#ifndef P2HAM_UNIT_TYPE_H
#define P2HAM_UNIT_TYPE_H

#include <stddef.h>

#include "base/code.h"

/*
 * Every built-in type: its value, its stable code (e.g. "kanim"), who runs
 * it, and its name in Bahasa Indonesia and in English.
 */
/* clang-format off */
#define UNIT_TYPE_LIST(X) \
	/* Kantor Wilayah: the ministry's office in a province */ \
	X(UNIT_TYPE_KANWIL, "kanwil", UNIT_OWNER_MINISTRY, \
	    "Kantor Wilayah", "Regional office") \
	/* a central unit of the ministry */ \
	X(UNIT_TYPE_UNIT_PUSAT, "unit_pusat", UNIT_OWNER_MINISTRY, \
	    "Unit Pusat", "Central unit") \
	X(UNIT_TYPE_KANIM, "kanim", UNIT_OWNER_MINISTRY, \
	    "Kantor Imigrasi", "Immigration office") \
	X(UNIT_TYPE_LAPAS, "lapas", UNIT_OWNER_MINISTRY, \
	    "Lembaga Pemasyarakatan", "Prison") \
	X(UNIT_TYPE_RUTAN, "rutan", UNIT_OWNER_MINISTRY, \
	    "Rumah Tahanan Negara", "Detention centre") \
	X(UNIT_TYPE_BAPAS, "bapas", UNIT_OWNER_MINISTRY, \
	    "Balai Pemasyarakatan", "Probation office") \
	X(UNIT_TYPE_RUPBASAN, "rupbasan", UNIT_OWNER_MINISTRY, \
	    "Rumah Penyimpanan Benda Sitaan Negara", "State seized-goods depot") \
	X(UNIT_TYPE_LPKA, "lpka", UNIT_OWNER_MINISTRY, \
	    "Lembaga Pembinaan Khusus Anak", "Juvenile correctional facility") \
	X(UNIT_TYPE_BHP, "bhp", UNIT_OWNER_MINISTRY, \
	    "Balai Harta Peninggalan", "Estate office") \
	X(UNIT_TYPE_RUDENIM, "rudenim", UNIT_OWNER_MINISTRY, \
	    "Rumah Detensi Imigrasi", "Immigration detention centre") \
	/* Organisasi Perangkat Daerah of a pemda */ \
	X(UNIT_TYPE_OPD, "opd", UNIT_OWNER_PEMDA, \
	    "Organisasi Perangkat Daerah", "Regional government service office") \
	/* a tourism site managed by a pemda */ \
	X(UNIT_TYPE_WISATA, "wisata", UNIT_OWNER_PEMDA, \
	    "Destinasi Wisata", "Tourism site")
/* clang-format on */

enum unit_type_id { UNIT_TYPE_LIST(CODE_ENUM) UNIT_TYPE_MAX };

/* Who a unit of the type belongs to. */
enum unit_owner {
	UNIT_OWNER_MINISTRY, /* a ministry or agency (K/L) */
	UNIT_OWNER_PEMDA,    /* a regional government */
	UNIT_OWNER_MAX
};

struct unit_type {
	const char *code;      /* stable identifier, e.g. "kanim" */
	const char *name_id;   /* name in Bahasa Indonesia, e.g. "Kantor Imigrasi" */
	const char *name_en;   /* name in English, e.g. "Immigration office" */
	enum unit_owner owner; /* the kind of government that runs it */
};

/* Every built-in type, indexed by enum unit_type_id. */
extern const struct unit_type unit_types[UNIT_TYPE_MAX];

/* The built-in type called code, or NULL. */
const struct unit_type *unit_type_find(const char *code);

/*
 * Fill codes[0..UNIT_TYPE_MAX) with the built-in codes, in enum order (the
 * known-types input of rulebook_parse). The strings are static.
 */
void unit_type_codes(const char *codes[UNIT_TYPE_MAX]);

#endif
