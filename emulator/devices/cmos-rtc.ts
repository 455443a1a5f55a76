/*
 * cmos-rtc.ts: the MC146818-style real-time clock and CMOS RAM behind
 * ports 0x70 (index; bit 7 is the NMI mask and is ignored) and 0x71 (data).
 *
 * Why: the guest kernel reads the wall-clock time at boot from registers
 * 0-9 and the status registers; everything else is plain CMOS RAM.
 *
 * Time is `rtcEpochMs` plus the virtual clock's time, so a run is
 * deterministic. Registers 0-9 (seconds, alarm seconds, minutes, alarm
 * minutes, hours, alarm hours, day of week with Sunday = 1, day of month,
 * month, year within the century) and 0x32 (century) are in BCD unless status
 * B bit 2 (DM) is set, and hours are 24h when status B bit 1 is set (else
 * 12h with bit 7 = PM). Status A never reports an update in progress (UIP),
 * status C reads 0 (no RTC interrupts are generated) and status D reports
 * valid RAM. A write to a time register sets the clock (offset from the
 * epoch); the alarm registers are plain bytes.
 */

import type { Clock } from "../clock.ts";
import type { IoBus } from "./io-bus.ts";

const REG_A = 0x0a, REG_B = 0x0b, REG_C = 0x0c, REG_D = 0x0d, CENTURY = 0x32;
const B_DM_BINARY = 0x04, B_24H = 0x02;

export class CmosRtc {
  readonly ram = new Uint8Array(128);
  index = 0;
  /** Milliseconds added to rtcEpochMs + clock time (set by guest writes). */
  private offsetMs = 0;

  constructor(private readonly clock: Clock, private readonly epochMs: number) {
    this.ram[REG_A] = 0x26;
    this.ram[REG_B] = B_24H;
    this.ram[REG_D] = 0x80;
  }

  attach(io: IoBus): void {
    io.registerWrite(0x70, (_p, v) => { this.index = v & 0x7f; });
    io.registerRead(0x70, () => 0xff);
    io.registerRead(0x71, () => this.read(this.index));
    io.registerWrite(0x71, (_p, v) => this.write(this.index, v));
  }

  /** Current RTC time, ms since the Unix epoch. */
  nowMs(): number {
    return this.epochMs + this.offsetMs + Math.floor(this.clock.now() / 1e6);
  }

  private enc(v: number): number {
    return (this.ram[REG_B]! & B_DM_BINARY) ? v : ((Math.floor(v / 10) << 4) | (v % 10));
  }
  private dec(v: number): number {
    return (this.ram[REG_B]! & B_DM_BINARY) ? v : ((v >> 4) * 10 + (v & 15));
  }

  private encHour(h: number): number {
    if (this.ram[REG_B]! & B_24H) return this.enc(h);
    const pm = h >= 12;
    const h12 = h % 12 === 0 ? 12 : h % 12;
    return this.enc(h12) | (pm ? 0x80 : 0);
  }
  private decHour(v: number): number {
    if (this.ram[REG_B]! & B_24H) return this.dec(v);
    const h = this.dec(v & 0x7f) % 12;
    return (v & 0x80) ? h + 12 : h;
  }

  read(reg: number): number {
    const d = new Date(this.nowMs());
    switch (reg) {
      case 0: return this.enc(d.getUTCSeconds());
      case 2: return this.enc(d.getUTCMinutes());
      case 4: return this.encHour(d.getUTCHours());
      case 6: return this.enc(d.getUTCDay() + 1);
      case 7: return this.enc(d.getUTCDate());
      case 8: return this.enc(d.getUTCMonth() + 1);
      case 9: return this.enc(d.getUTCFullYear() % 100);
      case CENTURY: return this.enc(Math.floor(d.getUTCFullYear() / 100));
      case REG_A: return this.ram[REG_A]! & 0x7f;           // UIP always clear
      case REG_C: { const v = this.ram[REG_C]!; this.ram[REG_C] = 0; return v; }
      case REG_D: return 0x80;
      default: return this.ram[reg & 0x7f]!;
    }
  }

  write(reg: number, v: number): void {
    v &= 0xff;
    const t = this.nowMs();
    const d = new Date(t);
    const f = { y: d.getUTCFullYear(), mo: d.getUTCMonth(), day: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds() };
    switch (reg) {
      case 0: f.s = this.dec(v); break;
      case 2: f.mi = this.dec(v); break;
      case 4: f.h = this.decHour(v); break;
      case 6: return;                                     // day of week follows the date
      case 7: f.day = this.dec(v); break;
      case 8: f.mo = this.dec(v) - 1; break;
      case 9: f.y = Math.floor(f.y / 100) * 100 + this.dec(v); break;
      case CENTURY: f.y = this.dec(v) * 100 + (f.y % 100); break;
      case REG_C: case REG_D: return;                     // read-only
      default: this.ram[reg & 0x7f] = v; return;
    }
    const target = Date.UTC(f.y, f.mo, f.day, f.h, f.mi, f.s, d.getUTCMilliseconds());
    if (Number.isFinite(target)) this.offsetMs += target - t;

  }
}
