#include <linux/types.h>
#include <linux/errno.h>
