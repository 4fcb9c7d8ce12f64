/*
 * cmd.h - the subcommands of the p2ham command and the configuration they
 * share (flags over environment over defaults).
 */
#ifndef P2HAM_CMD_H
#define P2HAM_CMD_H

/* One action of a command with several ("verify" of "audit"). */
struct subcmd {
	const char *name;
	/* argv[0] is "GROUP NAME"; arg is the entry's own. */
	int (*run)(int argc, char **argv, const void *arg);
	const void *arg; /* what run works on, where actions share a run */
};

/* A command runs itself, or has actions ("p2ham audit verify") that
 * cmd_dispatch chooses among. */
struct cmd {
	const char *name;                  /* as typed after "p2ham" */
	const char *summary;               /* one line for p2ham --help */
	int (*run)(int argc, char **argv); /* argv[0] is the subcommand's name */
	const char *help;                  /* with actions: p2ham NAME --help */
	const struct subcmd *subs;         /* the actions, ended by { NULL } */
};

extern const struct cmd cmds[]; /* ended by { NULL } */

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_setting(int argc, char **argv); /* setting.c */
int cmd_notify(int argc, char **argv);  /* notify.c */
int cmd_backup(int argc, char **argv);  /* backup.c */
int cmd_restore(int argc, char **argv); /* backup.c */

/* The commands with actions: their help and actions, each in its file. */
extern const char audit_help[], user_help[], rulebook_help[], import_help[],
    survey_help[], files_help[], progress_help[];
extern const struct subcmd audit_subs[], user_subs[], rulebook_subs[], import_subs[],
    survey_subs[], files_subs[], progress_subs[];

/*
 * Run the action argv[1] of command c (argv[0]) among c->subs, with argv
 * from the action on and argv[0] named as in messages ("audit verify");
 * help goes to stdout for --help, -h or help, to stderr without an action.
 * 2 for a wrong invocation.
 */
int cmd_dispatch(const struct cmd *c, int argc, char **argv);

struct config;
struct mail_config;
/* (notify.c) c's notification settings into *mc: 0, or 1 after saying
 * what is wrong with them. */
int notify_mail_config(const struct config *c, struct mail_config *mc);

#endif
