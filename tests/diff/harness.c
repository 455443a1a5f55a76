/*
 * harness.c: run one x86-64 instruction form natively for many inputs
 * (the host side of the CPU differential suite, tests/diff).
 *
 * The code page sits at 0x10000000 and the 4 KiB data page at 0x20000000,
 * the addresses emulator/cpu/testing.ts uses, so pointers and RIP-relative
 * operands mean the same on both sides.
 *
 * stdin:  "KMDIFF01", the 4096-byte base data page, then jobs:
 *           u32 code length (0 ends the input), u32 case count, code bytes,
 *           then per case: u64 regs[16] (rax..r15, rsp included), u64 rflags,
 *           u8 window[WIN_LEN] copied to data page offset WIN_OFF.
 * stdout: per case: u64 regs[16], u64 rflags, u32 signal (0 = none),
 *           u32 n, then n x (u16 offset, u8 new value, u8 0): the bytes of
 *           the data page that differ from the case's initial page.
 *
 * Each case: the data page is reset, the input registers and flags are
 * loaded by diff_enter (rsp too: it may point into the data page), the
 * instruction runs, and the return sequence appended to it (no stack use
 * before rsp is switched back) stores rax and rsp, switches to the host
 * stack, pushes RFLAGS and jumps to diff_return, which stores the rest.
 * A fault (#DE, #GP, ...) arrives as a signal on the alternate stack and
 * siglongjmp()s back; the case reports the signal number.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define CODE_BASE 0x10000000UL
#define DATA_BASE 0x20000000UL
#define WIN_OFF 0x7c0
#define WIN_LEN 128
#define MAX_DIFF 1024

uint64_t in_regs[16], in_flags, out_regs[16], out_flags, saved_rsp, code_entry;
void diff_enter(void);
void diff_return(void);

__asm__(
  ".text\n"
  ".globl diff_enter\n"
  "diff_enter:\n"
  "  push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
  "  mov %rsp, saved_rsp(%rip)\n"
  "  pushq in_flags(%rip)\n"
  "  popfq\n"
  "  mov in_regs+0(%rip), %rax\n  mov in_regs+8(%rip), %rcx\n  mov in_regs+16(%rip), %rdx\n"
  "  mov in_regs+24(%rip), %rbx\n  mov in_regs+40(%rip), %rbp\n  mov in_regs+48(%rip), %rsi\n"
  "  mov in_regs+56(%rip), %rdi\n  mov in_regs+64(%rip), %r8\n  mov in_regs+72(%rip), %r9\n"
  "  mov in_regs+80(%rip), %r10\n  mov in_regs+88(%rip), %r11\n  mov in_regs+96(%rip), %r12\n"
  "  mov in_regs+104(%rip), %r13\n  mov in_regs+112(%rip), %r14\n  mov in_regs+120(%rip), %r15\n"
  "  mov in_regs+32(%rip), %rsp\n"
  "  jmp *code_entry(%rip)\n"
  ".globl diff_return\n"
  "diff_return:\n"
  "  popq out_flags(%rip)\n"
  "  mov %rcx, out_regs+8(%rip)\n  mov %rdx, out_regs+16(%rip)\n  mov %rbx, out_regs+24(%rip)\n"
  "  mov %rbp, out_regs+40(%rip)\n  mov %rsi, out_regs+48(%rip)\n  mov %rdi, out_regs+56(%rip)\n"
  "  mov %r8, out_regs+64(%rip)\n  mov %r9, out_regs+72(%rip)\n  mov %r10, out_regs+80(%rip)\n"
  "  mov %r11, out_regs+88(%rip)\n  mov %r12, out_regs+96(%rip)\n  mov %r13, out_regs+104(%rip)\n"
  "  mov %r14, out_regs+112(%rip)\n  mov %r15, out_regs+120(%rip)\n"
  "  pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
  "  cld\n"
  "  ret\n");

static sigjmp_buf env;
static volatile sig_atomic_t got_sig;

static void on_fault(int sig) { got_sig = sig; siglongjmp(env, 1); }

static void read_all(void *p, size_t n) {
  if (n && fread(p, 1, n, stdin) != n) { fprintf(stderr, "harness: short input\n"); exit(2); }
}

static uint8_t *put64(uint8_t *q, uint64_t v) { memcpy(q, &v, 8); return q + 8; }

int main(void) {
  static uint8_t base[4096], out[16 * 8 + 16 + MAX_DIFF * 4];
  char magic[8];
  read_all(magic, 8);
  if (memcmp(magic, "KMDIFF01", 8) != 0) { fprintf(stderr, "harness: bad magic\n"); return 2; }
  read_all(base, 4096);

  uint8_t *code = mmap((void *)CODE_BASE, 0x4000, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  uint8_t *data = mmap((void *)DATA_BASE, 0x1000, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (code != (void *)CODE_BASE || data != (void *)DATA_BASE) { perror("harness: mmap"); return 2; }

  static uint8_t altstack[65536];
  stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
  if (sigaltstack(&ss, NULL) != 0) { perror("sigaltstack"); return 2; }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_fault;
  sa.sa_flags = SA_ONSTACK | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  int sigs[] = { SIGFPE, SIGSEGV, SIGBUS, SIGILL, SIGTRAP };
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
  setvbuf(stdout, NULL, _IOFBF, 1 << 20);

  for (;;) {
    uint32_t hdr[2];
    read_all(hdr, 8);
    uint32_t len = hdr[0], n = hdr[1];
    if (len == 0) break;
    if (len > 0x3000) { fprintf(stderr, "harness: code too long\n"); return 2; }
    read_all(code, len);
    uint8_t *q = code + len;
    *q++ = 0x48; *q++ = 0xa3; uint64_t a = (uint64_t)&out_regs[0]; memcpy(q, &a, 8); q += 8;   /* movabs %rax, out_regs[0] */
    *q++ = 0x48; *q++ = 0x89; *q++ = 0xe0;                                                 /* mov %rsp, %rax */
    *q++ = 0x48; *q++ = 0xa3; a = (uint64_t)&out_regs[4]; memcpy(q, &a, 8); q += 8;        /* movabs %rax, out_regs[4] */
    *q++ = 0x48; *q++ = 0xa1; a = (uint64_t)&saved_rsp; memcpy(q, &a, 8); q += 8;          /* movabs saved_rsp, %rax */
    *q++ = 0x48; *q++ = 0x89; *q++ = 0xc4;                                                 /* mov %rax, %rsp */
    *q++ = 0x9c;                                                                           /* pushfq */
    *q++ = 0x48; *q++ = 0xb8; a = (uint64_t)&diff_return; memcpy(q, &a, 8); q += 8;       /* movabs $diff_return, %rax */
    *q++ = 0xff; *q++ = 0xe0;                                                              /* jmp *%rax */
    code_entry = CODE_BASE;

    for (uint32_t k = 0; k < n; k++) {
      static uint8_t init[4096];
      read_all(in_regs, 128);
      read_all(&in_flags, 8);
      memcpy(init, base, 4096);
      read_all(init + WIN_OFF, WIN_LEN);
      memcpy(data, init, 4096);
      got_sig = 0;
      if (sigsetjmp(env, 1) == 0) diff_enter();
      uint8_t *o = out;
      if (got_sig) {
        memset(out_regs, 0, sizeof out_regs);
        out_flags = 0;
      }
      for (int i = 0; i < 16; i++) o = put64(o, out_regs[i]);
      o = put64(o, out_flags);
      uint32_t sig = (uint32_t)got_sig, nd = 0;
      uint8_t *cnt = o + 4;
      memcpy(o, &sig, 4);
      o += 8;
      if (!got_sig) {
        const uint64_t *w0 = (const uint64_t *)init, *w1 = (const uint64_t *)data;
        for (int w = 0; w < 512; w++) {
          if (w0[w] == w1[w]) continue;
          for (int b = 0; b < 8; b++) {
            int off = w * 8 + b;
            if (init[off] != data[off] && nd < MAX_DIFF) {
              o[0] = (uint8_t)off; o[1] = (uint8_t)(off >> 8); o[2] = data[off]; o[3] = 0;
              o += 4; nd++;
            }
          }
        }
      }
      memcpy(cnt, &nd, 4);
      fwrite(out, 1, (size_t)(o - out), stdout);
    }
  }
  fflush(stdout);
  return 0;
}
