/*
 * region.c - the province table (Kemendagri codes, time zones).
 */
#include "base/code.h"
#include "core/region.h"

const struct province provinces[] = {
	{ 11, "Aceh", TZ_WIB },
	{ 12, "Sumatera Utara", TZ_WIB },
	{ 13, "Sumatera Barat", TZ_WIB },
	{ 14, "Riau", TZ_WIB },
	{ 15, "Jambi", TZ_WIB },
	{ 16, "Sumatera Selatan", TZ_WIB },
	{ 17, "Bengkulu", TZ_WIB },
	{ 18, "Lampung", TZ_WIB },
	{ 19, "Kepulauan Bangka Belitung", TZ_WIB },
	{ 21, "Kepulauan Riau", TZ_WIB },
	{ 31, "DKI Jakarta", TZ_WIB },
	{ 32, "Jawa Barat", TZ_WIB },
	{ 33, "Jawa Tengah", TZ_WIB },
	{ 34, "DI Yogyakarta", TZ_WIB },
	{ 35, "Jawa Timur", TZ_WIB },
	{ 36, "Banten", TZ_WIB },
	{ 51, "Bali", TZ_WITA },
	{ 52, "Nusa Tenggara Barat", TZ_WITA },
	{ 53, "Nusa Tenggara Timur", TZ_WITA },
	{ 61, "Kalimantan Barat", TZ_WIB },
	{ 62, "Kalimantan Tengah", TZ_WIB },
	{ 63, "Kalimantan Selatan", TZ_WITA },
	{ 64, "Kalimantan Timur", TZ_WITA },
	{ 65, "Kalimantan Utara", TZ_WITA },
	{ 71, "Sulawesi Utara", TZ_WITA },
	{ 72, "Sulawesi Tengah", TZ_WITA },
	{ 73, "Sulawesi Selatan", TZ_WITA },
	{ 74, "Sulawesi Tenggara", TZ_WITA },
	{ 75, "Gorontalo", TZ_WITA },
	{ 76, "Sulawesi Barat", TZ_WITA },
	{ 81, "Maluku", TZ_WIT },
	{ 82, "Maluku Utara", TZ_WIT },
	{ 91, "Papua", TZ_WIT },
	{ 92, "Papua Barat", TZ_WIT },
	{ 93, "Papua Selatan", TZ_WIT },
	{ 94, "Papua Tengah", TZ_WIT },
	{ 95, "Papua Pegunungan", TZ_WIT },
	{ 96, "Papua Barat Daya", TZ_WIT },
};
const size_t province_count = sizeof(provinces) / sizeof(provinces[0]);

static const char *const tz_codes[TZ_MAX] = { TZ_LIST(CODE_ENTRY) };

const struct province *
province_find(int code)
{
	size_t i;

	for (i = 0; i < province_count; i++)
		if (provinces[i].code == code)
			return &provinces[i];
	return NULL;
}

const char *
tz_code(enum tz tz)
{
	return code_name_or(tz_codes, TZ_MAX, (int)tz, "WIB");
}

int
tz_offset(enum tz tz)
{
	return (7 + (int)(tz < TZ_MAX ? tz : TZ_WIB)) * 3600;
}
