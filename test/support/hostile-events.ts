import fc from 'fast-check';

// Hostile variants of real events, for the event-parser fuzz tests and the mixed-stream test.

/** Deep nesting, kept as a marker until serialised so that building mutations never recurses into it. */
export class DeepNesting {
  readonly depth: number;
  readonly kind: 'array' | 'object';
  readonly leaf: string;
  constructor(depth: number, kind: 'array' | 'object', leaf: string) {
    this.depth = depth;
    this.kind = kind;
    this.leaf = leaf;
  }
  text(): string {
    return this.kind === 'array' ? '['.repeat(this.depth) + ']'.repeat(this.depth) : '{"a":'.repeat(this.depth) + this.leaf + '}'.repeat(this.depth);
  }
}

/** Every path into a parsed event (objects and arrays), the root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths: (string | number)[][] = [prefix];
  if (value !== null && typeof value === 'object' && !(value instanceof DeepNesting)) {
    for (const [key, child] of Object.entries(value)) paths.push(...pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key]));
  }
  return paths;
}

/** A copy of `root` with the value at `path` replaced (undefined: removed); only the objects along the path are copied. */
function setAt(root: unknown, path: (string | number)[], replace: (old: unknown) => unknown): unknown {
  if (path.length === 0) return replace(root);
  if (root === null || typeof root !== 'object' || root instanceof DeepNesting) return root;
  const [key, ...rest] = path;
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...root }) as Record<string | number, unknown>;
  const next = setAt(copy[key!], rest, replace);
  if (next === undefined && rest.length === 0) {
    if (Array.isArray(copy)) copy.splice(Number(key), 1);
    else delete copy[key!];
  } else copy[key!] = next;
  return copy;
}

/** JSON text of a mutated event, deep nesting spliced in as text. */
export function serialise(event: unknown): string | undefined {
  const deep: DeepNesting[] = [];
  const text = JSON.stringify(event, (_key, value: unknown) => (value instanceof DeepNesting ? `\u0000deep${deep.push(value) - 1}\u0000` : value));
  return text?.replace(/"\\u0000deep(\d+)\\u0000"/g, (_, n: string) => deep[Number(n)]!.text());
}

const deepNesting = fc
  .tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom<'array' | 'object'>('array', 'object'), fc.constantFrom('1', '"text"', '"\\u0000"', '"\\ud800"'))
  .map(([depth, kind, leaf]) => new DeepNesting(depth, kind, leaf));
const hugeString = (max: number) => fc.tuple(fc.integer({ min: Math.min(10_000, max), max }), fc.constantFrom('a', '字', ' ', '9', '\\', '😀', '-')).map(([n, ch]) => ch.repeat(n));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const controlChar = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: fc.oneof(controlChar, loneSurrogate, fc.constantFrom('\u2028', '\ufeff', '\u200b', '%', '"', "'", ';', '\u0085')), maxLength: 32 }),
  fc.string({ unit: 'grapheme', maxLength: 64 }),
);
const hostileNumber = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, -1, 0.001, 1e21, 1e308, -1e308, 2 ** 53 + 1, 99999999999999.99));
const replacement = (maxStringLength: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 3, arbitrary: hostileText },
    { weight: 2, arbitrary: hostileNumber },
    { weight: 1, arbitrary: hugeString(maxStringLength) },
    { weight: 1, arbitrary: deepNesting },
    { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, '', ' ', '0', '000000', '2026-02-30', '2026-01-05T01:37:00Z', '1970-01-01T00:00:00+08:00', '9999-12-31T23:59:59+14:00') },
  );

type Mutation = (event: unknown, paths: (string | number)[][]) => unknown;

function mutation(maxStringLength: number): fc.Arbitrary<Mutation> {
  const values = replacement(maxStringLength);
  const isObject = (value: unknown): value is object => value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof DeepNesting);
  return fc.oneof(
    // Replace a field anywhere (envelope or data) with another value, of any type.
    fc.tuple(fc.nat(), values).map(([pick, value]): Mutation => (event, paths) => setAt(event, paths[pick % paths.length]!, () => value)),
    // Drop a field.
    fc.nat().map((pick): Mutation => (event, paths) => (paths.length < 2 ? event : setAt(event, paths[1 + (pick % (paths.length - 1))]!, () => undefined))),
    // Add a key to an object anywhere.
    fc
      .tuple(fc.nat(), fc.oneof(hostileText, fc.constantFrom('__proto__', 'constructor', 'toString', 'kind')), values)
      .map(([pick, key, value]): Mutation => (event, paths) => setAt(event, paths[pick % paths.length]!, (old) => (isObject(old) ? { ...old, [key]: value } : old))),
    // Wrap a field in an array or an object.
    fc.tuple(fc.nat(), fc.boolean()).map(([pick, asArray]): Mutation => (event, paths) => setAt(event, paths[pick % paths.length]!, (old) => (asArray ? [old] : { value: old }))),
  );
}

/**
 * One of `feeds`' events, picked at random, with one to four mutations: a
 * field anywhere (envelope or data) replaced by a value of any type — hostile
 * text, control characters, lone surrogates, huge strings (up to
 * `maxStringLength`), odd numbers, nesting up to 20,000 deep — dropped,
 * added, or wrapped in an array or object. Serialise it with `serialise`.
 */
export function mutatedEvent<T>(feeds: ReadonlyMap<string, readonly T[]>, { maxStringLength = 300_000 } = {}): fc.Arbitrary<{ department: string; event: unknown }> {
  return fc.tuple(fc.constantFrom(...feeds.keys()), fc.nat(), fc.array(mutation(maxStringLength), { minLength: 1, maxLength: 4 })).map(([department, pick, mutations]) => {
    const feed = feeds.get(department)!;
    let event: unknown = feed[pick % feed.length]!;
    for (const mutate of mutations) event = mutate(event, pathsOf(event));
    return { department, event };
  });
}

