/* fmt.c: prints printf/strerror/strtol results for tests/user. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "strerror") == 0) {
		for (int i = 0; i <= 134; i++)
			printf("%d %s\n", i, strerror(i));
		return 0;
	}
	char buf[16];
	printf("[%d] [%i] [%u] [%x] [%X]\n", -42, 17, 4000000000u, 0xbeef, 0xbeef);
	printf("[%lx] [%llx] [%ld] [%lu]\n", 0xffffffff80200000UL, 0x123456789abcdefULL, -9000000000L, 18446744073709551615UL);
	printf("[%5d] [%-5d] [%05d] [%+d] [% d]\n", 42, 42, 42, 42, 42);
	printf("[%5s] [%-5s] [%.2s] [%c] [%%]\n", "ab", "ab", "abcdef", (int)0x7a);
	printf("[%p] [%p] [%08x] [%#x] [%#o] [%.3d]\n", (void *)0x1234, (void *)0, 0x1f, 255, 8, 7);
	printf("[%*d] [%-*d] [%016lx] [%hhd] [%hu]\n", 6, 1, 4, 2, 0xdeadUL, 300, 70000);
	int n = snprintf(buf, sizeof(buf), "%s-%d", "truncated string", 12345);
	printf("[%s] %d\n", buf, n);
	char *end;
	printf("%ld %ld %lu %ld %d\n", strtol("  -0x1f", &end, 0), strtol("0755", 0, 0), strtoul("123abc", &end, 10), strtol("z", 0, 36), atoi("  12ab"));
	printf("rest=%s\n", end);
	char *m = malloc(100000);
	memset(m, 'x', 100000);
	m = realloc(m, 200000);
	char *s = strdup("hello");
	s = realloc(s, 1000);
	strcat(s, " world");
	puts(s);
	free(m);
	free(s);
	setenv("FOO", "bar", 1);
	setenv("FOO", "baz", 0);
	printf("FOO=%s\n", getenv("FOO"));
	unsetenv("FOO");
	printf("FOO=%s\n", getenv("FOO") ? getenv("FOO") : "(unset)");
	errno = 0;
	fprintf(stderr, "err %d\n", 5);
	return 3;
}
