/*
 * pit8254.ts: the 8254 programmable interval timer (ports 0x40-0x43) and
 * the PC's port 0x61 (channel 2 gate, speaker enable, channel 2 output).
 *
 * Why: channel 0 on IRQ0 is the guest's tick (no local APIC is used), and
 * the kernel calibrates the TSC by gating channel 2 through port 0x61 and
 * polling its output at bit 5.
 *
 * Time: the 1193182 Hz input is derived from the virtual Clock only (never
 * wall time): the counter value and output of each channel are computed from
 * the number of input clocks since the count was loaded, so they are exact
 * at every instruction boundary. Channel 0 registers as a TimerSource whose
 * deadline is its next rising output edge; `tick` pulses IRQ0 there, so the
 * run loop stops (or wakes from hlt) exactly at each timer interrupt.
 *
 * Supported: modes 0-5 (0, 2 and 3 exactly; 1, 4 and 5 approximately),
 * lobyte/hibyte/lohi access, binary and BCD counting, the counter latch
 * command and the read-back command (count and status). After reset no
 * channel counts until the guest writes a control word and a count.
 */

import type { Clock, TimerSource } from "../clock.ts";
import type { IoBus } from "./io-bus.ts";
import type { IrqLines } from "./irq.ts";

export const PIT_HZ = 1193182;
const NS_PER_S = 1e9;

/** Input clocks elapsed at time `ns` (floor), exact for any realistic ns. */
export function pitTicksAt(ns: number): number {
  ns = Math.floor(ns);
  const s = Math.floor(ns / NS_PER_S);
  const rem = ns - s * NS_PER_S;
  return s * PIT_HZ + Math.floor((rem * PIT_HZ) / NS_PER_S);
}

/** The earliest time (ns, integer) at which `pitTicksAt` reaches `ticks`. */
export function pitTimeOfTick(ticks: number): number {
  const q = Math.floor(ticks / PIT_HZ);
  const r = ticks - q * PIT_HZ;
  return q * NS_PER_S + Math.ceil((r * NS_PER_S) / PIT_HZ);
}

const RW_LATCH = 0, RW_LSB = 1, RW_MSB = 2, RW_WORD0 = 3, RW_WORD1 = 4;

function toBcd(v: number): number {
  return (v % 10) | (Math.floor(v / 10) % 10) << 4 | (Math.floor(v / 100) % 10) << 8 | (Math.floor(v / 1000) % 10) << 12;
}
function fromBcd(v: number): number {
  return (v & 15) + ((v >> 4) & 15) * 10 + ((v >> 8) & 15) * 100 + ((v >> 12) & 15) * 1000;
}

export class PitChannel {
  mode = 0;
  bcd = false;
  rwMode = RW_LSB;
  readState = RW_LSB;
  writeState = RW_LSB;
  writeLatch = 0;
  /** Raw count as written (binary or BCD digits). */
  countReg = 0;
  /** Reload value in input clocks (0 means 65536 / 10000). */
  reload = 0x10000;
  /** A count has been loaded and the channel is counting. */
  armed = false;
  /** Tick at which counting (re)started. */
  loadTick = 0;
  /** Mode 0/4 with the gate low: elapsed ticks frozen at this value. */
  frozen = -1;
  /** Modes 1/5: a gate trigger has happened. */
  triggered = false;
  gate: boolean;
  latchedCount = -1;
  latchedState = RW_LATCH;
  latchedStatus = -1;
  nullCount = true;

  constructor(gate: boolean) { this.gate = gate; }

  /** Elapsed input clocks since counting started. */
  elapsed(t: number): number {
    if (this.frozen >= 0) return this.frozen;
    return Math.max(0, t - this.loadTick);
  }

  private wrap(v: number): number { return this.bcd ? ((v % 10000) + 10000) % 10000 : v & 0xffff; }
  private fmt(v: number): number { return this.bcd ? toBcd(v) : v; }

  /** Current counter value (as the guest reads it, BCD-encoded in BCD mode). */
  count(t: number): number {
    if (!this.armed) return this.countReg & 0xffff;
    const n = this.reload;
    const d = this.elapsed(t);
    switch (this.mode) {
      case 2:
        if (!this.gate) return this.fmt(this.wrap(n));
        return this.fmt(this.wrap(n - (d % n)));
      case 3: {
        if (!this.gate) return this.fmt(this.wrap(n));
        const p = d % n;
        const high = (n + 1) >> 1;
        const q = p < high ? p : p - high;
        return this.fmt(this.wrap((n & ~1) - 2 * q));
      }
      case 1: case 5:
        if (!this.triggered) return this.fmt(this.wrap(n));
        return this.fmt(this.wrap(n - d));
      default:
        return this.fmt(this.wrap(n - d));
    }
  }

  /** Output pin level at tick `t`. */
  out(t: number): boolean {
    if (!this.armed) return this.mode !== 0;
    const n = this.reload;
    const d = this.elapsed(t);
    switch (this.mode) {
      case 0: return d >= n;
      case 1: return !this.triggered || d >= n;
      case 2: return !this.gate || d % n !== n - 1;
      case 3: return !this.gate || d % n < ((n + 1) >> 1);
      case 4: return d !== n;
      case 5: return !this.triggered || d !== n;
      default: return true;
    }
  }

  /** Tick of the first rising output edge strictly after tick `t`, or Infinity. */
  nextRisingEdge(t: number): number {
    if (!this.armed || !this.gate) return Infinity;
    const n = this.reload;
    const d = t - this.loadTick;
    switch (this.mode) {
      case 0: return d < n ? this.loadTick + n : Infinity;
      case 2: case 3: {
        const k = Math.floor(Math.max(d, 0) / n) + 1;
        return this.loadTick + k * n;
      }
      case 4: return d < n + 1 ? this.loadTick + n + 1 : Infinity;
      default: return Infinity;
    }
  }

  writeControl(v: number, t: number): void {
    const access = (v >> 4) & 3;
    if (access === 0) { this.latch(t); return; }
    this.rwMode = access;
    this.readState = access;
    this.writeState = access;
    this.latchedCount = -1;
    this.latchedStatus = -1;
    let mode = (v >> 1) & 7;
    if (mode > 5) mode -= 4;
    this.mode = mode;
    this.bcd = (v & 1) !== 0;
    this.armed = false;
    this.frozen = -1;
    this.nullCount = true;
  }

  latch(t: number): void {
    if (this.latchedCount >= 0) return;
    this.latchedCount = this.count(t);
    this.latchedState = this.rwMode;
  }

  latchStatus(t: number): void {
    if (this.latchedStatus >= 0) return;
    this.latchedStatus = (this.out(t) ? 0x80 : 0) | (this.nullCount ? 0x40 : 0) | (this.rwMode << 4) | (this.mode << 1) | (this.bcd ? 1 : 0);
  }

  private load(raw: number, t: number): void {
    this.countReg = raw & 0xffff;
    let n = this.bcd ? fromBcd(raw) : raw & 0xffff;
    if (n === 0) n = this.bcd ? 10000 : 0x10000;
    this.reload = n;
    this.armed = true;
    this.nullCount = false;
    this.loadTick = t;
    this.frozen = (this.mode === 0 || this.mode === 4) && !this.gate ? 0 : -1;
    this.triggered = false;
  }

  writeData(v: number, t: number): void {
    switch (this.writeState) {
      case RW_LSB: this.load(v, t); break;
      case RW_MSB: this.load(v << 8, t); break;
      case RW_WORD0: this.writeLatch = v; this.writeState = RW_WORD1; break;
      default: this.load(this.writeLatch | (v << 8), t); this.writeState = RW_WORD0; break;
    }
  }

  readData(t: number): number {
    if (this.latchedStatus >= 0) {
      const s = this.latchedStatus;
      this.latchedStatus = -1;
      return s;
    }
    if (this.latchedCount >= 0) {
      const c = this.latchedCount;
      switch (this.latchedState) {
        case RW_LSB: this.latchedCount = -1; return c & 0xff;
        case RW_MSB: this.latchedCount = -1; return (c >> 8) & 0xff;
        case RW_WORD0: this.latchedState = RW_MSB; return c & 0xff;
        default: this.latchedCount = -1; return (c >> 8) & 0xff;
      }
    }
    const c = this.count(t);
    switch (this.readState) {
      case RW_LSB: return c & 0xff;
      case RW_MSB: return (c >> 8) & 0xff;
      case RW_WORD0: this.readState = RW_WORD1; return c & 0xff;
      default: this.readState = RW_WORD0; return (c >> 8) & 0xff;
    }
  }

  setGate(level: boolean, t: number): void {
    if (level === this.gate) return;
    if (this.armed) {
      if (this.mode === 0 || this.mode === 4) {
        if (!level) this.frozen = this.elapsed(t);
        else if (this.frozen >= 0) { this.loadTick = t - this.frozen; this.frozen = -1; }
      } else if (level) {
        // Rising gate: modes 1 and 5 trigger, modes 2 and 3 restart from the reload value.
        this.loadTick = t;
        if (this.mode === 1 || this.mode === 5) this.triggered = true;
      }
    }
    this.gate = level;
  }
}

export class Pit8254 implements TimerSource {
  readonly ch = [new PitChannel(true), new PitChannel(true), new PitChannel(false)];
  /** Port 0x61 bits 0-3 (gate 2, speaker data, parity/IO check enables). */
  private port61 = 0;
  private nextEdgeTick = Infinity;

  constructor(private readonly clock: Clock, private readonly irq: IrqLines) {}

  attach(io: IoBus): void {
    for (let i = 0; i < 3; i++) {
      const c = this.ch[i]!;
      io.registerRead(0x40 + i, () => c.readData(this.ticks()));
      io.registerWrite(0x40 + i, (_p, v) => { c.writeData(v, this.ticks()); if (i === 0) this.reschedule(); });
    }
    io.registerWrite(0x43, (_p, v) => this.writeControl(v));
    io.registerRead(0x43, () => 0xff);
    io.registerRead(0x61, () => this.readPort61());
    io.registerWrite(0x61, (_p, v) => this.writePort61(v));
    this.clock.addSource(this);
  }

  ticks(): number { return pitTicksAt(this.clock.now()); }

  writeControl(v: number): void {
    const t = this.ticks();
    const sel = v >> 6;
    if (sel === 3) {
      // Read-back: bit 5 low latches counts, bit 4 low latches status, bits 1-3 select channels.
      for (let i = 0; i < 3; i++) {
        if ((v & (2 << i)) === 0) continue;
        const c = this.ch[i]!;
        if ((v & 0x20) === 0) c.latch(t);
        if ((v & 0x10) === 0) c.latchStatus(t);
      }
      return;
    }
    this.ch[sel]!.writeControl(v, t);
    if (sel === 0) this.reschedule();
  }

  readPort61(): number {
    const t = this.ticks();
    // Bit 4 toggles with the DRAM refresh request (every 15.085 us), derived from the clock.
    const refresh = Math.floor(this.clock.now() / 15085) & 1;
    return (this.port61 & 0x0f) | (refresh << 4) | (this.ch[2]!.out(t) ? 0x20 : 0);
  }

  writePort61(v: number): void {
    this.port61 = v & 0x0f;
    this.ch[2]!.setGate((v & 1) !== 0, this.ticks());
  }

  private reschedule(): void {
    this.nextEdgeTick = this.ch[0]!.nextRisingEdge(this.ticks());
  }

  nextDeadline(): number {
    return this.nextEdgeTick === Infinity ? Infinity : pitTimeOfTick(this.nextEdgeTick);
  }

  tick(now: number): void {
    const t = pitTicksAt(now);
    if (this.nextEdgeTick <= t) {
      this.irq.setIrq(0, true);
      this.irq.setIrq(0, false);
    }
    this.nextEdgeTick = this.ch[0]!.nextRisingEdge(t);
  }
}
