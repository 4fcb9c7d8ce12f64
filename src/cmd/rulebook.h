/*
 * rulebook.h - storing rulebooks (docs/rulebook.md) through the versioned
 * document store: one document, and the shipped ones that `p2ham init`
 * imports when missing. The actions of `p2ham rulebook` itself are
 * rulebook_subs (cmd.h).
 */
#ifndef P2HAM_CMD_RULEBOOK_H
#define P2HAM_CMD_RULEBOOK_H

#include "svc/versioned.h"

/* Rulebooks as versioned documents: versioned_import() with it validates
 * against the built-in unit types and audits "rulebook.import";
 * versioned_import_shipped() imports rulebooks/ *.json. */
extern const struct versioned_kind rulebook_kind;

#endif
