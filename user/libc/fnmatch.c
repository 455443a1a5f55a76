/* fnmatch.c: shell glob matching (* ? [...] [!...] and backslash escapes). */
#include <fnmatch.h>
#include <ctype.h>
#include <string.h>

static int fold(int c, int flags) { return (flags & FNM_CASEFOLD) ? tolower(c) : c; }

/* Match one bracket expression at *pp against c; advance *pp past it. -1 if malformed. */
static int bracket(const char **pp, int c, int flags)
{
	const char *p = *pp + 1;
	int neg = 0, ok = 0;
	if (*p == '!' || *p == '^') {
		neg = 1;
		p++;
	}
	const char *start = p;
	while (*p && (*p != ']' || p == start)) {
		if (p[0] == '[' && p[1] == ':') {
			const char *e = strstr(p + 2, ":]");
			if (e) {
				int n = (int)(e - p - 2);
				const char *nm = p + 2;
#define CL(s, f) (n == (int)strlen(s) && !strncmp(nm, s, n) && f(c))
				if (CL("alpha", isalpha) || CL("digit", isdigit) || CL("alnum", isalnum) || CL("space", isspace) ||
				    CL("upper", isupper) || CL("lower", islower) || CL("xdigit", isxdigit) || CL("punct", ispunct) ||
				    CL("blank", isblank) || CL("print", isprint))
					ok = 1;
#undef CL
				p = e + 2;
				continue;
			}
		}
		int lo = (unsigned char)*p++;
		if (lo == '\\' && !(flags & FNM_NOESCAPE) && *p)
			lo = (unsigned char)*p++;
		int hi = lo;
		if (p[0] == '-' && p[1] && p[1] != ']') {
			hi = (unsigned char)p[1];
			p += 2;
		}
		if (fold(c, flags) >= fold(lo, flags) && fold(c, flags) <= fold(hi, flags))
			ok = 1;
		else if (c >= lo && c <= hi)
			ok = 1;
	}
	if (*p != ']')
		return -1;
	*pp = p + 1;
	return ok != neg;
}

int fnmatch(const char *p, const char *s, int flags)
{
	const char *star_p = 0, *star_s = 0;
	const char *s0 = s;
	for (;;) {
		int c = (unsigned char)*s;
		int leading_dot = c == '.' && (flags & FNM_PERIOD) && (s == s0 || ((flags & FNM_PATHNAME) && s[-1] == '/'));
		if (*p == '*') {
			if (leading_dot)
				goto fail;
			while (*p == '*')
				p++;
			star_p = p;
			star_s = s;
			continue;
		}
		if (!c) {
			if (!*p)
				return 0;
			goto fail;
		}
		if ((flags & FNM_PATHNAME) && c == '/') {
			if (*p != '/')
				goto fail_hard;
			p++;
			s++;
			continue;
		}
		if (*p == '?') {
			if (leading_dot)
				goto fail;
			p++;
			s++;
			continue;
		}
		if (*p == '[') {
			const char *q = p;
			int r = leading_dot ? 0 : bracket(&q, c, flags);
			if (r < 0) {
				/* a lone '[' is literal */
				if (c != '[')
					goto fail;
				p++;
				s++;
				continue;
			}
			if (!r)
				goto fail;
			p = q;
			s++;
			continue;
		}
		int pc = (unsigned char)*p;
		if (pc == '\\' && !(flags & FNM_NOESCAPE) && p[1])
			pc = (unsigned char)*++p;
		if (!pc || fold(pc, flags) != fold(c, flags))
			goto fail;
		p++;
		s++;
		continue;
	fail:
		if (star_p && *star_s && !((flags & FNM_PATHNAME) && *star_s == '/')) {
			p = star_p;
			s = ++star_s;
			continue;
		}
	fail_hard:
		return FNM_NOMATCH;
	}
}
