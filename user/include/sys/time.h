#include <time.h>
int gettimeofday(struct timeval *tv, void *tz);
