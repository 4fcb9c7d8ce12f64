/*
 * unit_type.c - the table of built-in unit types.
 */
#include <string.h>

#include "core/unit_type.h"

/* clang-format off */
const struct unit_type unit_types[UNIT_TYPE_MAX] = {
	[UNIT_TYPE_KANWIL] = { "kanwil", "Kantor Wilayah", "Regional office",
	    UNIT_OWNER_MINISTRY },
	[UNIT_TYPE_UNIT_PUSAT] = { "unit_pusat", "Unit Pusat", "Central unit",
	    UNIT_OWNER_MINISTRY },
	[UNIT_TYPE_KANIM] = { "kanim", "Kantor Imigrasi", "Immigration office",
	    UNIT_OWNER_MINISTRY },
	[UNIT_TYPE_LAPAS] = { "lapas", "Lembaga Pemasyarakatan", "Prison",
	    UNIT_OWNER_MINISTRY },
	[UNIT_TYPE_RUTAN] = { "rutan", "Rumah Tahanan Negara", "Detention centre",
	    UNIT_OWNER_MINISTRY },
	[UNIT_TYPE_BAPAS] = { "bapas", "Balai Pemasyarakatan", "Probation office",
	    UNIT_OWNER_MINISTRY },
	[UNIT_TYPE_RUPBASAN] = { "rupbasan", "Rumah Penyimpanan Benda Sitaan Negara",
	    "State seized-goods depot", UNIT_OWNER_MINISTRY },
	[UNIT_TYPE_LPKA] = { "lpka", "Lembaga Pembinaan Khusus Anak",
	    "Juvenile correctional facility", UNIT_OWNER_MINISTRY },
	[UNIT_TYPE_BHP] = { "bhp", "Balai Harta Peninggalan", "Estate office",
	    UNIT_OWNER_MINISTRY },
	[UNIT_TYPE_RUDENIM] = { "rudenim", "Rumah Detensi Imigrasi",
	    "Immigration detention centre", UNIT_OWNER_MINISTRY },
	[UNIT_TYPE_OPD] = { "opd", "Organisasi Perangkat Daerah",
	    "Regional government service office", UNIT_OWNER_PEMDA },
	[UNIT_TYPE_WISATA] = { "wisata", "Destinasi Wisata", "Tourism site",
	    UNIT_OWNER_PEMDA },
};
/* clang-format on */

const struct unit_type *
unit_type_find(const char *code)
{
	int i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < UNIT_TYPE_MAX; i++)
		if (strcmp(code, unit_types[i].code) == 0)
			return &unit_types[i];
	return NULL;
}

void
unit_type_codes(const char *codes[UNIT_TYPE_MAX])
{
	int i;

	for (i = 0; i < UNIT_TYPE_MAX; i++)
		codes[i] = unit_types[i].code;
}
