/*
 * sh.test.ts: the guest shell run natively: pipelines, redirections, $?,
 * control flow, expansions, builtins and the Linux-shell error messages.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { writeFileSync, readFileSync, chmodSync } from "node:fs";
import { join } from "node:path";
import { buildUser, sh, run, tmp } from "./helpers.ts";

let dir: string;
beforeAll(() => {
  buildUser();
  dir = tmp();
});

describe("sh", () => {
  it("runs pipelines", () => {
    const r = sh("echo one two three | wc -w; echo a b | cat | cat");
    expect(r).toEqual({ stdout: "3\na b\n", stderr: "", status: 0 });
  });

  it("redirects output, appends, reads input and duplicates fds", () => {
    const f = join(dir, "out.txt");
    const r = sh(`echo first > ${f}; echo second >> ${f}; cat < ${f}; ls /nonexistent-dir 2>&1 | grep -c cannot; echo err 1>&2`);
    expect(r.stdout).toBe("first\nsecond\n1\n");
    expect(r.stderr).toBe("err\n");
    expect(readFileSync(f, "utf8")).toBe("first\nsecond\n");
  });

  it("keeps $? and supports && || ! and ;", () => {
    const r = sh("false; echo $?; true && echo and; false || echo or; false && echo no; ! false; echo $?; (exit 3); echo $?");
    expect(r.stdout).toBe("1\nand\nor\n0\n3\n");
    expect(r.status).toBe(0);
  });

  it("reports unknown commands like Linux shells (127)", () => {
    const r = sh("nope");
    expect(r).toEqual({ stdout: "", stderr: "sh: nope: not found\n", status: 127 });
    expect(sh("nope; echo $?").stdout).toBe("127\n");
  });

  it("reports a failed echo write with strerror", () => {
    const r = sh("echo hi > /dev/full; echo status=$?");
    expect(r.stdout).toBe("status=1\n");
    expect(r.stderr).toBe("sh: echo: write error: No space left on device\n");
  });

  it("runs if/elif/else, while, until, for and case", () => {
    const script = [
      "for x in 1 2 3; do if [ $x = 1 ]; then echo one; elif [ $x -eq 2 ]; then echo two; else echo other; fi; done",
      "i=0; while [ $i -lt 3 ]; do i=$((i + 1)); done; echo i=$i",
      "until [ $i -eq 0 ]; do i=$((i - 1)); done; echo i=$i",
      "for f in a.ko b.txt; do case $f in *.ko) echo mod $f;; *) echo file $f;; esac; done",
      "for n in 1 2 3 4; do [ $n = 2 ] && continue; [ $n = 4 ] && break; echo n=$n; done",
    ].join("\n");
    expect(sh(script).stdout).toBe("one\ntwo\nother\ni=3\ni=0\nmod a.ko\nfile b.txt\nn=1\nn=3\n");
  });

  it("expands variables, quotes and command substitution", () => {
    const r = sh(
      `x=hello; y="$x world"; echo "$y" '$y' \${x}1 \${#x} \${z:-dflt}; echo "$(echo inner $(echo nested))"; ` +
        `v=$(uname -s); echo $v; export E=1; sh -c 'echo E=$E'`,
    );
    expect(r.stdout).toBe("hello world $y hello1 5 dflt\ninner nested\nLinux\nE=1\n");
  });

  it("splits fields, keeps quoted fields and handles $@", () => {
    const r = run("sh", ["-c", 'for a in "$@"; do echo "[$a]"; done; echo $#; v="a  b"; for w in $v; do echo $w; done', "name", "x y", "z"]);
    expect(r.stdout).toBe("[x y]\n[z]\n2\na\nb\n");
  });

  it("has here-documents, functions, read and pattern removal", () => {
    const script = [
      'f() { echo "f:$1:$#"; return 4; }; f a b; echo $?',
      "cat <<END",
      "home=$HOME",
      "END",
      "read a b <<END",
      "one two three",
      "END",
      'echo "$a|$b"; p=/lib/modules/x.ko; echo ${p##*/} ${p%.ko}',
    ].join("\n");
    expect(sh(script).stdout).toBe("f:a:2\n4\nhome=/root\none|two three\nx.ko /lib/modules/x\n");
  });

  it("has cd, pwd, test and exec", () => {
    const r = sh(`cd ${dir} && pwd; cd /nonexistent; [ -d / ] && echo dir; test -f /nonexistent || echo nofile; [ abc != abd ]; echo $?; exec echo replaced; echo never`);
    expect(r.stdout).toBe(`${dir}\ndir\nnofile\n0\nreplaced\n`);
    expect(r.stderr).toBe("sh: cd: /nonexistent: No such file or directory\n");
  });

  it("runs scripts: sh file, interpreter-less scripts and exit codes", () => {
    const s = join(dir, "script.sh");
    writeFileSync(s, "#!/bin/sh\necho script $1\nexit 5\n");
    chmodSync(s, 0o755);
    expect(run("sh", [s, "arg"])).toEqual({ stdout: "script arg\n", stderr: "", status: 5 });
    // no "#!" line: execve fails with ENOEXEC and sh runs the file itself
    const t = join(dir, "plain");
    writeFileSync(t, "echo plain $#\n");
    chmodSync(t, 0o755);
    expect(sh(`${t} a b; echo rc=$?`).stdout).toBe("plain 2\nrc=0\n");
  });

  it("reads commands from standard input", () => {
    const r = run("sh", [], { input: "echo line1\nread v\nvalue\necho v=$v\nexit 9\n" });
    expect(r).toEqual({ stdout: "line1\nv=value\n", stderr: "", status: 9 });
  });

  it("reports syntax errors with status 2", () => {
    const r = sh("if true; then echo x");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("sh: syntax error: unexpected end of file\n");
    expect(sh("echo )").status).toBe(2);
  });

  it("reports redirection failures", () => {
    const r = sh("cat < /nonexistent; echo rc=$?");
    expect(r.stdout).toBe("rc=1\n");
    expect(r.stderr).toBe("sh: /nonexistent: No such file or directory\n");
  });
});
