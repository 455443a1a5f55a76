#ifndef _LINUX_STRING_H
#define _LINUX_STRING_H
#include <linux/types.h>
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
#ifdef CONFIG_KASAN
/* the unchecked copies; memset/memcpy/memmove check their range first (lib/string.c) */
void *__memset(void *s, int c, size_t n);
void *__memcpy(void *d, const void *s, size_t n);
void *__memmove(void *d, const void *s, size_t n);
#ifndef __SANITIZE_ADDRESS__
/* a file built without KASAN uses the unchecked ones, as x86's string_64.h does */
#define memset(s, c, n) __memset(s, c, n)
#define memcpy(d, s, n) __memcpy(d, s, n)
#define memmove(d, s, n) __memmove(d, s, n)
#endif
#endif
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
char *strcpy(char *d, const char *s);
char *strncpy(char *d, const char *s, size_t n);
size_t strlcpy(char *d, const char *s, size_t n);
ssize_t strscpy(char *d, const char *s, size_t n);
char *strcat(char *d, const char *s);
size_t strlcat(char *d, const char *s, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
static inline const char *strchrnul_(const char *s, int c) { while (*s && *s != (char)c) s++; return s; }
char *strnchr(const char *s, size_t n, int c);
char *strstr(const char *h, const char *n);
char *strsep(char **s, const char *ct);
char *skip_spaces(const char *s);
char *strim(char *s);
char *kstrdup(const char *s, gfp_t gfp);
char *kstrndup(const char *s, size_t max, gfp_t gfp);
void *kmemdup(const void *s, size_t len, gfp_t gfp);
char *strreplace(char *s, char old, char new);
int sysfs_streq(const char *a, const char *b);
bool parameq(const char *a, const char *b);
#endif
