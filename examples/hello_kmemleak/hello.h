/* hello.h: shared by the two files of hello_kmemleak. */
#ifndef HELLO_H
#define HELLO_H
#define HELLO_LEAK_SIZE 128
int hello_leak(void);
#endif
