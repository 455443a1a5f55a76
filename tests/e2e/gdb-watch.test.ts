/*
 * gdb-watch.test.ts: the Mmu's side of watchpoints (emulator/cpu/mmu.ts
 * WatchHook): every data access to a watched page is reported once, with
 * its exact address and size, reads and writes apart, fetches never;
 * repeated accesses (served from the watched-page translations, not the
 * TLB) are still reported; other pages are not; a flush changes nothing.
 */
import { describe, it, expect } from "vitest";
import { Mmu, ACC_EXEC, type WatchHook } from "../../emulator/cpu/mmu.ts";

function watched(pages: number[]): { hook: WatchHook; seen: string[] } {
  const seen: string[] = [];
  return { seen, hook: { pages: new Set(pages), access: (lin, size, write) => { seen.push(`${write ? "w" : "r"} ${lin.toString(16)} ${size}`); } } };
}

/** 1 MiB of RAM, identity-mapped by 4 KiB pages through tables at 0x1000-0x4fff when `paging`. */
function mmu(paging: boolean): Mmu {
  const m = new Mmu(1 << 20);
  if (paging) {
    m.physWrite32(0x1000, 0x2000 | 3); m.physWrite32(0x2000, 0x3000 | 3); m.physWrite32(0x3000, 0x4000 | 3);
    for (let i = 0; i < 256; i++) m.physWrite32(0x4000 + 8 * i, (i << 12) | 3);
    m.cr3 = 0x1000;
    m.paging = true;
  }
  return m;
}

describe("watched pages in the MMU", () => {
  for (const paging of [false, true]) it(`reports each data access to a watched page with its address and size, and nothing else (paging ${paging ? "on" : "off"})`, () => {
    const m = mmu(paging);
    const { hook, seen } = watched([0x10]);
    m.watch = hook;
    m.wr8(0x10005, 1);
    m.rd16(0x10006);
    m.wr32(0x10ffc, 7);
    m.rd64(0x10008);
    m.rd64(0x10008);
    m.tr(0x10100, ACC_EXEC);
    m.rd32(0x11000);                                  // another page
    m.wr16(0x0fffe, 3);                               // ends just before the page
    m.rd16(0x0ffff);                                  // crosses into it: its second byte
    m.flushTlb();
    m.wr64(0x10010, 1, 2);
    expect(seen).toEqual(["w 10005 1", "r 10006 2", "w 10ffc 4", "r 10008 8", "r 10008 8", "r 10000 1", "w 10010 8"]);
  });
});
