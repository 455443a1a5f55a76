/* sudo COMMAND [ARG...]: everyone is root here, so just run the command. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int i = 1;
	while (i < argc && argv[i][0] == '-' && strcmp(argv[i], "--") != 0)
		i++;
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc) {
		fprintf(stderr, "usage: sudo command [arg ...]\n");
		return 1;
	}
	execvp(argv[i], argv + i);
	fprintf(stderr, "sudo: %s: command not found\n", argv[i]);
	return errno == ENOENT ? 127 : 126;
}
