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

bool
embed_under(const struct embed_file *f, const char *prefix, const char *suffix)
{
	size_t n = strlen(f->name), plen = strlen(prefix), slen = strlen(suffix);

	return n > plen + slen && strncmp(f->name, prefix, plen) == 0 &&
	    strcmp(f->name + n - slen, suffix) == 0;
}
