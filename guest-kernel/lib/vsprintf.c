/*
 * vsprintf.c: the kernel's printf.
 *
 * Standard conversions plus the kernel's pointer extensions:
 *   %p   hashed: siphash-2-4 of the address under a boot-time key, low 32
 *        bits, zero-padded to 16 digits (Linux 5.10 on 64-bit); before the
 *        key is ready, "(____ptrval____)"
 *   %px  raw address; %pK by kptr_restrict: 0 as %p, 1 the raw address
 *        (the reader is root), 2 zeros
 *   %pS  symbol+0xoff/0xsize [module]; %ps symbol only; %pB like %pS for
 *        return addresses (looks up addr-1)
 *   %pa  phys_addr_t passed by reference
 * Unlike glibc, "%#lx" of 0 prints "0x0" (the kernel's number() keeps the
 * prefix), which initcall_debug's "+0x0/0x..." relies on.
 */
#include <linux/kernel.h>
#include <linux/ctype.h>
#include <linux/kallsyms.h>
#include <linux/export.h>
#include <linux/siphash.h>

#define ZEROPAD	1
#define SIGN	2
#define PLUS	4
#define SPACE	8
#define LEFT	16
#define SMALL	32
#define SPECIAL	64

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void number(struct out *o, unsigned long long num, int base, int width, int prec, int flags)
{
	static const char digits[] = "0123456789ABCDEF";
	char tmp[66];
	char sign = 0;
	int i = 0, locase = (flags & SMALL);
	int need_pfx = (flags & SPECIAL) && base != 10;

	if (flags & SIGN) {
		if ((long long)num < 0) {
			sign = '-';
			num = -(long long)num;
			width--;
		} else if (flags & PLUS) {
			sign = '+';
			width--;
		} else if (flags & SPACE) {
			sign = ' ';
			width--;
		}
	}
	if (need_pfx)
		width -= base == 16 ? 2 : 1;
	if (num == 0)
		tmp[i++] = '0';
	while (num) {
		tmp[i++] = digits[num % base] | locase;
		num /= base;
	}
	if (i > prec)
		prec = i;
	width -= prec;
	if (!(flags & (ZEROPAD | LEFT)))
		while (width-- > 0)
			put(o, ' ');
	if (sign)
		put(o, sign);
	if (need_pfx) {
		put(o, '0');
		if (base == 16)
			put(o, 'X' | locase);
	}
	if (!(flags & LEFT))
		while (width-- > 0)
			put(o, (flags & ZEROPAD) ? '0' : ' ');
	while (i < prec--)
		put(o, '0');
	while (i-- > 0)
		put(o, tmp[i]);
	while (width-- > 0)
		put(o, ' ');
}

static void string(struct out *o, const char *s, int width, int prec, int flags)
{
	int len;
	if (!s)
		s = "(null)";
	len = strnlen(s, prec < 0 ? INT_MAX : prec);
	if (!(flags & LEFT))
		while (len < width--)
			put(o, ' ');
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	while (len < width--)
		put(o, ' ');
}

static siphash_key_t ptr_key;
static bool ptr_key_ready;
int kptr_restrict;	/* /proc/sys/kernel/kptr_restrict */

void init_ptr_hash_key(u64 a, u64 b)
{
	ptr_key.key[0] = a;
	ptr_key.key[1] = b;
	ptr_key_ready = true;
}

static void pointer(struct out *o, char fmt, const char *next, void *ptr, int width, int prec, int flags)
{
	char sym[KSYM_SYMBOL_LEN];
	unsigned long v = (unsigned long)ptr;

	switch (fmt) {
	case 'S':
	case 's':
	case 'B':
		if (fmt == 'B')
			sprint_backtrace(sym, v);
		else if (fmt == 's')
			sprint_symbol_no_offset(sym, v);
		else
			sprint_symbol(sym, v);
		string(o, sym, width, prec, flags);
		return;
	case 'x':
		number(o, v, 16, 16, -1, ZEROPAD | SMALL);
		return;
	case 'a':
		number(o, *(phys_addr_t *)ptr, 16, 18, -1, ZEROPAD | SMALL | SPECIAL);
		return;
	case 'K':
		if (kptr_restrict == 1 || kptr_restrict >= 2) {
			number(o, kptr_restrict == 1 ? v : 0, 16, 16, -1, ZEROPAD | SMALL);
			return;
		}
		break;
	}
	/* NULL and error pointers are not addresses: printed raw, as 5.10's ptr_to_id does */
	if (!ptr || v >= (unsigned long)-4095) {
		number(o, v, 16, 16, -1, ZEROPAD | SMALL);
		return;
	}
	if (!ptr_key_ready) {
		string(o, "(____ptrval____)", width, prec, flags);
		return;
	}
	v = siphash_1u64(v, &ptr_key) & 0xffffffff;
	number(o, v, 16, 16, -1, ZEROPAD | SMALL);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		int flags = 0, width = -1, prec = -1, qual = 0, base = 10;
		unsigned long long num;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;;) {
			fmt++;
			if (*fmt == '-') flags |= LEFT;
			else if (*fmt == '+') flags |= PLUS;
			else if (*fmt == ' ') flags |= SPACE;
			else if (*fmt == '#') flags |= SPECIAL;
			else if (*fmt == '0') flags |= ZEROPAD;
			else break;
		}
		if (isdigit(*fmt)) {
			width = 0;
			while (isdigit(*fmt))
				width = width * 10 + *fmt++ - '0';
		} else if (*fmt == '*') {
			width = va_arg(args, int);
			if (width < 0) {
				width = -width;
				flags |= LEFT;
			}
			fmt++;
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (isdigit(*fmt)) {
				while (isdigit(*fmt))
					prec = prec * 10 + *fmt++ - '0';
			} else if (*fmt == '*') {
				prec = va_arg(args, int);
				fmt++;
			}
		}
		if (*fmt == 'h') {
			qual = 'h';
			if (*++fmt == 'h') {
				qual = 'H';
				fmt++;
			}
		} else if (*fmt == 'l') {
			qual = 'l';
			if (*++fmt == 'l') {
				qual = 'L';
				fmt++;
			}
		} else if (*fmt == 'z' || *fmt == 't' || *fmt == 'L') {
			qual = *fmt == 'L' ? 'L' : 'l';
			fmt++;
		}
		switch (*fmt) {
		case 'c':
			if (!(flags & LEFT))
				while (--width > 0)
					put(&o, ' ');
			put(&o, (char)va_arg(args, int));
			while (--width > 0)
				put(&o, ' ');
			continue;
		case 's':
			string(&o, va_arg(args, char *), width, prec, flags);
			continue;
		case 'p': {
			char f = fmt[1];
			void *p = va_arg(args, void *);
			if (isalnum(f)) {
				fmt++;
				while (isalnum(fmt[1]))
					fmt++;
			} else {
				f = 0;
			}
			pointer(&o, f, fmt, p, width, prec, flags);
			continue;
		}
		case '%':
			put(&o, '%');
			continue;
		case 'o':
			base = 8;
			break;
		case 'x':
			flags |= SMALL;
			fallthrough;
		case 'X':
			base = 16;
			break;
		case 'd':
		case 'i':
			flags |= SIGN;
			break;
		case 'u':
			break;
		default:
			put(&o, '%');
			if (*fmt)
				put(&o, *fmt);
			else
				fmt--;
			continue;
		}
		if (qual == 'L')
			num = va_arg(args, unsigned long long);
		else if (qual == 'l')
			num = (flags & SIGN) ? (unsigned long long)va_arg(args, long) : va_arg(args, unsigned long);
		else if (qual == 'h')
			num = (flags & SIGN) ? (unsigned long long)(short)va_arg(args, int) : (unsigned short)va_arg(args, int);
		else if (qual == 'H')
			num = (flags & SIGN) ? (unsigned long long)(signed char)va_arg(args, int) : (unsigned char)va_arg(args, int);
		else
			num = (flags & SIGN) ? (unsigned long long)va_arg(args, int) : va_arg(args, unsigned int);
		number(&o, num, base, width, prec, flags);
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return o.len;
}
EXPORT_SYMBOL(vsnprintf);

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int n = vsnprintf(buf, size, fmt, args);
	if (n < (int)size)
		return n;
	return size ? size - 1 : 0;
}
EXPORT_SYMBOL(vscnprintf);

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list a;
	int n;
	va_start(a, fmt);
	n = vsnprintf(buf, size, fmt, a);
	va_end(a);
	return n;
}
EXPORT_SYMBOL(snprintf);

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list a;
	int n;
	va_start(a, fmt);
	n = vscnprintf(buf, size, fmt, a);
	va_end(a);
	return n;
}
EXPORT_SYMBOL(scnprintf);

int sprintf(char *buf, const char *fmt, ...)
{
	va_list a;
	int n;
	va_start(a, fmt);
	n = vsnprintf(buf, INT_MAX, fmt, a);
	va_end(a);
	return n;
}
EXPORT_SYMBOL(sprintf);

/* Number parsing: base 0 auto-detects 0x and 0 prefixes like the kernel's. */
unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base)
{
	unsigned long long r = 0;
	if (!base) {
		base = 10;
		if (cp[0] == '0') {
			base = 8;
			if (tolower(cp[1]) == 'x' && isxdigit(cp[2])) {
				base = 16;
				cp += 2;
			}
		}
	} else if (base == 16 && cp[0] == '0' && tolower(cp[1]) == 'x') {
		cp += 2;
	}
	for (;; cp++) {
		unsigned int d;
		if (isdigit(*cp))
			d = *cp - '0';
		else if (isalpha(*cp))
			d = tolower(*cp) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		r = r * base + d;
	}
	if (endp)
		*endp = (char *)cp;
	return r;
}
EXPORT_SYMBOL(simple_strtoull);

unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base)
{
	return simple_strtoull(cp, endp, base);
}
EXPORT_SYMBOL(simple_strtoul);

long simple_strtol(const char *cp, char **endp, unsigned int base)
{
	if (*cp == '-')
		return -(long)simple_strtoull(cp + 1, endp, base);
	return simple_strtoull(cp, endp, base);
}
EXPORT_SYMBOL(simple_strtol);

/* kstrto*: the whole string must be a number, optionally followed by one newline. */
static int parse_ull(const char *s, unsigned int base, unsigned long long *res)
{
	char *end;
	unsigned long long v;
	const char *p = s;
	unsigned int b = base;

	if (*p == '+')
		p++;
	if (!b)
		b = (p[0] == '0' && tolower(p[1]) == 'x') ? 16 : (p[0] == '0' && p[1]) ? 8 : 10;
	if (b == 16 && p[0] == '0' && tolower(p[1]) == 'x')
		p += 2;
	if (!isxdigit(*p))
		return -EINVAL;
	v = simple_strtoull(p, &end, b);
	if (end == p)
		return -EINVAL;
	/* overflow: more than 19 decimal or 16 hex digits of significance */
	{
		const char *q = p;
		while (*q == '0')
			q++;
		if ((b == 16 && end - q > 16) || (b == 10 && end - q > 20) || (b == 10 && end - q == 20 && strncmp(q, "18446744073709551615", 20) > 0))
			return -ERANGE;
	}
	if (*end == '\n')
		end++;
	if (*end)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int r = parse_ull(s, base, &v);
	if (!r)
		*res = v;
	return r;
}
EXPORT_SYMBOL(kstrtoul);

int kstrtol(const char *s, unsigned int base, long *res)
{
	unsigned long long v;
	int r;
	if (*s == '-') {
		r = parse_ull(s + 1, base, &v);
		if (r)
			return r;
		if (v > (unsigned long long)LONG_MAX + 1)
			return -ERANGE;
		*res = -(long long)v;
		return 0;
	}
	r = parse_ull(s, base, &v);
	if (r)
		return r;
	if (v > LONG_MAX)
		return -ERANGE;
	*res = v;
	return 0;
}
EXPORT_SYMBOL(kstrtol);

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	int r = parse_ull(s, base, &v);
	if (r)
		return r;
	if (v > UINT_MAX)
		return -ERANGE;
	*res = v;
	return 0;
}
EXPORT_SYMBOL(kstrtouint);

int kstrtoint(const char *s, unsigned int base, int *res)
{
	long v;
	int r = kstrtol(s, base, &v);
	if (r)
		return r;
	if (v > INT_MAX || v < INT_MIN)
		return -ERANGE;
	*res = v;
	return 0;
}
EXPORT_SYMBOL(kstrtoint);

int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y': case 'Y': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (tolower(s[1]) == 'n') { *res = true; return 0; }
		if (tolower(s[1]) == 'f') { *res = false; return 0; }
		break;
	}
	return -EINVAL;
}
EXPORT_SYMBOL(kstrtobool);
