/*
 * offline.h - site visits recorded without a signal. Before the visit the
 * verifier's device keeps the verification page; on site it records
 * verdicts and visits; back online it sends each as an item with an
 * identifier the device made, the time the device recorded it and, for a
 * verdict, the version of the indicator it was based on (offline_version).
 * Each item is applied once: a repeated send finds it in offline_item and
 * applies nothing. A verdict whose indicator changed meanwhile (the unit
 * replaced its evidence, changed its answer, or another verdict came in) is
 * refused as a conflict with the indicator as it stands now, for the
 * verifier to decide. What is accepted goes through verification.h's
 * services (policy, stage machine, upload checks, audit log) like online
 * work, and its rows say when the device recorded it.
 */
#ifndef P2HAM_SVC_OFFLINE_H
#define P2HAM_SVC_OFFLINE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/code.h"
#include "base/err.h"
#include "svc/svc.h"
#include "svc/verification.h"

#define OFFLINE_ID_MIN 8 /* characters of a device's identifier */
#define OFFLINE_ID_MAX 64
#define OFFLINE_VERSION_LEN 17 /* 16 hex digits and the NUL */
#define OFFLINE_FUTURE_SLACK \
	(10 * 60) /* a device clock this far ahead \
		     is believed */

/* clang-format off */
#define OFFLINE_KIND_LIST(X) \
	X(OFFLINE_VERDICT, "verdict")                     /* a verdict with its note on one \
							     indicator */ \
	X(OFFLINE_VISIT, "visit")                         /* a site visit with its photos */ \
	X(OFFLINE_SUPERVISION_VISIT, "supervision_visit") /* a supervision visit \
							     (svc/supervision.h) */
/* clang-format on */

enum offline_kind { OFFLINE_KIND_LIST(CODE_ENUM) OFFLINE_KIND_MAX };

/* One item as the device sent it. Strings borrowed. */
struct offline_item {
	const char *client_id;   /* [A-Za-z0-9_-], OFFLINE_ID_MIN..MAX */
	enum offline_kind kind;  /* OFFLINE_KIND_MAX: unknown */
	const char *recorded_at; /* on the device, ISO-8601 UTC */
	const char *indicator;   /* verdict */
	const char *version;     /* verdict: offline_version it was based on */
	const char *verdict;     /* verdict code */
	const char *note;
	const char *date; /* visit, YYYY-MM-DD */
	const char *present;
	const char *findings;
	const char *officers; /* supervision visit, with date */
	const char *summary;
	struct file_in *photos;
	size_t photo_count;
};

/* clang-format off */
#define OFFLINE_OUTCOME_LIST(X) \
	X(OFFLINE_ACCEPTED, "accepted")   /* applied now */ \
	X(OFFLINE_DUPLICATE, "duplicate") /* applied by an earlier send: nothing done */ \
	X(OFFLINE_CONFLICT, "conflict")   /* the indicator changed since the version */ \
	X(OFFLINE_REFUSED, "refused")     /* the service refused it (policy, stage, input) */ \
	X(OFFLINE_INVALID, "invalid")     /* the item itself is malformed */
/* clang-format on */

enum offline_outcome { OFFLINE_OUTCOME_LIST(CODE_ENUM) OFFLINE_OUTCOME_MAX };

/* What became of one item. */
struct offline_result {
	enum offline_outcome outcome;
	int status;              /* refused: the service's HTTP status */
	const char *message;     /* in s->lang, for every outcome but accepted */
	const char *received_at; /* accepted or duplicate: when the server took it */
	json_t *current;         /* conflict: the indicator now (owned) */
};

/* "accepted", "duplicate", "conflict", "refused", "invalid". */
const char *offline_outcome_code(enum offline_outcome o);
/* The kind called code, or OFFLINE_KIND_MAX. */
enum offline_kind offline_kind_parse(const char *code);

/* The version of indicator code on v (its answer, evidence and latest
 * verdict) into out. */
void offline_version(const struct verification *v, const char *code,
    char out[OFFLINE_VERSION_LEN]);

/*
 * Apply it to participation pid as s's actor, in a transaction of its own
 * holding the item's row, so that a repeat is recognised. r receives the
 * outcome (r->current to json_decref). -1 with e only for a failure of
 * ours (database); refusals are outcomes.
 */
int offline_apply(struct svc *s, int64_t pid, const struct offline_item *it,
    struct offline_result *r, struct err *e);

#endif
