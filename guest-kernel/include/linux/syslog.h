#ifndef _LINUX_SYSLOG_H
#define _LINUX_SYSLOG_H
#define SYSLOG_ACTION_CLOSE 0
#define SYSLOG_ACTION_OPEN 1
#define SYSLOG_ACTION_READ 2
#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_READ_CLEAR 4
#define SYSLOG_ACTION_CLEAR 5
#define SYSLOG_ACTION_CONSOLE_OFF 6
#define SYSLOG_ACTION_CONSOLE_ON 7
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_UNREAD 9
#define SYSLOG_ACTION_SIZE_BUFFER 10
int do_syslog(int type, char *buf, int len, int (*copy)(char *dst, const char *src, size_t n));
ssize_t kmsg_read_record(u64 *seq, char *buf, size_t size);
int kmsg_wait(u64 seq);
void devkmsg_emit(int facility, int level, const char *text);
#endif
