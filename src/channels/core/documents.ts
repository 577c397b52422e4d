// Document management in every chat channel, written once: /sources lists the documents (name,
// size, chunks, when added), /remove NAME and /reindex are for admins, and an admin's uploaded
// file is checked, downloaded (never past the size limit) and added. The work itself is
// DocumentAdmin's (src/admin); this turns it into the core's commands and notices.
import { userLabel, type ChatUser } from "../../admin/admins.js";
import { asSentence, type DocumentAdmin, type DocumentResult } from "../../admin/documents.js";
import { checkAnnouncedUpload } from "../../admin/upload-check.js";
import type { Logger } from "../../log.js";
import type { Language } from "../../text/language.js";
import { DownloadTooLargeError } from "./download.js";
import type { Notice } from "./notices.js";

/** A file a user sent, as the adapter announces it; the bytes are only fetched for an admin. */
export interface IncomingFile {
  /** The name the uploader gave it (checked and cleaned before it names anything). */
  name: string;
  /** The size the platform announced, when it did. */
  bytes?: number;
  /** Fetches the content; rejects with DownloadTooLargeError past `maxBytes`. */
  download(maxBytes: number): Promise<Buffer>;
}

/** What an admin command needs to know of the asker. */
export interface DocumentAsker {
  user?: ChatUser;
  language: Language;
}

export class ChatDocuments {
  constructor(
    private readonly documents: DocumentAdmin,
    private readonly log: Logger,
  ) {}

  /** /sources: anyone may list the documents. */
  async list(asker: DocumentAsker): Promise<Notice> {
    const documents = await this.documents.list(asker.user ?? NOBODY);
    return { kind: "documents", documents, language: asker.language };
  }

  /** /remove NAME (admins). */
  async remove(name: string, asker: DocumentAsker): Promise<Notice> {
    if (!name.trim()) return { kind: "document-usage", command: "remove", language: asker.language };
    return result(await this.documents.remove(asker.user ?? NOBODY, name), asker);
  }

  /** /reindex (admins). */
  async reindex(asker: DocumentAsker): Promise<Notice> {
    return result(await this.documents.reindex(asker.user ?? NOBODY), asker);
  }

  /** An uploaded file: refused before any download unless an admin sent it, named and sized acceptably. */
  async add(file: IncomingFile, asker: DocumentAsker): Promise<Notice> {
    const user = asker.user ?? NOBODY;
    const refused = this.documents.refuseNonAdmin(user, "add a document");
    if (refused) return result(refused, asker);
    const max = this.documents.maxUploadBytes;
    const announced = checkAnnouncedUpload(file, max);
    if (!announced.ok) return this.refuse(user, announced.reason, asker);
    let bytes: Buffer;
    try {
      bytes = await file.download(max);
    } catch (err) {
      if (err instanceof DownloadTooLargeError) {
        const tooLarge = checkAnnouncedUpload({ name: file.name, bytes: err.receivedBytes }, max);
        return this.refuse(user, tooLarge.ok ? err.message : tooLarge.reason, asker);
      }
      this.log.warn("admin: could not download an upload", { user: userLabel(user), error: err });
      return this.refuse(user, `could not download ${announced.value}: ${(err as Error).message}; nothing was changed`, asker);
    }
    return result(await this.documents.add(user, { name: file.name, bytes }), asker);
  }

  private refuse(user: ChatUser, reason: string, asker: DocumentAsker): Notice {
    this.log.warn(`admin: add refused: ${reason}`, { user: userLabel(user) });
    return result({ ok: false, message: asSentence(reason) }, asker);
  }
}

/** Someone the platform did not name (e.g. an anonymous group admin): never an admin. */
const NOBODY: ChatUser = { platform: "telegram", id: "" };

function result(r: DocumentResult, asker: DocumentAsker): Notice {
  return { kind: "document-result", ok: r.ok, message: r.message, language: asker.language };
}
