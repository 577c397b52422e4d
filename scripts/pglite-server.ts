// npm run pglite -- [--port 5433] [--db DIR] [--max-connections N] [--stop-with-parent]
// A Postgres-compatible server with pgvector on 127.0.0.1, for trying VECTOR_STORE=pgvector
// without installing Postgres, and for the tests and the benchmark: PGlite (Postgres compiled
// to WASM) with its vector extension, served over the wire protocol by pglite-socket. Slower
// than a native server, and one backend shared by every connection. Prints `listening <port>`
// once ready; stops on SIGTERM/SIGINT, and with --stop-with-parent also when stdin closes (the
// tests and the benchmark start it so that it cannot outlive them).
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { parseArgs, str } from "../src/cli/args.js";

const { flags } = parseArgs(process.argv.slice(2), { values: ["port", "db", "max-connections"], booleans: ["stop-with-parent"] });
const port = Number(str(flags, "port") ?? process.env.PORT ?? 0);
// In memory unless a folder is named (then the data survives a restart).
const db = await PGlite.create(str(flags, "db") ?? "memory://", { extensions: { vector } });
// One connection by default, like PGlite's own server: planbot works within that (PG_POOL_MAX=1).
const maxConnections = Number(str(flags, "max-connections") ?? 1);
const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections });
await server.start();
const listening = Number(server.getServerConn().split(":").pop());
process.stdout.write(`listening ${listening}\n`);
process.stderr.write(`PG_URL=postgres://postgres@127.0.0.1:${listening}/postgres\n`);
const stop = async () => {
  await server.stop();
  await db.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
if (flags["stop-with-parent"]) {
  process.stdin.on("end", stop);
  process.stdin.resume();
}
