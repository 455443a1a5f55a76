/*
 * toolbox-files.test.ts: cp, ln -s, touch, stat, chmod, date -r and which
 * in the guest's ramfs: a copy and a recursive copy, a symbolic link and
 * the kernel's refusal of a hard link (no link(2) here: ENOSYS), a time
 * set through the new utimensat and read back by stat and date -r.
 */
import { describe, it, expect } from "vitest";
import { bootGuest, userOutput } from "./guest.ts";
import { bootFromState } from "./booted-state.ts";

describe("file tools in the guest", () => {
  it("cp, ln, touch, stat, chmod, date -r, which", () => {
    const r = bootFromState({
      exec: "cd /tmp; echo hi > a; cp -v a b; cat b; mkdir d; echo x > d/f; cp -r d e; cat e/f; cp d z; echo rc=$?; " +
        "ln -sv a l; ln a h; echo rc=$?; touch -d @1700000000 a; stat -c '%n %Y %s %a %F' a l; stat -L -c '%n %F' l; " +
        "stat a | sed -n '1p;2p;4p;6p;8p'; touch new; stat -c '%F %s' new; date -r a; chmod -v 600 a; which awk top nosuch; echo rc=$?",
    });
    expect(userOutput(r)).toEqual([
      "'a' -> 'b'", "hi", "x", "cp: -r not specified; omitting directory 'd'", "rc=1",
      "'l' -> 'a'", "ln: failed to create hard link 'h' => 'a': Function not implemented", "rc=1",
      "a 1700000000 3 644 regular file", "l 1767225600 1 777 symbolic link", "l regular file",
      "  File: a", "  Size: 3         \tBlocks: 1          IO Block: 4096   regular file",
      "Access: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)",
      "Modify: 2023-11-14 22:13:20.000000000 +0000", " Birth: -",
      "regular empty file 0", "Tue Nov 14 22:13:20 UTC 2023",
      "mode of 'a' changed from 0644 (rw-r--r--) to 0600 (rw-------)",
      "/bin/awk", "/bin/top", "rc=1",
      "",
    ]);
  });

  it("the shell's time keyword, set -o pipefail and an EXIT trap", () => {
    const r = bootGuest({ exec: "time -p true; set -o pipefail; false | true; echo pf=$?; set +o pipefail; false | true; echo pf=$?; trap 'echo bye' EXIT; echo hi" });
    expect(userOutput(r)).toEqual(["real 0.00", "user 0.00", "sys 0.00", "pf=1", "pf=0", "hi", "bye", ""]);
  });
});
