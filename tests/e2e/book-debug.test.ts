/*
 * book-debug.test.ts: the book's test_kmembugs on the book's debug kernel
 * (configs/book-debug: SLUB debug, kmemleak, KASAN, UBSAN together), every
 * case that KASAN or UBSAN reports, in one boot: the reports' headlines in
 * the order the kernel prints them, as ../shared/linux-ref/full/ shows
 * them for 6.1 with 5.10's differences (5.10's UBSAN_MISC has
 * signed-integer-overflow and object-size, which 6.1 lacks). The details
 * of each kind are tests/e2e/kasan.test.ts's and ubsan.test.ts's.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { ROOT } from "../../tools/cli.ts";
import { type BootResult, bootGuestAsync } from "./guest.ts";

const RUN = "/sys/kernel/debug/test_kmembugs/lkd_dbgfs_run_testcase";
const CASES = ["4.1", "4.2", "4.3", "4.4", "8.1", "8.2", "8.3", "8.4", "8.5", "8.6", "8.7", "8.8", "8.9", "9", "10"];
let r: BootResult;

beforeAll(async () => {
  r = await bootGuestAsync({ extra: ["--config", "book-debug"], timeoutMs: 300_000,
    exec: `insmod /lib/modules/$(uname -r)/kmembugs_test/test_kmembugs.ko; for c in ${CASES.join(" ")}; do echo "== $c"; echo $c > ${RUN} || echo "rc=$?"; done` });
}, 300_000);

describe("test_kmembugs on the book-debug kernel", () => {
  it("prints KASAN's and UBSAN's reports case by case", () => {
    expect(r.status).toBe(0);
    const heads = r.lines.map((l) => l.replace(/^\[T\] /, "")).filter((l) => /^(== |rc=|UBSAN: |BUG: KASAN|index -?\d+ is|(Read|Write) of size|.* cannot be represented|shift exponent|load of value|negation of)/.test(l))
      .map((l) => l.replaceAll(ROOT + "/", "<ROOT>/").replace(/\+0x[0-9a-f]+\/0x[0-9a-f]+/g, "+0x../0x..").replace(/addr [0-9a-f]{16}/g, "addr ADDR"));
    expect(heads).toEqual([
      "== 4.1",
      "BUG: KASAN: global-out-of-bounds in global_mem_oob_right+0x../0x.. [test_kmembugs]",
      "Read of size 1 at addr ADDR by task sh/7",
      "UBSAN: array-index-out-of-bounds in <ROOT>/modules/kmembugs_test/kmembugs_test.c:172:16",
      "index 25 is out of range for type 'char [20]'",
      "UBSAN: object-size-mismatch in <ROOT>/modules/kmembugs_test/kmembugs_test.c:172:16",
      "BUG: KASAN: stack-out-of-bounds in global_mem_oob_right+0x../0x.. [test_kmembugs]",
      "Read of size 1 at addr ADDR by task sh/7",
      "== 4.2",
      "BUG: KASAN: global-out-of-bounds in global_mem_oob_right+0x../0x.. [test_kmembugs]",
      "Write of size 1 at addr ADDR by task sh/7",
      "BUG: KASAN: global-out-of-bounds in global_mem_oob_right+0x../0x.. [test_kmembugs]",
      "Write of size 1 at addr ADDR by task sh/7",
      "UBSAN: array-index-out-of-bounds in <ROOT>/modules/kmembugs_test/kmembugs_test.c:178:12",
      "index 25 is out of range for type 'char [20]'",
      "UBSAN: object-size-mismatch in <ROOT>/modules/kmembugs_test/kmembugs_test.c:178:40",
      "BUG: KASAN: stack-out-of-bounds in global_mem_oob_right+0x../0x.. [test_kmembugs]",
      "Write of size 1 at addr ADDR by task sh/7",
      "== 4.3",
      "BUG: KASAN: global-out-of-bounds in global_mem_oob_left+0x../0x.. [test_kmembugs]",
      "Read of size 1 at addr ADDR by task sh/7",
      "BUG: KASAN: global-out-of-bounds in global_mem_oob_left+0x../0x.. [test_kmembugs]",
      "Read of size 1 at addr ADDR by task sh/7",
      "UBSAN: array-index-out-of-bounds in <ROOT>/modules/kmembugs_test/kmembugs_test.c:193:16",
      "index -5 is out of range for type 'char [20]'",
      "BUG: KASAN: stack-out-of-bounds in global_mem_oob_left+0x../0x.. [test_kmembugs]",
      "Read of size 1 at addr ADDR by task sh/7",
      "== 4.4",
      "BUG: KASAN: global-out-of-bounds in global_mem_oob_left+0x../0x.. [test_kmembugs]",
      "Write of size 1 at addr ADDR by task sh/7",
      "BUG: KASAN: global-out-of-bounds in global_mem_oob_left+0x../0x.. [test_kmembugs]",
      "Write of size 1 at addr ADDR by task sh/7",
      "UBSAN: array-index-out-of-bounds in <ROOT>/modules/kmembugs_test/kmembugs_test.c:199:12",
      "index -5 is out of range for type 'char [20]'",
      "BUG: KASAN: stack-out-of-bounds in global_mem_oob_left+0x../0x.. [test_kmembugs]",
      "Write of size 1 at addr ADDR by task sh/7",
      "== 8.1",
      "UBSAN: signed-integer-overflow in <ROOT>/modules/kmembugs_test/kmembugs_test.c:283:6",
      "2147483647 + 2 cannot be represented in type 'int'",
      "== 8.2",
      "UBSAN: signed-integer-overflow in <ROOT>/modules/kmembugs_test/kmembugs_test.c:291:6",
      "-2147483648 - 2 cannot be represented in type 'int'",
      "== 8.3",
      "UBSAN: signed-integer-overflow in <ROOT>/modules/kmembugs_test/kmembugs_test.c:298:6",
      "1073741823 * 3 cannot be represented in type 'int'",
      "== 8.4",
      "UBSAN: negation-overflow in <ROOT>/modules/kmembugs_test/kmembugs_test.c:305:8",
      "negation of -2147483648 cannot be represented in type 'int':",
      "== 8.5",
      "UBSAN: shift-out-of-bounds in <ROOT>/modules/kmembugs_test/kmembugs_test.c:321:7",
      "shift exponent -1 is negative",
      "== 8.6",
      "UBSAN: array-index-out-of-bounds in <ROOT>/modules/kmembugs_test/kmembugs_test.c:329:5",
      "index 5 is out of range for type 'int [4]'",
      "UBSAN: object-size-mismatch in <ROOT>/modules/kmembugs_test/kmembugs_test.c:329:9",
      "BUG: KASAN: stack-out-of-bounds in test_ubsan_out_of_bounds+0x../0x.. [test_kmembugs]",
      "Write of size 4 at addr ADDR by task sh/7",
      "== 8.7",
      "UBSAN: invalid-load in <ROOT>/modules/kmembugs_test/kmembugs_test.c:342:7",
      "load of value 4 is not a valid value for type '_Bool'",
      "== 8.8",
      "== 8.9",
      "UBSAN: object-size-mismatch in <ROOT>/modules/kmembugs_test/kmembugs_test.c:360:9",
      "BUG: KASAN: stack-out-of-bounds in test_ubsan_object_size_mismatch+0x../0x.. [test_kmembugs]",
      "Read of size 8 at addr ADDR by task sh/7",
      "== 9",
      "BUG: KASAN: slab-out-of-bounds in oob_copy_user_test+0x../0x.. [test_kmembugs]",
      "Write of size 11 at addr ADDR by task sh/7",
      "BUG: KASAN: slab-out-of-bounds in oob_copy_user_test+0x../0x.. [test_kmembugs]",
      "Read of size 11 at addr ADDR by task sh/7",
      "BUG: KASAN: slab-out-of-bounds in oob_copy_user_test+0x../0x.. [test_kmembugs]",
      "Write of size 11 at addr ADDR by task sh/7",
      "BUG: KASAN: slab-out-of-bounds in oob_copy_user_test+0x../0x.. [test_kmembugs]",
      "Read of size 11 at addr ADDR by task sh/7",
      "BUG: KASAN: slab-out-of-bounds in strncpy_from_user+0x../0x..",
      "Write of size 11 at addr ADDR by task sh/7",
      "== 10"
    ]);
  });
});
