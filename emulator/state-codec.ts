/*
 * state-codec.ts: the body of a state file (snapshot.ts) as bytes, the
 * same on every host (Node's v8 serializer has no counterpart in a
 * browser tab, so states saved in the page load in the CLI and back).
 * What a state holds: undefined, null, booleans, numbers (float64),
 * strings (UTF-8), bigints (an MSR's value, as decimal text), Uint8Array
 * and Uint32Array, arrays, Maps and plain objects of those. Each value is
 * a tag byte and its payload; lengths are u32 little-endian. Anything
 * else is a bug in what is saved and throws; a damaged body throws too
 * (the caller turns it into a SnapshotError).
 */

const enum T { Undef, Null, False, True, Num, Str, BigInt, U8, U32, Arr, Map, Obj }

class Writer {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  n = 0;
  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.n + k) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number): void { this.room(1); this.buf[this.n++] = v; }
  u32(v: number): void { this.room(4); this.view.setUint32(this.n, v, true); this.n += 4; }
  f64(v: number): void { this.room(8); this.view.setFloat64(this.n, v, true); this.n += 8; }
  bytes(b: Uint8Array): void { this.u32(b.length); this.room(b.length); this.buf.set(b, this.n); this.n += b.length; }
  done(): Uint8Array { return this.buf.slice(0, this.n); }
}

const utf8 = new TextEncoder(), fromUtf8 = new TextDecoder("utf-8", { fatal: true });

function put(w: Writer, v: unknown): void {
  if (v === undefined) w.u8(T.Undef);
  else if (v === null) w.u8(T.Null);
  else if (v === false) w.u8(T.False);
  else if (v === true) w.u8(T.True);
  else if (typeof v === "number") { w.u8(T.Num); w.f64(v); }
  else if (typeof v === "string") { w.u8(T.Str); w.bytes(utf8.encode(v)); }
  else if (typeof v === "bigint") { w.u8(T.BigInt); w.bytes(utf8.encode(v.toString())); }
  else if (v instanceof Uint8Array) { w.u8(T.U8); w.bytes(v); }
  else if (v instanceof Uint32Array) { w.u8(T.U32); w.u32(v.length); for (const x of v) w.u32(x); }
  else if (Array.isArray(v)) { w.u8(T.Arr); w.u32(v.length); for (const x of v) put(w, x); }
  else if (v instanceof Map) { w.u8(T.Map); w.u32(v.size); for (const [k, x] of v) { put(w, k); put(w, x); } }
  else if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const e = Object.entries(v as object);
    w.u8(T.Obj); w.u32(e.length);
    for (const [k, x] of e) { w.bytes(utf8.encode(k)); put(w, x); }
  } else throw new Error(`state-codec: cannot save a ${Object.prototype.toString.call(v)}`);
}

export function encodeState(v: unknown): Uint8Array { const w = new Writer(); put(w, v); return w.done(); }

export function decodeState(b: Uint8Array): unknown {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let at = 0;
  const need = (k: number) => { if (at + k > b.length) throw new Error("state-codec: truncated"); };
  const u32 = () => { need(4); const v = view.getUint32(at, true); at += 4; return v; };
  const bytes = () => { const n = u32(); need(n); const s = b.subarray(at, at + n); at += n; return s; };
  const get = (): unknown => {
    need(1);
    const t = b[at++]!;
    switch (t) {
      case T.Undef: return undefined;
      case T.Null: return null;
      case T.False: return false;
      case T.True: return true;
      case T.Num: { need(8); const v = view.getFloat64(at, true); at += 8; return v; }
      case T.Str: return fromUtf8.decode(bytes());
      case T.BigInt: return BigInt(fromUtf8.decode(bytes()));
      case T.U8: return bytes().slice();
      case T.U32: { const n = u32(); need(4 * n); const a = new Uint32Array(n); for (let i = 0; i < n; i++) a[i] = u32(); return a; }
      case T.Arr: { const n = u32(); const a: unknown[] = []; for (let i = 0; i < n; i++) a.push(get()); return a; }
      case T.Map: { const n = u32(); const m = new Map<unknown, unknown>(); for (let i = 0; i < n; i++) { const k = get(); m.set(k, get()); } return m; }
      case T.Obj: {
        const n = u32(); const o: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) { const k = fromUtf8.decode(bytes()); if (k === "__proto__") throw new Error("state-codec: bad key"); o[k] = get(); }
        return o;
      }
      default: throw new Error(`state-codec: unknown tag ${t}`);
    }
  };
  const v = get();
  if (at !== b.length) throw new Error("state-codec: trailing bytes");
  return v;
}
