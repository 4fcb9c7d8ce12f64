/*
 * notify.c - the trigger table: which event notifies whom, with which
 * kind (see notify.h).
 */
#include <stdio.h>
#include <string.h>

#include "base/code.h"
#include "core/notify.h"

/* clang-format off */
static const char *const kind_codes[NK_MAX] = { NOTIFY_KIND_LIST(CODE_ENTRY) };

/*
 * The table. A request waits for those who approve it (admin, coordinator);
 * a decision reaches the unit and its regional office; work handed on
 * reaches whoever does the next step (the verifier, the assessors, the
 * regional office that evaluates); deadlines reach who must act before them.
 */
static const struct notify_rule rules[] = {
	{ "request", NK_DECLARATION_REQUESTED, NT_ADMIN | NT_COORDINATOR, "/pencanangan" },
	{ "approve", NK_DECLARATION_APPROVED, NT_UNIT, "/pencanangan" },
	{ "reject", NK_DECLARATION_REJECTED, NT_UNIT, "/pencanangan" },
	{ "confirm", NK_DECLARATION_CONFIRMED, NT_UNIT, "/pencanangan" },
	{ "submit", NK_BUILDING_SUBMITTED, NT_REGIONAL | NT_ADMIN, "/evaluasi" },
	{ "pass", NK_EVALUATION_DECIDED, NT_UNIT | NT_REGIONAL, "/evaluasi" },
	{ "fail", NK_EVALUATION_DECIDED, NT_UNIT | NT_REGIONAL, "/evaluasi" },
	{ "submit_evidence", NK_EVIDENCE_SUBMITTED, NT_VERIFIER, "/verifikasi" },
	{ "send_back", NK_ROUND_SENT_BACK, NT_UNIT, "/penilaian" },
	{ "resubmit", NK_ROUND_ANSWERED, NT_VERIFIER, "/verifikasi" },
	{ "close_verification", NK_VERIFICATION_CLOSED, NT_ASSESSOR | NT_UNIT, "/skor" },
	{ "scored", NK_ASSESSMENT_DONE, NT_ADMIN, "/hasil-penilaian" },
	{ "recommend", NK_PLENARY_DECIDED, NT_UNIT | NT_REGIONAL, "/hasil-penilaian" },
	{ "not_recommend", NK_PLENARY_DECIDED, NT_UNIT | NT_REGIONAL, "/hasil-penilaian" },
	{ "assign", NK_ASSIGNED, NT_VERIFIER | NT_ASSESSOR | NT_NEW_ONLY, "/penugasan" },
	{ "award", NK_AWARD_DECIDED, NT_UNIT | NT_REGIONAL, "/penetapan" },
	{ "not_award", NK_AWARD_DECIDED, NT_UNIT | NT_REGIONAL, "/penetapan" },
	{ "supervise", NK_SUPERVISION_RECORDED, NT_UNIT, "/pembinaan" },
	{ "follow_up", NK_FOLLOW_UP_ANSWERED, NT_REGIONAL, "/pembinaan" },
	{ "revoke", NK_AWARD_REVOKED, NT_UNIT | NT_REGIONAL, "/pembinaan" },
	{ "deadline_stage", NK_DEADLINE_STAGE, NT_UNIT, "" },
	{ "deadline_round", NK_DEADLINE_ROUND, NT_UNIT, "/penilaian" },
	{ "deadline_action", NK_DEADLINE_ACTION, NT_UNIT, "/pembinaan" },
};
/* clang-format on */

/* The roles of the bits, in enum notify_to's order. */
static const char *const role_of_bit[] = {
	"operator",
	"unit_head",
	"regional",
	"coordinator",
	"verifier",
	"assessor",
	"admin",
};

const struct notify_rule *
notify_rule_find(const char *event)
{
	size_t i;

	for (i = 0; event != NULL && i < sizeof(rules) / sizeof(rules[0]); i++)
		if (strcmp(rules[i].event, event) == 0)
			return &rules[i];
	return NULL;
}

CODE_FUNCTIONS(notify_kind, enum notify_kind, kind_codes, NK_MAX)

void
notify_roles(unsigned to, char *out, size_t cap)
{
	size_t i, n;

	if (cap == 0)
		return;
	snprintf(out, cap, ",");
	for (i = 0; i < sizeof(role_of_bit) / sizeof(role_of_bit[0]); i++) {
		n = strlen(out);
		if (to & (1u << i))
			snprintf(out + n, cap - n, "%s,", role_of_bit[i]);
	}
}

long
notify_backoff(int attempts)
{
	long s = 30;

	if (attempts < 1)
		attempts = 1;
	while (--attempts > 0 && s < 6 * 3600)
		s *= 2;
	return s < 6 * 3600 ? s : 6 * 3600;
}
