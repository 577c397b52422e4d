// Raw HTTP over a socket, for requests fetch() refuses to send (bad request lines, bad headers,
// lying lengths, garbage chunks). Every wait is bounded.
import net from "node:net";

/** Sends raw bytes; resolves with the status line's code (0 when the server closed without one, or after `timeoutMs`). */
export function rawRequest(port: number, bytes: string | Buffer, opts: { endAfter?: boolean; timeoutMs?: number } = {}): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let got = "";
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      resolve(m ? Number(m[1]) : 0);
    };
    const timer = setTimeout(done, opts.timeoutMs ?? 5_000);
    socket.on("data", (d) => {
      got += d.toString("latin1");
      if (/\r\n\r\n/.test(got)) done();
    });
    socket.on("error", done);
    socket.on("close", done);
    socket.write(bytes);
    if (opts.endAfter) socket.end();
  });
}
