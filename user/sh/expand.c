/*
 * expand.c: word expansion. A word is scanned once; text that came from
 * quotes or from an expansion is kept with pattern characters escaped, so
 * pathname expansion and case patterns see only the unquoted ones. Unquoted
 * expansion results are split on IFS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <sys/stat.h>
#include "sh.h"

int subst_status;

struct exp {
	struct str cur;
	int started, glob, flags;
	int ws_ended;	/* the last field ended at IFS white space: a following non-white IFS character joins that delimiter */
	struct strv *out;
};

static void add_q(struct exp *e, char c)
{
	if (c == '\\' || c == '*' || c == '?' || c == '[')
		str_addc(&e->cur, '\\');
	str_addc(&e->cur, c);
	e->started = 1;
	e->ws_ended = 0;
}

static void add_u(struct exp *e, char c)
{
	if (c == '*' || c == '?' || c == '[')
		e->glob = 1;
	str_addc(&e->cur, c);
	e->started = 1;
	e->ws_ended = 0;
}

static char *unescape(const char *s)
{
	char *r = malloc(strlen(s) + 1), *d = r;
	for (; *s; s++) {
		if (*s == '\\' && s[1])
			s++;
		*d++ = *s;
	}
	*d = 0;
	return r;
}

static int has_glob(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		else if (s[i] == '*' || s[i] == '?' || s[i] == '[')
			return 1;
	}
	return 0;
}

static int cmpstr(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

static void glob_rec(const char *dir, const char *pat, struct strv *res)
{
	const char *slash = strchr(pat, '/');
	size_t clen = slash ? (size_t)(slash - pat) : strlen(pat);
	char *comp = strndup(pat, clen);
	if (!has_glob(comp, clen)) {
		char *lit = unescape(comp);
		struct str p = { 0 };
		str_adds(&p, dir);
		str_adds(&p, lit);
		free(lit);
		struct stat st;
		if (slash) {
			str_addc(&p, '/');
			glob_rec(p.s, slash + 1, res);
		} else if (lstat(p.s, &st) == 0) {
			strv_push(res, str_take(&p));
		}
		free(p.s);
		free(comp);
		return;
	}
	DIR *d = opendir(*dir ? dir : ".");
	if (d) {
		struct dirent *de;
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.' && comp[0] != '.')
				continue;
			if (!fnmatch_sh(comp, de->d_name))
				continue;
			struct str p = { 0 };
			str_adds(&p, dir);
			str_adds(&p, de->d_name);
			if (slash) {
				struct stat st;
				if (stat(p.s, &st) == 0 && S_ISDIR(st.st_mode)) {
					str_addc(&p, '/');
					glob_rec(p.s, slash + 1, res);
				}
				free(p.s);
			} else {
				strv_push(res, str_take(&p));
			}
		}
		closedir(d);
	}
	free(comp);
}

static void end_field(struct exp *e)
{
	char *s = e->cur.s ? e->cur.s : "";
	if ((e->flags & EXP_FIELDS) && e->glob) {
		struct strv res = { 0 };
		if (*s == '/')
			glob_rec("/", s + 1, &res);
		else
			glob_rec("", s, &res);
		if (res.n) {
			qsort(res.v, res.n, sizeof(char *), cmpstr);
			for (int i = 0; i < res.n; i++)
				strv_push(e->out, res.v[i]);
			free(res.v);
			goto done;
		}
		free(res.v);
	}
	strv_push(e->out, (e->flags & EXP_PATTERN) ? strdup(s) : unescape(s));
done:
	free(e->cur.s);
	e->cur.s = 0;
	e->cur.len = e->cur.cap = 0;
	e->started = e->glob = 0;
}

static void add_exp(struct exp *e, const char *text, int quoted)
{
	if (quoted || !(e->flags & EXP_FIELDS)) {
		for (; *text; text++) {
			if ((e->flags & EXP_PATTERN) && !quoted)
				add_u(e, *text);
			else
				add_q(e, *text);
		}
		return;
	}
	const char *ifs = getvar("IFS");
	if (!ifs)
		ifs = " \t\n";
	for (; *text; text++) {
		if (strchr(ifs, *text) && *ifs) {
			/*
			 * IFS white space separates fields and is otherwise dropped;
			 * any other IFS character ends a field, an empty one too
			 * ("a::b" is a, "", b), together with white space around it.
			 */
			int ws = *text == ' ' || *text == '\t' || *text == '\n';
			if (e->started) {
				end_field(e);
				e->ws_ended = ws;
			} else if (!ws) {
				if (!e->ws_ended)
					strv_push(e->out, strdup(""));
				e->ws_ended = 0;
			}
		} else {
			add_q(e, *text);
		}
	}
}

/* Value of a parameter, malloc'd; NULL when unset. */
static char *param(const char *name, size_t n)
{
	char buf[32];
	if (n == 1) {
		switch (name[0]) {
		case '?': snprintf(buf, sizeof(buf), "%d", last_status); return strdup(buf);
		case '$': snprintf(buf, sizeof(buf), "%d", shell_pid); return strdup(buf);
		case '#': snprintf(buf, sizeof(buf), "%d", posc); return strdup(buf);
		case '!':
			if (!last_bg)
				return 0;
			snprintf(buf, sizeof(buf), "%d", last_bg);
			return strdup(buf);
		case '-': {
			char *p = buf;
			if (opt_e) *p++ = 'e';
			if (opt_x) *p++ = 'x';
			if (interactive) *p++ = 'i';
			*p = 0;
			return strdup(buf);
		}
		case '@':
		case '*': {
			struct str s = { 0 };
			for (int i = 0; i < posc; i++) {
				if (i)
					str_addc(&s, ' ');
				str_adds(&s, posv[i]);
			}
			return str_take(&s);
		}
		}
	}
	if (name[0] >= '0' && name[0] <= '9') {
		int i = atoi(name);
		if (i == 0)
			return strdup(arg0);
		return i <= posc ? strdup(posv[i - 1]) : 0;
	}
	char *nm = strndup(name, n);
	const char *v = getvar(nm);
	free(nm);
	return v ? strdup(v) : 0;
}

static const char *find_close(const char *p, char open, char close)
{
	int depth = 1;
	for (; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '\'') {
			const char *q = strchr(p + 1, '\'');
			if (q)
				p = q;
		} else if (*p == open) {
			depth++;
		} else if (*p == close) {
			if (--depth == 0)
				return p;
		}
	}
	return p;
}

static void run_subst(struct exp *e, const char *cmd, int quoted)
{
	struct str out = { 0 };
	subst_status = cmd_subst(cmd, &out);
	while (out.len && out.s[out.len - 1] == '\n')
		out.s[--out.len] = 0;
	add_exp(e, out.s ? out.s : "", quoted);
	free(out.s);
}

static int add_params_at(struct exp *e, int quoted)
{
	/* "$@": one field per positional parameter */
	for (int i = 0; i < posc; i++) {
		if (i)
			end_field(e);
		add_exp(e, posv[i], quoted);
		e->started = 1;
	}
	return 0;
}

/* p points just after '$'. Returns the position after the expansion. */
static const char *expand_dollar(struct exp *e, const char *p, int quoted)
{
	if (p[0] == '(' && p[1] == '(') {
		const char *end = find_close(p + 2, '(', ')');
		char *inner = strndup(p + 2, end - (p + 2));
		char *ex = expand_str(inner, 0);
		int err = 0;
		long v = arith_eval(ex, &err);
		char buf[32];
		if (err)
			sh_err("arithmetic expression: syntax error: \"%s\"", ex);
		snprintf(buf, sizeof(buf), "%ld", v);
		add_exp(e, buf, quoted);
		free(inner);
		free(ex);
		if (*end)
			end++;
		if (*end == ')')
			end++;
		return end;
	}
	if (p[0] == '(') {
		const char *end = find_close(p + 1, '(', ')');
		char *inner = strndup(p + 1, end - (p + 1));
		run_subst(e, inner, quoted);
		free(inner);
		return *end ? end + 1 : end;
	}
	if (p[0] == '{') {
		const char *end = find_close(p + 1, '{', '}');
		const char *q = p + 1;
		int length = 0;
		if (*q == '#' && q + 1 < end) {
			length = 1;
			q++;
		}
		const char *nm = q;
		if (strchr("?$#!@*-", *q) || (*q >= '0' && *q <= '9')) {
			q++;
			while (*nm >= '0' && *nm <= '9' && *q >= '0' && *q <= '9')
				q++;
		} else {
			while (q < end && (*q == '_' || (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9')))
				q++;
		}
		size_t nl = q - nm;
		if (nl == 0) {
			sh_err("%.*s: bad substitution", (int)(end - p + 2), p - 1);
			return *end ? end + 1 : end;
		}
		if (!length && nl == 1 && *nm == '@' && q == end && quoted) {
			add_params_at(e, quoted);
			return end + 1;
		}
		char *val = param(nm, nl);
		if (length) {
			char buf[32];
			snprintf(buf, sizeof(buf), "%zu", val ? strlen(val) : 0);
			add_exp(e, buf, quoted);
			free(val);
			return *end ? end + 1 : end;
		}
		int colon = 0;
		if (*q == ':' && q + 1 < end && strchr("-=+?", q[1])) {
			colon = 1;
			q++;
		}
		if (q < end) {
			char op = *q++;
			int twice = 0;
			if ((op == '%' || op == '#') && *q == op) {
				twice = 1;
				q++;
			}
			char *word = strndup(q, end - q);
			int unset = !val || (colon && !*val);
			if (op == '-' || op == '=') {
				if (unset) {
					free(val);
					val = expand_str(word, 0);
					if (op == '=') {
						char *n2 = strndup(nm, nl);
						setvar(n2, val, 0);
						free(n2);
					}
				}
			} else if (op == '+') {
				free(val);
				val = unset ? strdup("") : expand_str(word, 0);
			} else if (op == '?') {
				if (unset) {
					char *msg = expand_str(word, 0);
					sh_err("%.*s: %s", (int)nl, nm, *msg ? msg : "parameter not set");
					free(msg);
					if (!interactive)
						exit(2);
				}
			} else if (op == '%' || op == '#') {
				if (val) {
					char *pat = expand_str(word, EXP_PATTERN);
					size_t len = strlen(val);
					if (op == '%') {
						for (size_t k = 0; k <= len; k++) {
							size_t i = twice ? k : len - k;
							if (fnmatch_sh(pat, val + i)) {
								val[i] = 0;
								break;
							}
						}
					} else {
						for (size_t k = 0; k <= len; k++) {
							size_t i = twice ? len - k : k;
							char c = val[i];
							val[i] = 0;
							int m = fnmatch_sh(pat, val);
							val[i] = c;
							if (m) {
								memmove(val, val + i, len - i + 1);
								break;
							}
						}
					}
					free(pat);
				}
			}
			free(word);
		}
		if (val)
			add_exp(e, val, quoted);
		free(val);
		return *end ? end + 1 : end;
	}
	if (*p == '@' && quoted) {
		add_params_at(e, quoted);
		return p + 1;
	}
	if (*p && (strchr("?$#!@*-", *p) || (*p >= '0' && *p <= '9'))) {
		char *v = param(p, 1);
		if (v)
			add_exp(e, v, quoted);
		free(v);
		return p + 1;
	}
	const char *q = p;
	while (*q == '_' || (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (q > p && *q >= '0' && *q <= '9'))
		q++;
	if (q == p) {
		add_q(e, '$');
		return p;
	}
	char *v = param(p, q - p);
	if (v)
		add_exp(e, v, quoted);
	free(v);
	return q;
}

static const char *expand_bquote(struct exp *e, const char *p, int quoted)
{
	struct str cmd = { 0 };
	for (; *p && *p != '`'; p++) {
		if (*p == '\\' && (p[1] == '$' || p[1] == '`' || p[1] == '\\'))
			p++;
		str_addc(&cmd, *p);
	}
	run_subst(e, cmd.s ? cmd.s : "", quoted);
	free(cmd.s);
	return *p ? p + 1 : p;
}

/*
 * Text inside double quotes (up to `end`) or a here-document (end 0):
 * $ and ` expand, quoted; a backslash quotes only the characters in
 * `escapes` (and a backslash-newline disappears). Returns where it stopped.
 */
static const char *expand_quoted(struct exp *e, const char *p, char end, const char *escapes)
{
	while (*p && *p != end) {
		if (*p == '\\' && p[1] && strchr(escapes, p[1])) {
			if (p[1] != '\n')
				add_q(e, p[1]);
			p += 2;
		} else if (*p == '$') {
			p = expand_dollar(e, p + 1, 1);
		} else if (*p == '`') {
			p = expand_bquote(e, p + 1, 1);
		} else {
			add_q(e, *p++);
		}
	}
	return p;
}

static void expand_into(struct exp *e, const char *w)
{
	const char *p = w;
	if (e->flags & EXP_HEREDOC) {
		expand_quoted(e, p, 0, "$`\\\n");
		return;
	}
	if (*p == '~' && (p[1] == '/' || p[1] == 0)) {
		const char *home = getvar("HOME");
		add_exp(e, home ? home : "~", 1);
		p++;
	}
	while (*p) {
		char c = *p;
		if (c == '\'') {
			e->started = 1;
			for (p++; *p && *p != '\''; p++)
				add_q(e, *p);
			if (*p)
				p++;
		} else if (c == '"') {
			p++;
			if ((strncmp(p, "$@\"", 3) == 0 || strncmp(p, "${@}\"", 5) == 0) && posc == 0) {
				p += p[1] == '@' ? 3 : 5;
				continue;
			}
			e->started = 1;
			p = expand_quoted(e, p, '"', "$`\"\\\n");
			if (*p)
				p++;
		} else if (c == '\\') {
			if (p[1])
				add_q(e, p[1]);
			p += p[1] ? 2 : 1;
		} else if (c == '$') {
			p = expand_dollar(e, p + 1, 0);
		} else if (c == '`') {
			p = expand_bquote(e, p + 1, 0);
		} else {
			add_u(e, c);
			p++;
		}
	}
}

void expand_word(const char *w, int flags, struct strv *out)
{
	struct exp e = { .flags = flags, .out = out };
	expand_into(&e, w);
	if (e.started || !(flags & EXP_FIELDS))
		end_field(&e);
	free(e.cur.s);
}

char *expand_str(const char *w, int flags)
{
	struct strv v = { 0 };
	expand_word(w, flags & ~EXP_FIELDS, &v);
	char *r = v.v[0];
	free(v.v);
	return r;
}

/* ---- pattern matching ---- */

static int match_class(const char **pp, char c, int *ok)
{
	const char *p = *pp + 1;
	int neg = 0, hit = 0;
	if (*p == '!' || *p == '^') {
		neg = 1;
		p++;
	}
	const char *start = p;
	for (; *p && (*p != ']' || p == start); p++) {
		char lo = *p;
		if (lo == '\\' && p[1])
			lo = *++p;
		if (p[1] == '-' && p[2] && p[2] != ']') {
			char hi = p[2];
			p += 2;
			if (hi == '\\' && p[1])
				hi = *++p;
			if (c >= lo && c <= hi)
				hit = 1;
		} else if (c == lo) {
			hit = 1;
		}
	}
	if (*p != ']')
		return -1;
	*pp = p + 1;
	*ok = hit != neg;
	return 0;
}

int fnmatch_sh(const char *p, const char *s)
{
	for (;;) {
		switch (*p) {
		case 0:
			return *s == 0;
		case '*':
			while (*p == '*')
				p++;
			if (!*p)
				return 1;
			for (;; s++) {
				if (fnmatch_sh(p, s))
					return 1;
				if (!*s)
					return 0;
			}
		case '?':
			if (!*s)
				return 0;
			p++;
			s++;
			break;
		case '[': {
			int ok;
			if (!*s)
				return 0;
			if (match_class(&p, *s, &ok) == 0) {
				if (!ok)
					return 0;
				s++;
				break;
			}
			if (*s != '[')
				return 0;
			p++;
			s++;
			break;
		}
		case '\\':
			if (p[1])
				p++;
			/* fallthrough */
		default:
			if (*p != *s)
				return 0;
			p++;
			s++;
		}
	}
}
