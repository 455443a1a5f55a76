/*
 * hexdump.c: hex_dump_to_buffer and print_hex_dump in the kernel's layout
 * (DUMP_PREFIX_ADDRESS prints the address as %p, hashed, as 5.10 does):
 * groups of `groupsize` bytes in hex separated by spaces, then (ascii)
 * the characters starting at column rowsize * 3 + 2 (49 for 16-byte rows
 * of single bytes), '.' for anything not printable.
 */
#include <linux/kernel.h>
#include <linux/ctype.h>
#include <linux/export.h>

static const char hex_asc[] = "0123456789abcdef";

int hex_dump_to_buffer(const void *buf, size_t len, int rowsize, int groupsize, char *linebuf,
		       size_t linebuflen, bool ascii)
{
	const u8 *ptr = buf;
	size_t lx = 0;
	int ngroups, ascii_column, j;

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	if (len > (size_t)rowsize)
		len = rowsize;
	if (groupsize != 1)
		groupsize = 1;	/* only byte groups are needed here */
	ngroups = len / groupsize;
	ascii_column = rowsize * 2 + rowsize / groupsize + 1;
	if (!linebuflen)
		return 0;
	for (j = 0; j < ngroups && lx + 3 < linebuflen; j++) {
		linebuf[lx++] = hex_asc[ptr[j] >> 4];
		linebuf[lx++] = hex_asc[ptr[j] & 15];
		if (j + 1 < ngroups)
			linebuf[lx++] = ' ';
	}
	if (ascii) {
		while (lx < (size_t)ascii_column && lx + 1 < linebuflen)
			linebuf[lx++] = ' ';
		for (j = 0; j < (int)len && lx + 1 < linebuflen; j++)
			linebuf[lx++] = isprint(ptr[j]) ? ptr[j] : '.';
	}
	linebuf[lx] = 0;
	return lx;
}
EXPORT_SYMBOL(hex_dump_to_buffer);

void print_hex_dump(const char *level, const char *prefix_str, int prefix_type, int rowsize, int groupsize,
		    const void *buf, size_t len, bool ascii)
{
	const u8 *ptr = buf;
	char linebuf[32 * 3 + 2 + 32 + 1];

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	for (size_t i = 0; i < len; i += rowsize) {
		size_t linelen = min(len - i, (size_t)rowsize);
		hex_dump_to_buffer(ptr + i, linelen, rowsize, groupsize, linebuf, sizeof(linebuf), ascii);
		switch (prefix_type) {
		case DUMP_PREFIX_ADDRESS:
			printk("%s%s%p: %s\n", level, prefix_str, ptr + i, linebuf);
			break;
		case DUMP_PREFIX_OFFSET:
			printk("%s%s%.8zx: %s\n", level, prefix_str, i, linebuf);
			break;
		default:
			printk("%s%s%s\n", level, prefix_str, linebuf);
		}
	}
}
EXPORT_SYMBOL(print_hex_dump);
