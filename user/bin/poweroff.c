/*
 * poweroff [-f] [STATUS]: sync and power the machine off through reboot(2).
 * kmemlab extension: a STATUS (0-127) travels in reboot's fourth argument
 * and becomes the host's exit status (`kmemlab boot --exec` uses it);
 * Linux ignores that argument for POWER_OFF.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/reboot.h>

int main(int argc, char **argv)
{
	long status = 0;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "-f") != 0)
			status = strtol(argv[i], NULL, 10) & 0x7f;
	sync();
	syscall(169, (long)LINUX_REBOOT_MAGIC1, (long)LINUX_REBOOT_MAGIC2, (long)LINUX_REBOOT_CMD_POWER_OFF, status);
	fprintf(stderr, "poweroff: %s\n", strerror(errno));
	return 1;
}
