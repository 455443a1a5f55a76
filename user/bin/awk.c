/*
 * awk: the POSIX awk language people use on kernel logs and /proc, in
 * one pass: the program is tokenized, parsed by recursive descent into a
 * tree, and the tree is walked for each record.
 *
 *   awk [-F fs] [-v var=value] [-f progfile | 'program'] [file | var=value ...]
 *
 * The language: BEGIN and END, patterns (expressions, /regex/, ranges
 * p1, p2), actions; fields $0..$NF (assignable, NF too), -F and FS (" "
 * for runs of blanks, one other character literally, else an extended
 * regular expression), RS (one character, or "" for paragraphs), OFS,
 * ORS, NR, FNR, FILENAME, SUBSEP, RSTART, RLENGTH, CONVFMT, OFMT, ENVIRON,
 * ARGC/ARGV; variables, associative arrays (a[i,j], in, delete, for (k in
 * a): in insertion order), user functions (arrays by reference);
 * arithmetic + - * / % ^ (integer powers), ++ --, assignment operators,
 * comparisons (numeric when both sides look numeric, as POSIX says),
 * ~ !~, && || !, ?:, concatenation; if/else, while, do, for, break,
 * continue, next, exit, return; print and printf (%d %i %o %x %X %u %c %s
 * %e %E %f %g %G with flags, width, precision and *) with > >> | redirection,
 * getline (plain, var, < file, cmd |), close, fflush, system; builtins
 * length, substr, index, split, sub, gsub, match, sprintf, tolower,
 * toupper, int, rand, srand.
 *
 * Numbers are decimal floating point with 18 significant digits (this
 * machine's user programs have no FPU): exact for decimal input, so
 * 0.1 + 0.2 == 0.3; sqrt, exp, log, sin, cos and atan2 are not provided.
 * Errors are "awk: ..." on stderr with status 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <unistd.h>
#include <fcntl.h>
#include <regex.h>
#include <errno.h>
#include <sys/wait.h>
#include <time.h>

/* ---------------------------------------------------------------- numbers */

typedef struct {
	long long m;	/* 0, or 10^17 <= |m| < 10^18 */
	int e;		/* value = m * 10^e */
} num;

#define P18 1000000000000000000LL
#define P17 100000000000000000LL

static num mknum(__int128 m, int e)
{
	num r;
	int neg = m < 0;
	unsigned __int128 u = neg ? -(unsigned __int128)m : (unsigned __int128)m;
	if (!u)
		return (num){ 0, 0 };
	while (u >= (unsigned __int128)P18 * 10) {
		u /= 10;
		e++;
	}
	if (u >= (unsigned __int128)P18) {
		unsigned __int128 q = u / 10, rem = u % 10;
		u = q + (rem >= 5);
		e++;
		if (u >= (unsigned __int128)P18) {
			u /= 10;
			e++;
		}
	}
	while (u < (unsigned __int128)P17) {
		u *= 10;
		e--;
	}
	r.m = neg ? -(long long)u : (long long)u;
	r.e = e;
	return r;
}

static num num_of_ll(long long v) { return mknum(v, 0); }

static __int128 pow10i(int n)
{
	__int128 r = 1;
	while (n-- > 0)
		r *= 10;
	return r;
}

static num nadd(num a, num b)
{
	if (!a.m)
		return b;
	if (!b.m)
		return a;
	if (a.e < b.e) {
		num t = a;
		a = b;
		b = t;
	}
	int d = a.e - b.e;
	if (d > 19)
		return a;
	return mknum((__int128)a.m * pow10i(d) + b.m, b.e);
}

static num nneg(num a) { a.m = -a.m; return a; }
static num nsub(num a, num b) { return nadd(a, nneg(b)); }
static num nmul(num a, num b) { return mknum((__int128)a.m * b.m, a.e + b.e); }

static int div_by_zero;

static num ndiv(num a, num b)
{
	if (!b.m) {
		div_by_zero = 1;
		return (num){ 0, 0 };
	}
	if (!a.m)
		return a;
	__int128 n = (__int128)a.m * P18 * 10, q = n / b.m, r = n % b.m;
	if (r * 2 >= (b.m < 0 ? -(__int128)b.m : b.m) * (r < 0 ? -1 : 1) && r)
		q += (q < 0) ? -1 : 1;
	return mknum(q, a.e - b.e - 19);
}

static int ncmp(num a, num b)
{
	num d = nsub(a, b);
	return d.m < 0 ? -1 : d.m > 0;
}

/* toward zero */
static num ntrunc(num a)
{
	if (a.e >= 0 || !a.m)
		return a;
	if (a.e <= -18)
		return (num){ 0, 0 };
	long long p = (long long)pow10i(-a.e);
	return mknum(a.m / p * p, a.e);
}

static int nis_int(num a)
{
	return !a.m || a.e >= 0 || (a.e > -18 && a.m % (long long)pow10i(-a.e) == 0);
}

static long long nto_ll(num a)
{
	a = ntrunc(a);
	if (!a.m)
		return 0;
	if (a.e > 1)
		return a.m < 0 ? (-9223372036854775807LL - 1) : 9223372036854775807LL;
	if (a.e == 1) {
		__int128 v = (__int128)a.m * 10;
		if (v > 9223372036854775807LL)
			return 9223372036854775807LL;
		if (v < -9223372036854775807LL - 1)
			return -9223372036854775807LL - 1;
		return (long long)v;
	}
	if (a.e == 0)
		return a.m;
	return a.m / (long long)pow10i(-a.e);
}

static num npow(num a, num b)
{
	long long n = nto_ll(b);
	int neg = n < 0;
	num r = num_of_ll(1);
	if (neg)
		n = -n;
	while (n > 0) {
		if (n & 1)
			r = nmul(r, a);
		a = nmul(a, a);
		n >>= 1;
	}
	return neg ? ndiv(num_of_ll(1), r) : r;
}

static num nmod(num a, num b)
{
	if (!b.m) {
		div_by_zero = 1;
		return (num){ 0, 0 };
	}
	return nsub(a, nmul(b, ntrunc(ndiv(a, b))));
}

/*
 * The longest prefix of s that is a decimal number (strtod's form without
 * hex, inf or nan): the value and where it ends.
 */
static num nparse(const char *s, const char **end)
{
	const char *p = s, *start;
	__int128 m = 0;
	int e = 0, digits = 0, neg = 0, any = 0;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
		p++;
	start = p;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; isdigit((unsigned char)*p); p++, any = 1) {
		if (digits < 19) {
			m = m * 10 + (*p - '0');
			if (m)
				digits++;
		} else {
			e++;
		}
	}
	if (*p == '.') {
		const char *q = p + 1;
		for (; isdigit((unsigned char)*q); q++, any = 1) {
			if (digits < 19) {
				m = m * 10 + (*q - '0');
				if (m)
					digits++;
				e--;
			}
		}
		if (any)
			p = q;
	}
	if (!any) {
		if (end)
			*end = s;
		return (num){ 0, 0 };
	}
	if (*p == 'e' || *p == 'E') {
		const char *q = p + 1;
		int eneg = 0, ev = 0, ed = 0;
		if (*q == '+' || *q == '-')
			eneg = *q++ == '-';
		for (; isdigit((unsigned char)*q); q++, ed++)
			if (ev < 100000)
				ev = ev * 10 + (*q - '0');
		if (ed) {
			e += eneg ? -ev : ev;
			p = q;
		}
	}
	(void)start;
	if (end)
		*end = p;
	return mknum(neg ? -m : m, e);
}

/* digits of |a|: value = 0.d[0]d[1]... * 10^*dexp, 18 digits */
static void ndigits(num a, char d[20], int *dexp)
{
	unsigned long long u = a.m < 0 ? -(unsigned long long)a.m : (unsigned long long)a.m;
	for (int i = 17; i >= 0; i--) {
		d[i] = '0' + u % 10;
		u /= 10;
	}
	d[18] = 0;
	*dexp = a.e + 18;
}

/*
 * keep the first `keep` digits of d (len 18), rounding to nearest with
 * ties to even as printf does; may carry into a new first digit
 */
static void round_digits(char d[20], int keep, int *dexp)
{
	if (keep >= 18)
		return;
	if (keep < 0) {
		memset(d, '0', 18);
		return;
	}
	int up = d[keep] > '5', tie = d[keep] == '5';
	for (int i = keep + 1; tie && i < 18; i++)
		if (d[i] != '0')
			up = 1, tie = 0;
	if (tie)
		up = keep > 0 && (d[keep - 1] - '0') % 2;
	for (int i = keep; i < 18; i++)
		d[i] = '0';
	for (int i = keep - 1; up && i >= 0; i--) {
		if (d[i] == '9') {
			d[i] = '0';
		} else {
			d[i]++;
			up = 0;
		}
	}
	if (up) {
		memmove(d + 1, d, 17);
		d[0] = '1';
		(*dexp)++;
	}
}

struct buf {
	char *s;
	size_t n, cap;
};

static void bput(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = 0;
}

static void bputs(struct buf *b, const char *s) { bput(b, s, strlen(s)); }
static void bputc(struct buf *b, char c) { bput(b, &c, 1); }

/* %f %e %g of a number into b (no width: the caller pads) */
static void fmt_float(struct buf *b, num a, int conv, int prec, int alt)
{
	char d[20];
	int dexp, neg = a.m < 0, upper = isupper(conv);
	conv = tolower(conv);
	if (prec < 0)
		prec = 6;
	if (conv == 'g' && prec == 0)
		prec = 1;
	if (!a.m) {
		memset(d, '0', 18);
		d[18] = 0;
		dexp = 1;
	} else {
		ndigits(a, d, &dexp);
	}
	if (conv == 'g') {
		char t[20];
		int te = dexp, x;
		memcpy(t, d, 20);
		round_digits(t, prec, &te);
		x = a.m ? te - 1 : 0;
		if (x < -4 || x >= prec) {
			conv = 'e';
			prec = prec - 1;
		} else {
			conv = 'f';
			prec = prec - 1 - x;
		}
		if (!alt) {
			/* %g drops trailing zeros: format, then trim */
			struct buf t2 = { 0 };
			fmt_float(&t2, a, upper ? toupper(conv) : conv, prec, 0);
			char *s = t2.s, *ep = strpbrk(s, "eE"), *dot = strchr(s, '.');
			if (dot) {
				char *z = ep ? ep : s + strlen(s);
				char *q = z;
				while (q > dot + 1 && q[-1] == '0')
					q--;
				if (q == dot + 1)
					q = dot;
				memmove(q, z, strlen(z) + 1);
			}
			bputs(b, s);
			free(s);
			return;
		}
	}
	if (neg)
		bputc(b, '-');
	if (conv == 'f') {
		round_digits(d, dexp + prec, &dexp);
		if (dexp <= 0) {
			bputc(b, '0');
		} else {
			for (int i = 0; i < dexp; i++)
				bputc(b, i < 18 ? d[i] : '0');
		}
		if (prec || alt)
			bputc(b, '.');
		for (int i = 0; i < prec; i++) {
			int k = dexp + i;
			bputc(b, k >= 0 && k < 18 ? d[k] : '0');
		}
	} else {
		char ex[16];
		if (a.m)
			round_digits(d, prec + 1, &dexp);
		bputc(b, d[0]);
		if (prec || alt)
			bputc(b, '.');
		for (int i = 1; i <= prec; i++)
			bputc(b, i < 18 ? d[i] : '0');
		int x = a.m ? dexp - 1 : 0;
		snprintf(ex, sizeof(ex), "%c%c%02d", upper ? 'E' : 'e', x < 0 ? '-' : '+', x < 0 ? -x : x);
		bputs(b, ex);
	}
}

/* ----------------------------------------------------------------- values */

enum { V_NUM = 1, V_STR = 2, V_STRNUM = 4 };

typedef struct {
	int flags;	/* V_NUM, V_STR, V_STR|V_STRNUM (input that looks numeric), 0 uninitialized */
	num n;
	char *s;	/* owned; set when V_STR */
} Value;

static char *xstrdup(const char *s)
{
	char *r = strdup(s ? s : "");
	if (!r) {
		fputs("awk: out of memory\n", stderr);
		exit(2);
	}
	return r;
}

static Value vnum(num n) { return (Value){ V_NUM, n, NULL }; }
static Value vstr_own(char *s) { return (Value){ V_STR, { 0, 0 }, s }; }
static Value vstr(const char *s) { return vstr_own(xstrdup(s)); }

static void vfree(Value *v)
{
	free(v->s);
	v->s = NULL;
	v->flags = 0;
}

static Value vcopy(const Value *v)
{
	Value r = *v;
	if (v->s)
		r.s = xstrdup(v->s);
	return r;
}

/* does the whole string, blanks aside, look like a number? */
static int looks_numeric(const char *s)
{
	const char *end;
	nparse(s, &end);
	if (end == s)
		return 0;
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	return !*end;
}

static Value vstrnum_own(char *s)
{
	Value v = vstr_own(s);
	if (looks_numeric(s)) {
		v.flags |= V_STRNUM;
		v.n = nparse(s, NULL);
	}
	return v;
}

static num tonum(const Value *v)
{
	if (v->flags & (V_NUM | V_STRNUM))
		return v->n;
	if (v->flags & V_STR)
		return nparse(v->s, NULL);
	return (num){ 0, 0 };
}

static char *convfmt_s = NULL, *ofmt_s = NULL;
static char *format(const char *fmt, Value *args, int nargs);

/* a number as awk prints it: integers as such, others through the format */
static char *num_to_str(num n, const char *fmt)
{
	if (nis_int(n) && (n.e < 1 || (n.e == 1 && n.m < 922337203685477580LL && n.m > -922337203685477580LL))) {
		char b[32];
		snprintf(b, sizeof(b), "%lld", nto_ll(n));
		return xstrdup(b);
	}
	Value v = vnum(n);
	return format(fmt, &v, 1);
}

/* the string of a value, owned by the caller */
static char *tostr_fmt(const Value *v, const char *fmt)
{
	if (v->flags & V_STR)
		return xstrdup(v->s);
	if (v->flags & V_NUM)
		return num_to_str(v->n, fmt);
	return xstrdup("");
}

static char *tostr(const Value *v) { return tostr_fmt(v, convfmt_s); }

static int truth(const Value *v)
{
	if (v->flags & V_STRNUM)
		return v->n.m != 0;
	if (v->flags & V_STR)
		return v->s[0] != 0;
	if (v->flags & V_NUM)
		return v->n.m != 0;
	return 0;
}

/* ------------------------------------------------------------------ cells */

typedef struct Array Array;
enum { C_UNSET, C_SCALAR, C_ARRAY };

typedef struct Cell {
	int kind;
	Value v;
	Array *a;
	struct Cell *ref;	/* a by-reference parameter: the caller's cell */
} Cell;

typedef struct Elem {
	char *key;
	Cell c;
	struct Elem *hnext, *next, *prev;	/* hash chain; insertion order */
} Elem;

struct Array {
	Elem **tab;
	size_t size, count;
	Elem *first, *last;
};

static unsigned long hash(const char *s)
{
	unsigned long h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static Array *anew(void)
{
	Array *a = calloc(1, sizeof(*a));
	a->size = 64;
	a->tab = calloc(a->size, sizeof(Elem *));
	return a;
}

static Elem *afind(Array *a, const char *key)
{
	for (Elem *e = a->tab[hash(key) % a->size]; e; e = e->hnext)
		if (!strcmp(e->key, key))
			return e;
	return NULL;
}

static Cell *aget(Array *a, const char *key)
{
	Elem *e = afind(a, key);
	if (e)
		return &e->c;
	if (a->count * 2 > a->size) {
		size_t ns = a->size * 4;
		Elem **nt = calloc(ns, sizeof(Elem *));
		for (Elem *x = a->first; x; x = x->next) {
			size_t h = hash(x->key) % ns;
			x->hnext = nt[h];
			nt[h] = x;
		}
		free(a->tab);
		a->tab = nt;
		a->size = ns;
	}
	e = calloc(1, sizeof(*e));
	e->key = xstrdup(key);
	size_t h = hash(key) % a->size;
	e->hnext = a->tab[h];
	a->tab[h] = e;
	e->prev = a->last;
	if (a->last)
		a->last->next = e;
	else
		a->first = e;
	a->last = e;
	a->count++;
	return &e->c;
}

static void adelete(Array *a, const char *key)
{
	Elem **pp = &a->tab[hash(key) % a->size], *e;
	for (; (e = *pp); pp = &e->hnext)
		if (!strcmp(e->key, key))
			break;
	if (!e)
		return;
	*pp = e->hnext;
	if (e->prev)
		e->prev->next = e->next;
	else
		a->first = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		a->last = e->prev;
	a->count--;
	vfree(&e->c.v);
	free(e->key);
	free(e);
}

static void aclear(Array *a)
{
	while (a->first)
		adelete(a, a->first->key);
}

/* ------------------------------------------------------------------ lexer */

enum {
	T_EOF, T_NL, T_LBRACE, T_RBRACE, T_LPAREN, T_RPAREN, T_LBRACKET, T_RBRACKET, T_SEMI, T_COMMA,
	T_NUMBER, T_STRING, T_ERE, T_NAME, T_FUNC_NAME, T_BUILTIN,
	T_BEGIN, T_END, T_FUNCTION, T_IF, T_ELSE, T_WHILE, T_FOR, T_DO, T_BREAK, T_CONTINUE, T_NEXT, T_NEXTFILE,
	T_EXIT, T_RETURN, T_DELETE, T_IN, T_GETLINE, T_PRINT, T_PRINTF,
	T_ADD_ASSIGN, T_SUB_ASSIGN, T_MUL_ASSIGN, T_DIV_ASSIGN, T_MOD_ASSIGN, T_POW_ASSIGN, T_ASSIGN,
	T_OR, T_AND, T_EQ, T_NE, T_LE, T_GE, T_LT, T_GT, T_MATCH, T_NOMATCH, T_APPEND, T_PIPE,
	T_INCR, T_DECR, T_PLUS, T_MINUS, T_MUL, T_DIV, T_MOD, T_POW, T_NOT, T_QUESTION, T_COLON, T_DOLLAR,
};

static const char *src;
static size_t pos;
static int line_no = 1, tok, prev_tok = T_NL;
static char *tok_text;
static num tok_num;

static const struct { const char *w; int t; } keywords[] = {
	{ "BEGIN", T_BEGIN }, { "END", T_END }, { "function", T_FUNCTION }, { "func", T_FUNCTION }, { "if", T_IF },
	{ "else", T_ELSE }, { "while", T_WHILE }, { "for", T_FOR }, { "do", T_DO }, { "break", T_BREAK },
	{ "continue", T_CONTINUE }, { "next", T_NEXT }, { "nextfile", T_NEXTFILE }, { "exit", T_EXIT },
	{ "return", T_RETURN }, { "delete", T_DELETE }, { "in", T_IN }, { "getline", T_GETLINE },
	{ "print", T_PRINT }, { "printf", T_PRINTF },
};

enum { B_LENGTH, B_SUBSTR, B_INDEX, B_SPLIT, B_SUB, B_GSUB, B_MATCH, B_SPRINTF, B_TOLOWER, B_TOUPPER, B_INT,
       B_SYSTEM, B_CLOSE, B_FFLUSH, B_RAND, B_SRAND, B_UNSUPPORTED };
static const char *const builtins[] = { "length", "substr", "index", "split", "sub", "gsub", "match", "sprintf",
	"tolower", "toupper", "int", "system", "close", "fflush", "rand", "srand", NULL };
static const char *const unsupported[] = { "sqrt", "exp", "log", "sin", "cos", "atan2", NULL };
static int tok_builtin;

static void syntax_error(const char *what)
{
	fprintf(stderr, "awk: line %d: syntax error at or near %s\n", line_no, what);
	exit(2);
}

static void fatal(const char *fmt, const char *arg)
{
	fprintf(stderr, "awk: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(2);
}

/* the string's escapes: \n \t \" \\ \/ \a \b \f \r \v \ddd */
static char *unescape(const char *s, size_t n, int keep_regex)
{
	struct buf b = { 0 };
	bput(&b, "", 0);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c != '\\' || i + 1 >= n) {
			bputc(&b, c);
			continue;
		}
		c = s[++i];
		switch (c) {
		case 'n': bputc(&b, '\n'); break;
		case 't': bputc(&b, '\t'); break;
		case 'r': bputc(&b, '\r'); break;
		case 'a': bputc(&b, '\a'); break;
		case 'b': bputc(&b, '\b'); break;
		case 'f': bputc(&b, '\f'); break;
		case 'v': bputc(&b, '\v'); break;
		case '"': bputc(&b, '"'); break;
		case '/': bputc(&b, '/'); break;
		case '\\':
			if (keep_regex)
				bputc(&b, '\\');
			bputc(&b, '\\');
			break;
		default:
			if (c >= '0' && c <= '7') {
				int v = 0, k = 0;
				while (k < 3 && i < n && s[i] >= '0' && s[i] <= '7') {
					v = v * 8 + (s[i++] - '0');
					k++;
				}
				i--;
				bputc(&b, (char)v);
			} else {
				bputc(&b, '\\');
				bputc(&b, c);
			}
		}
	}
	return b.s;
}

/* can a '/' here start a regular expression (not a division)? */
static int regex_allowed(void)
{
	switch (prev_tok) {
	case T_NAME: case T_NUMBER: case T_STRING: case T_RPAREN: case T_RBRACKET: case T_DOLLAR:
	case T_INCR: case T_DECR: case T_BUILTIN: case T_ERE:
		return 0;
	}
	return 1;
}

static void next_token(void)
{
	const char *s;
	char c;
	free(tok_text);
	tok_text = NULL;
	for (;;) {
		while (src[pos] == ' ' || src[pos] == '\t' || src[pos] == '\r')
			pos++;
		if (src[pos] == '\\' && src[pos + 1] == '\n') {
			pos += 2;
			line_no++;
			continue;
		}
		if (src[pos] == '#') {
			while (src[pos] && src[pos] != '\n')
				pos++;
			continue;
		}
		break;
	}
	s = src + pos;
	c = *s;
	prev_tok = tok;
	if (!c) {
		tok = T_EOF;
		return;
	}
	if (c == '\n') {
		pos++;
		line_no++;
		tok = T_NL;
		return;
	}
	if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)s[1]))) {
		const char *end;
		if (c == '0' && (s[1] == 'x' || s[1] == 'X') && isxdigit((unsigned char)s[2])) {
			long long v = strtoll(s, (char **)&end, 16);
			tok_num = num_of_ll(v);
		} else {
			tok_num = nparse(s, &end);
		}
		pos += end - s;
		tok = T_NUMBER;
		return;
	}
	if (isalpha((unsigned char)c) || c == '_') {
		size_t n = 0;
		while (isalnum((unsigned char)s[n]) || s[n] == '_')
			n++;
		tok_text = strndup(s, n);
		pos += n;
		for (unsigned i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
			if (!strcmp(tok_text, keywords[i].w)) {
				tok = keywords[i].t;
				return;
			}
		for (int i = 0; builtins[i]; i++)
			if (!strcmp(tok_text, builtins[i])) {
				tok = T_BUILTIN;
				tok_builtin = i;
				return;
			}
		for (int i = 0; unsupported[i]; i++)
			if (!strcmp(tok_text, unsupported[i]))
				fatal("function %s() is not in this awk (no floating point; see awk --help)", tok_text);
		tok = src[pos] == '(' ? T_FUNC_NAME : T_NAME;
		return;
	}
	if (c == '"') {
		size_t n = 1;
		while (s[n] && s[n] != '"') {
			if (s[n] == '\\' && s[n + 1])
				n++;
			if (s[n] == '\n')
				syntax_error("newline in string");
			n++;
		}
		if (!s[n])
			syntax_error("runaway string");
		tok_text = unescape(s + 1, n - 1, 0);
		pos += n + 1;
		tok = T_STRING;
		return;
	}
	if (c == '/' && regex_allowed()) {
		size_t n = 1;
		int in_set = 0;
		while (s[n] && s[n] != '\n' && (s[n] != '/' || in_set)) {
			if (s[n] == '\\' && s[n + 1])
				n++;
			else if (s[n] == '[' && !in_set)
				in_set = 1 + (s[n + 1] == '^'), n += (s[n + 1] == ']' || (s[n + 1] == '^' && s[n + 2] == ']')) ? in_set : 0;
			else if (s[n] == ']' && in_set)
				in_set = 0;
			n++;
		}
		if (s[n] != '/')
			syntax_error("runaway regular expression");
		/* keep the regex's own escapes; only \/ becomes / */
		struct buf b = { 0 };
		bput(&b, "", 0);
		for (size_t i = 1; i < n; i++) {
			if (s[i] == '\\' && s[i + 1] == '/') {
				bputc(&b, '/');
				i++;
			} else {
				bputc(&b, s[i]);
			}
		}
		tok_text = b.s;
		pos += n + 1;
		tok = T_ERE;
		return;
	}
	pos++;
	char d = s[1];
	switch (c) {
	case '{': tok = T_LBRACE; return;
	case '}': tok = T_RBRACE; return;
	case '(': tok = T_LPAREN; return;
	case ')': tok = T_RPAREN; return;
	case '[': tok = T_LBRACKET; return;
	case ']': tok = T_RBRACKET; return;
	case ';': tok = T_SEMI; return;
	case ',': tok = T_COMMA; return;
	case '?': tok = T_QUESTION; return;
	case ':': tok = T_COLON; return;
	case '$': tok = T_DOLLAR; return;
	case '~': tok = T_MATCH; return;
	case '+': if (d == '+') { pos++; tok = T_INCR; } else if (d == '=') { pos++; tok = T_ADD_ASSIGN; } else tok = T_PLUS; return;
	case '-': if (d == '-') { pos++; tok = T_DECR; } else if (d == '=') { pos++; tok = T_SUB_ASSIGN; } else tok = T_MINUS; return;
	case '*':
		if (d == '*') {
			pos++;
			if (src[pos] == '=') { pos++; tok = T_POW_ASSIGN; } else tok = T_POW;
		} else if (d == '=') { pos++; tok = T_MUL_ASSIGN; } else tok = T_MUL;
		return;
	case '/': if (d == '=') { pos++; tok = T_DIV_ASSIGN; } else tok = T_DIV; return;
	case '%': if (d == '=') { pos++; tok = T_MOD_ASSIGN; } else tok = T_MOD; return;
	case '^': if (d == '=') { pos++; tok = T_POW_ASSIGN; } else tok = T_POW; return;
	case '=': if (d == '=') { pos++; tok = T_EQ; } else tok = T_ASSIGN; return;
	case '!':
		if (d == '=') { pos++; tok = T_NE; } else if (d == '~') { pos++; tok = T_NOMATCH; } else tok = T_NOT;
		return;
	case '<': if (d == '=') { pos++; tok = T_LE; } else tok = T_LT; return;
	case '>':
		if (d == '=') { pos++; tok = T_GE; } else if (d == '>') { pos++; tok = T_APPEND; } else tok = T_GT;
		return;
	case '|': if (d == '|') { pos++; tok = T_OR; } else tok = T_PIPE; return;
	case '&': if (d == '&') { pos++; tok = T_AND; return; } break;
	}
	{
		char what[8] = { c, 0 };
		syntax_error(what);
	}
}

/* ------------------------------------------------------------------- tree */

enum {
	N_NUM, N_STR, N_REGEX, N_VAR, N_FIELD, N_INDEX, N_ASSIGN, N_COND, N_OR, N_AND, N_IN, N_MATCH, N_NOMATCH,
	N_CMP, N_CONCAT, N_BINARY, N_NEG, N_PLUS, N_NOT, N_PREINC, N_PREDEC, N_POSTINC, N_POSTDEC, N_CALL, N_BUILTIN,
	N_GETLINE, N_GROUP,
	S_BLOCK, S_EXPR, S_PRINT, S_PRINTF, S_IF, S_WHILE, S_DO, S_FOR, S_FORIN, S_BREAK, S_CONTINUE, S_NEXT,
	S_NEXTFILE, S_EXIT, S_RETURN, S_DELETE, S_DELETE_ALL,
};

typedef struct Node {
	int type, op;		/* op: a token (T_PLUS ...) for binary, comparison and assignment nodes */
	num n;
	char *s;
	regex_t *re;
	int var;		/* global index, or -(local index + 1) */
	struct Node *a, *b, *c, *d;
	struct Node **list;
	int nlist;
	struct Node *next;	/* statements in a block */
} Node;

static Node *node(int type)
{
	Node *n = calloc(1, sizeof(*n));
	n->type = type;
	return n;
}

static void list_add(Node *n, Node *x)
{
	n->list = realloc(n->list, (n->nlist + 1) * sizeof(Node *));
	n->list[n->nlist++] = x;
}

/* variables */
#define MAXVARS 4096
static char *var_names[MAXVARS];
static Cell globals[MAXVARS];
static int nvars;

enum { V_NR, V_NF, V_FNR, V_FS, V_OFS, V_ORS, V_RS, V_FILENAME, V_SUBSEP, V_RSTART, V_RLENGTH, V_CONVFMT, V_OFMT,
       V_ENVIRON, V_ARGC, V_ARGV, NSPECIAL };
static const char *const special_names[NSPECIAL] = { "NR", "NF", "FNR", "FS", "OFS", "ORS", "RS", "FILENAME",
	"SUBSEP", "RSTART", "RLENGTH", "CONVFMT", "OFMT", "ENVIRON", "ARGC", "ARGV" };

static int global_var(const char *name)
{
	for (int i = 0; i < nvars; i++)
		if (!strcmp(var_names[i], name))
			return i;
	if (nvars >= MAXVARS)
		fatal("%s", "too many variables");
	var_names[nvars] = xstrdup(name);
	return nvars++;
}

/* functions */
typedef struct Func {
	char *name;
	char **params;
	int nparams;
	Node *body;
	int defined;
} Func;
#define MAXFUNCS 512
static Func funcs[MAXFUNCS];
static int nfuncs;
static Func *cur_func;	/* while parsing its body */

static int func_index(const char *name)
{
	for (int i = 0; i < nfuncs; i++)
		if (!strcmp(funcs[i].name, name))
			return i;
	if (nfuncs >= MAXFUNCS)
		fatal("%s", "too many functions");
	funcs[nfuncs].name = xstrdup(name);
	return nfuncs++;
}

static int var_ref(const char *name)
{
	if (cur_func)
		for (int i = 0; i < cur_func->nparams; i++)
			if (!strcmp(cur_func->params[i], name))
				return -(i + 1);
	return global_var(name);
}

/* ----------------------------------------------------------------- parser */

static int print_ctx;	/* parsing print's unparenthesized list: '>' redirects */
static int no_in;	/* parsing for (...)'s first clause: 'in' belongs to for */

static const char *tok_name(void)
{
	static char b[64];
	switch (tok) {
	case T_EOF: return "end of file";
	case T_NL: return "end of line";
	case T_NAME: case T_FUNC_NAME: case T_BUILTIN: case T_STRING: case T_ERE:
		snprintf(b, sizeof(b), "%s", tok_text ? tok_text : "?");
		return b;
	case T_NUMBER: return "number";
	case T_LBRACE: return "{";
	case T_RBRACE: return "}";
	case T_LPAREN: return "(";
	case T_RPAREN: return ")";
	case T_SEMI: return ";";
	case T_COMMA: return ",";
	}
	return "token";
}

static void expect(int t)
{
	if (tok != t)
		syntax_error(tok_name());
	next_token();
}

static void opt_nls(void)
{
	while (tok == T_NL)
		next_token();
}

static Node *expr(void);
static Node *ternary(void);
static Node *stmt(void);

static regex_t *compile_re(const char *pat)
{
	regex_t *re = malloc(sizeof(*re));
	int r = regcomp(re, pat, REG_EXTENDED);
	if (r) {
		char msg[128];
		regerror(r, re, msg, sizeof(msg));
		fprintf(stderr, "awk: regular expression /%s/: %s\n", pat, msg);
		exit(2);
	}
	return re;
}

static int is_lvalue(Node *n)
{
	return n->type == N_VAR || n->type == N_FIELD || n->type == N_INDEX;
}

static Node *subscript_list(Node *n)
{
	/* a[i, j]: the subscripts in n->list */
	do {
		next_token();
		opt_nls();
		list_add(n, expr());
	} while (tok == T_COMMA);
	expect(T_RBRACKET);
	return n;
}

static Node *primary(void);

static Node *call_args(Node *n)
{
	expect(T_LPAREN);
	opt_nls();
	if (tok != T_RPAREN) {
		int save = print_ctx, save_in = no_in;
		print_ctx = no_in = 0;
		for (;;) {
			list_add(n, expr());
			opt_nls();
			if (tok != T_COMMA)
				break;
			next_token();
			opt_nls();
		}
		print_ctx = save;
		no_in = save_in;
	}
	expect(T_RPAREN);
	return n;
}

/* ordinary getline forms after the keyword: [lvalue] [< file] */
static Node *simple_getline(void)
{
	Node *n = node(N_GETLINE);
	next_token();
	if (tok == T_DOLLAR || tok == T_NAME)
		n->a = primary();
	if (tok == T_LT) {
		next_token();
		n->b = primary();	/* getline < "file" binds tighter than concatenation */
		n->op = T_LT;
	}
	return n;
}

static Node *primary(void)
{
	Node *n;
	switch (tok) {
	case T_NUMBER:
		n = node(N_NUM);
		n->n = tok_num;
		next_token();
		return n;
	case T_STRING:
		n = node(N_STR);
		n->s = xstrdup(tok_text);
		next_token();
		return n;
	case T_ERE:
		n = node(N_REGEX);
		n->s = xstrdup(tok_text);
		n->re = compile_re(tok_text);
		next_token();
		return n;
	case T_DOLLAR:
		next_token();
		n = node(N_FIELD);
		if (tok == T_INCR || tok == T_DECR) {
			int t = tok;
			next_token();
			Node *x = node(t == T_INCR ? N_PREINC : N_PREDEC);
			x->a = primary();
			n->a = x;
		} else if (tok == T_MINUS || tok == T_NOT || tok == T_PLUS) {
			int t = tok;
			next_token();
			Node *x = node(t == T_MINUS ? N_NEG : t == T_NOT ? N_NOT : N_PLUS);
			x->a = primary();
			n->a = x;
		} else {
			n->a = primary();
		}
		return n;
	case T_NAME: {
		char *name = xstrdup(tok_text);
		next_token();
		n = node(N_VAR);
		n->var = var_ref(name);
		free(name);
		if (tok == T_LBRACKET) {
			n->type = N_INDEX;
			subscript_list(n);
		}
		return n;
	}
	case T_FUNC_NAME:
		n = node(N_CALL);
		n->var = func_index(tok_text);
		next_token();
		return call_args(n);
	case T_BUILTIN: {
		int b = tok_builtin;
		n = node(N_BUILTIN);
		n->op = b;
		next_token();
		if (tok == T_LPAREN)
			return call_args(n);
		if (b != B_LENGTH)
			syntax_error(builtins[b]);
		return n;	/* length without parentheses: length($0) */
	}
	case T_LPAREN: {
		int save = print_ctx, save_in = no_in;
		next_token();
		opt_nls();
		print_ctx = no_in = 0;
		n = expr();
		opt_nls();
		if (tok == T_COMMA) {
			Node *g = node(N_GROUP);
			list_add(g, n);
			while (tok == T_COMMA) {
				next_token();
				opt_nls();
				list_add(g, expr());
				opt_nls();
			}
			n = g;
		}
		print_ctx = save;
		no_in = save_in;
		expect(T_RPAREN);
		if (n->type == N_GROUP && tok != T_IN && !print_ctx)
			syntax_error(",");
		return n;
	}
	case T_MINUS: case T_PLUS: case T_NOT: {
		int t = tok;
		next_token();
		n = node(t == T_MINUS ? N_NEG : t == T_PLUS ? N_PLUS : N_NOT);
		n->a = primary();
		return n;
	}
	case T_INCR: case T_DECR: {
		int t = tok;
		next_token();
		n = node(t == T_INCR ? N_PREINC : N_PREDEC);
		n->a = primary();
		if (!is_lvalue(n->a))
			syntax_error(t == T_INCR ? "++" : "--");
		return n;
	}
	case T_GETLINE:
		return simple_getline();
	}
	syntax_error(tok_name());
	return NULL;
}

static Node *postfix(void)
{
	Node *n = primary();
	if ((tok == T_INCR || tok == T_DECR) && is_lvalue(n)) {
		Node *x = node(tok == T_INCR ? N_POSTINC : N_POSTDEC);
		x->a = n;
		next_token();
		return x;
	}
	return n;
}

static Node *power(void)
{
	Node *n = postfix();
	if (tok == T_POW) {
		next_token();
		Node *x = node(N_BINARY);
		x->op = T_POW;
		x->a = n;
		/* right associative, and binds tighter than unary minus on its right: 2^-1 */
		if (tok == T_MINUS || tok == T_PLUS || tok == T_NOT) {
			int t = tok;
			next_token();
			Node *u = node(t == T_MINUS ? N_NEG : t == T_PLUS ? N_PLUS : N_NOT);
			u->a = power();
			x->b = u;
		} else {
			x->b = power();
		}
		return x;
	}
	return n;
}

static Node *unary(void)
{
	if (tok == T_MINUS || tok == T_PLUS || tok == T_NOT) {
		int t = tok;
		next_token();
		Node *n = node(t == T_MINUS ? N_NEG : t == T_PLUS ? N_PLUS : N_NOT);
		n->a = unary();
		return n;
	}
	return power();
}

static Node *multiplicative(void)
{
	Node *n = unary();
	while (tok == T_MUL || tok == T_DIV || tok == T_MOD) {
		Node *x = node(N_BINARY);
		x->op = tok;
		next_token();
		x->a = n;
		x->b = unary();
		n = x;
	}
	return n;
}

static Node *additive(void)
{
	Node *n = multiplicative();
	while (tok == T_PLUS || tok == T_MINUS) {
		Node *x = node(N_BINARY);
		x->op = tok;
		next_token();
		x->a = n;
		x->b = multiplicative();
		n = x;
	}
	return n;
}

static int starts_concat(void)
{
	switch (tok) {
	case T_NUMBER: case T_STRING: case T_ERE: case T_NAME: case T_FUNC_NAME: case T_BUILTIN: case T_DOLLAR:
	case T_NOT: case T_LPAREN: case T_INCR: case T_DECR: case T_MINUS: case T_PLUS:
		return 1;
	}
	return 0;
}

static Node *concatenation(void)
{
	Node *n = additive();
	while (starts_concat() && tok != T_MINUS && tok != T_PLUS && tok != T_NOT) {
		Node *x = node(N_CONCAT);
		x->a = n;
		x->b = additive();
		n = x;
	}
	return n;
}

static Node *comparison(void)
{
	Node *n = concatenation();
	for (;;) {
		if (tok == T_LT || tok == T_LE || tok == T_NE || tok == T_EQ || tok == T_GE || (tok == T_GT && !print_ctx)) {
			Node *x = node(N_CMP);
			x->op = tok;
			next_token();
			x->a = n;
			x->b = concatenation();
			n = x;
		} else if (tok == T_PIPE) {
			/* cmd | getline [var] */
			Node *x;
			size_t save = pos;
			int save_tok = tok, save_line = line_no;
			next_token();
			if (tok != T_GETLINE) {
				if (print_ctx) {	/* print ... | "cmd": hand the | back to print */
					pos = save;
					tok = save_tok;
					line_no = save_line;
					return n;
				}
				syntax_error("|");
			}
			next_token();
			x = node(N_GETLINE);
			x->op = T_PIPE;
			x->b = n;
			if (tok == T_DOLLAR || tok == T_NAME)
				x->a = primary();
			n = x;
		} else {
			return n;
		}
	}
}

static Node *match_expr(void)
{
	Node *n = comparison();
	while (tok == T_MATCH || tok == T_NOMATCH) {
		Node *x = node(tok == T_MATCH ? N_MATCH : N_NOMATCH);
		next_token();
		x->a = n;
		x->b = comparison();
		n = x;
	}
	return n;
}

static Node *in_expr(void)
{
	Node *n = match_expr();
	while (tok == T_IN && !no_in) {
		next_token();
		if (tok != T_NAME)
			syntax_error(tok_name());
		Node *x = node(N_IN);
		x->a = n;
		x->var = var_ref(tok_text);
		next_token();
		n = x;
	}
	return n;
}

/* && and || : left-associative, a newline allowed after the operator. */
static Node *logical(Node *(*operand)(void), int op, int kind)
{
	Node *n = operand();
	while (tok == op) {
		Node *x = node(kind);
		next_token();
		opt_nls();
		x->a = n;
		x->b = operand();
		n = x;
	}
	return n;
}

static Node *and_expr(void) { return logical(in_expr, T_AND, N_AND); }
static Node *or_expr(void) { return logical(and_expr, T_OR, N_OR); }

static Node *ternary(void)
{
	Node *n = or_expr();
	if (tok == T_QUESTION) {
		Node *x = node(N_COND);
		next_token();
		opt_nls();
		x->a = n;
		x->b = ternary();
		opt_nls();
		expect(T_COLON);
		opt_nls();
		x->c = ternary();
		return x;
	}
	return n;
}

static Node *expr(void)
{
	Node *n = ternary();
	if (tok >= T_ADD_ASSIGN && tok <= T_ASSIGN && is_lvalue(n)) {
		Node *x = node(N_ASSIGN);
		x->op = tok;
		next_token();
		opt_nls();
		x->a = n;
		x->b = expr();
		return x;
	}
	return n;
}

static void end_simple(void)
{
	if (tok == T_SEMI || tok == T_NL)
		next_token();
	else if (tok != T_RBRACE && tok != T_EOF)
		syntax_error(tok_name());
}

static Node *block(void)
{
	Node *b = node(S_BLOCK), **tail = &b->a;
	expect(T_LBRACE);
	for (;;) {
		while (tok == T_NL || tok == T_SEMI)
			next_token();
		if (tok == T_RBRACE)
			break;
		Node *s = stmt();
		*tail = s;
		tail = &s->next;
	}
	next_token();
	return b;
}

static Node *simple_stmt(void)
{
	Node *n;
	if (tok == T_PRINT || tok == T_PRINTF) {
		n = node(tok == T_PRINT ? S_PRINT : S_PRINTF);
		next_token();
		print_ctx = 1;
		if (tok != T_NL && tok != T_SEMI && tok != T_RBRACE && tok != T_GT && tok != T_APPEND && tok != T_PIPE) {
			Node *e = expr();
			if (e->type == N_GROUP) {
				for (int i = 0; i < e->nlist; i++)
					list_add(n, e->list[i]);
			} else {
				list_add(n, e);
				while (tok == T_COMMA) {
					next_token();
					opt_nls();
					list_add(n, expr());
				}
			}
		}
		print_ctx = 0;
		if (tok == T_GT || tok == T_APPEND || tok == T_PIPE) {
			n->op = tok;
			next_token();
			n->b = concatenation();
		}
		if (n->type == S_PRINTF && !n->nlist)
			syntax_error("printf");
		return n;
	}
	if (tok == T_DELETE) {
		next_token();
		if (tok != T_NAME)
			syntax_error(tok_name());
		n = node(S_DELETE);
		n->var = var_ref(tok_text);
		next_token();
		if (tok == T_LBRACKET)
			subscript_list(n);
		else
			n->type = S_DELETE_ALL;
		return n;
	}
	n = node(S_EXPR);
	n->a = expr();
	return n;
}

static Node *stmt(void)
{
	Node *n;
	switch (tok) {
	case T_LBRACE:
		return block();
	case T_IF:
		n = node(S_IF);
		next_token();
		expect(T_LPAREN);
		n->a = expr();
		expect(T_RPAREN);
		opt_nls();
		n->b = stmt();
		{
			/* else may follow after newlines or a semicolon */
			size_t save = pos;
			int save_tok = tok, save_line = line_no, save_prev = prev_tok;
			char *save_text = tok_text ? xstrdup(tok_text) : NULL;
			while (tok == T_NL || tok == T_SEMI)
				next_token();
			if (tok == T_ELSE) {
				next_token();
				opt_nls();
				n->c = stmt();
				free(save_text);
			} else {
				pos = save;
				tok = save_tok;
				line_no = save_line;
				prev_tok = save_prev;
				free(tok_text);
				tok_text = save_text;
			}
		}
		return n;
	case T_WHILE:
		n = node(S_WHILE);
		next_token();
		expect(T_LPAREN);
		n->a = expr();
		expect(T_RPAREN);
		if (tok == T_SEMI) {
			next_token();
			n->b = node(S_BLOCK);
			return n;
		}
		opt_nls();
		n->b = stmt();
		return n;
	case T_DO:
		n = node(S_DO);
		next_token();
		opt_nls();
		n->b = stmt();
		while (tok == T_NL || tok == T_SEMI)
			next_token();
		expect(T_WHILE);
		expect(T_LPAREN);
		n->a = expr();
		expect(T_RPAREN);
		end_simple();
		return n;
	case T_FOR: {
		next_token();
		expect(T_LPAREN);
		if (tok == T_NAME) {
			/* for (k in a) ? */
			size_t save = pos;
			int save_tok = tok, save_line = line_no, save_prev = prev_tok;
			char *name = xstrdup(tok_text);
			next_token();
			if (tok == T_IN) {
				next_token();
				if (tok != T_NAME)
					syntax_error(tok_name());
				n = node(S_FORIN);
				n->var = var_ref(name);
				n->a = node(N_VAR);
				n->a->var = var_ref(tok_text);
				free(name);
				next_token();
				expect(T_RPAREN);
				opt_nls();
				n->b = stmt();
				return n;
			}
			pos = save;
			tok = save_tok;
			line_no = save_line;
			prev_tok = save_prev;
			free(tok_text);
			tok_text = name;
		}
		n = node(S_FOR);
		if (tok != T_SEMI)
			n->c = simple_stmt();
		expect(T_SEMI);
		opt_nls();
		if (tok != T_SEMI)
			n->a = expr();
		expect(T_SEMI);
		opt_nls();
		if (tok != T_RPAREN)
			n->d = simple_stmt();
		expect(T_RPAREN);
		if (tok == T_SEMI) {
			next_token();
			n->b = node(S_BLOCK);
			return n;
		}
		opt_nls();
		n->b = stmt();
		return n;
	}
	case T_BREAK: case T_CONTINUE: case T_NEXT: case T_NEXTFILE:
		n = node(tok == T_BREAK ? S_BREAK : tok == T_CONTINUE ? S_CONTINUE : tok == T_NEXT ? S_NEXT : S_NEXTFILE);
		next_token();
		end_simple();
		return n;
	case T_EXIT: case T_RETURN:
		n = node(tok == T_EXIT ? S_EXIT : S_RETURN);
		next_token();
		if (tok != T_NL && tok != T_SEMI && tok != T_RBRACE && tok != T_EOF)
			n->a = expr();
		end_simple();
		return n;
	case T_SEMI:
		next_token();
		return node(S_BLOCK);
	}
	n = simple_stmt();
	end_simple();
	return n;
}

struct item {
	Node *pattern, *pattern2, *action;
	int in_range;
};
#define MAXITEMS 1024
static struct item items[MAXITEMS];
static int nitems;
static Node *begins[64], *ends[64];
static int nbegin, nend;

static void parse_program(const char *text)
{
	src = text;
	pos = 0;
	line_no = 1;
	tok = T_NL;
	next_token();
	for (;;) {
		while (tok == T_NL || tok == T_SEMI)
			next_token();
		if (tok == T_EOF)
			break;
		if (tok == T_BEGIN || tok == T_END) {
			int t = tok;
			next_token();
			opt_nls();
			if (tok != T_LBRACE)
				syntax_error(tok_name());
			Node *b = block();
			if (t == T_BEGIN && nbegin < 64)
				begins[nbegin++] = b;
			else if (t == T_END && nend < 64)
				ends[nend++] = b;
			continue;
		}
		if (tok == T_FUNCTION) {
			next_token();
			if (tok != T_NAME && tok != T_FUNC_NAME)
				syntax_error(tok_name());
			Func *f = &funcs[func_index(tok_text)];
			if (f->defined)
				fatal("function %s redefined", f->name);
			f->defined = 1;
			next_token();
			expect(T_LPAREN);
			while (tok == T_NAME) {
				f->params = realloc(f->params, (f->nparams + 1) * sizeof(char *));
				f->params[f->nparams++] = xstrdup(tok_text);
				next_token();
				if (tok == T_COMMA) {
					next_token();
					opt_nls();
				}
			}
			expect(T_RPAREN);
			opt_nls();
			cur_func = f;
			f->body = block();
			cur_func = NULL;
			continue;
		}
		if (nitems >= MAXITEMS)
			fatal("%s", "program too long");
		struct item *it = &items[nitems++];
		if (tok != T_LBRACE) {
			it->pattern = expr();
			if (tok == T_COMMA) {
				next_token();
				opt_nls();
				it->pattern2 = expr();
			}
		}
		if (tok == T_LBRACE)
			it->action = block();
		else if (tok != T_NL && tok != T_SEMI && tok != T_EOF)
			syntax_error(tok_name());
	}
	for (int i = 0; i < nfuncs; i++)
		if (!funcs[i].defined)
			fatal("calling undefined function %s", funcs[i].name);
}

/* ----------------------------------------------------------------- fields */

static char *record;		/* $0 */
static char **fields;		/* $1..$nf, owned */
static int nf, fields_cap, fields_valid, record_valid = 1;
static Value *field_vals;	/* their values (strnum) */

static Cell *gcell(int v) { return &globals[v]; }
static int special[NSPECIAL];

static const char *fs_str(void)
{
	static char *cache;
	Cell *c = gcell(special[V_FS]);
	free(cache);
	cache = tostr(&c->v);
	return cache;
}

static void set_field_count(int n)
{
	if (n + 1 > fields_cap) {
		fields_cap = (n + 1) * 2;
		fields = realloc(fields, fields_cap * sizeof(char *));
		field_vals = realloc(field_vals, fields_cap * sizeof(Value));
	}
	for (int i = nf + 1; i <= n; i++) {
		fields[i] = xstrdup("");
		field_vals[i] = vstrnum_own(xstrdup(""));
	}
	for (int i = n + 1; i <= nf; i++) {
		free(fields[i]);
		vfree(&field_vals[i]);
	}
	nf = n;
}

static regex_t *cached_regex(const char *pat);
static int paragraph_mode(void);

static void add_field(const char *s, size_t n)
{
	set_field_count(nf + 1);
	free(fields[nf]);
	vfree(&field_vals[nf]);
	fields[nf] = strndup(s, n);
	field_vals[nf] = vstrnum_own(xstrdup(fields[nf]));
}

static void split_record(void)
{
	const char *fs = fs_str(), *p = record;
	set_field_count(0);
	if (!strcmp(fs, " ")) {
		for (;;) {
			while (*p == ' ' || *p == '\t' || *p == '\n')
				p++;
			if (!*p)
				break;
			const char *q = p;
			while (*q && *q != ' ' && *q != '\t' && *q != '\n')
				q++;
			add_field(p, q - p);
			p = q;
		}
	} else if (*p) {
		if (strlen(fs) == 1 && *fs != '\\') {
			for (;;) {
				const char *q = p;
				while (*q && *q != *fs && !(paragraph_mode() && *q == '\n'))
					q++;
				add_field(p, q - p);
				if (!*q)
					break;
				p = q + 1;
			}
		} else {
			regex_t *re = cached_regex(fs);
			size_t len = strlen(record), at = 0;
			regmatch_t m;
			while (at <= len) {
				if (regexec_at(re, record, len, at, 1, &m, 0) == 0 && m.rm_eo > m.rm_so) {
					add_field(record + at, m.rm_so - at);
					at = m.rm_eo;
				} else {
					add_field(record + at, len - at);
					break;
				}
			}
		}
	}
	fields_valid = 1;
	Cell *c = gcell(special[V_NF]);
	vfree(&c->v);
	c->v = vnum(num_of_ll(nf));
	c->kind = C_SCALAR;
}

static void set_record(char *s)	/* takes ownership */
{
	free(record);
	record = s;
	record_valid = 1;
	fields_valid = 0;
	split_record();
}

static void rebuild_record(void)
{
	struct buf b = { 0 };
	char *ofs = tostr(&gcell(special[V_OFS])->v);
	bput(&b, "", 0);
	for (int i = 1; i <= nf; i++) {
		if (i > 1)
			bputs(&b, ofs);
		bputs(&b, fields[i]);
	}
	free(ofs);
	free(record);
	record = b.s;
	record_valid = 1;
}

static void set_nf(long long n)
{
	if (n < 0)
		fatal("%s", "NF set to negative value");
	if (n > 100000)
		fatal("%s", "NF too large");
	set_field_count((int)n);
	rebuild_record();
}

static Value get_field(long long i)
{
	if (i < 0)
		fatal("%s", "trying to access out of range field");
	if (i == 0)
		return vstrnum_own(xstrdup(record ? record : ""));
	if (i > nf)
		return vstrnum_own(xstrdup(""));
	return vcopy(&field_vals[i]);
}

static void set_field(long long i, const Value *v)
{
	char *s = tostr(v);
	if (i < 0 || i > 100000)
		fatal("%s", "trying to access out of range field");
	if (i == 0) {
		set_record(s);
		return;
	}
	if (i > nf)
		set_field_count((int)i);
	free(fields[i]);
	vfree(&field_vals[i]);
	fields[i] = s;
	field_vals[i] = (v->flags & V_NUM) ? vstrnum_own(xstrdup(s)) : vstrnum_own(xstrdup(s));
	if (!(v->flags & (V_STR)) && (v->flags & V_NUM)) {
		field_vals[i].flags = V_STR | V_STRNUM;
		field_vals[i].n = v->n;
	}
	rebuild_record();
	Cell *c = gcell(special[V_NF]);
	vfree(&c->v);
	c->v = vnum(num_of_ll(nf));
}

/* ------------------------------------------------------------------ regex */

struct re_cache {
	char *pat;
	regex_t *re;
};
static struct re_cache re_cache[64];
static int re_cache_next;

static regex_t *cached_regex(const char *pat)
{
	for (int i = 0; i < 64; i++)
		if (re_cache[i].pat && !strcmp(re_cache[i].pat, pat))
			return re_cache[i].re;
	struct re_cache *c = &re_cache[re_cache_next++ % 64];
	if (c->pat) {
		free(c->pat);
		regfree(c->re);
		free(c->re);
	}
	c->pat = xstrdup(pat);
	c->re = compile_re(pat);
	return c->re;
}

/* ---------------------------------------------------------------- streams */

struct stream {
	char *name;
	int kind;	/* T_GT/T_APPEND file, T_PIPE output command, T_LT input file, 'c' input command */
	FILE *f;
	pid_t pid;
	char *pending;	/* input buffer for getline */
};
#define MAXSTREAMS 64
static struct stream streams[MAXSTREAMS];

static void flush_all(void)
{
	fflush(stdout);
	for (int i = 0; i < MAXSTREAMS; i++)
		if (streams[i].f && streams[i].kind != T_LT && streams[i].kind != 'c')
			fflush(streams[i].f);
}

static FILE *run_cmd(const char *cmd, int for_read, pid_t *pid)
{
	int p[2];
	char *argv[] = { "sh", "-c", (char *)cmd, NULL };
	flush_all();
	if (pipe(p) < 0)
		return NULL;
	*pid = fork();
	if (*pid < 0)
		return NULL;
	if (*pid == 0) {
		dup2(for_read ? p[1] : p[0], for_read ? 1 : 0);
		close(p[0]);
		close(p[1]);
		execve("/bin/sh", argv, environ);
		_exit(127);
	}
	close(for_read ? p[1] : p[0]);
	return fdopen(for_read ? p[0] : p[1], for_read ? "r" : "w");
}

static struct stream *get_stream(const char *name, int kind)
{
	struct stream *free_slot = NULL;
	for (int i = 0; i < MAXSTREAMS; i++) {
		if (streams[i].f && !strcmp(streams[i].name, name) &&
		    (streams[i].kind == kind || (kind == T_APPEND && streams[i].kind == T_GT) ||
		     (kind == T_GT && streams[i].kind == T_APPEND)))
			return &streams[i];
		if (!streams[i].f && !free_slot)
			free_slot = &streams[i];
	}
	if (!free_slot)
		fatal("%s", "too many open files");
	struct stream *s = free_slot;
	s->pid = 0;
	if (kind == T_PIPE || kind == 'c')
		s->f = run_cmd(name, kind == 'c', &s->pid);
	else if (!strcmp(name, "/dev/stdout") || !strcmp(name, "-"))
		s->f = kind == T_LT ? stdin : stdout;
	else if (!strcmp(name, "/dev/stderr"))
		s->f = stderr;
	else
		s->f = fopen(name, kind == T_GT ? "w" : kind == T_APPEND ? "a" : "r");
	if (!s->f)
		return NULL;
	s->name = xstrdup(name);
	s->kind = kind;
	return s;
}

static int close_stream(const char *name)
{
	int r = -1;
	for (int i = 0; i < MAXSTREAMS; i++) {
		struct stream *s = &streams[i];
		if (!s->f || strcmp(s->name, name))
			continue;
		if (s->f == stdout || s->f == stderr || s->f == stdin)
			fflush(s->f), r = 0;
		else
			r = fclose(s->f);
		if (s->pid > 0) {
			int st;
			waitpid(s->pid, &st, 0);
			r = WIFEXITED(st) ? WEXITSTATUS(st) : 256 + WTERMSIG(st);
		}
		s->f = NULL;
		free(s->name);
		s->name = NULL;
	}
	return r;
}

/* one record from f under RS into *out; 0 at end of input */
static int paragraph_mode(void)
{
	Cell *c = gcell(special[V_RS]);
	return (c->v.flags & V_STR) && !c->v.s[0];
}

static int read_record(FILE *f, char **out)
{
	struct buf b = { 0 };
	char *rs = tostr(&gcell(special[V_RS])->v);
	int c, sep = rs[0] ? rs[0] : '\n', para = !rs[0], got = 0;
	free(rs);
	bput(&b, "", 0);
	if (para) {
		while ((c = getc(f)) == '\n')
			;
		if (c == EOF) {
			free(b.s);
			return 0;
		}
		ungetc(c, f);
	}
	while ((c = getc(f)) != EOF) {
		got = 1;
		if (c == sep) {
			if (!para)
				break;
			int d = getc(f);
			if (d == '\n' || d == EOF) {
				while (d == '\n')
					d = getc(f);
				if (d != EOF)
					ungetc(d, f);
				break;
			}
			bputc(&b, '\n');
			ungetc(d, f);
			continue;
		}
		bputc(&b, (char)c);
	}
	if (!got) {
		free(b.s);
		return 0;
	}
	*out = b.s;
	return 1;
}

/* ----------------------------------------------------------------- format */

static char *format(const char *fmt, Value *args, int nargs)
{
	struct buf b = { 0 };
	int ai = 0;
	bput(&b, "", 0);
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			bputc(&b, *p);
			continue;
		}
		if (p[1] == '%') {
			bputc(&b, '%');
			p++;
			continue;
		}
		char flags[8] = "";
		int nfl = 0, width = -1, prec = -1;
		const char *q = p + 1;
		while (*q && strchr("-+ #0", *q) && nfl < 6)
			flags[nfl++] = *q++;
		flags[nfl] = 0;
		if (*q == '*') {
			width = ai < nargs ? (int)nto_ll(tonum(&args[ai++])) : 0;
			if (width < 0) {
				width = -width;
				if (!strchr(flags, '-') && nfl < 6)
					flags[nfl++] = '-', flags[nfl] = 0;
			}
			q++;
		} else if (isdigit((unsigned char)*q)) {
			width = (int)strtol(q, (char **)&q, 10);
		}
		if (*q == '.') {
			q++;
			if (*q == '*') {
				prec = ai < nargs ? (int)nto_ll(tonum(&args[ai++])) : 0;
				q++;
			} else {
				prec = (int)strtol(q, (char **)&q, 10);
			}
		}
		while (*q == 'h' || *q == 'l' || *q == 'L' || *q == 'q' || *q == 'j' || *q == 'z')
			q++;
		int conv = *q;
		if (!conv || !strchr("diouxXcseEfgG", conv)) {
			bput(&b, p, q - p + (conv != 0));
			p = q + (conv == 0) - 1 + (conv != 0);
			if (!conv)
				break;
			continue;
		}
		p = q;
		if (ai >= nargs)
			fatal("not enough arguments passed to printf(\"%s\")", fmt);
		Value *v = &args[ai++];
		struct buf body = { 0 };
		char tmp[128];
		bput(&body, "", 0);
		int left = strchr(flags, '-') != NULL, zero = strchr(flags, '0') != NULL, plus = strchr(flags, '+') != NULL;
		int space = strchr(flags, ' ') != NULL, alt = strchr(flags, '#') != NULL, numeric = 1;
		switch (conv) {
		case 'd': case 'i': {
			long long n = nto_ll(tonum(v));
			char f2[16];
			snprintf(f2, sizeof(f2), "%%%s%s%s.*lld", plus ? "+" : "", space ? " " : "", "");
			snprintf(tmp, sizeof(tmp), f2, prec < 0 ? 1 : prec, n);
			bputs(&body, tmp);
			break;
		}
		case 'o': case 'u': case 'x': case 'X': {
			long long n = nto_ll(tonum(v));
			char f2[16];
			snprintf(f2, sizeof(f2), "%%%s.*ll%c", alt ? "#" : "", conv);
			snprintf(tmp, sizeof(tmp), f2, prec < 0 ? 1 : prec, (unsigned long long)n);
			bputs(&body, tmp);
			break;
		}
		case 'e': case 'E': case 'f': case 'g': case 'G': {
			num n = tonum(v);
			if (n.m >= 0 && plus)
				bputc(&body, '+');
			else if (n.m >= 0 && space)
				bputc(&body, ' ');
			fmt_float(&body, n, conv, prec, alt);
			break;
		}
		case 'c':
			numeric = 0;
			if ((v->flags & V_NUM) && !(v->flags & V_STR)) {
				long long n = nto_ll(v->n);
				bputc(&body, (char)n);
			} else {
				char *s = tostr(v);
				if (*s)
					bputc(&body, *s);
				free(s);
			}
			break;
		case 's': {
			char *s = tostr(v);
			numeric = 0;
			bput(&body, s, prec >= 0 && (size_t)prec < strlen(s) ? (size_t)prec : strlen(s));
			free(s);
			break;
		}
		}
		int len = (int)body.n;
		if (width > len) {
			if (left) {
				bput(&b, body.s, body.n);
				for (int i = len; i < width; i++)
					bputc(&b, ' ');
			} else if (zero && numeric && !(prec >= 0 && strchr("diouxX", conv))) {
				/* zeros after the sign or 0x */
				size_t k = 0;
				if (body.s[0] == '-' || body.s[0] == '+' || body.s[0] == ' ')
					k = 1;
				if (alt && (conv == 'x' || conv == 'X') && body.s[k] == '0' && (body.s[k + 1] == 'x' || body.s[k + 1] == 'X'))
					k += 2;
				bput(&b, body.s, k);
				for (int i = len; i < width; i++)
					bputc(&b, '0');
				bput(&b, body.s + k, body.n - k);
			} else {
				for (int i = len; i < width; i++)
					bputc(&b, ' ');
				bput(&b, body.s, body.n);
			}
		} else {
			bput(&b, body.s, body.n);
		}
		free(body.s);
	}
	return b.s;
}

/* ---------------------------------------------------------------- runtime */

enum { F_NONE, F_BREAK, F_CONTINUE, F_NEXT, F_NEXTFILE, F_EXIT, F_RETURN };
static int flow, exit_status;
static Value return_value;

struct frame {
	Cell *locals;
	int n;
};
static struct frame *frame;
static int depth;

static Cell *resolve(Cell *c)
{
	while (c->ref)
		c = c->ref;
	return c;
}

static Cell *var_cell(int var)
{
	if (var < 0)
		return resolve(&frame->locals[-var - 1]);
	return &globals[var];
}

static Array *cell_array(Cell *c)
{
	c = resolve(c);
	if (c->kind == C_SCALAR)
		fatal("%s", "can't use scalar as array");
	if (c->kind == C_UNSET) {
		c->kind = C_ARRAY;
		c->a = anew();
	}
	return c->a;
}

static Value eval(Node *n);

static int is_special(int var, int which)
{
	return var >= 0 && var == special[which];
}

/* side effects of assigning a special variable */
static void after_assign(int var)
{
	if (is_special(var, V_NF)) {
		set_nf(nto_ll(tonum(&globals[var].v)));
	} else if (is_special(var, V_CONVFMT)) {
		free(convfmt_s);
		convfmt_s = tostr_fmt(&globals[var].v, "%.6g");
	} else if (is_special(var, V_OFMT)) {
		free(ofmt_s);
		ofmt_s = tostr_fmt(&globals[var].v, "%.6g");
	}
}

static char *subscript(Node *n)
{
	if (n->nlist == 1) {
		Value v = eval(n->list[0]);
		char *s = tostr(&v);
		vfree(&v);
		return s;
	}
	struct buf b = { 0 };
	char *sep = tostr(&gcell(special[V_SUBSEP])->v);
	bput(&b, "", 0);
	for (int i = 0; i < n->nlist; i++) {
		Value v = eval(n->list[i]);
		char *s = tostr(&v);
		if (i)
			bputs(&b, sep);
		bputs(&b, s);
		free(s);
		vfree(&v);
	}
	free(sep);
	return b.s;
}

/* the storage an lvalue names (NULL for a field: the caller handles $) */
static Cell *lvalue_cell(Node *n)
{
	if (n->type == N_VAR) {
		Cell *c = var_cell(n->var);
		if (c->kind == C_ARRAY)
			fatal("can't assign to %s; it's an array name.", n->var >= 0 ? var_names[n->var] : "a parameter");
		c->kind = C_SCALAR;
		return c;
	}
	if (n->type == N_INDEX) {
		Array *a = cell_array(var_cell(n->var));
		char *k = subscript(n);
		Cell *c = aget(a, k);
		free(k);
		c->kind = C_SCALAR;
		return c;
	}
	return NULL;
}

static Value lvalue_get(Node *n, long long *field_no)
{
	if (n->type == N_FIELD) {
		Value i = eval(n->a);
		*field_no = nto_ll(tonum(&i));
		vfree(&i);
		return get_field(*field_no);
	}
	return vcopy(&lvalue_cell(n)->v);
}

static void lvalue_set(Node *n, long long field_no, Value v)	/* takes v */
{
	if (n->type == N_FIELD) {
		set_field(field_no, &v);
		vfree(&v);
		return;
	}
	Cell *c = lvalue_cell(n);
	vfree(&c->v);
	c->v = v;
	if (n->type == N_VAR)
		after_assign(n->var);
}

static num arith(int op, num a, num b)
{
	switch (op) {
	case T_PLUS: case T_ADD_ASSIGN: return nadd(a, b);
	case T_MINUS: case T_SUB_ASSIGN: return nsub(a, b);
	case T_MUL: case T_MUL_ASSIGN: return nmul(a, b);
	case T_DIV: case T_DIV_ASSIGN:
		a = ndiv(a, b);
		if (div_by_zero)
			fatal("%s", "division by zero");
		return a;
	case T_MOD: case T_MOD_ASSIGN:
		a = nmod(a, b);
		if (div_by_zero)
			fatal("%s", "division by zero in %");
		return a;
	case T_POW: case T_POW_ASSIGN:
		if (!nis_int(b))
			fatal("%s", "non-integer exponent (this awk has integer powers only)");
		return npow(a, b);
	}
	return a;
}

static int compare(Value *a, Value *b)
{
	int an = (a->flags & V_NUM && !(a->flags & V_STR)) || (a->flags & V_STRNUM) || !a->flags;
	int bn = (b->flags & V_NUM && !(b->flags & V_STR)) || (b->flags & V_STRNUM) || !b->flags;
	if (an && bn)
		return ncmp(tonum(a), tonum(b));
	char *x = tostr(a), *y = tostr(b);
	int r = strcmp(x, y);
	free(x);
	free(y);
	return r < 0 ? -1 : r > 0;
}

static regex_t *node_regex(Node *n)
{
	if (n->type == N_REGEX)
		return n->re;
	Value v = eval(n);
	char *s = tostr(&v);
	regex_t *re = cached_regex(s);
	free(s);
	vfree(&v);
	return re;
}

static int match_value(Node *subject, Node *pat)
{
	Value v = eval(subject);
	char *s = tostr(&v);
	int r = regexec(node_regex(pat), s, 0, NULL, 0) == 0;
	free(s);
	vfree(&v);
	return r;
}

/* sub/gsub: replace in target; returns the number of substitutions */
static int substitute(Node *re_n, Node *repl_n, Node *target, int global)
{
	regex_t *re = node_regex(re_n);
	Value rv = eval(repl_n);
	char *repl = tostr(&rv);
	long long fno = 0;
	Value tv = lvalue_get(target, &fno);
	char *s = tostr(&tv);
	size_t len = strlen(s), at = 0;
	struct buf b = { 0 };
	int count = 0;
	regmatch_t m;
	bput(&b, "", 0);
	while (at <= len && regexec_at(re, s, len, at, 1, &m, 0) == 0) {
		bput(&b, s + at, m.rm_so - at);
		for (const char *r = repl; *r; r++) {
			if (*r == '\\' && (r[1] == '&' || r[1] == '\\')) {
				bputc(&b, *++r);
			} else if (*r == '&') {
				bput(&b, s + m.rm_so, m.rm_eo - m.rm_so);
			} else {
				bputc(&b, *r);
			}
		}
		count++;
		if (m.rm_eo == m.rm_so) {
			if ((size_t)m.rm_so < len)
				bputc(&b, s[m.rm_so]);
			at = m.rm_so + 1;
		} else {
			at = m.rm_eo;
		}
		if (!global)
			break;
	}
	if (count) {
		if (at < len)
			bputs(&b, s + at);
		lvalue_set(target, fno, vstr_own(b.s));
	} else {
		free(b.s);
	}
	free(s);
	free(repl);
	vfree(&rv);
	vfree(&tv);
	return count;
}

static unsigned long long rand_state = 0;
static num prev_seed;

static FILE *main_in;
static int main_index = 1, main_eof;
static FILE *open_next_input(void);

static int getline_main(char **out)
{
	for (;;) {
		if (!main_in && !(main_in = open_next_input()))
			return 0;
		if (read_record(main_in, out))
			return 1;
		if (main_in != stdin)
			fclose(main_in);
		main_in = NULL;
	}
}

static void incr_nr(int fnr_too)
{
	Cell *c = gcell(special[V_NR]);
	num n = nadd(tonum(&c->v), num_of_ll(1));
	vfree(&c->v);
	c->v = vnum(n);
	if (fnr_too) {
		c = gcell(special[V_FNR]);
		n = nadd(tonum(&c->v), num_of_ll(1));
		vfree(&c->v);
		c->v = vnum(n);
	}
}

static Value call_builtin(Node *n)
{
	Value a[3] = { 0 };
	Value r = { 0 };
	int argc = n->nlist;
	char *s, *t;
	switch (n->op) {
	case B_LENGTH:
		if (argc == 0) {
			r = vnum(num_of_ll((long long)strlen(record ? record : "")));
		} else if (n->list[0]->type == N_VAR && resolve(var_cell(n->list[0]->var))->kind == C_ARRAY) {
			r = vnum(num_of_ll((long long)resolve(var_cell(n->list[0]->var))->a->count));
		} else {
			a[0] = eval(n->list[0]);
			s = tostr(&a[0]);
			r = vnum(num_of_ll((long long)strlen(s)));
			free(s);
		}
		break;
	case B_SUBSTR: {
		if (argc < 2 || argc > 3)
			fatal("%s", "substr: wrong number of arguments");
		a[0] = eval(n->list[0]);
		a[1] = eval(n->list[1]);
		s = tostr(&a[0]);
		long long len = (long long)strlen(s);
		/* POSIX: characters from position round(m) for round(n) characters */
		num m = tonum(&a[1]), half = { 5 * P17 / 10 * 10 / 10, -18 };
		half = mknum(5, -1);
		long long start = nto_ll(ntrunc(m.m < 0 ? nsub(m, half) : nadd(m, half))), end = len + 1;
		if (argc == 3) {
			a[2] = eval(n->list[2]);
			num c = tonum(&a[2]);
			long long cnt = nto_ll(ntrunc(c.m < 0 ? nsub(c, half) : nadd(c, half)));
			end = cnt <= 0 ? start : start + cnt;
			if (end < start)
				end = start;
		}
		if (start < 1)
			start = 1;
		if (end > len + 1)
			end = len + 1;
		r = vstr_own(end > start ? strndup(s + start - 1, end - start) : xstrdup(""));
		free(s);
		break;
	}
	case B_INDEX: {
		if (argc != 2)
			fatal("%s", "index: wrong number of arguments");
		a[0] = eval(n->list[0]);
		a[1] = eval(n->list[1]);
		s = tostr(&a[0]);
		t = tostr(&a[1]);
		char *f = strstr(s, t);
		r = vnum(num_of_ll(f ? f - s + 1 : 0));
		free(s);
		free(t);
		break;
	}
	case B_SPLIT: {
		if (argc < 2 || argc > 3 || n->list[1]->type != N_VAR)
			fatal("%s", "split: wrong arguments");
		a[0] = eval(n->list[0]);
		s = tostr(&a[0]);
		Array *arr = cell_array(var_cell(n->list[1]->var));
		char *fs;
		if (argc == 3) {
			if (n->list[2]->type == N_REGEX) {
				fs = xstrdup(n->list[2]->s);
			} else {
				a[1] = eval(n->list[2]);
				fs = tostr(&a[1]);
			}
		} else {
			fs = xstrdup(fs_str());
		}
		aclear(arr);
		/* split through the record splitter with FS swapped */
		char *save_rec = record;
		char **save_fields = fields;
		Value *save_vals = field_vals;
		int save_nf = nf, save_cap = fields_cap;
		Cell *fsc = gcell(special[V_FS]);
		Value save_fs = fsc->v, nfv = vcopy(&gcell(special[V_NF])->v);
		record = s;
		fields = NULL;
		field_vals = NULL;
		nf = fields_cap = 0;
		fsc->v = vstr_own(fs);
		split_record();
		for (int i = 1; i <= nf; i++) {
			char key[24];
			snprintf(key, sizeof(key), "%d", i);
			Cell *c = aget(arr, key);
			c->kind = C_SCALAR;
			vfree(&c->v);
			c->v = vstrnum_own(xstrdup(fields[i]));
		}
		r = vnum(num_of_ll(nf));
		set_field_count(0);
		free(fields);
		free(field_vals);
		vfree(&fsc->v);
		fsc->v = save_fs;
		record = save_rec;
		fields = save_fields;
		field_vals = save_vals;
		nf = save_nf;
		fields_cap = save_cap;
		vfree(&gcell(special[V_NF])->v);
		gcell(special[V_NF])->v = nfv;
		free(s);
		break;
	}
	case B_SUB: case B_GSUB: {
		if (argc < 2 || argc > 3)
			fatal("%s", "sub/gsub: wrong number of arguments");
		Node field0 = { .type = N_FIELD };
		Node zero = { .type = N_NUM };
		field0.a = &zero;
		Node *target = argc == 3 ? n->list[2] : &field0;
		if (!is_lvalue(target))
			fatal("%s", "sub/gsub: third argument is not a variable");
		r = vnum(num_of_ll(substitute(n->list[0], n->list[1], target, n->op == B_GSUB)));
		break;
	}
	case B_MATCH: {
		if (argc != 2)
			fatal("%s", "match: wrong number of arguments");
		a[0] = eval(n->list[0]);
		s = tostr(&a[0]);
		regmatch_t m;
		long long st = 0, ln = -1;
		if (regexec(node_regex(n->list[1]), s, 1, &m, 0) == 0) {
			st = m.rm_so + 1;
			ln = m.rm_eo - m.rm_so;
		}
		Cell *c = gcell(special[V_RSTART]);
		vfree(&c->v);
		c->v = vnum(num_of_ll(st));
		c = gcell(special[V_RLENGTH]);
		vfree(&c->v);
		c->v = vnum(num_of_ll(ln));
		r = vnum(num_of_ll(st));
		free(s);
		break;
	}
	case B_SPRINTF: {
		if (argc < 1)
			fatal("%s", "sprintf: no format");
		Value *args = calloc(argc, sizeof(Value));
		for (int i = 0; i < argc; i++)
			args[i] = eval(n->list[i]);
		s = tostr(&args[0]);
		r = vstr_own(format(s, args + 1, argc - 1));
		free(s);
		for (int i = 0; i < argc; i++)
			vfree(&args[i]);
		free(args);
		break;
	}
	case B_TOLOWER: case B_TOUPPER:
		if (argc != 1)
			fatal("%s", "tolower/toupper: wrong number of arguments");
		a[0] = eval(n->list[0]);
		s = tostr(&a[0]);
		for (char *p = s; *p; p++)
			*p = n->op == B_TOLOWER ? tolower((unsigned char)*p) : toupper((unsigned char)*p);
		r = vstr_own(s);
		break;
	case B_INT:
		if (argc != 1)
			fatal("%s", "int: wrong number of arguments");
		a[0] = eval(n->list[0]);
		r = vnum(ntrunc(tonum(&a[0])));
		break;
	case B_SYSTEM: {
		int st;
		pid_t pid;
		if (argc != 1)
			fatal("%s", "system: wrong number of arguments");
		a[0] = eval(n->list[0]);
		s = tostr(&a[0]);
		flush_all();
		pid = fork();
		if (pid == 0) {
			char *argv[] = { "sh", "-c", s, NULL };
			execve("/bin/sh", argv, environ);
			_exit(127);
		}
		st = 0;
		if (pid > 0)
			waitpid(pid, &st, 0);
		r = vnum(num_of_ll(pid < 0 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : 256 + WTERMSIG(st)));
		free(s);
		break;
	}
	case B_CLOSE:
		if (argc != 1)
			fatal("%s", "close: wrong number of arguments");
		a[0] = eval(n->list[0]);
		s = tostr(&a[0]);
		r = vnum(num_of_ll(close_stream(s)));
		free(s);
		break;
	case B_FFLUSH:
		flush_all();
		r = vnum(num_of_ll(0));
		break;
	case B_RAND: {
		/* a 48-bit LCG (drand48's constants), as a decimal fraction in [0, 1) with 15 digits */
		rand_state = (rand_state * 0x5DEECE66DULL + 0xB) & ((1ULL << 48) - 1);
		r = vnum(mknum((__int128)(rand_state >> 8) * 1000000000000000LL / (1LL << 40), -15));
		break;
	}
	case B_SRAND: {
		num seed;
		if (argc) {
			a[0] = eval(n->list[0]);
			seed = tonum(&a[0]);
		} else {
			seed = num_of_ll(time(NULL));
		}
		r = vnum(prev_seed);
		prev_seed = seed;
		rand_state = ((unsigned long long)nto_ll(seed) << 16) | 0x330E;
		break;
	}
	}
	for (int i = 0; i < 3; i++)
		vfree(&a[i]);
	return r;
}

static void exec_block(Node *s);

static Value call_func(Node *n)
{
	Func *f = &funcs[n->var];
	struct frame fr, *saved = frame;
	Value r;
	if (n->nlist > f->nparams)
		fatal("function %s called with too many arguments", f->name);
	if (++depth > 1000)
		fatal("%s", "function call nesting too deep");
	fr.n = f->nparams;
	fr.locals = calloc(fr.n ? fr.n : 1, sizeof(Cell));
	for (int i = 0; i < n->nlist; i++) {
		Node *arg = n->list[i];
		if (arg->type == N_VAR) {
			Cell *c = var_cell(arg->var);
			if (c->kind == C_ARRAY || c->kind == C_UNSET) {
				fr.locals[i].ref = c;	/* arrays (and maybe-arrays) by reference */
				continue;
			}
		}
		fr.locals[i].kind = C_SCALAR;
		fr.locals[i].v = eval(arg);
	}
	frame = &fr;
	exec_block(f->body);
	frame = saved;
	depth--;
	if (flow == F_RETURN) {
		flow = F_NONE;
		r = return_value;
		return_value = (Value){ 0 };
	} else {
		r = (Value){ 0 };
	}
	for (int i = 0; i < fr.n; i++) {
		if (fr.locals[i].ref) {
			/* a by-reference argument the callee made an array stays one */
			continue;
		}
		vfree(&fr.locals[i].v);
		if (fr.locals[i].a) {
			aclear(fr.locals[i].a);
			free(fr.locals[i].a->tab);
			free(fr.locals[i].a);
		}
	}
	free(fr.locals);
	return r;
}

static Value do_getline(Node *n)
{
	char *rec;
	int got;
	if (n->op == T_LT || n->op == T_PIPE) {
		Value nv = eval(n->b);
		char *name = tostr(&nv);
		vfree(&nv);
		struct stream *st = get_stream(name, n->op == T_LT ? T_LT : 'c');
		free(name);
		if (!st)
			return vnum(num_of_ll(-1));
		got = read_record(st->f, &rec);
		if (got && !n->a) {
			set_record(rec);
			incr_nr(0);
		} else if (got) {
			long long fno = 0;
			Value tmp = { 0 };
			if (n->a->type == N_FIELD) {
				Value i = eval(n->a->a);
				fno = nto_ll(tonum(&i));
				vfree(&i);
			}
			(void)tmp;
			lvalue_set(n->a, fno, vstrnum_own(rec));
			if (n->op == T_PIPE)
				incr_nr(0);
		}
		return vnum(num_of_ll(got));
	}
	got = getline_main(&rec);
	if (got) {
		incr_nr(1);
		if (!n->a) {
			set_record(rec);
		} else {
			long long fno = 0;
			if (n->a->type == N_FIELD) {
				Value i = eval(n->a->a);
				fno = nto_ll(tonum(&i));
				vfree(&i);
			}
			lvalue_set(n->a, fno, vstrnum_own(rec));
		}
	}
	return vnum(num_of_ll(got));
}

static Value eval(Node *n)
{
	Value a, b, r;
	long long fno = 0;
	switch (n->type) {
	case N_NUM:
		return vnum(n->n);
	case N_STR:
		return vstr(n->s);
	case N_REGEX:
		return vnum(num_of_ll(regexec(n->re, record ? record : "", 0, NULL, 0) == 0));
	case N_GROUP:
		return eval(n->list[n->nlist - 1]);
	case N_VAR: {
		Cell *c = var_cell(n->var);
		if (c->kind == C_ARRAY)
			fatal("can't use array %s in scalar context", n->var >= 0 ? var_names[n->var] : "parameter");
		return vcopy(&c->v);
	}
	case N_FIELD:
		a = eval(n->a);
		fno = nto_ll(tonum(&a));
		vfree(&a);
		return get_field(fno);
	case N_INDEX: {
		Array *arr = cell_array(var_cell(n->var));
		char *k = subscript(n);
		Cell *c = aget(arr, k);
		free(k);
		c->kind = C_SCALAR;
		return vcopy(&c->v);
	}
	case N_IN: {
		Array *arr = cell_array(var_cell(n->var));
		char *k;
		if (n->a->type == N_GROUP) {
			Node tmp = { .type = N_INDEX, .list = n->a->list, .nlist = n->a->nlist };
			k = subscript(&tmp);
		} else {
			a = eval(n->a);
			k = tostr(&a);
			vfree(&a);
		}
		r = vnum(num_of_ll(afind(arr, k) != NULL));
		free(k);
		return r;
	}
	case N_ASSIGN: {
		if (n->op == T_ASSIGN) {
			b = eval(n->b);
			if (n->a->type == N_FIELD) {
				a = eval(n->a->a);
				fno = nto_ll(tonum(&a));
				vfree(&a);
			}
			r = vcopy(&b);
			lvalue_set(n->a, fno, b);
			return r;
		}
		b = eval(n->b);
		a = lvalue_get(n->a, &fno);
		num v = arith(n->op, tonum(&a), tonum(&b));
		vfree(&a);
		vfree(&b);
		lvalue_set(n->a, fno, vnum(v));
		return vnum(v);
	}
	case N_COND:
		a = eval(n->a);
		r = truth(&a) ? eval(n->b) : eval(n->c);
		vfree(&a);
		return r;
	case N_OR: case N_AND: {
		a = eval(n->a);
		int t = truth(&a);
		vfree(&a);
		if (n->type == N_OR ? t : !t)
			return vnum(num_of_ll(t));
		b = eval(n->b);
		t = truth(&b);
		vfree(&b);
		return vnum(num_of_ll(t));
	}
	case N_MATCH: case N_NOMATCH: {
		int m = match_value(n->a, n->b);
		return vnum(num_of_ll(n->type == N_MATCH ? m : !m));
	}
	case N_CMP: {
		a = eval(n->a);
		b = eval(n->b);
		int c = compare(&a, &b), t = 0;
		vfree(&a);
		vfree(&b);
		switch (n->op) {
		case T_LT: t = c < 0; break;
		case T_LE: t = c <= 0; break;
		case T_GT: t = c > 0; break;
		case T_GE: t = c >= 0; break;
		case T_EQ: t = c == 0; break;
		case T_NE: t = c != 0; break;
		}
		return vnum(num_of_ll(t));
	}
	case N_CONCAT: {
		a = eval(n->a);
		b = eval(n->b);
		char *x = tostr(&a), *y = tostr(&b);
		size_t lx = strlen(x), ly = strlen(y);
		char *z = malloc(lx + ly + 1);
		memcpy(z, x, lx);
		memcpy(z + lx, y, ly + 1);
		free(x);
		free(y);
		vfree(&a);
		vfree(&b);
		return vstr_own(z);
	}
	case N_BINARY:
		a = eval(n->a);
		b = eval(n->b);
		r = vnum(arith(n->op, tonum(&a), tonum(&b)));
		vfree(&a);
		vfree(&b);
		return r;
	case N_NEG: case N_PLUS: case N_NOT:
		a = eval(n->a);
		if (n->type == N_NOT)
			r = vnum(num_of_ll(!truth(&a)));
		else
			r = vnum(n->type == N_NEG ? nneg(tonum(&a)) : tonum(&a));
		vfree(&a);
		return r;
	case N_PREINC: case N_PREDEC: case N_POSTINC: case N_POSTDEC: {
		a = lvalue_get(n->a, &fno);
		num old = tonum(&a), nw = nadd(old, num_of_ll(n->type == N_PREINC || n->type == N_POSTINC ? 1 : -1));
		vfree(&a);
		lvalue_set(n->a, fno, vnum(nw));
		return vnum(n->type == N_PREINC || n->type == N_PREDEC ? nw : old);
	}
	case N_CALL:
		return call_func(n);
	case N_BUILTIN:
		return call_builtin(n);
	case N_GETLINE:
		return do_getline(n);
	}
	return (Value){ 0 };
}

static void do_print(Node *n)
{
	FILE *out = stdout;
	struct buf b = { 0 };
	bput(&b, "", 0);
	if (n->b) {
		Value d = eval(n->b);
		char *name = tostr(&d);
		struct stream *s = get_stream(name, n->op);
		vfree(&d);
		if (!s) {
			fprintf(stderr, "awk: cannot open \"%s\" for output: %s\n", name, strerror(errno));
			exit(2);
		}
		free(name);
		out = s->f;
	}
	if (n->type == S_PRINT) {
		char *ofs = tostr(&gcell(special[V_OFS])->v), *ors = tostr(&gcell(special[V_ORS])->v);
		if (!n->nlist) {
			bputs(&b, record ? record : "");
		}
		for (int i = 0; i < n->nlist; i++) {
			Value v = eval(n->list[i]);
			char *s = (v.flags & V_NUM) && !(v.flags & V_STR) ? tostr_fmt(&v, ofmt_s) : tostr(&v);
			if (i)
				bputs(&b, ofs);
			bputs(&b, s);
			free(s);
			vfree(&v);
		}
		bputs(&b, ors);
		free(ofs);
		free(ors);
	} else {
		Value *args = calloc(n->nlist, sizeof(Value));
		for (int i = 0; i < n->nlist; i++)
			args[i] = eval(n->list[i]);
		char *fmt = tostr(&args[0]), *s = format(fmt, args + 1, n->nlist - 1);
		bputs(&b, s);
		free(s);
		free(fmt);
		for (int i = 0; i < n->nlist; i++)
			vfree(&args[i]);
		free(args);
	}
	fwrite(b.s, 1, b.n, out);
	if (out == stderr || (out != stdout && isatty(fileno(out))))
		fflush(out);
	free(b.s);
}

static void exec_stmt(Node *s);

static void exec_block(Node *s)
{
	for (Node *x = s->a; x && !flow; x = x->next)
		exec_stmt(x);
}

static void exec_stmt(Node *s)
{
	Value v;
	switch (s->type) {
	case S_BLOCK:
		exec_block(s);
		return;
	case S_EXPR:
		v = eval(s->a);
		vfree(&v);
		return;
	case S_PRINT: case S_PRINTF:
		do_print(s);
		return;
	case S_IF:
		v = eval(s->a);
		if (truth(&v))
			exec_stmt(s->b);
		else if (s->c)
			exec_stmt(s->c);
		vfree(&v);
		return;
	case S_WHILE: case S_DO: case S_FOR:
		if (s->type == S_FOR && s->c)
			exec_stmt(s->c);
		for (int first = 1;; first = 0) {
			if (s->type != S_DO || !first) {
				if (s->a) {
					v = eval(s->a);
					int t = truth(&v);
					vfree(&v);
					if (!t)
						break;
				}
			}
			exec_stmt(s->b);
			if (flow == F_BREAK) {
				flow = F_NONE;
				break;
			}
			if (flow == F_CONTINUE)
				flow = F_NONE;
			if (flow)
				break;
			if (s->type == S_FOR && s->d)
				exec_stmt(s->d);
		}
		return;
	case S_FORIN: {
		Array *arr = cell_array(var_cell(s->a->var));
		size_t n = arr->count, k = 0;
		char **keys = malloc((n ? n : 1) * sizeof(char *));
		for (Elem *e = arr->first; e; e = e->next)
			keys[k++] = xstrdup(e->key);
		for (size_t i = 0; i < k; i++) {
			if (!afind(arr, keys[i]))
				continue;
			Cell *c = var_cell(s->var);
			vfree(&c->v);
			c->kind = C_SCALAR;
			c->v = vstrnum_own(xstrdup(keys[i]));
			exec_stmt(s->b);
			if (flow == F_BREAK) {
				flow = F_NONE;
				break;
			}
			if (flow == F_CONTINUE)
				flow = F_NONE;
			if (flow)
				break;
		}
		for (size_t i = 0; i < k; i++)
			free(keys[i]);
		free(keys);
		return;
	}
	case S_BREAK: flow = F_BREAK; return;
	case S_CONTINUE: flow = F_CONTINUE; return;
	case S_NEXT: flow = F_NEXT; return;
	case S_NEXTFILE: flow = F_NEXTFILE; return;
	case S_EXIT:
		if (s->a) {
			v = eval(s->a);
			exit_status = (int)nto_ll(tonum(&v));
			vfree(&v);
		}
		flow = F_EXIT;
		return;
	case S_RETURN:
		vfree(&return_value);
		if (s->a)
			return_value = eval(s->a);
		flow = F_RETURN;
		return;
	case S_DELETE: {
		Array *arr = cell_array(var_cell(s->var));
		char *k = subscript(s);
		adelete(arr, k);
		free(k);
		return;
	}
	case S_DELETE_ALL:
		aclear(cell_array(var_cell(s->var)));
		return;
	}
}

/* --------------------------------------------------------------- the main loop */

static char **av;
static int ac;

static int apply_assignment(const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !(isalpha((unsigned char)arg[0]) || arg[0] == '_'))
		return 0;
	for (const char *p = arg; p < eq; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return 0;
	char *name = strndup(arg, eq - arg);
	int v = global_var(name);
	free(name);
	Cell *c = &globals[v];
	if (c->kind == C_ARRAY)
		fatal("can't assign to %s; it's an array name.", var_names[v]);
	vfree(&c->v);
	c->kind = C_SCALAR;
	c->v = vstrnum_own(unescape(eq + 1, strlen(eq + 1), 0));
	after_assign(v);
	return 1;
}

static FILE *open_next_input(void)
{
	Cell *argv_c = gcell(special[V_ARGV]);
	long long argc = nto_ll(tonum(&gcell(special[V_ARGC])->v));
	if (main_eof)
		return NULL;
	while (main_index < argc) {
		char key[24];
		snprintf(key, sizeof(key), "%d", main_index++);
		Elem *e = afind(cell_array(argv_c), key);
		if (!e)
			continue;
		char *arg = tostr(&e->c.v);
		if (!*arg) {
			free(arg);
			continue;
		}
		if (apply_assignment(arg)) {
			free(arg);
			continue;
		}
		FILE *f = !strcmp(arg, "-") ? stdin : fopen(arg, "r");
		if (!f) {
			fprintf(stderr, "awk: cannot open %s (%s)\n", arg, strerror(errno));
			free(arg);
			exit_status = 2;
			continue;
		}
		Cell *fn = gcell(special[V_FILENAME]);
		vfree(&fn->v);
		fn->v = vstr_own(arg);
		Cell *fnr = gcell(special[V_FNR]);
		vfree(&fnr->v);
		fnr->v = vnum(num_of_ll(0));
		return f;
	}
	/* no file operands at all: standard input, once */
	static int used_stdin;
	int any_file = 0;
	for (long long i = 1; i < argc; i++) {
		char key[24];
		snprintf(key, sizeof(key), "%lld", i);
		Elem *e = afind(cell_array(argv_c), key);
		if (e) {
			char *arg = tostr(&e->c.v);
			const char *eq = strchr(arg, '=');
			if (*arg && !(eq && eq != arg && (isalpha((unsigned char)arg[0]) || arg[0] == '_')))
				any_file = 1;
			free(arg);
		}
	}
	main_eof = 1;
	if (!any_file && !used_stdin) {
		used_stdin = 1;
		return stdin;
	}
	return NULL;
}

static void run_end(void)
{
	if (flow == F_EXIT)
		return;
	flow = F_NONE;
	for (int i = 0; i < nend && !flow; i++)
		exec_block(ends[i]);
}

static void finish(void)
{
	for (int i = 0; i < MAXSTREAMS; i++)
		if (streams[i].f)
			close_stream(streams[i].name);
	fflush(stdout);
	exit(exit_status);
}

#define USAGE_LINE "usage: awk [-F fs][-v var=value][-f progfile | 'prog'][file ...]\n"
static const char usage_text[] =
	USAGE_LINE
	"\n"
	"The POSIX awk subset this awk implements:\n"
	"  BEGIN, END, pattern, /regex/, ranges (p1, p2); fields $0..$NF, NF assignable;\n"
	"  FS (\" \", one character, or an ERE), -F, RS (one character or \"\"), OFS, ORS,\n"
	"  NR, FNR, FILENAME, SUBSEP, RSTART, RLENGTH, CONVFMT, OFMT, ENVIRON, ARGC, ARGV;\n"
	"  variables, associative arrays (in, delete, for (k in a): insertion order),\n"
	"  functions; + - * / % ^ (integer powers), ++ --, op=, comparisons, ~ !~,\n"
	"  && || !, ?:, concatenation; if, while, do, for, break, continue, next,\n"
	"  nextfile, exit, return; print, printf (%d %i %o %x %X %u %c %s %e %f %g),\n"
	"  > >> | redirection, getline (var, < file, cmd |), close, fflush, system;\n"
	"  length substr index split sub gsub match sprintf tolower toupper int rand srand.\n"
	"Numbers are decimal with 18 significant digits; sqrt exp log sin cos atan2 are not\n"
	"provided (no floating point in this machine's user programs).\n";

int main(int argc, char **argv)
{
	struct buf prog = { 0 };
	int have_prog = 0, i;
	char **assigns = calloc(argc, sizeof(char *));
	int nassigns = 0;
	const char *fs_opt = NULL;

	for (int k = 0; k < NSPECIAL; k++)
		special[k] = global_var(special_names[k]);
	convfmt_s = xstrdup("%.6g");
	ofmt_s = xstrdup("%.6g");
	globals[special[V_FS]].v = vstr(" ");
	globals[special[V_OFS]].v = vstr(" ");
	globals[special[V_ORS]].v = vstr("\n");
	globals[special[V_RS]].v = vstr("\n");
	globals[special[V_SUBSEP]].v = vstr("\034");
	globals[special[V_CONVFMT]].v = vstr("%.6g");
	globals[special[V_OFMT]].v = vstr("%.6g");
	globals[special[V_NR]].v = vnum(num_of_ll(0));
	globals[special[V_NF]].v = vnum(num_of_ll(0));
	globals[special[V_FNR]].v = vnum(num_of_ll(0));
	globals[special[V_RSTART]].v = vnum(num_of_ll(0));
	globals[special[V_RLENGTH]].v = vnum(num_of_ll(-1));
	globals[special[V_FILENAME]].v = vstr("");
	for (int k = 0; k < NSPECIAL; k++)
		if (k != V_ENVIRON && k != V_ARGV)
			globals[special[k]].kind = C_SCALAR;
	{
		Array *env = cell_array(&globals[special[V_ENVIRON]]);
		for (char **e = environ; e && *e; e++) {
			const char *eq = strchr(*e, '=');
			if (!eq)
				continue;
			char *k = strndup(*e, eq - *e);
			Cell *c = aget(env, k);
			c->kind = C_SCALAR;
			c->v = vstrnum_own(xstrdup(eq + 1));
			free(k);
		}
	}

	for (i = 1; i < argc; i++) {
		char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h") || !strcmp(a, "-W") || !strcmp(a, "--usage")) {
			fputs(usage_text, stdout);
			return 0;
		}
		if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			puts("awk (kmemlab) 1.0: POSIX awk subset, decimal arithmetic");
			return 0;
		}
		if (a[0] != '-' || !a[1])
			break;
		if (a[1] == 'F' || a[1] == 'v' || a[1] == 'f') {
			const char *v = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
			if (!v) {
				fprintf(stderr, "awk: option requires an argument -- %c\n%s", a[1], USAGE_LINE);
				return 2;
			}
			if (a[1] == 'F') {
				fs_opt = v;
			} else if (a[1] == 'v') {
				if (!strchr(v, '=')) {
					fprintf(stderr, "awk: improper assignment: -v %s\n", v);
					return 2;
				}
				assigns[nassigns++] = (char *)v;
			} else {
				FILE *f = !strcmp(v, "-") ? stdin : fopen(v, "r");
				char chunk[4096];
				size_t r;
				if (!f) {
					fprintf(stderr, "awk: couldn't open file %s (%s)\n", v, strerror(errno));
					return 2;
				}
				while ((r = fread(chunk, 1, sizeof(chunk), f)) > 0)
					bput(&prog, chunk, r);
				bputc(&prog, '\n');
				if (f != stdin)
					fclose(f);
				have_prog = 1;
			}
			continue;
		}
		fprintf(stderr, "awk: not an option: %s\n%s", a, USAGE_LINE);
		return 2;
	}
	if (!have_prog) {
		if (i >= argc) {
			fputs(USAGE_LINE, stderr);
			return 2;
		}
		bputs(&prog, argv[i++]);
	}
	ac = argc;
	av = argv;
	{
		Array *arr = cell_array(&globals[special[V_ARGV]]);
		Cell *c = aget(arr, "0");
		c->kind = C_SCALAR;
		c->v = vstr("awk");
		int k = 1;
		for (; i < argc; i++, k++) {
			char key[24];
			snprintf(key, sizeof(key), "%d", k);
			c = aget(arr, key);
			c->kind = C_SCALAR;
			c->v = vstrnum_own(xstrdup(argv[i]));
		}
		vfree(&globals[special[V_ARGC]].v);
		globals[special[V_ARGC]].v = vnum(num_of_ll(k));
	}
	if (fs_opt) {
		vfree(&globals[special[V_FS]].v);
		globals[special[V_FS]].v = vstr_own(!strcmp(fs_opt, "t") ? xstrdup("\t") : unescape(fs_opt, strlen(fs_opt), 1));
	}
	for (int k = 0; k < nassigns; k++)
		apply_assignment(assigns[k]);
	parse_program(prog.s ? prog.s : "");
	record = xstrdup("");
	fields_valid = 1;

	static struct frame top;
	frame = &top;
	for (int k = 0; k < nbegin && !flow; k++)
		exec_block(begins[k]);
	if (flow == F_EXIT) {
		flow = F_NONE;
		run_end();
		finish();
	}
	flow = F_NONE;
	if (nitems || nend) {
		char *rec;
		while (getline_main(&rec)) {
			incr_nr(1);
			set_record(rec);
			for (int k = 0; k < nitems; k++) {
				struct item *it = &items[k];
				int run = 0;
				if (!it->pattern) {
					run = 1;
				} else if (it->pattern2) {
					if (!it->in_range) {
						Value v = eval(it->pattern);
						if (truth(&v))
							it->in_range = 1;
						vfree(&v);
					}
					if (it->in_range) {
						run = 1;
						Value v = eval(it->pattern2);
						if (truth(&v))
							it->in_range = 0;
						vfree(&v);
					}
				} else {
					Value v = eval(it->pattern);
					run = truth(&v);
					vfree(&v);
				}
				if (!run)
					continue;
				if (it->action) {
					exec_block(it->action);
				} else {
					Node p = { .type = S_PRINT };
					do_print(&p);
				}
				if (flow)
					break;
			}
			if (flow == F_NEXT)
				flow = F_NONE;
			if (flow == F_NEXTFILE) {
				flow = F_NONE;
				if (main_in && main_in != stdin)
					fclose(main_in);
				main_in = NULL;
			}
			if (flow == F_EXIT)
				break;
		}
	}
	if (flow == F_EXIT)
		flow = F_NONE;
	run_end();
	finish();
	return 0;
}
