/*
 * pvh-entry.ts: put a CPU in the state the PVH protocol specifies at the
 * kernel's 32-bit entry point: protected mode, paging off, flat 4 GiB
 * code (selector 0x10) and data (0x18) segments from the loader's boot GDT,
 * EFLAGS = 0x2, EBX = physical address of hvm_start_info, other GPRs 0.
 */

import type { Cpu } from "../emulator/cpu/cpu.ts";
import { CR0_PE, CR0_ET, SEG_CS, SEG_DS, SEG_ES, SEG_SS, SEG_FS, SEG_GS } from "../emulator/cpu/state.ts";
import { BOOT_GDT, type BootPlan } from "./pvh-loader.ts";

export function enterPvh(c: Cpu, plan: BootPlan): void {
  c.cr0 = CR0_PE | CR0_ET;
  c.cr3 = 0; c.cr4 = 0; c.efer = 0;
  c.gdtBase = BOOT_GDT; c.gdtLimit = 0x1f;
  const code = c.seg[SEG_CS]!;
  code.sel = 0x10; code.base = 0; code.limit = 0xffffffff; code.attr = 0xc09b;
  for (const s of [SEG_DS, SEG_ES, SEG_SS, SEG_FS, SEG_GS]) {
    const d = c.seg[s]!; d.sel = 0x18; d.base = 0; d.limit = 0xffffffff; d.attr = 0xc093;
  }
  c.flags = 0x2;
  c.r.fill(0);
  c.r[6] = plan.startInfo;          // EBX (register 3, low half)
  c.rip = plan.entry;
  c.cpl = 0;
  c.updateMode();
}
