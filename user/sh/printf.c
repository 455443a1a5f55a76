/*
 * printf.c: the printf builtin. The formatter is user/bin/printf.c's,
 * built in here; as in bash, a failed write of its output is reported by
 * the shell ("sh: printf: write error: Invalid argument", status 1), so
 * `printf garbage > /sys/kernel/debug/kmemleak` shows the kernel's errno.
 */
#define PRINTF_BUILTIN
#include "../bin/printf.c"
#include "sh.h"

int bi_printf(int argc, char **argv)
{
	int r;
	fflush(stdout);
	clearerr(stdout);
	r = printf_main(argc, argv);
	if (fflush(stdout) || ferror(stdout)) {
		sh_err("printf: write error: %s", strerror(errno));
		clearerr(stdout);
		return 1;
	}
	return r;
}
