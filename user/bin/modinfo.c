/*
 * modinfo [-F FIELD] MODULE|FILE...: show the .modinfo section of a .ko
 * (a module name is looked up in /lib/modules/<release>/modules.dep).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>

struct ehdr {
	unsigned char ident[16];
	unsigned short type, machine;
	unsigned int version;
	unsigned long entry, phoff, shoff;
	unsigned int flags;
	unsigned short ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct shdr {
	unsigned int name, type;
	unsigned long flags, addr, offset, size;
	unsigned int link, info;
	unsigned long addralign, entsize;
};

static char *read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	struct stat st;
	fstat(fd, &st);
	char *buf = malloc(st.st_size + 1);
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, st.st_size - got);
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	*len = got;
	return buf;
}

static char *find_module(const char *name)
{
	struct utsname u;
	uname(&u);
	char dir[512], dep[600];
	snprintf(dir, sizeof(dir), "/lib/modules/%s", u.release);
	snprintf(dep, sizeof(dep), "%s/modules.dep", dir);
	FILE *f = fopen(dep, "r");
	if (!f)
		return 0;
	char *want = strdup(name), *line = 0, *res = 0;
	for (char *p = want; *p; p++)
		if (*p == '-')
			*p = '_';
	size_t cap = 0;
	while (!res && getline(&line, &cap, f) >= 0) {
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = 0;
		const char *b = strrchr(line, '/');
		char *n = strdup(b ? b + 1 : line);
		char *dot = strstr(n, ".ko");
		if (dot)
			*dot = 0;
		for (char *p = n; *p; p++)
			if (*p == '-')
				*p = '_';
		if (strcmp(n, want) == 0) {
			res = malloc(strlen(dir) + strlen(line) + 2);
			if (line[0] == '/')
				strcpy(res, line);
			else
				sprintf(res, "%s/%s", dir, line);
		}
		free(n);
	}
	fclose(f);
	free(line);
	free(want);
	return res;
}

int main(int argc, char **argv)
{
	const char *field = 0;
	int c, st = 0;
	while ((c = getopt(argc, argv, "F:")) != -1) {
		if (c == 'F')
			field = optarg;
		else {
			fprintf(stderr, "Usage: modinfo [-F field] module...\n");
			return 1;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "modinfo: ERROR: missing module or filename.\n");
		return 1;
	}
	for (int i = optind; i < argc; i++) {
		const char *path = argv[i];
		size_t len;
		char *img = strchr(path, '/') || strstr(path, ".ko") ? read_file(path, &len) : 0;
		if (!img) {
			char *p = find_module(argv[i]);
			if (p) {
				path = p;
				img = read_file(p, &len);
			}
		}
		if (!img) {
			fprintf(stderr, "modinfo: ERROR: Module %s not found.\n", argv[i]);
			st = 1;
			continue;
		}
		struct ehdr *eh = (struct ehdr *)img;
		if (len < sizeof(*eh) || memcmp(eh->ident, "\177ELF", 4) != 0 || eh->ident[4] != 2 ||
		    eh->shoff + (unsigned long)eh->shnum * sizeof(struct shdr) > len || eh->shstrndx >= eh->shnum) {
			fprintf(stderr, "modinfo: ERROR: could not get modinfo from '%s': Invalid argument\n", argv[i]);
			st = 1;
			continue;
		}
		struct shdr *sh = (struct shdr *)(img + eh->shoff);
		const char *strtab = img + sh[eh->shstrndx].offset;
		struct shdr *mi = 0;
		for (int k = 0; k < eh->shnum; k++)
			if (strcmp(strtab + sh[k].name, ".modinfo") == 0)
				mi = &sh[k];
		if (!field || strcmp(field, "filename") == 0) {
			if (field)
				printf("%s\n", path);
			else
				printf("%-16s%s\n", "filename:", path);
		}
		if (!mi || mi->offset + mi->size > len)
			continue;
		const char *p = img + mi->offset, *end = p + mi->size;
		for (; p < end; p += strlen(p) + 1) {
			if (!*p)
				continue;
			const char *eq = strchr(p, '=');
			if (!eq)
				continue;
			char key[64];
			int kl = (int)(eq - p) < 62 ? (int)(eq - p) : 62;
			memcpy(key, p, kl);
			key[kl] = 0;
			if (strcmp(key, "parmtype") == 0)
				continue;
			const char *val = eq + 1;
			char *type = 0;
			if (strcmp(key, "parm") == 0) {
				/* append "(type)" from the matching parmtype=name:type */
				const char *colon = strchr(val, ':');
				size_t nl = colon ? (size_t)(colon - val) : strlen(val);
				for (const char *q = img + mi->offset; q < end; q += strlen(q) + 1)
					if (strncmp(q, "parmtype=", 9) == 0 && strncmp(q + 9, val, nl) == 0 && q[9 + nl] == ':')
						type = strdup(q + 10 + nl);
			}
			if (field) {
				if (strcmp(field, key) == 0)
					printf("%s\n", val);
				continue;
			}
			strcat(key, ":");
			if (type)
				printf("%-16s%s (%s)\n", key, val, type);
			else
				printf("%-16s%s\n", key, val);
			free(type);
		}
		free(img);
	}
	return st;
}
