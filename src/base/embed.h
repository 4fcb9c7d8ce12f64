/*
 * embed.h - resource files compiled into the binary (templates, catalogs,
 * static assets, migrations), named by their path in the source tree.
 */
#ifndef P2HAM_EMBED_H
#define P2HAM_EMBED_H

#include <stdbool.h>
#include <stddef.h>

struct embed_file {
	const char *name;          /* e.g. "templates/home.mustache" */
	const unsigned char *data; /* content, followed by a NUL byte */
	size_t len;                /* bytes, without that NUL */
};

extern const struct embed_file embed_files[]; /* sorted by name */
extern const size_t embed_count;

/* The file called name, or NULL. */
const struct embed_file *embed_find(const char *name);
/* True when f's name is prefix, something, then suffix. */
bool embed_under(const struct embed_file *f, const char *prefix, const char *suffix);

#endif
