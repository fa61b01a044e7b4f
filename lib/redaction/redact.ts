/**
 * Payload redaction: the JSON paths in DURABLE_REDACT_PATHS (comma-separated, e.g.
 * `$.card.number,$.customer.ssn,$..password`) are replaced by "[REDACTED]" in every payload the
 * console shows. Applied on the server, on read, in one place (the store and client views in
 * ./views, which lib/durable hands to every query and action); the store keeps the real values,
 * so workers, replays and redrives are unaffected.
 *
 * A payload is any string under one of PAYLOAD_KEYS in a record read from the store: execution
 * input and result, operation results (StepDetails.Result, CallbackDetails.Result, ...), history
 * event payloads (Input.Payload, Result.Payload), ErrorObject.ErrorData, chained-invoke input and
 * log data. Each is parsed as JSON, the paths applied at its root, and written back only when
 * something was replaced. A log line's data holding several logged objects (a JSON array) has the
 * paths applied to each of them too. Paths starting with `..` also look into JSON held in string
 * values (see redactEmbedded). Text that is not JSON cannot be addressed by a path and is shown as
 * it is.
 */
import { locate, parseJsonPath, setAt, valueAt, type JsonPath } from "./json-path";

export const REDACTED = "[REDACTED]";

/** How many layers of JSON-in-a-string `..` paths look into. */
const MAX_EMBEDDED_DEPTH = 3;

/** Keys whose string values are serialized payloads, in the store's records and the wire shapes. */
export const PAYLOAD_KEYS: ReadonlySet<string> = new Set(["inputPayload", "result", "input", "data", "InputPayload", "Result", "Payload", "Input", "ErrorData"]);
/** Keys whose arrays hold several logged objects (log data). */
const MULTI_VALUE_KEYS = new Set(["data"]);

export class Redactor {
  constructor(readonly paths: JsonPath[]) {}

  get active(): boolean {
    return this.paths.length > 0;
  }

  /** The payload text with every selected value replaced; the same string when nothing matched. */
  redactText(text: string, eachElementToo = false, depth = 0): string {
    if (!this.active) return text;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return text;
    }
    const holder = { root: parsed };
    let changed = this.redactValue(holder);
    if (depth < MAX_EMBEDDED_DEPTH && this.anywherePaths.length > 0 && this.redactEmbedded(holder, depth)) changed = true;
    if (eachElementToo && Array.isArray(holder.root)) {
      for (let i = 0; i < holder.root.length; i++) {
        const element = { root: holder.root[i] as unknown };
        if (this.redactValue(element)) {
          holder.root[i] = element.root;
          changed = true;
        }
      }
    }
    return changed ? JSON.stringify(holder.root) : text;
  }

  /**
   * JSON held in a string inside a payload (a callback answer a handler returned as text, say):
   * paths that start with `..` ("anywhere") reach into it too, since "anywhere" should not stop
   * at a layer of encoding. Root paths do not: `$.x` names the payload's own structure.
   */
  private redactEmbedded(holder: { root: unknown }, depth: number): boolean {
    const inner = new Redactor(this.anywherePaths);
    let changed = false;
    const visit = (node: unknown): void => {
      if (node === null || typeof node !== "object") return;
      for (const key of Object.keys(node)) {
        const value = (node as Record<string, unknown>)[key];
        if (typeof value === "string" && /^\s*[[{]/.test(value)) {
          const redacted = inner.redactText(value, false, depth + 1);
          if (redacted !== value) {
            Object.defineProperty(node, key, { value: redacted, writable: true, enumerable: true, configurable: true });
            changed = true;
          }
        } else visit(value);
      }
    };
    if (typeof holder.root === "string" && /^\s*[[{]/.test(holder.root)) {
      const redacted = inner.redactText(holder.root, false, depth + 1);
      if (redacted !== holder.root) {
        holder.root = redacted;
        changed = true;
      }
    } else visit(holder.root);
    return changed;
  }

  private get anywherePaths(): JsonPath[] {
    return this.paths.filter((path) => path.segments[0]?.kind === "descendant");
  }

  private redactValue(holder: { root: unknown }): boolean {
    let changed = false;
    for (const path of this.paths) {
      for (const location of locate(holder.root, path)) {
        setAt(holder, location, REDACTED);
        changed = true;
      }
    }
    return changed;
  }

  /** A deep copy of `value` with every payload inside it redacted (records, pages, arrays, wire shapes). */
  redactDeep<T>(value: T): T {
    if (!this.active) return value;
    return this.walk(value, undefined) as T;
  }

  private walk(value: unknown, key: string | undefined): unknown {
    if (typeof value === "string") return key !== undefined && PAYLOAD_KEYS.has(key) ? this.redactText(value, MULTI_VALUE_KEYS.has(key)) : value;
    if (value === null || typeof value !== "object") return value;
    if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, this.walk(v, undefined)]));
    if (Array.isArray(value)) return value.map((item) => this.walk(item, undefined));
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(copy, k, { value: this.walk(v, k), writable: true, enumerable: true, configurable: true });
    }
    return copy;
  }

  /**
   * Replay with an edited input: where the edit still holds "[REDACTED]" at a redacted location,
   * the original's value there is put back, so an operator can change other fields of an input
   * they cannot fully see. Returns the text unchanged when nothing was put back.
   */
  restore(editedText: string, originalText: string | undefined): string {
    if (!this.active || originalText === undefined) return editedText;
    let edited: unknown;
    let original: unknown;
    try {
      edited = JSON.parse(editedText);
      original = JSON.parse(originalText);
    } catch {
      return editedText;
    }
    const holder = { root: edited };
    let changed = false;
    for (const path of this.paths) {
      for (const location of locate(holder.root, path)) {
        if (valueAt(holder.root, location).value !== REDACTED) continue;
        const before = valueAt(original, location);
        if (!before.found || !locate(original, path).some((l) => l.length === location.length && l.every((k, i) => k === location[i]))) continue;
        setAt(holder, location, before.value);
        changed = true;
      }
    }
    return changed ? JSON.stringify(holder.root) : editedText;
  }
}

export const NO_REDACTION = new Redactor([]);

/** Parses DURABLE_REDACT_PATHS-style text; throws JsonPathError naming the bad path. */
export function parseRedactPaths(text: string | undefined): JsonPath[] {
  return (text ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .map(parseJsonPath);
}

let cached: { text: string; redactor: Redactor } | undefined;

/** The redactor for this process's DURABLE_REDACT_PATHS (re-read when the variable changes). */
export function currentRedactor(): Redactor {
  const text = process.env.DURABLE_REDACT_PATHS ?? "";
  if (cached?.text !== text) cached = { text, redactor: text.trim() === "" ? NO_REDACTION : new Redactor(parseRedactPaths(text)) };
  return cached.redactor;
}
