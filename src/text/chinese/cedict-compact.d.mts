export function compactPath(): string;
export function writeCompact(): string;
