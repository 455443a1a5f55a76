/* basename NAME [SUFFIX]: strip directory and suffix from a file name. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "basename: missing operand\nTry 'basename --help' for more information.\n");
		return 1;
	}
	if (argc > 3) {
		fprintf(stderr, "basename: extra operand '%s'\nTry 'basename --help' for more information.\n", argv[3]);
		return 1;
	}
	char *s = argv[1];
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		n--;
	if (n == 1 && s[0] == '/') {
		puts("/");
		return 0;
	}
	size_t start = n;
	while (start > 0 && s[start - 1] != '/')
		start--;
	char *b = s + start;
	size_t bl = n - start;
	if (argc == 3) {
		size_t sl = strlen(argv[2]);
		if (sl < bl && memcmp(b + bl - sl, argv[2], sl) == 0)
			bl -= sl;
	}
	fwrite(b, 1, bl, stdout);
	putchar('\n');
	return 0;
}
