/* var.c: shell variables, the exported environment, positional parameters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

struct var {
	char *name, *val;
	int exported;
	struct var *next;
};
static struct var *vars;
char *arg0 = "sh";
char **posv;
int posc;

static struct var *lookup(const char *name)
{
	for (struct var *v = vars; v; v = v->next)
		if (strcmp(v->name, name) == 0)
			return v;
	return 0;
}

const char *getvar(const char *name)
{
	struct var *v = lookup(name);
	return v && v->val ? v->val : 0;
}

void setvar(const char *name, const char *val, int exported)
{
	struct var *v = lookup(name);
	if (!v) {
		v = calloc(1, sizeof(*v));
		v->name = strdup(name);
		v->next = vars;
		vars = v;
	}
	char *nv = val ? strdup(val) : 0;
	free(v->val);
	v->val = nv;
	if (exported)
		v->exported = 1;
}

void exportvar(const char *name)
{
	struct var *v = lookup(name);
	if (!v)
		setvar(name, 0, 1);
	else
		v->exported = 1;
}

void unsetvar(const char *name)
{
	for (struct var **pp = &vars; *pp; pp = &(*pp)->next) {
		if (strcmp((*pp)->name, name) == 0) {
			struct var *v = *pp;
			*pp = v->next;
			free(v->name);
			free(v->val);
			free(v);
			return;
		}
	}
}

void import_env(char **envp)
{
	for (; envp && *envp; envp++) {
		char *eq = strchr(*envp, '=');
		if (!eq || !is_name(*envp, eq - *envp))
			continue;
		char *name = strndup(*envp, eq - *envp);
		setvar(name, eq + 1, 1);
		free(name);
	}
}

/* NAME=value strings for execve: exported variables plus extra (overriding). */
char **build_env(char **extra, int nextra)
{
	int n = nextra;
	for (struct var *v = vars; v; v = v->next)
		n++;
	char **env = malloc((n + 1) * sizeof(char *));
	int k = 0;
	for (int i = 0; i < nextra; i++)
		env[k++] = extra[i];
	for (struct var *v = vars; v; v = v->next) {
		if (!v->exported || !v->val)
			continue;
		size_t nl = strlen(v->name);
		int dup = 0;
		for (int i = 0; i < nextra; i++)
			if (strncmp(extra[i], v->name, nl) == 0 && extra[i][nl] == '=')
				dup = 1;
		if (dup)
			continue;
		char *s = malloc(nl + strlen(v->val) + 2);
		sprintf(s, "%s=%s", v->name, v->val);
		env[k++] = s;
	}
	env[k] = 0;
	return env;
}

static int cmpvar(const void *a, const void *b)
{
	return strcmp((*(struct var **)a)->name, (*(struct var **)b)->name);
}

void print_exports(void)
{
	int n = 0;
	for (struct var *v = vars; v; v = v->next)
		n++;
	struct var **arr = malloc((n + 1) * sizeof(*arr));
	n = 0;
	for (struct var *v = vars; v; v = v->next)
		if (v->exported)
			arr[n++] = v;
	qsort(arr, n, sizeof(*arr), cmpvar);
	for (int i = 0; i < n; i++) {
		if (!arr[i]->val) {
			printf("export %s\n", arr[i]->name);
			continue;
		}
		printf("export %s='", arr[i]->name);
		for (const char *p = arr[i]->val; *p; p++) {
			if (*p == '\'')
				fputs("'\\''", stdout);
			else
				putchar(*p);
		}
		printf("'\n");
	}
	fflush(stdout);
	free(arr);
}
