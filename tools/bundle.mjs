// bundle.mjs: build (when stale) and locate the esbuild bundle of the CLI
// and library: build/kmemlab-cli.mjs from tools/cli.ts. Staleness is the
// newest mtime among the TypeScript sources under emulator/, boot/, tools/.
import { statSync, readdirSync, existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { resolve, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "build", "kmemlab-cli.mjs");

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith(".ts") || e.name.endsWith(".mjs")) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** Returns a file: URL of the bundle, rebuilding it first if any source is newer. */
export async function buildBundle() {
  const src = Math.max(newest(join(ROOT, "emulator")), newest(join(ROOT, "boot")), newest(join(ROOT, "tools")));
  const have = existsSync(OUT) ? statSync(OUT).mtimeMs : 0;
  if (have < src) {
    mkdirSync(dirname(OUT), { recursive: true });
    // esbuild is imported only to rebuild; the bundle is written beside and renamed into place,
    // so a kmemlab started meanwhile imports the old bundle or the new one, never half of one
    const { build } = await import("esbuild");
    const r = await build({
      entryPoints: [join(ROOT, "tools", "cli.ts")],
      outfile: OUT,
      write: false,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      sourcemap: "linked",
      logLevel: "error",
    });
    // the map first, the bundle last
    for (const f of [...r.outputFiles].sort((a, b) => (a.path === OUT) - (b.path === OUT))) {
      const tmp = `${f.path}.${process.pid}.tmp`;
      writeFileSync(tmp, f.contents);
      renameSync(tmp, f.path);
    }
  }
  return pathToFileURL(OUT).href;
}
