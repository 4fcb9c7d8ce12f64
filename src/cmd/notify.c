/*
 * notify.c - "p2ham notify daily": the daily deadline job run by hand (the
 * server runs it by itself at --notify-hour), and the check of the
 * notification settings that serve shares.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "cmd/config.h"
#include "core/region.h"
#include "svc/mail.h"
#include "svc/notify.h"
#include "view/i18n.h"

static const char notify_help[] =
    "usage: p2ham notify daily [--again] [options]\n\n"
    "Run the daily deadline job now in every time zone: each unit is told of the\n"
    "deadlines ending within three days, once per deadline. A zone's day that a\n"
    "server (or this command) has run already is left alone unless --again is\n"
    "given; a deadline told before is never told again either way. With the\n"
    "--smtp-* settings the messages are queued for e-mail, which the server\n"
    "sends.\n";

int
notify_mail_config(const struct config *c, struct mail_config *mc)
{
	memset(mc, 0, sizeof(*mc));
	mc->public_url = c->http.public_url;
	mc->hour = c->notify_hour;
	if (c->smtp_url == NULL || c->smtp_url[0] == '\0')
		return 0;
	if (strncmp(c->smtp_url, "smtp://", 7) != 0 && strncmp(c->smtp_url, "smtps://", 8) != 0)
		return config_die(
		    "--smtp-url must be smtp://HOST:PORT or smtps://HOST:PORT, "
		    "not '%s'",
		    c->smtp_url);
	if (!mail_address_ok(c->smtp_from))
		return config_die("--smtp-url needs --smtp-from, the sender's address "
				  "(e.g. p2ham@ham.go.id)");
	mc->url = c->smtp_url;
	mc->from = c->smtp_from;
	mc->user = c->smtp_user;
	mc->password = c->smtp_password;
	return 0;
}

int
cmd_notify(int argc, char **argv)
{
	bool again = false, ran;
	struct config_extra x = { CONFIG_ONE_OPTION("again", no_argument),
		"  --again             run even where today's job ran\n",
		config_take_flag, &again, false };
	struct mail_config mc;
	struct config c;
	struct db *db;
	struct db_conn *conn;
	struct err e;
	long told;
	int rc = 0, z;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(notify_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "daily") != 0) {
		config_die("notify: expected daily; see p2ham notify --help");
		return 2;
	}
	argc--;
	argv++;
	if (config_setup_extra(&c, argc, argv, "Run the daily deadline job now.", true,
		&x, &rc) < 0)
		return rc;
	if (notify_mail_config(&c, &mc) != 0)
		return 2;
	err_clear(&e);
	if (i18n_init(&e) < 0)
		return config_die("%s", e.msg);
	notify_mail_enable(mc.url != NULL);
	if ((db = config_open_conn(&c, "notify", &conn)) == NULL)
		return 1;
	for (z = 0; z < TZ_MAX && rc == 0; z++) {
		err_clear(&e);
		if (notify_daily(conn, z, time(NULL), "cli", mc.public_url, again, &ran,
			&told, &e) < 0)
			rc = config_die("notify daily: %s", e.msg);
		else if (ran)
			printf("p2ham: %s: %ld deadline%s ahead, each told once\n",
			    tz_code((enum tz)z), told, told == 1 ? "" : "s");
		else
			printf("p2ham: %s: today's job ran already\n", tz_code((enum tz)z));
	}
	db_close(db);
	i18n_free();
	return rc;
}
