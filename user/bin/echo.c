/* echo [-n] [-e] [ARG...]: print arguments (-e interprets backslash escapes). */
#include <stdio.h>
#include <string.h>
#include <errno.h>

int main(int argc, char **argv)
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
	for (int first = i; i < argc; i++) {
		if (i > first)
			putchar(' ');
		for (const char *p = argv[i]; *p; p++) {
			if (!esc || *p != '\\' || !p[1]) {
				putchar(*p);
				continue;
			}
			switch (*++p) {
			case 'n': putchar('\n'); break;
			case 't': putchar('\t'); break;
			case 'r': putchar('\r'); break;
			case 'a': putchar('\a'); break;
			case 'b': putchar('\b'); break;
			case 'e': putchar(27); break;
			case 'f': putchar('\f'); break;
			case 'v': putchar('\v'); break;
			case '\\': putchar('\\'); break;
			case 'c': nl = 0; goto out;
			case '0': {
				int v = 0, k = 0;
				while (k < 3 && p[1] >= '0' && p[1] <= '7') {
					v = v * 8 + (*++p - '0');
					k++;
				}
				putchar(v);
				break;
			}
			default: putchar('\\'); putchar(*p);
			}
		}
	}
out:
	if (nl)
		putchar('\n');
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "echo: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
