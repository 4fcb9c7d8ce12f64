/*
 * embed.c - lookup in the table of compiled-in resources.
 */
#include <string.h>

#include "embed.h"

const struct embed_file *
embed_find(const char *name)
{
	size_t lo = 0, hi = embed_count, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(name, embed_files[mid].name)) == 0)
			return &embed_files[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
