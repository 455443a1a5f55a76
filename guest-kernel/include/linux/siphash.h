#ifndef _LINUX_SIPHASH_H
#define _LINUX_SIPHASH_H
#include <linux/types.h>
typedef struct { u64 key[2]; } siphash_key_t;
u64 siphash_1u64(u64 first, const siphash_key_t *key);
void init_ptr_hash_key(u64 a, u64 b);
#endif
