/** How Cassandra orders clustering values of a CQL type. */
export type Compare = (a: unknown, b: unknown) => number;

/** `text`: by UTF-8 bytes, which is not JavaScript's UTF-16 order ('\uFFFD' sorts before '😀'). */
export const textOrder: Compare = (a, b) =>
  Buffer.compare(Buffer.from(String(a), 'utf8'), Buffer.from(String(b), 'utf8'));

/** `int` and `bigint`. */
export const numberOrder: Compare = (a, b) => Number(a) - Number(b);

/** `timeuuid`: by the time it holds (100 ns ticks), then by its other bytes. */
export const timeuuidOrder: Compare = (a, b) => {
  const ta = timeuuidTicks(String(a));
  const tb = timeuuidTicks(String(b));
  if (ta !== tb) return ta < tb ? -1 : 1;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
};

/** A column declared `WITH CLUSTERING ORDER BY (... DESC)`. */
export function descending(order: Compare): Compare {
  return (a, b) => order(b, a);
}

/** The 60-bit timestamp of a version 1 UUID, in 100 ns ticks since 1582. */
export function timeuuidTicks(id: string): bigint {
  const [low = '', mid = '', high = ''] = id.split('-');
  return BigInt(`0x${high.slice(1)}${mid}${low}`);
}
