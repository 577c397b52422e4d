// Every chat platform planbot can serve, one row each: main.ts starts those whose settings are
// present. `load` imports the adapter only then, so a platform's library (telegraf, bolt) loads
// only when that platform is configured. Adding a channel: a folder beside telegram/ and slack/
// with an adapter built on core/ (see docs/architecture.md), and a row here.
import type { Config } from "../config.js";
import type { Channel, ChannelDeps } from "./channel.js";

export interface ChannelEntry {
  name: string;
  enabled(config: Config): boolean;
  load(): Promise<(deps: ChannelDeps) => Channel>;
}

export const CHANNELS: readonly ChannelEntry[] = [
  { name: "telegram", enabled: (c) => Boolean(c.telegram), load: async () => (await import("./telegram/adapter.js")).createTelegramChannel },
  { name: "slack", enabled: (c) => Boolean(c.slack), load: async () => (await import("./slack/adapter.js")).createSlackChannel },
];
