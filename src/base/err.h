/*
 * err.h - an error with a reason, passed up to where it becomes a response or
 * an exit status (the GLib Error idea without GLib).
 */
#ifndef P2HAM_ERR_H
#define P2HAM_ERR_H

struct err {
	int status;		/* HTTP status to answer with (0: not set) */
	char code[32];		/* short stable machine code, e.g. "db_unavailable" */
	char msg[512];		/* human sentence, already in the user's language
				   where the layer knows it, else English */
};

/* Record an error; a later call overwrites. A NULL err is ignored. */
void	err_set(struct err *e, int status, const char *code, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
void	err_clear(struct err *e);

#endif
