// Types of compiled-entry.mjs (plain JavaScript, run before tsx is loaded).
export declare const BUILD_STAMP: string;
export declare const ENTRIES: readonly string[];
export declare function newestSourceMs(root: string): number;
export declare function compiledEntry(root: string, entry: string): string | undefined;
export declare function bundleIsFresh(root: string): boolean;
