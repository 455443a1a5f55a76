/*
 * regex.c: POSIX basic and extended regular expressions with GNU extensions
 * (\+ \? \| in BREs, \w \W \s \S \b \B \< \>, back references). Patterns are
 * compiled to a small program run by a backtracking matcher: leftmost match,
 * greedy quantifiers, first alternative first.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

#define INF (1 << 30)

enum { N_CHAR, N_ANY, N_SET, N_BOL, N_EOL, N_CAT, N_ALT, N_REP, N_GROUP, N_BREF, N_WORDB, N_NWORDB, N_WBEG, N_WEND };
enum { I_CHAR, I_ANY, I_SET, I_BOL, I_EOL, I_SPLIT, I_JMP, I_SAVE, I_MATCH, I_RPT, I_BREF, I_MARK, I_CHKP, I_WORDB, I_NWORDB, I_WBEG, I_WEND };

struct node {
	int type, c, min, max, n;
	unsigned char *set;
	struct node **k;
	int nk;
};

struct inst {
	unsigned char op, aop, c;
	int x, y, min, max;
	unsigned char *set;
};

struct prog {
	struct inst *code;
	int n, cap, nmark, ngroup, flags;
	unsigned char **sets;
	int nsets;
};

struct parser {
	const char *p;
	int ere, icase, newline, ngroup, err;
	struct prog *prog;
};

static struct node *mk(int type)
{
	struct node *n = calloc(1, sizeof(*n));
	n->type = type;
	n->min = n->max = 1;
	return n;
}

static void add_kid(struct node *n, struct node *k)
{
	n->k = realloc(n->k, (n->nk + 1) * sizeof(*n->k));
	n->k[n->nk++] = k;
}

static void free_node(struct node *n)
{
	if (!n)
		return;
	for (int i = 0; i < n->nk; i++)
		free_node(n->k[i]);
	free(n->k);
	free(n);
}

static unsigned char *new_set(struct parser *ps)
{
	struct prog *pr = ps->prog;
	unsigned char *s = calloc(1, 32);
	pr->sets = realloc(pr->sets, (pr->nsets + 1) * sizeof(*pr->sets));
	pr->sets[pr->nsets++] = s;
	return s;
}

static void set_add(struct parser *ps, unsigned char *set, int c)
{
	set[c >> 3] |= 1 << (c & 7);
	if (ps->icase && isalpha(c)) {
		int o = isupper(c) ? tolower(c) : toupper(c);
		set[o >> 3] |= 1 << (o & 7);
	}
}

static int class_has(const char *name, int n, int c)
{
#define CL(s, f) if (n == (int)sizeof(s) - 1 && !strncmp(name, s, n)) return f(c) != 0
	CL("alpha", isalpha); CL("digit", isdigit); CL("alnum", isalnum); CL("space", isspace);
	CL("upper", isupper); CL("lower", islower); CL("xdigit", isxdigit); CL("punct", ispunct);
	CL("blank", isblank); CL("print", isprint); CL("graph", isgraph); CL("cntrl", iscntrl);
#undef CL
	return -1;
}

static struct node *parse_set(struct parser *ps)
{
	struct node *nd = mk(N_SET);
	unsigned char *set = nd->set = new_set(ps);
	int neg = 0;
	ps->p++;
	if (*ps->p == '^') {
		neg = 1;
		ps->p++;
	}
	const char *start = ps->p;
	while (*ps->p && (*ps->p != ']' || ps->p == start)) {
		const char *p = ps->p;
		if (p[0] == '[' && (p[1] == ':' || p[1] == '=' || p[1] == '.')) {
			char d = p[1];
			const char *e = p + 2;
			while (*e && !(e[0] == d && e[1] == ']'))
				e++;
			if (!*e) {
				ps->err = REG_EBRACK;
				return nd;
			}
			int len = (int)(e - p - 2);
			if (d == ':') {
				if (class_has(p + 2, len, 'a') < 0) {
					ps->err = REG_ECTYPE;
					return nd;
				}
				for (int c = 1; c < 256; c++)
					if (class_has(p + 2, len, c) > 0)
						set_add(ps, set, c);
			} else if (len == 1) {
				set_add(ps, set, (unsigned char)p[2]);
			} else {
				ps->err = REG_ECOLLATE;
				return nd;
			}
			ps->p = e + 2;
			continue;
		}
		int lo = (unsigned char)*p++;
		if (lo == '\\' && (*p == 'n' || *p == 't' || *p == '\\' || *p == ']')) {
			lo = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
			p++;
		}
		int hi = lo;
		if (p[0] == '-' && p[1] && p[1] != ']') {
			hi = (unsigned char)p[1];
			p += 2;
			if (hi < lo) {
				ps->err = REG_ERANGE;
				return nd;
			}
		}
		for (int c = lo; c <= hi; c++)
			set_add(ps, set, c);
		ps->p = p;
	}
	if (*ps->p != ']') {
		ps->err = REG_EBRACK;
		return nd;
	}
	ps->p++;
	if (neg) {
		for (int i = 0; i < 32; i++)
			set[i] = ~set[i];
		set[0] &= ~1;
		if (ps->newline)
			set['\n' >> 3] &= ~(1 << ('\n' & 7));
	}
	return nd;
}

static struct node *parse_alt(struct parser *ps, int depth);

static int at_branch_end(struct parser *ps, int depth)
{
	const char *p = ps->p;
	if (!*p)
		return 1;
	if (ps->ere)
		return *p == '|' || (*p == ')' && depth > 0);
	return p[0] == '\\' && (p[1] == '|' || p[1] == ')');
}

static int parse_brace(struct parser *ps, int *min, int *max)
{
	const char *p = ps->p;
	char *end;
	if (!isdigit((unsigned char)*p) && *p != ',')
		return REG_BADBR;
	*min = isdigit((unsigned char)*p) ? (int)strtol(p, &end, 10) : 0;
	if (isdigit((unsigned char)*p))
		p = end;
	*max = *min;
	if (*p == ',') {
		p++;
		if (isdigit((unsigned char)*p)) {
			*max = (int)strtol(p, &end, 10);
			p = end;
		} else {
			*max = INF;
		}
	}
	if (ps->ere) {
		if (*p != '}')
			return *p ? REG_BADBR : REG_EBRACE;
		p++;
	} else {
		if (p[0] != '\\' || p[1] != '}')
			return *p ? REG_BADBR : REG_EBRACE;
		p += 2;
	}
	if (*max < *min || (*max > 32767 && *max != INF))
		return REG_BADBR;
	ps->p = p;
	return 0;
}

static struct node *char_node(struct parser *ps, int c)
{
	if (ps->icase && isalpha(c)) {
		struct node *n = mk(N_SET);
		n->set = new_set(ps);
		set_add(ps, n->set, c);
		return n;
	}
	struct node *n = mk(N_CHAR);
	n->c = c;
	return n;
}

static struct node *class_node(struct parser *ps, int (*f)(int), int neg, int under)
{
	struct node *n = mk(N_SET);
	n->set = new_set(ps);
	for (int c = 1; c < 256; c++) {
		int in = f(c) || (under && c == '_');
		if (in != neg)
			n->set[c >> 3] |= 1 << (c & 7);
	}
	return n;
}

static struct node *parse_cat(struct parser *ps, int depth)
{
	struct node *cat = mk(N_CAT);
	while (!ps->err && !at_branch_end(ps, depth)) {
		const char *p = ps->p;
		struct node *a = 0;
		int c = (unsigned char)*p;
		if (c == '^' && (ps->ere || cat->nk == 0)) {
			a = mk(N_BOL);
			ps->p++;
		} else if (c == '$' && (ps->ere || p[1] == 0 || (p[1] == '\\' && (p[2] == ')' || p[2] == '|')))) {
			a = mk(N_EOL);
			ps->p++;
		} else if (c == '.') {
			a = mk(N_ANY);
			ps->p++;
		} else if (c == '[') {
			a = parse_set(ps);
		} else if ((ps->ere && c == '(') || (!ps->ere && c == '\\' && p[1] == '(')) {
			ps->p += ps->ere ? 1 : 2;
			int g = ++ps->ngroup;
			a = mk(N_GROUP);
			a->n = g;
			add_kid(a, parse_alt(ps, depth + 1));
			if (ps->err)
				break;
			if (ps->ere && *ps->p == ')')
				ps->p++;
			else if (!ps->ere && ps->p[0] == '\\' && ps->p[1] == ')')
				ps->p += 2;
			else {
				ps->err = REG_EPAREN;
				break;
			}
		} else if (!ps->ere && c == '\\' && p[1] == ')') {
			ps->err = REG_ERPAREN;
			break;
		} else if ((c == '*' || (ps->ere && (c == '+' || c == '?'))) && cat->nk == 0) {
			a = char_node(ps, c);
			ps->p++;
		} else if (c == '\\') {
			int e = (unsigned char)p[1];
			ps->p += 2;
			if (!e) {
				ps->err = REG_EESCAPE;
				break;
			} else if (e >= '1' && e <= '9') {
				if (e - '0' > ps->ngroup) {
					ps->err = REG_ESUBREG;
					break;
				}
				a = mk(N_BREF);
				a->n = e - '0';
			} else if (e == 'n') {
				a = char_node(ps, '\n');
			} else if (e == 't') {
				a = char_node(ps, '\t');
			} else if (e == 'w' || e == 'W') {
				a = class_node(ps, isalnum, e == 'W', 1);
			} else if (e == 's' || e == 'S') {
				a = class_node(ps, isspace, e == 'S', 0);
			} else if (e == 'b') {
				a = mk(N_WORDB);
			} else if (e == 'B') {
				a = mk(N_NWORDB);
			} else if (e == '<') {
				a = mk(N_WBEG);
			} else if (e == '>') {
				a = mk(N_WEND);
			} else {
				a = char_node(ps, e);
			}
		} else {
			a = char_node(ps, c);
			ps->p++;
		}
		/* quantifiers */
		for (;;) {
			const char *q = ps->p;
			int min, max, adv = 0;
			if (*q == '*')
				min = 0, max = INF, adv = 1;
			else if (ps->ere && *q == '+')
				min = 1, max = INF, adv = 1;
			else if (ps->ere && *q == '?')
				min = 0, max = 1, adv = 1;
			else if (!ps->ere && q[0] == '\\' && q[1] == '+')
				min = 1, max = INF, adv = 2;
			else if (!ps->ere && q[0] == '\\' && q[1] == '?')
				min = 0, max = 1, adv = 2;
			else if ((ps->ere && *q == '{' && (isdigit((unsigned char)q[1]) || q[1] == ',')) || (!ps->ere && q[0] == '\\' && q[1] == '{')) {
				ps->p += ps->ere ? 1 : 2;
				int r = parse_brace(ps, &min, &max);
				if (r) {
					ps->err = r;
					break;
				}
			} else
				break;
			ps->p += adv;
			if (a->type == N_BOL || a->type == N_EOL) {
				/* "^*": the star is literal */
				if (adv == 1 && *q == '*') {
					add_kid(cat, a);
					a = char_node(ps, '*');
					continue;
				}
			}
			struct node *r = mk(N_REP);
			r->min = min;
			r->max = max;
			add_kid(r, a);
			a = r;
		}
		if (a)
			add_kid(cat, a);
	}
	return cat;
}

static struct node *parse_alt(struct parser *ps, int depth)
{
	struct node *alt = mk(N_ALT);
	for (;;) {
		add_kid(alt, parse_cat(ps, depth));
		if (ps->err)
			return alt;
		if (ps->ere && *ps->p == '|')
			ps->p++;
		else if (!ps->ere && ps->p[0] == '\\' && ps->p[1] == '|')
			ps->p += 2;
		else
			return alt;
	}
}

static int emit(struct prog *pr, int op)
{
	if (pr->n == pr->cap) {
		pr->cap = pr->cap ? pr->cap * 2 : 32;
		pr->code = realloc(pr->code, pr->cap * sizeof(struct inst));
	}
	memset(&pr->code[pr->n], 0, sizeof(struct inst));
	pr->code[pr->n].op = op;
	return pr->n++;
}

static void gen(struct prog *pr, struct node *n)
{
	int i, at;
	switch (n->type) {
	case N_CHAR: at = emit(pr, I_CHAR); pr->code[at].c = n->c; break;
	case N_ANY: emit(pr, I_ANY); break;
	case N_SET: at = emit(pr, I_SET); pr->code[at].set = n->set; break;
	case N_BOL: emit(pr, I_BOL); break;
	case N_EOL: emit(pr, I_EOL); break;
	case N_WORDB: emit(pr, I_WORDB); break;
	case N_NWORDB: emit(pr, I_NWORDB); break;
	case N_WBEG: emit(pr, I_WBEG); break;
	case N_WEND: emit(pr, I_WEND); break;
	case N_BREF: at = emit(pr, I_BREF); pr->code[at].x = n->n; break;
	case N_CAT:
		for (i = 0; i < n->nk; i++)
			gen(pr, n->k[i]);
		break;
	case N_ALT: {
		if (n->nk == 1) {
			gen(pr, n->k[0]);
			break;
		}
		int *jmps = malloc(n->nk * sizeof(int));
		for (i = 0; i < n->nk - 1; i++) {
			int sp = emit(pr, I_SPLIT);
			pr->code[sp].x = sp + 1;
			gen(pr, n->k[i]);
			jmps[i] = emit(pr, I_JMP);
			pr->code[sp].y = pr->n;
		}
		gen(pr, n->k[i]);
		for (i = 0; i < n->nk - 1; i++)
			pr->code[jmps[i]].x = pr->n;
		free(jmps);
		break;
	}
	case N_GROUP:
		at = emit(pr, I_SAVE);
		pr->code[at].x = 2 * n->n;
		gen(pr, n->k[0]);
		at = emit(pr, I_SAVE);
		pr->code[at].x = 2 * n->n + 1;
		break;
	case N_REP: {
		struct node *k = n->k[0];
		if (k->type == N_CHAR || k->type == N_ANY || k->type == N_SET) {
			at = emit(pr, I_RPT);
			struct inst *in = &pr->code[at];
			in->aop = k->type == N_CHAR ? I_CHAR : k->type == N_ANY ? I_ANY : I_SET;
			in->c = k->c;
			in->set = k->set;
			in->min = n->min;
			in->max = n->max;
			break;
		}
		for (i = 0; i < n->min; i++)
			gen(pr, k);
		if (n->max == INF) {
			int l = emit(pr, I_SPLIT);
			pr->code[l].x = l + 1;
			int mk_ = emit(pr, I_MARK);
			int slot = pr->nmark++;
			pr->code[mk_].x = slot;
			gen(pr, k);
			at = emit(pr, I_CHKP);
			pr->code[at].x = slot;
			at = emit(pr, I_JMP);
			pr->code[at].x = l;
			pr->code[l].y = pr->n;
		} else {
			int cnt = n->max - n->min;
			int *sp = malloc((cnt + 1) * sizeof(int));
			for (i = 0; i < cnt; i++) {
				sp[i] = emit(pr, I_SPLIT);
				pr->code[sp[i]].x = sp[i] + 1;
				gen(pr, k);
			}
			for (i = 0; i < cnt; i++)
				pr->code[sp[i]].y = pr->n;
			free(sp);
		}
		break;
	}
	}
}

int regcomp(regex_t *re, const char *pattern, int cflags)
{
	struct prog *pr = calloc(1, sizeof(*pr));
	struct parser ps = { pattern, cflags & REG_EXTENDED, cflags & REG_ICASE, cflags & REG_NEWLINE, 0, 0, pr };
	struct node *root = parse_alt(&ps, 0);
	if (!ps.err && *ps.p)
		ps.err = ps.ere ? REG_ERPAREN : REG_ERPAREN;
	if (ps.err) {
		free_node(root);
		re->__prog = pr;
		regfree(re);
		return ps.err;
	}
	gen(pr, root);
	emit(pr, I_MATCH);
	free_node(root);
	pr->ngroup = ps.ngroup;
	pr->flags = cflags;
	re->re_nsub = ps.ngroup;
	re->__prog = pr;
	return 0;
}

void regfree(regex_t *re)
{
	struct prog *pr = re->__prog;
	if (!pr)
		return;
	for (int i = 0; i < pr->nsets; i++)
		free(pr->sets[i]);
	free(pr->sets);
	free(pr->code);
	free(pr);
	re->__prog = 0;
}

struct mstate {
	struct prog *pr;
	const unsigned char *s;
	long len, *cap, *mark, end;
	int eflags;
	long steps;
};

static int isword(int c) { return isalnum(c) || c == '_'; }

static int one(struct mstate *m, int op, int c, const unsigned char *set, long sp)
{
	if (sp >= m->len)
		return 0;
	int ch = m->s[sp];
	switch (op) {
	case I_CHAR: return ch == c;
	case I_ANY: return !(ch == '\n' && (m->pr->flags & REG_NEWLINE));
	default: return (set[ch >> 3] >> (ch & 7)) & 1;
	}
}

static int run(struct mstate *m, int pc, long sp)
{
	for (;;) {
		struct inst *in = &m->pr->code[pc];
		if (++m->steps > 50000000)
			return 0;
		switch (in->op) {
		case I_CHAR:
		case I_ANY:
		case I_SET:
			if (!one(m, in->op, in->c, in->set, sp))
				return 0;
			pc++;
			sp++;
			break;
		case I_BOL:
			if (!((sp == 0 && !(m->eflags & REG_NOTBOL)) || (sp > 0 && (m->pr->flags & REG_NEWLINE) && m->s[sp - 1] == '\n')))
				return 0;
			pc++;
			break;
		case I_EOL:
			if (!((sp == m->len && !(m->eflags & REG_NOTEOL)) || (sp < m->len && (m->pr->flags & REG_NEWLINE) && m->s[sp] == '\n')))
				return 0;
			pc++;
			break;
		case I_WORDB:
		case I_NWORDB:
		case I_WBEG:
		case I_WEND: {
			int a = sp > 0 && isword(m->s[sp - 1]), b = sp < m->len && isword(m->s[sp]);
			int ok = in->op == I_WORDB ? a != b : in->op == I_NWORDB ? a == b : in->op == I_WBEG ? !a && b : a && !b;
			if (!ok)
				return 0;
			pc++;
			break;
		}
		case I_SPLIT:
			if (run(m, in->x, sp))
				return 1;
			pc = in->y;
			break;
		case I_JMP:
			pc = in->x;
			break;
		case I_SAVE: {
			long old = m->cap[in->x];
			m->cap[in->x] = sp;
			if (run(m, pc + 1, sp))
				return 1;
			m->cap[in->x] = old;
			return 0;
		}
		case I_MARK: {
			long old = m->mark[in->x];
			m->mark[in->x] = sp;
			if (run(m, pc + 1, sp))
				return 1;
			m->mark[in->x] = old;
			return 0;
		}
		case I_CHKP:
			if (m->mark[in->x] == sp)
				return 0;
			pc++;
			break;
		case I_RPT: {
			long n = 0;
			while (n < in->max && one(m, in->aop, in->c, in->set, sp + n))
				n++;
			if (n < in->min)
				return 0;
			if (m->pr->code[pc + 1].op == I_MATCH) {
				sp += n;
				pc++;
				break;
			}
			for (; n > in->min; n--)
				if (run(m, pc + 1, sp + n))
					return 1;
			pc++;
			sp += n;
			break;
		}
		case I_BREF: {
			long a = m->cap[2 * in->x], b = m->cap[2 * in->x + 1];
			if (a < 0 || b < 0)
				return 0;
			long l = b - a;
			if (sp + l > m->len)
				return 0;
			if (m->pr->flags & REG_ICASE) {
				for (long i = 0; i < l; i++)
					if (tolower(m->s[a + i]) != tolower(m->s[sp + i]))
						return 0;
			} else if (memcmp(m->s + a, m->s + sp, l)) {
				return 0;
			}
			sp += l;
			pc++;
			break;
		}
		case I_MATCH:
			m->end = sp;
			return 1;
		}
	}
}

int regnexec(const regex_t *re, const char *s, size_t len, size_t nmatch, regmatch_t *pm, int eflags)
{
	return regexec_at(re, s, len, 0, nmatch, pm, eflags);
}

int regexec_at(const regex_t *re, const char *s, size_t len, size_t from, size_t nmatch, regmatch_t *pm, int eflags)
{
	struct prog *pr = re->__prog;
	int nc = 2 * (pr->ngroup + 1);
	long capbuf[64], markbuf[32];
	long *cap = nc <= 64 ? capbuf : malloc(nc * sizeof(long));
	long *mark = pr->nmark <= 32 ? markbuf : malloc((pr->nmark + 1) * sizeof(long));
	struct mstate m = { pr, (const unsigned char *)s, (long)len, cap, mark, 0, eflags, 0 };
	int found = 0;
	int anchored = pr->code[0].op == I_BOL && !(pr->flags & REG_NEWLINE);
	for (long start = (long)from; start <= (long)len; start++) {
		if (pr->code[0].op == I_CHAR) {
			const char *q = memchr(s + start, pr->code[0].c, len - start);
			if (!q)
				break;
			start = q - s;
		}
		for (int i = 0; i < nc; i++)
			cap[i] = -1;
		for (int i = 0; i < pr->nmark; i++)
			mark[i] = -1;
		if (run(&m, 0, start)) {
			cap[0] = start;
			cap[1] = m.end;
			found = 1;
			break;
		}
		if (anchored)
			break;
	}
	if (found && !(pr->flags & REG_NOSUB))
		for (size_t i = 0; i < nmatch; i++) {
			if ((int)i <= pr->ngroup && cap[2 * i] >= 0 && cap[2 * i + 1] >= 0) {
				pm[i].rm_so = cap[2 * i];
				pm[i].rm_eo = cap[2 * i + 1];
			} else {
				pm[i].rm_so = pm[i].rm_eo = -1;
			}
		}
	if (cap != capbuf)
		free(cap);
	if (mark != markbuf)
		free(mark);
	return found ? 0 : REG_NOMATCH;
}

int regexec(const regex_t *re, const char *s, size_t nmatch, regmatch_t *m, int eflags)
{
	return regnexec(re, s, strlen(s), nmatch, m, eflags);
}

size_t regerror(int err, const regex_t *re, char *buf, size_t n)
{
	static const char *const msg[] = {
		"Success", "No match", "Invalid regular expression", "Invalid collation character",
		"Invalid character class name", "Trailing backslash", "Invalid back reference",
		"Unmatched [, [^, [:, [., or [=", "Unmatched ( or \\(", "Unmatched \\{", "Invalid content of \\{\\}",
		"Invalid range end", "Memory exhausted", "Invalid preceding regular expression", "Premature end of regular expression",
		"Regular expression too big", "Unmatched ) or \\)",
	};
	const char *s = err >= 0 && err < (int)(sizeof(msg) / sizeof(msg[0])) ? msg[err] : "Unknown error";
	size_t l = strlen(s);
	if (n) {
		size_t c = l < n - 1 ? l : n - 1;
		memcpy(buf, s, c);
		buf[c] = 0;
	}
	return l + 1;
}
