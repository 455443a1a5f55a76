/*
 * disasm.test.ts: the JIT's report disassembly (emulator/jit/disasm.ts)
 * against GNU objdump on the same bytes, for every instruction form the
 * wasm tiers run. objdump's column padding, comments and symbol names
 * are dropped; `movabs` is printed as mov.
 */
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { runSnippet, snippetCpu, CODE_BASE } from "../../../emulator/cpu/testing.ts";
import { decode } from "../../../emulator/cpu/decoder.ts";
import { formOf } from "../../../emulator/cpu/forms.ts";
import { formText } from "../../../emulator/jit/disasm.ts";
import { assemble } from "../../asm.ts";
import "../../cpu-tiers-lead.ts";

const CODE = `
  mov %rcx,%rax; mov %ecx,%eax; mov %cx,%ax; mov %ch,%al; mov %sil,%r9b; mov %rax,8(%rbx); mov -0x10(%rbp),%r12d
  movl $5,4(%rbx); movq $-5,40(%rbx); movb $7,%ah; mov $-1,%eax; mov $0x123456789,%rax; mov %r8w,(%rsi,%rdi,2)
  lea 8(%rax,%rcx,4),%rdx; lea -1(%rax),%ecx; lea 0x10(%rip),%rsi; lea 0x4040a0(,%rcx,8),%rax; mov 0x1234,%eax
  movzbl %ah,%ecx; movzbq 5(%rbx),%rcx; movzwl %ax,%edx; movsbl %al,%ecx; movsbw %al,%cx; movswq %ax,%rcx; movslq %eax,%rcx
  add %rcx,%rax; or %ecx,%eax; adc %cx,%ax; sbb %cl,%bh; and (%rbx),%ecx; sub %rax,(%rbx); xor %sil,%dil; cmp %al,3(%rbx)
  add $1,%rax; sub $0x7fffffff,%rax; and $-16,%rsp; or $0x55,%al; xor $0x8000,%ax; addq $5,24(%rbx); cmpb $-1,(%rdi); cmp $-3,%eax
  test %rcx,%rax; test %cl,%al; test $0x80,%al; test $0x12345678,%eax; testb $1,8(%rbx); testl $0x100,(%rax)
  inc %rax; dec %ecx; inc %ax; dec %al; incq 16(%rbx); decl (%rbx,%rcx,1); not %rax; notb 5(%rbx); neg %ecx; negq 8(%rbx)
  shl $1,%rax; shl $5,%eax; shr $63,%rax; sar $3,%al; rol $13,%rax; ror $7,%ecx; shlq $4,8(%rbx); sarb $1,(%rbx)
  shl %cl,%rax; sar %cl,%edx; rol %cl,%ax; shrq %cl,8(%rbx); ror %cl,%bl
  imul %rcx,%rax; imul %ecx,%eax; imul $-7,%rcx,%rax; imul $1000,%ecx,%eax; imul 8(%rbx),%rdx
  push %rax; push %r12; pop %rcx; pop %r15; pushq $-2; pushq $0x1000
  cmove %rcx,%rax; cmovl %ecx,%eax; cmovg 8(%rbx),%rdx; cmovbe %cx,%ax; sete %al; setb 3(%rbx); setg %ah; setnp %sil
  xchg %rcx,%rax; xchg %al,3(%rbx); xchg %r8,16(%rbx); cltq; cqto; cwtl; cltd; cbtw; cwtd
  in (%dx),%al; in $0x60,%al; out %al,(%dx); out %eax,$0x80; in (%dx),%ax; leave; pushf; cli; sti; nop
  mul %rcx; mulb (%rbx); imul %cx; div %ecx; idivl 4(%rbx); divq 8(%rbx,%rcx,8); idiv %ah
  bt %rax,%rcx; bts %ecx,%eax; btr %rax,8(%rbx); btc %cx,(%rbx); btsl $3,(%rbx); btc $5,%eax; bt $63,%r9; btrq $1,0x10(%rbx)
  jmp *%rax; call *8(%rbx); jmp *0x10(%rip); call *%r11; popf; clc; stc; cmc; cld; std
  rep movsb; rep movsq; movsl; movsw; rep stosb; stos %rax,%es:(%rdi); rep stos %eax,%es:(%rdi)
  repz cmpsb; repz cmpsq; cmpsw; repnz scasb; repz scas %es:(%rdi),%eax; scasq; lodsb; lods %ds:(%rsi),%rax; lods %ds:(%rsi),%ax
  jb 1f; jne 1f; jg 1f; js 1f; jmp 1f; call 1f; 1: ret`;

/** objdump's text for each address: padding collapsed, comments and <symbols> dropped, branch targets as 0x... */
function objdump(code: Uint8Array): Map<number, string> {
  const f = join(mkdtempSync(join(tmpdir(), "kmemlab-disasm-")), "code.bin");
  writeFileSync(f, code);
  const out = execFileSync("objdump", ["-D", "-b", "binary", "-m", "i386:x86-64", `--adjust-vma=0x${CODE_BASE.toString(16)}`, f], { encoding: "utf8" });
  const map = new Map<number, string>();
  for (const line of out.split("\n")) {
    const m = /^\s*([0-9a-f]+):\t[0-9a-f ]+\t(.*)$/.exec(line);
    if (!m) continue;
    let t = m[2]!.replace(/#.*$/, "").replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim().replace(/^movabs /, "mov ");
    t = t.replace(/^((?:j[a-z]+|call|jmp) )([0-9a-f]+)$/, "$10x$2");
    map.set(parseInt(m[1]!, 16), t);
  }
  return map;
}

describe("JIT report disassembly", () => {
  it("prints every form as GNU objdump does", () => {
    const code = assemble(CODE.split(/[;\n]/).map((l) => l.trim()).filter((l) => l).join("\n"));
    runSnippet(code, { regs: Array(16).fill(0n), rflags: 2n, mem: new Uint8Array(64) }, 1, "typescript");   // puts the code in place
    const c = snippetCpu("typescript");
    const want = objdump(code);
    const got = new Map<number, string>();
    for (let at = CODE_BASE; at < CODE_BASE + code.length;) {
      c.rip = at;
      const { ins, row } = decode(c);
      const f = formOf(ins, row);
      expect(f, `a form for the instruction at 0x${at.toString(16)} (${want.get(at)})`).not.toBeNull();
      got.set(at, formText(ins, f!, at));
      at += ins.len;
    }
    expect(got.size).toBe(want.size);
    expect([...got.entries()]).toEqual([...want.entries()]);
  });
});
