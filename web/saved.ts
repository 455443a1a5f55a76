/*
 * saved.ts: the machine saved in the page, kept in the browser's
 * IndexedDB (database "kmemlab", store "states", one record "machine"):
 * the state file emulator/snapshot.ts makes (the same format as
 * `kmemlab boot --save-state`), gzipped with the browser's
 * CompressionStream (the page's state holds its RAM as stored deflate
 * blocks: a tab has no synchronous deflate), and when it was saved. It
 * survives a reload of the page; the kernel it ran must be the site's (the
 * state names the kernel's SHA-256, and loading checks it).
 */

const DB = "kmemlab", STORE = "states", KEY = "machine";

export interface SavedMachine { gz: Uint8Array; savedAt: string; cmdline: string; bytes: number }

function open(): Promise<IDBDatabase> {
  return new Promise((ok, fail) => {
    const r = indexedDB.open(DB, 1);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE);
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(new Error(`IndexedDB: ${r.error?.message ?? "cannot open the database"}`));
  });
}

function request<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  return open().then((db) => new Promise<T>((ok, fail) => {
    const tx = db.transaction(STORE, mode);
    const r = f(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); ok(r.result as T); };
    tx.onerror = tx.onabort = () => { db.close(); fail(new Error(`IndexedDB: ${tx.error?.message ?? r.error?.message ?? "the transaction failed"}`)); };
  }));
}

async function through(bytes: Uint8Array, t: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(t));
  return new Uint8Array(await out.arrayBuffer());
}

/** Keep `state` (replacing what was saved before); resolves with the record kept. */
export async function keepState(state: Uint8Array, cmdline: string): Promise<SavedMachine> {
  const rec: SavedMachine = { gz: await through(state, new CompressionStream("gzip")), savedAt: new Date().toISOString(), cmdline, bytes: state.length };
  await request<IDBValidKey>("readwrite", (s) => s.put(rec, KEY));
  return rec;
}

/** What was saved, or null. */
export async function savedState(): Promise<SavedMachine | null> {
  return (await request<SavedMachine | undefined>("readonly", (s) => s.get(KEY))) ?? null;
}

/** The state file of a saved record. */
export function stateOf(rec: SavedMachine): Promise<Uint8Array> { return through(rec.gz, new DecompressionStream("gzip")); }
