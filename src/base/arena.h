/*
 * arena.h - a region allocator: everything one request (or one command) needs
 * is allocated here and freed in one step. A cap turns runaway input into an
 * allocation failure the caller answers with 413, instead of exhausting memory.
 */
#ifndef P2HAM_ARENA_H
#define P2HAM_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;
struct arena_hook;

struct arena {
	struct arena_chunk *head; /* newest chunk; older ones follow */
	struct arena_hook *hooks; /* run in reverse order by arena_free */
	size_t used;              /* bytes handed out plus chunk headers */
	size_t cap;               /* ceiling for used; 0 means unlimited */
};

/* Prepare an empty arena; nothing is allocated until the first call. */
void arena_init(struct arena *a, size_t cap);
/* Run the cleanup hooks (newest first) and release all memory. */
void arena_free(struct arena *a);

/* Zeroed memory for len bytes, aligned for any type; NULL when over cap. */
void *arena_alloc(struct arena *a, size_t len);
/* A NUL-terminated copy of len bytes of s; NULL when over cap. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
/* printf into the arena; NULL when over cap. */
char *
arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Register fn(arg) to run when the arena is freed; -1 when over cap. */
int arena_defer(struct arena *a, void (*fn)(void *), void *arg);

#endif
