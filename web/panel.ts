/*
 * panel.ts: the kmemleak panel: the objects kmemleak tracks, read out of
 * guest memory by the leak oracle (tools/oracle.ts through
 * Session.oracleReport, between two slices of the machine or once it has
 * stopped), graded against exact reachability: their reference graph
 * (graph.ts, cytoscape) and a table sortable by any column. Clicking an
 * object (a node or a row) shows kmemleak's colour of it, the oracle's
 * verdict and why: the reference chain from a root that keeps it alive,
 * or "no path from any root"; and the object's report as
 * /sys/kernel/debug/kmemleak printed it when the console shows one
 * (`cat /sys/kernel/debug/kmemleak`).
 */
import type cytoscape from "cytoscape";
import { hex, OracleError, type OracleReport, type RefPath } from "../tools/oracle.ts";
import { drawGraph, type Listed } from "./graph.ts";

type SortKey = "addr" | "size" | "comm" | "pid" | "colour" | "verdict" | "from";
const COLUMNS: Array<{ key: SortKey; title: string }> = [
  { key: "addr", title: "address" }, { key: "size", title: "size" }, { key: "comm", title: "comm" }, { key: "pid", title: "pid" },
  { key: "colour", title: "colour" }, { key: "verdict", title: "oracle" }, { key: "from", title: "allocated from" },
];

const VERDICT_TEXT: Record<Listed["verdict"], string> = {
  "true-positive": "reported, and unreachable: a leak",
  "false-positive": "reported, but reachable",
  "false-negative": "unreachable, but not reported",
  "true-negative": "reachable, and not reported",
};

/** The report of the object at `addr` in a console transcript (its last one), or null. */
export function reportIn(transcript: string, addr: number): string | null {
  const lines = transcript.replace(/\r/g, "").split("\n");
  const head = `unreferenced object ${hex(addr)} `;
  let at = lines.length - 1;
  while (at >= 0 && !lines[at]!.startsWith(head)) at--;
  if (at < 0) return null;
  let end = at + 1;
  while (end < lines.length && lines[end]!.startsWith("  ")) end++;
  return lines.slice(at, end).join("\n");
}

/** A chain as text: the root, each object with the offset of the word that points on, the object. */
export function chainText(p: RefPath, addr: number): string {
  return [p.root, ...p.hops.map((h) => `${hex(h.addr)}+0x${(h.at - h.addr).toString(16)}`), hex(addr)].join(" -> ");
}

export class Panel {
  private objects: Listed[] = [];
  private sortKey: SortKey = "addr";
  private sortUp = true;
  /** The graph drawn last (the page's hook hands it to tests). */
  graph: cytoscape.Core | null = null;

  constructor(private readonly root: HTMLElement, private readonly transcript: () => string) {}

  /** Read kmemleak's objects now (report: from Session.oracleReport) and draw them. */
  show(report: () => OracleReport): void {
    this.root.hidden = false;
    this.graph?.destroy();
    this.graph = null;
    let r: OracleReport;
    try {
      r = report();
    } catch (e) {
      if (!(e instanceof OracleError)) throw e;
      this.root.innerHTML = `<h2>kmemleak's objects</h2><p class="bad">oracle: ${esc(e.message)}</p>`;
      return;
    }
    this.objects = [...r.objects, ...r.neighbours];
    this.root.innerHTML = `<h2>kmemleak's objects</h2>
      <p id="summary">kmemleak tracks ${r.allocated} objects (${r.candidates} reportable); it reports ${r.reported}, the oracle finds ${r.unreachable} unreachable:
      ${r.truePositives} true positives, ${r.falsePositives} false positives, ${r.falseNegatives} false negatives.
      Below: those, and ${r.neighbours.length} reachable objects of the same tasks.</p>
      ${r.notes.map((n) => `<p class="note">${esc(n)}</p>`).join("")}
      <div id="graph"></div>
      <p class="legend">fill: kmemleak's colour (white, grey, black); rectangles: roots; solid arrows: the reference chain from a root; dashed: a pointer between listed objects.</p>
      <pre id="detail">Click an object (a node or a row).</pre>
      <table id="objects"><thead><tr>${COLUMNS.map((c) => `<th data-key="${c.key}">${c.title}</th>`).join("")}</tr></thead><tbody></tbody></table>`;
    for (const th of this.root.querySelectorAll<HTMLElement>("th")) th.onclick = () => this.sortBy(th.dataset.key as SortKey);
    this.draw();
    const byAddr = new Map(this.objects.map((o) => [o.addr, o]));
    this.graph = drawGraph(this.root.querySelector<HTMLElement>("#graph")!, this.objects, (a) => { const o = byAddr.get(a); if (o) this.detail(o); });
  }

  private sortBy(key: SortKey): void {
    this.sortUp = this.sortKey === key ? !this.sortUp : true;
    this.sortKey = key;
    this.draw();
  }

  private draw(): void {
    const k = this.sortKey, dir = this.sortUp ? 1 : -1;
    const rows = [...this.objects].sort((a, b) => (a[k] < b[k] ? -1 : a[k] > b[k] ? 1 : a.addr - b.addr) * dir);
    const body = this.root.querySelector("tbody")!;
    body.replaceChildren(...rows.map((o) => {
      const tr = document.createElement("tr");
      tr.className = o.verdict;
      tr.innerHTML = COLUMNS.map((c) => `<td>${esc(c.key === "addr" ? hex(o.addr) : String(o[c.key]))}</td>`).join("");
      tr.onclick = () => this.detail(o);
      return tr;
    }));
    for (const th of this.root.querySelectorAll<HTMLElement>("th")) th.className = th.dataset.key === k ? (this.sortUp ? "up" : "down") : "";
  }

  private detail(o: Listed): void {
    if (this.graph !== null) { this.graph.$(":selected").unselect(); this.graph.$id(hex(o.addr)).select(); }
    const report = reportIn(this.transcript(), o.addr);
    const why = o.path !== null ? `reference chain: ${chainText(o.path, o.addr)}${o.verdict === "false-negative" ? " (as kmemleak sees it)" : ""}`
      : "no path from any root";
    this.root.querySelector("#detail")!.textContent =
      `${hex(o.addr)} (size ${o.size}), comm "${o.comm}", pid ${o.pid}, ${o.colour} (count ${o.count}, min_count ${o.minCount}), from ${o.from}\n` +
      `oracle: ${VERDICT_TEXT[o.verdict]}: ${o.reason}\n${why}\n\n` +
      (report ?? (o.verdict === "true-negative" ? "(not reported by kmemleak)" : "(its report is not on the console: cat /sys/kernel/debug/kmemleak prints it)"));
  }
}

/** Text for innerHTML. */
export function esc(s: string): string { return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`); }
