/*
 * sysctl: read and write /proc/sys, as procps-ng 4's sysctl does.
 *
 *   sysctl [-n|-N] [-e] KEY...          "kernel.printk = 7	4	1	7"
 *   sysctl [-w] [-q] KEY=VALUE...       writes VALUE, echoes "KEY = VALUE"
 *   sysctl -a | -A | -X                 every readable key, sorted
 *   sysctl -p [FILE]                    "KEY = VALUE" lines (# and ; comments)
 *
 * Keys use dots or slashes (kernel.printk, kernel/printk). A key that is
 * not there is "cannot stat /proc/sys/...", a write the kernel refuses is
 * its errno ("setting key ...: Invalid argument"), a file without read
 * permission (vm.drop_caches) is silently skipped on reads, as procps does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <unistd.h>
#include <sys/stat.h>

#define PROC_PATH "/proc/sys/"

static int name_only, values_only, ignore_unknown, quiet, write_mode;

static void usage(FILE *f)
{
	fputs("\nUsage:\n sysctl [options] [variable[=value] ...]\n\nOptions:\n"
	      "  -a, --all            display all variables\n"
	      "  -A                   alias of -a\n"
	      "  -X                   alias of -a\n"
	      "  -e, --ignore         ignore unknown variables errors\n"
	      "  -N, --names          print variable names without values\n"
	      "  -n, --values         print only values of the given variable(s)\n"
	      "  -p, --load[=<file>]  read values from file\n"
	      "  -f                   alias of -p\n"
	      "  -q, --quiet          do not echo variable set\n"
	      "  -w, --write          enable writing a value to variable\n"
	      "  -o                   does nothing\n"
	      "  -x                   does nothing\n"
	      "  -d                   alias of -h\n\n"
	      " -h, --help     display this help and exit\n"
	      " -V, --version  output version information and exit\n\n"
	      "For more details see sysctl(8).\n", f);
}

/* "kernel.printk" or "kernel/printk" -> path and the dotted name */
static void key_paths(const char *key, char *path, size_t pn, char *name, size_t nn)
{
	snprintf(path, pn, PROC_PATH "%s", key);
	snprintf(name, nn, "%s", key);
	for (char *p = path + strlen(PROC_PATH); *p; p++)
		if (*p == '.')
			*p = '/';
	for (char *p = name; *p; p++)
		if (*p == '/')
			*p = '.';
}

static int display_all(const char *dir);

static int read_setting(const char *key)
{
	char path[512], name[512], buf[4096];
	struct stat st;
	int fd;
	ssize_t n;

	key_paths(key, path, sizeof(path), name, sizeof(name));
	if (stat(path, &st) < 0) {
		if (ignore_unknown)
			return 0;
		fprintf(stderr, "sysctl: cannot stat %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (S_ISDIR(st.st_mode))
		return display_all(path);
	if (!(st.st_mode & S_IRUSR))
		return 0;
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		if (errno == EACCES)
			fprintf(stderr, "sysctl: permission denied on key '%s'\n", name);
		else
			fprintf(stderr, "sysctl: reading key \"%s\": %s\n", name, strerror(errno));
		return 1;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0) {
		fprintf(stderr, "sysctl: reading key \"%s\": %s\n", name, strerror(errno));
		return 1;
	}
	buf[n] = 0;
	if (name_only)
		printf("%s\n", name);
	else if (values_only)
		fputs(buf, stdout);
	else
		printf("%s = %s", name, buf);
	return 0;
}

static int write_setting(const char *setting)
{
	const char *eq = strchr(setting, '=');
	char key[512], path[512], name[512];
	const char *value;
	struct stat st;
	int fd;

	if (!eq || eq == setting) {
		fprintf(stderr, "sysctl: \"%s\" must be of the form name=value\n", setting);
		return 1;
	}
	snprintf(key, sizeof(key), "%.*s", (int)(eq - setting), setting);
	/* "kernel.ostype = Linux" in a file: trim around the name and the value */
	for (size_t l = strlen(key); l && (key[l - 1] == ' ' || key[l - 1] == '\t'); l--)
		key[l - 1] = 0;
	value = eq + 1;
	while (*value == ' ' || *value == '\t')
		value++;
	key_paths(key, path, sizeof(path), name, sizeof(name));
	if (stat(path, &st) < 0) {
		if (ignore_unknown)
			return 0;
		fprintf(stderr, "sysctl: cannot stat %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!(st.st_mode & S_IWUSR)) {
		/* procps reports it with a stale errno and goes on */
		fprintf(stderr, "sysctl: setting key \"%s\": %s\n", name, strerror(EINVAL));
		return 0;
	}
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		if (errno == EACCES || errno == EPERM || errno == EROFS)
			fprintf(stderr, "sysctl: permission denied on key \"%s\"\n", name);
		else
			fprintf(stderr, "sysctl: setting key \"%s\": %s\n", name, strerror(errno));
		return 1;
	}
	char line[4096];
	int len = snprintf(line, sizeof(line), "%s\n", value);
	if (write(fd, line, len) != len) {
		fprintf(stderr, "sysctl: setting key \"%s\": %s\n", name, strerror(errno));
		close(fd);
		return 1;
	}
	close(fd);
	if (!quiet) {
		if (name_only)
			printf("%s\n", name);
		else if (values_only)
			printf("%s\n", value);
		else
			printf("%s = %s\n", name, value);
	}
	return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int display_all(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *names[256];
	int n = 0, rc = 0;
	if (!d) {
		fprintf(stderr, "sysctl: unable to open directory \"%s\"\n", dir);
		return 1;
	}
	while ((de = readdir(d)) && n < 256)
		if (de->d_name[0] != '.')
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof(char *), cmp_str);
	/* keys relative to /proc/sys: "kernel/printk" */
	const char *rel = strlen(dir) >= strlen(PROC_PATH) ? dir + strlen(PROC_PATH) : "";
	for (int i = 0; i < n; i++) {
		char key[512];
		snprintf(key, sizeof(key), "%s%s%s", rel, *rel ? "/" : "", names[i]);
		rc |= read_setting(key);
		free(names[i]);
	}
	return rc;
}

static int load_file(const char *file)
{
	FILE *f = fopen(file, "r");
	char *line = 0;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;
	if (!f) {
		fprintf(stderr, "sysctl: cannot open \"%s\": %s\n", file, strerror(errno));
		return 1;
	}
	int lineno = 0;
	while ((n = getline(&line, &cap, f)) > 0) {
		char *p = line;
		lineno++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (p[strlen(p) - 1] == '\n')
			p[strlen(p) - 1] = 0;
		if (!*p || *p == '#' || *p == ';')
			continue;
		if (*p == '-') {	/* "-key = value": ignore failures of this one */
			int saved = ignore_unknown;
			ignore_unknown = 1;
			write_setting(p + 1);
			ignore_unknown = saved;
			continue;
		}
		if (!strchr(p, '=')) {
			fprintf(stderr, "sysctl: %s(%d): invalid syntax, continuing...\n", file, lineno);
			continue;
		}
		rc |= write_setting(p);
	}
	fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	int all = 0, rc = 0, nkeys = 0;
	const char *load = NULL;
	char *keys[64];

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (!strcmp(a, "--all")) all = 1;
		else if (!strcmp(a, "--ignore")) ignore_unknown = 1;
		else if (!strcmp(a, "--names")) name_only = 1;
		else if (!strcmp(a, "--values")) values_only = 1;
		else if (!strcmp(a, "--quiet")) quiet = 1;
		else if (!strcmp(a, "--write")) write_mode = 1;
		else if (!strcmp(a, "--load")) load = "/etc/sysctl.conf";
		else if (!strncmp(a, "--load=", 7)) load = a + 7;
		else if (!strcmp(a, "--help")) { usage(stdout); return 0; }
		else if (!strcmp(a, "--version")) { puts("sysctl from procps-ng 4.0.2 (kmemlab)"); return 0; }
		else if (a[0] == '-' && a[1] == '-') {
			fprintf(stderr, "sysctl: unrecognized option '%s'\n", a);
			usage(stderr);
			return 1;
		} else if (a[0] == '-' && a[1]) {
			for (char *c = a + 1; *c; c++) {
				switch (*c) {
				case 'a': case 'A': case 'X': all = 1; break;
				case 'e': ignore_unknown = 1; break;
				case 'N': name_only = 1; break;
				case 'n': values_only = 1; break;
				case 'q': quiet = 1; break;
				case 'w': write_mode = 1; break;
				case 'o': case 'x': break;
				case 'p': case 'f':
					if (c[1]) {
						load = c + 1;
					} else if (i + 1 < argc && argv[i + 1][0] != '-') {
						load = argv[++i];
					} else {
						load = "/etc/sysctl.conf";
					}
					c = strchr(c, 0) - 1;
					break;
				case 'h': case 'd': usage(stdout); return 0;
				case 'V': puts("sysctl from procps-ng 4.0.2 (kmemlab)"); return 0;
				default:
					fprintf(stderr, "sysctl: invalid option -- '%c'\n", *c);
					usage(stderr);
					return 1;
				}
			}
		} else if (nkeys < 64) {
			keys[nkeys++] = a;
		}
	}
	if (argc == 1) {
		usage(stderr);
		return 1;
	}
	if (load)
		return load_file(load);
	if (all)
		return display_all("/proc/sys");
	if (!nkeys) {
		fprintf(stderr, "sysctl: no variables specified\nTry `sysctl --help' for more information.\n");
		return 1;
	}
	for (int i = 0; i < nkeys; i++)
		rc |= (write_mode || strchr(keys[i], '=')) ? write_setting(keys[i]) : read_setting(keys[i]);
	return rc;
}
