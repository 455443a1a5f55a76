#!/usr/bin/env node
// kmemlab launcher: registers tsx so the TypeScript sources run without a
// separate build step, then hands over to the commander CLI in tools/cli.ts.
import { register } from "tsx/esm/api";
register();
const { main } = await import("./cli.ts");
process.exitCode = await main(process.argv);
