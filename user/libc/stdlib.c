/* stdlib.c: number parsing, qsort, environment, execvp. */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <unistd.h>

int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }

/* Parse magnitude; *neg set for a leading '-'. Returns with *end set. */
static unsigned long long parse_ull(const char *s, char **end, int base, int *neg, int *overflow)
{
	const char *p = s;
	unsigned long long v = 0;
	int any = 0;
	*neg = 0;
	*overflow = 0;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '-' || *p == '+')
		*neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2])) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	for (;; p++) {
		int d;
		unsigned char c = *p;
		if (isdigit(c))
			d = c - '0';
		else if (isalpha(c))
			d = tolower(c) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		any = 1;
		if (v > (ULLONG_MAX - d) / base)
			*overflow = 1;
		v = v * base + d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	return v;
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	int neg, of;
	unsigned long long v = parse_ull(s, end, base, &neg, &of);
	if (of) {
		errno = ERANGE;
		return ULLONG_MAX;
	}
	return neg ? -v : v;
}

unsigned long strtoul(const char *s, char **end, int base) { return strtoull(s, end, base); }

long long strtoll(const char *s, char **end, int base)
{
	int neg, of;
	unsigned long long v = parse_ull(s, end, base, &neg, &of);
	if (of || (!neg && v > (unsigned long long)LLONG_MAX) || (neg && v > (unsigned long long)LLONG_MAX + 1)) {
		errno = ERANGE;
		return neg ? LLONG_MIN : LLONG_MAX;
	}
	return neg ? -(long long)v : (long long)v;
}

long strtol(const char *s, char **end, int base) { return strtoll(s, end, base); }
int atoi(const char *s) { return (int)strtol(s, 0, 10); }
long atol(const char *s) { return strtol(s, 0, 10); }

static void swap_bytes(char *a, char *b, size_t n)
{
	while (n--) {
		char t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

/* Insertion sort for small runs, otherwise a shell sort: simple and stable enough. */
void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	char *b = base;
	size_t gap;
	for (gap = n / 2; gap > 0; gap /= 2)
		for (size_t i = gap; i < n; i++)
			for (size_t j = i; j >= gap && cmp(b + (j - gap) * size, b + j * size) > 0; j -= gap)
				swap_bytes(b + (j - gap) * size, b + j * size, size);
}

/* Environment: environ starts as the kernel's array; the first change
 * copies it into a malloc'd array that we own. */
static int env_owned;

static int env_find(const char *name, size_t len)
{
	if (!environ)
		return -1;
	for (int i = 0; environ[i]; i++)
		if (strncmp(environ[i], name, len) == 0 && environ[i][len] == '=')
			return i;
	return -1;
}

char *getenv(const char *name)
{
	size_t len = strlen(name);
	int i = env_find(name, len);
	return i < 0 ? 0 : environ[i] + len + 1;
}

static int env_count(void)
{
	int n = 0;
	while (environ && environ[n])
		n++;
	return n;
}

static int env_own(int extra)
{
	int n = env_count();
	char **e = malloc((n + extra + 1) * sizeof(char *));
	if (!e)
		return -1;
	for (int i = 0; i < n; i++)
		e[i] = environ[i];
	e[n] = 0;
	if (env_owned)
		free(environ);
	environ = e;
	env_owned = 1;
	return 0;
}

int putenv(char *s)
{
	char *eq = strchr(s, '=');
	if (!eq)
		return unsetenv(s);
	int i = env_find(s, eq - s);
	if (i >= 0) {
		if (!env_owned && env_own(0) < 0)
			return -1;
		environ[i] = s;
		return 0;
	}
	int n = env_count();
	if (env_own(1) < 0)
		return -1;
	environ[n] = s;
	environ[n + 1] = 0;
	return 0;
}

int setenv(const char *name, const char *value, int overwrite)
{
	size_t nl = strlen(name), vl = strlen(value);
	if (!nl || strchr(name, '=')) {
		errno = EINVAL;
		return -1;
	}
	if (!overwrite && env_find(name, nl) >= 0)
		return 0;
	char *s = malloc(nl + vl + 2);
	if (!s)
		return -1;
	memcpy(s, name, nl);
	s[nl] = '=';
	memcpy(s + nl + 1, value, vl + 1);
	return putenv(s);
}

int unsetenv(const char *name)
{
	size_t len = strlen(name);
	int i;
	while ((i = env_find(name, len)) >= 0) {
		if (!env_owned && env_own(0) < 0)
			return -1;
		for (; environ[i]; i++)
			environ[i] = environ[i + 1];
	}
	return 0;
}

int execvp(const char *file, char *const argv[])
{
	if (strchr(file, '/'))
		return execve(file, argv, environ);
	const char *path = getenv("PATH");
	if (!path)
		path = "/bin:/sbin:/usr/bin:/usr/sbin";
	size_t fl = strlen(file);
	int saw_eacces = 0;
	while (1) {
		const char *e = strchr(path, ':');
		size_t dl = e ? (size_t)(e - path) : strlen(path);
		char buf[PATH_MAX];
		if (dl + fl + 2 <= sizeof(buf)) {
			memcpy(buf, path, dl);
			if (dl)
				buf[dl++] = '/';
			memcpy(buf + dl, file, fl + 1);
			execve(buf, argv, environ);
			if (errno == EACCES)
				saw_eacces = 1;
		}
		if (!e)
			break;
		path = e + 1;
	}
	errno = saw_eacces ? EACCES : ENOENT;
	return -1;
}

unsigned int sleep(unsigned int sec)
{
	struct { long s, ns; } ts = { sec, 0 };
	extern int nanosleep();
	if (nanosleep(&ts, &ts) < 0)
		return ts.s;
	return 0;
}

int usleep(unsigned long usec)
{
	struct { long s, ns; } ts = { usec / 1000000, (usec % 1000000) * 1000 };
	extern int nanosleep();
	return nanosleep(&ts, 0);
}
