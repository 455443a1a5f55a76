/*
 * toolbox-log.test.ts: the kernel log as users read it in the guest:
 * dmesg over /dev/kmsg with level and facility filters, decode, ctime and
 * raw stamps, -W/-w following new records; journalctl -k's formats; lines
 * written to /dev/kmsg keep the writer's facility (LOG_USER by default),
 * as devkmsg_write does. util-linux's dmesg is compared with ours on the
 * same log in tests/user/toolbox-dmesg.test.ts.
 */
import { describe, it, expect } from "vitest";
import { bootGuest, userOutput } from "./guest.ts";
import { bootFromState } from "./booted-state.ts";

/* printed lines are prefixed so the kernel's own console lines ("[T] ...") stay apart */
const q = (cmd: string) => `${cmd} | sed 's/^/| /'`;
/* stamps depend on how long boot takes: masked, the layout around them is compared */
const masked = (lines: string[]) => lines.map((l) => l.replace(/\[ *\d+\.\d{6}\]/g, "[S]").replace(/\.\d{6} /, ".U "));

describe("dmesg", () => {
  it("filters by level and facility, decodes, prints ctime and raw stamps", () => {
    const r = bootFromState({
      exec: "echo '<3>lab: an error' > /dev/kmsg; echo '<15>lab: a user debug line' > /dev/kmsg; echo 'lab: plain' > /dev/kmsg; " +
        [q("dmesg -l err | grep lab:"), q("dmesg -x | grep lab:"), q("dmesg -t -x -f user -l debug,warn"), q("dmesg -T | grep 'lab: an'"),
          q("dmesg -u -r"), q("dmesg -k | grep -c lab:"), q("dmesg -S -x | grep lab:")].join("; "),
    });
    expect(masked(userOutput(r))).toEqual([
      "| [S] lab: an error",
      "| user  :err   : [S] lab: an error",
      "| user  :debug : [S] lab: a user debug line",
      "| user  :warn  : [S] lab: plain",
      "| user  :debug : lab: a user debug line",
      "| user  :warn  : lab: plain",
      "| [Thu Jan  1 00:00:00 2026] lab: an error",
      "| <11>[S] lab: an error",
      "| <15>[S] lab: a user debug line",
      "| <12>[S] lab: plain",
      "| 0",
      "| user  :err   : [S] lab: an error",
      "| user  :debug : [S] lab: a user debug line",
      "| user  :warn  : [S] lab: plain",
      "",
    ]);
  });

  /* a follower ends when it writes into a pipe whose reader left: the next record after head's last */
  it("-W prints only new records as they come, -w everything then new ones", () => {
    // (a fresh boot: the saved state's interactive shell reports background jobs, as bash does)
    const r = bootGuest({
      exec: "(sleep 1; echo '<4>later' > /dev/kmsg; sleep 1; echo '<6>again' > /dev/kmsg; sleep 1; echo '<6>third' > /dev/kmsg; sleep 1; echo '<6>fourth' > /dev/kmsg; sleep 1; echo '<6>fifth' > /dev/kmsg) & " +
        "dmesg -W -x | head -2; n=$(dmesg | wc -l); dmesg -w -t | head -n $((n + 1)) | tail -n 2; echo end",
    });
    expect(masked(userOutput(r))).toEqual(["user  :warn  : [S] later", "user  :info  : [S] again", "third", "fourth", "end", ""]);
  });

  it("bad options: util-linux's messages and status 1", () => {
    const r = bootFromState({ exec: "dmesg -l bogus; echo rc=$?; dmesg --level; echo rc=$?; dmesg -f nope; echo rc=$?; dmesg -Q; echo rc=$?" });
    expect(masked(userOutput(r))).toEqual([
      "dmesg: unknown level 'bogus'", "rc=1",
      "dmesg: option '--level' requires an argument", "Try 'dmesg --help' for more information.", "rc=1",
      "dmesg: unknown facility 'nope'", "rc=1",
      "dmesg: invalid option -- 'Q'", "Try 'dmesg --help' for more information.", "rc=1", "",
    ]);
  });
});

describe("journalctl -k", () => {
  it("prints the kernel log in journalctl's short formats", () => {
    const r = bootFromState({
      exec: "echo '<3>lab: an error' > /dev/kmsg; echo '<15>a debug line' > /dev/kmsg; " +
        "journalctl -k | head -2; journalctl -k -p err | grep lab:; journalctl -k -o short-monotonic -n 2 | sed 's/^/| /'; " +
        "journalctl --dmesg -o short-precise -n 1; journalctl -k -o cat -n 1 -r; journalctl -k -o short-iso -n 1; journalctl -k -p emerg; " +
        "journalctl -o bogus; echo rc=$?; journalctl -p bogus; echo rc=$?",
    });
    expect(masked(userOutput(r))).toEqual([
      "Jan 01 00:00:00 kmemlab kernel: Linux version 5.10.0-kmemlab (root@kmemlab) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP Wed Nov 25 00:00:00 UTC 2026",
      "Jan 01 00:00:00 kmemlab kernel: BIOS-provided physical RAM map:",
      "Jan 01 00:00:00 kmemlab lab: an error",
      "| [S] kmemlab lab: an error",
      "| [S] kmemlab kernel: a debug line",
      "Jan 01 00:00:00.U kmemlab kernel: a debug line",
      "a debug line",
      "2026-01-01T00:00:00+0000 kmemlab kernel: a debug line",
      "-- No entries --",
      "Unknown output format 'bogus'.", "rc=1",
      "Unknown log level bogus", "rc=1", "",
    ]);
  });
});
