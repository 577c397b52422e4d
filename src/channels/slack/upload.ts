// A file sent to the bot in a DM, as the core's IncomingFile: files.info gives its
// url_private_download, fetched with the bot token (Authorization: Bearer) only from the Slack
// host the client is configured for (SLACK_API_URL's host, or files.<that host> as slack.com has
// it), so a crafted event or file record cannot make the bot send its token elsewhere.
import type { App } from "@slack/bolt";
import { downloadCapped, DownloadTooLargeError } from "../core/download.js";
import type { IncomingFile } from "../core/documents.js";

export interface SharedFile {
  id: string;
  name?: string | null;
  size?: number;
}

export function slackUpload(client: App["client"], botToken: string, apiUrl: string, file: SharedFile): IncomingFile {
  return {
    name: file.name ?? "",
    bytes: file.size,
    async download(maxBytes) {
      const info = await client.files.info({ file: file.id });
      const size = info.file?.size;
      if (size !== undefined && size > maxBytes) throw new DownloadTooLargeError(size);
      const url = info.file?.url_private_download;
      if (!url) throw new Error("Slack gave no download URL (is the files:read scope granted?)");
      return downloadCapped(url, { headers: { authorization: `Bearer ${botToken}` }, maxBytes, allowed: (u) => onSlackFileHost(u, apiUrl) });
    },
  };
}

/** Whether `url` is on the configured Slack API host or its files. host, same scheme and port. */
export function onSlackFileHost(url: URL, apiUrl: string): boolean {
  const api = new URL(apiUrl);
  return url.protocol === api.protocol && url.port === api.port && (url.hostname === api.hostname || url.hostname === `files.${api.hostname}`) && !url.username && !url.password;
}
