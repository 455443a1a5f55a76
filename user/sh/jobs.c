/*
 * jobs.c: the job table behind `cmd &`, jobs, fg, bg, wait and kill %N,
 * with bash's lines: "[1] PID" when an interactive shell starts a job,
 * "[1]+  Done                    cmd" before the next prompt once it has
 * finished, `jobs` as "[N]c  Status(24 columns)command &" ('+' the
 * current job, '-' the previous one), -l with the pids, -p the pids only.
 * A non-interactive shell forgets finished jobs silently (their statuses
 * stay for `wait PID`, as bash's bgpids list) and has no fg or bg ("no job
 * control"). An interactive shell on a terminal has job control: each job
 * is a process group, the foreground one owns the terminal (TIOCSPGRP),
 * ^Z stops it ("[1]+  Stopped ..."), fg and bg continue it with SIGCONT.
 * A background job that reads the terminal (or writes it under `stty
 * tostop`) is stopped by the kernel (SIGTTIN, SIGTTOU) and said so before
 * the next prompt; jobs -l names the signal ("Stopped (tty input)").
 * Without job control (a script, or -i on a pipe) background jobs read
 * /dev/null and ignore ^C, as bash's do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include "sh.h"

#define TIOCSPGRP 0x5410
int job_control;
pid_t shell_pgid;

#define MAX_JOBS 32
#define JOB_PROCS 16
struct job {
	int id;				/* 0: a free slot */
	int n;
	pid_t pids[JOB_PROCS];
	int st[JOB_PROCS];
	unsigned done;			/* one bit per process reaped */
	unsigned stopped;		/* one bit per process stopped */
	int stopsig;			/* the signal that stopped the last of them */
	int stop_told;			/* its stop has been reported (until it continues) */
	pid_t pgid;
	int notified;			/* `jobs` has shown it finished */
	int reported;			/* a script has said it was killed */
	char *text[JOB_PROCS];		/* each process's command, as typed */
};
static struct job jobtab[MAX_JOBS];
static int cur_id, prev_id;
static struct { pid_t pid; int st; } bgpids[64];	/* reaped, for wait PID */
static int nbgpids;
static void print_job(const struct job *j, int lng);

/* ---- the command's text, as bash prints it from the parse tree ---- */

static void node_text(struct node *n, struct str *b)
{
	static const char *const ops[] = { [R_IN] = "<", [R_OUT] = ">", [R_CLOBBER] = ">|", [R_APPEND] = ">>",
					   [R_RDWR] = "<>", [R_DUPIN] = "<&", [R_DUPOUT] = ">&", [R_HEREDOC] = "<<" };
	if (!n)
		return;
	switch (n->type) {
	case N_CMD:
		for (int i = 0; i < n->nassigns; i++) {
			str_adds(b, n->assigns[i]);
			if (i + 1 < n->nassigns || n->nwords)
				str_addc(b, ' ');
		}
		for (int i = 0; i < n->nwords; i++) {
			str_adds(b, n->words[i]);
			if (i + 1 < n->nwords)
				str_addc(b, ' ');
		}
		break;
	case N_PIPE:
		for (int i = 0; i < n->n; i++) {
			if (i)
				str_adds(b, " | ");
			node_text(n->list[i], b);
		}
		return;
	case N_AND:
	case N_OR:
		node_text(n->a, b);
		str_adds(b, n->type == N_AND ? " && " : " || ");
		node_text(n->b, b);
		return;
	case N_NOT:
		str_adds(b, "! ");
		node_text(n->a, b);
		return;
	case N_SEQ:
		node_text(n->a, b);
		if (n->b) {
			str_adds(b, "; ");
			node_text(n->b, b);
		}
		return;
	case N_SUBSHELL:
		str_adds(b, "( ");
		node_text(n->a, b);
		str_adds(b, " )");
		break;
	case N_GROUP:
		str_adds(b, "{ ");
		node_text(n->a, b);
		str_adds(b, "; }");
		break;
	default:
		str_adds(b, "...");
		return;
	}
	for (struct redir *r = n->redirs; r; r = r->next) {
		int dflt = (r->type == R_IN || r->type == R_DUPIN || r->type == R_HEREDOC || r->type == R_RDWR) ? 0 : 1;
		char fd[16];
		str_addc(b, ' ');
		if (r->fd != dflt) {
			snprintf(fd, sizeof(fd), "%d", r->fd);
			str_adds(b, fd);
		}
		str_adds(b, ops[r->type]);
		if (r->type != R_DUPIN && r->type != R_DUPOUT)
			str_addc(b, ' ');
		str_adds(b, r->type == R_HEREDOC ? r->delim : r->word);
	}
}

/* ---- the table ---- */

static struct job *job_by_id(int id)
{
	for (int i = 0; i < MAX_JOBS; i++)
		if (id && jobtab[i].id == id)
			return &jobtab[i];
	return 0;
}

static int job_done(const struct job *j)
{
	return j->done == (1u << j->n) - 1;
}

/* every process that has not exited is stopped */
static int job_stopped(const struct job *j)
{
	return !job_done(j) && (j->done | j->stopped) == (1u << j->n) - 1;
}

/* A job that stopped: a blank line, then its job line on stderr (as bash's "[1]+  Stopped ..."). */
static void report_stopped(struct job *j)
{
	j->stop_told = 1;
	dprintf(2, "\n");
	fflush(stdout);
	int saved = dup(1);
	dup2(2, 1);
	print_job(j, 0);
	dup2(saved, 1);
	close(saved);
}

/* ---- job control ---- */

void jc_init(void)
{
	job_control = isatty(0) && isatty(2);
	if (!job_control)
		return;
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	setpgid(0, 0);
	shell_pgid = getpgrp();
	jc_foreground(0);
}

void jc_foreground(pid_t pgid)
{
	pid_t g = pgid ? pgid : shell_pgid;
	if (job_control)
		ioctl(0, TIOCSPGRP, &g);
}

/*
 * A subshell (( ), $( ), a script run as a command, a pipeline's or a
 * background job's commands) has no job control of its own, as bash's:
 * what it runs stays in its process group, with the stop signals back at
 * their defaults (a job's processes stop with it).
 */
void jc_subshell(void)
{
	jc_default_signals();
	job_control = 0;
}

/* A child of a job-control shell: the stop signals the shell ignores back at their defaults. */
void jc_default_signals(void)
{
	if (!job_control)
		return;
	signal(SIGTSTP, SIG_DFL);
	signal(SIGTTIN, SIG_DFL);
	signal(SIGTTOU, SIG_DFL);
}

/* pgid: 0 own group, foreground; > 0 join it, foreground; -1 own group, -g-1 join g, background */
void jc_child(pid_t pgid)
{
	if (!job_control)
		return;
	int fg = pgid >= 0;
	pid_t g = pgid > 0 ? pgid : pgid < -1 ? -pgid - 1 : getpid();
	setpgid(0, g);
	if (fg)
		jc_foreground(g);
}

void jc_parent(pid_t pid, pid_t pgid, int fg)
{
	if (!job_control || pid <= 0)
		return;
	setpgid(pid, pgid);
	if (fg)
		jc_foreground(pgid);
}

/* the most recent job other than except, for '+' and '-' */
static int newest_except(int except)
{
	int best = 0;
	for (int i = 0; i < MAX_JOBS; i++)
		if (jobtab[i].id && jobtab[i].id != except && jobtab[i].id > best)
			best = jobtab[i].id;
	return best;
}

static void job_delete(struct job *j)
{
	int id = j->id;
	for (int i = 0; i < j->n; i++)
		free(j->text[i]);
	memset(j, 0, sizeof(*j));
	if (cur_id == id)
		cur_id = prev_id;
	if (cur_id == id || !job_by_id(cur_id))
		cur_id = newest_except(0);
	if (prev_id == id || prev_id == cur_id || !job_by_id(prev_id))
		prev_id = newest_except(cur_id);
}

/* the foreground command being waited for: it becomes a job if it stops */
static struct { pid_t pids[64]; struct node *cmds[64]; int n, stopped, stopsig; unsigned done; int st[64]; } fg;

void job_start(pid_t *pids, struct node **cmds, int n)
{
	struct job *j = 0;
	int id = newest_except(0) + 1;
	for (int i = 0; i < MAX_JOBS && !j; i++)
		if (!jobtab[i].id)
			j = &jobtab[i];
	if (!j)
		return;		/* a full table: the processes run, untracked */
	j->id = id;
	j->n = n < JOB_PROCS ? n : JOB_PROCS;
	for (int i = 0; i < j->n; i++) {
		struct str b = { 0 };
		node_text(cmds[i], &b);
		str_addc(&b, 0);
		j->pids[i] = pids[i];
		j->text[i] = str_take(&b);
	}
	j->pgid = pids[0];
	if (cur_id)
		prev_id = cur_id;
	cur_id = id;
	if (interactive && !fg.n)
		dprintf(2, "[%d] %d\n", id, pids[n - 1]);
}

void fg_begin(pid_t *pids, struct node **cmds, int n)
{
	if (!job_control)
		return;
	fg.n = n < 64 ? n : 64;
	fg.stopped = 0;
	fg.done = 0;
	for (int i = 0; i < fg.n; i++) {
		fg.pids[i] = pids[i];
		fg.cmds[i] = cmds[i];
	}
}

void fg_note_stop(pid_t pid, int st)
{
	for (int i = 0; i < fg.n; i++)
		if (fg.pids[i] == pid) {
			fg.stopped |= 1u << i;
			fg.stopsig = WSTOPSIG(st);
		}
}

/*
 * After the foreground waits: the terminal is the shell's again; a stopped
 * command is now a job (the result is the signal that stopped it, else 0).
 * As bash's wait_for (notify_and_cleanup), the jobs that changed meanwhile
 * are told of after a foreground command, not only before the prompt.
 */
int fg_stopped(void)
{
	int stopped = fg.stopped != 0;
	if (!job_control)
		return 0;
	jc_foreground(0);
	if (!stopped && interactive)
		job_notify();
	if (stopped) {
		pid_t pids[64];
		struct node *cmds[64];
		int n = fg.n;
		memcpy(pids, fg.pids, sizeof(pids));
		memcpy(cmds, fg.cmds, sizeof(cmds));
		job_start(pids, cmds, n);
		struct job *j = job_by_id(cur_id);
		if (j) {
			/* what was not reported stopped had exited (its status was taken) */
			j->stopped = fg.stopped;
			j->stopsig = fg.stopsig;
			j->done = ((1u << j->n) - 1) & ~fg.stopped;
			report_stopped(j);
		}
	}
	fg.n = 0;
	return stopped ? fg.stopsig : 0;
}

/* A child reaped somewhere: 1 if it belonged to a job. */
int job_reaped(pid_t pid, int st)
{
	for (int i = 0; i < MAX_JOBS; i++)
		for (int k = 0; jobtab[i].id && k < jobtab[i].n; k++)
			if (jobtab[i].pids[k] == pid) {
				if (WIFSTOPPED(st)) {
					jobtab[i].stopped |= 1u << k;
					jobtab[i].stopsig = WSTOPSIG(st);
					return 1;
				}
				if (WIFCONTINUED(st)) {
					jobtab[i].stopped &= ~(1u << k);
					jobtab[i].stop_told = 0;
					return 1;
				}
				jobtab[i].stopped &= ~(1u << k);
				jobtab[i].st[k] = st;
				jobtab[i].done |= 1u << k;
				if (nbgpids == (int)(sizeof(bgpids) / sizeof(bgpids[0])))
					memmove(bgpids, bgpids + 1, sizeof(bgpids) - sizeof(bgpids[0])), nbgpids--;
				bgpids[nbgpids].pid = pid;
				bgpids[nbgpids++].st = st;
				return 1;
			}
	return 0;
}

/* the job's status as $? has it: its last process's */
static int job_status(const struct job *j)
{
	int st = j->st[j->n - 1];
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/*
 * printable_job_status: "Stopped" in the short form (`jobs`, the
 * notification); jobs -l names the stop signal as strsignal does.
 */
static const char *state_text(const struct job *j, char *buf, size_t n, int lng)
{
	static const char *const sigs[32] = {
		[SIGHUP] = "Hangup", [SIGINT] = "Interrupt", [SIGQUIT] = "Quit", [SIGILL] = "Illegal instruction",
		[SIGTRAP] = "Trace/breakpoint trap", [SIGABRT] = "Aborted", [SIGBUS] = "Bus error",
		[SIGFPE] = "Floating point exception", [SIGKILL] = "Killed", [SIGUSR1] = "User defined signal 1",
		[SIGSEGV] = "Segmentation fault", [SIGUSR2] = "User defined signal 2", [SIGPIPE] = "Broken pipe",
		[SIGALRM] = "Alarm clock", [SIGTERM] = "Terminated",
	};
	int st = j->st[j->n - 1];
	if (job_stopped(j)) {
		if (!lng || j->stopsig == SIGTSTP)
			return "Stopped";
		return j->stopsig == SIGTTIN ? "Stopped (tty input)" : j->stopsig == SIGTTOU ? "Stopped (tty output)" : "Stopped (signal)";
	}
	if (!job_done(j))
		return "Running";
	if (WIFEXITED(st)) {
		if (!WEXITSTATUS(st))
			return "Done";
		snprintf(buf, n, "Exit %d", WEXITSTATUS(st));
	} else if (WTERMSIG(st) < 32 && sigs[WTERMSIG(st)]) {
		snprintf(buf, n, "%s%s", sigs[WTERMSIG(st)], (st & 0x80) ? " (core dumped)" : "");
	} else {
		snprintf(buf, n, "Signal %d", WTERMSIG(st));
	}
	return buf;
}

/* pretty_print_job: one job, as `jobs` (long: with pids) or a notification */
static void print_job(const struct job *j, int lng)
{
	char buf[48], mark = j->id == cur_id ? '+' : j->id == prev_id ? '-' : ' ';
	const char *state = state_text(j, buf, sizeof(buf), lng), *amp = job_done(j) || job_stopped(j) ? "" : " &";
	if (!lng) {
		struct str b = { 0 };
		for (int i = 0; i < j->n; i++) {
			if (i)
				str_adds(&b, " | ");
			str_adds(&b, j->text[i]);
		}
		str_addc(&b, 0);
		char *t = str_take(&b);
		dprintf(1, "[%d]%c  %-24s%s%s\n", j->id, mark, state, t, amp);
		free(t);
		return;
	}
	for (int i = 0; i < j->n; i++) {
		const char *end = i == j->n - 1 ? amp : "";
		if (!i)
			dprintf(1, "[%d]%c %5d %-24s%s%s\n", j->id, mark, j->pids[i], state, j->text[i], end);
		else
			dprintf(1, "     %5d %-22s| %s%s\n", j->pids[i], "", j->text[i], end);
	}
}

/*
 * Reaps the jobs' processes that have finished, without waiting (what
 * bash's SIGCHLD handler does), and only those: a foreground process is
 * its waiter's to reap.
 */
void job_poll(void)
{
	for (int i = 0; i < MAX_JOBS; i++)
		for (int k = 0; jobtab[i].id && k < jobtab[i].n; k++) {
			int st;
			if (!(jobtab[i].done & (1u << k)) &&
			    waitpid(jobtab[i].pids[k], &st, WNOHANG | (job_control ? WUNTRACED | WCONTINUED : 0)) == jobtab[i].pids[k])
				job_reaped(jobtab[i].pids[k], st);
		}
}

/*
 * A script's one word on a job killed by a signal (not SIGINT, SIGTERM or
 * SIGPIPE, as bash builds by default): "sh:  PID Killed   cmd" on stderr.
 */
static void report_killed(struct job *j)
{
	int st = j->st[j->n - 1], sig = WTERMSIG(st);
	char buf[48];
	if (interactive || j->reported || !job_done(j) || !WIFSIGNALED(st) || sig == SIGINT || sig == SIGTERM || sig == SIGPIPE)
		return;
	j->reported = 1;
	/* JLIST_NONINTERACTIVE: the processes one to a line, as jobs -l without "[N]" */
	sh_err("%5d %-24s%s", j->pids[0], state_text(j, buf, sizeof(buf), 1), j->text[0]);
	for (int i = 1; i < j->n; i++)
		dprintf(2, "     %5d %-22s| %s\n", j->pids[i], "", j->text[i]);
}

/*
 * notify_and_cleanup, between commands: an interactive shell says which
 * jobs have finished (on stderr, before the prompt; only with job control)
 * and forgets them; a script keeps them for `jobs` to show once and `wait`
 * to collect.
 */
void job_notify(void)
{
	job_poll();
	for (int i = 0; i < MAX_JOBS; i++) {
		struct job *j = &jobtab[i];
		if (j->id)
			report_killed(j);
		/* a background job that stopped (SIGTTIN, SIGTTOU, a signal): said once, as bash */
		if (j->id && interactive && job_control && job_stopped(j) && !j->stop_told)
			report_stopped(j);
		if (!j->id || !job_done(j) || (!interactive && !j->notified))
			continue;
		/* interactive without job control (-i on a pipe): forgotten unsaid, as bash */
		if (interactive && job_control && !j->notified) {
			fflush(stdout);
			int saved = dup(1);
			dup2(2, 1);
			print_job(j, 0);
			dup2(saved, 1);
			close(saved);
		}
		job_delete(j);
	}
}

/* Waits for every process of j (with job control, until it stops). */
/*
 * Wait for j's processes. The wait builtin (builtin = 1) returns early, with
 * the signal, when a trapped signal arrives: bash's wait is interrupted so
 * that the trap runs (status 128+sig); a foreground wait goes on.
 */
static int job_wait(struct job *j, int builtin)
{
	for (int k = 0; k < j->n; k++) {
		int st;
		while (!(j->done & (1u << k))) {
			if (job_control && (j->stopped & (1u << k)))
				return 0;
			pid_t r = waitpid(-1, &st, job_control ? WUNTRACED : 0);
			if (r > 0) {
				if (!job_reaped(r, st))
					kid_reaped(r, st);
			} else if (errno == ECHILD) {
				j->st[k] = 0;	/* reaped elsewhere */
				j->done |= 1u << k;
			} else if (sh_intr) {
				return 0;
			}
			if (builtin && trap_pending())
				return trap_pending();
		}
	}
	return 0;
}

/* %N, %%, %+, %-, %string, %?string: the job a word names, or NULL (the message said) */
static struct job *job_spec(const char *who, const char *spec)
{
	struct job *j = 0;
	const char *s = spec + 1;
	if (!*s || !strcmp(s, "%") || !strcmp(s, "+"))
		j = job_by_id(cur_id);
	else if (!strcmp(s, "-"))
		j = job_by_id(prev_id);
	else if (*s >= '0' && *s <= '9')
		j = job_by_id(atoi(s));
	else
		for (int i = 0; i < MAX_JOBS && !j; i++)
			if (jobtab[i].id && (*s == '?' ? strstr(jobtab[i].text[0], s + 1) != 0
						       : !strncmp(jobtab[i].text[0], s, strlen(s))))
				j = &jobtab[i];
	if (!j)
		sh_err("%s: %s: no such job", who, spec);
	return j;
}

/*
 * kill %N: the job's process group under job control (a stopped job is
 * continued too, so that the signal acts: bash's kill_pid), else each of
 * its processes that is left. -1 if there is no such job.
 */
int job_kill(const char *spec, int sig)
{
	job_poll();
	struct job *j = job_spec("kill", spec);
	if (!j)
		return -1;
	if (job_control) {
		int stopped = job_stopped(j);
		kill(-j->pgid, sig);
		if (stopped && sig != SIGKILL && sig != SIGCONT)
			kill(-j->pgid, SIGCONT);
		return 0;
	}
	for (int k = 0; k < j->n; k++)
		if (!(j->done & (1u << k)))
			kill(j->pids[k], sig);
	return 0;
}

int bi_jobs(int argc, char **argv)
{
	int lng = 0, pids_only = 0, i = 1, st = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (const char *c = argv[i] + 1; *c; c++) {
			if (*c == 'l')
				lng = 1;
			else if (*c == 'p')
				pids_only = 1;
			else if (*c != 'r' && *c != 's' && *c != 'n') {
				sh_err("jobs: -%c: invalid option", *c);
				dprintf(2, "jobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]\n");
				return 2;
			}
		}
	}
	job_poll();
	for (int k = 0; k < MAX_JOBS; k++)
		if (jobtab[k].id && jobtab[k].notified)
			job_delete(&jobtab[k]);	/* shown finished by an earlier `jobs` */
	for (int id = 1, last = newest_except(0); i >= argc && id <= last; id++) {
		struct job *j = job_by_id(id);
		if (!j)
			continue;
		if (pids_only)
			dprintf(1, "%d\n", j->pids[0]);
		else
			print_job(j, lng);
	}
	for (; i < argc; i++) {
		struct job *j = argv[i][0] == '%' ? job_spec("jobs", argv[i]) : 0;
		if (!j) {
			if (argv[i][0] != '%')
				sh_err("jobs: %s: no such job", argv[i]);
			st = 1;
			continue;
		}
		if (pids_only)
			dprintf(1, "%d\n", j->pids[0]);
		else
			print_job(j, lng);
	}
	/* what `jobs` has shown as finished is not notified again, and goes after this command */
	for (int k = 0; k < MAX_JOBS; k++)
		if (jobtab[k].id && job_done(&jobtab[k]))
			jobtab[k].notified = 1;
	return st;
}

static struct job *fg_bg_job(const char *who, int argc, char **argv)
{
	if (!interactive || !job_control) {
		sh_err("%s: no job control", who);
		return 0;
	}
	job_poll();
	if (argc > 1)
		return job_spec(who, argv[1]);
	struct job *j = job_by_id(cur_id);
	if (!j)
		sh_err("%s: current: no such job", who);
	return j;
}

int bi_fg(int argc, char **argv)
{
	struct job *j = fg_bg_job("fg", argc, argv);
	if (!j)
		return 1;
	/*
	 * As bash's fg: the terminal, the command shown, then SIGCONT (the
	 * job's first output comes after its command line; the kill follows
	 * the write at once, so a ^Z typed after the line reaches a running job).
	 */
	jc_foreground(j->pgid);
	for (int i = 0; i < j->n; i++)
		dprintf(1, "%s%s", i ? " | " : "", j->text[i]);
	dprintf(1, "\n");
	kill(-j->pgid, SIGCONT);
	j->stopped = 0;
	j->stop_told = 0;
	job_wait(j, 0);
	jc_foreground(0);
	if (job_stopped(j)) {
		/* stopped again: the current job once more */
		if (cur_id != j->id) {
			prev_id = cur_id;
			cur_id = j->id;
		}
		report_stopped(j);
		return 128 + j->stopsig;
	}
	int st = job_status(j);
	job_delete(j);
	return st;
}

int bi_bg(int argc, char **argv)
{
	struct job *j = fg_bg_job("bg", argc, argv);
	if (!j)
		return 1;
	if (!job_stopped(j)) {
		sh_err("bg: job %d already in background", j->id);
		return 0;
	}
	j->stopped = 0;
	j->stop_told = 0;
	kill(-j->pgid, SIGCONT);
	char mark = j->id == cur_id ? '+' : j->id == prev_id ? '-' : ' ';
	dprintf(1, "[%d]%c ", j->id, mark);
	for (int i = 0; i < j->n; i++)
		dprintf(1, "%s%s", i ? " | " : "", j->text[i]);
	dprintf(1, " &\n");
	return 0;
}

/* wait [-n] [ID...]: bash's statuses (127 for what is not a child) */
int bi_wait(int argc, char **argv)
{
	int st = 0, i = 1, any = 0;
	if (i < argc && !strcmp(argv[i], "-n")) {
		any = 1;
		i++;
	}
	job_poll();
	if (any && i >= argc) {
		/* the next job to finish */
		for (;;) {
			int live = 0;
			for (int k = 0; k < MAX_JOBS; k++) {
				struct job *j = &jobtab[k];
				if (!j->id)
					continue;
				if (job_done(j) && !j->notified) {
					st = job_status(j);
					if (!interactive)
						job_delete(j);
					return st;
				}
				live = 1;
			}
			if (!live)
				return 127;
			int s;
			pid_t r = waitpid(-1, &s, 0);
			if (r > 0 && !job_reaped(r, s))
				kid_reaped(r, s);
			if (r < 0 && errno != EINTR)
				return 127;
			if (sh_intr)
				return 130;
			if (trap_pending())
				return 128 + trap_pending();
		}
	}
	if (i >= argc) {
		/* the running jobs; a script forgets each once waited for (finished ones stay for `jobs`) */
		for (int k = 0; k < MAX_JOBS; k++) {
			if (!jobtab[k].id)
				continue;
			int was_done = job_done(&jobtab[k]), sig = job_wait(&jobtab[k], 1);
			if (sig)
				return 128 + sig;
			report_killed(&jobtab[k]);
			if (!interactive && !was_done)
				job_delete(&jobtab[k]);
		}
		return 0;
	}
	for (; i < argc; i++) {
		struct job *j = 0;
		if (argv[i][0] == '%') {
			if (!(j = job_spec("wait", argv[i]))) {
				st = 127;
				continue;
			}
		} else {
			pid_t pid = atoi(argv[i]);
			for (int k = 0; k < MAX_JOBS && !j; k++)
				for (int p = 0; jobtab[k].id && p < jobtab[k].n; p++)
					if (jobtab[k].pids[p] == pid)
						j = &jobtab[k];
			if (!j) {
				int found = 0;
				for (int b = nbgpids - 1; b >= 0 && !found; b--)
					if (bgpids[b].pid == pid) {
						int s = bgpids[b].st;
						st = WIFEXITED(s) ? WEXITSTATUS(s) : 128 + WTERMSIG(s);
						found = 1;
					}
				if (!found) {
					sh_err("wait: pid %s is not a child of this shell", argv[i]);
					st = 127;
				}
				continue;
			}
		}
		int sig = job_wait(j, 1);
		if (sig)
			return 128 + sig;
		st = job_status(j);
		report_killed(j);
		if (!interactive)
			job_delete(j);
	}
	return st;
}
