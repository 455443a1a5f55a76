/*
 * toolbox-watch.test.ts: watch in the guest on the virtual clock: -g ends
 * as soon as the watched output changes (the uptime's whole seconds, one
 * interval later), each frame is a cleared screen, the title line carries
 * the interval, the command and "hostname: date" on the right.
 */
import { describe, it, expect } from "vitest";
import { userOutput } from "./guest.ts";
import { bootFromState } from "./booted-state.ts";

describe("watch", () => {
  it("-t -g -n 1 over /proc/uptime; the title line", () => {
    const r = bootFromState({
      exec: "watch -t -g -n 1 'cut -d. -f1 /proc/uptime' | tr '\\033' E; echo rc=$?; " +
        "watch -n 0.5 -g 'cut -c1-3 /proc/uptime' | tr '\\033' E | head -2",
    });
    expect(userOutput(r)).toEqual([
      "E[HE[2J0", "E[HE[2J1", "rc=0",
      "E[HE[2JEvery 0.5s: cut -c1-3 /proc/uptime             kmemlab: Thu Jan  1 00:00:01 2026", "",
      "",
    ]);
  });
});
