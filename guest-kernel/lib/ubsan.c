/*
 * ubsan.c: the undefined behaviour sanitizer's run-time half, as Linux
 * 5.10's lib/ubsan.c reports it.
 *
 * gcc's -fsanitize= options (scripts/Makefile.ubsan picks them from the
 * .config) put a check before each operation that can be undefined: a
 * signed add, sub, mul or negation, a division, a shift, an index into an
 * array of known size, a load of a _Bool or enum, an access through a
 * pointer that is misaligned or points to too small an object. A failed
 * check calls one of the __ubsan_handle_* functions below with a record
 * gcc built for that expression (lib/ubsan.h: where it is, the types
 * involved) and the operand values, then the code goes on as compiled.
 *
 * A report is 80 '=', "UBSAN: <kind> in <file>:<line>:<col>", one or two
 * lines of detail, dump_stack() (CPU line, Call Trace) and the rule
 * again. Each location reports once: the first report sets bit 31 of its
 * line number in gcc's record (was_reported). A check that fails while a
 * report is being printed (printk's own code, if it were instrumented)
 * stays silent: current->in_ubsan counts the reports in progress.
 * 5.10 neither taints the kernel here nor adds anything to the log but
 * the report.
 *
 * Locking: none. The reported bit is set with one locked bts, so two
 * reports of one location cannot both print; the rest reads gcc's
 * constant records and the handler's own stack.
 *
 * This file is built without the instrumentation it serves (the
 * Makefile's UBSAN_SANITIZE_lib/ubsan.o := n) and, with UBSAN_TRAP, not
 * at all: gcc then emits ud2 instead of the calls.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/sched.h>
#include <linux/bug.h>
#include "ubsan.h"

#if defined(CONFIG_UBSAN) && !defined(CONFIG_UBSAN_TRAP)

/* indexed by type_check_kind: what the instrumented code was doing */
static const char *const type_check_kinds[] = {
	"load of",
	"store to",
	"reference binding to",
	"member access within",
	"member call on",
	"constructor call on",
	"downcast of",
	"downcast of",
};

#define REPORTED_BIT	31
#define LINE_MASK	(~(1U << REPORTED_BIT))
#define VALUE_LENGTH	40

/* sets the location's reported bit; true if it was already set */
static bool was_reported(struct source_location *loc)
{
	bool old;

	asm volatile("lock btsq %2, %0" : "+m"(loc->reported), "=@ccc"(old) : "Ir"((long)REPORTED_BIT) : "memory");
	return old;
}

static bool suppress_report(struct source_location *loc)
{
	return current->in_ubsan || was_reported(loc);
}

static bool type_is_int(struct type_descriptor *type)
{
	return type->type_kind == type_kind_int;
}

static bool type_is_signed(struct type_descriptor *type)
{
	WARN_ON(!type_is_int(type));
	return type->type_info & 1;
}

static unsigned int type_bit_width(struct type_descriptor *type)
{
	return 1U << (type->type_info >> 1);
}

/* values that fit in a long come in the argument itself */
static bool is_inline_int(struct type_descriptor *type)
{
	WARN_ON(!type_is_int(type));
	return type_bit_width(type) <= sizeof(unsigned long) * 8;
}

static s_max get_signed_val(struct type_descriptor *type, void *val)
{
	if (is_inline_int(type)) {
		unsigned int extra = sizeof(s_max) * 8 - type_bit_width(type);

		/* sign-extend from the type's width */
		return ((s_max)(unsigned long)val) << extra >> extra;
	}
	if (type_bit_width(type) == 64)
		return *(s64 *)val;
	return *(s_max *)val;
}

static bool val_is_negative(struct type_descriptor *type, void *val)
{
	return type_is_signed(type) && get_signed_val(type, val) < 0;
}

static u_max get_unsigned_val(struct type_descriptor *type, void *val)
{
	if (is_inline_int(type))
		return (unsigned long)val;
	if (type_bit_width(type) == 64)
		return *(u64 *)val;
	return *(u_max *)val;
}

/* decimal for up to 64 bits, 0x and 32 hex digits for 128; nothing for floats */
static void val_to_string(char *str, size_t size, struct type_descriptor *type, void *value)
{
	u_max v;

	if (!type_is_int(type))
		return;
	if (type_bit_width(type) == 128) {
		v = get_unsigned_val(type, value);
		scnprintf(str, size, "0x%08x%08x%08x%08x", (u32)(v >> 96), (u32)(v >> 64),
			  (u32)(v >> 32), (u32)v);
	} else if (type_is_signed(type)) {
		scnprintf(str, size, "%lld", (s64)get_signed_val(type, value));
	} else {
		scnprintf(str, size, "%llu", (u64)get_unsigned_val(type, value));
	}
}

static void ubsan_prologue(struct source_location *loc, const char *reason)
{
	current->in_ubsan++;
	pr_err("========================================"
	       "========================================\n");
	pr_err("UBSAN: %s in %s:%d:%d\n", reason, loc->file_name, loc->line & LINE_MASK, loc->column);
}

/* noinline: its frame is in the trace under dump_stack, as in Linux's */
static noinline void ubsan_epilogue(void)
{
	dump_stack();
	pr_err("========================================"
	       "========================================\n");
	current->in_ubsan--;
}

static void handle_overflow(struct overflow_data *data, void *lhs, void *rhs, char op)
{
	struct type_descriptor *type = data->type;
	char l[VALUE_LENGTH], r[VALUE_LENGTH];

	if (suppress_report(&data->location))
		return;
	ubsan_prologue(&data->location, type_is_signed(type) ? "signed-integer-overflow" : "unsigned-integer-overflow");
	val_to_string(l, sizeof(l), type, lhs);
	val_to_string(r, sizeof(r), type, rhs);
	pr_err("%s %c %s cannot be represented in type %s\n", l, op, r, type->type_name);
	ubsan_epilogue();
}

void __ubsan_handle_add_overflow(void *data, void *lhs, void *rhs)
{
	handle_overflow(data, lhs, rhs, '+');
}
EXPORT_SYMBOL(__ubsan_handle_add_overflow);

void __ubsan_handle_sub_overflow(void *data, void *lhs, void *rhs)
{
	handle_overflow(data, lhs, rhs, '-');
}
EXPORT_SYMBOL(__ubsan_handle_sub_overflow);

void __ubsan_handle_mul_overflow(void *data, void *lhs, void *rhs)
{
	handle_overflow(data, lhs, rhs, '*');
}
EXPORT_SYMBOL(__ubsan_handle_mul_overflow);

void __ubsan_handle_negate_overflow(void *_data, void *old_val)
{
	struct overflow_data *data = _data;
	char v[VALUE_LENGTH];

	if (suppress_report(&data->location))
		return;
	ubsan_prologue(&data->location, "negation-overflow");
	val_to_string(v, sizeof(v), data->type, old_val);
	/* 5.10's line ends in a colon */
	pr_err("negation of %s cannot be represented in type %s:\n", v, data->type->type_name);
	ubsan_epilogue();
}
EXPORT_SYMBOL(__ubsan_handle_negate_overflow);

/* x / 0, x % 0, and INT_MIN / -1 */
void __ubsan_handle_divrem_overflow(void *_data, void *lhs, void *rhs)
{
	struct overflow_data *data = _data;
	char r[VALUE_LENGTH];

	if (suppress_report(&data->location))
		return;
	ubsan_prologue(&data->location, "division-overflow");
	val_to_string(r, sizeof(r), data->type, rhs);
	if (type_is_signed(data->type) && get_signed_val(data->type, rhs) == -1)
		pr_err("division of %s by -1 cannot be represented in type %s\n", r, data->type->type_name);
	else
		pr_err("division by zero\n");
	ubsan_epilogue();
}
EXPORT_SYMBOL(__ubsan_handle_divrem_overflow);

static void handle_null_ptr_deref(struct type_mismatch_data_v1 *data)
{
	if (suppress_report(&data->location))
		return;
	ubsan_prologue(&data->location, "null-ptr-deref");
	pr_err("%s null pointer of type %s\n", type_check_kinds[data->type_check_kind], data->type->type_name);
	ubsan_epilogue();
}

static void handle_misaligned_access(struct type_mismatch_data_v1 *data, unsigned long ptr)
{
	if (suppress_report(&data->location))
		return;
	ubsan_prologue(&data->location, "misaligned-access");
	pr_err("%s misaligned address %p for type %s\n", type_check_kinds[data->type_check_kind],
	       (void *)ptr, data->type->type_name);
	pr_err("which requires %ld byte alignment\n", 1L << data->log_alignment);
	ubsan_epilogue();
}

static void handle_object_size_mismatch(struct type_mismatch_data_v1 *data, unsigned long ptr)
{
	if (suppress_report(&data->location))
		return;
	ubsan_prologue(&data->location, "object-size-mismatch");
	pr_err("%s address %p with insufficient space\n", type_check_kinds[data->type_check_kind], (void *)ptr);
	pr_err("for an object of type %s\n", data->type->type_name);
	ubsan_epilogue();
}

/*
 * One entry for three checks (-fsanitize=null, alignment, object-size):
 * which one failed is told by the pointer, as in 5.10: NULL, then
 * misaligned (a log_alignment of 0, as object-size checks pass, asks for
 * 1-byte alignment, which every pointer has), else too small an object.
 */
void __ubsan_handle_type_mismatch_v1(void *_data, void *ptr)
{
	struct type_mismatch_data_v1 *data = _data;
	unsigned long p = (unsigned long)ptr;
	unsigned long align = 1UL << data->log_alignment;

	if (!p)
		handle_null_ptr_deref(data);
	else if (!IS_ALIGNED(p, align))
		handle_misaligned_access(data, p);
	else
		handle_object_size_mismatch(data, p);
}
EXPORT_SYMBOL(__ubsan_handle_type_mismatch_v1);

void __ubsan_handle_out_of_bounds(void *_data, void *index)
{
	struct out_of_bounds_data *data = _data;
	char i[VALUE_LENGTH];

	if (suppress_report(&data->location))
		return;
	ubsan_prologue(&data->location, "array-index-out-of-bounds");
	val_to_string(i, sizeof(i), data->index_type, index);
	pr_err("index %s is out of range for type %s\n", i, data->array_type->type_name);
	ubsan_epilogue();
}
EXPORT_SYMBOL(__ubsan_handle_out_of_bounds);

void __ubsan_handle_shift_out_of_bounds(void *_data, void *lhs, void *rhs)
{
	struct shift_out_of_bounds_data *data = _data;
	struct type_descriptor *lt = data->lhs_type, *rt = data->rhs_type;
	char l[VALUE_LENGTH], r[VALUE_LENGTH];

	if (suppress_report(&data->location))
		return;
	ubsan_prologue(&data->location, "shift-out-of-bounds");
	val_to_string(r, sizeof(r), rt, rhs);
	val_to_string(l, sizeof(l), lt, lhs);
	if (val_is_negative(rt, rhs))
		pr_err("shift exponent %s is negative\n", r);
	else if (get_unsigned_val(rt, rhs) >= type_bit_width(lt))
		pr_err("shift exponent %s is too large for %u-bit type %s\n", r, type_bit_width(lt), lt->type_name);
	else if (val_is_negative(lt, lhs))
		pr_err("left shift of negative value %s\n", l);
	else
		pr_err("left shift of %s by %s places cannot be represented in type %s\n", l, r, lt->type_name);
	ubsan_epilogue();
}
EXPORT_SYMBOL(__ubsan_handle_shift_out_of_bounds);

/* not once-only: there is no way on from here */
void __ubsan_handle_builtin_unreachable(void *_data)
{
	struct unreachable_data *data = _data;

	ubsan_prologue(&data->location, "unreachable");
	pr_err("calling __builtin_unreachable()\n");
	ubsan_epilogue();
	panic("can't return from __builtin_unreachable()");
}
EXPORT_SYMBOL(__ubsan_handle_builtin_unreachable);

/* a _Bool that is neither 0 nor 1, an enum outside its values */
void __ubsan_handle_load_invalid_value(void *_data, void *val)
{
	struct invalid_value_data *data = _data;
	char v[VALUE_LENGTH];

	if (suppress_report(&data->location))
		return;
	ubsan_prologue(&data->location, "invalid-load");
	val_to_string(v, sizeof(v), data->type, val);
	pr_err("load of value %s is not a valid value for type %s\n", v, data->type->type_name);
	ubsan_epilogue();
}
EXPORT_SYMBOL(__ubsan_handle_load_invalid_value);

#endif /* CONFIG_UBSAN && !CONFIG_UBSAN_TRAP */
