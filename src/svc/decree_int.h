/*
 * decree_int.h - what decree.c and decree_issue.c share. Internal to the
 * decree's services.
 */
#ifndef P2HAM_DECREE_INT_H
#define P2HAM_DECREE_INT_H

#include <stdint.h>

#include <jansson.h>

#include "svc/documents.h"
#include "svc/svc.h"

/* Decree id's row (DECREE_COLUMNS), a new reference; NULL with e (404). */
json_t *decree_row(struct svc *s, int64_t id, struct err *e);

/* Cycle cycle_id's row once s's actor may decree for it; NULL with e. */
json_t *decree_cycle(struct svc *s, int64_t cycle_id, struct err *e);

/* decree_row of id when it belongs to cycle_id, once s's actor may
 * decree for the cycle; NULL with e (404). */
json_t *decree_of_cycle(struct svc *s, int64_t cycle_id, int64_t id, struct err *e);

/* The words of a document of kind k in Bahasa Indonesia from model m (the
 * reference is taken; NULL: out of memory) into d, zeroed first. -1 with
 * e. */
struct doc_content;
int decree_words(struct svc *s, enum doc_kind k, json_t *m, struct doc_content *d,
    struct err *e);

#endif
