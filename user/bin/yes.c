/* yes [STRING...]: output a line (default "y") repeatedly until killed. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char buf[8192];
	size_t n = 0;
	if (argc < 2) {
		strcpy(buf, "y\n");
		n = 2;
	} else {
		for (int i = 1; i < argc; i++) {
			size_t l = strlen(argv[i]);
			if (n + l + 2 > sizeof(buf) / 2) {
				fprintf(stderr, "yes: argument list too long\n");
				return 1;
			}
			memcpy(buf + n, argv[i], l);
			n += l;
			buf[n++] = i + 1 < argc ? ' ' : '\n';
		}
	}
	size_t line = n;
	while (n + line <= sizeof(buf)) {
		memcpy(buf + n, buf, line);
		n += line;
	}
	for (;;)
		if (write(1, buf, n) < 0)
			return 1;
}
