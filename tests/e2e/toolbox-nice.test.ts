/*
 * toolbox-nice.test.ts: nice and renice in the guest over the kernel's
 * getpriority/setpriority: a command started at an adjusted niceness (the
 * kernel clamps it to 19), ps showing it, renice of the kmemleak thread
 * from 10 to 5 (PRI follows), and renice's messages for a missing
 * process and missing arguments (util-linux's, status 1).
 */
import { describe, it, expect } from "vitest";
import { userOutput } from "./guest.ts";
import { bootFromState } from "./booted-state.ts";

describe("nice and renice", () => {
  it("nice runs commands at a niceness; renice changes kmemleak's", () => {
    const r = bootFromState({
      append: "kmemleak=on",
      exec: "nice; nice -n 5 nice; nice -n 50 nice; nice -3 sh -c 'nice -n 2 nice'; nice -n -5 ps -o ni,comm | grep ps; " +
        "renice 5 4; ps -eo pid,ni,pri,comm | grep kmemleak; renice 1 99999; echo rc=$?; renice; echo rc=$?; nice -n x true; echo rc=$?",
    });
    expect(userOutput(r)).toEqual([
      "0", "5", "19", "5",
      " -5 ps",
      "4 (process ID) old priority 10, new priority 5",
      "    4   5  14 kmemleak",
      "renice: failed to get priority for 99999 (process ID): No such process", "rc=1",
      "renice: not enough arguments", "Try 'renice --help' for more information.", "rc=1",
      "nice: invalid adjustment 'x'", "rc=125",
      "",
    ]);
  });
});
