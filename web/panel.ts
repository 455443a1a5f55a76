/*
 * panel.ts: the kmemleak panel: the objects kmemleak tracks, read out of
 * guest memory by the leak oracle (tools/oracle.ts through
 * Session.oracleReport, between two slices of the machine or once it has
 * stopped), graded against exact reachability, as a table sortable by any
 * column. Clicking an object shows the oracle's verdict and why, and the
 * object's report as /sys/kernel/debug/kmemleak printed it when the
 * console shows one (`cat /sys/kernel/debug/kmemleak`).
 */
import { hex, OracleError, type GradedObject, type OracleReport } from "../tools/oracle.ts";

const COLUMNS: Array<{ key: keyof GradedObject; title: string }> = [
  { key: "addr", title: "address" }, { key: "size", title: "size" }, { key: "comm", title: "comm" }, { key: "pid", title: "pid" },
  { key: "verdict", title: "oracle" }, { key: "from", title: "allocated from" },
];

const VERDICT_TEXT: Record<GradedObject["verdict"], string> = {
  "true-positive": "reported, and unreachable: a leak",
  "false-positive": "reported, but reachable",
  "false-negative": "unreachable, but not reported",
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

export class Panel {
  private objects: GradedObject[] = [];
  private sortKey: keyof GradedObject = "addr";
  private sortUp = true;

  constructor(private readonly root: HTMLElement, private readonly transcript: () => string) {}

  /** Read kmemleak's objects now (report: from Session.oracleReport) and draw them. */
  show(report: () => OracleReport): void {
    this.root.hidden = false;
    let r: OracleReport;
    try {
      r = report();
    } catch (e) {
      if (!(e instanceof OracleError)) throw e;
      this.root.innerHTML = `<h2>kmemleak's objects</h2><p class="bad">oracle: ${esc(e.message)}</p>`;
      return;
    }
    this.objects = r.objects;
    this.root.innerHTML = `<h2>kmemleak's objects</h2>
      <p id="summary">kmemleak tracks ${r.allocated} objects (${r.candidates} reportable); it reports ${r.reported}, the oracle finds ${r.unreachable} unreachable:
      ${r.truePositives} true positives, ${r.falsePositives} false positives, ${r.falseNegatives} false negatives.</p>
      ${r.notes.map((n) => `<p class="note">${esc(n)}</p>`).join("")}
      <table id="objects"><thead><tr>${COLUMNS.map((c) => `<th data-key="${c.key}">${c.title}</th>`).join("")}</tr></thead><tbody></tbody></table>
      <pre id="detail"></pre>`;
    for (const th of this.root.querySelectorAll<HTMLElement>("th")) th.onclick = () => this.sortBy(th.dataset.key as keyof GradedObject);
    this.draw();
  }

  private sortBy(key: keyof GradedObject): void {
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

  private detail(o: GradedObject): void {
    const report = reportIn(this.transcript(), o.addr);
    this.root.querySelector("#detail")!.textContent =
      `${hex(o.addr)} (size ${o.size}), comm "${o.comm}", pid ${o.pid}, min_count ${o.minCount}, from ${o.from}\n` +
      `oracle: ${VERDICT_TEXT[o.verdict]}: ${o.reason}\n\n` +
      (report ?? "(its report is not on the console: cat /sys/kernel/debug/kmemleak prints it)");
  }
}

/** Text for innerHTML. */
export function esc(s: string): string { return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`); }
