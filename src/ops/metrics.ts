// A tiny Prometheus registry: counters, gauges and histograms with labels, rendered in the text
// exposition format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/).
// No dependency: planbot needs a handful of series, not a client library.

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

type Labels = Record<string, string>;

const NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Escapes a label value: backslash, double quote and line feed (the format's only escapes). */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "+Inf";
  if (n === -Infinity) return "-Inf";
  return String(n);
}

function labelKey(names: readonly string[], labels: Labels): string {
  return JSON.stringify(names.map((n) => labels[n] ?? ""));
}

function renderLabels(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const pairs = names.map((n, i) => `${n}="${escapeLabelValue(values[i] ?? "")}"`);
  if (extra) pairs.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return pairs.length ? `{${pairs.join(",")}}` : "";
}

abstract class Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {
    if (!NAME_RE.test(name)) throw new Error(`bad metric name ${name}`);
    for (const l of labelNames) if (!LABEL_RE.test(l) || l === "le") throw new Error(`bad label name ${l}`);
  }

  protected check(labels: Labels): void {
    for (const k of Object.keys(labels)) if (!this.labelNames.includes(k)) throw new Error(`${this.name}: unknown label ${k}`);
  }

  abstract get type(): string;
  abstract renderSamples(): string[];

  render(): string {
    return [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`, ...this.renderSamples()].join("\n");
  }
}

export class Counter extends Metric {
  private readonly values = new Map<string, { labels: string[]; value: number }>();

  get type(): string {
    return "counter";
  }

  inc(labels: Labels = {}, by = 1): void {
    if (!(by >= 0)) throw new Error(`${this.name}: a counter only goes up`);
    this.check(labels);
    const key = labelKey(this.labelNames, labels);
    const entry = this.values.get(key) ?? { labels: this.labelNames.map((n) => labels[n] ?? ""), value: 0 };
    entry.value += by;
    this.values.set(key, entry);
  }

  get(labels: Labels = {}): number {
    return this.values.get(labelKey(this.labelNames, labels))?.value ?? 0;
  }

  renderSamples(): string[] {
    return [...this.values.values()].map((e) => `${this.name}${renderLabels(this.labelNames, e.labels)} ${formatNumber(e.value)}`);
  }
}

export class Gauge extends Metric {
  private readonly values = new Map<string, { labels: string[]; value: number | (() => number) }>();

  get type(): string {
    return "gauge";
  }

  set(labels: Labels, value: number | (() => number)): void {
    this.check(labels);
    this.values.set(labelKey(this.labelNames, labels), { labels: this.labelNames.map((n) => labels[n] ?? ""), value });
  }

  /** Drops every labelled series (an info gauge whose label value changed). */
  reset(): void {
    this.values.clear();
  }

  add(labels: Labels, by: number): void {
    const current = this.get(labels);
    this.set(labels, current + by);
  }

  get(labels: Labels = {}): number {
    const v = this.values.get(labelKey(this.labelNames, labels))?.value ?? 0;
    return typeof v === "function" ? v() : v;
  }

  renderSamples(): string[] {
    return [...this.values.values()].map((e) => {
      let v: number;
      try {
        v = typeof e.value === "function" ? e.value() : e.value;
      } catch {
        v = NaN;
      }
      return `${this.name}${renderLabels(this.labelNames, e.labels)} ${formatNumber(v)}`;
    });
  }
}

export class Histogram extends Metric {
  private readonly series = new Map<string, { labels: string[]; counts: number[]; sum: number; count: number }>();

  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    readonly buckets: readonly number[],
  ) {
    super(name, help, labelNames);
    if (buckets.some((b, i) => i > 0 && b <= buckets[i - 1]!)) throw new Error(`${name}: buckets must increase`);
  }

  get type(): string {
    return "histogram";
  }

  /** Makes the series exist (all zero) so it shows before the first observation. */
  touch(labels: Labels): void {
    this.check(labels);
    const key = labelKey(this.labelNames, labels);
    if (!this.series.has(key)) {
      this.series.set(key, { labels: this.labelNames.map((n) => labels[n] ?? ""), counts: this.buckets.map(() => 0), sum: 0, count: 0 });
    }
  }

  observe(labels: Labels, value: number): void {
    this.touch(labels);
    const s = this.series.get(labelKey(this.labelNames, labels))!;
    this.buckets.forEach((b, i) => {
      if (value <= b) s.counts[i]!++;
    });
    s.sum += value;
    s.count++;
  }

  count(labels: Labels = {}): number {
    return this.series.get(labelKey(this.labelNames, labels))?.count ?? 0;
  }

  renderSamples(): string[] {
    const lines: string[] = [];
    for (const s of this.series.values()) {
      this.buckets.forEach((b, i) => {
        lines.push(`${this.name}_bucket${renderLabels(this.labelNames, s.labels, ["le", formatNumber(b)])} ${s.counts[i]}`);
      });
      lines.push(`${this.name}_bucket${renderLabels(this.labelNames, s.labels, ["le", "+Inf"])} ${s.count}`);
      lines.push(`${this.name}_sum${renderLabels(this.labelNames, s.labels)} ${formatNumber(s.sum)}`);
      lines.push(`${this.name}_count${renderLabels(this.labelNames, s.labels)} ${s.count}`);
    }
    return lines;
  }
}

export class Registry {
  private readonly metrics: Metric[] = [];

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, labelNames));
  }

  histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets));
  }

  /** The whole registry in the text exposition format (ends with a newline). */
  render(): string {
    return this.metrics.map((m) => m.render()).join("\n") + "\n";
  }

  private add<T extends Metric>(m: T): T {
    if (this.metrics.some((x) => x.name === m.name)) throw new Error(`metric ${m.name} registered twice`);
    this.metrics.push(m);
    return m;
  }
}
