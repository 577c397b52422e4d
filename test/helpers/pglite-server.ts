// A Postgres-compatible server with pgvector for the tests: PGlite (Postgres compiled to WASM)
// with its vector extension, served over the wire protocol by pglite-socket on 127.0.0.1.
// Runs as its own process, so its WASM work never blocks the test's event loop.
// Prints `listening <port>` once ready; stops on SIGTERM or when stdin closes.
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const db = await PGlite.create({ extensions: { vector } });
const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: Number(process.env.PORT ?? 0), maxConnections: 16 });
await server.start();
const conn = server.getServerConn();
process.stdout.write(`listening ${conn.split(":").pop()}\n`);
const stop = async () => {
  await server.stop();
  await db.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
