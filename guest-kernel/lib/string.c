/*
 * string.c: the C string and memory functions the kernel and modules use.
 * Plain byte loops except memcpy/memset, which use rep movsb/stosb.
 *
 * CONFIG_KASAN: the rep movsb/stosb copies are __memcpy/__memset (and
 * __memmove), never checked; memcpy/memset/memmove check the whole range
 * against the shadow first and report with the caller's address (5.10's
 * mm/kasan/common.c wrappers), then copy.
 */
#include <linux/kernel.h>
#include <linux/ctype.h>
#include <linux/export.h>
#ifdef CONFIG_KASAN
#include <linux/kasan.h>
#define memset __memset
#define memcpy __memcpy
#define memmove __memmove
#define NO_KASAN __attribute__((no_sanitize_address))
#else
#define NO_KASAN
#endif

void *memset(void *s, int c, size_t n)
{
	void *d = s;
	__asm__ __volatile__("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return s;
}
EXPORT_SYMBOL(memset);

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;
	__asm__ __volatile__("rep movsb" : "+D"(d), "+S"(src), "+c"(n) :: "memory");
	return dst;
}
EXPORT_SYMBOL(memcpy);

NO_KASAN void *memmove(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;
	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}
EXPORT_SYMBOL(memmove);

#ifdef CONFIG_KASAN
#undef memset
#undef memcpy
#undef memmove
void *memset(void *s, int c, size_t n)
{
	if (!check_memory_region((unsigned long)s, n, true, _RET_IP_))
		return NULL;
	return __memset(s, c, n);
}
EXPORT_SYMBOL(memset);

void *memcpy(void *dst, const void *src, size_t n)
{
	if (!check_memory_region((unsigned long)src, n, false, _RET_IP_) ||
	    !check_memory_region((unsigned long)dst, n, true, _RET_IP_))
		return NULL;
	return __memcpy(dst, src, n);
}
EXPORT_SYMBOL(memcpy);

void *memmove(void *dst, const void *src, size_t n)
{
	if (!check_memory_region((unsigned long)src, n, false, _RET_IP_) ||
	    !check_memory_region((unsigned long)dst, n, true, _RET_IP_))
		return NULL;
	return __memmove(dst, src, n);
}
EXPORT_SYMBOL(memmove);
#endif

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;
	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}
EXPORT_SYMBOL(memcmp);

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}
EXPORT_SYMBOL(memchr);

size_t strlen(const char *s)
{
	const char *p = s;
	while (*p)
		p++;
	return p - s;
}
EXPORT_SYMBOL(strlen);

size_t strnlen(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i])
		i++;
	return i;
}
EXPORT_SYMBOL(strnlen);

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}
EXPORT_SYMBOL(strcmp);

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}
EXPORT_SYMBOL(strncmp);

int strncasecmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		int x = tolower(*a), y = tolower(*b);
		if (x != y)
			return x - y;
		if (!x)
			break;
	}
	return 0;
}
EXPORT_SYMBOL(strncasecmp);

int strcasecmp(const char *a, const char *b)
{
	return strncasecmp(a, b, SIZE_MAX);
}
EXPORT_SYMBOL(strcasecmp);

char *strcpy(char *d, const char *s)
{
	char *r = d;
	while ((*d++ = *s++))
		;
	return r;
}
EXPORT_SYMBOL(strcpy);

char *strncpy(char *d, const char *s, size_t n)
{
	size_t i = 0;
	for (; i < n && s[i]; i++)
		d[i] = s[i];
	for (; i < n; i++)
		d[i] = 0;
	return d;
}
EXPORT_SYMBOL(strncpy);

size_t strlcpy(char *d, const char *s, size_t n)
{
	size_t len = strlen(s);
	if (n) {
		size_t c = len >= n ? n - 1 : len;
		memcpy(d, s, c);
		d[c] = 0;
	}
	return len;
}
EXPORT_SYMBOL(strlcpy);

ssize_t strscpy(char *d, const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	if (!n)
		return -E2BIG;
	if (len == n) {
		memcpy(d, s, n - 1);
		d[n - 1] = 0;
		return -E2BIG;
	}
	memcpy(d, s, len + 1);
	return len;
}
EXPORT_SYMBOL(strscpy);

char *strcat(char *d, const char *s)
{
	strcpy(d + strlen(d), s);
	return d;
}
EXPORT_SYMBOL(strcat);

size_t strlcat(char *d, const char *s, size_t n)
{
	size_t dl = strnlen(d, n);
	if (dl == n)
		return n + strlen(s);
	return dl + strlcpy(d + dl, s, n - dl);
}
EXPORT_SYMBOL(strlcat);

char *strchr(const char *s, int c)
{
	for (; *s != (char)c; s++)
		if (!*s)
			return NULL;
	return (char *)s;
}
EXPORT_SYMBOL(strchr);

char *strnchr(const char *s, size_t n, int c)
{
	for (; n-- && *s; s++)
		if (*s == (char)c)
			return (char *)s;
	return NULL;
}
EXPORT_SYMBOL(strnchr);

char *strrchr(const char *s, int c)
{
	const char *r = NULL;
	do {
		if (*s == (char)c)
			r = s;
	} while (*s++);
	return (char *)r;
}
EXPORT_SYMBOL(strrchr);

char *strstr(const char *h, const char *n)
{
	size_t l = strlen(n);
	if (!l)
		return (char *)h;
	for (; *h; h++)
		if (!memcmp(h, n, l))
			return (char *)h;
	return NULL;
}
EXPORT_SYMBOL(strstr);

char *strsep(char **sp, const char *ct)
{
	char *s = *sp, *e;
	if (!s)
		return NULL;
	for (e = s; *e && !strchr(ct, *e); e++)
		;
	if (*e)
		*e++ = 0;
	else
		e = NULL;
	*sp = e;
	return s;
}
EXPORT_SYMBOL(strsep);

char *skip_spaces(const char *s)
{
	while (isspace(*s))
		s++;
	return (char *)s;
}
EXPORT_SYMBOL(skip_spaces);

char *strim(char *s)
{
	size_t n = strlen(s);
	while (n && isspace(s[n - 1]))
		s[--n] = 0;
	return skip_spaces(s);
}
EXPORT_SYMBOL(strim);

char *strreplace(char *s, char old, char new)
{
	for (; *s; s++)
		if (*s == old)
			*s = new;
	return s;
}
EXPORT_SYMBOL(strreplace);

int sysfs_streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	if (*a == *b)
		return 1;
	if (!*a && *b == '\n' && !b[1])
		return 1;
	if (!*b && *a == '\n' && !a[1])
		return 1;
	return 0;
}
EXPORT_SYMBOL(sysfs_streq);
