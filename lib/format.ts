/**
 * Display formatting shared by every page. Client-safe. Times render in the viewer's time zone
 * (the server renders its own; the <Time> component tells React the text may differ).
 */

const DATE_AND_TIME: Intl.DateTimeFormatOptions = {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
};
const sameYear = new Intl.DateTimeFormat(undefined, DATE_AND_TIME);
const withYear = new Intl.DateTimeFormat(undefined, { year: "numeric", ...DATE_AND_TIME });
const clockOnly = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  fractionalSecondDigits: 3,
  hourCycle: "h23",
});

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (date.getFullYear() === new Date().getFullYear() ? sameYear : withYear).format(date);
}

/** Time of day with milliseconds, for event lists where order within a second matters. */
export function formatClock(iso: string | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : clockOnly.format(date);
}

/** 850 ms, 4.2 s, 3m 12s, 2h 05m, 3d 4h. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const totalSeconds = Math.round(seconds);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes}m ${String(totalSeconds % 60).padStart(2, "0")}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, "0")}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

export function durationMs(start: string | undefined, end: string | undefined, now = Date.now()): number | undefined {
  if (!start) return undefined;
  const from = Date.parse(start);
  const to = end ? Date.parse(end) : now;
  return Number.isFinite(from) && Number.isFinite(to) ? Math.max(0, to - from) : undefined;
}

/** "in 4 s", "3m 12s ago". */
export function formatRelative(iso: string | undefined, now = Date.now()): string {
  if (!iso) return "—";
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return iso;
  const delta = at - now;
  return delta >= 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
}

/** Nested JSON is expanded this many levels deep at most (a payload holding a payload holding...). */
const MAX_NESTED_DEPTH = 8;

function looksLikeJsonContainer(text: string): boolean {
  const first = text[0];
  const last = text[text.length - 1];
  return (first === "{" && last === "}") || (first === "[" && last === "]");
}

/**
 * Replaces every string value that is itself a JSON object or array (a step result inside an
 * event, a receipt serialized inside a result) by its parsed value, recursively. Returns the new
 * value and how many strings it expanded.
 */
export function expandNestedJson(value: unknown): { value: unknown; expanded: number } {
  let expanded = 0;
  const walk = (current: unknown, depth: number): unknown => {
    if (typeof current === "string") {
      const trimmed = current.trim();
      if (depth >= MAX_NESTED_DEPTH || trimmed.length < 2 || !looksLikeJsonContainer(trimmed)) return current;
      try {
        const parsed: unknown = JSON.parse(trimmed);
        expanded += 1;
        return walk(parsed, depth + 1);
      } catch {
        return current;
      }
    }
    if (Array.isArray(current)) return current.map((item) => walk(item, depth));
    if (current !== null && typeof current === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(current)) out[key] = walk(item, depth);
      return out;
    }
    return current;
  };
  return { value: walk(value, 0), expanded };
}

/**
 * Pretty JSON when the text is JSON, else the text as it is. With `expandNested`, JSON nested in
 * strings is shown expanded too, and `nested` counts the strings that were.
 */
export function prettyJson(text: string | undefined, options: { expandNested?: boolean } = {}): { pretty: string; isJson: boolean; nested: number } {
  if (text === undefined) return { pretty: "", isJson: false, nested: 0 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { pretty: text, isJson: false, nested: 0 };
  }
  if (!options.expandNested) return { pretty: JSON.stringify(parsed, null, 2), isJson: true, nested: 0 };
  const { value, expanded } = expandNestedJson(parsed);
  return { pretty: JSON.stringify(value, null, 2), isJson: true, nested: expanded };
}

export function shortId(id: string): string {
  return id.length > 13 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}
