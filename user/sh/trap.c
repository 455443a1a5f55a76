/*
 * trap.c: the trap builtin, as bash's for the forms scripts use:
 *
 *   trap 'CMD' SIG...   run CMD when SIG arrives (or EXIT: when the shell exits)
 *   trap '' SIG...      ignore SIG        trap - SIG...   restore the default
 *   trap                list the traps as "trap -- 'CMD' NAME"
 *
 * SIG is a name (INT, SIGINT) or a number; 0 is EXIT. A signal only marks
 * its trap pending; the shell runs pending traps between commands
 * (run_pending_traps, from exec.c), so a trap never interrupts the middle
 * of the shell's own work. The EXIT trap runs once, when the process that
 * set it exits (atexit for the shell, exit_child for a subshell); a
 * subshell does not run its parent's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <ctype.h>
#include "sh.h"

#define NSIG_TRAP 32

static const char *const names[NSIG_TRAP] = {
	"EXIT", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
	"TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF",
	"WINCH", "IO", "PWR", "SYS",
};
/* the signal a name (HUP, SIGHUP) stands for, -1 if none: trap's and kill's table */
int sig_by_name(const char *s)
{
	if (!strncmp(s, "SIG", 3))
		s += 3;
	for (int i = 1; i < NSIG_TRAP; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

static char *traps[NSIG_TRAP];
static volatile int pending[NSIG_TRAP];
static volatile int any_pending;
static int exit_registered, in_trap;
static pid_t exit_owner;	/* the process that set the EXIT trap: a subshell's own runs at its exit */

static void on_signal(int sig)
{
	if (sig > 0 && sig < NSIG_TRAP) {
		pending[sig] = 1;
		any_pending = 1;
	}
}

/* the lowest signal whose trap is waiting to run, 0 if none */
int trap_pending(void)
{
	if (!any_pending)
		return 0;
	for (int s = 1; s < NSIG_TRAP; s++)
		if (pending[s])
			return s;
	return 0;
}

/*
 * Install a handler as bash's set_signal_handler does: without SA_RESTART
 * (only SIGCHLD's restarts), so a blocking read or wait returns EINTR and
 * the shell can run the trap or abandon the line.
 */
void sh_catch(int sig, void (*fn)(int))
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = sig == SIGCHLD ? SA_RESTART : 0 };
	sigaction(sig, &sa, NULL);
}

static void run_trap(int sig)
{
	int saved = last_status;
	char *cmd;
	if (!traps[sig] || !traps[sig][0] || in_trap)
		return;
	in_trap = 1;
	cmd = strdup(traps[sig]);
	run_string(cmd);
	free(cmd);
	in_trap = 0;
	last_status = saved;
}

void run_pending_traps(void)
{
	if (!any_pending)
		return;
	any_pending = 0;
	for (int s = 1; s < NSIG_TRAP; s++)
		if (pending[s]) {
			pending[s] = 0;
			run_trap(s);
		}
}

void run_exit_trap(void)
{
	if (getpid() != exit_owner || !traps[0])
		return;
	char *cmd = traps[0];
	traps[0] = NULL;	/* once, even if it calls exit */
	in_trap = 1;
	run_string(cmd);
	fflush(0);
}

static int signal_number(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (*s && !*end)
		return n >= 0 && n < NSIG_TRAP ? (int)n : -1;
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (int i = 0; i < NSIG_TRAP; i++)
		if (!strcasecmp(s, names[i]))
			return i;
	return -1;
}

static void quoted(const char *s)
{
	putchar('\'');
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	}
	putchar('\'');
}

int bi_trap(int argc, char **argv)
{
	int st = 0, i = 1;
	const char *action;
	if (argc > 1 && !strcmp(argv[1], "--"))
		i++;
	if (i >= argc || (argc - i == 1 && !strcmp(argv[i], "-p"))) {
		for (int s = 0; s < NSIG_TRAP; s++) {
			if (!traps[s])
				continue;
			fputs("trap -- ", stdout);
			quoted(traps[s]);
			printf(" %s%s\n", s ? "SIG" : "", names[s]);
		}
		return 0;
	}
	if (!strcmp(argv[i], "-l")) {
		for (int s = 1; s < NSIG_TRAP; s++)
			printf("%2d) SIG%s%s", s, names[s], s % 5 == 0 || s == NSIG_TRAP - 1 ? "\n" : "\t");
		return 0;
	}
	/* one operand: "trap SIG" resets it, as POSIX and bash */
	if (argc - i == 1)
		action = "-";
	else
		action = argv[i++];
	for (; i < argc; i++) {
		int s = signal_number(argv[i]);
		if (s < 0 || s == 9 || s == 19) {
			if (s < 0)
				sh_err("trap: %s: invalid signal specification", argv[i]);
			st = 1;
			continue;
		}
		free(traps[s]);
		traps[s] = NULL;
		if (!strcmp(action, "-")) {
			if (s)
				signal(s, SIG_DFL);
			continue;
		}
		traps[s] = strdup(action);
		if (s == 0) {
			exit_owner = getpid();
			if (!exit_registered)
				atexit(run_exit_trap);
			exit_registered = 1;
		} else {
			sh_catch(s, action[0] ? on_signal : SIG_IGN);
		}
	}
	return st;
}
