/*
 * app.c - the route table and the response layer: run the matched handler,
 * then render its view model through the page's template, or send the model
 * itself as JSON when the client asks for application/json. Errors found by
 * the server or a handler become a page (or JSON) in the user's language.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "web/app.h"
#include "web/auth.h"
#include "web/handlers.h"
#include "web/upload.h"
#include "base/log.h"
#include "view/view.h"

/* Access rules checked before a handler runs, beyond "signed in". */
enum access {
	ACCESS_NONE,
	ACCESS_USERS,		/* may manage some users: admin or regional */
	ACCESS_AUDIT,		/* may read the national audit trail */
	ACCESS_REGISTRY,	/* holds some role, so sees part of the registry */
	ACCESS_MAX
};

#define ID_PARAM(n)	{ n, PARAM_PATH, PT_INT, true, 1, INT64_MAX, NULL }

static const struct param_spec p_login_page[] = {
	{ "next", PARAM_QUERY, PT_TEXT, false, 0, 500, NULL },
	{ NULL },
};
static const struct param_spec p_login[] = {
	{ "email", PARAM_FORM, PT_TEXT, true, 0, 254, NULL },
	{ "password", PARAM_FORM, PT_SECRET, true, 0, 256, NULL },
	{ "next", PARAM_FORM, PT_TEXT, false, 0, 500, NULL },
	{ NULL },
};
static const struct param_spec p_account[] = {
	{ "ok", PARAM_QUERY, PT_ENUM, false, 0, 0, "sandi" },
	{ NULL },
};
static const struct param_spec p_password[] = {
	{ "current", PARAM_FORM, PT_SECRET, true, 0, 256, NULL },
	{ "password", PARAM_FORM, PT_SECRET, true, 0, 256, NULL },
	{ "repeat", PARAM_FORM, PT_SECRET, true, 0, 256, NULL },
	{ NULL },
};
static const struct param_spec p_id[] = {
	ID_PARAM("id"),
	{ NULL },
};
static const struct param_spec p_token[] = {
	{ "name", PARAM_FORM, PT_TEXT, true, 2, 80, NULL },
	{ NULL },
};
static const struct param_spec p_users[] = {
	{ "q", PARAM_QUERY, PT_TEXT, false, 0, 100, NULL },
	{ "halaman", PARAM_QUERY, PT_INT, false, 1, 100000, NULL },
	{ NULL },
};
static const struct param_spec p_user_new[] = {
	{ "full_name", PARAM_FORM, PT_TEXT, true, 2, 200, NULL },
	{ "email", PARAM_FORM, PT_EMAIL, true, 0, 0, NULL },
	{ "nip", PARAM_FORM, PT_TEXT, false, 0, 18, NULL },
	{ "phone", PARAM_FORM, PT_TEXT, false, 0, 30, NULL },
	{ "home_province", PARAM_FORM, PT_INT, false, 0, 99, NULL },
	{ "home_organization", PARAM_FORM, PT_INT, false, 0, INT64_MAX, NULL },
	{ "password", PARAM_FORM, PT_SECRET, true, 0, 256, NULL },
	{ NULL },
};
static const struct param_spec p_user_active[] = {
	ID_PARAM("id"),
	{ "active", PARAM_FORM, PT_BOOL, false, 0, 0, NULL },
	{ NULL },
};
static const struct param_spec p_grant[] = {
	ID_PARAM("id"),
	{ "role", PARAM_FORM, PT_ENUM, true, 0, 0,
	    "admin|coordinator|regional|operator|unit_head|verifier|assessor|observer" },
	{ "scope_kind", PARAM_FORM, PT_ENUM, true, 0, 0,
	    "national|province|organization|unit|participation" },
	{ "scope_id", PARAM_FORM, PT_INT, false, 0, INT64_MAX, NULL },
	{ "may_revoke", PARAM_FORM, PT_BOOL, false, 0, 0, NULL },
	{ NULL },
};
static const struct param_spec p_revoke[] = {
	ID_PARAM("id"),
	ID_PARAM("gid"),
	{ NULL },
};

static const struct param_spec p_transparency[] = {
	{ "sebelum", PARAM_QUERY, PT_INT, false, 1, INT64_MAX, NULL },
	{ NULL },
};
static const struct param_spec p_checkpoint[] = {
	{ "seq", PARAM_PATH, PT_INT, true, 0, INT64_MAX, NULL },
	{ NULL },
};
static const struct param_spec p_audit[] = {
	{ "pelaku", PARAM_QUERY, PT_INT, false, 1, INT64_MAX, NULL },
	{ "jenis", PARAM_QUERY, PT_TEXT, false, 0, 40, NULL },
	{ "objek", PARAM_QUERY, PT_INT, false, 1, INT64_MAX, NULL },
	{ "tindakan", PARAM_QUERY, PT_TEXT, false, 0, 80, NULL },
	{ "dari", PARAM_QUERY, PT_DATE, false, 0, 0, NULL },
	{ "sampai", PARAM_QUERY, PT_DATE, false, 0, 0, NULL },
	{ "sebelum", PARAM_QUERY, PT_INT, false, 1, INT64_MAX, NULL },
	{ "batas", PARAM_QUERY, PT_INT, false, 1, 200, NULL },
	{ NULL },
};
static const struct param_spec p_region[] = {
	{ "kode", PARAM_PATH, PT_INT, true, 11, 99, NULL },
	{ NULL },
};
static const struct param_spec p_orgs[] = {
	{ "q", PARAM_QUERY, PT_TEXT, false, 0, 100, NULL },
	{ "halaman", PARAM_QUERY, PT_INT, false, 1, 100000, NULL },
	{ NULL },
};
#define STATUS_PARAM \
	{ "status", PARAM_FORM, PT_ENUM, true, 0, 0, "aktif|nonaktif" }
#define ORG_FORM_PARAMS \
	{ "kind", PARAM_FORM, PT_ENUM, true, 0, 0, \
	    "ministry|agency|province_gov|regency_gov" }, \
	{ "name", PARAM_FORM, PT_TEXT, true, 2, 200, NULL }, \
	{ "province_code", PARAM_FORM, PT_INT, false, 11, 99, NULL }, \
	{ "regency_code", PARAM_FORM, PT_TEXT, false, 0, 10, NULL }
static const struct param_spec p_org_new[] = {
	ORG_FORM_PARAMS,
	{ NULL },
};
static const struct param_spec p_org_edit[] = {
	ID_PARAM("id"),
	ORG_FORM_PARAMS,
	STATUS_PARAM,
	{ NULL },
};
/* The unit list's filters, shared by the list and its export. */
#define UNIT_FILTER_PARAMS \
	{ "organisasi", PARAM_QUERY, PT_INT, false, 1, INT64_MAX, NULL }, \
	{ "provinsi", PARAM_QUERY, PT_INT, false, 11, 99, NULL }, \
	{ "jenis", PARAM_QUERY, PT_TEXT, false, 0, 40, NULL }, \
	{ "sektor", PARAM_QUERY, PT_TEXT, false, 0, 60, NULL }, \
	{ "q", PARAM_QUERY, PT_TEXT, false, 0, 100, NULL }, \
	{ "kabupaten", PARAM_QUERY, PT_INT, false, 1101, 9999, NULL }
static const struct param_spec p_units[] = {
	UNIT_FILTER_PARAMS,
	{ "halaman", PARAM_QUERY, PT_INT, false, 1, 100000, NULL },
	{ NULL },
};
static const struct param_spec p_units_export[] = {
	{ "format", PARAM_QUERY, PT_ENUM, true, 0, 0, "csv|xlsx" },
	UNIT_FILTER_PARAMS,
	{ NULL },
};
#define UNIT_FORM_PARAMS \
	{ "name", PARAM_FORM, PT_TEXT, true, 2, 200, NULL }, \
	{ "unit_type", PARAM_FORM, PT_TEXT, true, 0, 40, NULL }, \
	{ "sector", PARAM_FORM, PT_TEXT, true, 0, 60, NULL }, \
	{ "organization_id", PARAM_FORM, PT_INT, true, 1, INT64_MAX, NULL }, \
	{ "province_code", PARAM_FORM, PT_INT, true, 11, 99, NULL }, \
	{ "regency_code", PARAM_FORM, PT_TEXT, false, 0, 10, NULL }, \
	{ "parent_unit_id", PARAM_FORM, PT_INT, false, 1, INT64_MAX, NULL }, \
	{ "address", PARAM_FORM, PT_MULTILINE, false, 0, 500, NULL }, \
	{ "head_name", PARAM_FORM, PT_TEXT, false, 0, 200, NULL }, \
	{ "head_title", PARAM_FORM, PT_TEXT, false, 0, 200, NULL }, \
	{ "phone", PARAM_FORM, PT_TEXT, false, 0, 30, NULL }, \
	{ "email", PARAM_FORM, PT_EMAIL, false, 0, 0, NULL }
static const struct param_spec p_unit_new[] = {
	UNIT_FORM_PARAMS,
	{ NULL },
};
static const struct param_spec p_unit_edit[] = {
	ID_PARAM("id"),
	UNIT_FORM_PARAMS,
	STATUS_PARAM,
	{ NULL },
};
#define IMPORT_BODY_MAX	(10 * 1024 * 1024 + 64 * 1024)	/* a 10 MB CSV and the form */

static const struct param_spec p_cycle_form[] = {
	{ "programme", PARAM_FORM, PT_ENUM, true, 0, 0, "p2ham|kkpham" },
	{ "title", PARAM_FORM, PT_TEXT, true, 3, 120, NULL },
	{ "year", PARAM_FORM, PT_INT, true, 2018, 2100, NULL },
	{ "rulebook", PARAM_FORM, PT_INT, true, 1, INT64_MAX, NULL },
	{ "tz", PARAM_FORM, PT_ENUM, true, 0, 0, "WIB|WITA|WIT" },
#define STAGE_WINDOW(s) \
	{ "run_" s, PARAM_FORM, PT_BOOL, false, 0, 0, NULL }, \
	{ "opens_" s, PARAM_FORM, PT_DATE, false, 0, 0, NULL }, \
	{ "deadline_" s, PARAM_FORM, PT_DATE, false, 0, 0, NULL }
	STAGE_WINDOW("pencanangan"),
	STAGE_WINDOW("pembangunan"),
	STAGE_WINDOW("evaluasi"),
	STAGE_WINDOW("penilaian"),
	STAGE_WINDOW("pembinaan"),
#undef STAGE_WINDOW
	{ NULL },
};
static const struct param_spec p_cycle_show[] = {
	ID_PARAM("id"),
	{ "terdaftar", PARAM_QUERY, PT_INT, false, 0, INT64_MAX, NULL },
	{ NULL },
};
static const struct param_spec p_cycle_enrol[] = {
	ID_PARAM("id"),
	{ "unit", PARAM_FORM, PT_INT, false, 0, INT64_MAX, NULL },
	{ "organisasi", PARAM_FORM, PT_INT, false, 1, INT64_MAX, NULL },
	{ "provinsi", PARAM_FORM, PT_INT, false, 11, 99, NULL },
	{ "jenis", PARAM_FORM, PT_TEXT, false, 0, 40, NULL },
	{ "sektor", PARAM_FORM, PT_TEXT, false, 0, 60, NULL },
	{ "q", PARAM_FORM, PT_TEXT, false, 0, 100, NULL },
	{ "kabupaten", PARAM_FORM, PT_INT, false, 1101, 9999, NULL },
	{ NULL },
};
/* files_pages.c */
static const struct param_spec p_file_remove[] = {
	ID_PARAM("id"),
	{ "kembali", PARAM_FORM, PT_TEXT, false, 0, 500, NULL },
	{ NULL },
};
/* progress.c */
static const struct param_spec p_progress[] = {
	{ "siklus", PARAM_QUERY, PT_INT, false, 1, INT64_MAX, NULL },
	{ "format", PARAM_QUERY, PT_ENUM, false, 0, 0, "csv" },
	{ NULL },
};
/* documents_pages.c: the serial's pattern is checked by the handler, which
 * answers a page that says what is wrong. */
static const struct param_spec p_serial[] = {
	{ "serial", PARAM_PATH, PT_TEXT, true, 1, 100, NULL },
	{ NULL },
};
static const struct param_spec p_verify_form[] = {
	{ "nomor", PARAM_QUERY, PT_TEXT, false, 0, 100, NULL },
	{ NULL },
};
/* building.c, evaluation.c: the answers, reasons and notes keyed by
 * indicator or criterion code are read and validated by the handlers. */
static const struct param_spec p_building[] = {
	ID_PARAM("id"),
	{ "ok", PARAM_QUERY, PT_ENUM, false, 0, 0, "simpan|unggah|pendampingan|ajukan" },
	{ NULL },
};
static const struct param_spec p_building_save[] = {
	ID_PARAM("id"),
	{ "kriteria", PARAM_FORM, PT_TEXT, false, 0, 64, NULL },
	{ NULL },
};
static const struct param_spec p_building_upload[] = {
	ID_PARAM("id"),
	{ "indikator", PARAM_FORM, PT_TEXT, true, 1, 64, NULL },
	{ "ganti", PARAM_FORM, PT_INT, false, 1, INT64_MAX, NULL },
	{ NULL },
};
static const struct param_spec p_building_mentor[] = {
	ID_PARAM("id"),
	{ "tanggal", PARAM_FORM, PT_DATE, true, 0, 0, NULL },
	{ "temuan", PARAM_FORM, PT_MULTILINE, true, 3, 4000, NULL },
	{ "saran", PARAM_FORM, PT_MULTILINE, true, 3, 4000, NULL },
	{ NULL },
};
static const struct param_spec p_evaluation[] = {
	ID_PARAM("id"),
	{ "ok", PARAM_QUERY, PT_ENUM, false, 0, 0, "lulus|tidak" },
	{ NULL },
};
static const struct param_spec p_evaluation_decide[] = {
	ID_PARAM("id"),
	{ "keputusan", PARAM_FORM, PT_ENUM, true, 0, 0, "lulus|tidak" },
	{ "catatan", PARAM_FORM, PT_MULTILINE, false, 0, 2000, NULL },
	{ NULL },
};

/* declaration.c, declaration_actions.c, declaration_joint.c: the
 * witness rows of the record form are checked as rows by the handler. */
static const struct param_spec p_decl[] = {
	ID_PARAM("id"),
	{ "selesai", PARAM_QUERY, PT_ENUM, false, 0, 0,
	    "ajukan|setujui|tolak|catat|unggah|konfirmasi|bersama" },
	{ NULL },
};
#define DECL_REQUEST_PARAMS \
	{ "tanggal", PARAM_FORM, PT_DATE, true, 0, 0, NULL }, \
	{ "moda", PARAM_FORM, PT_ENUM, true, 0, 0, "luring|daring|hibrida" }, \
	{ "tempat", PARAM_FORM, PT_TEXT, false, 0, 300, NULL }, \
	{ "tautan", PARAM_FORM, PT_TEXT, false, 0, 500, NULL }, \
	{ "saksi_rencana", PARAM_FORM, PT_MULTILINE, false, 0, 2000, NULL }
static const struct param_spec p_decl_request[] = {
	ID_PARAM("id"),
	DECL_REQUEST_PARAMS,
	{ NULL },
};
static const struct param_spec p_decl_approve[] = {
	ID_PARAM("id"),
	{ "saksi_ditjen_nama", PARAM_FORM, PT_TEXT, true, 2, 200, NULL },
	{ "saksi_ditjen_jabatan", PARAM_FORM, PT_TEXT, true, 2, 200, NULL },
	{ NULL },
};
static const struct param_spec p_decl_reject[] = {
	ID_PARAM("id"),
	{ "alasan", PARAM_FORM, PT_MULTILINE, true, 5, 2000, NULL },
	{ NULL },
};
#define DECL_WITNESS(n) \
	{ "saksi_nama_" #n, PARAM_FORM, PT_TEXT, false, 0, 200, NULL }, \
	{ "saksi_jabatan_" #n, PARAM_FORM, PT_TEXT, false, 0, 200, NULL }, \
	{ "saksi_instansi_" #n, PARAM_FORM, PT_TEXT, false, 0, 200, NULL }, \
	{ "saksi_jenis_" #n, PARAM_FORM, PT_ENUM, false, 0, 0, \
	    "ditjen_ham|forkopimda|lainnya" }
static const struct param_spec p_decl_record[] = {
	ID_PARAM("id"),
	{ "tanggal_pelaksanaan", PARAM_FORM, PT_DATE, true, 0, 0, NULL },
	{ "moda_pelaksanaan", PARAM_FORM, PT_ENUM, true, 0, 0, "luring|daring|hibrida" },
	{ "jumlah_hadir", PARAM_FORM, PT_INT, true, 1, 100000, NULL },
	DECL_WITNESS(1), DECL_WITNESS(2), DECL_WITNESS(3), DECL_WITNESS(4),
	DECL_WITNESS(5), DECL_WITNESS(6), DECL_WITNESS(7), DECL_WITNESS(8),
	{ NULL },
};
#undef DECL_WITNESS
static const struct param_spec p_decl_joint[] = {
	ID_PARAM("id"),
	{ "peserta", PARAM_FORM, PT_INT, false, 1, INT64_MAX, NULL },
	DECL_REQUEST_PARAMS,
	{ NULL },
};
#undef DECL_REQUEST_PARAMS

static const struct route routes[] = {
	{ .method = HTTP_GET, .pattern = "/", .handler = home_page, .template = "home" },
	{ .method = HTTP_GET, .pattern = "/healthz", .handler = ops_healthz },
	{ .method = HTTP_GET, .pattern = "/metrics", .handler = ops_metrics },
	{ .method = HTTP_GET, .pattern = "/static/*", .handler = ops_static },

	{ .method = HTTP_GET, .pattern = "/masuk", .handler = login_page,
	  .template = "login", .params = p_login_page },
	{ .method = HTTP_POST, .pattern = "/masuk", .handler = login_submit,
	  .template = "login", .csrf = true, .params = p_login },
	{ .method = HTTP_POST, .pattern = "/keluar", .handler = logout_submit,
	  .login = true, .csrf = true },

	{ .method = HTTP_GET, .pattern = "/akun", .handler = account_page,
	  .template = "account", .login = true, .params = p_account },
	{ .method = HTTP_POST, .pattern = "/akun/sandi", .handler = account_password,
	  .template = "account", .login = true, .csrf = true, .params = p_password },
	{ .method = HTTP_POST, .pattern = "/akun/sesi/{id}/akhiri",
	  .handler = account_session_end, .login = true, .csrf = true, .params = p_id },
	{ .method = HTTP_POST, .pattern = "/akun/token", .handler = account_token_create,
	  .template = "account", .login = true, .csrf = true, .params = p_token },
	{ .method = HTTP_POST, .pattern = "/akun/token/{id}/cabut",
	  .handler = account_token_revoke, .login = true, .csrf = true, .params = p_id },

	{ .method = HTTP_GET, .pattern = "/pengguna", .handler = users_list,
	  .template = "users", .login = true, .access = ACCESS_USERS, .params = p_users },
	{ .method = HTTP_GET, .pattern = "/pengguna/baru", .handler = users_new,
	  .template = "user_new", .login = true, .access = ACCESS_USERS,
	  .params = p_user_new },
	{ .method = HTTP_POST, .pattern = "/pengguna", .handler = users_create,
	  .template = "user_new", .login = true, .csrf = true, .access = ACCESS_USERS,
	  .params = p_user_new },
	{ .method = HTTP_GET, .pattern = "/pengguna/{id}", .handler = users_show,
	  .template = "user", .login = true, .params = p_id },
	{ .method = HTTP_POST, .pattern = "/pengguna/{id}/status", .handler = users_set_active,
	  .login = true, .csrf = true, .params = p_user_active },
	{ .method = HTTP_POST, .pattern = "/pengguna/{id}/peran", .handler = users_grant,
	  .template = "user", .login = true, .csrf = true, .params = p_grant },
	{ .method = HTTP_POST, .pattern = "/pengguna/{id}/peran/{gid}/cabut",
	  .handler = users_revoke, .login = true, .csrf = true, .params = p_revoke },

	{ .method = HTTP_GET, .pattern = "/aturan", .handler = rulebooks_list,
	  .template = "rulebooks" },
	{ .method = HTTP_GET, .pattern = "/aturan/{id}", .handler = rulebooks_show,
	  .template = "rulebook", .params = p_id },

	{ .method = HTTP_GET, .pattern = "/wilayah", .handler = regions_list,
	  .template = "regions", .login = true, .access = ACCESS_REGISTRY },
	{ .method = HTTP_GET, .pattern = "/wilayah/{kode}", .handler = regions_show,
	  .template = "region", .login = true, .access = ACCESS_REGISTRY,
	  .params = p_region },
	{ .method = HTTP_GET, .pattern = "/organisasi", .handler = orgs_list,
	  .template = "organizations", .login = true, .access = ACCESS_REGISTRY,
	  .params = p_orgs },
	{ .method = HTTP_GET, .pattern = "/organisasi/baru", .handler = orgs_new,
	  .template = "org_form", .login = true, .access = ACCESS_REGISTRY,
	  .params = p_org_new },
	{ .method = HTTP_POST, .pattern = "/organisasi", .handler = orgs_create,
	  .template = "org_form", .login = true, .csrf = true, .access = ACCESS_REGISTRY,
	  .params = p_org_new },
	{ .method = HTTP_GET, .pattern = "/organisasi/{id}", .handler = orgs_show,
	  .template = "organization", .login = true, .access = ACCESS_REGISTRY,
	  .params = p_id },
	{ .method = HTTP_GET, .pattern = "/organisasi/{id}/ubah", .handler = orgs_edit,
	  .template = "org_form", .login = true, .access = ACCESS_REGISTRY,
	  .params = p_org_edit },
	{ .method = HTTP_POST, .pattern = "/organisasi/{id}/ubah", .handler = orgs_update,
	  .template = "org_form", .login = true, .csrf = true, .access = ACCESS_REGISTRY,
	  .params = p_org_edit },
	{ .method = HTTP_GET, .pattern = "/unit", .handler = units_list,
	  .template = "units", .login = true, .access = ACCESS_REGISTRY,
	  .params = p_units },
	{ .method = HTTP_GET, .pattern = "/unit/baru", .handler = units_new,
	  .template = "unit_form", .login = true, .access = ACCESS_REGISTRY,
	  .params = p_unit_new },
	{ .method = HTTP_GET, .pattern = "/unit/ekspor", .handler = units_export,
	  .login = true, .access = ACCESS_REGISTRY, .params = p_units_export },
	{ .method = HTTP_GET, .pattern = "/unit/impor", .handler = units_import_page,
	  .template = "unit_import", .login = true, .access = ACCESS_REGISTRY },
	{ .method = HTTP_POST, .pattern = "/unit/impor", .handler = units_import,
	  .template = "unit_import", .login = true, .csrf = true,
	  .access = ACCESS_REGISTRY, .max_body = IMPORT_BODY_MAX },
	{ .method = HTTP_POST, .pattern = "/unit", .handler = units_create,
	  .template = "unit_form", .login = true, .csrf = true, .access = ACCESS_REGISTRY,
	  .params = p_unit_new },
	{ .method = HTTP_GET, .pattern = "/unit/{id}", .handler = units_show,
	  .template = "unit", .login = true, .access = ACCESS_REGISTRY, .params = p_id },
	{ .method = HTTP_GET, .pattern = "/unit/{id}/ubah", .handler = units_edit,
	  .template = "unit_form", .login = true, .access = ACCESS_REGISTRY,
	  .params = p_unit_edit },
	{ .method = HTTP_POST, .pattern = "/unit/{id}/ubah", .handler = units_update,
	  .template = "unit_form", .login = true, .csrf = true, .access = ACCESS_REGISTRY,
	  .params = p_unit_edit },

	{ .method = HTTP_GET, .pattern = "/transparansi", .handler = transparency_page,
	  .template = "transparency", .params = p_transparency },
	{ .method = HTTP_GET, .pattern = "/transparansi/{seq}",
	  .handler = transparency_checkpoint, .params = p_checkpoint },
	{ .method = HTTP_GET, .pattern = "/audit", .handler = audit_page,
	  .template = "audit", .login = true, .access = ACCESS_AUDIT, .params = p_audit },

	{ .method = HTTP_GET, .pattern = "/siklus", .handler = cycles_list,
	  .template = "cycles", .login = true },
	{ .method = HTTP_GET, .pattern = "/siklus/baru", .handler = cycles_new,
	  .template = "cycle_new", .login = true, .params = p_cycle_form },
	{ .method = HTTP_POST, .pattern = "/siklus", .handler = cycles_create,
	  .template = "cycle_new", .login = true, .csrf = true, .params = p_cycle_form },
	{ .method = HTTP_GET, .pattern = "/siklus/{id}", .handler = cycles_show,
	  .template = "cycle", .login = true, .params = p_cycle_show },
	{ .method = HTTP_POST, .pattern = "/siklus/{id}/peserta", .handler = cycles_enrol,
	  .login = true, .csrf = true, .params = p_cycle_enrol },

	{ .method = HTTP_GET, .pattern = "/partisipasi/{id}", .handler = participation_page,
	  .template = "participation", .login = true, .params = p_id },
	{ .method = HTTP_GET, .pattern = "/partisipasi/{id}/pembangunan",
	  .handler = building_page, .template = "building", .login = true,
	  .params = p_building },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pembangunan",
	  .handler = building_save, .template = "building", .login = true, .csrf = true,
	  .params = p_building_save },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pembangunan/berkas",
	  .handler = building_upload, .template = "building", .login = true, .csrf = true,
	  .upload = true, .max_files = 1, .params = p_building_upload },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pembangunan/pendampingan",
	  .handler = building_mentor, .template = "building", .login = true, .csrf = true,
	  .params = p_building_mentor },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pembangunan/ajukan",
	  .handler = building_submit, .template = "building", .login = true, .csrf = true,
	  .params = p_id },
	{ .method = HTTP_GET, .pattern = "/partisipasi/{id}/evaluasi",
	  .handler = evaluation_page, .template = "evaluation", .login = true,
	  .params = p_evaluation },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/evaluasi",
	  .handler = evaluation_decide, .template = "evaluation", .login = true,
	  .csrf = true, .params = p_evaluation_decide },
	{ .method = HTTP_GET, .pattern = "/partisipasi/{id}/pencanangan",
	  .handler = declaration_page, .template = "declaration", .login = true,
	  .params = p_decl },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pencanangan/ajukan",
	  .handler = declaration_request, .template = "declaration", .login = true,
	  .csrf = true, .params = p_decl_request },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pencanangan/setujui",
	  .handler = declaration_approve, .template = "declaration", .login = true,
	  .csrf = true, .params = p_decl_approve },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pencanangan/tolak",
	  .handler = declaration_reject, .template = "declaration", .login = true,
	  .csrf = true, .params = p_decl_reject },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pencanangan/catat",
	  .handler = declaration_record, .template = "declaration", .login = true,
	  .csrf = true, .params = p_decl_record },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pencanangan/unggah",
	  .handler = declaration_upload, .template = "declaration", .login = true,
	  .csrf = true, .upload = true, .max_files = 1 + 8, .params = p_id },
	{ .method = HTTP_POST, .pattern = "/partisipasi/{id}/pencanangan/konfirmasi",
	  .handler = declaration_confirm, .template = "declaration", .login = true,
	  .csrf = true, .params = p_id },
	{ .method = HTTP_GET, .pattern = "/siklus/{id}/pencanangan-bersama",
	  .handler = declaration_joint_page, .template = "declaration_joint",
	  .login = true, .params = p_id },
	{ .method = HTTP_POST, .pattern = "/siklus/{id}/pencanangan-bersama",
	  .handler = declaration_joint_request, .template = "declaration_joint",
	  .login = true, .csrf = true, .params = p_decl_joint },

	{ .method = HTTP_GET, .pattern = "/berkas/{id}", .handler = files_download,
	  .login = true, .params = p_id },
	{ .method = HTTP_POST, .pattern = "/berkas/{id}/hapus", .handler = files_remove,
	  .login = true, .csrf = true, .params = p_file_remove },

	{ .method = HTTP_GET, .pattern = "/progres", .handler = progress_page,
	  .template = "progress", .login = true, .params = p_progress },
	{ .method = HTTP_GET, .pattern = "/progres.csv", .handler = progress_csv,
	  .login = true, .params = p_progress },

	{ .method = HTTP_GET, .pattern = "/verifikasi", .handler = verify_form,
	  .template = "verify", .params = p_verify_form },
	{ .method = HTTP_GET, .pattern = "/verifikasi/{serial}", .handler = verify_page,
	  .template = "verify", .params = p_serial },
	{ .method = HTTP_GET, .pattern = "/dokumen/{serial}", .handler = document_download,
	  .login = true, .params = p_serial },
};
#define ROUTE_COUNT (sizeof(routes) / sizeof(routes[0]))

#define LANG_COOKIE_AGE	"31536000"	/* a year, in seconds */

struct app *
req_app(const struct request *req)
{
	return server_app(req->srv);
}

enum lang
req_lang(const struct request *req)
{
	enum lang l = i18n_lang(req->lang);

	return l == LANG_MAX ? LANG_ID : l;
}

struct db_conn *
req_db(struct request *req, struct err *e)
{
	struct db_conn *c = db_conn(req_app(req)->db, e);

	if (c == NULL && e->status != 503)
		err_set(e, ERR_DB_UNAVAILABLE, "%s", e->msg);
	return c;
}

int
app_authorize(struct request *req, enum action act, const struct object_ref *o,
    struct err *e)
{
	switch (policy_check(&req_auth(req)->principal, act, o)) {
	case POLICY_ALLOW:
		return 0;
	case POLICY_DENY:
		err_set(e, ERR_FORBIDDEN, "%s on %s not allowed", action_code(act),
		    object_type_code(o->type));
		return -1;
	default:
		err_set(e, ERR_NOT_FOUND, "outside the user's scope");
		return -1;
	}
}

/* The route's access rule, after sign-in was checked. */
static int
check_access(struct request *req, int access, struct err *e)
{
	const struct principal *p = &req_auth(req)->principal;
	static const struct object_ref national_audit = { .type = OBJ_AUDIT };
	size_t i;

	switch ((enum access)access) {
	case ACCESS_NONE:
		return 0;
	case ACCESS_USERS:
		for (i = 0; i < p->grant_count; i++)
			if (p->grants[i].role == ROLE_ADMIN || p->grants[i].role == ROLE_REGIONAL)
				return 0;
		err_set(e, ERR_NOT_FOUND, "no user management rights");
		return -1;
	case ACCESS_AUDIT:
		return app_authorize(req, ACT_AUDIT_VIEW, &national_audit, e);
	case ACCESS_REGISTRY:
		if (p->grant_count > 0)
			return 0;
		err_set(e, ERR_NOT_FOUND, "no role, so no part of the registry");
		return -1;
	case ACCESS_MAX:
		break;
	}
	err_set(e, ERR_INTERNAL, "unknown access rule %d", access);
	return -1;
}

void
app_notice(json_t *model, bool is_error, const char *text)
{
	if (model != NULL && text != NULL)
		json_object_set_new(model, "notice", json_pack("{s:s, s:s, s:b}", "kind",
		    is_error ? "error" : "ok", "text", text, "is_error", is_error));
}

/* Before routing: the language (?lang= wins, then the cookie) and the format. */
static void
begin(struct request *req)
{
	const struct slice *q = kv_get(&req->query, "lang");
	const char *accept = req_header(req, MHD_HTTP_HEADER_ACCEPT);
	const char *json, *html;
	struct slice c;

	if (q != NULL && i18n_lang(q->p) != LANG_MAX) {
		req->lang = i18n_code(i18n_lang(q->p));
		req->lang_from_query = true;
	} else if (cookie_find(req_header(req, MHD_HTTP_HEADER_COOKIE), "lang", &c) &&
	    c.len == 2) {
		char code[3] = { c.p[0], c.p[1], '\0' };

		if (i18n_lang(code) != LANG_MAX)
			req->lang = i18n_code(i18n_lang(code));
	}
	if (accept != NULL && (json = strstr(accept, "application/json")) != NULL) {
		html = strstr(accept, "text/html");
		req->wants_json = html == NULL || html > json;
	}
}

/* One menu entry; marked current when the page is at or under href. */
static void
nav_item(struct request *req, json_t *nav, const char *href, const char *key)
{
	size_t n = strlen(href);
	bool current = n == 1 ? req->path.len == 1 :
	    req->path.len >= n && memcmp(req->path.p, href, n) == 0 &&
	    (req->path.len == n || req->path.p[n] == '/');

	json_array_append_new(nav, json_pack("{s:s, s:s, s:b}", "href", href,
	    "label", i18n_get(req_lang(req), key), "current", current));
}

/* The menu (public entries, then what the user's roles open), the
 * signed-in user's name and the CSRF token of their forms. */
static void
add_nav(struct request *req, json_t *model)
{
	const struct auth *a = req_auth(req);
	json_t *nav = json_array();
	struct err e;

	nav_item(req, nav, "/", "nav.home");
	nav_item(req, nav, "/aturan", "nav.rulebooks");
	nav_item(req, nav, "/transparansi", "nav.transparency");
	if (a->user_id != 0) {
		if (a->principal.grant_count > 0) {
			nav_item(req, nav, "/siklus", "nav.cycles");
			nav_item(req, nav, "/unit", "nav.units");
			if (progress_may_view(req))
				nav_item(req, nav, "/progres", "progress.nav");
		}
		err_clear(&e);
		if (check_access(req, ACCESS_USERS, &e) == 0)
			nav_item(req, nav, "/pengguna", "nav.users");
		err_clear(&e);
		if (check_access(req, ACCESS_AUDIT, &e) == 0)
			nav_item(req, nav, "/audit", "nav.audit");
		nav_item(req, nav, "/akun", "nav.account");
		json_object_set_new(model, "me", json_pack("{s:s, s:s}", "name", a->name,
		    "email", a->email));
		if (a->csrf != NULL && json_object_get(model, "csrf") == NULL)
			json_object_set_new(model, "csrf", json_string(a->csrf));
	}
	json_object_set_new(model, "nav", nav);
}

/* Keys every page's layout uses: language, catalog, switch links, assets. */
static int
add_layout(struct request *req, json_t *model)
{
	enum lang l = req_lang(req), i;
	json_t *sw = json_array();
	char *href;

	for (i = 0; i < LANG_MAX; i++) {
		href = arena_printf(&req->arena, "%.*s?lang=%s", (int)req->path.len,
		    req->path.p, i18n_code(i));
		if (href == NULL)
			break;
		json_array_append_new(sw, json_pack("{s:s, s:s, s:s, s:b}",
		    "code", i18n_code(i),
		    "label", i18n_get(i, "lang.name"),
		    "href", href,
		    "current", i == l));
	}
	json_object_set_new(model, "lang", json_string(i18n_code(l)));
	json_object_set(model, "t", i18n_catalog(l));
	json_object_set_new(model, "lang_switch", sw);
	json_object_set_new(model, "asset", json_pack("{s:s, s:s}",
	    "css_tag", app_asset_tag("static/style.css"),
	    "upload_tag", app_asset_tag("static/upload.js")));
	json_object_set_new(model, "version", json_string(P2HAM_VERSION));
	add_nav(req, model);
	return 0;
}

static void
set_body(struct reply *rep, struct buf *b, const char *type)
{
	size_t len = 0;

	rep->body = buf_detach(b, &len);
	rep->len = len;
	rep->content_type = type;
}

static void
render_json(struct reply *rep, json_t *v)
{
	rep->body = json_dumps(v, JSON_COMPACT);
	rep->len = rep->body ? strlen(rep->body) : 0;
	rep->content_type = "application/json; charset=utf-8";
}

/* The error page or JSON for e; never fails to leave a body. */
static void
render_error(struct request *req, struct reply *rep, struct err *e)
{
	enum lang l = req_lang(req);
	char key[96], title_key[64], msg_key[64];
	const char *title, *message = NULL, *allow, *code = err_code(e->kind);
	struct buf b;
	struct err e2;
	int status = e->status >= 400 && e->status <= 599 ? e->status : 500;
	json_t *model;

	if (status >= 500 || err_logged(e->kind))
		log_err("event=error status=%d code=%s msg=\"%s\"", status, code, e->msg);
	if (status == 405 && (allow = arena_strdup(&req->arena, e->msg)) != NULL)
		reply_header(rep, MHD_HTTP_HEADER_ALLOW, allow);
	snprintf(title_key, sizeof(title_key), "error.%d.title", status);
	snprintf(msg_key, sizeof(msg_key), "error.%d.message", status);
	title = i18n_get(l, title_key);
	if (title == title_key)
		title = i18n_get(l, "error.500.title");
	switch (err_show(e->kind)) {
	case ERR_SHOW_TEXT:
		if (e->msg[0] != '\0')
			message = arena_strdup(&req->arena, e->msg);
		break;
	case ERR_SHOW_CODE:
		snprintf(key, sizeof(key), "error.code.%s", code);
		message = i18n_get(l, key);
		if (message == key)
			message = NULL;
		break;
	case ERR_SHOW_STATUS:
	case ERR_SHOW_MAX:
		break;
	}
	if (message == NULL)
		message = i18n_get(l, msg_key);
	if (message == msg_key)
		message = i18n_get(l, "error.500.message");
	free(rep->body);
	rep->body = NULL;
	rep->body_static = false;
	rep->status = status;
	model = json_pack("{s:{s:i, s:s, s:s, s:s}}", "error", "status", status,
	    "code", code[0] ? code : "error", "title", title, "message", message);
	if (model == NULL)
		return;
	if (req->wants_json) {
		render_json(rep, model);
		json_decref(model);
		return;
	}
	json_object_set_new(model, "page_title", json_string(title));
	add_layout(req, model);
	buf_init(&b, 0);
	err_clear(&e2);
	if (view_render("error", model, &b, &e2) < 0 || b.failed) {
		log_err("event=render_failed template=error msg=\"%s\"", e2.msg);
		buf_free(&b);
		buf_init(&b, 0);
		buf_printf(&b, "%d %s\n", status, title);
		set_body(rep, &b, "text/plain; charset=utf-8");
	} else
		set_body(rep, &b, "text/html; charset=utf-8");
	json_decref(model);
}

/* Percent-encode s for a query value. */
static const char *
url_escape(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s), i, o = 0;
	char *out = arena_alloc(a, 3 * n + 1);

	if (out == NULL)
		return "/";
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
		    c == '~' || c == '/')
			out[o++] = (char)c;
		else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return out;
}

static void
respond(struct request *req, struct reply *rep, struct err *e)
{
	const char *tmpl;
	struct buf b;
	char *cookie;

	if (req->lang_from_query) {
		cookie = arena_printf(&req->arena, "lang=%s; Path=/; Max-Age=" LANG_COOKIE_AGE
		    "; SameSite=Lax; HttpOnly%s", req->lang,
		    server_config(req->srv)->behind_tls ? "; Secure" : "");
		if (cookie != NULL)
			reply_header(rep, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	}
	if (e->status == 0 && (req->app != NULL || auth_resolve(req, e) == 0) &&
	    req->route->login &&
	    req_auth(req)->user_id == 0) {
		if (req->wants_json) {
			err_set(e, ERR_LOGIN_REQUIRED, "sign in first");
		} else {
			rep->status = 303;
			rep->location = arena_printf(&req->arena, "/masuk?next=%s",
			    url_escape(&req->arena, req->method == HTTP_GET ? req->raw_uri : "/"));
			return;
		}
	}
	if (e->status != 0 || upload_form(req, e) < 0 || request_bind_params(req, e) < 0 ||
	    (req->route->csrf && auth_check_csrf(req, e) < 0) ||
	    check_access(req, req->route->access, e) < 0 ||
	    req->route->handler(req, rep, e) < 0) {
		json_decref(rep->model);
		rep->model = NULL;
		render_error(req, rep, e);
		return;
	}
	if (rep->body != NULL || rep->model == NULL)
		return;		/* raw body (static file, metrics) or empty */
	tmpl = rep->template ? rep->template : req->route->template;
	if (req->wants_json || tmpl == NULL) {
		render_json(rep, rep->model);
		return;
	}
	add_layout(req, rep->model);
	buf_init(&b, 0);
	if (view_render(tmpl, rep->model, &b, e) < 0 || b.failed) {
		buf_free(&b);
		err_set(e, ERR_TEMPLATE, "template %s: %s", tmpl, e->msg);
		render_error(req, rep, e);
		return;
	}
	set_body(rep, &b, "text/html; charset=utf-8");
}

/* An upload route's files are spooled only for a caller who may post
 * there at all; the rest read and drop the body, and respond answers. */
static bool
admit(struct request *req)
{
	struct err e;

	err_clear(&e);
	if (auth_resolve(req, &e) < 0) {
		req->app = NULL;	/* respond tries again and answers 503 */
		return false;
	}
	return !req->route->login || req_auth(req)->user_id != 0;
}

static const struct server_hooks hooks = {
	.respond = respond,
	.begin = begin,
	.admit = admit,
};

int
app_serve(struct app *app, const struct server_config *http, int fd, struct err *e)
{
	int rc;

	app->http = http;
	if (i18n_init(e) < 0) {
		close(fd);
		return -1;
	}
	if (view_init(e) < 0 || ops_static_init() < 0) {
		if (e->msg[0] == '\0')
			err_set(e, ERR_CONFIG, "out of memory");
		i18n_free();
		close(fd);
		return -1;
	}
	rc = server_run(http, fd, routes, ROUTE_COUNT, &hooks, app, e);
	view_free();
	i18n_free();
	return rc;
}
