/*
 * region.h - Indonesia's provinces with their Kemendagri codes and time
 * zones. Regencies and cities are data loaded into the database; the 38
 * provinces are fixed enough to be a table here.
 */
#ifndef P2HAM_REGION_H
#define P2HAM_REGION_H

#include <stddef.h>

#include "base/code.h"

/* clang-format off */
#define TZ_LIST(X) \
	X(TZ_WIB, "WIB")   /* UTC+7 */ \
	X(TZ_WITA, "WITA") /* UTC+8 */ \
	X(TZ_WIT, "WIT")   /* UTC+9 */
/* clang-format on */

enum tz { TZ_LIST(CODE_ENUM) TZ_MAX };

struct province {
	int code;         /* two-digit Kemendagri code, e.g. 75 */
	const char *name; /* official name, e.g. "Gorontalo" */
	enum tz tz;       /* the province's time zone */
};

extern const struct province provinces[];
extern const size_t province_count;

/* The province with that code, or NULL. */
const struct province *province_find(int code);
/* "WIB", "WITA", "WIT". */
const char *tz_code(enum tz tz);
/* Offset from UTC in seconds. */
int tz_offset(enum tz tz);

#endif
