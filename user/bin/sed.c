/*
 * sed [-n] [-E|-r] [-e SCRIPT]... [SCRIPT] [FILE...]: stream editor.
 * Commands: s y p P d D q Q = n N a i c { } ! with addresses N, $, /re/,
 * \cREc, ranges a,b and a,+N. Regular expressions are POSIX basic (GNU
 * flavour) or, with -E, extended.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <unistd.h>

enum { AD_NONE, AD_LINE, AD_LAST, AD_RE, AD_PLUS, AD_STEP };

struct addr {
	int type;
	long line, step;
	regex_t *re;
};

struct cmd {
	struct addr a1, a2;
	int neg, active;
	long end_line;
	char c;
	int jump;		/* '{': index after the matching '}' */
	regex_t *re;		/* s */
	char *repl;
	int global, print, nth;
	int code;		/* q, Q */
	char *text;		/* a i c; y: 256-byte map */
};

static struct cmd *cmds;
static int ncmds;
static int nflag, ere;
static const char *script;
static int spos;		/* parse cursor in script */
static regex_t *last_re;

static void bad(const char *msg, ...)
{
	fprintf(stderr, "sed: -e expression #1, char %d: %s\n", spos, msg);
	exit(1);
}

static struct cmd *new_cmd(void)
{
	cmds = realloc(cmds, (ncmds + 1) * sizeof(struct cmd));
	memset(&cmds[ncmds], 0, sizeof(struct cmd));
	return &cmds[ncmds++];
}

/* Read up to an unescaped delimiter; \delim becomes delim (unless delim is special in the context). */
static char *read_delimited(char delim, int is_re, const char *unterminated)
{
	size_t cap = 64, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		char c = script[spos];
		if (!c)
			bad(unterminated);
		spos++;
		if (n + 3 >= cap)
			buf = realloc(buf, cap *= 2);
		if (c == delim)
			break;
		if (c == '\\') {
			char d = script[spos];
			if (!d)
				bad(unterminated);
			spos++;
			if (d == delim && (!is_re || !strchr(".*[]^$+?(){}|", d))) {
				buf[n++] = d;
			} else if (d == '\n') {
				if (is_re) {
					buf[n++] = '\\';
					buf[n++] = 'n';
				} else {
					buf[n++] = '\n';
				}
			} else {
				buf[n++] = '\\';
				buf[n++] = d;
			}
			continue;
		}
		if (c == '\n' && is_re)
			bad(unterminated);
		buf[n++] = c;
	}
	buf[n] = 0;
	return buf;
}

static regex_t *compile(char *pat, int icase)
{
	if (!*pat) {
		free(pat);
		return 0; /* the last regular expression used */
	}
	regex_t *re = malloc(sizeof(*re));
	int r = regcomp(re, pat, (ere ? REG_EXTENDED : 0) | (icase ? REG_ICASE : 0));
	if (r) {
		char msg[128];
		regerror(r, re, msg, sizeof(msg));
		bad(msg);
	}
	free(pat);
	return re;
}

static void skip_ws(void)
{
	while (script[spos] == ' ' || script[spos] == '\t')
		spos++;
}

static int parse_addr(struct addr *a)
{
	char c = script[spos];
	if (isdigit((unsigned char)c)) {
		a->type = AD_LINE;
		a->line = strtol(script + spos, 0, 10);
		while (isdigit((unsigned char)script[spos]))
			spos++;
		if (script[spos] == '~') {
			spos++;
			a->type = AD_STEP;
			a->step = strtol(script + spos, 0, 10);
			while (isdigit((unsigned char)script[spos]))
				spos++;
		}
		return 1;
	}
	if (c == '$') {
		a->type = AD_LAST;
		spos++;
		return 1;
	}
	if (c == '/' || c == '\\') {
		spos++;
		char delim = '/';
		if (c == '\\')
			delim = script[spos++];
		char *pat = read_delimited(delim, 1, "unterminated address regex");
		int icase = 0;
		while (script[spos] == 'I' || script[spos] == 'M') {
			icase |= script[spos] == 'I';
			spos++;
		}
		a->type = AD_RE;
		a->re = compile(pat, icase);
		return 1;
	}
	return 0;
}

static char *read_text(void)
{
	skip_ws();
	if (script[spos] == '\\') {
		spos++;
		if (script[spos] == '\n')
			spos++;
	}
	size_t cap = 64, n = 0;
	char *t = malloc(cap);
	while (script[spos] && script[spos] != '\n') {
		char c = script[spos++];
		if (c == '\\' && script[spos])
			c = script[spos++];
		if (n + 2 >= cap)
			t = realloc(t, cap *= 2);
		t[n++] = c;
	}
	t[n] = 0;
	return t;
}

static void end_of_cmd(void)
{
	skip_ws();
	char c = script[spos];
	if (c == ';' || c == '\n')
		spos++;
	else if (c && c != '}' && c != '#')
		bad("extra characters after command");
}

static void parse(void)
{
	int stack[64], depth = 0;
	for (;;) {
		while (script[spos] == ' ' || script[spos] == '\t' || script[spos] == '\n' || script[spos] == ';')
			spos++;
		if (!script[spos])
			break;
		if (script[spos] == '#') {
			while (script[spos] && script[spos] != '\n')
				spos++;
			continue;
		}
		struct cmd *c = new_cmd();
		if (parse_addr(&c->a1)) {
			if (script[spos] == ',') {
				spos++;
				if (script[spos] == '+') {
					spos++;
					c->a2.type = AD_PLUS;
					c->a2.line = strtol(script + spos, 0, 10);
					while (isdigit((unsigned char)script[spos]))
						spos++;
				} else if (!parse_addr(&c->a2)) {
					spos++;
					bad("unexpected `,'");
				}
			}
		}
		skip_ws();
		while (script[spos] == '!') {
			c->neg = 1;
			spos++;
			skip_ws();
		}
		c->c = script[spos];
		if (!c->c)
			bad("missing command");
		spos++;
		switch (c->c) {
		case '{':
			if (depth == 64)
				bad("too many {");
			stack[depth++] = ncmds - 1;
			break;
		case '}':
			if (!depth || c->a1.type)
				bad("unexpected `}'");
			cmds[stack[--depth]].jump = ncmds;
			end_of_cmd();
			break;
		case 'p': case 'P': case 'd': case 'D': case '=': case 'n': case 'N': case 'g': case 'G': case 'h': case 'H': case 'x':
			end_of_cmd();
			break;
		case 'q': case 'Q':
			skip_ws();
			c->code = (int)strtol(script + spos, 0, 10);
			while (isdigit((unsigned char)script[spos]))
				spos++;
			end_of_cmd();
			break;
		case 'a': case 'i': case 'c':
			c->text = read_text();
			break;
		case 'y': {
			char delim = script[spos++];
			if (!delim || delim == '\n' || delim == '\\')
				bad("unterminated `y' command");
			char *a = read_delimited(delim, 0, "unterminated `y' command");
			char *b = read_delimited(delim, 0, "unterminated `y' command");
			char *map = malloc(256);
			for (int i = 0; i < 256; i++)
				map[i] = (char)i;
			/* unescape \\ and \n in both strings */
			char *sa = a, *sb = b;
			int la = 0, lb = 0;
			for (char *p = a; *p; p++)
				sa[la++] = (*p == '\\' && p[1]) ? (*++p == 'n' ? '\n' : *p) : *p;
			for (char *p = b; *p; p++)
				sb[lb++] = (*p == '\\' && p[1]) ? (*++p == 'n' ? '\n' : *p) : *p;
			if (la != lb)
				bad("strings for `y' command are different lengths");
			for (int i = 0; i < la; i++)
				map[(unsigned char)sa[i]] = sb[i];
			free(a);
			free(b);
			c->text = map;
			end_of_cmd();
			break;
		}
		case 's': {
			char delim = script[spos++];
			if (!delim || delim == '\n' || delim == '\\')
				bad("unterminated `s' command");
			char *pat = read_delimited(delim, 1, "unterminated `s' command");
			c->repl = read_delimited(delim, 0, "unterminated `s' command");
			int icase = 0;
			for (;;) {
				char f = script[spos];
				if (f == 'g')
					c->global = 1;
				else if (f == 'p')
					c->print = 1;
				else if (f == 'i' || f == 'I')
					icase = 1;
				else if (isdigit((unsigned char)f)) {
					c->nth = (int)strtol(script + spos, 0, 10);
					while (isdigit((unsigned char)script[spos + 1]))
						spos++;
					if (c->nth == 0) {
						spos++;
						bad("number option to `s' command may not be zero");
					}
				} else if (f == ';' || f == '\n' || f == '}' || f == '#' || f == ' ' || f == '\t' || !f)
					break;
				else {
					spos++;
					bad("unknown option to `s'");
				}
				spos++;
			}
			c->re = compile(pat, icase);
			/* check back references against the pattern */
			size_t nsub = c->re ? c->re->re_nsub : 9;
			for (char *p = c->repl; *p; p++)
				if (*p == '\\' && p[1]) {
					p++;
					if (*p >= '1' && *p <= '9' && (size_t)(*p - '0') > nsub) {
						char msg[64];
						snprintf(msg, sizeof(msg), "invalid reference \\%c on `s' command's RHS", *p);
						bad(msg);
					}
				}
			end_of_cmd();
			break;
		}
		default: {
			char msg[64];
			snprintf(msg, sizeof(msg), "unknown command: `%c'", c->c);
			bad(msg);
		}
		}
	}
	if (depth) {
		spos = 0;
		bad("unmatched `{'");
	}
}

/* ---- input ---- */
static char **files;
static int nfiles, fidx, status;
static FILE *in;

static int fetch(char **line, size_t *cap, size_t *len, int *nl)
{
	for (;;) {
		if (!in) {
			if (fidx >= (nfiles ? nfiles : 1))
				return 0;
			const char *name = nfiles ? files[fidx] : "-";
			fidx++;
			in = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
			if (!in) {
				fprintf(stderr, "sed: can't read %s: %s\n", name, strerror(errno));
				status = 2;
				continue;
			}
		}
		ssize_t n = getline(line, cap, in);
		if (n >= 0) {
			*nl = n > 0 && (*line)[n - 1] == '\n';
			if (*nl)
				n--;
			*len = (size_t)n;
			return 1;
		}
		if (in != stdin)
			fclose(in);
		in = 0;
	}
}

static char *nxt;
static size_t nxtcap, nxtlen;
static int nxtnl, have_next;

static int next_line(char **ps, size_t *pscap, size_t *pslen, int *nl)
{
	if (!have_next)
		return 0;
	if (*pscap < nxtlen + 1)
		*ps = realloc(*ps, *pscap = nxtlen + 1);
	memcpy(*ps, nxt, nxtlen);
	*pslen = nxtlen;
	(*ps)[nxtlen] = 0;
	*nl = nxtnl;
	have_next = fetch(&nxt, &nxtcap, &nxtlen, &nxtnl);
	return 1;
}

/* ---- output ---- */
static int missing_nl;

static void out(const char *s, size_t n, int nl)
{
	if (missing_nl)
		putchar('\n');
	fwrite(s, 1, n, stdout);
	if (nl)
		putchar('\n');
	missing_nl = !nl;
}

static void out_raw(const char *s, size_t n)
{
	if (missing_nl)
		putchar('\n');
	fwrite(s, 1, n, stdout);
	missing_nl = 0;
}

/* ---- execution ---- */
struct buf {
	char *p;
	size_t n, cap;
};

static void badd(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = 0;
}

static regex_t *use_re(regex_t *re)
{
	if (re) {
		last_re = re;
		return re;
	}
	if (!last_re) {
		fprintf(stderr, "sed: no previous regular expression\n");
		exit(1);
	}
	return last_re;
}

static int re_match(regex_t *re, const char *s, size_t len)
{
	return regnexec(use_re(re), s, len, 0, 0, 0) == 0;
}

static long lineno;
static int is_last;

static int match_one(struct addr *a, const char *ps, size_t len)
{
	switch (a->type) {
	case AD_LINE: return lineno == a->line;
	case AD_LAST: return is_last;
	case AD_STEP: return a->step <= 0 ? lineno == a->line : lineno >= a->line && (lineno - a->line) % a->step == 0;
	case AD_RE: return re_match(a->re, ps, len);
	}
	return 1;
}

static int selected(struct cmd *c, const char *ps, size_t len)
{
	int r;
	if (c->a1.type == AD_NONE)
		r = 1;
	else if (c->a2.type == AD_NONE)
		r = match_one(&c->a1, ps, len);
	else if (c->active) {
		r = 1;
		if (c->a2.type == AD_LINE || c->a2.type == AD_PLUS) {
			if (lineno >= c->end_line)
				c->active = 0;
		} else if (match_one(&c->a2, ps, len)) {
			c->active = 0;
		}
	} else if (match_one(&c->a1, ps, len)) {
		r = 1;
		c->active = 1;
		if (c->a2.type == AD_LINE) {
			c->end_line = c->a2.line;
			if (c->end_line <= lineno)
				c->active = 0;
		} else if (c->a2.type == AD_PLUS) {
			c->end_line = lineno + c->a2.line;
			if (c->end_line <= lineno)
				c->active = 0;
		} else if (c->a2.type == AD_LAST && is_last) {
			c->active = 0;
		}
	} else {
		r = 0;
	}
	return r != c->neg;
}

static int substitute(struct cmd *c, char **ps, size_t *pslen, size_t *pscap)
{
	regex_t *re = use_re(c->re);
	regmatch_t m[10];
	struct buf b = { 0, 0, 0 };
	badd(&b, "", 0);
	size_t pos = 0, len = *pslen;
	long last_eo = -1;
	int count = 0, done = 0;
	const char *s = *ps;
	while (pos <= len && regexec_at(re, s, len, pos, 10, m, 0) == 0) {
		size_t so = m[0].rm_so, eo = m[0].rm_eo;
		if (so == eo && (long)so == last_eo) {
			/* an empty match right after the previous match does not count */
			if (so < len)
				badd(&b, s + so, 1);
			badd(&b, s + pos, 0);
			pos = so + 1;
			continue;
		}
		badd(&b, s + pos, so - pos);
		count++;
		if (count >= (c->nth ? c->nth : 1)) {
			done = 1;
			for (const char *r = c->repl; *r; r++) {
				if (*r == '&') {
					badd(&b, s + so, eo - so);
				} else if (*r == '\\' && r[1]) {
					r++;
					if (*r >= '0' && *r <= '9') {
						int g = *r - '0';
						if (m[g].rm_so >= 0)
							badd(&b, s + m[g].rm_so, m[g].rm_eo - m[g].rm_so);
					} else if (*r == 'n') {
						badd(&b, "\n", 1);
					} else if (*r == 't') {
						badd(&b, "\t", 1);
					} else {
						badd(&b, r, 1);
					}
				} else {
					badd(&b, r, 1);
				}
			}
		} else {
			badd(&b, s + so, eo - so);
		}
		last_eo = (long)eo;
		if (so == eo) {
			if (so < len)
				badd(&b, s + so, 1);
			pos = so + 1;
		} else {
			pos = eo;
		}
		if (done && !c->global)
			break;
	}
	if (!done) {
		free(b.p);
		return 0;
	}
	if (pos < len)
		badd(&b, s + pos, len - pos);
	free(*ps);
	*ps = b.p;
	*pslen = b.n;
	*pscap = b.cap;
	return 1;
}

int main(int argc, char **argv)
{
	struct buf sc = { 0, 0, 0 };
	int c, have_script = 0;
	while ((c = getopt(argc, argv, "ne:Erf:s")) != -1) {
		switch (c) {
		case 'n': nflag = 1; break;
		case 'E': case 'r': ere = 1; break;
		case 's': break;
		case 'e':
			if (have_script)
				badd(&sc, "\n", 1);
			badd(&sc, optarg, strlen(optarg));
			have_script = 1;
			break;
		case 'f': {
			FILE *f = fopen(optarg, "r");
			if (!f) {
				fprintf(stderr, "sed: couldn't open file %s: %s\n", optarg, strerror(errno));
				return 1;
			}
			if (have_script)
				badd(&sc, "\n", 1);
			char tmp[4096];
			size_t n;
			while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
				badd(&sc, tmp, n);
			fclose(f);
			have_script = 1;
			break;
		}
		default:
			fprintf(stderr, "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n");
			return 1;
		}
	}
	if (!have_script) {
		if (optind >= argc) {
			fprintf(stderr, "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n");
			return 1;
		}
		badd(&sc, argv[optind], strlen(argv[optind]));
		optind++;
	}
	script = sc.p ? sc.p : "";
	parse();
	files = argv + optind;
	nfiles = argc - optind;

	char *ps = 0, *hold = calloc(1, 1);
	size_t pscap = 0, pslen = 0, holdlen = 0;
	int nl = 1, quit = -1;
	struct buf append = { 0, 0, 0 };
	have_next = fetch(&nxt, &nxtcap, &nxtlen, &nxtnl);
	int restart = 0; /* D: restart the cycle without reading */
	while (quit < 0 && (restart || next_line(&ps, &pscap, &pslen, &nl))) {
		if (!restart)
			lineno++;
		restart = 0;
		is_last = !have_next;
		int autoprint = !nflag, pc = 0;
		append.n = 0;
		while (pc < ncmds) {
			struct cmd *cm = &cmds[pc];
			if (cm->c == '}') {
				pc++;
				continue;
			}
			if (!selected(cm, ps, pslen)) {
				pc = cm->c == '{' ? cm->jump : pc + 1;
				continue;
			}
			pc++;
			switch (cm->c) {
			case '{':
				break;
			case 's':
				if (substitute(cm, &ps, &pslen, &pscap) && cm->print)
					out(ps, pslen, 1);
				break;
			case 'y':
				for (size_t i = 0; i < pslen; i++)
					ps[i] = cm->text[(unsigned char)ps[i]];
				break;
			case 'p':
				out(ps, pslen, 1);
				break;
			case 'P': {
				char *e = memchr(ps, '\n', pslen);
				out(ps, e ? (size_t)(e - ps) : pslen, 1);
				break;
			}
			case '=':
				if (missing_nl)
					putchar('\n');
				missing_nl = 0;
				printf("%ld\n", lineno);
				break;
			case 'd':
				autoprint = 0;
				pc = ncmds;
				break;
			case 'D': {
				char *e = memchr(ps, '\n', pslen);
				autoprint = 0;
				pc = ncmds;
				if (e) {
					size_t rest = pslen - (e + 1 - ps);
					memmove(ps, e + 1, rest);
					pslen = rest;
					restart = 1;
				}
				break;
			}
			case 'q':
				quit = cm->code;
				pc = ncmds;
				break;
			case 'Q':
				quit = cm->code;
				autoprint = 0;
				pc = ncmds;
				break;
			case 'n':
				if (!have_next) {
					pc = ncmds;
					quit = 0;
					break;
				}
				if (!nflag)
					out(ps, pslen, nl);
				if (append.n) {
					out_raw(append.p, append.n);
					append.n = 0;
				}
				next_line(&ps, &pscap, &pslen, &nl);
				lineno++;
				is_last = !have_next;
				break;
			case 'N':
				if (!have_next) {
					pc = ncmds;
					quit = 0;
					break;
				}
				{
					char *o = 0;
					size_t ocap = 0, olen = 0;
					next_line(&o, &ocap, &olen, &nl);
					if (pscap < pslen + olen + 2)
						ps = realloc(ps, pscap = pslen + olen + 2);
					ps[pslen++] = '\n';
					memcpy(ps + pslen, o, olen);
					pslen += olen;
					ps[pslen] = 0;
					free(o);
				}
				lineno++;
				is_last = !have_next;
				break;
			case 'g':
			case 'G':
			case 'h':
			case 'H':
			case 'x': {
				char **dst = (cm->c == 'g' || cm->c == 'G') ? &ps : &hold;
				char *src = (cm->c == 'g' || cm->c == 'G') ? hold : ps;
				size_t srclen = (cm->c == 'g' || cm->c == 'G') ? holdlen : pslen;
				size_t *dlen = dst == &ps ? &pslen : &holdlen;
				if (cm->c == 'x') {
					char *t = ps;
					size_t tl = pslen;
					ps = hold;
					pslen = holdlen;
					hold = t;
					holdlen = tl;
					pscap = pslen + 1;
					break;
				}
				int app = cm->c == 'G' || cm->c == 'H';
				char *n = malloc((app ? *dlen + 1 : 0) + srclen + 1);
				size_t k = 0;
				if (app) {
					memcpy(n, *dst, *dlen);
					k = *dlen;
					n[k++] = '\n';
				}
				memcpy(n + k, src, srclen);
				k += srclen;
				n[k] = 0;
				free(*dst);
				*dst = n;
				*dlen = k;
				if (dst == &ps)
					pscap = k + 1;
				break;
			}
			case 'a':
				badd(&append, cm->text, strlen(cm->text));
				badd(&append, "\n", 1);
				break;
			case 'i':
				out(cm->text, strlen(cm->text), 1);
				break;
			case 'c':
				autoprint = 0;
				pc = ncmds;
				if (!cm->active || cm->neg)
					out(cm->text, strlen(cm->text), 1);
				break;
			}
		}
		if (autoprint && !restart)
			out(ps, pslen, nl);
		else if (autoprint && restart)
			out(ps, pslen, 1);
		if (append.n)
			out_raw(append.p, append.n);
		if (restart && quit >= 0)
			break;
	}
	fflush(stdout);
	if (quit > 0)
		return quit;
	return status;
}
