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

enum unit_type_id {
	UNIT_TYPE_KANWIL,     /* Kantor Wilayah: the ministry's office in a province */
	UNIT_TYPE_UNIT_PUSAT, /* a central unit of the ministry */
	UNIT_TYPE_KANIM,      /* Kantor Imigrasi */
	UNIT_TYPE_LAPAS,      /* Lembaga Pemasyarakatan */
	UNIT_TYPE_RUTAN,      /* Rumah Tahanan Negara */
	UNIT_TYPE_BAPAS,      /* Balai Pemasyarakatan */
	UNIT_TYPE_RUPBASAN,   /* Rumah Penyimpanan Benda Sitaan Negara */
	UNIT_TYPE_LPKA,       /* Lembaga Pembinaan Khusus Anak */
	UNIT_TYPE_BHP,        /* Balai Harta Peninggalan */
	UNIT_TYPE_RUDENIM,    /* Rumah Detensi Imigrasi */
	UNIT_TYPE_OPD,        /* Organisasi Perangkat Daerah of a pemda */
	UNIT_TYPE_WISATA,     /* a tourism site managed by a pemda */
	UNIT_TYPE_MAX
};

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
