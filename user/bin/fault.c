/*
 * fault: takes a page fault on purpose, to watch the kernel handle it
 * (the "segfault at" line, SIGSEGV, and the panic when it is init).
 *   fault [read|write|exec] [ADDR]    (default: write at 0)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "write";
	volatile unsigned long addr = argc > 2 ? strtoul(argv[2], NULL, 0) : 0;
	if (!strcmp(how, "read"))
		return *(volatile char *)addr;
	if (!strcmp(how, "write")) {
		*(volatile char *)addr = 1;
		return 0;
	}
	if (!strcmp(how, "exec"))
		return ((int (*)(void))addr)();
	fprintf(stderr, "usage: fault [read|write|exec] [ADDR]\n");
	return 2;
}
