// The /metrics registry: prom-client's, with shorthands for the metric kinds planbot uses and
// gauges read at scrape time. Rendered in the text exposition format 0.0.4.
import { Counter, Gauge, Histogram, Registry as PromRegistry } from "prom-client";

export const PROMETHEUS_CONTENT_TYPE = PromRegistry.PROMETHEUS_CONTENT_TYPE;

export class Registry extends PromRegistry {
  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this] });
  }

  gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this] });
  }

  /** A gauge without labels whose value is `read` at each scrape (NaN when reading fails). */
  gaugeOf(name: string, help: string, read: () => number): Gauge {
    return new Gauge({
      name,
      help,
      registers: [this],
      collect() {
        let value: number;
        try {
          value = read();
        } catch {
          value = NaN; // one broken reading must not fail the whole scrape
        }
        this.set(value);
      },
    });
  }

  histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: readonly number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets: [...buckets], registers: [this] });
  }

  /** The whole registry in the text format (ends with a newline). */
  async render(): Promise<string> {
    // prom-client puts a blank line between metric families; the format allows it, but /metrics
    // keeps the lines it always had for line-based scripts and strict parsers (only a histogram
    // bucket now lists `le` before the other labels, which Prometheus does not care about).
    // It also writes NaN as "Nan" (an event-loop-lag gauge before its first sample); the format
    // spells it "NaN".
    return (await this.metrics()).replace(/\n\n/g, "\n").replace(/ Nan$/gm, " NaN");
  }
}
