/*
 * insn-eval.c: the memory address a kernel instruction was accessing when
 * it took a general protection fault, for the oops's hint "general
 * protection fault, probably for non-canonical address 0x...", as Linux
 * 5.10's get_kernel_gp_address (arch/x86/kernel/traps.c, lib/insn-eval.c).
 * A use after free through a pointer read from poisoned memory
 * (0x6b6b6b6b6b6b6b6b) is the classic case.
 *
 * A small decoder for 64-bit code: legacy prefixes (66 operand size,
 * 67 address size, segment overrides, lock/rep), REX, the one-, two- and
 * three-byte opcode maps as far as whether a ModRM byte follows, then
 * ModRM, SIB and displacement:
 *
 *    ModRM  7 6 | 5 4 3 | 2 1 0        SIB  7 6  | 5 4 3 | 2 1 0
 *           mod |  reg  |  r/m              scale | index | base
 *
 * mod 3 is a register (no address); r/m 4 means a SIB byte; mod 0 with
 * r/m 5 is RIP-relative (not decoded: it needs the immediate's length,
 * and such an address is canonical anyway); mod 0 with SIB base 5 has no
 * base, only a disp32. FS and GS overrides add their base (MSR). No hint
 * for anything else (string instructions, VEX), as Linux without ModRM.
 * Called from the #GP handler with the trap's registers; reads the
 * instruction only if its bytes are mapped.
 */
#include <linux/kernel.h>
#include <asm/ptrace.h>

bool kernel_range_mapped(unsigned long addr, unsigned long len);

#define MAX_INSN_SIZE	15

/* one-byte opcodes followed by ModRM, one bit each */
static bool modrm_1byte(u8 op)
{
	if (op < 0x40)
		return (op & 7) < 4;	/* the ALU group: add/or/adc/sbb/and/sub/xor/cmp r/m forms */
	switch (op) {
	case 0x63: case 0x69: case 0x6b:
	case 0xc0: case 0xc1: case 0xc6: case 0xc7:
	case 0xd0: case 0xd1: case 0xd2: case 0xd3:
	case 0xf6: case 0xf7: case 0xfe: case 0xff:
		return true;
	}
	return (op >= 0x80 && op <= 0x8f) || (op >= 0xd8 && op <= 0xdf);
}

/* two-byte (0F xx) opcodes with no ModRM */
static bool modrm_2byte(u8 op)
{
	switch (op) {
	case 0x05: case 0x06: case 0x07: case 0x08: case 0x09: case 0x0b: case 0x0e:
	case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35: case 0x37:
	case 0x77: case 0xa0: case 0xa1: case 0xa2: case 0xa8: case 0xa9: case 0xaa:
		return false;
	}
	return !(op >= 0x80 && op <= 0x8f) && !(op >= 0xc8 && op <= 0xcf);
}

static unsigned long reg_value(const struct pt_regs *regs, int n)
{
	switch (n) {
	case 0: return regs->ax;
	case 1: return regs->cx;
	case 2: return regs->dx;
	case 3: return regs->bx;
	case 4: return regs->sp;
	case 5: return regs->bp;
	case 6: return regs->si;
	case 7: return regs->di;
	case 8: return regs->r8;
	case 9: return regs->r9;
	case 10: return regs->r10;
	case 11: return regs->r11;
	case 12: return regs->r12;
	case 13: return regs->r13;
	case 14: return regs->r14;
	default: return regs->r15;
	}
}

static unsigned long rdmsr_base(u32 msr)
{
	u32 lo, hi;
	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (unsigned long)hi << 32 | lo;
}

/*
 * The address of the memory operand of the instruction at regs->ip, and
 * its operand size (8 with REX.W, 2 with 66, else 4). False when there is
 * none or it cannot be told.
 */
bool insn_get_addr_ref(const struct pt_regs *regs, unsigned long *addr, int *opnd_bytes)
{
	u8 b[MAX_INSN_SIZE];
	int i = 0, rex = 0, opsize = 4, addr32 = 0;
	unsigned long seg = 0, ea = 0;
	u8 op, modrm, mod, rm;

	if (!kernel_range_mapped(regs->ip, sizeof(b)))
		return false;
	memcpy(b, (void *)regs->ip, sizeof(b));
	for (;; i++) {
		if (i >= 14)
			return false;
		if (b[i] == 0x66)
			opsize = 2;
		else if (b[i] == 0x67)
			addr32 = 1;
		else if (b[i] == 0x64)
			seg = rdmsr_base(0xc0000100);	/* MSR_FS_BASE */
		else if (b[i] == 0x65)
			seg = rdmsr_base(0xc0000101);	/* MSR_GS_BASE */
		else if (b[i] != 0xf0 && b[i] != 0xf2 && b[i] != 0xf3 &&
			 b[i] != 0x2e && b[i] != 0x36 && b[i] != 0x3e && b[i] != 0x26)
			break;
	}
	if ((b[i] & 0xf0) == 0x40)
		rex = b[i++];
	if (rex & 8)
		opsize = 8;
	op = b[i++];
	if (op == 0x0f) {
		op = b[i++];
		if (op == 0x38 || op == 0x3a)
			i++;			/* three-byte map: always ModRM */
		else if (!modrm_2byte(op))
			return false;
	} else if (!modrm_1byte(op)) {
		return false;
	}
	modrm = b[i++];
	mod = modrm >> 6;
	rm = modrm & 7;
	if (mod == 3)
		return false;
	if (rm == 4) {
		u8 sib = b[i++];
		int index = (sib >> 3 & 7) | (rex & 2 ? 8 : 0);
		int base = (sib & 7) | (rex & 1 ? 8 : 0);

		if (index != 4)
			ea = reg_value(regs, index) << (sib >> 6);
		if ((sib & 7) == 5 && mod == 0) {
			ea += (long)(s32)(b[i] | b[i + 1] << 8 | b[i + 2] << 16 | (u32)b[i + 3] << 24);
			mod = 3;	/* the displacement is read */
		} else {
			ea += reg_value(regs, base);
		}
	} else if (rm == 5 && mod == 0) {
		return false;		/* RIP-relative */
	} else {
		ea = reg_value(regs, rm | (rex & 1 ? 8 : 0));
	}
	if (mod == 1)
		ea += (long)(s8)b[i];
	else if (mod == 2)
		ea += (long)(s32)(b[i] | b[i + 1] << 8 | b[i + 2] << 16 | (u32)b[i + 3] << 24);
	if (addr32)
		ea = (u32)ea;
	*addr = seg + ea;
	*opnd_bytes = opsize;
	return true;
}
