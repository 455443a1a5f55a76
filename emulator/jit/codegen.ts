/*
 * jit/codegen.ts: what the JIT compiles and the WebAssembly it generates.
 * Pure functions of the guest's bytes (gather, on the main thread, decodes
 * a region; emit, on the main thread or in the compile worker, turns it
 * into a module), so the JIT can run them in either place.
 *
 * A region: every supported instruction reachable from the entry inside
 * its physical page (each starting at most 0x1000-15 into it, as the
 * decode cache) through fall-through, both ways of a jcc and direct
 * jmp/call (a call pushes its return address and goes on at the target),
 * up to MAX_REGION instructions; ret, jmp/call out of the page and
 * unsupported instructions and a debugger's breakpoints (Mmu.noCode)
 * leave it. It is split into basic blocks at
 * every branch target and laid out by binaryen's Relooper, so guest loops
 * are wasm loops. Compiled for one linear RIP and one privilege
 * (userShift); the core enters it only when both match, in 64-bit mode
 * with no interrupt check pending, and when the slice budget covers its
 * first basic block; every edge between basic blocks checks the budget
 * again and leaves when the next basic block would overrun it. So interrupts
 * and the virtual clock see exactly the interpreter's instruction
 * boundaries.
 *
 * Exactness: a memory access uses the region's last page read (written)
 * when it is the same page, else the TLB probe `tr` (same hash and
 * permission bits as Mmu.tr). Anything else (TLB miss, missing
 * permission, page-crossing access, address outside RAM, a store to a
 * page holding code, a non-canonical target) bails out *before* the
 * instruction has changed anything: the function leaves with RIP at that
 * instruction and the count of instructions retired so far, and the
 * interpreter executes it (taking the fault, walking the page tables,
 * invalidating code, ...).
 *
 * Flags: RFLAGS comes in and goes out through the scratch area and lives
 * in a local; status flags nobody can see before they are overwritten
 * are not computed, and ALU flags are deferred (FlagPlan below).
 */

import { hex, insnFields, type Cpu, type Insn, type InsnFields } from "../cpu/cpu.ts";
import { decode } from "../cpu/decoder.ts";
import type { OpRow } from "../cpu/opcode-table.ts";
import { CpuFault } from "../cpu/fault.ts";
import { ACC_EXEC, ACC_READ, type JitLayout } from "../cpu/mmu.ts";
import { addTr, emitInsn, condition, fusedCondition, hasFusedCondition, statusFlags, type Operands } from "../wasm/x86-ir.ts";
import { bn, newModule, type Bn } from "../wasm/binaryen.ts";
import { L_F, L_A, L_B, L_R, L_LIN, L_P, SCR_FLAGS, SCR_RIP, SCR_BUDGET_LEFT, SCR_IRQ, BAIL_BIT, STALE_BIT, Locals, exitSlot, type ExitCause } from "../wasm/layout.ts";
import {
  formOf, endsBlock, branchOf, conditionOf, directBranch, flagInfo, lazyFlagOp, conditionFlags, eRegNum, gRegNum, eSize, immValue, jitCompiles, regOffset,
  STATUS, type AluKind, type Form,
} from "../cpu/forms.ts";
import { formText } from "./disasm.ts";

/* ================= region discovery ================= */

/** One instruction of a region (plain data: a region goes to the compile worker as it is). */
export interface Item { ins: InsnFields; form: Form; rip: number; next: number }

/** Where control goes at the end of a basic block. */
export type Edge =
  | { kind: "bb"; bb: number }                  // to basic block `bb` of the region
  | { kind: "exit"; rip: number; bail: boolean }  // out of the region (bail: the interpreter runs the instruction there)
  | { kind: "dynamic"; cause: ExitCause };     // out of the region, to the address a ret popped or an indirect jmp/call read (not one predicted)

/**
 * A basic block: straight-line items. It ends with a jcc (last item:
 * `taken` when the condition holds, else `fall`), with an instruction that
 * leaves by itself (jmp/call through a register or memory, jmp/call out of
 * the region: `fall` unused), with a ret or an indirect jmp/call with
 * predicted targets (`targets`: the basic blocks at the return addresses
 * of the region's followed calls, or at the entries of the jump table the
 * instruction, or the load into its register just before it, reads, taken when the address popped or read is theirs;
 * `fall` the dynamic exit), or by going on to `fall`
 * (the next instruction, or a followed jmp/call's target; a followed call
 * pushes the return address). `page`: the index in Region.pages of the
 * page it is in (0: the entry's).
 */
export interface BB {
  start: number; items: Item[]; jcc: boolean; leaves: boolean; taken: Edge | null; fall: Edge | null;
  targets: { rip: number; bb: number }[]; page: number;
}

/**
 * A page a region's code is in: its linear and physical base, and (for
 * pages other than the entry's) the address of its slot table in the
 * core's recMap when the region was decoded: the core's records of a page
 * are dropped with its decode cache, and slot tables are never reused
 * before a flush of every region, so the same value means the same code.
 * lo/hi: the span of the region's instructions in it.
 *
 * The module does not hold the frames and slot tables of the pages after
 * the entry's: it imports them (pageImports), so that the same module
 * serves wherever those pages are found again with the same bytes (a
 * later run, whose slot tables differ: the disk cache).
 */
export interface Page { lin: number; phys: number; slots: number; lo: number; hi: number }

/** The values a region's module imports besides the memory: page k's (k >= 1) frame `p<k>` and slot table `s<k>`. */
export function pageImports(pages: readonly Pick<Page, "phys" | "slots">[]): Record<string, number> {
  const o: Record<string, number> = {};
  pages.forEach((p, k) => { if (k > 0) { o[`p${k}`] = p.phys; o[`s${k}`] = p.slots; } });
  return o;
}

/**
 * A region: its basic blocks, the first being the entry; pages[0] is the
 * entry's page (lo/hi: its span there); breaks: the breakpoint addresses
 * (Mmu.noCode) it leaves before (part of its cache key: the same bytes
 * without them compile to a region that runs through).
 */
export interface Region { bbs: BB[]; lo: number; hi: number; insns: number; pages: Page[]; breaks: number[] }

/** Most instructions in a region, and in one basic block (the core's record keeps the first one's length in a byte). */
const MAX_REGION = 192, MAX_BB = 255;
/** Most pages a region spans (the entry's and those of the callees and jmp targets it follows). */
const MAX_PAGES = 4;
/** Most return addresses a ret compares with before it leaves, entries of a jump table read, and targets an indirect jmp/call compares with. */
const MAX_RETS = 8, MAX_TABLE = 64, MAX_TARGETS = 24;

const pageOf = (a: number) => a - (a & 0xfff);

/**
 * Decode the region at `rip` without changing architectural state: every
 * instruction reachable from it through fall-through, jcc (both ways) and
 * direct jmp/call, and the return addresses of the calls it follows, in
 * its page and in up to MAX_PAGES - 1 others that direct jmp/call targets
 * lead to (pages whose translation is in the TLB and whose code the core
 * has records of: no page walk, nothing the guest could see), up to
 * MAX_REGION instructions, then split into basic blocks at every branch
 * target. Instructions start at most 0x1000-15 into their page (as the
 * decode cache).
 */
export function gather(c: Cpu, rip: number): Region {
  const saved = { rip: c.rip, i: c.i, iNext: c.iNext, cr2: c.mmu.cr2 };
  const items = new Map<number, Item>();
  const leaders = new Set<number>([rip]);
  const unsupported = new Set<number>();
  /** Return addresses of the followed calls. */
  const returns = new Set<number>();
  const pages = new Map<number, Page>();
  const work = [rip];
  const inRegion = (a: number) => pages.has(pageOf(a)) && (a & 0xfff) <= 0x1000 - 15;
  /** True when `t` is in the region's pages, after adding its page if it may be. */
  const reach = (t: number): boolean => {
    if (inRegion(t)) return true;
    const lp = pageOf(t), recMap = c.mmu.recMap;
    if ((t & 0xfff) > 0x1000 - 15 || pages.has(lp) || pages.size >= MAX_PAGES || recMap === null || !canonicalAddr(t)) return false;
    const phys = c.mmu.tlbPeek(t, ACC_EXEC);
    if (phys < 0 || phys + 0x1000 > c.mmu.ramSize) return false;
    const slots = recMap[phys >>> 12]!;
    if (slots === 0) return false;
    pages.set(lp, { lin: lp, phys: phys - (t & 0xfff), slots, lo: t, hi: t });
    return true;
  };
  /** Candidate targets of indirect jmp/call instructions by address. */
  const indirect = new Map<number, number[]>();
  const noCode = c.mmu.noCode, breaks: number[] = [];
  try {
    c.rip = rip;
    const first = decode(c);
    pages.set(pageOf(rip), { lin: pageOf(rip), phys: first.phys - (rip & 0xfff), slots: 0, lo: rip, hi: rip });
    explore: while (work.length > 0) {
      let at = work.pop()!;
      /** The instruction just before `at` on this straight-line walk (a table load feeding a jmp/call through a register). */
      let prev: Item | null = null;
      for (;;) {
        if (items.has(at) || unsupported.has(at) || !inRegion(at)) break;
        if (items.size >= MAX_REGION) break explore;
        // a debugger's breakpoint (Mmu.noCode): the region leaves before it, to the interpreter
        if (noCode !== null && noCode(at, pages.get(pageOf(at))!.phys + (at & 0xfff))) { unsupported.add(at); breaks.push(at); break; }
        c.rip = at;
        let ins: Insn;
        let row: OpRow;
        try { ({ ins, row } = decode(c)); } catch (e) { if (e instanceof CpuFault) { unsupported.add(at); break; } throw e; }
        const form = formOf(ins, row);
        if (form === null || !jitCompiles(form)) { unsupported.add(at); break; }
        const it: Item = { ins: insnFields(ins), form, rip: at, next: at + ins.len };
        items.set(at, it);
        const br = branchOf(form);
        if (br !== null) {
          if (!directBranch(form) && br !== "ret") {                // jmp/call through a register or memory
            const ts = tableTargets(c, ins.mod === 3 ? tableLoad(prev, ins, at) : ins, reach);
            if (ts.length > 0) {
              indirect.set(at, ts);
              for (const t of ts) { leaders.add(t); work.push(t); }
              if (br === "call" && inRegion(it.next)) { returns.add(it.next); leaders.add(it.next); work.push(it.next); }
            }
          }
          if (!directBranch(form)) break;                 // ret, jmp/call through a register or memory
          const target = it.next + ins.imm;
          // (jcc targets stay in the pages the region has; jmp and call may bring in another)
          if (br === "jcc" ? inRegion(target) : reach(target)) {
            leaders.add(target); work.push(target);
            if (br === "call" && inRegion(it.next)) { returns.add(it.next); leaders.add(it.next); work.push(it.next); }
          }
          if (br !== "jcc") break;
          leaders.add(it.next);
        }
        prev = it;
        at = it.next;
      }
    }
  } catch (e) {
    if (!(e instanceof CpuFault)) throw e;
  } finally {
    c.rip = saved.rip; c.i = saved.i; c.iNext = saved.iNext; c.mmu.cr2 = saved.cr2;
  }
  if (!items.has(rip)) return { bbs: [], lo: rip, hi: rip, insns: 0, pages: [], breaks: [] };

  // The pages that hold instructions, the entry's first.
  for (const it of items.values()) { const p = pages.get(pageOf(it.rip))!; p.lo = Math.min(p.lo, it.rip); p.hi = Math.max(p.hi, it.next); }
  const used = [...pages.values()].filter((p, k) => k === 0 || p.hi > p.lo);
  const pageIndex = new Map(used.map((p, k) => [p.lin, k]));

  // Basic blocks, from every leader that was decoded.
  const index = new Map<number, number>();
  const bbs: BB[] = [];
  const order = [rip, ...[...leaders].filter((a) => a !== rip && items.has(a)).sort((a, b) => a - b)];
  const edgeTo = (a: number): Edge => {
    if (items.has(a)) {
      if (!index.has(a)) { index.set(a, order.length); order.push(a); }
      return { kind: "bb", bb: index.get(a)! };
    }
    return { kind: "exit", rip: a, bail: unsupported.has(a) };
  };
  order.forEach((a, k) => index.set(a, k));
  const retList = [...returns].filter((a) => items.has(a)).sort((a, b) => a - b).slice(0, MAX_RETS);
  for (let k = 0; k < order.length; k++) {
    const bb: BB = { start: order[k]!, items: [], jcc: false, leaves: false, taken: null, fall: null, targets: [], page: pageIndex.get(pageOf(order[k]!))! };
    bbs.push(bb);
    for (let at = bb.start; ;) {
      const it = items.get(at)!;
      bb.items.push(it);
      const f = it.form, br = branchOf(f);
      if (br === "jcc") {
        bb.jcc = true;
        bb.taken = edgeTo(it.next + it.ins.imm);
        bb.fall = edgeTo(it.next);
        break;
      }
      const predicted = br === "ret" ? retList : (indirect.get(it.rip) ?? []).filter((a) => items.has(a));
      if (predicted.length > 0) {
        bb.targets = predicted.map((a) => { const e = edgeTo(a) as { kind: "bb"; bb: number }; return { rip: a, bb: e.bb }; });
        bb.fall = { kind: "dynamic", cause: br === "ret" ? "exitRet" : "exitIndirect" };
        break;
      }
      if (endsBlock(f)) {
        const target = it.next + it.ins.imm;
        if (!directBranch(f) || !items.has(target)) bb.leaves = true;
        else bb.fall = edgeTo(target);
        break;
      }
      at = it.next;
      // a leader, the region's end, another page or a long basic block: go on through an edge (which checks the budget)
      if (index.has(at) || !items.has(at) || pageOf(at) !== pageOf(bb.start) || bb.items.length >= MAX_BB) { bb.fall = edgeTo(at); break; }
    }
  }
  const entry = used[0]!;
  return { bbs, lo: entry.lo, hi: entry.hi, insns: items.size, pages: used, breaks: breaks.sort((a, b) => a - b) };
}

/**
 * The entries of the jump table an indirect jmp/call reads, as candidate
 * targets: with an absolute table indexed by 8 (`jmp *table(,%reg,8)`,
 * gcc's switch tables and arrays of function pointers), the entries read
 * through the TLB (no walk) while they are addresses `reach` accepts. Only
 * candidates: the compiled code compares the address it reads with them.
 */
function tableTargets(c: Cpu, ins: InsnFields | null, reach: (t: number) => boolean): number[] {
  if (ins === null || ins.mod === 3 || ins.base >= 0 || ins.index < 0 || ins.scale !== 8 || ins.ripRel || ins.asz !== 8 || ins.seg >= 0) return [];
  const out: number[] = [], mem = c.mmu.mem;
  for (let k = 0; k < MAX_TABLE && out.length < MAX_TARGETS; k++) {
    const p = c.mmu.tlbPeek(ins.disp + 8 * k, ACC_READ);
    if (p < 0 || p + 8 > c.mmu.ramSize) break;
    let v = 0n;
    for (let b = 7; b >= 0; b--) v = (v << 8n) | BigInt(mem[p + b]!);
    const t = Number(BigInt.asIntN(64, v));
    if (!canonicalAddr(t) || !reach(t)) break;
    if (!out.includes(t)) out.push(t);
  }
  return out;
}

/**
 * For a jmp/call through register r at `at` (`ins`): the load just before
 * it when that is `mov table(,%idx,8),%r` (gcc's other shape of a call
 * through a table of function pointers), whose table tableTargets reads;
 * else null.
 */
function tableLoad(prev: Item | null, ins: Insn, at: number): InsnFields | null {
  if (prev === null || prev.next !== at || prev.form.kind !== "movGE" || prev.form.s !== 8 || !prev.form.mem) return null;
  return (prev.ins.reg & 15) === ins.rm ? prev.ins : null;
}

/* ================= code generation ================= */

const NO_PAGE = 1n << 62n;   // no canonical address has this page number

/** True when `t` is a canonical 48-bit address. */
const canonicalAddr = (t: number) => t >= -(2 ** 47) && t < 2 ** 47;

/**
 * Deferred flags. An ALU op whose flags are wanted (forms.ts lazyFlagOp)
 * only keeps its operands and result in QA/QB/QR and its id in QK; the
 * flags are derived when something needs them: a jcc/setcc/cmov reads
 * the condition straight from the operands when it can (fusedCondition),
 * anything else that reads them, and every exit from the region, first
 * merges them into L_F (materializes). The compiler knows statically what
 * is pending at each point: nothing (0), op id k (> 0), or not known (-1:
 * a basic block reached with different ones; the code tests QK and calls
 * `mat`). At every point, L_F with the pending op's flags merged in is the
 * interpreter's RFLAGS.
 */
type Pending = number;
interface LazyOp { kind: AluKind; s: number; mask: number }

class FlagPlan {
  readonly ops: LazyOp[] = [];
  private readonly ids = new Map<string, number>();
  id(o: LazyOp): number {
    const key = `${o.kind}/${o.s}/${o.mask}`;
    let k = this.ids.get(key);
    if (k === undefined) { this.ops.push(o); this.ids.set(key, k = this.ops.length); }
    return k;
  }
  mask(p: Pending): number { return p === 0 ? 0 : p < 0 ? STATUS : this.ops[p - 1]!.mask; }
  /** How an item changes the pending state: materialize before it?, the state after it (want: its flags are live). */
  step(p: Pending, f: Form, want: boolean): { mat: boolean; fuse: boolean; after: Pending } {
    const fi = flagInfo(f);
    let mat = false, fuse = false;
    const cc = conditionOf(f);
    if (cc !== null) {
      const need = conditionFlags(cc), pm = this.mask(p);
      if ((need & pm) !== 0) {
        if (this.fusable(p, cc)) fuse = true;
        else mat = true;
      }
    } else if (!endsBlock(f) && ((fi.rd | (fi.may & ~fi.wr)) & this.mask(p)) !== 0) mat = true;   // (flags it may keep are read; a leaving jmp/call/ret's exit merges them)
    const lz = lazyFlagOp(f);
    if (want && lz !== null) {
      // an inc/dec keeps CF: an older pending CF is merged first
      if ((this.mask(mat ? 0 : p) & ~lz.mask) !== 0) mat = true;
      return { mat, fuse, after: this.id(lz) };
    }
    let after = mat ? 0 : p;
    if (fi.wr !== 0) {
      // computed in place (shift, imul, adc...): what is pending and not overwritten is merged first
      if (want && (this.mask(after) & ~fi.wr) !== 0) { mat = true; after = 0; }
      if ((this.mask(after) & ~fi.wr) === 0) after = 0;
    }
    return { mat, fuse, after };
  }
  /** True when condition cc can be read from pending op p's operands. */
  fusable(p: Pending, cc: number): boolean {
    if (p <= 0) return false;
    const o = this.ops[p - 1]!;
    return (conditionFlags(cc) & ~o.mask) === 0 && hasFusedCondition(o.kind, cc);
  }
}

/**
 * The region's module: binary, or with `text` its WebAssembly text
 * (expect tests). One function `b`; the basic blocks are laid out by
 * binaryen's Relooper, so loops in the guest are loops in wasm. Every
 * edge between basic blocks checks the budget: a block runs only when
 * all of its instructions fit, else the function returns at its start.
 */
export function emit(region: Region, us: number, L: JitLayout, text = false): Uint8Array | string {
  const B = bn();
  const m = newModule();
  try {
    const i32 = B.i32, i64 = B.i64;
    /*
     * Locals after the shared ones (layout.ts L_F..L_T): instructions
     * retired, the budget, the Relooper's label, and the deferred flags: the
     * operation's id (0: none) and its operands and result; then the last
     * page read and the last page written: its linear page number and its
     * frame's address minus the page's. (The guest registers stay in the
     * state in memory: keeping them in locals measured slower, ~5%.)
     */
    const locals = new Locals();
    const L_N = locals.add(i32), L_BUDGET = locals.add(i32), L_LABEL = locals.add(i32);
    const L_QK = locals.add(i32), L_QA = locals.add(i64), L_QB = locals.add(i64), L_QR = locals.add(i64);
    const L_RVPN = locals.add(i64), L_RBASE = locals.add(i32), L_WVPN = locals.add(i64), L_WBASE = locals.add(i32);
    // where a ret goes, and per page after the entry's: checked in this call (its mapping and code are those compiled)
    const L_TGT = locals.add(i64);
    const L_SEEN = region.pages.map((_, k) => k === 0 ? -1 : locals.add(i32));
    const c32 = (v: number) => m.i32.const(v | 0);
    const get = (n: number, t: number) => m.local.get(n, t), set = (n: number, v: number) => m.local.set(n, v);
    const nGet = () => get(L_N, i32);
    addTr(m, L);
    for (const name of Object.keys(pageImports(region.pages))) m.addGlobalImport(name, "e", name, i32, false);
    const S = L.state, SCR = L.scratch;
    const plan = new FlagPlan();
    let matUsed = false;

    /** Statements merging pending flags into L_F (`reset`: and say so in QK; an exit does not need to). */
    const materialize = (p: Pending, reset: boolean): number[] => {
      if (p === 0) return [];
      const merge = () => { matUsed = true; return set(L_F, m.call("mat", [get(L_F, i32), get(L_QA, i64), get(L_QB, i64), get(L_QR, i64), get(L_QK, i32)], i32)); };
      if (p < 0) return [m.if(get(L_QK, i32), reset ? m.block(null, [merge(), set(L_QK, c32(0))]) : merge())];
      // exits (reset false) are cold: they call mat instead of carrying the formula
      if (!reset) return [merge()];
      const o = plan.ops[p - 1]!;
      return [statusFlags(m, o.kind, o.s, o.mask, false, L_QA, L_QB, L_QR), set(L_QK, c32(0))];
    };
    /*
     * Leave for the core: RIP (f64 expression), instructions retired (i32
     * expression), what is pending. Each exit stores RIP and RFLAGS and
     * returns itself: no exit branches to a label around the Relooper's
     * code, whose renderer renames every label it sees when it has given
     * two blocks the same name (HandleFollowupMultiples, with a block
     * reached both from the region's entry and from a followed call) and
     * throws on one it did not define.
     */
    const exitTo = (ripF64: number, count: number, bail: boolean, p: Pending, cause: ExitCause) => m.block(null, [
      ...materialize(p, false),
      m.i32.store(0, 4, c32(SCR + exitSlot(cause)), m.i32.add(m.i32.load(0, 4, c32(SCR + exitSlot(cause))), c32(1))),
      m.f64.store(0, 8, c32(SCR + SCR_RIP), ripF64),
      m.i32.store(0, 4, c32(SCR + SCR_FLAGS), get(L_F, i32)),
      m.return(bail ? m.i32.or(count, c32(BAIL_BIT)) : cause === "exitPage" ? m.i32.or(count, c32(STALE_BIT)) : count),
    ]);
    const plus = (k: number) => k === 0 ? nGet() : m.i32.add(nGet(), c32(k));
    /** Condition cc of a reader in state p (after plan.step said whether to materialize or fuse). */
    const cond = (p: Pending, cc: number, fuse: boolean): number => {
      if (!fuse) return condition(m, cc);
      const o = plan.ops[p - 1]!;
      const e = fusedCondition(m, o.kind, o.s, cc, L_QA, L_QB, L_QR);
      if (e === null) throw new Error(`jit: no fused condition ${cc} for ${o.kind}`);
      return e;
    };

    // Flag liveness per basic block (for `want`): every exit may leave the region, so all status flags are live at the end.
    const wants = region.bbs.map((bb) => {
      const w: boolean[] = new Array(bb.items.length);
      let live = STATUS;
      for (let k = bb.items.length - 1; k >= 0; k--) {
        const fi = flagInfo(bb.items[k]!.form);
        w[k] = (live & fi.may) !== 0;
        live = (live & ~fi.wr) | fi.rd | (fi.exit ? STATUS : 0);
      }
      return w;
    });

    // What is pending where each basic block starts: a forward fixpoint (undefined: not reached yet; -1: differs by predecessor).
    const entry: (Pending | undefined)[] = region.bbs.map((_, k) => k === 0 ? 0 : undefined);
    const endOf = (k: number): Pending => {
      let p = entry[k]!;
      region.bbs[k]!.items.forEach((it, j) => {
        const st = plan.step(p, it.form, wants[k]![j]!);
        p = branchOf(it.form) === "jcc" ? (st.mat ? 0 : p) : st.after;
      });
      return p;
    };
    for (let changed = true; changed;) {
      changed = false;
      region.bbs.forEach((bb, k) => {
        if (entry[k] === undefined) return;
        const end = endOf(k);
        for (const e of [bb.taken, bb.fall, ...bb.targets.map((r): Edge => ({ kind: "bb", bb: r.bb }))]) {
          if (e === null || e.kind !== "bb") continue;
          const old = entry[e.bb];
          const now = old === undefined ? end : old === end ? old : -1;
          if (now !== old) { entry[e.bb] = now; changed = true; }
        }
      });
    }

    const R = new B.Relooper(m);
    const ends: Pending[] = [];
    const jccConds: (number | null)[] = [];
    const blocks = region.bbs.map((bb, k) => {
      const code: number[] = [];
      let p: Pending = entry[k] ?? 0;
      jccConds.push(null);
      bb.items.forEach((it, j) => {
        const i = it.ins, f = it.form, want = wants[k]![j]!;
        const st = plan.step(p, f, want);
        if (st.mat) { code.push(...materialize(p, true)); p = 0; }
        if (branchOf(f) === "jcc") { jccConds[k] = cond(p, conditionOf(f)!, st.fuse); return; }   // the basic block's branches read it
        const here = p;
        let deferred = false;
        const ops: Operands = {
          gReg: () => c32(S + regOffset(gRegNum(i, f), f.s, i.rex)),
          eReg: () => c32(S + regOffset(eRegNum(i, f), eSize(f), i.rex)),
          ea: () => {
            if (i.ripRel) return m.i64.const(BigInt.asIntN(64, BigInt(it.next + i.disp)));
            let e = m.i64.const(BigInt(i.disp));
            const R = (n: number) => m.i64.load(0, 8, c32(S + 8 * n));
            if (i.base >= 0) e = m.i64.add(e, R(i.base));
            if (i.index >= 0) e = m.i64.add(e, m.i64.shl(R(i.index), m.i64.const(BigInt(Math.log2(i.scale)))));
            return e;
          },
          translate: (lin, sz, write) => {
            // The region's last page read (or written) needs no TLB lookup: nothing in a region changes the TLB or
            // which pages hold code, and the page is in RAM. Otherwise `tr`, which may bail.
            const vpn = write ? L_WVPN : L_RVPN, base = write ? L_WBASE : L_RBASE;
            const off = () => m.i32.and(m.i32.wrap(get(L_LIN, i64)), c32(0xfff));
            return [
              set(L_LIN, lin),
              m.if(m.i32.and(m.i64.eq(m.i64.shr_s(get(L_LIN, i64), m.i64.const(12n)), get(vpn, i64)), m.i32.le_u(off(), c32(0x1000 - sz))),
                set(L_P, m.i32.add(get(base, i32), off())),
                m.block(null, [
                  set(L_P, m.call("tr", [get(L_LIN, i64), ops.perm(write), c32(sz), c32(write ? 1 : 0)], i32)),
                  m.if(m.i32.eq(get(L_P, i32), c32(-1)), ops.bail("bailMemory")),
                  set(vpn, m.i64.shr_s(get(L_LIN, i64), m.i64.const(12n))),
                  set(base, m.i32.sub(get(L_P, i32), off())),
                ])),
            ];
          },
          imm: () => m.i64.const(immValue(i, f)),
          next: () => m.i64.const(BigInt(it.next)),
          rip: () => m.i64.const(BigInt(it.rip)),
          kernel: () => c32(us === 0 ? 1 : 0),
          perm: (write) => c32(1 << ((write ? 1 : 0) + us)),
          bail: (cause = "bailOther") => {
            if (deferred) throw new Error("jit: a bail-out after the flags were deferred");
            return exitTo(m.f64.const(it.rip), plus(j), true, here, cause);
          },
          // the basic block's last instruction (a ret or indirect jmp/call) with predicted targets keeps its
          // target for the branches; any other jump (a rep instruction staying on itself) leaves
          jump: (t, cause) => j === bb.items.length - 1 && bb.targets.length > 0 ? set(L_TGT, t) : exitTo(m.f64.convert_s.i64(t), plus(j + 1), false, here, cause),
          deferFlags: (kind, s, mask) => {
            const id = plan.id({ kind, s, mask });
            if (id !== st.after) throw new Error("jit: deferred flags differ from the plan");
            deferred = true;
            return [set(L_QA, get(L_A, i64)), set(L_QB, get(L_B, i64)), set(L_QR, get(L_R, i64)), set(L_QK, c32(id))];
          },
          cond: (cc) => st.fuse ? cond(here, cc, true) : null,
          // sti (before it sets IF): the core applies an interrupt shadow itself when an interrupt may be pending
          // (layout.ts SCR_IRQ) or the run could end with the next instruction still shadowed, which a region
          // cannot know when sti ends its basic block: leave both to the core
          stiDone: () => j === bb.items.length - 1 ? ops.bail("bailInsn") : m.if(m.i32.load(0, 4, c32(SCR + SCR_IRQ)), ops.bail("bailInsn")),
        };
        if (bb.leaves || !endsBlock(f) || !directBranch(f)) code.push(...emitInsn(m, f, ops, want, S + 8 * 4));
        else if (branchOf(f) === "call") {
          // A followed call is its push of the return address; a followed jmp is nothing.
          ops.imm = () => m.i64.const(BigInt(it.next));
          code.push(...emitInsn(m, { kind: "pushI", s: 8, mem: false, op: 0 }, ops, false, S + 8 * 4));
        }
        if (want && lazyFlagOp(f) !== null && !deferred) throw new Error("jit: flags planned as deferred were computed");
        if (st.after === 0 && p !== 0) code.push(set(L_QK, c32(0)));    // what was pending is overwritten
        p = st.after;
      });
      code.push(set(L_N, plus(bb.items.length)));
      ends.push(p);
      return R.addBlock(m.block(null, code));
    });

    // Edges. Into a basic block: the budget check; out of the region: a block that returns.
    const exits = new Map<string, number>();
    const exitBlock = (rip: number, bail: boolean, p: Pending, delta = 0, cause: ExitCause = bail ? "bailInsn" : "exitBranch") => {
      const key = `${rip}:${bail}:${p}:${delta}`;
      let b = exits.get(key);
      if (b === undefined) exits.set(key, b = R.addBlock(exitTo(m.f64.const(rip), plus(delta), bail, p, cause)));
      return b;
    };
    /*
     * Into a basic block of another page than the edge's source: the first
     * time in this call, that page must still be mapped where it was (the
     * TLB, as a fetch would see it) and hold the code compiled (its slot
     * table in recMap unchanged), else the region leaves there (the core
     * fetches and runs it).
     */
    const pageCheck = (to: BB, p: Pending): number[] => {
      const pg = region.pages[to.page]!, seen = L_SEEN[to.page]!;
      return [m.if(m.i32.eqz(get(seen, i32)), m.block(null, [
        m.if(m.i32.or(
          m.i32.ne(m.call("tr", [m.i64.const(BigInt(pg.lin)), c32(1 << (2 + us)), c32(1), c32(0)], i32), m.global.get(`p${to.page}`, i32)),
          m.i32.ne(m.i32.load(L.recMap, 4, m.i32.shr_u(m.global.get(`p${to.page}`, i32), c32(10))), m.global.get(`s${to.page}`, i32))),
        exitTo(m.f64.const(to.start), nGet(), false, p, "exitPage")),
        set(seen, c32(1)),
      ]))];
    };
    const branch = (from: number, e: Edge, cnd: number) => {
      const p = ends[from]!;
      if (e.kind === "exit") { R.addBranch(blocks[from], exitBlock(e.rip, e.bail, p), cnd, 0); return; }
      if (e.kind === "dynamic") {
        R.addBranch(blocks[from], R.addBlock(exitTo(m.f64.convert_s.i64(get(L_TGT, i64)), nGet(), false, p, e.cause)), cnd, 0);
        return;
      }
      const to = region.bbs[e.bb]!;
      const check = m.block(null, [
        m.if(m.i32.gt_u(plus(to.items.length), get(L_BUDGET, i32)), exitTo(m.f64.const(to.start), nGet(), false, p, "exitBudget")),
        ...(to.page !== 0 && to.page !== region.bbs[from]!.page ? pageCheck(to, p) : []),
      ]);
      R.addBranch(blocks[from], blocks[e.bb], cnd, check);
    };
    const same = (a: Edge, b: Edge) => a.kind === "bb" ? b.kind === "bb" && a.bb === b.bb
      : a.kind === "exit" ? b.kind === "exit" && a.rip === b.rip && a.bail === b.bail : b.kind === "dynamic";
    region.bbs.forEach((bb, k) => {
      if (bb.leaves) return;
      // a ret or indirect jmp/call: to the basic block of the address popped or read when it is one predicted
      const seenBb = new Set<number>();
      for (const r of bb.targets) {
        if (seenBb.has(r.bb)) continue;
        seenBb.add(r.bb);
        branch(k, { kind: "bb", bb: r.bb }, m.i64.eq(get(L_TGT, i64), m.i64.const(BigInt(r.rip))));
      }
      if (bb.jcc) {
        const j = bb.items[bb.items.length - 1]!;
        const target = j.next + j.ins.imm;
        // a non-canonical target: #GP at the jcc, raised by the interpreter
        if (!canonicalAddr(target)) R.addBranch(blocks[k], exitBlock(j.rip, true, ends[k]!, -1, "bailOther"), jccConds[k]!, 0);
        else if (!same(bb.taken!, bb.fall!)) branch(k, bb.taken!, jccConds[k]!);   // (the Relooper wants one branch per target)
      }
      branch(k, bb.fall!, 0);
    });
    const code = R.renderAndDispose(blocks[0], L_LABEL);
    const body = m.block(null, [
      set(L_F, m.i32.load(0, 4, c32(SCR + SCR_FLAGS))),
      set(L_BUDGET, m.i32.load(0, 4, c32(SCR + SCR_BUDGET_LEFT))),
      set(L_N, c32(0)),
      set(L_QK, c32(0)),
      set(L_RVPN, m.i64.const(NO_PAGE)),
      set(L_WVPN, m.i64.const(NO_PAGE)),
      ...L_SEEN.filter((n) => n >= 0).map((n) => set(n, c32(0))),
      code,
      m.unreachable(),
    ], i32);
    m.addFunction("b", B.none, i32, locals.types, body);
    if (matUsed) addMat(m, plan.ops);
    m.addFunctionExport("b", "b");
    if (!m.validate()) throw new Error("binaryen validation failed");
    return text ? m.emitText() : m.emitBinary();
  } finally {
    m.dispose();
  }
}

/**
 * `mat(flags, a, b, r, id) -> flags`: merge the flags of deferred op `id`
 * (1-based in `ops`) into `flags`. Its parameters are the shared locals
 * L_F, L_A, L_B, L_R (layout.ts: numbers 0-3, so statusFlags reads them
 * there), then the id.
 */
function addMat(m: Bn, ops: LazyOp[]): void {
  const B = bn(), i32 = B.i32, i64 = B.i64;
  const P_ID = 4;
  if (L_F !== 0 || L_A !== 1 || L_B !== 2 || L_R !== 3) throw new Error("jit: mat's parameters are not the shared locals");
  const body = m.block(null, [
    ...ops.map((o, k) => m.if(m.i32.eq(m.local.get(P_ID, i32), m.i32.const(k + 1)), statusFlags(m, o.kind, o.s, o.mask, false, L_A, L_B, L_R))),
    m.return(m.local.get(L_F, i32)),
  ]);
  m.addFunction("mat", B.createType([i32, i64, i64, i64, i32]), i32, [], body);
}

/**
 * One entry per instruction, by basic block: address, AT&T disassembly
 * and, when `bytes` can read them, its bytes (for objdump -D -b binary
 * -m i386:x86-64).
 */
export function describeRegion(r: Region, bytes?: (rip: number, len: number) => string): string {
  const one = (x: Item) => `${hex(x.rip)}: ${formText(x.ins, x.form, x.rip)}${bytes ? ` [${bytes(x.rip, x.ins.len)}]` : ""}`;
  return r.bbs.map((bb, k) => `bb${k}: ` + bb.items.map(one).join("; ")).join(" | ");
}

export function bytesHex(mem: Uint8Array, at: number, n: number): string {
  return Array.from(mem.subarray(at, at + n), (b) => b.toString(16).padStart(2, "0")).join(" ");
}

/** The bytes of a region's instructions, page by page (its pages' spans, in Region.pages order). */
export function regionBytes(mem: Uint8Array, r: Region): Uint8Array[] {
  return r.pages.map((p) => mem.slice(p.phys + (p.lo - p.lin), p.phys + (p.hi - p.lin)));
}

/**
 * Whether a region gathered earlier is still what gather() would find from
 * its entry's page: the bytes it spans are the same, and each other page
 * is still mapped to the same frame with the same records (what the
 * compiled code checks on entry). A block start asked again (while the
 * worker is busy) is then not decoded again.
 */
export function regionHolds(c: Cpu, r: { readonly pages: readonly Page[] }, bytes: readonly Uint8Array[]): boolean {
  const mem = c.mmu.mem, recMap = c.mmu.recMap;
  return r.pages.every((p, k) => {
    if (k > 0 && (c.mmu.tlbPeek(p.lin, ACC_EXEC) !== p.phys || recMap === null || recMap[p.phys >>> 12] !== p.slots)) return false;
    const b = bytes[k]!, at = p.phys + (p.lo - p.lin);
    for (let i = 0; i < b.length; i++) if (mem[at + i] !== b[i]) return false;
    return true;
  });
}

/** The hex bytes of the instruction at `rip` (`len` bytes) from regionBytes' copies. */
export function regionHex(r: Region, bytes: Uint8Array[], rip: number, len: number): string {
  const k = r.pages.findIndex((p) => rip >= p.lo && rip < p.hi);
  return k < 0 ? "" : bytesHex(bytes[k]!, rip - r.pages[k]!.lo, len);
}

/** The instructions of the region the JIT would compile at `rip` (tests and debugging). */
export function regionListing(c: Cpu, rip: number): string { return describeRegion(gather(c, rip)); }

/** The WebAssembly text of the region the JIT would compile at `rip` for the current privilege (expect tests). */
export function regionWat(c: Cpu, rip: number): string {
  const L = c.mmu.layout;
  if (L === null) throw new Error("jit: the CPU was not created with wasmMemory");
  return emit(gather(c, rip), c.mmu.userShift, L, true) as string;
}
