/*
 * config_key.c - the installation's signing key given to a subcommand
 * (--signing-key, P2HAM_SIGNING_KEY_FILE, P2HAM_SIGNING_KEY), so that every
 * server of an installation signs with its one key (docs/deploy.md).
 */
#include <stdlib.h>

#include "cmd/config.h"
#include "docs/sign.h"

/* The file wins over the variable; an empty variable is none. */
int
config_give_signing_key(const struct config *c)
{
	const char *text = getenv("P2HAM_SIGNING_KEY");
	struct err e;
	int rc = 0;

	err_clear(&e);
	if (text != NULL && text[0] == '\0')
		text = NULL;
	if (c->signing_key_file != NULL)
		rc = sign_keys_give_file(c->signing_key_file, &e);
	else if (text != NULL)
		rc = sign_keys_give_text(text, "P2HAM_SIGNING_KEY", &e);
	if (text != NULL)
		unsetenv("P2HAM_SIGNING_KEY");
	if (rc < 0)
		config_die("%s", e.msg);
	return rc;
}
