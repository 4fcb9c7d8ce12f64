/*
 * test_notify.c - the trigger table of notifications (core/notify.h): each
 * event's kind and recipients as a table of cases, every kind named by one
 * rule at least and its code read back, the roles string the recipients'
 * query matches, and the delivery backoff.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/notify.h"
#include "core/machine.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void
test_rules(void **state)
{
	/* clang-format off */
	static const struct {
		const char *event;
		enum notify_kind kind; /* NK_MAX: notifies nobody */
		unsigned to;
	} cases[] = {
		{ "request", NK_DECLARATION_REQUESTED, NT_ADMIN | NT_COORDINATOR },
		{ "approve", NK_DECLARATION_APPROVED, NT_UNIT },
		{ "reject", NK_DECLARATION_REJECTED, NT_UNIT },
		{ "send_back", NK_ROUND_SENT_BACK, NT_UNIT },
		{ "pass", NK_EVALUATION_DECIDED, NT_UNIT | NT_REGIONAL },
		{ "fail", NK_EVALUATION_DECIDED, NT_UNIT | NT_REGIONAL },
		{ "assign", NK_ASSIGNED, NT_VERIFIER | NT_ASSESSOR | NT_NEW_ONLY },
		{ "award", NK_AWARD_DECIDED, NT_UNIT | NT_REGIONAL },
		{ "supervise", NK_SUPERVISION_RECORDED, NT_UNIT },
		{ "deadline_stage", NK_DEADLINE_STAGE, NT_UNIT },
		{ "upload", NK_MAX, 0 },  /* a file: nobody is told */
		{ "answer", NK_MAX, 0 },
		{ "", NK_MAX, 0 },
	};
	/* clang-format on */
	const struct notify_rule *r;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		r = notify_rule_find(cases[i].event);
		if (cases[i].kind == NK_MAX) {
			if (r != NULL)
				fail_msg("%s: notifies, should not", cases[i].event);
			continue;
		}
		if (r == NULL)
			fail_msg("%s: no rule", cases[i].event);
		if (r->kind != cases[i].kind || r->to != cases[i].to)
			fail_msg("%s: kind %s to %#x", cases[i].event,
			    notify_kind_code(r->kind), r->to);
		if (strncmp(r->page, "/", 1) != 0 && r->page[0] != '\0')
			fail_msg("%s: page %s", cases[i].event, r->page);
	}
	assert_null(notify_rule_find(NULL));
}

/* Every transition the table names exists in the stage machine, and every
 * kind has a rule and a code that reads back. */
static void
test_kinds(void **state)
{
	static const char *const events[] = { "request", "approve", "reject", "confirm",
		"submit", "pass", "fail", "submit_evidence", "send_back", "resubmit",
		"close_verification", "scored", "recommend", "not_recommend", "award",
		"not_award", "supervise", "follow_up", "revoke" };
	bool named[NK_MAX] = { false };
	const struct notify_rule *r;
	size_t i;
	int k, t;

	(void)state;
	for (i = 0; i < COUNT(events); i++) {
		for (t = 0; t < TR_MAX; t++)
			if (strcmp(transition_code((enum transition)t), events[i]) == 0)
				break;
		if (t == TR_MAX)
			fail_msg("%s is not a transition", events[i]);
		assert_non_null(r = notify_rule_find(events[i]));
		named[r->kind] = true;
	}
	named[NK_ASSIGNED] = notify_rule_find("assign") != NULL;
	named[NK_DEADLINE_STAGE] = notify_rule_find("deadline_stage") != NULL;
	named[NK_DEADLINE_ROUND] = notify_rule_find("deadline_round") != NULL;
	named[NK_DEADLINE_ACTION] = notify_rule_find("deadline_action") != NULL;
	for (k = 0; k < NK_MAX; k++) {
		if (!named[k])
			fail_msg("kind %s has no rule", notify_kind_code((enum notify_kind)k));
		assert_int_equal(notify_kind_parse(notify_kind_code((enum notify_kind)k)), k);
	}
	assert_int_equal(notify_kind_parse("nope"), NK_MAX);
	assert_string_equal(notify_kind_code(NK_MAX), "");
}

static void
test_roles(void **state)
{
	char out[128];

	(void)state;
	notify_roles(NT_UNIT, out, sizeof(out));
	assert_string_equal(out, ",operator,unit_head,");
	notify_roles(NT_ADMIN | NT_COORDINATOR, out, sizeof(out));
	assert_string_equal(out, ",coordinator,admin,");
	notify_roles(NT_VERIFIER | NT_ASSESSOR | NT_NEW_ONLY, out, sizeof(out));
	assert_string_equal(out, ",verifier,assessor,");
	notify_roles(0, out, sizeof(out));
	assert_string_equal(out, ",");
}

static void
test_backoff(void **state)
{
	/* clang-format off */
	static const struct { int attempts; long seconds; } cases[] = {
		{ 0, 30 }, { 1, 30 }, { 2, 60 }, { 3, 120 }, { 4, 240 }, { 8, 3840 },
		{ 10, 15360 }, { 11, 6 * 3600 }, { 1000, 6 * 3600 },
	};
	/* clang-format on */
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++)
		if (notify_backoff(cases[i].attempts) != cases[i].seconds)
			fail_msg("attempts %d: %ld s, want %ld", cases[i].attempts,
			    notify_backoff(cases[i].attempts), cases[i].seconds);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_backoff),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
