// Document management from the chat, channel-independent: an admin adds a document (checked,
// written atomically into the corpus, ingested, confirmed with its chunk count), removes one,
// or forces a rebuild; anyone may list them. A refused or failed action leaves the corpus as it
// was. Every action is logged with the user's id. Channels (Telegram, Slack) only fetch the
// upload's bytes and show the result's message.
import { randomBytes } from "node:crypto";
import { lstat, open, readFile, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config.js";
import type { Manifest } from "../index/manifest.js";
import { IndexLockedError } from "../index/store.js";
import { createIndexStore } from "../index/store-factory.js";
import type { IngestRunner } from "../ingest/ingest-runner.js";
import { loadBytes } from "../ingest/loaders/index.js";
import type { IngestReport } from "../ingest/pipeline.js";
import type { Logger } from "../log.js";
import { isAdmin, userLabel, type ChatUser } from "./admins.js";
import { checkUpload } from "./upload-check.js";

export interface DocumentResult {
  ok: boolean;
  /** What to tell the user, in one line or two. */
  message: string;
}

export interface DocumentInfo {
  /** Path relative to the corpus folder. */
  name: string;
  bytes: number;
  chunks: number;
  /** When the file was last written (ISO time), when it is still on disk. */
  addedAt?: string;
  url?: string;
}

export interface DocumentAdminOptions {
  corpusDir: string;
  admins: Config["admins"];
  maxUploadBytes: number;
  /** The process's one ingest at a time (ingest-runner.ts). */
  ingests: IngestRunner;
  /** The manifest of the version published now. */
  manifest: () => Promise<Manifest | undefined>;
  log: Logger;
}

export class DocumentAdmin {
  constructor(private readonly o: DocumentAdminOptions) {}

  /** The largest upload accepted, so a channel can refuse a bigger one before downloading it. */
  get maxUploadBytes(): number {
    return this.o.maxUploadBytes;
  }

  /** The configured corpus, admins and store; ingests through `ingests`. */
  static forConfig(config: Config, ingests: IngestRunner, log: Logger): DocumentAdmin {
    const manifest = async () => {
      const store = await createIndexStore(config);
      try {
        return await store.manifest();
      } finally {
        await store.close();
      }
    };
    return new DocumentAdmin({ corpusDir: config.corpusDir, admins: config.admins, maxUploadBytes: config.uploadMaxBytes, ingests, manifest, log });
  }

  /** Adds (or replaces) a document from an upload. */
  async add(user: ChatUser, upload: { name: string; bytes: Buffer }): Promise<DocumentResult> {
    const refused = this.refuseNonAdmin(user, "add a document");
    if (refused) return refused;
    const checked = checkUpload(upload, this.o.maxUploadBytes);
    if (!checked.ok) return this.refuse(user, "add", checked.reason);
    const { name } = checked.value;
    // Parsed before anything is written: a PDF without text or a broken file changes nothing.
    const loaded = await loadBytes(name, upload.bytes);
    if (!loaded.ok) return this.refuse(user, "add", `${name} cannot be indexed: ${loaded.reason}`);
    const target = path.join(this.o.corpusDir, name);
    if (path.dirname(target) !== path.resolve(this.o.corpusDir)) return this.refuse(user, "add", `"${name}" is not a plain file name`);
    const previous = await readFile(target).catch(() => undefined);
    try {
      await writeAtomically(target, upload.bytes);
    } catch (err) {
      this.o.log.error("admin: could not write the upload into the corpus", { user: userLabel(user), document: name, error: err });
      return { ok: false, message: `Could not save ${name} (${(err as NodeJS.ErrnoException).code ?? "write failed"}); nothing was changed.` };
    }
    const done = await this.ingest(user, "add");
    const chunks = (await this.o.manifest().catch(() => undefined))?.files[name]?.chunks.length;
    if (!done.ok || !chunks) {
      // Put the corpus back as it was, and the index with it.
      await (previous ? writeAtomically(target, previous) : unlink(target)).catch(() => undefined);
      const why = done.ok ? (done.report.skipped.find((s) => s.file === name)?.reason ?? "it yielded no text") : done.message;
      await this.o.ingests.run().catch(() => undefined);
      return this.refuse(user, "add", `${name} was not added: ${why}`);
    }
    const verb = previous ? "replaced" : "added";
    this.o.log.info(`admin: ${verb} ${name}`, { user: userLabel(user), document: name, bytes: upload.bytes.length, chunks });
    return { ok: true, message: `${verb} ${name}: ${chunks} chunk${chunks === 1 ? "" : "s"}; ask away` };
  }

  /** The indexed documents, with size, chunks and when they were written (anyone may ask). */
  async list(user: ChatUser): Promise<DocumentInfo[]> {
    this.o.log.info("admin: listed the documents", { user: userLabel(user) });
    const manifest = await this.o.manifest();
    if (!manifest) return [];
    return Promise.all(
      Object.entries(manifest.files).map(async ([name, f]) => {
        const info = await stat(path.join(this.o.corpusDir, name)).catch(() => undefined);
        return { name, bytes: f.bytes, chunks: f.chunks.length, ...(info ? { addedAt: info.mtime.toISOString() } : {}), ...(f.url ? { url: f.url } : {}) };
      }),
    ).then((docs) => docs.sort((a, b) => a.name.localeCompare(b.name)));
  }

  /** Removes an indexed document from the corpus and the index. */
  async remove(user: ChatUser, name: string): Promise<DocumentResult> {
    const refused = this.refuseNonAdmin(user, "remove a document");
    if (refused) return refused;
    const manifest = await this.o.manifest();
    const wanted = name.trim();
    if (!manifest?.files[wanted]) return this.refuse(user, "remove", `there is no document "${wanted.slice(0, 120)}"; /sources lists them`);
    if (Object.keys(manifest.files).length === 1) return this.refuse(user, "remove", `${wanted} is the only document; add another before removing it`);
    // The name comes from the manifest (a path the walk found inside the corpus), checked again.
    const target = path.resolve(this.o.corpusDir, wanted);
    if (!target.startsWith(path.resolve(this.o.corpusDir) + path.sep)) return this.refuse(user, "remove", `"${wanted}" is outside the corpus`);
    const info = await lstat(target).catch(() => undefined);
    if (!info?.isFile() && !info?.isSymbolicLink()) return this.refuse(user, "remove", `${wanted} is no longer in the corpus folder`);
    const previous = await readFile(target);
    await unlink(target);
    const done = await this.ingest(user, "remove");
    if (!done.ok) {
      await writeAtomically(target, previous).catch(() => undefined);
      return this.refuse(user, "remove", `${wanted} was not removed: ${done.message}`);
    }
    this.o.log.info(`admin: removed ${wanted}`, { user: userLabel(user), document: wanted });
    return { ok: true, message: `removed ${wanted}; ${done.report.documents} document${done.report.documents === 1 ? "" : "s"} left` };
  }

  /** Rebuilds the whole index (every vector embedded again). */
  async reindex(user: ChatUser): Promise<DocumentResult> {
    const refused = this.refuseNonAdmin(user, "rebuild the index");
    if (refused) return refused;
    this.o.log.info("admin: rebuilding the index", { user: userLabel(user) });
    const done = await this.ingest(user, "reindex", true);
    if (!done.ok) return this.refuse(user, "reindex", done.message);
    const r = done.report;
    return { ok: true, message: `rebuilt the index: ${r.documents} document${r.documents === 1 ? "" : "s"}, ${r.chunks} chunks in ${(r.ms / 1000).toFixed(1)} s` };
  }

  private async ingest(user: ChatUser, action: string, force = false): Promise<{ ok: true; report: IngestReport } | { ok: false; message: string }> {
    try {
      return { ok: true, report: await this.o.ingests.run({ force }) };
    } catch (err) {
      const message = err instanceof IndexLockedError ? "another ingest is running; try again in a minute" : `the ingest failed (${(err as Error).message.split("\n")[0]})`;
      this.o.log.warn(`admin: ${action}: ingest failed`, { user: userLabel(user), error: err });
      return { ok: false, message };
    }
  }

  /** A refusal (logged with the user id) unless the user is an admin; channels ask before downloading an upload. */
  refuseNonAdmin(user: ChatUser, what: string): DocumentResult | undefined {
    if (isAdmin(this.o.admins, user)) return undefined;
    this.o.log.warn(`admin: refused a non-admin's attempt to ${what}`, { user: userLabel(user) });
    return { ok: false, message: `Only the bot's admins can ${what}.` };
  }

  private refuse(user: ChatUser, action: string, reason: string): DocumentResult {
    this.o.log.warn(`admin: ${action} refused: ${reason}`, { user: userLabel(user) });
    return { ok: false, message: asSentence(reason) };
  }
}

/** A reason as a sentence: capitalised (unless it starts with a file name, which keeps its case), with a full stop. */
export function asSentence(reason: string): string {
  return (/^[a-z]+(?=[\s,;:])/.test(reason) ? reason.charAt(0).toUpperCase() + reason.slice(1) : reason) + ".";
}

/** Writes beside the target under a hidden name, flushes, then renames over it: readers see all or nothing. */
async function writeAtomically(target: string, bytes: Buffer): Promise<void> {
  const tmp = path.join(path.dirname(target), `.planbot-upload-${randomBytes(6).toString("hex")}.tmp`);
  const fh = await open(tmp, "wx", 0o644);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, target);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
