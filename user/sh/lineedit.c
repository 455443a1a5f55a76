/*
 * lineedit.c: the interactive shell's line editor with history.
 *
 * Only used when standard input is a terminal (TCGETS works). While a line
 * is read the terminal is switched to non-canonical mode without echo
 * (VMIN=1, VTIME=0) and without ISIG, so that Ctrl-C arrives as a byte and
 * discards the line; the saved settings (ISIG on: Ctrl-C interrupts running
 * commands) come back before le_read returns, so every command, and exit,
 * runs with the terminal as it was.
 *
 * Keys: printable characters insert at the cursor; Backspace (DEL, ^H);
 * Delete (ESC [ 3 ~); Left/Right (ESC [ D/C); Home/End (ESC [ H/F,
 * ESC [ 1~/4~, ESC O H/F, ^A/^E); Up/Down (ESC [ A/B) walk the history (the
 * last 100 lines, no empty lines, no consecutive duplicates); ^U kills to
 * the start, ^K to the end, ^W the word before the cursor; ^L clears the
 * screen; ^C prints "^C" and abandons the line; ^D on an empty line is end
 * of input (elsewhere it deletes the character under the cursor); ^B/^F
 * move like Left/Right. The screen is redrawn with \r, ESC [ K and
 * ESC [ n D / ESC [ n C only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include "sh.h"

#define ISIG	0000001
#define ICANON	0000002
#define ECHO	0000010
#define VTIME	5
#define VMIN	6

struct le_termios {
	unsigned int c_iflag, c_oflag, c_cflag, c_lflag;
	unsigned char c_line;
	unsigned char c_cc[19];
};

#define HIST_MAX 100
static char *hist[HIST_MAX];
static int nhist;

static struct str out;		/* pending terminal output, written in one go */
static char *line;		/* the line being edited */
static size_t len, cap, cur;	/* length, capacity, cursor */
static const char *prompt;

static void flush_out(void)
{
	size_t done = 0;
	while (done < out.len) {
		ssize_t n = write(2, out.s + done, out.len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += n;
	}
	out.len = 0;
}

static void emit(const char *s, size_t n)
{
	str_add(&out, s, n);
}

static void emits(const char *s)
{
	str_adds(&out, s);
}

/* ESC [ n D (left) or ESC [ n C (right) */
static void move(long n)
{
	char b[32];
	if (n == 0)
		return;
	snprintf(b, sizeof(b), "\033[%ld%c", n < 0 ? -n : n, n < 0 ? 'D' : 'C');
	emits(b);
}

/*
 * The screen shows the line up to the old cursor position `from`: redraw
 * from position `at` (<= from, <= len) to the end, clear what was beyond,
 * and leave the cursor at `cur`.
 */
static void redraw_tail(size_t from, size_t at, int clear)
{
	move((long)at - (long)from);
	emit(line + at, len - at);
	if (clear)
		emits("\033[K");
	move((long)cur - (long)len);
}

static void redraw(size_t from, size_t at)
{
	redraw_tail(from, at, 1);
}

static void reserve(size_t n)
{
	if (n + 1 > cap) {
		cap = cap ? cap : 128;
		while (n + 1 > cap)
			cap *= 2;
		line = realloc(line, cap);
	}
}

static void set_line(const char *s)
{
	size_t old = cur;
	len = strlen(s);
	reserve(len);
	memcpy(line, s, len);
	cur = len;
	redraw(old, 0);
}

static void insert(char c)
{
	reserve(len + 1);
	memmove(line + cur + 1, line + cur, len - cur);
	line[cur] = c;
	len++;
	cur++;
	if (cur == len)
		emit(&c, 1);	/* appending: just echo */
	else
		redraw_tail(cur - 1, cur - 1, 0);	/* the line only grew */
}

/* delete [a, b) and put the cursor at a */
static void delete_range(size_t a, size_t b)
{
	if (a >= b)
		return;
	size_t old = cur;
	memmove(line + a, line + b, len - b);
	len -= b - a;
	cur = a;
	redraw(old, a);
}

static void move_to(size_t pos)
{
	move((long)pos - (long)cur);
	cur = pos;
}

static void add_history(const char *s)
{
	if (!*s)
		return;
	if (nhist && strcmp(hist[nhist - 1], s) == 0)
		return;
	if (nhist == HIST_MAX) {
		free(hist[0]);
		memmove(hist, hist + 1, (HIST_MAX - 1) * sizeof(char *));
		nhist--;
	}
	hist[nhist++] = strdup(s);
}

static int getbyte(void)
{
	unsigned char c;
	for (;;) {
		ssize_t n = read(0, &c, 1);
		if (n == 1)
			return c;
		if (n < 0 && errno == EINTR)
			continue;
		return -1;
	}
}

static int tty_get(struct le_termios *t)
{
	return ioctl(0, TCGETS, t);
}

int le_usable(void)
{
	struct le_termios t;
	return tty_get(&t) == 0;
}

/*
 * Read one line from the terminal into *dst (with its '\n').
 * Returns 1 for a line, 0 at end of input (EOF, error or ^D on an empty
 * line), -1 when ^C abandoned the line.
 */
int le_read(const char *p, struct str *dst)
{
	struct le_termios saved, raw;
	if (tty_get(&saved) < 0)
		return -2;
	raw = saved;
	raw.c_lflag &= ~(ICANON | ECHO | ISIG);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	ioctl(0, TCSETS, &raw);

	prompt = p;
	len = cur = 0;
	reserve(0);
	int hpos = nhist;		/* nhist: the line being typed */
	char *scratch = 0;		/* the typed line while browsing history */
	int ret = 1;
	emits(prompt);
	for (;;) {
		flush_out();
		int c = getbyte();
		if (c < 0) {
			ret = len ? 1 : 0;
			if (!len)
				emits("\n");
			break;
		}
		if (c == '\r' || c == '\n') {
			move_to(len);
			emits("\n");
			break;
		}
		if (c == 0x1b) {
			int c1 = getbyte();
			if (c1 != '[' && c1 != 'O')
				continue;
			int num = 0, have = 0, fin;
			for (;;) {
				fin = getbyte();
				if (fin >= '0' && fin <= '9') {
					num = num * 10 + (fin - '0');
					have = 1;
				} else if (fin != ';') {
					break;
				}
			}
			if (fin < 0)
				continue;
			if (fin == '~') {
				if (num == 1 || num == 7)
					fin = 'H';
				else if (num == 4 || num == 8)
					fin = 'F';
				else if (num == 3)
					fin = 'X';	/* Delete */
				else
					continue;
			}
			(void)have;
			switch (fin) {
			case 'A':	/* Up */
			case 'B':	/* Down */
				if (fin == 'A' ? hpos == 0 : hpos == nhist)
					break;
				if (hpos == nhist) {
					free(scratch);
					line[len] = 0;
					scratch = strdup(line);
				}
				hpos += fin == 'A' ? -1 : 1;
				line[len] = 0;
				set_line(hpos == nhist ? scratch : hist[hpos]);
				break;
			case 'C':
				if (cur < len)
					move_to(cur + 1);
				break;
			case 'D':
				if (cur > 0)
					move_to(cur - 1);
				break;
			case 'H':
				move_to(0);
				break;
			case 'F':
				move_to(len);
				break;
			case 'X':
				delete_range(cur, cur + (cur < len));
				break;
			}
			continue;
		}
		switch (c) {
		case 0x7f:	/* Backspace */
		case 0x08:
			if (cur > 0)
				delete_range(cur - 1, cur);
			break;
		case 0x01:	/* ^A */
			move_to(0);
			break;
		case 0x05:	/* ^E */
			move_to(len);
			break;
		case 0x02:	/* ^B */
			if (cur > 0)
				move_to(cur - 1);
			break;
		case 0x06:	/* ^F */
			if (cur < len)
				move_to(cur + 1);
			break;
		case 0x15:	/* ^U */
			delete_range(0, cur);
			break;
		case 0x0b:	/* ^K */
			delete_range(cur, len);
			break;
		case 0x17: {	/* ^W */
			size_t a = cur;
			while (a > 0 && (line[a - 1] == ' ' || line[a - 1] == '\t'))
				a--;
			while (a > 0 && line[a - 1] != ' ' && line[a - 1] != '\t')
				a--;
			delete_range(a, cur);
			break;
		}
		case 0x0c: {	/* ^L */
			size_t at = cur;
			emits("\033[H\033[J");
			emits(prompt);
			cur = len;
			emit(line, len);
			move_to(at);
			break;
		}
		case 0x03:	/* ^C */
			move_to(len);
			emits("^C\n");
			ret = -1;
			goto done;
		case 0x04:	/* ^D */
			if (len == 0) {
				emits("\n");
				ret = 0;
				goto done;
			}
			delete_range(cur, cur + (cur < len));
			break;
		default:
			if (c >= 0x20)
				insert((char)c);
			break;
		}
	}
done:
	flush_out();
	free(scratch);
	ioctl(0, TCSETS, &saved);
	if (ret == 1) {
		line[len] = 0;
		add_history(line);
		str_add(dst, line, len);
		str_addc(dst, '\n');
	}
	return ret;
}
