/*
 * gunzip [-c] [-f] [-k] [-t] [FILE...], zcat [FILE...]: decompress gzip
 * files. A small inflate (stored, fixed and dynamic Huffman blocks) with a
 * 32 KiB window, streaming; CRC-32 and length are checked per member.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <unistd.h>
#include <sys/stat.h>

static const char *name;	/* for messages */
static int in_fd, out_fd, status, test_only;
static jmp_buf fail;

/* ---- input ---- */
static unsigned char ibuf[65536];
static int ipos, ilen, ieof;
static unsigned long bitbuf;
static int bitcnt;

static int refill(void)
{
	if (ieof)
		return 0;
	ssize_t n;
	do
		n = read(in_fd, ibuf, sizeof(ibuf));
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		ieof = 1;
		if (n < 0) {
			fprintf(stderr, "gzip: %s: %s\n", name, strerror(errno));
			longjmp(fail, 2);
		}
		return 0;
	}
	ipos = 0;
	ilen = (int)n;
	return 1;
}

/* next byte or -1 at end of input */
static int peekbyte(void)
{
	if (ipos >= ilen && !refill())
		return -1;
	return ibuf[ipos];
}

static int getbyte(void)
{
	if (ipos >= ilen && !refill()) {
		fprintf(stderr, "gzip: %s: unexpected end of file\n", name);
		longjmp(fail, 1);
	}
	return ibuf[ipos++];
}

static unsigned bits(int n)
{
	while (bitcnt < n) {
		bitbuf |= (unsigned long)getbyte() << bitcnt;
		bitcnt += 8;
	}
	unsigned v = (unsigned)(bitbuf & ((1UL << n) - 1));
	bitbuf >>= n;
	bitcnt -= n;
	return v;
}

static void bad_data(void)
{
	fprintf(stderr, "gzip: %s: invalid compressed data--format violated\n", name);
	longjmp(fail, 1);
}

/* ---- output: 64 KiB ring, flushed in 32 KiB halves ---- */
static unsigned char ring[65536];
static unsigned long wpos, flushed;
static unsigned crc;
static unsigned crctab[256];

static void crc_init(void)
{
	for (unsigned i = 0; i < 256; i++) {
		unsigned c = i;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crctab[i] = c;
	}
}

static void flush(void)
{
	while (flushed < wpos) {
		unsigned long start = flushed & 65535, n = wpos - flushed;
		if (start + n > 65536)
			n = 65536 - start;
		for (unsigned long i = 0; i < n; i++)
			crc = crctab[(crc ^ ring[start + i]) & 0xff] ^ (crc >> 8);
		if (!test_only) {
			unsigned char *p = ring + start;
			unsigned long left = n;
			while (left) {
				ssize_t k = write(out_fd, p, left);
				if (k < 0) {
					if (errno == EINTR)
						continue;
					fprintf(stderr, "gzip: write error: %s\n", strerror(errno));
					exit(1);
				}
				p += k;
				left -= k;
			}
		}
		flushed += n;
	}
}

static inline void put(unsigned char c)
{
	ring[wpos & 65535] = c;
	wpos++;
	if (wpos - flushed >= 32768)
		flush();
}

/* ---- Huffman codes (canonical, decoded bit by bit as in zlib's puff) ---- */
struct huff {
	short count[16];
	short symbol[320];
};

static int build(struct huff *h, const unsigned char *len, int n)
{
	short offs[16];
	memset(h->count, 0, sizeof(h->count));
	for (int s = 0; s < n; s++)
		h->count[len[s]]++;
	if (h->count[0] == n)
		return 0;
	int left = 1;
	for (int l = 1; l < 16; l++) {
		left <<= 1;
		left -= h->count[l];
		if (left < 0)
			return -1;
	}
	offs[1] = 0;
	for (int l = 1; l < 15; l++)
		offs[l + 1] = offs[l] + h->count[l];
	for (int s = 0; s < n; s++)
		if (len[s])
			h->symbol[offs[len[s]]++] = (short)s;
	return left;
}

static int decode(const struct huff *h)
{
	int code = 0, first = 0, index = 0;
	for (int l = 1; l < 16; l++) {
		code |= (int)bits(1);
		int count = h->count[l];
		if (code - count < first)
			return h->symbol[index + (code - first)];
		index += count;
		first += count;
		first <<= 1;
		code <<= 1;
	}
	bad_data();
	return -1;
}

static const short lbase[29] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const short lext[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const short dbase[30] = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
				 4097, 6145, 8193, 12289, 16385, 24577 };
static const short dext[30] = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

static unsigned long member_start;

static void codes(const struct huff *lc, const struct huff *dc)
{
	for (;;) {
		int sym = decode(lc);
		if (sym < 256) {
			put((unsigned char)sym);
		} else if (sym == 256) {
			return;
		} else {
			sym -= 257;
			if (sym >= 29)
				bad_data();
			int len = lbase[sym] + (int)bits(lext[sym]);
			int ds = decode(dc);
			if (ds >= 30)
				bad_data();
			unsigned long dist = dbase[ds] + bits(dext[ds]);
			if (dist > wpos - member_start || dist > 32768)
				bad_data();
			while (len--) {
				put(ring[(wpos - dist) & 65535]);
			}
		}
	}
}

static void stored(void)
{
	bitbuf = 0;
	bitcnt = 0;
	unsigned len = getbyte();
	len |= getbyte() << 8;
	unsigned nlen = getbyte();
	nlen |= getbyte() << 8;
	if (len != (~nlen & 0xffff))
		bad_data();
	while (len--)
		put((unsigned char)getbyte());
}

static void fixed(void)
{
	static struct huff lc, dc;
	static int done;
	if (!done) {
		unsigned char l[288];
		int s = 0;
		for (; s < 144; s++) l[s] = 8;
		for (; s < 256; s++) l[s] = 9;
		for (; s < 280; s++) l[s] = 7;
		for (; s < 288; s++) l[s] = 8;
		build(&lc, l, 288);
		for (s = 0; s < 30; s++) l[s] = 5;
		build(&dc, l, 30);
		done = 1;
	}
	codes(&lc, &dc);
}

static void dynamic(void)
{
	static const unsigned char order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };
	unsigned char l[320];
	struct huff lc, dc;
	int nlen = (int)bits(5) + 257, ndist = (int)bits(5) + 1, ncode = (int)bits(4) + 4;
	if (nlen > 286 || ndist > 30)
		bad_data();
	int i = 0;
	for (; i < ncode; i++)
		l[order[i]] = (unsigned char)bits(3);
	for (; i < 19; i++)
		l[order[i]] = 0;
	if (build(&lc, l, 19) != 0)
		bad_data();
	i = 0;
	while (i < nlen + ndist) {
		int sym = decode(&lc);
		if (sym < 16) {
			l[i++] = (unsigned char)sym;
			continue;
		}
		int rep, v = 0;
		if (sym == 16) {
			if (!i)
				bad_data();
			v = l[i - 1];
			rep = 3 + (int)bits(2);
		} else if (sym == 17)
			rep = 3 + (int)bits(3);
		else
			rep = 11 + (int)bits(7);
		if (i + rep > nlen + ndist)
			bad_data();
		while (rep--)
			l[i++] = (unsigned char)v;
	}
	if (l[256] == 0)
		bad_data();
	int r = build(&lc, l, nlen);
	if (r < 0 || (r > 0 && nlen - lc.count[0] != 1))
		bad_data();
	r = build(&dc, l + nlen, ndist);
	if (r < 0 || (r > 0 && ndist - dc.count[0] != 1))
		bad_data();
	codes(&lc, &dc);
}

static void inflate(void)
{
	int last;
	do {
		last = (int)bits(1);
		int type = (int)bits(2);
		if (type == 0)
			stored();
		else if (type == 1)
			fixed();
		else if (type == 2)
			dynamic();
		else
			bad_data();
	} while (!last);
	bitbuf = 0;
	bitcnt = 0;
}

/* Decompress every member of in_fd to out_fd. Returns 0, 1 (error) or 2 (warning). */
static int gunzip_stream(void)
{
	int r = setjmp(fail);
	if (r)
		return r;
	ipos = ilen = ieof = 0;
	bitbuf = 0;
	bitcnt = 0;
	wpos = flushed = 0;
	for (int member = 0;; member++) {
		int b0 = peekbyte();
		if (b0 < 0) {
			if (member == 0) {
				fprintf(stderr, "gzip: %s: unexpected end of file\n", name);
				return 1;
			}
			return 0;
		}
		if (member > 0 && b0 == 0)
			return 0; /* zero padding after the last member */
		int m1 = getbyte(), m2 = peekbyte();
		if (m1 != 0x1f || m2 != 0x8b) {
			if (member == 0) {
				fprintf(stderr, "gzip: %s: not in gzip format\n", name);
				return 1;
			}
			fprintf(stderr, "gzip: %s: decompression OK, trailing garbage ignored\n", name);
			return 2;
		}
		getbyte();
		int method = getbyte(), flags = getbyte();
		if (method != 8) {
			fprintf(stderr, "gzip: %s: unknown method %d -- not supported\n", name, method);
			return 1;
		}
		for (int i = 0; i < 6; i++)
			getbyte(); /* mtime, xfl, os */
		if (flags & 4) {
			int xlen = getbyte();
			xlen |= getbyte() << 8;
			while (xlen--)
				getbyte();
		}
		if (flags & 8)
			while (getbyte())
				;
		if (flags & 16)
			while (getbyte())
				;
		if (flags & 2) {
			getbyte();
			getbyte();
		}
		crc = 0xffffffffu;
		member_start = wpos;
		inflate();
		flush();
		crc ^= 0xffffffffu;
		unsigned want_crc = 0, want_len = 0;
		for (int i = 0; i < 4; i++)
			want_crc |= (unsigned)getbyte() << (8 * i);
		for (int i = 0; i < 4; i++)
			want_len |= (unsigned)getbyte() << (8 * i);
		if (want_crc != crc) {
			fprintf(stderr, "gzip: %s: invalid compressed data--crc error\n", name);
			return 1;
		}
		if (want_len != (unsigned)((wpos - member_start) & 0xffffffffu)) {
			fprintf(stderr, "gzip: %s: invalid compressed data--length error\n", name);
			return 1;
		}
	}
}

int main(int argc, char **argv)
{
	const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	int to_stdout = !strcmp(prog, "zcat"), force = 0, keep = 0, c;
	while ((c = getopt(argc, argv, "cdfktnNqv")) != -1) {
		switch (c) {
		case 'c': to_stdout = 1; break;
		case 'd': case 'n': case 'N': case 'q': case 'v': break;
		case 'f': force = 1; break;
		case 'k': keep = 1; break;
		case 't': test_only = 1; break;
		default:
			fprintf(stderr, "Usage: %s [-cfkt] [FILE...]\n", prog);
			return 1;
		}
	}
	crc_init();
	int nfiles = argc - optind;
	if (!nfiles) {
		name = "stdin";
		in_fd = 0;
		out_fd = 1;
		if (!to_stdout && !test_only && isatty(0) && !force) {
			fprintf(stderr, "gzip: compressed data not read from a terminal. Use -f to force decompression.\n");
			return 1;
		}
		return gunzip_stream();
	}
	for (int i = optind; i < argc; i++) {
		const char *f = argv[i];
		char *outname = 0;
		if (!strcmp(f, "-")) {
			name = "stdin";
			in_fd = 0;
		} else {
			name = f;
			if (!to_stdout && !test_only) {
				size_t l = strlen(f);
				const char *sfx[] = { ".gz", "-gz", ".z", "-z", "_z", ".Z", 0 };
				int ok = 0;
				for (int k = 0; sfx[k]; k++) {
					size_t sl = strlen(sfx[k]);
					if (l > sl && !strcmp(f + l - sl, sfx[k])) {
						outname = strndup(f, l - sl);
						ok = 1;
						break;
					}
				}
				if (!ok && l > 4 && !strcmp(f + l - 4, ".tgz")) {
					outname = malloc(l + 1);
					memcpy(outname, f, l - 4);
					strcpy(outname + l - 4, ".tar");
					ok = 1;
				}
				if (!ok) {
					struct stat sb;
					if (stat(f, &sb) < 0)
						fprintf(stderr, "gzip: %s: %s\n", f, strerror(errno));
					else
						fprintf(stderr, "gzip: %s: unknown suffix -- ignored\n", f);
					if (status == 0)
						status = stat(f, &sb) < 0 ? 1 : 2;
					continue;
				}
			}
			in_fd = open(f, O_RDONLY);
			if (in_fd < 0) {
				fprintf(stderr, "gzip: %s: %s\n", f, strerror(errno));
				status = 1;
				free(outname);
				continue;
			}
		}
		out_fd = 1;
		if (outname) {
			out_fd = open(outname, O_WRONLY | O_CREAT | (force ? O_TRUNC : O_EXCL), 0644);
			if (out_fd < 0) {
				if (errno == EEXIST)
					fprintf(stderr, "gzip: %s already exists; not overwritten\n", outname);
				else
					fprintf(stderr, "gzip: %s: %s\n", outname, strerror(errno));
				status = 1;
				close(in_fd);
				free(outname);
				continue;
			}
		}
		int r = gunzip_stream();
		if (r > status)
			status = r;
		if (in_fd)
			close(in_fd);
		if (outname) {
			close(out_fd);
			if (r == 1)
				unlink(outname);
			else if (!keep)
				unlink(f);
			free(outname);
		}
	}
	return status;
}
