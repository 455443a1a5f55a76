/*
 * main.ts: the page (`kmemlab web`): the lab Session (boot/session.ts) in
 * a browser tab, its console in an xterm.js terminal. The page fetches
 * the kernel, the initramfs and the prebuilt wasm core (tools/web.ts),
 * boots with one of the chapter's command lines, and passes keys to the
 * console as the CLI does (Ctrl-A x stops, Ctrl-A h helps). The machine
 * runs in slices and yields to the page between them (machine.ts,
 * platform-browser.ts), so the tab stays responsive.
 *
 * The JIT compiles hot code in a Web Worker (?jit=off: not at all).
 * The clock is real time, as on the CLI console. For tests, ?clock=virtual
 * and ?exec=COMMANDS boot as `kmemlab boot --exec COMMANDS` does (the
 * lab's /init runs them and powers off), and window.kmemlab exposes the
 * transcript, the terminal's text and how the run ended; ?append=WORDS adds
 * to the kernel command line, ?panel=open opens the kmemleak panel from the
 * start (it is drawn at each reporting scan). Uploaded programs and modules (upload.ts)
 * appear under /mnt/host: the page reboots with them.
 */
import { Terminal } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";
import { Session, exitStatus, type SessionEnd, type SessionOptions } from "../boot/session.ts";
import { preloadFile } from "../emulator/platform-browser.ts";
import { cacheFile, layoutKey } from "../emulator/wasm/core.ts";
import { BOOTS, STEPS, type BootName } from "./steps.ts";
import { Panel, esc } from "./panel.ts";
import { refusal, withUploads } from "./upload.ts";
import { initrdRoom, parseKernel } from "../boot/pvh-loader.ts";
import { download, lastReport, NO_REPORT } from "./downloads.ts";
import { keepState, savedState, stateOf, type SavedMachine } from "./saved.ts";
import { SnapshotError, readStateHeader } from "../emulator/snapshot.ts";

/** package.json's version (tools/web.ts defines it): saved machines are tied to it, as the CLI's are. */
declare const __KMEMLAB_VERSION__: string;
const VERSION = __KMEMLAB_VERSION__;

/** Where the page's files put the wasm core (platform-browser.ts keeps it in memory). */
const CACHE_DIR = "/kmemlab-cache";
const MEMORY_MIB = 128;

interface Files { kernel: Uint8Array; initrd: Uint8Array; core: Uint8Array; layout: string }

const $ = (id: string) => document.getElementById(id)!;
const status = (text: string, bad = false) => { const s = $("status"); s.textContent = text; s.className = bad ? "bad" : ""; };

/** What tests read (and a curious user can, in the console). */
const hook = {
  transcript: "",
  end: null as SessionEnd | null,
  /** Milliseconds from the boot's start to the first shell prompt. */
  promptMs: null as number | null,
  bootStartMs: 0,
  /** When the run ended: guest instructions and wall milliseconds it took (the page's guest speed). */
  insns: 0,
  runMs: 0,
  session: null as Session | null,
  /** The kmemleak panel's cytoscape graph, once drawn, and how many times the panel was drawn. */
  graph: null as unknown,
  panelDraws: 0,
  /** Boots started so far (a reboot's run is the one numbered so), restored machines included. */
  boots: 0,
  /** Machines saved into IndexedDB, and restored from it, since the page loaded. */
  saves: 0,
  restores: 0,
  screen: () => "",
};
(window as unknown as { kmemlab: typeof hook }).kmemlab = hook;

async function fetchBytes(name: string): Promise<Uint8Array> {
  const r = await fetch(name);
  if (!r.ok) throw new Error(`cannot fetch ${name} (${r.status})`);
  return new Uint8Array(await r.arrayBuffer());
}

async function loadFiles(): Promise<Files> {
  const [kernel, initrd, core, layout] = await Promise.all([
    fetchBytes("vmlinux"), fetchBytes("initramfs.cpio"), fetchBytes("core.wasm"),
    fetchBytes("core-layout.json").then((b) => new TextDecoder().decode(b)),
  ]);
  return { kernel, initrd, core, layout };
}

function main(): void {
  if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
    status("kmemlab needs WebAssembly and Web Workers, which this browser does not offer.", true);
    return;
  }
  const params = new URLSearchParams(location.search);
  const clock = params.get("clock") === "virtual" ? "virtual" : "real";
  const exec = params.get("exec") ?? undefined;
  const append = params.get("append") ?? "";
  // the JIT compiles in a Web Worker (platform-browser.ts) as on the CLI's console; ?jit=off runs the interpreter and its core only
  const jit = params.get("jit") === "off" ? null : { worker: true };

  // lineHeight above 1: at 1.0 the DOM renderer clips underscores (kmem_cache_alloc_trace)
  const term = new Terminal({ convertEol: false, scrollback: 5000, fontSize: 14, lineHeight: 1.15, cursorBlink: true });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open($("term"));
  fit.fit();
  addEventListener("resize", () => fit.fit());
  hook.screen = () => {
    const b = term.buffer.active, lines: string[] = [];
    for (let y = 0; y < b.length; y++) lines.push(b.getLine(y)?.translateToString(true) ?? "");
    return lines.join("\n").replace(/\n+$/, "");
  };

  const list = $("steplist");
  for (const s of STEPS) {
    const li = document.createElement("li");
    li.innerHTML = `<b>${s.id}</b> ${esc(s.title)}<div class="boot">boot: ${BOOTS[s.boot] === "" ? "the default command line" : `<i>${esc(BOOTS[s.boot])}</i>`}</div>` +
      s.type.map((t) => `<code># ${esc(t)}</code>`).join("") + `<div class="expect">expect: ${esc(s.expect)}</div>`;
    list.append(li);
  }

  let files: Files | null = null;
  let running: Promise<SessionEnd> | null = null;
  let session: Session | null = null;
  const enc = new TextEncoder();
  const panel = new Panel($("panel"), () => hook.transcript);
  let nm: string | null = null;
  /** Open (or redraw) the panel: kmemleak's objects now. */
  async function showObjects(): Promise<void> {
    if (session === null) return;
    const s = session;
    panelOpen = true;
    try {
      nm ??= new TextDecoder().decode(await fetchBytes("kernel.nm"));
    } catch (e) {
      status(`kmemlab: ${(e as Error).message}`, true);
      return;
    }
    if (session !== s) return;
    panel.show(() => s.oracleReport(nm!));
    hook.graph = panel.graph;
    hook.panelDraws++;
    $("steps").hidden = true;
    fit.fit();
  }
  // once open, the panel is drawn again after each scan that reports (kmemleak's "new suspected memory leaks" line),
  // from a timer: between two slices of the machine, where the oracle may read it
  let panelOpen = params.get("panel") === "open";
  $("objects-button").onclick = () => void showObjects();
  term.onData((d) => session?.consoleInput(enc.encode(d)));

  const uploads = new Map<string, Uint8Array>();
  let current: BootName = "default";
  /** Boot with one of the chapter's command lines. */
  async function boot(name: BootName): Promise<void> {
    current = name;
    for (const b of document.querySelectorAll<HTMLButtonElement>("#boots button[data-boot]")) b.classList.toggle("active", b.dataset.boot === name);
    const cmdline = [BOOTS[name], append].filter((w) => w !== "").join(" ");
    const shared = uploads.size ? `, /mnt/host: ${[...uploads.keys()].join(" ")}` : "";
    await start((f) => ({ initrd: withUploads(f.initrd, uploads), cmdline, exec }),
      `Booting${cmdline === "" ? "" : ` with "${cmdline}"`}${shared}… (Ctrl-A x stops the machine, Ctrl-A h lists the console keys)`);
  }

  /** The machine saved in this browser (saved.ts), resumed where it was. */
  async function restore(): Promise<void> {
    let rec: SavedMachine | null, state: Uint8Array;
    try {
      rec = await savedState();
      if (rec === null) { status("kmemlab: no machine is saved in this browser yet (Save the machine first)", true); return; }
      state = await stateOf(rec);
      readStateHeader(state); // a damaged record is refused before the running machine is stopped
    } catch (e) {
      status(`kmemlab: cannot ${e instanceof SnapshotError ? "restore" : "read"} the saved machine: ${(e as Error).message}`, true);
      hook.restores++;
      return;
    }
    hook.restores++;
    for (const b of document.querySelectorAll<HTMLButtonElement>("#boots button[data-boot]")) b.classList.remove("active");
    await start(() => ({ initrd: null, cmdline: "", state }),
      `Restored the machine saved at ${rec.savedAt}${rec.cmdline === "" ? "" : ` (booted with "${rec.cmdline}")`}: the shell waits where it was (press Enter for a prompt).`);
  }

  /** Stop what runs, then run a new session (a boot or a saved machine) until it ends. */
  async function start(what: (f: Files) => Pick<SessionOptions, "initrd" | "cmdline" | "exec" | "state">, text: string): Promise<void> {
    if (session !== null && running !== null) { session.stop("quit", "the page (reboot)"); await running; }
    session = null; hook.session = null;
    term.reset();
    hook.transcript = ""; hook.end = null; hook.promptMs = null; hook.boots++;
    status("Loading the kernel, the initramfs and the wasm core…");
    let s: Session;
    try {
      files ??= await loadFiles();
      const f = files;
      s = new Session({
        ...what(f), kernel: f.kernel, kernelName: "vmlinux", memoryMiB: MEMORY_MIB, clock, version: VERSION,
        wasmCore: true, cacheDir: CACHE_DIR, jit,
        onOutput: (bytes) => {
          term.write(bytes);
          const text = latin1(bytes);
          hook.transcript += text;
          if (panelOpen && text.includes(" new suspected memory leaks (see /sys/kernel/debug/kmemleak)")) setTimeout(() => void showObjects(), 0);
          if (hook.promptMs === null && hook.transcript.endsWith("# ")) hook.promptMs = performance.now() - hook.bootStartMs;
        },
      });
    } catch (e) {
      const m = (e as Error).message;
      status(!(e instanceof SnapshotError) ? `kmemlab: ${m}` : `kmemlab: cannot restore the saved machine: ${
        m.startsWith("the state was saved with another kernel build") ? "it ran another kernel build than this site's (boot, then save it again)" : m}`, true);
      return;
    }
    const L = s.machine.cpu.mmu.layout!;
    if (JSON.stringify(L) !== files.layout) { status("kmemlab: the page's wasm core was built for another memory layout (run kmemlab web again)", true); return; }
    preloadFile(cacheFile(CACHE_DIR, layoutKey(L)), files.core);
    session = s; hook.session = s;
    status(text);
    term.focus();
    hook.bootStartMs = performance.now();
    const run = s.run().catch((e: unknown): SessionEnd => ({ kind: "stopped", reason: `kmemlab bug: ${(e as Error).message}` }));
    running = run;
    const end = await run;
    if (session !== s) return;
    hook.insns = s.machine.cpu.icount;
    hook.runMs = performance.now() - hook.bootStartMs;
    hook.end = end;
    running = null;
    status(endText(end), end.kind !== "poweroff" && end.kind !== "quit");
    const again = document.createElement("button");
    again.textContent = end.kind === "panic" ? "Reboot" : "Boot again";
    again.onclick = () => void boot(current);
    $("status").append(" ", again);
  }

  $("save").onclick = async () => {
    if (session === null || running === null) { status("kmemlab: no machine is running to save", true); return; }
    const s = session;
    try {
      // a click runs between two slices of the machine (it yields to the page there): a run-loop boundary
      const state = s.saveState();
      const rec = await keepState(state, s.machine.opts.cmdline ?? "");
      hook.saves++;
      status(`Saved the machine in this browser (${mib(rec.bytes)} MiB, ${mib(rec.gz.length)} MiB gzipped): "Restore the saved machine" resumes it, after a reload too.`);
    } catch (e) {
      status(`kmemlab: cannot save the machine: ${(e as Error).message}`, true);
    }
  };
  $("restore").onclick = () => void restore();

  const upload = $("upload") as HTMLInputElement;
  upload.onchange = async () => {
    const chosen = [...(upload.files ?? [])];
    upload.value = "";
    files ??= await loadFiles().catch(() => null);
    if (files === null || !chosen.length) return;
    const room = initrdRoom(parseKernel(files.kernel, "vmlinux"), MEMORY_MIB * 1048576);
    // all or none: each file checked, and all of them together against the room
    const next = new Map(uploads);
    for (const f of chosen) {
      const bytes = new Uint8Array(await f.arrayBuffer());
      const why = refusal(f.name, bytes);
      if (why !== null) { status(`kmemlab: ${why}; nothing added`, true); return; }
      next.set(f.name, bytes);
    }
    if (withUploads(files.initrd, next).length > room) {
      status(`kmemlab: the files do not fit in the guest's initramfs room (${room} bytes); nothing added`, true);
      return;
    }
    for (const [n, b] of next) uploads.set(n, b);
    void boot(current);
  };

  for (const b of document.querySelectorAll<HTMLButtonElement>("#boots button[data-boot]")) b.onclick = () => void boot(b.dataset.boot as BootName);
  // the console's bytes as the guest wrote them (the transcript holds one Latin-1 character per byte)
  $("log").onclick = () => download("kmemlab-console.log", Uint8Array.from(hook.transcript, (c) => c.charCodeAt(0)));
  $("report").onclick = () => {
    const r = lastReport(hook.transcript);
    if (r === null) status(NO_REPORT, true);
    else download("kmemleak-report.txt", r);
  };
  const first = params.get("boot");
  void boot(first !== null && first in BOOTS ? first as BootName : "default");
}

function endText(end: SessionEnd): string {
  switch (end.kind) {
    case "panic": return "The kernel panicked (the panic is above).";
    case "poweroff": return `The machine powered off (status ${end.status}).`;
    case "quit": return `The machine was stopped from ${end.by}.`;
    default: return `The machine stopped (${end.kind === "stopped" ? end.reason : end.kind}, status ${exitStatus(end)}).`;
  }
}

const mib = (n: number) => (n / 1048576).toFixed(1);

/** Bytes as Latin-1 text, one character per byte (TextDecoder's "latin1" is windows-1252). */
function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}


main();
