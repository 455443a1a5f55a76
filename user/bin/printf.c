/*
 * printf FORMAT [ARGUMENT]...: formatted output. Conversions d i o u x X c s
 * b % with flags, width and precision (also *); escapes \n \t \\ \NNN etc.
 * The format is reused while arguments remain. A failed write is coreutils'
 * "printf: write error: <reason>" with status 1. The shell builds this
 * file in too (user/sh/printf.c, PRINTF_BUILTIN) as its printf builtin.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>

static int status;
static char **args;
static int nargs, ai;

static const char *next_arg(void) { return ai < nargs ? args[ai++] : 0; }

/* Print one escape at s (after the backslash); returns chars consumed. -1: \c (stop). */
static int escape(const char *s, int in_b)
{
	int c = *s, n = 1;
	switch (c) {
	case 'n': putchar('\n'); break;
	case 't': putchar('\t'); break;
	case 'r': putchar('\r'); break;
	case 'a': putchar('\a'); break;
	case 'b': putchar('\b'); break;
	case 'f': putchar('\f'); break;
	case 'v': putchar('\v'); break;
	case 'e': putchar(27); break;
	case '\\': putchar('\\'); break;
	case '"': putchar('"'); break;
	case '\'': putchar('\''); break;
	case 'c': return -1;
	case 'x': {
		int v = 0, k = 0;
		while (k < 2 && isxdigit((unsigned char)s[1 + k])) {
			int d = s[1 + k];
			v = v * 16 + (isdigit(d) ? d - '0' : tolower(d) - 'a' + 10);
			k++;
		}
		if (!k) {
			putchar('\\');
			putchar('x');
		} else
			putchar(v);
		return 1 + k;
	}
	default:
		if (c >= '0' && c <= '7') {
			int v = 0, k = 0, maxd = 3;
			const char *p = s;
			if (in_b && c == '0') {
				p++;
				n = 1;
			} else
				n = 0;
			while (k < maxd && *p >= '0' && *p <= '7') {
				v = v * 8 + (*p++ - '0');
				k++;
			}
			putchar(v & 0xff);
			return n + k;
		}
		putchar('\\');
		if (!c)
			return 0;
		putchar(c);
	}
	return n;
}

static long long num_arg(const char *s, int is_unsigned)
{
	if (!s)
		return 0;
	if (*s == '\'' || *s == '"')
		return (unsigned char)s[1];
	char *end;
	errno = 0;
	long long v;
	const char *p = s;
	while (isspace((unsigned char)*p))
		p++;
	if (is_unsigned && *p != '-')
		v = (long long)strtoull(s, &end, 0);
	else
		v = strtoll(s, &end, 0);
	if (end == s || *end) {
		fprintf(stderr, "printf: '%s': %s\n", s, end == s ? "expected a numeric value" : "value not completely converted");
		status = 1;
	} else if (errno == ERANGE) {
		fprintf(stderr, "printf: '%s': Numerical result out of range\n", s);
		status = 1;
	}
	return v;
}

/* One pass over the format; returns 1 if \c stopped output, -1 on a bad conversion. */
static int run(const char *f)
{
	while (*f) {
		if (*f == '\\') {
			int k = escape(f + 1, 0);
			if (k < 0)
				return 1;
			f += 1 + k;
			continue;
		}
		if (*f != '%') {
			putchar(*f++);
			continue;
		}
		if (f[1] == '%') {
			putchar('%');
			f += 2;
			continue;
		}
		/* %[flags][width][.prec]conv */
		char spec[64];
		int n = 0;
		spec[n++] = *f++;
		while (*f && strchr("-+ #0", *f) && n < 40)
			spec[n++] = *f++;
		if (*f == '*') {
			n += snprintf(spec + n, 20, "%d", (int)num_arg(next_arg(), 0));
			f++;
		} else
			while (isdigit((unsigned char)*f) && n < 50)
				spec[n++] = *f++;
		if (*f == '.') {
			spec[n++] = *f++;
			if (*f == '*') {
				n += snprintf(spec + n, 20, "%d", (int)num_arg(next_arg(), 0));
				f++;
			} else
				while (isdigit((unsigned char)*f) && n < 60)
					spec[n++] = *f++;
		}
		while (*f == 'l' || *f == 'h' || *f == 'j' || *f == 'z' || *f == 't' || *f == 'L')
			f++;
		char conv = *f;
		if (!conv) {
			spec[n] = 0;
			fprintf(stderr, "printf: %s: invalid conversion specification\n", spec);
			return -1;
		}
		f++;
		const char *a;
		switch (conv) {
		case 'd':
		case 'i':
			spec[n++] = 'l';
			spec[n++] = 'l';
			spec[n++] = 'd';
			spec[n] = 0;
			printf(spec, num_arg(next_arg(), 0));
			break;
		case 'o':
		case 'u':
		case 'x':
		case 'X':
			spec[n++] = 'l';
			spec[n++] = 'l';
			spec[n++] = conv;
			spec[n] = 0;
			printf(spec, (unsigned long long)num_arg(next_arg(), 1));
			break;
		case 'c':
			a = next_arg();
			spec[n++] = 'c';
			spec[n] = 0;
			printf(spec, a && *a ? *a : 0);
			break;
		case 's':
			a = next_arg();
			spec[n++] = 's';
			spec[n] = 0;
			printf(spec, a ? a : "");
			break;
		case 'b': {
			a = next_arg();
			if (!a)
				break;
			while (*a) {
				if (*a == '\\') {
					int k = escape(a + 1, 1);
					if (k < 0)
						return 1;
					a += 1 + k;
				} else
					putchar(*a++);
			}
			break;
		}
		default:
			fprintf(stderr, "printf: %%%c: invalid conversion specification\n", conv);
			return -1;
		}
	}
	return 0;
}

static int uses_args(const char *f)
{
	for (; *f; f++)
		if (*f == '%') {
			if (f[1] == '%') {
				f++;
				continue;
			}
			return 1;
		}
	return 0;
}

/* Formats to stdout; the caller flushes it (and reports a failed write). */
static int printf_main(int argc, char **argv)
{
	int i = 1, r;
	status = 0;
	ai = 0;
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i >= argc) {
		fprintf(stderr, "printf: missing operand\nTry 'printf --help' for more information.\n");
		return 1;
	}
	const char *fmtstr = argv[i];
	args = argv + i + 1;
	nargs = argc - i - 1;
	do {
		r = run(fmtstr);
		if (r < 0)
			return 1;
		if (r)
			break;
	} while (ai < nargs && uses_args(fmtstr) && ai > 0);
	return status;
}

#ifndef PRINTF_BUILTIN
int main(int argc, char **argv)
{
	int r = printf_main(argc, argv);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "printf: write error: %s\n", strerror(errno));
		return 1;
	}
	return r;
}
#endif
