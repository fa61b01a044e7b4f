/**
 * What a bundle says about its redaction: every value that reads "[REDACTED]", found in the
 * redacted content itself (so the list can never disagree with what the file holds), and the
 * callback ids replaced by stand-ins.
 */
import { PAYLOAD_KEYS, REDACTED } from "../redaction/redact";
import type { RedactedLocation } from "./format";
import { CALLBACK_STAND_IN_PREFIX } from "./ids";

/** How many layers of JSON held in a string the scan follows (as redaction's `..` paths do). */
const MAX_EMBEDDED_DEPTH = 3;

/** Every payload value in `content` that redaction replaced, by where it sits in the bundle and its path in the payload. */
export function redactedLocations(content: Record<string, unknown>): RedactedLocation[] {
  const found: RedactedLocation[] = [];
  const visitRecord = (node: unknown, where: string): void => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((item, i) => visitRecord(item, `${where}[${i}]`));
    for (const [key, value] of Object.entries(node)) {
      const location = where ? `${where}.${key}` : key;
      if (typeof value === "string" && PAYLOAD_KEYS.has(key)) {
        for (const path of redactedPathsIn(value, "$", 0)) found.push({ location, path });
      } else visitRecord(value, location);
    }
  };
  visitRecord(content, "");
  return found;
}

/** The JSON paths of "[REDACTED]" values in a payload's text (a path into JSON held in a string continues after " -> "). */
function redactedPathsIn(text: string, prefix: string, depth: number): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const paths: string[] = [];
  const visit = (node: unknown, path: string): void => {
    if (node === REDACTED) paths.push(path);
    else if (typeof node === "string") {
      if (depth < MAX_EMBEDDED_DEPTH && /^\s*[[{]/.test(node)) paths.push(...redactedPathsIn(node, `${path} -> $`, depth + 1));
    } else if (Array.isArray(node)) node.forEach((item, i) => visit(item, `${path}[${i}]`));
    else if (node !== null && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) visit(value, /^[A-Za-z0-9_$-]+$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);
    }
  };
  visit(parsed, prefix);
  return paths;
}

/**
 * Replaces every callback id of the execution, wherever it appears (operations, history, a log
 * line that printed it), by `redacted-callback-<n>`: a callback id lets whoever holds it answer
 * the callback, and a bundle travels. Returns the content changed and how many ids were replaced.
 */
export function replaceCallbackIds<T>(content: T, callbackIds: readonly string[]): T {
  const standIns = new Map([...new Set(callbackIds)].filter(Boolean).map((id, i) => [id, `${CALLBACK_STAND_IN_PREFIX}${i + 1}`]));
  if (standIns.size === 0) return content;
  const replace = (text: string): string => {
    let out = text;
    for (const [id, standIn] of standIns) if (out.includes(id)) out = out.split(id).join(standIn);
    return out;
  };
  const walk = (node: unknown): unknown => {
    if (typeof node === "string") return replace(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== "object") return node;
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value)]));
  };
  return walk(content) as T;
}
