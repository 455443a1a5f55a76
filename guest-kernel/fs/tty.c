/*
 * tty.c: the console terminal (COM1) with Linux's n_tty behaviour.
 *
 * Receive: IRQ4 drains the UART into the line discipline. In canonical
 * mode (ICANON) bytes collect in the edit line; Enter (CR mapped to NL by
 * ICRNL) or Ctrl-D makes it readable; Backspace/DEL erase ("\b \b"
 * echoed), Ctrl-U kills the line, Ctrl-C/Ctrl-\ send SIGINT/SIGQUIT to the
 * foreground process group (ISIG) and echo "^C". Without ICANON every byte
 * is readable at once. Echo (ECHO) goes straight to the UART.
 * Transmit: writes go to the console synchronously (ONLCR in
 * console_write).
 * Job control (tty_jobctrl.c): the console is the controlling terminal of
 * one session (console_sid: init's, set with tty_pgrp when kernel_init
 * opens the console for /init; a process that called setsid has none). tty_check_change stops a process of that
 * session outside the foreground group (tty_pgrp) that reads (SIGTTIN),
 * writes with TOSTOP, sets the modes or the foreground group (SIGTTOU):
 * the signal goes to its group and the call returns -ERESTARTSYS, so it
 * runs again once continued. An ignored or blocked SIGTTIN is EIO, an
 * ignored SIGTTOU lets the call through; an orphaned group gets EIO.
 * TIOCSPGRP takes a group of the caller's session only (ESRCH, EPERM),
 * from the session of the terminal (ENOTTY).
 * Locking: the input buffers change in the IRQ handler; readers take
 * them with interrupts off.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/sched.h>
#include <linux/signal.h>
#include <linux/interrupt.h>
#include <linux/console.h>
#include <linux/uaccess.h>
#include <linux/vfs.h>

#define ISIG	0000001
#define ICANON	0000002
#define ECHO	0000010
#define ECHOE	0000020
#define ECHOK	0000040
#define TOSTOP	0000400
#define ICRNL	0000400
#define OPOST	0000001
#define ONLCR	0000004
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VMIN 6
#define VSUSP 10
struct termios {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[19];
};
struct winsize { unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel; };

static struct termios tio = {
	.c_iflag = ICRNL,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = 0x00bf,		/* B38400 CS8 CREAD */
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK,
	.c_cc = { 3, 28, 127, 21, 4, 0, 1, [VSUSP] = 26 },
};
#define TTY_BUF 4096
static char line[TTY_BUF];		/* being edited */
static int line_len;
static char ready[TTY_BUF];		/* readable bytes */
static int ready_head, ready_len;
static int eof_pending;
static DECLARE_WAIT_QUEUE_HEAD(tty_read_wait);
int tty_pgrp;
int console_sid;	/* the session the console is the controlling terminal of */
bool sig_blocked_or_ignored(int sig);
bool is_current_pgrp_orphaned(void);

/* __tty_check_change: may current use the terminal, or must its group stop first? */
static int tty_check_change(int sig)
{
	if (current->sid != console_sid || !tty_pgrp || current->pgid == tty_pgrp)
		return 0;
	if (sig_blocked_or_ignored(sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (is_current_pgrp_orphaned())
		return -EIO;
	if (kill_pgrp_sig(current->pgid, sig))
		return -EIO;	/* nobody to stop (init's group): a restart would only come back here */
	return -ERESTARTSYS;
}
void serial_enable_rx_irq(void);
int serial_getc(void);
int kill_pgrp_sig(int pgid, int sig);

static void echo(const char *s, size_t n)
{
	if (tio.c_lflag & ECHO)
		console_write(s, n);
}

static void push_ready(const char *s, int n)
{
	for (int i = 0; i < n && ready_len < TTY_BUF; i++)
		ready[(ready_head + ready_len++) % TTY_BUF] = s[i];
}

static void n_tty_receive(char c)
{
	if ((tio.c_iflag & ICRNL) && c == '\r')
		c = '\n';
	if (tio.c_lflag & ISIG) {
		if (c == tio.c_cc[VINTR] || c == tio.c_cc[VQUIT] || (c == tio.c_cc[VSUSP] && c)) {
			int sig = c == tio.c_cc[VINTR] ? SIGINT : c == tio.c_cc[VQUIT] ? SIGQUIT : SIGTSTP;
			echo(sig == SIGINT ? "^C" : sig == SIGQUIT ? "^\\" : "^Z", 2);	/* ECHOCTL, no newline: as n_tty */
			line_len = 0;
			if (tty_pgrp)
				kill_pgrp_sig(tty_pgrp, sig);
			wake_up(&tty_read_wait);
			return;
		}
	}
	if (!(tio.c_lflag & ICANON)) {
		push_ready(&c, 1);
		echo(&c, 1);
		wake_up(&tty_read_wait);
		return;
	}
	if (c == tio.c_cc[VERASE] || c == '\b') {
		if (line_len) {
			line_len--;
			echo("\b \b", 3);
		}
		return;
	}
	if (c == tio.c_cc[VKILL]) {
		while (line_len) {
			line_len--;
			echo("\b \b", 3);
		}
		return;
	}
	if (c == tio.c_cc[VEOF]) {
		if (line_len)
			push_ready(line, line_len);
		else
			eof_pending = 1;
		line_len = 0;
		wake_up(&tty_read_wait);
		return;
	}
	if (line_len < TTY_BUF - 1)
		line[line_len++] = c;
	echo(&c, 1);
	if (c == '\n') {
		push_ready(line, line_len);
		line_len = 0;
		wake_up(&tty_read_wait);
	}
}

static irqreturn_t serial_interrupt(int irq, void *dev)
{
	int c;
	while ((c = serial_getc()) >= 0)
		n_tty_receive(c);
	return IRQ_HANDLED;
}

static ssize_t tty_read(struct file *f, char __user *buf, size_t n, loff_t *pos)
{
	size_t done = 0;
	unsigned long flags;

	int r = tty_check_change(SIGTTIN);	/* n_tty_read's job_control() */

	if (r)
		return r;
	if (!n)
		return 0;
	if (wait_event_interruptible(tty_read_wait, ready_len || eof_pending))
		return -ERESTARTSYS;
	local_irq_save(flags);
	if (!ready_len && eof_pending) {
		eof_pending = 0;
		local_irq_restore(flags);
		return 0;
	}
	while (done < n && ready_len) {
		char c = ready[ready_head];
		ready_head = (ready_head + 1) % TTY_BUF;
		ready_len--;
		local_irq_restore(flags);
		if (copy_to_user(buf + done, &c, 1))
			return done ? (ssize_t)done : -EFAULT;
		local_irq_save(flags);
		done++;
		if ((tio.c_lflag & ICANON) && c == '\n')
			break;
	}
	local_irq_restore(flags);
	return done;
}

static ssize_t tty_write(struct file *f, const char __user *buf, size_t n, loff_t *pos)
{
	char tmp[256];
	size_t done = 0;
	if (tio.c_lflag & TOSTOP) {
		int r = tty_check_change(SIGTTOU);
		if (r)
			return r;
	}
	while (done < n) {
		size_t c = min(n - done, sizeof(tmp));
		if (copy_from_user(tmp, buf + done, c))
			return done ? (ssize_t)done : -EFAULT;
		console_write(tmp, c);
		done += c;
		/* as tty_write: a long write can be interrupted, and lets others run */
		if (done < n && signal_pending(current))
			break;
		cond_resched();
	}
	return done;
}

#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCGWINSZ 0x5413
#define FIONREAD 0x541B

/* is any process still in the console's session? */
static bool tty_session_alive(void)
{
	struct task_struct *p;
	for_each_process(p)
		if (p->sid == console_sid && !(p->flags & PF_KTHREAD) && !p->exit_state)
			return true;
	return false;
}

static long tty_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct winsize ws = { 24, 80, 0, 0 };
	int v;
	switch (cmd) {
	case TCGETS:
		return copy_to_user((void __user *)arg, &tio, sizeof(tio)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF: {
		bool was_canon = tio.c_lflag & ICANON;
		unsigned long flags;
		__typeof__(tio) t;
		int r = tty_check_change(SIGTTOU);	/* set_termios */
		if (r)
			return r;
		/* all or nothing: a settings block that faults half-way changes nothing */
		if (copy_from_user(&t, (void __user *)arg, sizeof(t)))
			return -EFAULT;
		local_irq_save(flags);
		tio = t;
		if (cmd == TCSETSF)
			ready_len = line_len = 0;
		/* leaving canonical mode hands a half-typed line over as input, as n_tty does */
		if (was_canon && !(tio.c_lflag & ICANON) && line_len) {
			push_ready(line, line_len);
			line_len = 0;
		}
		local_irq_restore(flags);
		wake_up(&tty_read_wait);
		return 0;
	}
	case TIOCGPGRP:
		return put_user(tty_pgrp, (int __user *)arg);
	case TIOCSPGRP: {	/* tiocspgrp */
		struct task_struct *p;
		bool found = false, same_session = false;
		int r = tty_check_change(SIGTTOU);
		if (r == -EIO)
			return -ENOTTY;
		if (r)
			return r;
		if (get_user(v, (int __user *)arg))
			return -EFAULT;
		if (v < 0)
			return -EINVAL;
		if (current->sid != console_sid)
			return -ENOTTY;
		for_each_process(p)
			if (p->pgid == v && !(p->flags & PF_KTHREAD) && !p->exit_state) {
				found = true;
				same_session |= p->sid == current->sid;
			}
		if (!found)
			return -ESRCH;
		if (!same_session)
			return -EPERM;
		tty_pgrp = v;
		return 0;
	}
	case TIOCSCTTY:
		/* tiocsctty: a session leader without a terminal takes it if no session has it */
		if (current->sid == console_sid)
			return 0;
		if (current->sid != current->pid)
			return -EPERM;
		if (!tty_session_alive())
			console_sid = current->sid;
		else
			return -EPERM;
		tty_pgrp = current->pgid;
		return 0;
	case TIOCGWINSZ:
		return copy_to_user((void __user *)arg, &ws, sizeof(ws)) ? -EFAULT : 0;
	case FIONREAD:
		return put_user(ready_len, (int __user *)arg);
	}
	return -ENOTTY;
}

const struct file_operations tty_fops = {
	.read = tty_read,
	.write = tty_write,
	.unlocked_ioctl = tty_ioctl,
	.llseek = no_llseek,
};

void console_tty_init(void)
{
	request_irq(4, serial_interrupt, 0, "ttyS0", NULL);	/* the 8250 port's name, as 5.10 registers it */
	serial_enable_rx_irq();
}
