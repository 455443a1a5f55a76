/* start.c: C entry from crt0, environ, exit and atexit. */
#include <stdlib.h>
#include <unistd.h>
#include "syscall.h"

int errno;
char **environ;
int main(int argc, char **argv, char **envp);
void __stdio_flush_all(void);

static void (*atexit_fns[32])(void);
static int natexit;

int atexit(void (*fn)(void))
{
	if (natexit >= 32)
		return -1;
	atexit_fns[natexit++] = fn;
	return 0;
}

void exit(int status)
{
	while (natexit > 0)
		atexit_fns[--natexit]();
	__stdio_flush_all();
	_exit(status);
}

void _Exit(int status) { _exit(status); }

void _exit(int status)
{
	for (;;)
		sys1(SYS_exit_group, status);
}

void abort(void)
{
	sys2(SYS_kill, sys0(SYS_getpid), 6);
	_exit(134);
}

void __libc_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	environ = argv + argc + 1;
	exit(main(argc, argv, environ));
}
