/* procfs.c: see procfs.h. Not part of any standard; kept in the libc so the tools share one copy. */
#include <procfs.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <stdlib.h>

int read_file(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY);
	ssize_t len = 0, r;
	if (fd < 0)
		return -1;
	while (len < (ssize_t)n - 1 && (r = read(fd, buf + len, n - 1 - len)) > 0)
		len += r;
	close(fd);
	buf[len] = 0;
	return (int)len;
}

unsigned long long proc_field(const char *buf, const char *key)
{
	size_t kl = strlen(key);
	for (const char *p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, kl))
			return strtoull(p + kl, NULL, 10);
	return 0;
}
