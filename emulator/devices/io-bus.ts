/*
 * io-bus.ts: the x86 I/O port space (0x0000-0xffff).
 *
 * Devices register byte-wide handlers for the ports they decode; wider
 * accesses (in/out with 16- or 32-bit operands) are split into byte accesses
 * unless a device registered a wide handler for that port. A read from a
 * port nobody decodes returns all ones, as on a real ISA bus; a write to one
 * is dropped. Port 0x80 (POST codes) is decoded and ignored.
 */

export type PortReader = (port: number) => number;
export type PortWriter = (port: number, value: number) => void;

/** Access width in bytes. */
export type PortSize = 1 | 2 | 4;

export class IoBus {
  private readonly readers: (PortReader | undefined)[] = new Array(0x10000);
  private readonly writers: (PortWriter | undefined)[] = new Array(0x10000);
  private readonly wideReaders = new Map<number, PortReader>();
  private readonly wideWriters = new Map<number, PortWriter>();

  constructor() {
    this.registerWrite(0x80, () => {});
    this.registerRead(0x80, () => 0xff);
  }

  /** Decode `count` consecutive byte ports starting at `port` for reading. */
  registerRead(port: number, fn: PortReader, count = 1): void {
    for (let p = port; p < port + count; p++) this.readers[p & 0xffff] = fn;
  }

  /** Decode `count` consecutive byte ports starting at `port` for writing. */
  registerWrite(port: number, fn: PortWriter, count = 1): void {
    for (let p = port; p < port + count; p++) this.writers[p & 0xffff] = fn;
  }

  /** A handler for a 16- or 32-bit access at exactly `port` (e.g. isa-debug-exit). */
  registerWide(port: number, size: 2 | 4, read: PortReader | null, write: PortWriter | null): void {
    const key = port * 8 + size;
    if (read) this.wideReaders.set(key, read);
    if (write) this.wideWriters.set(key, write);
  }

  in(port: number, size: PortSize): number {
    port &= 0xffff;
    if (size !== 1) {
      const wide = this.wideReaders.get(port * 8 + size);
      if (wide) return wide(port) >>> 0;
    }
    let v = 0;
    for (let i = 0; i < size; i++) {
      const p = (port + i) & 0xffff;
      const r = this.readers[p];
      v |= ((r ? r(p) : 0xff) & 0xff) << (8 * i);
    }
    return v >>> 0;
  }

  out(port: number, size: PortSize, value: number): void {
    port &= 0xffff;
    if (size !== 1) {
      const wide = this.wideWriters.get(port * 8 + size);
      if (wide) { wide(port, value >>> 0); return; }
    }
    for (let i = 0; i < size; i++) {
      const p = (port + i) & 0xffff;
      const w = this.writers[p];
      if (w) w(p, (value >>> (8 * i)) & 0xff);
    }
  }
}
