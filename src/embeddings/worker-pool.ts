// A pool of worker threads, each holding a warm copy of the local model, so that ingest
// uses every core (tfjs runs one thread per model under Node).
import { Worker } from "node:worker_threads";

interface Task {
  id: number;
  texts: string[];
  resolve: (v: Float32Array[]) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy?: Task;
}

const WORKER_URL = new URL("./embed-worker.mjs", import.meta.url);

export class EmbedWorkerPool {
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  private constructor(private readonly slots: Slot[]) {
    for (const slot of slots) this.wire(slot);
  }

  /** Starts `size` workers and waits until each has loaded its model. */
  static async start(size: number): Promise<EmbedWorkerPool> {
    const workers = Array.from({ length: size }, () => new Worker(WORKER_URL));
    try {
      await Promise.all(workers.map(waitReady));
    } catch (err) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw err;
    }
    return new EmbedWorkerPool(workers.map((worker) => ({ worker })));
  }

  get size(): number {
    return this.slots.length;
  }

  /** Embeds one batch on the next free worker. */
  embed(texts: string[]): Promise<Float32Array[]> {
    if (this.closed) return Promise.reject(new Error("embedding pool is closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, texts, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error("embedding pool is closed"));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const task = this.queue.shift();
      if (!task) return;
      slot.busy = task;
      slot.worker.postMessage({ id: task.id, texts: task.texts });
    }
  }

  private wire(slot: Slot): void {
    slot.worker.on("message", (msg: { id?: number; dims?: number; flat?: Float32Array; error?: string }) => {
      const task = slot.busy;
      if (!task || msg.id !== task.id) return;
      slot.busy = undefined;
      if (msg.error !== undefined || !msg.flat || !msg.dims) task.reject(new Error(`embedding failed: ${msg.error}`));
      else {
        const dims = msg.dims;
        const flat = msg.flat;
        task.resolve(Array.from({ length: flat.length / dims }, (_, i) => flat.subarray(i * dims, (i + 1) * dims)));
      }
      this.pump();
    });
    const fail = (err: Error) => {
      const task = slot.busy;
      slot.busy = undefined;
      task?.reject(err);
      if (!this.closed) for (const t of this.queue.splice(0)) t.reject(err);
    };
    slot.worker.on("error", fail);
    slot.worker.on("exit", (code) => {
      if (!this.closed) fail(new Error(`embedding worker exited with code ${code}`));
    });
  }
}

function waitReady(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { type?: string; error?: string }) => {
      if (msg.type === "ready") done(resolve);
      else if (msg.type === "fatal") done(() => reject(new Error(`embedding worker could not load the model: ${msg.error}`)));
    };
    const onError = (err: Error) => done(() => reject(err));
    const done = (fn: () => void) => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      fn();
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
  });
}
