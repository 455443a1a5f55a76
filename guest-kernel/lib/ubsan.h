/*
 * ubsan.h: the records gcc's -fsanitize= instrumentation passes to the
 * __ubsan_handle_* functions (lib/ubsan.c). gcc lays them out in .data,
 * one per checked expression: the source location first, then type
 * descriptors. Their shape is gcc's ABI (the same as clang's
 * compiler-rt), so these declarations must match it field for field.
 */
#ifndef _LIB_UBSAN_H
#define _LIB_UBSAN_H
#include <linux/types.h>

enum {
	type_kind_int = 0,
	type_kind_float = 1,
	type_unknown = 0xffff
};

/* type_info for integers: bit 0 = signed, bits 1.. = log2(bit width) */
struct type_descriptor {
	u16 type_kind;
	u16 type_info;
	char type_name[1];	/* NUL-terminated, quoted: "'int'" */
};

/*
 * The file name as gcc was given it, line and column. Bit 31 of the
 * line (`reported`, the low word on little-endian) is free: lib/ubsan.c
 * sets it on the first report, so each location reports once.
 */
struct source_location {
	const char *file_name;
	union {
		unsigned long reported;
		struct {
			u32 line;
			u32 column;
		};
	};
};

struct overflow_data {
	struct source_location location;
	struct type_descriptor *type;
};

struct type_mismatch_data_v1 {
	struct source_location location;
	struct type_descriptor *type;
	unsigned char log_alignment;
	unsigned char type_check_kind;
};

struct out_of_bounds_data {
	struct source_location location;
	struct type_descriptor *array_type;
	struct type_descriptor *index_type;
};

struct shift_out_of_bounds_data {
	struct source_location location;
	struct type_descriptor *lhs_type;
	struct type_descriptor *rhs_type;
};

struct unreachable_data {
	struct source_location location;
};

struct invalid_value_data {
	struct source_location location;
	struct type_descriptor *type;
};

/* values up to 64 bits are passed in the pointer argument itself, wider ones by address */
typedef __int128 s_max;
typedef unsigned __int128 u_max;

#endif
