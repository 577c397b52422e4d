// A document sent to the bot in a private chat, as the core's IncomingFile: getFile names the
// file's path, and the bytes come from the Bot API's file URL (<apiRoot>/file/bot<token>/<path>)
// on the configured API root only. That URL holds the token: it is never logged or put in an error.
import type { Document } from "telegraf/types";
import { downloadCapped, DownloadTooLargeError, sameOrigin } from "../core/download.js";
import type { IncomingFile } from "../core/documents.js";
import type { TelegramSender } from "./sender.js";

export function telegramUpload(send: TelegramSender, apiRoot: string, token: string, doc: Document): IncomingFile {
  return {
    name: doc.file_name ?? "",
    bytes: doc.file_size,
    async download(maxBytes) {
      const file = await send.call(() => send.api.getFile(doc.file_id));
      if (file.file_size !== undefined && file.file_size > maxBytes) throw new DownloadTooLargeError(file.file_size);
      // The Bot API gives no path for files over its own 20 MB download limit.
      if (!file.file_path) throw new Error("Telegram gave no download path (bots can download files up to 20 MB)");
      const filePath = file.file_path.split("/").map(encodeURIComponent).join("/");
      return downloadCapped(`${apiRoot}/file/bot${token}/${filePath}`, { maxBytes, allowed: (url) => sameOrigin(url, apiRoot) });
    },
  };
}
