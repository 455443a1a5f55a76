/* tr [-c] [-d] [-s] SET1 [SET2]: translate, delete or squeeze characters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <unistd.h>

/* Expand a set (escapes, ranges a-z, [:class:], [c*n]) into out; returns length. */
static int expand(const char *s, unsigned char *out, int max)
{
	int n = 0;
	while (*s && n < max) {
		int c;
		if (s[0] == '[' && s[1] == ':') {
			const char *e = strstr(s + 2, ":]");
			if (e) {
				int l = (int)(e - s - 2);
				const char *nm = s + 2;
				int found = 0;
				for (int ch = 0; ch < 256 && n < max; ch++) {
#define CL(name, f) (l == (int)sizeof(name) - 1 && !strncmp(nm, name, l) && (found = 1) && f(ch))
					if (CL("alpha", isalpha) || CL("digit", isdigit) || CL("alnum", isalnum) || CL("space", isspace) ||
					    CL("upper", isupper) || CL("lower", islower) || CL("xdigit", isxdigit) || CL("punct", ispunct) ||
					    CL("blank", isblank) || CL("print", isprint) || CL("graph", isgraph) || CL("cntrl", iscntrl))
						out[n++] = (unsigned char)ch;
#undef CL
				}
				if (!found) {
					fprintf(stderr, "tr: invalid character class '%.*s'\n", l, nm);
					exit(1);
				}
				s = e + 2;
				continue;
			}
		}
		if (s[0] == '\\' && s[1]) {
			s++;
			switch (*s) {
			case 'n': c = '\n'; s++; break;
			case 't': c = '\t'; s++; break;
			case 'r': c = '\r'; s++; break;
			case 'a': c = '\a'; s++; break;
			case 'b': c = '\b'; s++; break;
			case 'f': c = '\f'; s++; break;
			case 'v': c = '\v'; s++; break;
			default:
				if (*s >= '0' && *s <= '7') {
					c = 0;
					for (int k = 0; k < 3 && *s >= '0' && *s <= '7'; k++)
						c = c * 8 + (*s++ - '0');
				} else {
					c = (unsigned char)*s++;
				}
			}
		} else {
			c = (unsigned char)*s++;
		}
		if (s[0] == '-' && s[1]) {
			int hi = (unsigned char)s[1];
			s += 2;
			if (hi == '\\' && *s) {
				hi = (unsigned char)*s++;
			}
			if (hi < c) {
				fprintf(stderr, "tr: range-endpoints of '%c-%c' are in reverse collating sequence order\n", c, hi);
				exit(1);
			}
			for (int ch = c; ch <= hi && n < max; ch++)
				out[n++] = (unsigned char)ch;
			continue;
		}
		out[n++] = (unsigned char)c;
	}
	return n;
}

int main(int argc, char **argv)
{
	int c, del = 0, sq = 0, comp = 0;
	while ((c = getopt(argc, argv, "cdsC")) != -1) {
		switch (c) {
		case 'c': case 'C': comp = 1; break;
		case 'd': del = 1; break;
		case 's': sq = 1; break;
		default:
			fprintf(stderr, "Try 'tr --help' for more information.\n");
			return 1;
		}
	}
	int nargs = argc - optind;
	if (nargs < 1) {
		fprintf(stderr, "tr: missing operand\nTry 'tr --help' for more information.\n");
		return 1;
	}
	int need2 = !del && !sq;
	if ((need2 || (del && sq)) && nargs < 2) {
		if (del && sq)
			fprintf(stderr, "tr: missing operand after '%s'\nTwo strings must be given when both deleting and squeezing repeats.\n", argv[optind]);
		else
			fprintf(stderr, "tr: missing operand after '%s'\nTwo strings must be given when translating.\n", argv[optind]);
		fprintf(stderr, "Try 'tr --help' for more information.\n");
		return 1;
	}
	if (del && !sq && nargs > 1) {
		fprintf(stderr, "tr: extra operand '%s'\nOnly one string may be given when deleting without squeezing repeats.\n", argv[optind + 1]);
		fprintf(stderr, "Try 'tr --help' for more information.\n");
		return 1;
	}
	static unsigned char s1[4096], s2[4096];
	int n1 = expand(argv[optind], s1, sizeof(s1)), n2 = nargs > 1 ? expand(argv[optind + 1], s2, sizeof(s2)) : 0;
	unsigned char in1[256] = { 0 }, insq[256] = { 0 }, map[256];
	for (int i = 0; i < n1; i++)
		in1[s1[i]] = 1;
	if (comp) {
		n1 = 0;
		for (int ch = 0; ch < 256; ch++) {
			in1[ch] = !in1[ch];
			if (in1[ch])
				s1[n1++] = (unsigned char)ch;
		}
	}
	for (int i = 0; i < 256; i++)
		map[i] = (unsigned char)i;
	int translate = !del && nargs > 1;
	if (translate) {
		if (n2 == 0) {
			fprintf(stderr, "tr: when not truncating set1, string2 must be non-empty\n");
			return 1;
		}
		for (int i = 0; i < n1; i++)
			map[s1[i]] = s2[i < n2 ? i : n2 - 1];
	}
	/* squeeze set: SET2 when translating or deleting, else SET1 */
	if (sq) {
		if (nargs > 1)
			for (int i = 0; i < n2; i++)
				insq[s2[i]] = 1;
		else
			for (int i = 0; i < 256; i++)
				insq[i] = in1[i];
	}
	static unsigned char buf[65536], ob[65536];
	int last = -1;
	ssize_t r;
	while ((r = read(0, buf, sizeof(buf))) > 0) {
		int o = 0;
		for (ssize_t i = 0; i < r; i++) {
			int ch = buf[i];
			if (del && in1[ch])
				continue;
			ch = map[ch];
			if (sq && ch == last && insq[ch])
				continue;
			last = ch;
			ob[o++] = (unsigned char)ch;
		}
		for (int w = 0; w < o;) {
			ssize_t k = write(1, ob + w, o - w);
			if (k <= 0)
				return 1;
			w += k;
		}
	}
	return 0;
}
