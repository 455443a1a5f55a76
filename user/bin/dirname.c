/* dirname NAME...: strip the last component from file names. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "dirname: missing operand\nTry 'dirname --help' for more information.\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		char *s = argv[i];
		size_t n = strlen(s);
		while (n > 1 && s[n - 1] == '/')
			n--;
		while (n > 0 && s[n - 1] != '/')
			n--;
		if (n == 0) {
			puts(".");
			continue;
		}
		while (n > 1 && s[n - 1] == '/')
			n--;
		fwrite(s, 1, n, stdout);
		putchar('\n');
	}
	return 0;
}
