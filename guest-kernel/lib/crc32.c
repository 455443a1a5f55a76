/*
 * crc32.c: CRC-32 (IEEE 802.3 polynomial, reflected: 0xedb88320),
 * little-endian bit order, no pre- or post-inversion (crc32_le's contract:
 * the caller passes the seed; kmemleak uses 0). Table built on first use.
 */
#include <linux/crc32.h>
#include <linux/export.h>

static u32 crc_table[256];
static bool crc_ready;

u32 crc32_le(u32 crc, const void *p, size_t len)
{
	const u8 *b = p;
	if (!crc_ready) {
		for (u32 i = 0; i < 256; i++) {
			u32 c = i;
			for (int k = 0; k < 8; k++)
				c = (c & 1) ? (c >> 1) ^ 0xedb88320 : c >> 1;
			crc_table[i] = c;
		}
		crc_ready = true;
	}
	while (len--)
		crc = (crc >> 8) ^ crc_table[(crc ^ *b++) & 0xff];
	return crc;
}
EXPORT_SYMBOL(crc32_le);
