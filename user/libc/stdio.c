/*
 * stdio.c: FILE streams. stdin is read in blocks; stdout is line buffered
 * on a terminal and fully buffered otherwise; stderr is unbuffered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#define F_READ 1
#define F_WRITE 2
#define F_EOF 4
#define F_ERR 8
#define F_INIT 16
#define F_STATIC 32

struct _FILE {
	int fd;
	int flags;
	int mode;		/* _IOFBF, _IOLBF, _IONBF */
	int rpos, rlen;		/* read buffer window */
	int wlen;		/* bytes pending in buf (write) */
	int unget;		/* pushed-back char or -1 */
	char *buf;
	int bufsize;
	struct _FILE *next;
};

static char inbuf[BUFSIZ], outbuf[BUFSIZ];
static FILE f_in = { 0, F_READ | F_STATIC, _IOFBF, 0, 0, 0, -1, inbuf, BUFSIZ, 0 };
static FILE f_out = { 1, F_WRITE | F_STATIC, _IOFBF, 0, 0, 0, -1, outbuf, BUFSIZ, 0 };
static FILE f_err = { 2, F_WRITE | F_STATIC | F_INIT, _IONBF, 0, 0, 0, -1, 0, 0, 0 };
FILE *stdin = &f_in, *stdout = &f_out, *stderr = &f_err;
static FILE *open_files;

static void init(FILE *f)
{
	if (f->flags & F_INIT)
		return;
	f->flags |= F_INIT;
	if (f == &f_out && isatty(1))
		f->mode = _IOLBF;
}

static int flush_out(FILE *f)
{
	int off = 0;
	while (off < f->wlen) {
		ssize_t n = write(f->fd, f->buf + off, f->wlen - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			f->flags |= F_ERR;
			f->wlen = 0;
			return EOF;
		}
		off += n;
	}
	f->wlen = 0;
	return 0;
}

int fflush(FILE *f)
{
	if (!f) {
		__attribute__((unused)) int r = 0;
		fflush(stdout);
		fflush(stderr);
		for (FILE *p = open_files; p; p = p->next)
			fflush(p);
		return 0;
	}
	if (f->wlen)
		return flush_out(f);
	return 0;
}

void __stdio_flush_all(void) { fflush(0); }

static FILE *new_file(int fd, int flags)
{
	FILE *f = calloc(1, sizeof(*f) + BUFSIZ);
	if (!f)
		return 0;
	f->fd = fd;
	f->flags = flags | F_INIT;
	f->mode = _IOFBF;
	f->unget = -1;
	f->buf = (char *)(f + 1);
	f->bufsize = BUFSIZ;
	f->next = open_files;
	open_files = f;
	return f;
}

static int parse_mode(const char *m, int *rw)
{
	int fl;
	switch (*m) {
	case 'r': fl = O_RDONLY; *rw = F_READ; break;
	case 'w': fl = O_WRONLY | O_CREAT | O_TRUNC; *rw = F_WRITE; break;
	case 'a': fl = O_WRONLY | O_CREAT | O_APPEND; *rw = F_WRITE; break;
	default: errno = EINVAL; return -1;
	}
	if (strchr(m, '+')) {
		fl = (fl & ~O_ACCMODE) | O_RDWR;
		*rw = F_READ | F_WRITE;
	}
	if (strchr(m, 'e'))
		fl |= O_CLOEXEC;
	return fl;
}

FILE *fopen(const char *path, const char *mode)
{
	int rw, fl = parse_mode(mode, &rw);
	if (fl < 0)
		return 0;
	int fd = open(path, fl, 0666);
	if (fd < 0)
		return 0;
	FILE *f = new_file(fd, rw);
	if (!f)
		close(fd);
	return f;
}

FILE *fdopen(int fd, const char *mode)
{
	int rw;
	if (parse_mode(mode, &rw) < 0)
		return 0;
	return new_file(fd, rw);
}

int fclose(FILE *f)
{
	int r = fflush(f);
	if (close(f->fd) < 0)
		r = EOF;
	if (f->flags & F_STATIC)
		return r;
	for (FILE **pp = &open_files; *pp; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	free(f);
	return r;
}

int fileno(FILE *f) { return f->fd; }
int feof(FILE *f) { return (f->flags & F_EOF) != 0; }
int ferror(FILE *f) { return (f->flags & F_ERR) != 0; }
void clearerr(FILE *f) { f->flags &= ~(F_EOF | F_ERR); }

int setvbuf(FILE *f, char *buf, int mode, size_t size)
{
	(void)buf;
	(void)size;
	init(f);
	f->mode = mode;
	return 0;
}

/* ---- output ---- */

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
	size_t total = size * n;
	const char *s = p;
	if (!total)
		return 0;
	init(f);
	if (f->mode == _IONBF || !f->buf) {
		size_t off = 0;
		while (off < total) {
			ssize_t w = write(f->fd, s + off, total - off);
			if (w < 0) {
				if (errno == EINTR)
					continue;
				f->flags |= F_ERR;
				return off / size;
			}
			off += w;
		}
		return n;
	}
	size_t off = 0;
	while (off < total) {
		size_t room = f->bufsize - f->wlen;
		size_t c = total - off < room ? total - off : room;
		memcpy(f->buf + f->wlen, s + off, c);
		f->wlen += c;
		off += c;
		if (f->wlen == f->bufsize && flush_out(f) < 0)
			return 0;
	}
	if (f->mode == _IOLBF && memchr(s, '\n', total) && flush_out(f) < 0)
		return 0;
	return n;
}

int fputc(int c, FILE *f)
{
	unsigned char ch = c;
	return fwrite(&ch, 1, 1, f) == 1 ? ch : EOF;
}
int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

int fputs(const char *s, FILE *f)
{
	size_t n = strlen(s);
	return fwrite(s, 1, n, f) == n || n == 0 ? 0 : EOF;
}

int puts(const char *s)
{
	if (fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF)
		return EOF;
	return 0;
}

void perror(const char *s)
{
	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, strerror(errno));
	else
		fprintf(stderr, "%s\n", strerror(errno));
}

/* ---- input ---- */

static int fill(FILE *f)
{
	if (f == stdin)
		fflush(stdout);
	for (;;) {
		ssize_t n = read(f->fd, f->buf, f->bufsize);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			f->flags |= F_ERR;
			return EOF;
		}
		if (n == 0) {
			f->flags |= F_EOF;
			return EOF;
		}
		f->rpos = 0;
		f->rlen = (int)n;
		return 0;
	}
}

int fgetc(FILE *f)
{
	init(f);
	if (f->unget >= 0) {
		int c = f->unget;
		f->unget = -1;
		return c;
	}
	if (f->rpos >= f->rlen && fill(f) == EOF)
		return EOF;
	return (unsigned char)f->buf[f->rpos++];
}
int getc(FILE *f) { return fgetc(f); }
int getchar(void) { return fgetc(stdin); }

int ungetc(int c, FILE *f)
{
	if (c == EOF)
		return EOF;
	f->unget = (unsigned char)c;
	f->flags &= ~F_EOF;
	return c;
}

char *fgets(char *s, int n, FILE *f)
{
	int i = 0;
	if (n <= 0)
		return 0;
	while (i < n - 1) {
		int c = fgetc(f);
		if (c == EOF)
			break;
		s[i++] = (char)c;
		if (c == '\n')
			break;
	}
	if (i == 0)
		return 0;
	s[i] = 0;
	return s;
}

ssize_t getline(char **line, size_t *cap, FILE *f)
{
	size_t len = 0;
	for (;;) {
		int c = fgetc(f);
		if (c == EOF && len == 0)
			return -1;
		if (len + 2 > *cap || !*line) {
			size_t nc = *cap ? *cap * 2 : 128;
			char *p = realloc(*line, nc);
			if (!p)
				return -1;
			*line = p;
			*cap = nc;
		}
		if (c == EOF)
			break;
		(*line)[len++] = (char)c;
		if (c == '\n')
			break;
	}
	(*line)[len] = 0;
	return (ssize_t)len;
}

size_t fread(void *p, size_t size, size_t n, FILE *f)
{
	size_t total = size * n, got = 0;
	char *d = p;
	while (got < total) {
		int c = fgetc(f);
		if (c == EOF)
			break;
		d[got++] = (char)c;
		/* copy the rest of the buffer in one go */
		size_t avail = f->rlen - f->rpos;
		size_t want = total - got;
		size_t k = avail < want ? avail : want;
		memcpy(d + got, f->buf + f->rpos, k);
		f->rpos += k;
		got += k;
	}
	return size ? got / size : 0;
}
