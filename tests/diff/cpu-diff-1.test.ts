/* cpu-diff-1.test.ts: the second half of the differential run (see cpu-diff.ts). */
import { shardSuite } from "./shard.ts";

shardSuite(1);
