/*
 * gdbstub-tcp.ts: the gdb stub's socket (Node): a TCP server on the
 * loopback address only, one client at a time (a second connection is
 * told so on stderr and closed at once), and the parsing of QEMU's
 * `-gdb tcp::PORT` device string.
 */

import { createServer, type Server, type Socket } from "node:net";
import { GdbStub } from "./gdbstub.ts";
import type { Machine } from "./machine.ts";

/** Bad --gdb input or a port that cannot be listened on (the CLI's status 2). */
export class GdbSetupError extends Error {}

export const GDB_DEFAULT_PORT = 1234;

/**
 * The port of a QEMU-style gdb device: `tcp::PORT`, `tcp:localhost:PORT`,
 * `tcp:127.0.0.1:PORT` or a bare PORT (0: any free port). Other hosts are
 * refused: the server never listens beyond this machine.
 */
export function parseGdbDevice(spec: string): number {
  const m = /^(?:tcp:(?:(localhost|127\.0\.0\.1|[^:]*)):)?(\d{1,5})$/.exec(spec.trim());
  if (m === null) throw new GdbSetupError(`--gdb: '${spec}' is not tcp::PORT (e.g. tcp::1234)`);
  if (m[1] !== undefined && m[1] !== "" && m[1] !== "localhost" && m[1] !== "127.0.0.1")
    throw new GdbSetupError(`--gdb: the gdb server listens on 127.0.0.1 only (got host '${m[1]}')`);
  const port = Number(m[2]);
  if (port > 65535) throw new GdbSetupError(`--gdb: port ${port} is out of range (0..65535)`);
  return port;
}

export interface GdbServer {
  readonly stub: GdbStub;
  /** The port listened on (the chosen one when 0 was asked). */
  readonly port: number;
  /** The machine stopped with this status (null: abnormally): tell gdb, stop listening. */
  close(exitStatus: number | null): void;
}

/**
 * Listen for gdb on 127.0.0.1:port for `machine`; with `waitForGdb` the CPU
 * waits for gdb's first continue; `onKill` stops the run for gdb's `k`.
 */
export async function startGdbServer(machine: Machine, port: number, waitForGdb: boolean, onKill?: () => void): Promise<GdbServer> {
  await machine.prepare();
  const stub = new GdbStub(machine, { waitForGdb, onKill });
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on("close", () => sockets.delete(sock));
    sock.on("error", () => {});
    sock.setNoDelay(true);
    const ok = stub.attach({ write: (d) => { if (!sock.destroyed) sock.write(d, "latin1"); }, close: () => sock.destroy() });
    if (!ok) {
      machine.log(`gdb: refused a second connection from ${sock.remoteAddress}:${sock.remotePort} (one client at a time)`);
      sock.destroy();
      return;
    }
    machine.log(`gdb: connected from ${sock.remoteAddress}:${sock.remotePort}`);
    sock.on("data", (d: Buffer) => stub.receive(d.toString("latin1")));
    sock.on("close", () => { if (stub.connected) { machine.log("gdb: connection closed; the guest goes on"); stub.disconnect(); } });
  });
  await new Promise<void>((res, rej) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      rej(new GdbSetupError(`gdb: cannot listen on 127.0.0.1:${port}: ${e.code === "EADDRINUSE" ? "the port is in use" : e.message}`)));
    server.listen(port, "127.0.0.1", () => res());
  });
  server.on("error", (e) => machine.log(`gdb: server error: ${e.message}`));
  const addr = server.address();
  const actual = typeof addr === "object" && addr !== null ? addr.port : port;
  machine.log(waitForGdb ? `waiting for gdb on 127.0.0.1:${actual} (gdb: target remote :${actual})` : `gdb server on 127.0.0.1:${actual}`);
  return {
    stub, port: actual,
    close(exitStatus) {
      stub.machineStopped(exitStatus);
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}
