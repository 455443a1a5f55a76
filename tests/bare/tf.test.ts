/* tf.test.ts: single-step traps (tf.S): #DB after each instruction that started with TF set, DR6.BS. */
import { bareSuite } from "./harness.ts";

const EXPECTED =
  "single step\n" +
  "#DB rip=tf_code+1 bs=1\n" +
  "#DB rip=tf_code+6 bs=1\n" +
  "#DB rip=tf_code+8 bs=1\n" +
  "#DB rip=tf_code+9 bs=1\n" +
  "#DB rip=tf_code+11 bs=1\n" +
  "#DB rip=tf_code+12 bs=1\n" +
  "eax=a\n" +
  "done\n";

bareSuite("tf", "traps after each instruction run with TF set (DR6.BS), not after the popfq that sets it", EXPECTED, 43);
