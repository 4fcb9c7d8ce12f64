-- The grants held over one unit, province, region, organization or
-- participation, found without reading every grant: whom a participation's
-- step tells (svc/notify.c) looks up the unit's operators and head, the
-- province's regional office and coordinators and the participation's
-- reviewers, and at national scale there are three grants per unit.
CREATE INDEX role_grant_scope ON role_grant (scope_kind, scope_id, role);
