/*
 * alloc.c - which allocator the process's malloc reaches (alloc.h).
 *
 * mimalloc stands in for the C library's malloc by being linked before
 * it; a fresh block from its heap says the override took.
 */
#include <stdbool.h>
#include <stdlib.h>

#ifdef P2HAM_MIMALLOC
#include <mimalloc.h>
#endif

#include "base/alloc.h"

const char *
alloc_name(void)
{
#ifdef P2HAM_MIMALLOC
	void *p = calloc(1, 64); /* zeroed: the check reads no unset byte */
	bool ours = p != NULL && mi_is_in_heap_region(p);

	free(p);
	return ours ? "mimalloc" : "libc";
#else
	return "libc";
#endif
}
