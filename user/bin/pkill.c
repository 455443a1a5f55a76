/* pkill: pgrep.c built to signal what it selects (procps-ng's pkill). */
#define PKILL 1
#include "pgrep.c"
