/*
 * grep [-qivcnlhHsEFwxo] [-m NUM] [-A N] [-B N] [-C N] [-e PATTERN]... [PATTERN] [FILE...]
 * Basic regular expressions (. * ^ $ [...] \( \) \| \+ \? \{m,n\}) and with
 * -E extended ones (+ ? | ( ) {m,n}); a small backtracking matcher.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <unistd.h>

enum { A_CHAR, A_ANY, A_SET, A_GROUP, A_BOL, A_EOL };

struct alt;
struct piece {
	int type, min, max;
	unsigned char c;
	unsigned char set[32];
	struct alt *group;
};
struct seq {
	struct piece *p;
	int n;
};
struct alt {
	struct seq *s;
	int n;
};

static int ere, icase, fixed;
static int word, whole_line;	/* -w, -x: where a match may end (and start) */
static int match_end;		/* end of the last successful match */
static const char *rp;	/* pattern cursor */
static const char *txt;
static int tlen;

static void die(const char *msg)
{
	fprintf(stderr, "grep: %s\n", msg);
	exit(2);
}

static void set_add(unsigned char *set, int c)
{
	set[c >> 3] |= 1 << (c & 7);
	if (icase && isalpha(c)) {
		int o = isupper(c) ? tolower(c) : toupper(c);
		set[o >> 3] |= 1 << (o & 7);
	}
}

static int at_alt_end(void)
{
	if (!*rp)
		return 1;
	if (ere)
		return *rp == '|' || *rp == ')';
	return rp[0] == '\\' && (rp[1] == '|' || rp[1] == ')');
}

static struct alt *parse_alt(void);

static void parse_set(struct piece *p)
{
	int neg = 0;
	rp++; /* [ */
	if (*rp == '^') {
		neg = 1;
		rp++;
	}
	const char *start = rp;
	while (*rp && (*rp != ']' || rp == start)) {
		if (rp[0] == '[' && rp[1] == ':') {
			const char *e = strstr(rp + 2, ":]");
			if (e) {
				char name[16];
				int n = (int)(e - rp - 2);
				if (n > 15)
					n = 15;
				memcpy(name, rp + 2, n);
				name[n] = 0;
				for (int c = 1; c < 256; c++) {
					int in = (!strcmp(name, "alpha") && isalpha(c)) || (!strcmp(name, "digit") && isdigit(c)) ||
						 (!strcmp(name, "alnum") && isalnum(c)) || (!strcmp(name, "space") && isspace(c)) ||
						 (!strcmp(name, "upper") && isupper(c)) || (!strcmp(name, "lower") && islower(c)) ||
						 (!strcmp(name, "xdigit") && isxdigit(c)) || (!strcmp(name, "punct") && ispunct(c)) ||
						 (!strcmp(name, "blank") && isblank(c)) || (!strcmp(name, "print") && isprint(c));
					if (in)
						set_add(p->set, c);
				}
				rp = e + 2;
				continue;
			}
		}
		unsigned char lo = *rp++;
		if (rp[0] == '-' && rp[1] && rp[1] != ']') {
			unsigned char hi = rp[1];
			rp += 2;
			for (int c = lo; c <= hi; c++)
				set_add(p->set, c);
		} else {
			set_add(p->set, lo);
		}
	}
	if (*rp != ']')
		die("Unmatched [, [^, [:, [., or [=");
	rp++;
	if (neg) {
		for (int i = 0; i < 32; i++)
			p->set[i] = ~p->set[i];
		p->set['\n' >> 3] &= ~(1 << ('\n' & 7));
	}
}

static int parse_count(struct piece *p)
{
	/* at the character after '{' */
	char *end;
	p->min = (int)strtol(rp, &end, 10);
	if (end == rp)
		return -1;
	rp = end;
	p->max = p->min;
	if (*rp == ',') {
		rp++;
		if (isdigit((unsigned char)*rp)) {
			p->max = (int)strtol(rp, &end, 10);
			rp = end;
		} else {
			p->max = 1 << 30;
		}
	}
	if (ere) {
		if (*rp != '}')
			return -1;
		rp++;
	} else {
		if (rp[0] != '\\' || rp[1] != '}')
			return -1;
		rp += 2;
	}
	return 0;
}

static struct seq parse_seq(void)
{
	struct seq s = { 0, 0 };
	int cap = 0;
	while (!at_alt_end()) {
		if (s.n == cap) {
			cap = cap ? cap * 2 : 8;
			s.p = realloc(s.p, cap * sizeof(struct piece));
		}
		struct piece *p = &s.p[s.n];
		memset(p, 0, sizeof(*p));
		p->min = p->max = 1;
		char c = *rp;
		if (c == '^' && (ere || s.n == 0)) {
			p->type = A_BOL;
			rp++;
		} else if (c == '$' && (ere || rp[1] == 0 || (rp[1] == '\\' && (rp[2] == ')' || rp[2] == '|')))) {
			p->type = A_EOL;
			rp++;
		} else if (c == '.') {
			p->type = A_ANY;
			rp++;
		} else if (c == '[') {
			p->type = A_SET;
			parse_set(p);
		} else if ((ere && c == '(') || (!ere && c == '\\' && rp[1] == '(')) {
			rp += ere ? 1 : 2;
			p->type = A_GROUP;
			p->group = parse_alt();
			if (ere && *rp == ')')
				rp++;
			else if (!ere && rp[0] == '\\' && rp[1] == ')')
				rp += 2;
			else
				die("Unmatched ( or \\(");
		} else if (c == '*' && s.n == 0) {
			p->type = A_CHAR;
			p->c = '*';
			rp++;
		} else {
			if (c == '\\' && rp[1]) {
				rp++;
				c = *rp;
			}
			rp++;
			if (icase && isalpha((unsigned char)c)) {
				p->type = A_SET;
				set_add(p->set, (unsigned char)c);
			} else {
				p->type = A_CHAR;
				p->c = (unsigned char)c;
			}
		}
		s.n++;
		/* quantifiers */
		for (;;) {
			if (*rp == '*') {
				rp++;
				p->min = 0;
				p->max = 1 << 30;
			} else if (ere && *rp == '+') {
				rp++;
				p->max = 1 << 30;
			} else if (ere && *rp == '?') {
				rp++;
				p->min = 0;
			} else if (!ere && rp[0] == '\\' && rp[1] == '+') {
				rp += 2;
				p->max = 1 << 30;
			} else if (!ere && rp[0] == '\\' && rp[1] == '?') {
				rp += 2;
				p->min = 0;
			} else if (ere && *rp == '{' && isdigit((unsigned char)rp[1])) {
				rp++;
				if (parse_count(p) < 0)
					die("Invalid content of \\{\\}");
			} else if (!ere && rp[0] == '\\' && rp[1] == '{') {
				rp += 2;
				if (parse_count(p) < 0)
					die("Invalid content of \\{\\}");
			} else {
				break;
			}
		}
	}
	return s;
}

static struct alt *parse_alt(void)
{
	struct alt *a = calloc(1, sizeof(*a));
	for (;;) {
		a->s = realloc(a->s, (a->n + 1) * sizeof(struct seq));
		a->s[a->n++] = parse_seq();
		if (ere && *rp == '|')
			rp++;
		else if (!ere && rp[0] == '\\' && rp[1] == '|')
			rp += 2;
		else
			return a;
	}
}

struct cont {
	struct piece *rep;
	int count, start;
	struct seq *s;
	int i;
	struct cont *next;
};

static int m_seq(struct seq *s, int i, int pos, struct cont *k);

static int m_group(struct piece *p, int count, int pos, struct seq *s, int i, struct cont *k)
{
	if (count < p->max) {
		struct cont c = { p, count + 1, pos, s, i, k };
		for (int b = 0; b < p->group->n; b++)
			if (m_seq(&p->group->s[b], 0, pos, &c))
				return 1;
	}
	if (count >= p->min)
		return m_seq(s, i + 1, pos, k);
	return 0;
}

static int one(struct piece *p, int pos)
{
	if (pos >= tlen)
		return 0;
	unsigned char c = txt[pos];
	switch (p->type) {
	case A_CHAR: return c == p->c;
	case A_ANY: return 1;
	case A_SET: return (p->set[c >> 3] >> (c & 7)) & 1;
	}
	return 0;
}

static int m_seq(struct seq *s, int i, int pos, struct cont *k)
{
	if (i == s->n) {
		if (!k) {
			if (whole_line && pos != tlen)
				return 0;
			if (word && pos < tlen && (isalnum((unsigned char)txt[pos]) || txt[pos] == '_'))
				return 0;
			match_end = pos;
			return 1;
		}
		if (pos == k->start && k->count > k->rep->min)
			return m_seq(k->s, k->i + 1, pos, k->next);
		return m_group(k->rep, k->count, pos, k->s, k->i, k->next);
	}
	struct piece *p = &s->p[i];
	switch (p->type) {
	case A_GROUP:
		return m_group(p, 0, pos, s, i, k);
	case A_BOL:
		return pos == 0 && m_seq(s, i + 1, pos, k);
	case A_EOL:
		return pos == tlen && m_seq(s, i + 1, pos, k);
	}
	int n = 0;
	while (n < p->max && one(p, pos + n))
		n++;
	for (; n >= p->min; n--)
		if (m_seq(s, i + 1, pos + n, k))
			return 1;
	return 0;
}

static int word_char(int c) { return isalnum(c) || c == '_'; }

/* The leftmost match at or after from: 1 and [*ms, *me), or 0. -w/-x restrict where it may start. */
static int re_find(struct alt *a, const char *line, int len, int from, int *ms, int *me)
{
	txt = line;
	tlen = len;
	for (int start = from; start <= len; start++) {
		if (whole_line && start)
			break;
		if (word && start && word_char((unsigned char)line[start - 1]))
			continue;
		for (int b = 0; b < a->n; b++)
			if (m_seq(&a->s[b], 0, start, 0)) {
				/* a word match must not be empty and must start at a word character */
				if (word && match_end == start)
					continue;
				*ms = start;
				*me = match_end;
				return 1;
			}
	}
	return 0;
}

static int fixed_find(const char *pat, const char *line, int len, int from, int *ms, int *me)
{
	int pl = (int)strlen(pat);
	for (int s = from; s + pl <= len; s++) {
		if ((icase ? strncasecmp(line + s, pat, pl) : strncmp(line + s, pat, pl)) != 0)
			continue;
		if (whole_line && (s || pl != len))
			continue;
		if (word && ((s && word_char((unsigned char)line[s - 1])) || (s + pl < len && word_char((unsigned char)line[s + pl]))))
			continue;
		*ms = s;
		*me = s + pl;
		return 1;
	}
	return 0;
}

static char **pats;
static struct alt **res;
static int npats;

/* The leftmost match of any pattern at or after from (the longest of those starting there). */
static int find_any(const char *line, int len, int from, int *ms, int *me)
{
	int found = 0;
	for (int i = 0; i < npats; i++) {
		int s, e;
		if (!(fixed ? fixed_find(pats[i], line, len, from, &s, &e) : re_find(res[i], line, len, from, &s, &e)))
			continue;
		if (!found || s < *ms || (s == *ms && e > *me)) {
			*ms = s;
			*me = e;
		}
		found = 1;
	}
	return found;
}

static int line_matches(const char *line, int len)
{
	int s, e;
	return find_any(line, len, 0, &s, &e);
}

/* context output (-A/-B/-C): "--" between non-adjacent groups, '-' after context line prefixes */
static int show_name, number, ctx_a, ctx_b, ctx_on, any_out, only_matching;
static long last_out;
struct held {
	char *s;
	int len;
	size_t cap;
	long no;
};
static struct held *before;
static int nbefore, bhead;

static void out_line(const char *shown, long no, const char *s, int len, char sep)
{
	if (ctx_on && any_out && (last_out < 0 || no != last_out + 1))
		fputs("--\n", stdout);
	if (only_matching) {
		/* -o: each non-empty match on its own line, context lines not at all */
		int from = 0, ms, me;
		while (sep == ':' && from <= len && find_any(s, len, from, &ms, &me)) {
			if (me > ms) {
				if (show_name)
					printf("%s%c", shown, sep);
				if (number)
					printf("%ld%c", no, sep);
				fwrite(s + ms, 1, me - ms, stdout);
				putchar('\n');
			}
			from = me > ms ? me : ms + 1;
		}
		any_out = 1;
		last_out = no;
		return;
	}
	if (show_name)
		printf("%s%c", shown, sep);
	if (number)
		printf("%ld%c", no, sep);
	fwrite(s, 1, len, stdout);
	putchar('\n');
	any_out = 1;
	last_out = no;
}

static void hold(long no, const char *s, int len)
{
	if (!ctx_b)
		return;
	struct held *h;
	if (nbefore < ctx_b) {
		h = &before[(bhead + nbefore++) % ctx_b];
	} else {
		h = &before[bhead];
		bhead = (bhead + 1) % ctx_b;
	}
	if (h->cap < (size_t)len + 1)
		h->s = realloc(h->s, h->cap = len + 1);
	memcpy(h->s, s, len);
	h->len = len;
	h->no = no;
}

static long ctx_num(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 0) {
		fprintf(stderr, "grep: %s: invalid context length argument\n", s);
		exit(2);
	}
	return v;
}

static void add_pattern(const char *p)
{
	/* a pattern with newlines is several patterns */
	const char *e;
	while ((e = strchr(p, '\n'))) {
		char *one = strndup(p, e - p);
		add_pattern(one);
		p = e + 1;
	}
	pats = realloc(pats, (npats + 1) * sizeof(char *));
	pats[npats++] = strdup(p);
}

int main(int argc, char **argv)
{
	int quiet = 0, invert = 0, count = 0, list = 0, noname = 0, withname = 0, silent = 0, c;
	long max_count = -1;
	while ((c = getopt(argc, argv, "qivcnlhHsEFGwxoe:m:A:B:C:")) != -1) {
		switch (c) {
		case 'q': quiet = 1; break;
		case 'i': icase = 1; break;
		case 'v': invert = 1; break;
		case 'c': count = 1; break;
		case 'n': number = 1; break;
		case 'l': list = 1; break;
		case 'h': noname = 1; break;
		case 'H': withname = 1; break;
		case 's': silent = 1; break;
		case 'E': ere = 1; break;
		case 'F': fixed = 1; break;
		case 'G': ere = 0; break;
		case 'w': word = 1; break;
		case 'x': whole_line = 1; break;
		case 'o': only_matching = 1; break;
		case 'm': {
			char *end;
			max_count = strtol(optarg, &end, 10);
			if (!*optarg || *end) {
				fprintf(stderr, "grep: invalid max count\n");
				return 2;
			}
			break;
		}
		case 'e': add_pattern(optarg); break;
		case 'A': ctx_a = (int)ctx_num(optarg); ctx_on = 1; break;
		case 'B': ctx_b = (int)ctx_num(optarg); ctx_on = 1; break;
		case 'C': ctx_a = ctx_b = (int)ctx_num(optarg); ctx_on = 1; break;
		default:
			fprintf(stderr, "Usage: grep [OPTION]... PATTERNS [FILE]...\n");
			return 2;
		}
	}
	if (!npats) {
		if (optind >= argc) {
			fprintf(stderr, "Usage: grep [OPTION]... PATTERNS [FILE]...\n");
			return 2;
		}
		add_pattern(argv[optind++]);
	}
	res = calloc(npats, sizeof(*res));
	if (!fixed)
		for (int i = 0; i < npats; i++) {
			rp = pats[i];
			res[i] = parse_alt();
			if (*rp)
				die(ere ? "Unmatched ) or \\)" : "Unmatched ) or \\)");
		}
	int nfiles = argc - optind;
	show_name = withname || (nfiles > 1 && !noname);
	if (count || list || quiet)
		ctx_a = ctx_b = ctx_on = 0;
	if (ctx_b)
		before = calloc(ctx_b, sizeof(*before));
	int any = 0, err = 0;
	char *line = 0;
	size_t cap = 0;
	for (int f = 0; f < (nfiles ? nfiles : 1); f++) {
		const char *name = nfiles ? argv[optind + f] : "-";
		FILE *fp = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
		const char *shown = strcmp(name, "-") == 0 ? "(standard input)" : name;
		if (!fp) {
			if (!silent)
				fprintf(stderr, "grep: %s: %s\n", name, strerror(errno));
			err = 1;
			continue;
		}
		long n = 0, lineno = 0, after = 0;
		ssize_t len;
		last_out = -1;
		nbefore = bhead = 0;
		while ((max_count < 0 || n < max_count || after > 0) && (len = getline(&line, &cap, fp)) >= 0) {
			lineno++;
			int l = (int)len;
			if (l && line[l - 1] == '\n')
				line[--l] = 0;
			if (line_matches(line, l) == invert) {
				if (after > 0) {
					out_line(shown, lineno, line, l, '-');
					after--;
				} else {
					hold(lineno, line, l);
				}
				continue;
			}
			n++;
			any = 1;
			if (quiet)
				return 0;
			if (list)
				break;
			if (count)
				continue;
			for (int k = 0; k < nbefore; k++) {
				struct held *h = &before[(bhead + k) % ctx_b];
				out_line(shown, h->no, h->s, h->len, '-');
			}
			nbefore = bhead = 0;
			out_line(shown, lineno, line, l, ':');
			after = ctx_a;
		}
		if (count) {
			if (show_name)
				printf("%s:", shown);
			printf("%ld\n", n);
		}
		if (list && n)
			printf("%s\n", shown);
		if (fp != stdin)
			fclose(fp);
	}
	if (err && !(quiet && any))
		return 2;
	return any ? 0 : 1;
}
