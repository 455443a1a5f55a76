/*
 * config.ts: `kmemlab config`, the kernel's scripts/config for
 * guest-kernel/.config.
 *
 * Same commands and output as scripts/config: --enable/-e, --disable/-d,
 * --module/-m, --set-str, --set-val, --undefine/-u, --state/-s (prints y,
 * n, undef or the value with string quotes removed), --file. Options may
 * be named with or without CONFIG_. Unlike scripts/config, names not in
 * guest-kernel/Kconfig and values outside an int option's range are
 * refused with a message (the lab's kernel would ignore them silently).
 * Commands run in order; --state lines go to stdout.
 */

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { readRegularFile } from "./host-files.ts";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export class ConfigError extends Error {}

interface Sym { name: string; type: "bool" | "tristate" | "int" | "string"; range?: [number, number] }

export function parseKconfig(text: string): Map<string, Sym> {
  const syms = new Map<string, Sym>();
  let cur: Sym | null = null;
  for (const line of text.split("\n")) {
    const c = /^config\s+(\w+)/.exec(line);
    if (c) { cur = { name: c[1]!, type: "bool" }; syms.set(cur.name, cur); continue; }
    if (!cur) continue;
    const t = /^\s+(bool|tristate|int|string)\b/.exec(line);
    if (t) cur.type = t[1] as Sym["type"];
    const r = /^\s+range\s+(-?\d+)\s+(-?\d+)/.exec(line);
    if (r) cur.range = [Number(r[1]), Number(r[2])];
  }
  return syms;
}

function defconfig(root: string): string {
  const r = spawnSync("sh", [join(root, "guest-kernel/scripts/kconfig.sh"), "defconfig", join(root, "guest-kernel/Kconfig")], { encoding: "utf8" });
  if (r.status !== 0) throw new ConfigError(`cannot generate the default .config: ${r.stderr}`);
  return r.stdout;
}

/** Runs the scripts/config-style arguments; returns the lines --state printed. */
export function runConfig(root: string, args: string[]): string[] {
  const syms = parseKconfig(readFileSync(join(root, "guest-kernel/Kconfig"), "utf8"));
  let file = join(root, "guest-kernel/.config");
  const out: string[] = [];
  let lines: string[] | null = null;
  let dirty = false;
  const load = () => {
    if (!lines) lines = (existsSync(file) ? new TextDecoder().decode(readRegularFile(file, "config", { maxBytes: 16 << 20 })) : defconfig(root)).split("\n").filter((l, i, a) => l !== "" || i < a.length - 1);
    if (!existsSync(file)) dirty = true;
    return lines;
  };
  const sym = (raw: string | undefined, cmd: string): Sym => {
    if (raw === undefined) throw new ConfigError(`${cmd} needs an option name`);
    const name = raw.replace(/^CONFIG_/, "");
    const s = syms.get(name);
    if (!s) throw new ConfigError(`unknown option CONFIG_${name} (not in guest-kernel/Kconfig)`);
    return s;
  };
  const set = (name: string, value: string | null) => {
    const l = load();
    const idx = l.findIndex((x) => x.startsWith(`CONFIG_${name}=`) || x === `# CONFIG_${name} is not set`);
    const text = value === null ? `# CONFIG_${name} is not set` : `CONFIG_${name}=${value}`;
    if (idx >= 0) l[idx] = text; else l.push(text);
    dirty = true;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    switch (a) {
      case "--file": {
        const f = args[++i];
        if (!f) throw new ConfigError("--file needs a file name");
        file = f; lines = null; break;
      }
      case "--enable": case "-e": {
        const s = sym(args[++i], a);
        if (s.type !== "bool" && s.type !== "tristate") throw new ConfigError(`CONFIG_${s.name} is ${s.type === "int" ? "an int" : "a string"}; use --set-val or --set-str`);
        set(s.name, "y"); break;
      }
      case "--module": case "-m": {
        const s = sym(args[++i], a);
        if (s.type !== "tristate") throw new ConfigError(`CONFIG_${s.name} cannot be a module`);
        set(s.name, "m"); break;
      }
      case "--disable": case "-d": {
        const s = sym(args[++i], a);
        set(s.name, null); break;
      }
      case "--undefine": case "-u": {
        const s = sym(args[++i], a);
        const l = load();
        const idx = l.findIndex((x) => x.startsWith(`CONFIG_${s.name}=`) || x === `# CONFIG_${s.name} is not set`);
        if (idx >= 0) { l.splice(idx, 1); dirty = true; }
        break;
      }
      case "--set-val": {
        const s = sym(args[++i], a);
        const v = args[++i];
        if (v === undefined) throw new ConfigError(`--set-val CONFIG_${s.name} needs a value`);
        if (s.type === "int") {
          if (!/^-?\d+$/.test(v)) throw new ConfigError(`CONFIG_${s.name} is an int; '${v}' is not a number`);
          if (s.range && (Number(v) < s.range[0] || Number(v) > s.range[1]))
            throw new ConfigError(`CONFIG_${s.name}=${v} is out of range (${s.range[0]}..${s.range[1]})`);
        }
        set(s.name, v); break;
      }
      case "--set-str": {
        const s = sym(args[++i], a);
        const v = args[++i];
        if (v === undefined) throw new ConfigError(`--set-str CONFIG_${s.name} needs a value`);
        set(s.name, `"${v.replace(/"/g, '\\"')}"`); break;
      }
      case "--state": case "-s": {
        const s = sym(args[++i], a);
        const l = load();
        if (l.includes(`# CONFIG_${s.name} is not set`)) { out.push("n"); break; }
        const line = l.find((x) => x.startsWith(`CONFIG_${s.name}=`));
        if (line === undefined) { out.push("undef"); break; }
        out.push(line.slice(`CONFIG_${s.name}=`.length).replace(/^"/, "").replace(/"$/, "").replace(/\\"/g, '"'));
        break;
      }
      default:
        throw new ConfigError(`unknown command '${a}' (use --enable, --disable, --module, --set-val, --set-str, --undefine, --state, --file)`);
    }
  }
  if (dirty && lines) writeFileSync(file, (lines as string[]).join("\n") + "\n");
  return out;
}
