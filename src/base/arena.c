/*
 * arena.c - chunked bump allocator with a cap and cleanup hooks.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_CHUNK (16 * 1024)
#define ARENA_ALIGN (_Alignof(max_align_t))

struct arena_chunk {
	struct arena_chunk *next; /* older chunk */
	size_t size;              /* usable bytes in data */
	size_t off;               /* first free byte in data */
	_Alignas(max_align_t) unsigned char data[];
};

struct arena_hook {
	struct arena_hook *next;
	void (*fn)(void *);
	void *arg;
};

void
arena_init(struct arena *a, size_t cap)
{
	memset(a, 0, sizeof(*a));
	a->cap = cap;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;
	struct arena_hook *h;

	for (h = a->hooks; h != NULL; h = h->next)
		h->fn(h->arg);
	a->hooks = NULL;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->used = 0;
}

void *
arena_alloc(struct arena *a, size_t len)
{
	struct arena_chunk *c = a->head;
	size_t need, size;
	void *p;

	if (len == 0)
		len = 1;
	if (len > SIZE_MAX / 2)
		return NULL;
	need = (len + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (c == NULL || c->size - c->off < need) {
		size = need > ARENA_CHUNK ? need : ARENA_CHUNK;
		if (a->cap != 0 && a->used + size + sizeof(*c) > a->cap)
			return NULL;
		if ((c = malloc(sizeof(*c) + size)) == NULL)
			return NULL;
		c->size = size;
		c->off = 0;
		c->next = a->head;
		a->head = c;
		a->used += size + sizeof(*c);
	}
	p = c->data + c->off;
	c->off += need;
	memset(p, 0, len);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p;

	if ((p = arena_alloc(a, len + 1)) == NULL)
		return NULL;
	if (len > 0)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list cp;
	char *p;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || (p = arena_alloc(a, (size_t)n + 1)) == NULL)
		return NULL;
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

int
arena_defer(struct arena *a, void (*fn)(void *), void *arg)
{
	struct arena_hook *h;

	if ((h = arena_alloc(a, sizeof(*h))) == NULL)
		return -1;
	h->fn = fn;
	h->arg = arg;
	h->next = a->hooks;
	a->hooks = h;
	return 0;
}
