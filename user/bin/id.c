/* id [-u|-g|-G] [-n] [-r]: print user and group identities. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SYS_getgroups 115
#define SYS_getegid 108

/* Look an id up in /etc/passwd or /etc/group (name:x:id:...). */
static const char *lookup(const char *file, unsigned id)
{
	static char names[2][256];
	static int which;
	char *res = names[which ^= 1];
	FILE *f = fopen(file, "r");
	if (f) {
		char line[512];
		while (fgets(line, sizeof(line), f)) {
			char *c1 = strchr(line, ':');
			if (!c1)
				continue;
			char *c2 = strchr(c1 + 1, ':');
			if (!c2)
				continue;
			char *end;
			unsigned long v = strtoul(c2 + 1, &end, 10);
			if (end != c2 + 1 && *end == ':' && v == id) {
				*c1 = 0;
				strncpy(res, line, 255);
				res[255] = 0;
				fclose(f);
				return res;
			}
		}
		fclose(f);
	}
	if (id == 0)
		return "root";
	return 0;
}

static void show(unsigned id, const char *name)
{
	printf("%u", id);
	if (name)
		printf("(%s)", name);
}

int main(int argc, char **argv)
{
	int c, ou = 0, og = 0, oG = 0, on = 0, real = 0;
	while ((c = getopt(argc, argv, "ugGnr")) != -1) {
		switch (c) {
		case 'u': ou = 1; break;
		case 'g': og = 1; break;
		case 'G': oG = 1; break;
		case 'n': on = 1; break;
		case 'r': real = 1; break;
		default:
			fprintf(stderr, "Try 'id --help' for more information.\n");
			return 1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "id: '%s': no such user\n", argv[optind]);
		return 1;
	}
	if (ou + og + oG > 1) {
		fprintf(stderr, "id: cannot print \"only\" of more than one choice\n");
		return 1;
	}
	unsigned uid = real ? getuid() : geteuid(), gid = real ? getgid() : (unsigned)syscall(SYS_getegid);
	unsigned groups[256];
	long ng = syscall(SYS_getgroups, 256, groups);
	if (ng < 0)
		ng = 0;
	if (ou || og) {
		unsigned id = ou ? uid : gid;
		const char *nm = lookup(ou ? "/etc/passwd" : "/etc/group", id);
		if (on && nm)
			puts(nm);
		else
			printf("%u\n", id);
		return 0;
	}
	if (oG) {
		printf("%s", "");
		if (on) {
			const char *nm = lookup("/etc/group", gid);
			nm ? printf("%s", nm) : printf("%u", gid);
		} else
			printf("%u", gid);
		for (long i = 0; i < ng; i++) {
			if (groups[i] == gid)
				continue;
			const char *nm = on ? lookup("/etc/group", groups[i]) : 0;
			nm ? printf(" %s", nm) : printf(" %u", groups[i]);
		}
		putchar('\n');
		return 0;
	}
	printf("uid=");
	show(uid, lookup("/etc/passwd", uid));
	printf(" gid=");
	show(gid, lookup("/etc/group", gid));
	printf(" groups=");
	show(gid, lookup("/etc/group", gid));
	for (long i = 0; i < ng; i++) {
		if (groups[i] == gid)
			continue;
		putchar(',');
		show(groups[i], lookup("/etc/group", groups[i]));
	}
	putchar('\n');
	return 0;
}
