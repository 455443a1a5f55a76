/*
 * sort: sort lines, as GNU coreutils' sort in the C locale:
 *
 *   sort [-bfhnrsu] [-t SEP] [-k POS1[,POS2]]... [-o FILE] [FILE...]
 *
 * A key POS is F[.C][bfhnr] (field F, character C; POS2's C 0 or absent
 * means the field's end). Fields are separated by SEP, or without -t by
 * the transition from blanks to non-blanks (a field keeps its leading
 * blanks unless b). Keys compare in order; lines whose keys are all
 * equal are compared whole, byte by byte, unless -s or -u (-u keeps the
 * first of each run of equal keys). -n compares leading numbers (no
 * number is 0), -h numbers with a K/M/G/T/P/E suffix, -f folds case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <ctype.h>
#include <unistd.h>

struct key {
	int f1, c1, f2, c2;	/* 1-based; f2 0: to the end of the line; c2 0: the end of field f2 */
	int blank, fold, num, human, rev;
};

#define MAXKEYS 16
static struct key keys[MAXKEYS];
static int nkeys, gblank, gfold, gnum, ghuman, grev, stable, uniq;
static int sep = -1;

struct line {
	char *s;
	size_t idx;
};

/* where field f (1-based) starts and ends in s */
static void field(const char *s, int f, const char **b, const char **e)
{
	const char *p = s;
	for (int i = 1; i < f && *p; i++) {
		if (sep >= 0) {
			const char *q = strchr(p, sep);
			p = q ? q + 1 : p + strlen(p);
		} else {
			while (*p == ' ' || *p == '\t')
				p++;
			while (*p && *p != ' ' && *p != '\t')
				p++;
		}
	}
	*b = p;
	if (sep >= 0) {
		const char *q = strchr(p, sep);
		*e = q ? q : p + strlen(p);
	} else {
		const char *q = p;
		while (*q == ' ' || *q == '\t')
			q++;
		while (*q && *q != ' ' && *q != '\t')
			q++;
		*e = q;
	}
}

static void key_span(const char *s, const struct key *k, const char **b, const char **e)
{
	const char *fb, *fe;
	field(s, k->f1, &fb, &fe);
	if (k->blank)
		while (fb < fe && (*fb == ' ' || *fb == '\t'))
			fb++;
	*b = fb + (k->c1 > 1 ? k->c1 - 1 : 0);
	if (*b > fe && k->f2 == k->f1)
		*b = fe;
	if (!k->f2) {
		*e = s + strlen(s);
	} else {
		field(s, k->f2, &fb, &fe);
		if (k->c2) {
			if (k->blank)
				while (fb < fe && (*fb == ' ' || *fb == '\t'))
					fb++;
			*e = fb + k->c2 < fe ? fb + k->c2 : fe;
		} else {
			*e = fe;
		}
	}
	if (*e < *b)
		*e = *b;
}

static long double dummy;

/* a leading number as sign, integer digits and fraction, compared as decimal strings */
static int numcmp(const char *a, const char *ae, const char *b, const char *be, int human)
{
	const char *pa = a, *pb = b;
	while (pa < ae && (*pa == ' ' || *pa == '\t'))
		pa++;
	while (pb < be && (*pb == ' ' || *pb == '\t'))
		pb++;
	int na = pa < ae && *pa == '-', nb = pb < be && *pb == '-';
	pa += na;
	pb += nb;
	while (pa < ae && *pa == '0')
		pa++;
	while (pb < be && *pb == '0')
		pb++;
	const char *ia = pa, *ib = pb;
	while (ia < ae && isdigit((unsigned char)*ia))
		ia++;
	while (ib < be && isdigit((unsigned char)*ib))
		ib++;
	int za = ia == pa, zb = ib == pb;	/* integer part zero */
	const char *fa = ia, *fb = ib;
	if (fa < ae && *fa == '.')
		for (fa++; fa < ae && isdigit((unsigned char)*fa); fa++)
			if (*fa != '0')
				za = 0;
	if (fb < be && *fb == '.')
		for (fb++; fb < be && isdigit((unsigned char)*fb); fb++)
			if (*fb != '0')
				zb = 0;
	if (za)
		na = 0;
	if (zb)
		nb = 0;
	if (human) {
		static const char units[] = "KMGTPE";
		const char *ua = fa < ae ? strchr(units, toupper((unsigned char)*fa)) : NULL;
		const char *ub = fb < be ? strchr(units, toupper((unsigned char)*fb)) : NULL;
		int ea = ua && *fa ? (int)(ua - units) + 1 : 0, eb = ub && *fb ? (int)(ub - units) + 1 : 0;
		if (na != nb)
			return na ? -1 : 1;
		if (ea != eb && !(za && zb))
			return (ea < eb ? -1 : 1) * (na ? -1 : 1);
	}
	if (na != nb)
		return na ? -1 : 1;
	int r = 0;
	if (ia - pa != ib - pb)
		r = ia - pa < ib - pb ? -1 : 1;
	else {
		int c = strncmp(pa, pb, ia - pa);
		if (c)
			r = c < 0 ? -1 : 1;
		else {
			/* fractions, digit by digit */
			const char *xa = ia < ae && *ia == '.' ? ia + 1 : ia, *xb = ib < be && *ib == '.' ? ib + 1 : ib;
			for (;;) {
				int da = xa < ae && isdigit((unsigned char)*xa) ? *xa : '0';
				int db = xb < be && isdigit((unsigned char)*xb) ? *xb : '0';
				int more = (xa < ae && isdigit((unsigned char)*xa)) || (xb < be && isdigit((unsigned char)*xb));
				if (!more)
					break;
				if (da != db) {
					r = da < db ? -1 : 1;
					break;
				}
				if (xa < ae && isdigit((unsigned char)*xa))
					xa++;
				if (xb < be && isdigit((unsigned char)*xb))
					xb++;
			}
		}
	}
	return na ? -r : r;
}

static int textcmp(const char *a, const char *ae, const char *b, const char *be, int fold)
{
	while (a < ae && b < be) {
		int x = (unsigned char)*a++, y = (unsigned char)*b++;
		if (fold) {
			x = toupper(x);
			y = toupper(y);
		}
		if (x != y)
			return x < y ? -1 : 1;
	}
	return a < ae ? 1 : b < be ? -1 : 0;
}

static int keycmp(const char *x, const char *y)
{
	for (int i = 0; i < nkeys; i++) {
		const struct key *k = &keys[i];
		const char *xb, *xe, *yb, *ye;
		int r;
		key_span(x, k, &xb, &xe);
		key_span(y, k, &yb, &ye);
		if (k->num || k->human)
			r = numcmp(xb, xe, yb, ye, k->human);
		else
			r = textcmp(xb, xe, yb, ye, k->fold);
		if (r)
			return k->rev ? -r : r;
	}
	return 0;
}

static int cmp(const void *a, const void *b)
{
	const struct line *x = a, *y = b;
	int r = keycmp(x->s, y->s);
	if (r)
		return r;
	if (!stable && !uniq) {
		r = strcmp(x->s, y->s);
		r = r < 0 ? -1 : r > 0;
		if (r)
			return grev ? -r : r;
	}
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* GNU sort's fatal messages: without the --help hint for a bad key or tab */
static void die(const char *msg, const char *arg)
{
	fprintf(stderr, "sort: ");
	fprintf(stderr, msg, arg);
	fputc('\n', stderr);
	exit(2);
}

static void usage(const char *msg, const char *arg)
{
	fprintf(stderr, "sort: ");
	fprintf(stderr, msg, arg);
	fprintf(stderr, "\nTry 'sort --help' for more information.\n");
	exit(2);
}

/* F[.C][opts] */
static const char *parse_pos(const char *p, int *f, int *c, struct key *k, const char *spec)
{
	char *end;
	*f = (int)strtol(p, &end, 10);
	if (end == p)
		die("invalid number at field start: invalid count at start of '%s'", spec);
	if (*f < 1 && spec == p)
		die("field number is zero: invalid field specification '%s'", spec);
	p = end;
	*c = 0;
	if (*p == '.') {
		*c = (int)strtol(p + 1, &end, 10);
		p = end;
	}
	for (; *p && *p != ','; p++) {
		switch (*p) {
		case 'b': k->blank = 1; break;
		case 'f': k->fold = 1; break;
		case 'n': k->num = 1; break;
		case 'h': k->human = 1; break;
		case 'r': k->rev = 1; break;
		default: die("stray character in field spec: invalid field specification '%s'", spec);
		}
	}
	return p;
}

int main(int argc, char **argv)
{
	int st = 0, nfiles = 0;
	const char *outfile = NULL;
	char **files = calloc(argc + 1, sizeof(char *));
	struct key explicit[MAXKEYS];
	int nexplicit = 0;

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (a[0] != '-' || !a[1]) {
			files[nfiles++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			while (++i < argc)
				files[nfiles++] = argv[i];
			break;
		}
		for (char *c = a + 1; *c; c++) {
			const char *v;
			switch (*c) {
			case 'b': gblank = 1; break;
			case 'f': gfold = 1; break;
			case 'n': gnum = 1; break;
			case 'h': ghuman = 1; break;
			case 'r': grev = 1; break;
			case 's': stable = 1; break;
			case 'u': uniq = 1; break;
			case 't': case 'k': case 'o':
				v = c[1] ? c + 1 : (i + 1 < argc ? argv[++i] : NULL);
				if (!v)
					usage("option requires an argument -- '%s'", *c == 't' ? "t" : *c == 'k' ? "k" : "o");
				if (*c == 't') {
					if (strlen(v) != 1 && strcmp(v, "\\0"))
						die("multi-character tab '%s'", v);
					sep = strcmp(v, "\\0") ? (unsigned char)v[0] : 0;
				} else if (*c == 'o') {
					outfile = v;
				} else {
					struct key k = { 0 };
					const char *p;
					if (nexplicit >= MAXKEYS)
						usage("%s", "too many keys");
					p = parse_pos(v, &k.f1, &k.c1, &k, v);
					if (!k.c1)
						k.c1 = 1;
					if (*p == ',')
						parse_pos(p + 1, &k.f2, &k.c2, &k, v);
					explicit[nexplicit++] = k;
				}
				goto next;
			default:
				fprintf(stderr, "sort: invalid option -- '%c'\nTry 'sort --help' for more information.\n", *c);
				return 2;
			}
		}
next:;
	}
	/* keys without their own options take the global ones; no key: the whole line */
	for (int i = 0; i < nexplicit; i++) {
		struct key *k = &explicit[i];
		if (!k->blank && !k->fold && !k->num && !k->human && !k->rev) {
			k->blank = gblank;
			k->fold = gfold;
			k->num = gnum;
			k->human = ghuman;
			k->rev = grev;
		}
		keys[nkeys++] = *k;
	}
	if (!nkeys)
		keys[nkeys++] = (struct key){ 1, 1, 0, 0, gblank, gfold, gnum, ghuman, grev };

	struct line *lines = NULL;
	size_t n = 0, cap = 0;
	for (int f = 0; f < (nfiles ? nfiles : 1); f++) {
		const char *name = nfiles ? files[f] : "-";
		FILE *fp = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
		if (!fp) {
			fprintf(stderr, "sort: cannot read: %s: %s\n", name, strerror(errno));
			return 2;
		}
		char *line = 0;
		size_t lc = 0;
		ssize_t len;
		while ((len = getline(&line, &lc, fp)) >= 0) {
			if (len && line[len - 1] == '\n')
				line[len - 1] = 0;
			if (n == cap) {
				cap = cap ? cap * 2 : 256;
				lines = realloc(lines, cap * sizeof(*lines));
			}
			lines[n].s = strdup(line);
			lines[n].idx = n;
			n++;
		}
		free(line);
		if (fp != stdin)
			fclose(fp);
	}
	qsort(lines, n, sizeof(*lines), cmp);
	FILE *out = stdout;
	if (outfile && !(out = fopen(outfile, "w"))) {
		fprintf(stderr, "sort: open failed: %s: %s\n", outfile, strerror(errno));
		return 2;
	}
	for (size_t i = 0; i < n; i++) {
		if (uniq && i && keycmp(lines[i - 1].s, lines[i].s) == 0)
			continue;
		fputs(lines[i].s, out);
		fputc('\n', out);
	}
	(void)dummy;
	if (out != stdout)
		fclose(out);
	return st;
}
