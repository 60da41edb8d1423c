/**
 * A reader of the Prometheus text exposition format (version 0.0.4, what prom-client writes):
 * one sample a line, `name{label="value",...} value`, with `\\`, `\"` and `\n` escaped in label
 * values; `#` lines are HELP and TYPE. No npm package for it is installed, and the format is small.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export class Scrape {
  constructor(
    readonly samples: readonly Sample[],
    /** Metric family name -> counter, gauge, histogram, summary or untyped (the TYPE lines). */
    readonly types: ReadonlyMap<string, string>,
  ) {}

  static parse(text: string): Scrape {
    const samples: Sample[] = [];
    const types = new Map<string, string>();
    for (const line of text.split('\n')) {
      const type = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (type) types.set(type[1]!, type[2]!);
      if (line === '' || line.startsWith('#')) continue;
      samples.push(parseSample(line));
    }
    return new Scrape(samples, types);
  }

  /** The sample named `name` whose labels are exactly `labels`; 0 when absent (a counter not yet touched). */
  value(name: string, labels: Record<string, string> = {}): number {
    const want = Object.entries(labels);
    const found = this.samples.find(
      (s) =>
        s.name === name &&
        Object.keys(s.labels).length === want.length &&
        want.every(([k, v]) => s.labels[k] === v),
    );
    return found?.value ?? 0;
  }

  /** The sum of the samples named `name` whose labels include `labels`. */
  sum(name: string, labels: Record<string, string> = {}): number {
    return this.samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((total, s) => total + s.value, 0);
  }

  has(name: string): boolean {
    return this.samples.some((s) => s.name === name);
  }
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

function parseSample(line: string): Sample {
  const name = NAME.exec(line)?.[0];
  if (!name) throw new Error(`not a sample line: ${line}`);
  let i = name.length;
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    i++;
    while (line[i] !== '}') {
      const label = NAME.exec(line.slice(i))?.[0];
      if (!label || line.slice(i + label.length, i + label.length + 2) !== '="') {
        throw new Error(`bad label at ${i}: ${line}`);
      }
      i += label.length + 2;
      let value = '';
      while (line[i] !== '"') {
        if (i >= line.length) throw new Error(`unterminated label value: ${line}`);
        if (line[i] === '\\') {
          const next = line[i + 1];
          value += next === 'n' ? '\n' : (next ?? '');
          i += 2;
        } else {
          value += line[i++];
        }
      }
      labels[label] = value;
      i++;
      if (line[i] === ',') i++;
    }
    i++;
  }
  const [value = '', timestamp] = line.slice(i).trim().split(/\s+/);
  if (timestamp !== undefined && !/^-?\d+$/.test(timestamp)) throw new Error(`bad timestamp: ${line}`);
  return { name, labels, value: parseValue(value, line) };
}

function parseValue(text: string, line: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  // Prometheus reads floats as Go's ParseFloat does, NaN in any case (prom-client writes `Nan`).
  if (text.toLowerCase() === 'nan') return Number.NaN;
  const n = Number(text);
  if (text === '' || Number.isNaN(n)) throw new Error(`bad sample value: ${line}`);
  return n;
}
