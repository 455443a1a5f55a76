/*
 * printf.c: the printf family. One formatter writes through a sink; the
 * sinks are a counted buffer (snprintf), a FILE and a file descriptor.
 * Supports flags - 0 + space #, width and precision (also *), length
 * modifiers hh h l ll z t j, conversions d i u o x X c s p n %.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct sink {
	void (*put)(struct sink *, const char *, size_t);
	char *buf;
	size_t size, pos;	/* buffer sink */
	FILE *f;		/* FILE sink */
	int fd;			/* fd sink (via a small local buffer) */
	char tmp[256];
	size_t tlen;
	int total;
};

static void out(struct sink *s, const char *p, size_t n)
{
	s->total += (int)n;
	s->put(s, p, n);
}

static void pad(struct sink *s, char c, int n)
{
	char b[32];
	memset(b, c, sizeof(b));
	while (n > 0) {
		int k = n > 32 ? 32 : n;
		out(s, b, k);
		n -= k;
	}
}

static int format(struct sink *s, const char *fmt, va_list ap)
{
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			const char *q = p;
			while (*q && *q != '%')
				q++;
			out(s, p, q - p);
			p = q - 1;
			continue;
		}
		p++;
		int left = 0, zero = 0, plus = 0, space = 0, alt = 0;
		for (;; p++) {
			if (*p == '-') left = 1;
			else if (*p == '0') zero = 1;
			else if (*p == '+') plus = 1;
			else if (*p == ' ') space = 1;
			else if (*p == '#') alt = 1;
			else break;
		}
		int width = 0, prec = -1;
		if (*p == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = 1;
				width = -width;
			}
			p++;
		} else {
			while (*p >= '0' && *p <= '9')
				width = width * 10 + (*p++ - '0');
		}
		if (*p == '.') {
			p++;
			prec = 0;
			if (*p == '*') {
				prec = va_arg(ap, int);
				p++;
			} else {
				while (*p >= '0' && *p <= '9')
					prec = prec * 10 + (*p++ - '0');
			}
		}
		int len = 0; /* 0 int, 1 long, 2 long long, -1 short, -2 char */
		for (;; p++) {
			if (*p == 'l') len++;
			else if (*p == 'h') len--;
			else if (*p == 'z' || *p == 't' || *p == 'j') len = 1;
			else break;
		}
		char conv = *p;
		char nb[64];
		const char *str;
		int slen;
		const char *prefix = "";
		unsigned long long v = 0;
		int neg = 0, base = 10, upper = 0, is_num = 1;
		switch (conv) {
		case 'd':
		case 'i': {
			long long x;
			if (len >= 1) x = va_arg(ap, long);
			else x = va_arg(ap, int);
			if (len == -1) x = (short)x;
			if (len <= -2) x = (signed char)x;
			neg = x < 0;
			v = neg ? -(unsigned long long)x : (unsigned long long)x;
			break;
		}
		case 'u': case 'x': case 'X': case 'o':
			if (len >= 1) v = va_arg(ap, unsigned long);
			else v = va_arg(ap, unsigned int);
			if (len == -1) v = (unsigned short)v;
			if (len <= -2) v = (unsigned char)v;
			base = conv == 'u' ? 10 : conv == 'o' ? 8 : 16;
			upper = conv == 'X';
			if (alt && v && base == 16)
				prefix = upper ? "0X" : "0x";
			break;
		case 'p':
			v = (unsigned long)va_arg(ap, void *);
			if (!v) {
				str = "(nil)";
				slen = 5;
				is_num = 0;
				prec = -1;
				zero = 0;
				break;
			}
			base = 16;
			prefix = "0x";
			break;
		case 'c':
			nb[0] = (char)va_arg(ap, int);
			str = nb;
			slen = 1;
			is_num = 0;
			prec = -1;
			break;
		case 's':
			str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			slen = prec >= 0 ? (int)strnlen(str, prec) : (int)strlen(str);
			is_num = 0;
			prec = -1;
			break;
		case 'n':
			*va_arg(ap, int *) = s->total;
			continue;
		case '%':
			out(s, "%", 1);
			continue;
		case 0:
			p--;
			continue;
		default:
			out(s, "%", 1);
			out(s, p, 1);
			continue;
		}
		if (!is_num) {
			if (!left)
				pad(s, ' ', width - slen);
			out(s, str, slen);
			if (left)
				pad(s, ' ', width - slen);
			continue;
		}
		/* digits, right to left */
		const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
		int nd = 0;
		char *e = nb + sizeof(nb);
		while (v) {
			*--e = digits[v % base];
			v /= base;
			nd++;
		}
		if (nd == 0 && prec != 0) {
			*--e = '0';
			nd = 1;
		}
		if (alt && base == 8 && (nd == 0 || *e != '0')) {
			*--e = '0';
			nd++;
		}
		if (neg) prefix = "-";
		else if (plus && (conv == 'd' || conv == 'i')) prefix = "+";
		else if (space && (conv == 'd' || conv == 'i')) prefix = " ";
		int plen = (int)strlen(prefix);
		int zeros = prec > nd ? prec - nd : 0;
		if (zero && !left && prec < 0 && width > plen + nd)
			zeros = width - plen - nd;
		int total = plen + zeros + nd;
		if (!left)
			pad(s, ' ', width - total);
		out(s, prefix, plen);
		pad(s, '0', zeros);
		out(s, e, nd);
		if (left)
			pad(s, ' ', width - total);
	}
	return s->total;
}

static void put_buf(struct sink *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++, s->pos++)
		if (s->size && s->pos < s->size - 1)
			s->buf[s->pos] = p[i];
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .put = put_buf, .buf = buf, .size = size };
	int n = format(&s, fmt, ap);
	if (size)
		buf[s.pos < size - 1 ? s.pos : size - 1] = 0;
	return n;
}

int vsprintf(char *buf, const char *fmt, va_list ap) { return vsnprintf(buf, (size_t)-1 >> 1, fmt, ap); }

static void put_file(struct sink *s, const char *p, size_t n) { fwrite(p, 1, n, s->f); }

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
	struct sink s = { .put = put_file, .f = f };
	/* Unbuffered streams (stderr) get the message in one write. */
	char tmp[512];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap2);
	va_end(ap2);
	if (n >= 0 && n < (int)sizeof(tmp)) {
		if (n && fwrite(tmp, 1, n, f) != (size_t)n)
			return -1;
		return n;
	}
	n = format(&s, fmt, ap);
	return ferror(f) ? -1 : n;
}

static void put_fd(struct sink *s, const char *p, size_t n)
{
	if (s->tlen + n > sizeof(s->tmp)) {
		if (s->tlen)
			write(s->fd, s->tmp, s->tlen);
		s->tlen = 0;
		if (n > sizeof(s->tmp)) {
			write(s->fd, p, n);
			return;
		}
	}
	memcpy(s->tmp + s->tlen, p, n);
	s->tlen += n;
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
	struct sink s = { .put = put_fd, .fd = fd };
	int n = format(&s, fmt, ap);
	if (s.tlen)
		write(fd, s.tmp, s.tlen);
	return n;
}

int vprintf(const char *fmt, va_list ap) { return vfprintf(stdout, fmt, ap); }

#define VA_WRAP(call) \
	va_list ap; \
	va_start(ap, fmt); \
	int r = call; \
	va_end(ap); \
	return r

int printf(const char *fmt, ...) { VA_WRAP(vfprintf(stdout, fmt, ap)); }
int fprintf(FILE *f, const char *fmt, ...) { VA_WRAP(vfprintf(f, fmt, ap)); }
int dprintf(int fd, const char *fmt, ...) { VA_WRAP(vdprintf(fd, fmt, ap)); }
int sprintf(char *buf, const char *fmt, ...) { VA_WRAP(vsprintf(buf, fmt, ap)); }
int snprintf(char *buf, size_t n, const char *fmt, ...) { VA_WRAP(vsnprintf(buf, n, fmt, ap)); }
