/* builtin.c: builtin commands, test/[ and arithmetic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "sh.h"

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= w;
	}
	return 0;
}

static int bi_true(int argc, char **argv) { return 0; }
static int bi_false(int argc, char **argv) { return 1; }

static int bi_echo(int argc, char **argv)
{
	int nl = 1, esc = 0, i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *p = argv[i] + 1;
		if (strspn(p, "neE") != strlen(p))
			break;
		for (; *p; p++) {
			if (*p == 'n') nl = 0;
			else if (*p == 'e') esc = 1;
			else esc = 0;
		}
	}
	struct str b = { 0 };
	for (int first = i; i < argc; i++) {
		if (i > first)
			str_addc(&b, ' ');
		if (!esc) {
			str_adds(&b, argv[i]);
			continue;
		}
		for (const char *p = argv[i]; *p; p++) {
			if (*p != '\\' || !p[1]) {
				str_addc(&b, *p);
				continue;
			}
			switch (*++p) {
			case 'n': str_addc(&b, '\n'); break;
			case 't': str_addc(&b, '\t'); break;
			case 'r': str_addc(&b, '\r'); break;
			case 'a': str_addc(&b, '\a'); break;
			case 'b': str_addc(&b, '\b'); break;
			case 'e': str_addc(&b, 27); break;
			case 'f': str_addc(&b, '\f'); break;
			case 'v': str_addc(&b, '\v'); break;
			case '\\': str_addc(&b, '\\'); break;
			case 'c': nl = 0; goto done;
			case '0': {
				int v = 0, k = 0;
				while (k < 3 && p[1] >= '0' && p[1] <= '7') {
					v = v * 8 + (*++p - '0');
					k++;
				}
				str_addc(&b, (char)v);
				break;
			}
			default: str_addc(&b, '\\'); str_addc(&b, *p); break;
			}
		}
	}
done:
	if (nl)
		str_addc(&b, '\n');
	int r = b.len ? write_all(1, b.s, b.len) : 0;
	free(b.s);
	if (r < 0) {
		sh_err("echo: write error: %s", strerror(errno));
		return 1;
	}
	return 0;
}

static int bi_pwd(int argc, char **argv)
{
	char buf[4096];
	if (!getcwd(buf, sizeof(buf))) {
		sh_err("pwd: %s", strerror(errno));
		return 1;
	}
	strcat(buf, "\n");
	if (write_all(1, buf, strlen(buf)) < 0) {
		sh_err("pwd: write error: %s", strerror(errno));
		return 1;
	}
	return 0;
}

static int bi_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getvar("HOME");
	int print = 0;
	if (!dir) {
		sh_err("cd: HOME not set");
		return 1;
	}
	if (strcmp(dir, "-") == 0) {
		dir = getvar("OLDPWD");
		if (!dir) {
			sh_err("cd: OLDPWD not set");
			return 1;
		}
		print = 1;
	}
	char old[4096];
	if (!getcwd(old, sizeof(old)))
		old[0] = 0;
	if (chdir(dir) < 0) {
		sh_err("cd: %s: %s", dir, strerror(errno));
		return 1;
	}
	char cwd[4096];
	setvar("OLDPWD", old, 0);
	if (getcwd(cwd, sizeof(cwd))) {
		setvar("PWD", cwd, 0);
		if (print)
			dprintf(1, "%s\n", cwd);
	}
	return 0;
}

static int parse_num(const char *s, long *v)
{
	char *end;
	if (!*s)
		return -1;
	*v = strtol(s, &end, 10);
	return *end ? -1 : 0;
}

static int bi_exit(int argc, char **argv)
{
	long st = last_status;
	if (argc > 1 && parse_num(argv[1], &st) < 0) {
		sh_err("exit: %s: numeric argument required", argv[1]);
		st = 2;
	}
	exit((int)(st & 255));
}

static int bi_export(int argc, char **argv)
{
	if (argc == 1 || (argc == 2 && strcmp(argv[1], "-p") == 0)) {
		print_exports();
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (eq) {
			*eq = 0;
			if (!is_name(argv[i], strlen(argv[i]))) {
				*eq = '=';
				sh_err("export: %s: bad variable name", argv[i]);
				return 1;
			}
			setvar(argv[i], eq + 1, 1);
			*eq = '=';
		} else {
			exportvar(argv[i]);
		}
	}
	return 0;
}

static int bi_unset(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (argv[i][0] != '-')
			unsetvar(argv[i]);
	return 0;
}

static int bi_read(int argc, char **argv)
{
	int raw = 0, i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-r") == 0)
			raw = 1;
		else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) {
			i++;
			write(2, argv[i], strlen(argv[i]));
		}
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
	}
	struct str line = { 0 };
	int got_nl = 0, any = 0;
	for (;;) {
		char c;
		ssize_t n = read(0, &c, 1);
		if (n < 0 && errno == EINTR) {
			run_pending_traps();	/* as bash: the trap runs, the read goes on */
			continue;
		}
		if (n <= 0)
			break;
		any = 1;
		if (c == '\n') {
			got_nl = 1;
			break;
		}
		if (c == '\\' && !raw) {
			n = read(0, &c, 1);
			if (n <= 0)
				break;
			if (c == '\n')
				continue;
			str_addc(&line, '\\'); /* marks an escaped char */
		}
		str_addc(&line, c);
	}
	const char *ifs = getvar("IFS");
	if (!ifs)
		ifs = " \t\n";
	char *s = line.s ? line.s : "";
	int nvars = argc - i;
	char **names = argv + i;
	const char *def[] = { "REPLY" };
	if (nvars == 0) {
		names = (char **)def;
		nvars = 1;
	}
	char *p = s;
	for (int v = 0; v < nvars; v++) {
		struct str val = { 0 };
		while (*p && strchr(ifs, *p) && strchr(" \t\n", *p))
			p++;
		if (v == nvars - 1) {
			/* the rest of the line, trailing IFS whitespace removed */
			char *start = p;
			size_t len = 0, keep = 0;
			for (char *q = start; *q; q++) {
				if (*q == '\\' && !raw && q[1]) {
					str_addc(&val, *++q);
					keep = val.len;
					continue;
				}
				str_addc(&val, *q);
				if (!(strchr(ifs, *q) && strchr(" \t\n", *q)))
					keep = val.len;
			}
			(void)len;
			if (val.s)
				val.s[keep] = 0;
		} else {
			while (*p && !strchr(ifs, *p)) {
				if (*p == '\\' && !raw && p[1])
					p++;
				str_addc(&val, *p++);
			}
			if (*p && !strchr(" \t\n", *p))
				p++;
		}
		setvar(names[v], val.s ? val.s : "", 0);
		free(val.s);
	}
	free(line.s);
	return (got_nl || any) && got_nl ? 0 : 1;
}

/* ---------------- test ---------------- */

static char **targ;
static int tn, ti, terr;

static long tnum(const char *s)
{
	char *end;
	while (*s == ' ' || *s == '\t')
		s++;
	long v = strtol(s, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (!*s || *end) {
		if (!terr)
			sh_err("test: %s: integer expression expected", s);
		terr = 2;
	}
	return v;
}

static int t_or(void);

static int t_primary(void)
{
	if (ti >= tn) {
		terr = 2;
		return 0;
	}
	const char *a = targ[ti];
	if (strcmp(a, "!") == 0 && ti + 1 < tn) {
		ti++;
		return !t_primary();
	}
	if (strcmp(a, "(") == 0 && ti + 2 < tn) {
		ti++;
		int r = t_or();
		if (ti < tn && strcmp(targ[ti], ")") == 0)
			ti++;
		else
			terr = 2;
		return r;
	}
	if (ti + 2 < tn || (ti + 2 == tn - 0 && 0)) {
		const char *op = targ[ti + 1], *b = targ[ti + 2];
		static const char *const bins[] = { "=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", 0 };
		for (int k = 0; bins[k]; k++) {
			if (strcmp(op, bins[k]) != 0)
				continue;
			ti += 3;
			switch (k) {
			case 0: case 1: return strcmp(a, b) == 0;
			case 2: return strcmp(a, b) != 0;
			case 3: return strcmp(a, b) < 0;
			case 4: return strcmp(a, b) > 0;
			case 5: return tnum(a) == tnum(b);
			case 6: return tnum(a) != tnum(b);
			case 7: return tnum(a) < tnum(b);
			case 8: return tnum(a) <= tnum(b);
			case 9: return tnum(a) > tnum(b);
			case 10: return tnum(a) >= tnum(b);
			default: {
				struct stat sa, sb;
				int ha = stat(a, &sa) == 0, hb = stat(b, &sb) == 0;
				if (k == 11)
					return ha && (!hb || sa.st_mtime > sb.st_mtime);
				return hb && (!ha || sa.st_mtime < sb.st_mtime);
			}
			}
		}
	}
	if (a[0] == '-' && a[1] && !a[2] && strchr("efdrwxszLhbcpSnt", a[1]) && ti + 1 < tn) {
		const char *f = targ[ti + 1];
		struct stat st;
		ti += 2;
		switch (a[1]) {
		case 'z': return !*f;
		case 'n': return *f != 0;
		case 't': return isatty(atoi(f));
		case 'L':
		case 'h': return lstat(f, &st) == 0 && S_ISLNK(st.st_mode);
		case 'r': return access(f, R_OK) == 0;
		case 'w': return access(f, W_OK) == 0;
		case 'x': return access(f, X_OK) == 0;
		}
		if (stat(f, &st) < 0)
			return 0;
		switch (a[1]) {
		case 'e': return 1;
		case 'f': return S_ISREG(st.st_mode);
		case 'd': return S_ISDIR(st.st_mode);
		case 's': return st.st_size > 0;
		case 'b': return S_ISBLK(st.st_mode);
		case 'c': return S_ISCHR(st.st_mode);
		case 'p': return S_ISFIFO(st.st_mode);
		case 'S': return S_ISSOCK(st.st_mode);
		}
		return 0;
	}
	ti++;
	return a[0] != 0;
}

static int t_and(void)
{
	int r = t_primary();
	while (ti < tn && strcmp(targ[ti], "-a") == 0) {
		ti++;
		int s = t_primary();
		r = r && s;
	}
	return r;
}

static int t_or(void)
{
	int r = t_and();
	while (ti < tn && strcmp(targ[ti], "-o") == 0) {
		ti++;
		int s = t_and();
		r = r || s;
	}
	return r;
}

static int bi_test(int argc, char **argv)
{
	if (strcmp(argv[0], "[") == 0) {
		if (strcmp(argv[argc - 1], "]") != 0) {
			sh_err("[: missing ]");
			return 2;
		}
		argc--;
	}
	targ = argv + 1;
	tn = argc - 1;
	ti = 0;
	terr = 0;
	if (tn == 0)
		return 1;
	int r = t_or();
	if (!terr && ti < tn) {
		sh_err("%s: %s: unexpected operator", argv[0], targ[ti]);
		terr = 2;
	}
	if (terr)
		return 2;
	return !r;
}

/* ---------------- arithmetic ---------------- */

static const char *ap;
static int aerr;

static void ws(void)
{
	while (*ap == ' ' || *ap == '\t' || *ap == '\n')
		ap++;
}

static long a_or(void);

/*
 * Arithmetic is bash's: 64-bit two's complement that wraps (never
 * saturates), literals included, so $((0xffff888007fee048+4)) is
 * -131391505375156; shift counts are taken mod 64, LONG_MIN / -1 is
 * LONG_MIN. Literals: decimal, 0x hex, 0 octal, base#digits (2..64).
 */
static long a_number(const char **pp)
{
	const char *p = *pp;
	unsigned long v = 0, base = 10;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
	} else {
		const char *q = p;
		unsigned long b = 0;
		while (*q >= '0' && *q <= '9')
			b = b * 10 + (*q++ - '0');
		if (*q == '#') {
			if (b < 2 || b > 64)
				aerr = 1;
			base = b;
			p = q + 1;
		}
	}
	for (;; p++) {
		unsigned long d;
		int c = (unsigned char)*p;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'z')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'Z')
			d = c - 'A' + (base > 36 ? 36 : 10);
		else if (c == '@' && base > 36)
			d = 62;
		else if (c == '_' && base > 36)
			d = 63;
		else
			break;
		if (d >= base)
			aerr = 1;	/* value too great for base */
		v = v * base + d;
	}
	*pp = p;
	return (long)v;
}

/* v op r with wrap-around: the C operators on signed values would overflow. */
static long a_binop(int op, long v, long r)
{
	unsigned long a = (unsigned long)v, b = (unsigned long)r;
	switch (op) {
	case '+': return (long)(a + b);
	case '-': return (long)(a - b);
	case '*': return (long)(a * b);
	case '<': return (long)(a << (b & 63));
	case '>': return v >> (b & 63);
	case '/': case '%':
		if (!r) {
			aerr = 1;
			return 0;
		}
		if (r == -1)
			return op == '/' ? (long)(0UL - a) : 0;
		return op == '/' ? v / r : v % r;
	}
	return 0;
}

static long a_primary(void)
{
	ws();
	if (*ap == '(') {
		ap++;
		long v = a_or();
		ws();
		if (*ap == ')')
			ap++;
		else
			aerr = 1;
		return v;
	}
	if (*ap >= '0' && *ap <= '9')
		return a_number(&ap);
	const char *s = ap;
	while (*ap == '_' || (*ap >= 'a' && *ap <= 'z') || (*ap >= 'A' && *ap <= 'Z') || (ap > s && *ap >= '0' && *ap <= '9'))
		ap++;
	if (ap == s) {
		aerr = 1;
		return 0;
	}
	char *name = strndup(s, ap - s);
	const char *val = getvar(name);
	const char *vp = val;
	long v = val && *val ? a_number(&vp) : 0;
	ws();
	char op = 0;
	if (ap[0] == '=' && ap[1] != '=')
		op = '=';
	else if (strchr("+-*/%", ap[0]) && ap[0] && ap[1] == '=')
		op = *ap++;
	if (op) {
		ap++;
		long r = a_or();
		v = op == '=' ? r : a_binop(op, v, r);
		char buf[32];
		snprintf(buf, sizeof(buf), "%ld", v);
		setvar(name, buf, 0);
	}
	free(name);
	return v;
}

static long a_unary(void)
{
	ws();
	if (*ap == '-') { ap++; return a_binop('-', 0, a_unary()); }
	if (*ap == '+') { ap++; return a_unary(); }
	if (*ap == '!') { ap++; return !a_unary(); }
	if (*ap == '~') { ap++; return ~a_unary(); }
	return a_primary();
}

static long a_mul(void)
{
	long v = a_unary();
	for (;;) {
		ws();
		char c = *ap;
		if ((c != '*' && c != '/' && c != '%') || ap[1] == '=')
			return v;
		ap++;
		v = a_binop(c, v, a_unary());
	}
}

static long a_add(void)
{
	long v = a_mul();
	for (;;) {
		ws();
		char c = *ap;
		if ((c != '+' && c != '-') || ap[1] == '=')
			return v;
		ap++;
		v = a_binop(c, v, a_mul());
	}
}

static long a_shift(void)
{
	long v = a_add();
	for (;;) {
		ws();
		if (ap[0] == '<' && ap[1] == '<') { ap += 2; v = a_binop('<', v, a_add()); }
		else if (ap[0] == '>' && ap[1] == '>') { ap += 2; v = a_binop('>', v, a_add()); }
		else return v;
	}
}

static long a_rel(void)
{
	long v = a_shift();
	for (;;) {
		ws();
		if (ap[0] == '<' && ap[1] == '=') { ap += 2; v = v <= a_shift(); }
		else if (ap[0] == '>' && ap[1] == '=') { ap += 2; v = v >= a_shift(); }
		else if (ap[0] == '<' && ap[1] != '<') { ap++; v = v < a_shift(); }
		else if (ap[0] == '>' && ap[1] != '>') { ap++; v = v > a_shift(); }
		else return v;
	}
}

static long a_eq(void)
{
	long v = a_rel();
	for (;;) {
		ws();
		if (ap[0] == '=' && ap[1] == '=') { ap += 2; v = v == a_rel(); }
		else if (ap[0] == '!' && ap[1] == '=') { ap += 2; v = v != a_rel(); }
		else return v;
	}
}

static long a_band(void)
{
	long v = a_eq();
	for (;;) {
		ws();
		if (ap[0] == '&' && ap[1] != '&') { ap++; v &= a_eq(); }
		else return v;
	}
}

static long a_bxor(void)
{
	long v = a_band();
	for (;;) {
		ws();
		if (ap[0] == '^') { ap++; v ^= a_band(); }
		else return v;
	}
}

static long a_bor(void)
{
	long v = a_bxor();
	for (;;) {
		ws();
		if (ap[0] == '|' && ap[1] != '|') { ap++; v |= a_bxor(); }
		else return v;
	}
}

static long a_and(void)
{
	long v = a_bor();
	for (;;) {
		ws();
		if (ap[0] == '&' && ap[1] == '&') { ap += 2; long r = a_bor(); v = v && r; }
		else return v;
	}
}

static long a_or(void)
{
	long v = a_and();
	for (;;) {
		ws();
		if (ap[0] == '|' && ap[1] == '|') { ap += 2; long r = a_and(); v = v || r; }
		else return v;
	}
}

long arith_eval(const char *expr, int *err)
{
	ap = expr;
	aerr = 0;
	ws();
	long v = *ap ? a_or() : 0;
	ws();
	if (*ap)
		aerr = 1;
	*err = aerr;
	return aerr ? 0 : v;
}

/* ---------------- the rest ---------------- */

static int bi_set(int argc, char **argv)
{
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if ((a[0] != '-' && a[0] != '+') || !a[1])
			break;
		if (a[1] == 'o' && !a[2]) {
			/* set -o NAME / +o NAME; alone, the list as bash prints it */
			static const char *const onames[] = { "errexit", "pipefail", "xtrace" };
			int *const ovars[] = { &opt_e, &opt_pipefail, &opt_x };
			if (i + 1 >= argc) {
				for (int k = 0; k < 3; k++) {
					if (a[0] == '-')
						printf("%-15s\t%s\n", onames[k], *ovars[k] ? "on" : "off");
					else
						printf("set %co %s\n", *ovars[k] ? '-' : '+', onames[k]);
				}
				return 0;
			}
			const char *name = argv[++i];
			int k = 0;
			while (k < 3 && strcmp(name, onames[k]))
				k++;
			if (k == 3) {
				sh_err("set: %s: invalid option name", name);
				return 2;
			}
			*ovars[k] = a[0] == '-';
			continue;
		}
		for (const char *p = a + 1; *p; p++) {
			if (*p == 'e') opt_e = a[0] == '-';
			else if (*p == 'x') opt_x = a[0] == '-';
			else {
				sh_err("set: illegal option %c%c", a[0], *p);
				return 2;
			}
		}
	}
	if (i < argc || (argc > 1 && strcmp(argv[i - 1], "--") == 0)) {
		int n = argc - i;
		char **v = malloc((n + 1) * sizeof(char *));
		for (int k = 0; k < n; k++)
			v[k] = strdup(argv[i + k]);
		v[n] = 0;
		posv = v; /* the old vector is leaked deliberately: it may be a caller's */
		posc = n;
	}
	return 0;
}

static int bi_shift(int argc, char **argv)
{
	long n = 1;
	if (argc > 1 && parse_num(argv[1], &n) < 0)
		n = -1;
	if (n < 0 || n > posc) {
		sh_err("shift: can't shift that many");
		return 1;
	}
	posv += n;
	posc -= n;
	return 0;
}

static int bi_eval(int argc, char **argv)
{
	struct str b = { 0 };
	for (int i = 1; i < argc; i++) {
		if (i > 1)
			str_addc(&b, ' ');
		str_adds(&b, argv[i]);
	}
	int st = b.s ? run_string(b.s) : 0;
	free(b.s);
	return st;
}

static int bi_dot(int argc, char **argv)
{
	if (argc < 2) {
		sh_err("%s: filename argument required", argv[0]);
		return 2;
	}
	if (access(argv[1], R_OK) < 0) {
		sh_err("%s: %s: not found", argv[0], argv[1]);
		return 1;
	}
	return run_file(argv[1]);
}

static int loop_ctl(int argc, char **argv, int *counter)
{
	long n = 1;
	if (argc > 1 && (parse_num(argv[1], &n) < 0 || n < 1)) {
		sh_err("%s: Illegal number: %s", argv[0], argv[1]);
		return 1;
	}
	if (!loop_depth)
		return 0;
	*counter = n > loop_depth ? loop_depth : (int)n;
	return 0;
}

static int bi_break(int argc, char **argv) { return loop_ctl(argc, argv, &brk_count); }
static int bi_continue(int argc, char **argv) { return loop_ctl(argc, argv, &cont_count); }

static int bi_return(int argc, char **argv)
{
	long n = last_status;
	if (argc > 1 && parse_num(argv[1], &n) < 0) {
		sh_err("return: Illegal number: %s", argv[1]);
		n = 2;
	}
	ret_flag = 1;
	return (int)(n & 255);
}

static int bi_exec(int argc, char **argv) { return 0; /* handled in exec_simple */ }

static const char *path_lookup(const char *cmd, char *buf, size_t n)
{
	if (strchr(cmd, '/'))
		return access(cmd, X_OK) == 0 ? cmd : 0;
	const char *p = getvar("PATH");
	if (!p)
		p = "/bin:/sbin:/usr/bin:/usr/sbin";
	while (p) {
		const char *e = strchr(p, ':');
		int dl = e ? (int)(e - p) : (int)strlen(p);
		struct stat st;
		snprintf(buf, n, "%.*s/%s", dl, p, cmd);
		if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) && access(buf, X_OK) == 0)
			return buf;
		p = e ? e + 1 : 0;
	}
	return 0;
}

static int bi_command(int argc, char **argv)
{
	if (argc >= 3 && (strcmp(argv[1], "-v") == 0 || strcmp(argv[1], "-V") == 0)) {
		int st = 0;
		for (int i = 2; i < argc; i++) {
			char buf[4096];
			const char *p;
			if (find_func(argv[i]) || find_builtin(argv[i]))
				dprintf(1, "%s\n", argv[i]);
			else if ((p = path_lookup(argv[i], buf, sizeof(buf))))
				dprintf(1, "%s\n", p);
			else
				st = 1;
		}
		return st;
	}
	if (argc < 2)
		return 0;
	builtin_fn bi = find_builtin(argv[1]);
	if (bi)
		return bi(argc - 1, argv + 1);
	fflush(0);
	pid_t pid = fork();
	if (pid == 0) {
		char **env = build_env(0, 0);
		char buf[4096];
		const char *p = path_lookup(argv[1], buf, sizeof(buf));
		if (!p) {
			sh_err("%s: not found", argv[1]);
			_exit(127);
		}
		execve(p, argv + 1, env);
		sh_err("%s: %s", argv[1], strerror(errno));
		_exit(126);
	}
	int s;
	while (waitpid(pid, &s, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(s) ? WEXITSTATUS(s) : 128 + WTERMSIG(s);
}

static int bi_kill(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, st = 0;
	if (i < argc && argv[i][0] == '-' && argv[i][1]) {
		const char *s = argv[i] + 1;
		if (strcmp(s, "s") == 0 && i + 1 < argc)
			s = argv[++i];
		if (*s >= '0' && *s <= '9') {
			sig = atoi(s);
		} else {
			sig = sig_by_name(s);
			if (sig < 0) {
				sh_err("kill: invalid signal %s", s);
				return 2;
			}
		}
		i++;
	}
	for (; i < argc; i++) {
		if (argv[i][0] == '%') {
			if (job_kill(argv[i], sig) < 0)
				st = 1;
			continue;
		}
		if (kill(atoi(argv[i]), sig) < 0) {
			sh_err("kill: %s: %s", argv[i], strerror(errno));
			st = 1;
		}
	}
	return st;
}

static int bi_umask(int argc, char **argv)
{
	if (argc > 1) {
		umask((mode_t)strtol(argv[1], 0, 8));
		return 0;
	}
	mode_t m = umask(0);
	umask(m);
	dprintf(1, "%04o\n", m);
	return 0;
}

static const struct {
	const char *name;
	builtin_fn fn;
} builtins[] = {
	{ ":", bi_true }, { "true", bi_true }, { "false", bi_false }, { "echo", bi_echo }, { "printf", bi_printf },
	{ "pwd", bi_pwd }, { "cd", bi_cd }, { "exit", bi_exit }, { "export", bi_export },
	{ "unset", bi_unset }, { "read", bi_read }, { "test", bi_test }, { "[", bi_test },
	{ "set", bi_set }, { "shift", bi_shift }, { "eval", bi_eval }, { ".", bi_dot },
	{ "source", bi_dot }, { "break", bi_break }, { "continue", bi_continue },
	{ "return", bi_return }, { "wait", bi_wait }, { "exec", bi_exec },
	{ "command", bi_command }, { "kill", bi_kill }, { "umask", bi_umask }, { "trap", bi_trap },
	{ "jobs", bi_jobs }, { "fg", bi_fg }, { "bg", bi_bg },
};

builtin_fn find_builtin(const char *name)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (strcmp(builtins[i].name, name) == 0)
			return builtins[i].fn;
	return 0;
}
