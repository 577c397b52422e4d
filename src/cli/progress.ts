// A progress bar on stderr, drawn only when stderr is a terminal (logs and pipes stay clean).

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const enabled = Boolean(stream.isTTY);
  let last = 0;
  const t0 = Date.now();
  return {
    update(done: number, total: number): void {
      if (!enabled || total === 0) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const width = 30;
      const filled = Math.round((done / total) * width);
      const rate = done / Math.max(0.001, (now - t0) / 1000);
      const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0;
      stream.write(`\r${label} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${done}/${total} ${rate.toFixed(1)}/s eta ${eta}s `);
    },
    done(): void {
      if (enabled) stream.write("\r\x1b[K");
    },
  };
}
