import { type BenchResults, isUnsupported, type ServerRun } from './results.js';

/** Three significant digits, no exponent: 1234 -> "1234", 12.345 -> "12.3", 0.01234 -> "0.0123". */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return Number(n.toPrecision(3)).toString();
}

function cell(value: number | undefined, error: string | undefined, note?: string): string {
  if (error) return isUnsupported(error) ? 'not supported' : 'error';
  return value === undefined ? '–' : `${fmt(value)}${note ? ' (!)' : ''}`;
}

const ARROW = { higher: ' ↑', lower: ' ↓', none: '' } as const;

/** Metric rows in first-seen order, so the table follows the workloads' order. */
function metricRows(servers: ServerRun[]) {
  const rows = new Map<string, { workload: string; name: string; unit: string }>();
  // Units carry an arrow: ↑ higher is better, ↓ lower is better.
  for (const s of servers) {
    for (const w of s.workloads) {
      for (const m of w.metrics) {
        const key = `${w.id}\u0000${m.name}`;
        if (!rows.has(key)) rows.set(key, { workload: w.id, name: m.name, unit: m.unit + ARROW[m.better] });
      }
    }
  }
  return [...rows.values()];
}

/** The main table: one row per metric, absolute numbers per server, then each peer / OK-S3. */
export function resultsTable(results: BenchResults): string {
  const ran = results.servers.filter((s) => !s.unavailable);
  const base = ran.find((s) => s.name === 'OK-S3');
  const peers = ran.filter((s) => s !== base);
  const head = ['Metric', 'Unit', ...ran.map((s) => s.name), ...peers.map((p) => `${p.name} / OK-S3`)];
  const lines = [row(head), row(head.map(() => '---'))];
  for (const r of metricRows(ran)) {
    const find = (s: ServerRun) =>
      s.workloads.find((w) => w.id === r.workload)?.metrics.find((m) => m.name === r.name);
    const values = ran.map((s) => {
      const m = find(s);
      const w = s.workloads.find((x) => x.id === r.workload);
      return cell(m?.value, m?.error ?? (m ? undefined : w?.error), m?.note);
    });
    const baseMetric = base ? find(base) : undefined;
    const ratios = peers.map((p) => {
      const m = find(p);
      if (!m || !baseMetric || m.error || baseMetric.error || !baseMetric.value) return '–';
      return `${fmt(m.value / baseMetric.value)}×`;
    });
    lines.push(row([r.name, r.unit, ...values, ...ratios]));
  }
  return lines.join('\n');
}

/** Time, CPU and memory per workload and server. */
export function resourceTable(results: BenchResults): string {
  const head = [
    'Workload',
    'Server',
    'Wall s',
    'Client CPU %',
    'Server CPU %',
    'Helper CPU %',
    'Server peak RSS MiB',
  ];
  const lines = [row(head), row(head.map(() => '---'))];
  for (const s of results.servers.filter((x) => !x.unavailable)) {
    for (const w of s.workloads) {
      const helpers = Object.entries(w.helperCpuPercent)
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(', ');
      lines.push(
        row([
          w.id,
          s.name,
          fmt(w.seconds),
          fmt(w.clientCpuPercent),
          fmt(w.serverCpuPercent),
          helpers || '–',
          fmt(w.serverPeakRssMiB),
        ]),
      );
    }
  }
  return lines.join('\n');
}

/** One line per server: version, lifetime peak RSS, data folder size, or why it did not run. */
export function serverTable(results: BenchResults): string {
  const head = ['Server', 'Version', 'Peak RSS (VmHWM) MiB', 'Data folder at end MiB', 'Helpers'];
  const lines = [row(head), row(head.map(() => '---'))];
  for (const s of results.servers) {
    if (s.unavailable) {
      lines.push(row([s.name, `**did not run**: ${s.unavailable}`, '–', '–', '–']));
      continue;
    }
    const helpers = (s.helpers ?? [])
      .map(
        (h) =>
          `${h.label}: RSS ${fmt(h.rssAtStartMiB)} MiB at start, ${fmt(h.peakRssMiB)} MiB peak sampled, ` +
          `VmHWM ${fmt(h.vmHwmMiB)} MiB`,
      )
      .join('; ');
    lines.push(
      row([
        s.name,
        s.version ?? '?',
        fmt(s.peakRssMiB ?? Number.NaN),
        fmt(s.dataDirMiB ?? Number.NaN),
        helpers || '–',
      ]),
    );
  }
  return lines.join('\n');
}

/** Every error and note, so a "not supported", "error" or "(!)" cell can be traced. */
export function errorList(results: BenchResults): string {
  const out: string[] = [];
  for (const s of results.servers) {
    for (const w of s.workloads) {
      if (w.error) out.push(`- ${s.name} / ${w.id}: ${w.error}`);
      const seen = new Set<string>();
      for (const m of w.metrics) {
        const text = m.error ?? m.note;
        if (text && !seen.has(text)) {
          seen.add(text);
          out.push(`- ${s.name} / ${m.name}: ${text}`);
        }
      }
    }
  }
  return out.length ? out.join('\n') : '- none';
}

export function fullReport(results: BenchResults): string {
  const machine = Object.entries(results.machine)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return [
    `Date: ${results.date}  `,
    `Command: \`${results.command}\` (scale ${results.scale})  `,
    `Machine: ${machine}`,
    ...results.notes.map((n) => `Note: ${n}`),
    '',
    '### Results (ratio = peer value / OK-S3 value; ↑ higher is better, ↓ lower is better)',
    '',
    resultsTable(results),
    '',
    '### Servers',
    '',
    serverTable(results),
    '',
    '### Time, CPU and memory per workload',
    '',
    resourceTable(results),
    '',
    '### Errors and notes',
    '',
    errorList(results),
    '',
  ].join('\n');
}

function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}
