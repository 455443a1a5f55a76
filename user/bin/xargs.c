/*
 * xargs [-0] [-n MAX] [-r] [-t] [COMMAND [ARG]...]: build command lines from
 * standard input (blank-separated, with quotes and backslashes; -0: NUL
 * separated). The default command is echo.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

static char **cmd;
static int ncmd, trace;

static int run(char **items, int n)
{
	char **av = malloc((ncmd + n + 1) * sizeof(char *));
	int k = 0;
	for (int i = 0; i < ncmd; i++)
		av[k++] = cmd[i];
	for (int i = 0; i < n; i++)
		av[k++] = items[i];
	av[k] = 0;
	if (trace) {
		for (int i = 0; i < k; i++)
			fprintf(stderr, "%s%s", i ? " " : "", av[i]);
		fputc('\n', stderr);
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "xargs: cannot fork: %s\n", strerror(errno));
		exit(1);
	}
	if (pid == 0) {
		execvp(av[0], av);
		int err = errno;
		fprintf(stderr, "xargs: %s: %s\n", av[0], strerror(err));
		_exit(err == ENOENT ? 127 : 126);
	}
	free(av);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "xargs: %s: terminated by signal %d\n", cmd[0], WTERMSIG(status));
		exit(125);
	}
	int code = WEXITSTATUS(status);
	if (code == 255) {
		fprintf(stderr, "xargs: %s: exited with status 255; aborting\n", cmd[0]);
		exit(124);
	}
	if (code == 126 || code == 127)
		exit(code);
	return code;
}

int main(int argc, char **argv)
{
	int c, maxn = 0, nul = 0, noempty = 0;
	while ((c = getopt(argc, argv, "+0n:rt")) != -1) {
		switch (c) {
		case '0': nul = 1; break;
		case 'r': noempty = 1; break;
		case 't': trace = 1; break;
		case 'n': {
			char *end;
			maxn = (int)strtol(optarg, &end, 10);
			if (*end || maxn < 1) {
				fprintf(stderr, "xargs: invalid number \"%s\" for -n option\n", optarg);
				return 1;
			}
			break;
		}
		default:
			fprintf(stderr, "Usage: xargs [-0rt] [-n MAX] [COMMAND [ARG]...]\n");
			return 1;
		}
	}
	static char *echo[] = { "echo" };
	cmd = optind < argc ? argv + optind : echo;
	ncmd = optind < argc ? argc - optind : 1;

	char **items = 0;
	int n = 0, cap = 0, st = 0, ran = 0;
	size_t wcap = 256, wl = 0;
	char *w = malloc(wcap);
	int ch, inword = 0, q = 0;
	for (;;) {
		ch = getchar();
		int end_item;
		if (ch == EOF) {
			if (q) {
				fprintf(stderr, "xargs: unmatched %s quote; by default quotes are special to xargs unless you use the -0 option\n",
					q == '"' ? "double" : "single");
				return 1;
			}
			end_item = inword;
		} else if (nul) {
			if (ch == 0)
				end_item = 1;
			else {
				end_item = 0;
				inword = 1;
			}
		} else if (q) {
			if (ch == q)
				q = 0;
			else if (ch == '\n') {
				fprintf(stderr, "xargs: unmatched %s quote; by default quotes are special to xargs unless you use the -0 option\n",
					q == '"' ? "double" : "single");
				return 1;
			} else
				goto add;
			continue;
		} else if (ch == ' ' || ch == '\t' || ch == '\n') {
			end_item = inword;
			if (!inword)
				continue;
		} else if (ch == '\'' || ch == '"') {
			q = ch;
			inword = 1;
			continue;
		} else if (ch == '\\') {
			ch = getchar();
			if (ch == EOF)
				continue;
			goto add;
		} else {
			end_item = 0;
			inword = 1;
		}
		if (end_item) {
			w[wl] = 0;
			if (n == cap)
				items = realloc(items, (cap = cap ? cap * 2 : 64) * sizeof(char *));
			items[n++] = strdup(w);
			wl = 0;
			inword = 0;
			if (maxn && n == maxn) {
				if (run(items, n))
					st = 123;
				ran = 1;
				for (int i = 0; i < n; i++)
					free(items[i]);
				n = 0;
			}
			if (ch == EOF)
				break;
			continue;
		}
		if (ch == EOF)
			break;
	add:
		inword = 1;
		if (wl + 2 >= wcap)
			w = realloc(w, wcap *= 2);
		w[wl++] = (char)ch;
	}
	if (n || (!ran && !noempty))
		if (run(items, n))
			st = 123;
	return st;
}
