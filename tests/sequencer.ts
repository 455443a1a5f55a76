/*
 * sequencer.ts: the order vitest starts suites in. npm test runs two at a
 * time (vitest.config.ts); a long suite started last would run alone at
 * the end, so the suites known to be long start first, longest first, and
 * the rest follow in vitest's own order (what failed last time, then what
 * took longest). A stale list only costs balance, never a result.
 */
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Suites over ~40 s on 2 cores, longest first (measured with the whole suite running two at a time). */
const LONG_FIRST = [
  "tests/diff/cpu-diff-0.test.ts", "tests/e2e/jit-transcript.test.ts", "tests/e2e/snapshot.test.ts", "tests/e2e/gdb-reverse.test.ts",
  "tests/unit/jit/regions.test.ts", "tests/diff/cpu-diff-1.test.ts", "tests/e2e/cli.test.ts", "tests/e2e/qemu-parity.test.ts",
  "tests/e2e/jit-programs.test.ts", "tests/e2e/gdb.test.ts", "tests/e2e/terminal.test.ts", "tests/web/web.test.ts",
  "tests/e2e/oracle.test.ts", "tests/e2e/kasan.test.ts",
];

export default class LongFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const k = LONG_FIRST.indexOf(relative(f.project.config.root, f.moduleId));
      return k < 0 ? LONG_FIRST.length : k;
    };
    return base.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}
