/** What a loader makes of one file: its visible text, or why it was skipped. */
export type LoadResult = { ok: true; text: string } | { ok: false; reason: string };

export type Loader = (bytes: Buffer) => Promise<LoadResult>;
