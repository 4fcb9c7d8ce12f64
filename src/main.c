/*
 * main.c - the p2ham command: finds the subcommand and hands over.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

static void
usage(FILE *f)
{
	const struct cmd *c;

	fprintf(f,
	    "usage: p2ham COMMAND [options]\n\n"
	    "The information system of the human-rights-based public service "
	    "programme.\n\n"
	    "commands:\n");
	for (c = cmds; c->name != NULL; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fprintf(f, "\n'p2ham COMMAND --help' describes a command and its options.\n");
}

int
main(int argc, char **argv)
{
	const struct cmd *c;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(1, argv + 1);
	for (c = cmds; c->name != NULL; c++)
		if (strcmp(argv[1], c->name) == 0)
			return c->run != NULL ? c->run(argc - 1, argv + 1)
					      : cmd_dispatch(c, argc - 1, argv + 1);
	fprintf(stderr,
	    "p2ham: unknown command '%s'; 'p2ham --help' lists the commands\n", argv[1]);
	return 2;
}
