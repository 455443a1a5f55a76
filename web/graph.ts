/*
 * graph.ts: the kmemleak panel's reference graph, drawn by cytoscape.js
 * (its breadthfirst layout from the roots; no layout of our own). Nodes:
 * the objects the oracle graded and their pids' reachable neighbours
 * (OracleReport.neighbours), filled with kmemleak's colour of each (white,
 * grey, black), the objects on their reference chains, and the roots the
 * chains start from (rectangles). Edges: each chain's hops (solid, root to
 * object) and the words of a listed object that point into another one
 * (dashed), so an unreachable list shows as white nodes pointing at each
 * other with no path from any root. Tapping an object node calls `onPick`.
 */
import cytoscape from "cytoscape";
import { hex, type Colour, type GradedObject, type OracleReport } from "../tools/oracle.ts";

export type Listed = GradedObject | OracleReport["neighbours"][number];

export interface GraphNode { id: string; kind: "object" | "root"; colour: Colour | "root"; addr?: number; label: string }

const FILL: Record<Colour | "root", string> = { white: "#ffffff", grey: "#9a9a9a", black: "#222222", root: "#d8e4f0" };

/** The graph's nodes and edges for a report (pure: the tests read it too). */
export function graphOf(listed: Listed[]): { nodes: GraphNode[]; edges: Array<{ id: string; source: string; target: string; kind: "chain" | "ref" }> } {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, { id: string; source: string; target: string; kind: "chain" | "ref" }>();
  const obj = (addr: number, colour: Colour, size?: number) => {
    const id = hex(addr);
    if (!nodes.has(id)) nodes.set(id, { id, kind: "object", colour, addr, label: size === undefined ? id.slice(-8) : `${id.slice(-8)} (${size})` });
    return id;
  };
  const edge = (source: string, target: string, kind: "chain" | "ref") => {
    const id = `${source}->${target}`;
    if (source !== target && !edges.has(id)) edges.set(id, { id, source, target, kind });
  };
  for (const o of listed) obj(o.addr, o.colour, o.size);
  for (const o of listed) {
    if (o.path !== null) {
      const root = `root: ${o.path.root}`;
      if (!nodes.has(root)) nodes.set(root, { id: root, kind: "root", colour: "root", label: o.path.root.replace(/ \(.*$/, "") });
      let prev = root;
      for (const h of o.path.hops) { const id = obj(h.addr, h.colour); edge(prev, id, "chain"); prev = id; }
      edge(prev, hex(o.addr), "chain");
    }
    for (const r of o.refs) edge(hex(o.addr), hex(r), "ref");
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** Draw the graph in `box`; returns the cytoscape instance (the tests find nodes' positions through it). */
export function drawGraph(box: HTMLElement, listed: Listed[], onPick: (addr: number) => void): cytoscape.Core {
  const g = graphOf(listed);
  const cy = cytoscape({
    container: box,
    elements: [...g.nodes.map((n) => ({ data: { ...n } })), ...g.edges.map((e) => ({ data: { ...e } }))],
    style: [
      { selector: "node", style: { "background-color": (n: cytoscape.NodeSingular) => FILL[n.data("colour") as Colour | "root"], "border-width": 1, "border-color": "#333",
        label: "data(label)", "font-size": 8, "min-zoomed-font-size": 7, "text-valign": "bottom", "text-margin-y": 2, width: 14, height: 14 } },
      { selector: "node[kind = 'root']", style: { shape: "round-rectangle", width: 18, height: 10, "font-size": 7 } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#d33" } },
      { selector: "edge", style: { width: 1, "line-color": "#777", "target-arrow-color": "#777", "target-arrow-shape": "triangle", "arrow-scale": 0.6, "curve-style": "bezier" } },
      { selector: "edge[kind = 'ref']", style: { "line-style": "dashed", "line-color": "#b44", "target-arrow-color": "#b44" } },
    ],
    layout: { name: "breadthfirst", directed: true, roots: g.nodes.filter((n) => n.kind === "root").map((n) => n.id), spacingFactor: 0.9, padding: 8 },
    wheelSensitivity: 0.3,
  });
  cy.on("tap", "node[kind = 'object']", (e) => onPick(e.target.data("addr") as number));
  return cy;
}
