/*
 * alloc.h - which allocator the process's malloc reaches.
 */
#ifndef P2HAM_BASE_ALLOC_H
#define P2HAM_BASE_ALLOC_H

/* "mimalloc" when the build links it (meson, P2HAM_MIMALLOC) and it took
 * the C library's place, else "libc". */
const char *alloc_name(void);

#endif
