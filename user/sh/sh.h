/* sh.h: the shell's shared types. */
#ifndef SH_H
#define SH_H
#include <stddef.h>
#include <sys/types.h>
#include <setjmp.h>

/* ---- arena: every node and word of one top-level command ---- */
void *salloc(size_t n);
char *sstrdup(const char *s, size_t n);
struct arena;
struct arena *arena_push(void);
void arena_pop(struct arena *saved);
void arena_keep(void);

/* ---- growable string and string vector (malloc) ---- */
struct str {
	char *s;
	size_t len, cap;
};
void str_addc(struct str *b, char c);
void str_add(struct str *b, const char *s, size_t n);
void str_adds(struct str *b, const char *s);
char *str_take(struct str *b); /* NUL-terminated, caller frees; b reset */
struct strv {
	char **v;
	int n, cap;
};
void strv_push(struct strv *v, char *s);
void strv_free(struct strv *v);

/* ---- input ---- */
struct source {
	char *buf;
	size_t len, cap, pos;
	int fd;			/* -1: everything is already in buf */
	int interactive;
	int eof;
	int ps2;
};

/* ---- syntax tree ---- */
enum {
	N_CMD, N_PIPE, N_AND, N_OR, N_SEQ, N_BG, N_NOT, N_IF, N_WHILE, N_UNTIL,
	N_FOR, N_CASE, N_SUBSHELL, N_GROUP, N_FUNC, N_TIME,
};
enum { R_IN, R_OUT, R_CLOBBER, R_APPEND, R_RDWR, R_DUPIN, R_DUPOUT, R_HEREDOC };

struct redir {
	int fd, type;
	char *word;	/* target word, or here-document body */
	int quoted;	/* here-document delimiter was quoted: no expansion */
	int strip;	/* <<- */
	char *delim;
	struct redir *next;
};

struct caseitem {
	char **pats;
	int npats;
	struct node *body;
	struct caseitem *next;
};

struct node {
	int type;
	struct node *a, *b, *c;
	char **words;
	int nwords;
	char **assigns;
	int nassigns;
	struct redir *redirs;
	char *name;
	struct caseitem *items;
	struct node **list;	/* N_PIPE */
	int n;
	int has_in;		/* N_FOR: "in" given */
};

/* parse.c */
#define PARSE_OK 0
#define PARSE_EOF 1
#define PARSE_ERR 2
#define PARSE_INTR 3	/* ^C at the prompt */
int parse_one(struct source *src, struct node **out);
int is_name(const char *s, size_t n);
int is_assignment(const char *w);

/* lineedit.c */
int le_usable(void);
int le_read(const char *prompt, struct str *dst);

/* expand.c */
#define EXP_FIELDS 1	/* field splitting and pathname expansion */
#define EXP_PATTERN 2	/* keep pattern characters of quoted text escaped */
#define EXP_HEREDOC 4
void expand_word(const char *w, int flags, struct strv *out);
char *expand_str(const char *w, int flags);
int fnmatch_sh(const char *pat, const char *s);
extern int subst_status;

/* var.c */
const char *getvar(const char *name);
void setvar(const char *name, const char *val, int exported);
void unsetvar(const char *name);
void exportvar(const char *name);
void import_env(char **envp);
char **build_env(char **extra, int nextra);
void print_exports(void);
extern char *arg0;
extern char **posv;
extern int posc;

/* exec.c */
#define EX_NOFORK 1	/* we are a child already: exec the last command in place */
int exec_node(struct node *n, int flags);
int run_source(struct source *src, int toplevel);
int run_string(const char *s);
int run_file(const char *path);
int cmd_subst(const char *text, struct str *out);
extern int last_status;
extern int shell_pid, last_bg;
extern int interactive;
extern int opt_e, opt_x, opt_pipefail;
/* trap.c */
int bi_trap(int argc, char **argv);
int sig_by_name(const char *s);
void run_pending_traps(void);
int trap_pending(void);
void sh_catch(int sig, void (*fn)(int));
void run_exit_trap(void);
extern int loop_depth, brk_count, cont_count, ret_flag, in_func, cond_depth;
extern volatile int sh_intr;	/* SIGINT arrived (interactive): abandon the command line */
extern const char *sh_name;
void sh_err(const char *fmt, ...);
int bi_printf(int argc, char **argv);	/* printf.c */
struct node *find_func(const char *name);
void define_func(const char *name, struct node *body);

/* jobs.c */
void job_start(pid_t *pids, struct node **cmds, int n);
int job_reaped(pid_t pid, int st);
void job_poll(void);
void job_notify(void);
int job_kill(const char *spec, int sig);
int bi_jobs(int argc, char **argv);
int bi_fg(int argc, char **argv);
int bi_bg(int argc, char **argv);
int bi_wait(int argc, char **argv);
void kid_reaped(pid_t pid, int st);	/* exec.c */
/* job control: an interactive shell on a terminal puts each job in its own process group */
extern int job_control;
extern pid_t shell_pgid;
void jc_init(void);
void jc_child(pid_t pgid);		/* in a new child: its group, the terminal if foreground */
void jc_subshell(void);			/* in a child that goes on running shell code: no job control */
void jc_default_signals(void);		/* in a child: SIGTSTP, SIGTTIN, SIGTTOU back to SIG_DFL under job control */
void jc_parent(pid_t pid, pid_t pgid, int fg);
void jc_foreground(pid_t pgid);		/* the terminal to pgid, 0: back to the shell */
void fg_begin(pid_t *pids, struct node **cmds, int n);
int fg_stopped(void);			/* after the waits: the signal that stopped the foreground job (now a job), or 0 */
void fg_note_stop(pid_t pid, int st);

/* builtin.c */
typedef int (*builtin_fn)(int argc, char **argv);
builtin_fn find_builtin(const char *name);
long arith_eval(const char *expr, int *err);
#endif
