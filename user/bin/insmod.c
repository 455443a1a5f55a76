/*
 * insmod FILE [PARAM=VALUE...]: load a kernel module (finit_module, else
 * init_module), as kmod 30's insmod. A failure prints
 * "insmod: ERROR: could not insert module FILE: MSG" with kmod's
 * mod_strerror and exits 1. kmod takes the error from errno whenever the
 * call returned < 0: a module whose init returned a value below the errno
 * range (e.g. -100000) makes the kernel free it and return that value,
 * which libc does not count as an error, so errno is not set; on a system
 * whose /lib/modules/$(uname -r) exists nothing earlier left errno set
 * either, and kmod exits 0 without a message (checked on a host with
 * kmod 30 and strace -e inject=finit_module:retval=-100000).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/module.h>

static const char *mod_strerror(int err)
{
	switch (err) {
	case ENOEXEC: return "Invalid module format";
	case ENOENT: return "Unknown symbol in module";
	case ESRCH: return "Module has wrong symbol version";
	case EINVAL: return "Invalid parameters";
	default: return strerror(err);
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "Usage:\n\tinsmod [options] filename [args]\n");
		return 1;
	}
	const char *file = argv[1];
	size_t plen = 1;
	for (int i = 2; i < argc; i++)
		plen += strlen(argv[i]) + 1;
	char *params = malloc(plen);
	params[0] = 0;
	for (int i = 2; i < argc; i++) {
		if (i > 2)
			strcat(params, " ");
		strcat(params, argv[i]);
	}
	int fd = open(file, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "insmod: ERROR: could not load module %s: %s\n", file, strerror(errno));
		return 1;
	}
	errno = 0;
	int r = finit_module(fd, params, 0);
	if (r < 0 && errno == ENOSYS) {
		struct stat st;
		if (fstat(fd, &st) < 0) {
			fprintf(stderr, "insmod: ERROR: could not load module %s: %s\n", file, strerror(errno));
			return 1;
		}
		char *img = malloc(st.st_size ? st.st_size : 1);
		size_t got = 0;
		while (got < (size_t)st.st_size) {
			ssize_t n = read(fd, img + got, st.st_size - got);
			if (n <= 0)
				break;
			got += n;
		}
		errno = 0;
		r = init_module(img, got, params);
		free(img);
	}
	int err = r < 0 ? errno : 0;	/* kmod: err = -errno */
	close(fd);
	if (err) {
		fprintf(stderr, "insmod: ERROR: could not insert module %s: %s\n", file, mod_strerror(err));
		return 1;
	}
	return 0;
}
