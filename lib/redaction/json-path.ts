/**
 * The JSON paths of payload redaction: a small, strict subset of JSONPath.
 *
 *   $                  the whole payload
 *   $.card.number      member by name (letters, digits, _ - $)
 *   $['odd key']       member by any name (single or double quotes, \\ and \' escapes)
 *   $.items[0]         array element (negative counts from the end)
 *   $.items[*].card    every element / every member (also .*)
 *   $..ssn             a member named ssn at any depth (also ..* and ..['x'])
 *
 * A path is matched against a parsed payload and yields concrete locations (lists of keys), so
 * the same matching serves redaction (replace what is there) and the replay dialog (put back what
 * a redacted edit left untouched).
 */

export type Segment =
  | { kind: "member"; name: string }
  | { kind: "index"; index: number }
  | { kind: "wildcard" }
  | { kind: "descendant"; name?: string };

export interface JsonPath {
  text: string;
  segments: Segment[];
}

export class JsonPathError extends Error {
  constructor(path: string, why: string) {
    super(`${JSON.stringify(path)} is not a supported JSON path: ${why}`);
    this.name = "JsonPathError";
  }
}

const NAME = /^[A-Za-z0-9_$-]+/;

export function parseJsonPath(text: string): JsonPath {
  const fail = (why: string) => new JsonPathError(text, why);
  if (!text.startsWith("$")) throw fail("it must start with $");
  const segments: Segment[] = [];
  let i = 1;
  while (i < text.length) {
    const rest = text.slice(i);
    if (rest.startsWith("..")) {
      i += 2;
      const after = text.slice(i);
      if (after.startsWith("*")) {
        segments.push({ kind: "descendant" });
        i += 1;
      } else if (after.startsWith("[")) {
        const { name, length } = readBracketName(text, i, fail);
        segments.push({ kind: "descendant", name });
        i += length;
      } else {
        const match = NAME.exec(after);
        if (!match) throw fail(`expected a name after .. at ${i}`);
        segments.push({ kind: "descendant", name: match[0] });
        i += match[0].length;
      }
    } else if (rest.startsWith(".")) {
      i += 1;
      const after = text.slice(i);
      if (after.startsWith("*")) {
        segments.push({ kind: "wildcard" });
        i += 1;
      } else {
        const match = NAME.exec(after);
        if (!match) throw fail(`expected a name after . at ${i}`);
        segments.push({ kind: "member", name: match[0] });
        i += match[0].length;
      }
    } else if (rest.startsWith("[*]")) {
      segments.push({ kind: "wildcard" });
      i += 3;
    } else if (/^\[-?\d+\]/.test(rest)) {
      const match = /^\[(-?\d+)\]/.exec(rest)!;
      const index = Number(match[1]);
      if (!Number.isSafeInteger(index)) throw fail(`index ${match[1]} is out of range`);
      segments.push({ kind: "index", index });
      i += match[0].length;
    } else if (rest.startsWith("[")) {
      const { name, length } = readBracketName(text, i, fail);
      segments.push({ kind: "member", name });
      i += length;
    } else {
      throw fail(`unexpected ${JSON.stringify(rest[0])} at ${i}`);
    }
  }
  return { text, segments };
}

function readBracketName(text: string, start: number, fail: (why: string) => Error): { name: string; length: number } {
  const quote = text[start + 1];
  if (quote !== "'" && quote !== '"') throw fail(`expected a quoted name, a number or * in brackets at ${start}`);
  let name = "";
  for (let i = start + 2; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\") {
      const next = text[i + 1];
      if (next === undefined) break;
      name += next;
      i++;
    } else if (c === quote) {
      if (text[i + 1] !== "]") throw fail(`expected ] at ${i + 1}`);
      return { name, length: i + 2 - start };
    } else name += c;
  }
  throw fail("unterminated quoted name");
}

export type Location = Array<string | number>;

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return value !== null && typeof value === "object";
}

function childKeys(value: Record<string, unknown> | unknown[]): Array<string | number> {
  return Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
}

/** Every location in `root` the path selects (the root itself is the empty location). */
export function locate(root: unknown, path: JsonPath): Location[] {
  const found: Location[] = [];
  const walk = (value: unknown, at: Location, i: number): void => {
    if (i === path.segments.length) {
      found.push(at);
      return;
    }
    if (!isContainer(value)) return;
    const segment = path.segments[i]!;
    switch (segment.kind) {
      case "member":
        if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, segment.name)) {
          walk(value[segment.name], [...at, segment.name], i + 1);
        }
        return;
      case "index":
        if (Array.isArray(value)) {
          const index = segment.index < 0 ? value.length + segment.index : segment.index;
          if (index >= 0 && index < value.length) walk(value[index], [...at, index], i + 1);
        }
        return;
      case "wildcard":
        for (const key of childKeys(value)) walk((value as Record<string | number, unknown>)[key], [...at, key], i + 1);
        return;
      case "descendant": {
        const visit = (node: Record<string, unknown> | unknown[], nodeAt: Location): void => {
          for (const key of childKeys(node)) {
            const child = (node as Record<string | number, unknown>)[key];
            if (segment.name === undefined || (typeof key === "string" && key === segment.name)) walk(child, [...nodeAt, key], i + 1);
            if (isContainer(child)) visit(child, [...nodeAt, key]);
          }
        };
        visit(value, at);
        return;
      }
    }
  };
  walk(root, [], 0);
  return found;
}

export function valueAt(root: unknown, location: Location): { found: boolean; value?: unknown } {
  let value = root;
  for (const key of location) {
    if (!isContainer(value) || !Object.prototype.hasOwnProperty.call(value, key)) return { found: false };
    value = (value as Record<string | number, unknown>)[key];
  }
  return { found: true, value };
}

/** Sets the value at a location that exists; defineProperty, so a key like "__proto__" stays a plain member. */
export function setAt(holder: { root: unknown }, location: Location, replacement: unknown): void {
  if (location.length === 0) {
    holder.root = replacement;
    return;
  }
  const parent = valueAt(holder.root, location.slice(0, -1)).value as Record<string | number, unknown>;
  Object.defineProperty(parent, location[location.length - 1]!, { value: replacement, writable: true, enumerable: true, configurable: true });
}
