/*
 * timefmt.h - the one time format stored and exchanged: ISO-8601 UTC with
 * seconds, "2026-11-29T18:00:00Z", which sorts as text in time order.
 */
#ifndef P2HAM_TIMEFMT_H
#define P2HAM_TIMEFMT_H

#include <time.h>

#define TIME_ISO_LEN	21	/* bytes including the NUL */

/* Format t into out (TIME_ISO_LEN bytes); returns out. */
char	*time_iso(time_t t, char out[TIME_ISO_LEN]);
/* Parse exactly that format; -1 for anything else. */
int	 time_parse_iso(const char *s, time_t *out);

#endif
