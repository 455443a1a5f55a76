/*
 * exec.c: running syntax trees: simple commands (builtins, functions,
 * fork+execve with a PATH search), pipelines, lists, compound commands,
 * redirections, command substitution; and the read-parse-run loop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include "sh.h"

int last_status, shell_pid, last_bg, interactive, opt_e, opt_x, opt_pipefail;
int loop_depth, brk_count, cont_count, ret_flag, in_func, cond_depth;
volatile int sh_intr;
const char *sh_name = "sh";

void sh_err(const char *fmt, ...)
{
	char buf[1024];
	int n = snprintf(buf, sizeof(buf), "%s: ", sh_name);
	va_list ap;
	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	fflush(stdout);
	write(2, buf, n);
}

static void exit_child(int st)
{
	last_status = st;
	run_exit_trap();	/* a subshell's own EXIT trap */
	fflush(stdout);
	_exit(st);
}

/* ---------------- functions ---------------- */

struct func {
	char *name;
	struct node *body;
	struct func *next;
};
static struct func *funcs;

struct node *find_func(const char *name)
{
	for (struct func *f = funcs; f; f = f->next)
		if (strcmp(f->name, name) == 0)
			return f->body;
	return 0;
}

void define_func(const char *name, struct node *body)
{
	for (struct func *f = funcs; f; f = f->next)
		if (strcmp(f->name, name) == 0) {
			f->body = body;
			return;
		}
	struct func *f = malloc(sizeof(*f));
	f->name = strdup(name);
	f->body = body;
	f->next = funcs;
	funcs = f;
}

/* ---------------- redirections ---------------- */

struct fdsave {
	int fd[16], saved[16];
	int n;
};

static void save_fd(struct fdsave *sv, int fd)
{
	if (!sv)
		return;
	for (int i = 0; i < sv->n; i++)
		if (sv->fd[i] == fd)
			return;
	if (sv->n == 16)
		return;
	sv->fd[sv->n] = fd;
	sv->saved[sv->n] = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	sv->n++;
}

static void restore_fds(struct fdsave *sv)
{
	fflush(stdout);
	while (sv->n > 0) {
		sv->n--;
		int fd = sv->fd[sv->n], s = sv->saved[sv->n];
		if (s >= 0) {
			dup2(s, fd);
			close(s);
		} else {
			close(fd);
		}
	}
}

static int apply_redirs(struct redir *r, struct fdsave *sv)
{
	for (; r; r = r->next) {
		int fd;
		if (r->type == R_HEREDOC) {
			char *body = r->quoted ? strdup(r->word) : expand_str(r->word, EXP_HEREDOC);
			int p[2];
			if (pipe(p) < 0) {
				sh_err("pipe: %s", strerror(errno));
				free(body);
				return -1;
			}
			fflush(0);
			pid_t pid = fork();
			if (pid == 0) {
				close(p[0]);
				size_t len = strlen(body), off = 0;
				while (off < len) {
					ssize_t w = write(p[1], body + off, len - off);
					if (w <= 0)
						break;
					off += w;
				}
				_exit(0);
			}
			free(body);
			close(p[1]);
			fd = p[0];
		} else {
			char *name = expand_str(r->word, 0);
			if (r->type == R_DUPIN || r->type == R_DUPOUT) {
				if (strcmp(name, "-") == 0) {
					save_fd(sv, r->fd);
					close(r->fd);
					free(name);
					continue;
				}
				char *end;
				long src = strtol(name, &end, 10);
				if (!*name || *end || fcntl((int)src, F_GETFD) < 0) {
					sh_err("%s: Bad file descriptor", name);
					free(name);
					return -1;
				}
				free(name);
				if (src != r->fd) {
					save_fd(sv, r->fd);
					dup2((int)src, r->fd);
				}
				continue;
			}
			int flags = O_RDONLY;
			switch (r->type) {
			case R_OUT:
			case R_CLOBBER: flags = O_WRONLY | O_CREAT | O_TRUNC; break;
			case R_APPEND: flags = O_WRONLY | O_CREAT | O_APPEND; break;
			case R_RDWR: flags = O_RDWR | O_CREAT; break;
			}
			save_fd(sv, r->fd);
			fd = open(name, flags, 0666);
			if (fd < 0) {
				sh_err("%s: %s", name, strerror(errno));
				free(name);
				return -1;
			}
			free(name);
		}
		if (fd != r->fd) {
			save_fd(sv, r->fd);
			dup2(fd, r->fd);
			close(fd);
		}
	}
	return 0;
}

/* ---------------- processes ---------------- */

static int wait_status(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	int sig = WTERMSIG(st);
	static const char *const names[32] = {
		[SIGHUP] = "Hangup", [SIGQUIT] = "Quit", [SIGILL] = "Illegal instruction",
		[SIGTRAP] = "Trace/breakpoint trap", [SIGABRT] = "Aborted", [SIGBUS] = "Bus error",
		[SIGFPE] = "Floating point exception", [SIGKILL] = "Killed", [SIGUSR1] = "User defined signal 1",
		[SIGSEGV] = "Segmentation fault", [SIGUSR2] = "User defined signal 2", [SIGALRM] = "Alarm clock",
		[SIGTERM] = "Terminated",
	};
	if (sig < 32 && names[sig]) {
		fflush(stdout);
		dprintf(2, "%s%s\n", names[sig], (st & 0x80) ? " (core dumped)" : "");
	} else if (sig == SIGINT && interactive) {
		/* as bash: a foreground job killed by SIGINT interrupts the shell too */
		sh_intr = 1;
	}
	return 128 + sig;
}

/*
 * Children of init. As pid 1 the shell waits for any child, so that the
 * orphans the kernel reparents to it are reaped as they die, as Linux's
 * init reaps them. Its own children are told from orphans by this table
 * of the pids it forked, where a status reaped early waits until
 * wait_pid asks for it (busybox ash keeps its job table for the same).
 */
#define MAX_KIDS 64
static struct kid { pid_t pid; int done, st; } kids[MAX_KIDS];

static struct kid *find_kid(pid_t pid)
{
	for (int i = 0; i < MAX_KIDS; i++)
		if (kids[i].pid == pid)
			return &kids[i];
	return 0;
}

static pid_t sh_fork(void)
{
	pid_t pid = fork();
	struct kid *k;
	if (pid == 0)
		memset(kids, 0, sizeof(kids));
	else if (pid > 0 && getpid() == 1 && (k = find_kid(0)))
		*k = (struct kid){ pid, 0, 0 };
	return pid;
}

/* a child reaped while waiting for another: kept for whoever waits for it */
void kid_reaped(pid_t pid, int st)
{
	struct kid *o = find_kid(pid);	/* else an orphan, now reaped */
	if (o)
		*o = (struct kid){ pid, 1, st };
}

/* a background job's processes are the job table's to wait for */
static void kid_forget(pid_t pid)
{
	struct kid *k = find_kid(pid);
	if (k && pid)
		k->pid = 0;
}

static int wait_pid(pid_t pid)
{
	int init = getpid() == 1, st;
	struct kid *k = init ? find_kid(pid) : 0;
	if (job_control) {
		/* a foreground process may stop (^Z): it becomes a job */
		while (waitpid(pid, &st, WUNTRACED) < 0)
			if (errno != EINTR)
				return 127;
		if (WIFSTOPPED(st)) {
			fg_note_stop(pid, st);
			return 128 + WSTOPSIG(st);
		}
		return wait_status(st);
	}
	for (;;) {
		pid_t r;
		if (k && k->done) {
			st = k->st;
			k->pid = 0;
			return wait_status(st);
		}
		r = waitpid(init ? -1 : pid, &st, 0);
		if (r == pid) {
			if (k)
				k->pid = 0;
			return wait_status(st);
		}
		if (r > 0) {
			if (!job_reaped(r, st))
				kid_reaped(r, st);
		} else if (r < 0 && errno != EINTR) {
			return 127;
		}
	}
}

static void child_signals(void)
{
	if (interactive) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
	}
	jc_default_signals();
}

/*
 * 0 when path is a regular file we may execute, else the errno that says
 * why not (as dash's PATH search: ENOENT and ENOTDIR mean "try the next
 * directory", anything else, ENOMEM say, is remembered and reported).
 */
static int exec_file_error(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return errno;
	if (!S_ISREG(st.st_mode))
		return ENOENT;	/* a directory of that name: skipped, as dash does */
	return access(path, X_OK) < 0 ? errno : 0;
}

/* In a child (or for exec): run argv[0] with argv, never returns. */
static void exec_external(char **argv, int argc, char **assigns, int nassigns)
{
	char **env = build_env(assigns, nassigns);
	const char *cmd = argv[0];
	char *path = 0;
	int err = ENOENT;
	if (strchr(cmd, '/')) {
		path = (char *)cmd;
	} else {
		const char *p = getvar("PATH");
		if (!p)
			p = "/bin:/sbin:/usr/bin:/usr/sbin";
		while (p) {
			const char *e = strchr(p, ':');
			size_t dl = e ? (size_t)(e - p) : strlen(p);
			struct str b = { 0 };
			str_add(&b, dl ? p : ".", dl ? dl : 1);
			str_addc(&b, '/');
			str_adds(&b, cmd);
			int why = exec_file_error(b.s);
			if (!why) {
				path = b.s;
				break;
			}
			if (why != ENOENT && why != ENOTDIR && err == ENOENT)
				err = why;
			free(b.s);
			p = e ? e + 1 : 0;
		}
		if (!path) {
			if (err == ENOENT) {
				sh_err("%s: not found", cmd);
				exit_child(127);
			}
			sh_err("%s: %s", cmd, strerror(err));
			exit_child(126);
		}
	}
	execve(path, argv, env);
	err = errno;
	if (err == ENOEXEC) {
		/* no #! line: a shell script */
		arg0 = path;
		posv = argv + 1;
		posc = argc - 1;
		for (int i = 0; i < nassigns; i++) {
			char *eq = strchr(assigns[i], '=');
			*eq = 0;
			setvar(assigns[i], eq + 1, 1);
		}
		interactive = 0;
		jc_subshell();
		exit_child(run_file(path));
	}
	if (err == ENOENT) {
		sh_err("%s: not found", cmd);
		exit_child(127);
	}
	sh_err("%s: %s", cmd, strerror(err));
	exit_child(126);
}

/* ---------------- simple commands ---------------- */

static void trace(struct strv *asg, struct strv *args)
{
	struct str b = { 0 };
	str_adds(&b, "+");
	for (int i = 0; i < asg->n; i++) {
		str_addc(&b, ' ');
		str_adds(&b, asg->v[i]);
	}
	for (int i = 0; i < args->n; i++) {
		str_addc(&b, ' ');
		str_adds(&b, args->v[i]);
	}
	str_addc(&b, '\n');
	write(2, b.s, b.len);
	free(b.s);
}

static int exec_simple(struct node *n, int flags)
{
	struct strv args = { 0 }, asg = { 0 };
	int st = 0, sig;
	subst_status = 0;
	for (int i = 0; i < n->nwords; i++)
		expand_word(n->words[i], EXP_FIELDS, &args);
	for (int i = 0; i < n->nassigns; i++) {
		const char *eq = strchr(n->assigns[i], '=');
		char *val = expand_str(eq + 1, 0);
		struct str b = { 0 };
		str_add(&b, n->assigns[i], eq - n->assigns[i] + 1);
		str_adds(&b, val);
		free(val);
		strv_push(&asg, str_take(&b));
	}
	if (opt_x)
		trace(&asg, &args);
	if (args.n == 0) {
		for (int i = 0; i < asg.n; i++) {
			char *eq = strchr(asg.v[i], '=');
			*eq = 0;
			setvar(asg.v[i], eq + 1, 0);
			*eq = '=';
		}
		struct fdsave sv = { .n = 0 };
		int r = apply_redirs(n->redirs, &sv);
		restore_fds(&sv);
		st = r < 0 ? 1 : subst_status;
		goto out;
	}
	const char *name = args.v[0];
	struct node *fn = find_func(name);
	builtin_fn bi = fn ? 0 : find_builtin(name);
	if (fn || bi) {
		struct fdsave sv = { .n = 0 };
		int is_exec = bi && strcmp(name, "exec") == 0;
		if (is_exec && args.n == 1) {
			st = apply_redirs(n->redirs, 0) < 0 ? 1 : 0;
			goto out;
		}
		if (apply_redirs(n->redirs, is_exec ? 0 : &sv) < 0) {
			restore_fds(&sv);
			st = 1;
			goto out;
		}
		if (is_exec) {
			child_signals();
			fflush(0);
			exec_external(args.v + 1, args.n - 1, asg.v, asg.n);
		}
		/* prefix assignments hold for the duration of the command */
		char **oldv = calloc(asg.n + 1, sizeof(char *));
		for (int i = 0; i < asg.n; i++) {
			char *eq = strchr(asg.v[i], '=');
			*eq = 0;
			const char *o = getvar(asg.v[i]);
			oldv[i] = o ? strdup(o) : 0;
			setvar(asg.v[i], eq + 1, 0);
		}
		if (fn) {
			char **sv_posv = posv;
			int sv_posc = posc;
			posv = args.v + 1;
			posc = args.n - 1;
			in_func++;
			st = exec_node(fn, 0);
			in_func--;
			ret_flag = 0;
			posv = sv_posv;
			posc = sv_posc;
		} else {
			st = bi(args.n, args.v);
			fflush(stdout);
		}
		for (int i = 0; i < asg.n; i++) {
			if (oldv[i])
				setvar(asg.v[i], oldv[i], 0);
			else
				unsetvar(asg.v[i]);
			free(oldv[i]);
			asg.v[i][strlen(asg.v[i])] = '=';
		}
		free(oldv);
		restore_fds(&sv);
		goto out;
	}
	if (flags & EX_NOFORK) {
		child_signals();
		if (apply_redirs(n->redirs, 0) < 0)
			exit_child(1);
		exec_external(args.v, args.n, asg.v, asg.n);
	}
	fflush(0);
	pid_t pid = sh_fork();
	if (pid < 0) {
		sh_err("fork: %s", strerror(errno));
		st = 2;
		goto out;
	}
	if (pid == 0) {
		jc_child(0);
		child_signals();
		if (apply_redirs(n->redirs, 0) < 0)
			exit_child(1);
		exec_external(args.v, args.n, asg.v, asg.n);
	}
	jc_parent(pid, pid, 1);
	fg_begin(&pid, &n, 1);
	st = wait_pid(pid);
	if ((sig = fg_stopped()))
		st = 128 + sig;
out:
	strv_free(&args);
	strv_free(&asg);
	return st;
}

/*
 * A background job without job control reads /dev/null and ignores ^C, as
 * bash's; with job control it keeps the terminal, in its own process group,
 * so that reading it stops the job (SIGTTIN) until fg.
 */
static void async_child(void)
{
	if (job_control) {
		child_signals();	/* its own group: ^C reaches it only in the foreground */
		interactive = 0;
		return;
	}
	interactive = 0;
	int fd = open("/dev/null", O_RDONLY);
	if (fd >= 0 && fd != 0) {
		dup2(fd, 0);
		close(fd);
	}
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
}

/* Starts every process of a pipeline; the number started, or -1. */
static int start_pipe(struct node *n, pid_t *pids, int async)
{
	int in = -1;
	pid_t pgid = 0;
	fflush(0);
	for (int i = 0; i < n->n; i++) {
		int p[2] = { -1, -1 };
		if (i < n->n - 1 && pipe(p) < 0) {
			sh_err("pipe: %s", strerror(errno));
			if (in >= 0)
				close(in);
			return i ? i : -1;
		}
		if (!i)
			job_poll();	/* a `jobs` in the pipeline sees what has finished */
		pid_t pid = sh_fork();
		if (pid == 0) {
			jc_child(async ? -pgid - 1 : pgid);
			if (async)
				async_child();
			jc_subshell();
			if (in >= 0) {
				dup2(in, 0);
				close(in);
			}
			if (p[1] >= 0) {
				dup2(p[1], 1);
				close(p[1]);
				close(p[0]);
			}
			exit_child(exec_node(n->list[i], EX_NOFORK));
		}
		pids[i] = pid;
		if (!pgid)
			pgid = pid;
		jc_parent(pid, pgid, !async);
		if (in >= 0)
			close(in);
		if (p[1] >= 0)
			close(p[1]);
		in = p[0];
	}
	return n->n;
}

static int exec_pipe(struct node *n)
{
	pid_t pids[64];
	int np = n->n <= 64 ? start_pipe(n, pids, 0) : -1;
	if (np < 0)
		return 2;
	fg_begin(pids, n->list, np);
	int st = 0;
	for (int i = 0; i < np; i++) {
		int s = pids[i] > 0 ? wait_pid(pids[i]) : 127;
		/* set -o pipefail: the last command that failed, else 0 */
		if (i == np - 1 ? !opt_pipefail || s : opt_pipefail && s)
			st = s;
	}
	int sig = fg_stopped();
	if (sig)
		st = 128 + sig;
	return st;
}

#define CTL() (brk_count || cont_count || ret_flag || sh_intr)

static int exec_compound(struct node *n, int flags)
{
	int st = 0;
	switch (n->type) {
	case N_IF:
		cond_depth++;
		st = exec_node(n->a, 0);
		cond_depth--;
		if (CTL())
			return st;
		if (st == 0)
			return exec_node(n->b, flags);
		if (n->c)
			return exec_node(n->c, flags);
		return 0;
	case N_WHILE:
	case N_UNTIL:
		loop_depth++;
		for (;;) {
			cond_depth++;
			int c = exec_node(n->a, 0);
			cond_depth--;
			if (brk_count) {
				brk_count--;
				break;
			}
			if (ret_flag || sh_intr)
				break;
			if ((c == 0) != (n->type == N_WHILE))
				break;
			st = exec_node(n->b, 0);
			if (brk_count) {
				brk_count--;
				break;
			}
			if (cont_count && --cont_count)
				break;
			if (ret_flag || sh_intr)
				break;
		}
		loop_depth--;
		return st;
	case N_FOR: {
		struct strv items = { 0 };
		if (n->has_in) {
			for (int i = 0; i < n->nwords; i++)
				expand_word(n->words[i], EXP_FIELDS, &items);
		} else {
			for (int i = 0; i < posc; i++)
				strv_push(&items, strdup(posv[i]));
		}
		loop_depth++;
		for (int i = 0; i < items.n; i++) {
			setvar(n->name, items.v[i], 0);
			st = exec_node(n->b, 0);
			if (brk_count) {
				brk_count--;
				break;
			}
			if (cont_count && --cont_count)
				break;
			if (ret_flag || sh_intr)
				break;
		}
		loop_depth--;
		strv_free(&items);
		return st;
	}
	case N_CASE: {
		char *w = expand_str(n->name, 0);
		for (struct caseitem *ci = n->items; ci; ci = ci->next) {
			for (int i = 0; i < ci->npats; i++) {
				char *pat = expand_str(ci->pats[i], EXP_PATTERN);
				int m = fnmatch_sh(pat, w);
				free(pat);
				if (m) {
					free(w);
					return ci->body ? exec_node(ci->body, flags) : 0;
				}
			}
		}
		free(w);
		return 0;
	}
	case N_GROUP:
		return exec_node(n->a, flags);
	}
	return 0;
}

/* cutime and cstime (fields 16 and 17 of /proc/self/stat), in USER_HZ ticks */
static void child_times(unsigned long t[2])
{
	char buf[1024];
	int fd = open("/proc/self/stat", O_RDONLY), len;
	t[0] = t[1] = 0;
	if (fd < 0)
		return;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return;
	buf[len] = 0;
	char *p = strrchr(buf, ')');
	for (int f = 2; p && *p && f < 16; f++)
		p = strchr(p + 1, ' ');
	if (p) {
		t[0] = strtoul(p, &p, 10);
		t[1] = strtoul(p, &p, 10);
	}
}

int exec_node(struct node *n, int flags)
{
	int st = 0;
	if (!n)
		return 0;
	switch (n->type) {
	case N_SEQ:
		for (; n; n = n->b) {
			st = exec_node(n->a, n->b ? 0 : flags);
			run_pending_traps();
			if (CTL())
				break;
		}
		return st;
	case N_TIME: {
		/* bash's report: wall time, and the CPU time of the children waited for meanwhile */
		struct timespec t0, t1;
		unsigned long c0[2], c1[2];
		child_times(c0);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		st = exec_node(n->a, flags & ~EX_NOFORK);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		child_times(c1);
		long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		long u = (c1[0] - c0[0]) * 10, sy = (c1[1] - c0[1]) * 10;	/* USER_HZ ticks to ms */
		fflush(0);
		if (n->has_in)
			dprintf(2, "real %ld.%02ld\nuser %ld.%02ld\nsys %ld.%02ld\n", ms / 1000, ms % 1000 / 10, u / 1000,
				u % 1000 / 10, sy / 1000, sy % 1000 / 10);
		else
			dprintf(2, "\nreal\t%ldm%ld.%03lds\nuser\t%ldm%ld.%03lds\nsys\t%ldm%ld.%03lds\n", ms / 60000, ms / 1000 % 60,
				ms % 1000, u / 60000, u / 1000 % 60, u % 1000, sy / 60000, sy / 1000 % 60, sy % 1000);
		last_status = st;
		return st;
	}
	case N_AND:
	case N_OR:
		cond_depth++;
		st = exec_node(n->a, 0);
		cond_depth--;
		if (!CTL() && ((st == 0) == (n->type == N_AND)))
			st = exec_node(n->b, flags);
		last_status = st;
		return st;
	case N_NOT:
		cond_depth++;
		st = !exec_node(n->a, flags & ~EX_NOFORK);
		cond_depth--;
		last_status = st;
		return st;
	case N_BG: {
		/* a job: a pipeline's processes are its own, anything else runs in one subshell */
		pid_t pids[64];
		struct node **cmds = &n->a;
		int np = 1;
		fflush(0);
		if (n->a->type == N_PIPE && n->a->n <= 64) {
			np = start_pipe(n->a, pids, 1);
			cmds = n->a->list;
		} else if ((pids[0] = sh_fork()) == 0) {
			jc_child(-1);
			async_child();
			jc_subshell();
			exit_child(exec_node(n->a, EX_NOFORK));
		} else {
			jc_parent(pids[0], pids[0], 0);
		}
		if (np < 0 || pids[0] < 0) {
			sh_err("fork: %s", strerror(errno));
			last_status = 2;
			return 2;
		}
		for (int i = 0; i < np; i++)
			kid_forget(pids[i]);
		last_bg = pids[np - 1];
		job_start(pids, cmds, np);
		last_status = 0;
		return 0;
	}
	case N_FUNC:
		define_func(n->name, n->a);
		last_status = 0;
		return 0;
	case N_CMD:
		st = exec_simple(n, flags);
		break;
	case N_PIPE:
		st = exec_pipe(n);
		break;
	case N_SUBSHELL:
		if (!(flags & EX_NOFORK)) {
			fflush(0);
			pid_t pid = sh_fork();
			if (pid == 0) {
				interactive = 0;
				jc_subshell();
				if (apply_redirs(n->redirs, 0) < 0)
					exit_child(1);
				exit_child(exec_node(n->a, EX_NOFORK));
			}
			st = wait_pid(pid);
		} else {
			if (apply_redirs(n->redirs, 0) < 0)
				exit_child(1);
			st = exec_node(n->a, EX_NOFORK);
		}
		break;
	default:
		if (n->redirs) {
			struct fdsave sv = { .n = 0 };
			if (apply_redirs(n->redirs, &sv) < 0)
				st = 1;
			else
				st = exec_compound(n, flags);
			restore_fds(&sv);
		} else {
			st = exec_compound(n, flags);
		}
		last_status = st;
		return st;
	}
	last_status = st;
	if (opt_e && st != 0 && cond_depth == 0 && !CTL())
		exit(st);
	return st;
}

/* ---------------- input loop ---------------- */

int run_source(struct source *s, int toplevel)
{
	for (;;) {
		job_notify();	/* before the prompt: "[1]+  Done ..." */
		if (s->pos >= s->len)
			s->pos = s->len = 0;
		struct arena *old = arena_push();
		struct node *n;
		int r = parse_one(s, &n);
		if (r == PARSE_EOF) {
			arena_pop(old);
			break;
		}
		if (r == PARSE_INTR) {
			arena_pop(old);
			last_status = 130;
			continue;
		}
		if (r == PARSE_ERR) {
			arena_pop(old);
			last_status = 2;
			if (!s->interactive) {
				if (toplevel)
					exit(2);
				break;
			}
			continue;
		}
		if (s->interactive)
			sh_intr = 0;
		if (n)
			exec_node(n, 0);
		arena_pop(old);
		if (sh_intr) {
			if (!s->interactive)
				break;	/* a sourced file or eval: the interactive level handles it */
			/* the terminal echoed "^C" without a newline: end the line, as bash and dash do */
			dprintf(2, "\n");
			sh_intr = 0;
			last_status = 130;
		}
		if (!in_func)
			brk_count = cont_count = 0;
		if (ret_flag) {
			if (toplevel)
				ret_flag = 0;
			else
				break;
		}
	}
	return last_status;
}

int run_string(const char *str)
{
	struct source s = { 0 };
	s.buf = strdup(str);
	s.len = s.cap = strlen(str);
	s.fd = -1;
	int st = run_source(&s, 0);
	free(s.buf);
	return st;
}

int run_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		sh_err("%s: %s", path, strerror(errno));
		return errno == ENOENT ? 127 : 126;
	}
	struct str b = { 0 };
	char buf[4096];
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		str_add(&b, buf, n);
	close(fd);
	struct source s = { 0 };
	s.buf = b.s ? b.s : strdup("");
	s.len = s.cap = b.len;
	s.fd = -1;
	last_status = 0;
	int st = run_source(&s, 0);
	free(s.buf);
	return st;
}

int cmd_subst(const char *text, struct str *out)
{
	int p[2];
	if (pipe(p) < 0) {
		sh_err("pipe: %s", strerror(errno));
		return 2;
	}
	fflush(0);
	pid_t pid = sh_fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return 2;
	}
	if (pid == 0) {
		close(p[0]);
		if (p[1] != 1) {
			dup2(p[1], 1);
			close(p[1]);
		}
		interactive = 0;
		jc_subshell();
		exit_child(run_string(text));
	}
	close(p[1]);
	char buf[1024];
	ssize_t n;
	for (;;) {
		n = read(p[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		str_add(out, buf, n);
	}
	close(p[0]);
	return wait_pid(pid);
}
