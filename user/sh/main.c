/*
 * main.c: sh entry. sh [-eix] [-c command [name [args...]] | file [args...]]
 * Without a file or -c, commands come from standard input; a terminal on
 * both stdin and stderr makes the shell interactive (prompt "# "), with
 * line editing and history when stdin is a terminal (lineedit.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include "sh.h"

static void on_sigint(int sig)
{
	sh_intr = 1;
}

int main(int argc, char **argv)
{
	const char *cmd = 0;
	int force_i = 0, i = 1;
	shell_pid = getpid();
	import_env(environ);
	if (!getvar("PATH"))
		setvar("PATH", "/bin:/sbin:/usr/bin:/usr/sbin", 1);
	if (!getvar("IFS"))
		setvar("IFS", " \t\n", 0);
	char cwd[4096];
	if (getcwd(cwd, sizeof(cwd)))
		setvar("PWD", cwd, 1);
	arg0 = argv[0];
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'c')
				cmd = "";
			else if (*p == 'i')
				force_i = 1;
			else if (*p == 'e')
				opt_e = 1;
			else if (*p == 'x')
				opt_x = 1;
			else if (*p == 's')
				;
			else {
				sh_err("-%c: invalid option", *p);
				return 2;
			}
		}
	}
	if (cmd) {
		if (i >= argc) {
			sh_err("-c requires an argument");
			return 2;
		}
		cmd = argv[i++];
		if (i < argc)
			arg0 = argv[i++];
		posv = argv + i;
		posc = argc - i;
		return run_string(cmd) & 255;
	}
	if (i < argc) {
		arg0 = argv[i];
		posv = argv + i + 1;
		posc = argc - i - 1;
		return run_file(argv[i]) & 255;
	}
	posv = argv + i;
	posc = 0;
	interactive = force_i || (isatty(0) && isatty(2));
	if (interactive) {
		/* as bash: SIGINT does not kill an interactive shell, it abandons the command line */
		sh_catch(SIGINT, on_sigint);
		signal(SIGQUIT, SIG_IGN);
		jc_init();
		if (argv[0][0] == '-' && access("/etc/profile", R_OK) == 0)
			run_file("/etc/profile");
	}
	struct source s = { 0 };
	s.fd = 0;
	s.interactive = interactive;
	run_source(&s, 1);
	fflush(stdout);
	return last_status & 255;
}
