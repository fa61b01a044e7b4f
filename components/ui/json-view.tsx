"use client";
/**
 * Readable payloads: pretty-printed, lightly highlighted JSON (plain text when it is not JSON),
 * collapsible, copyable, and cut at a size a browser renders instantly (with a way to see all).
 * JSON nested inside strings (a step's result inside an event, a receipt serialized inside a
 * result) is shown expanded, with a switch back to the strings as stored.
 */
import { useMemo, useState } from "react";
import { prettyJson } from "@/lib/format";
import { CopyButton } from "./copy-button";

const SHOW_FIRST_CHARS = 100_000;
const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

function highlight(text: string): React.ReactNode[] {
  const out: React.ReactNode[] = [];
  let last = 0;
  let key = 0;
  for (const match of text.matchAll(TOKEN)) {
    const index = match.index ?? 0;
    if (index > last) out.push(text.slice(last, index));
    const [whole, str, colon, literal, number] = match;
    if (str !== undefined) {
      out.push(
        <span key={key++} className={colon ? "text-sky-800 dark:text-sky-300" : "text-emerald-800 dark:text-emerald-300"}>
          {str}
        </span>,
      );
      if (colon) out.push(colon);
    } else if (literal !== undefined) {
      out.push(<span key={key++} className="text-violet-700 dark:text-violet-300">{literal}</span>);
    } else if (number !== undefined) {
      out.push(<span key={key++} className="text-amber-800 dark:text-amber-300">{number}</span>);
    } else out.push(whole);
    last = index + whole.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function JsonBlock({ text, maxHeight = "max-h-80" }: { text: string; maxHeight?: string }) {
  const [asStored, setAsStored] = useState(false);
  const { pretty, isJson, nested } = useMemo(() => prettyJson(text, { expandNested: true }), [text]);
  const stored = useMemo(() => (asStored && nested > 0 ? prettyJson(text).pretty : undefined), [asStored, nested, text]);
  const [showAll, setShowAll] = useState(false);
  const display = stored ?? pretty;
  const cut = !showAll && display.length > SHOW_FIRST_CHARS;
  const shown = cut ? display.slice(0, SHOW_FIRST_CHARS) : display;
  const body = useMemo(() => (isJson && shown.length < 50_000 ? highlight(shown) : shown), [isJson, shown]);
  return (
    <div className="group relative">
      <div className="absolute top-1.5 right-1.5 flex items-center gap-1 opacity-80 group-hover:opacity-100">
        {nested > 0 ? (
          <button
            type="button"
            onClick={() => setAsStored((current) => !current)}
            aria-pressed={!asStored}
            title={asStored ? "Show JSON nested in strings expanded" : "Show nested JSON as the strings it is stored as"}
            className="rounded px-1.5 py-0.5 text-[11px] font-medium text-zinc-500 ring-1 ring-zinc-200 ring-inset hover:bg-zinc-100 hover:text-zinc-800 dark:text-zinc-400 dark:ring-zinc-700 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
          >
            {asStored ? "Expand nested JSON" : `Nested JSON expanded (${nested})`}
          </button>
        ) : null}
        <CopyButton value={display} label="Copy JSON" />
      </div>
      <pre
        tabIndex={0}
        className={`${maxHeight} overflow-auto rounded-md bg-zinc-50 p-3 pr-9 font-mono text-xs leading-relaxed break-words whitespace-pre-wrap text-zinc-800 ring-1 ring-zinc-200 ring-inset dark:bg-zinc-950 dark:text-zinc-200 dark:ring-zinc-800`}
      >
        {body}
      </pre>
      {cut ? (
        <button type="button" onClick={() => setShowAll(true)} className="mt-1 text-xs font-medium text-sky-700 hover:underline dark:text-sky-300">
          Show all {Math.round(display.length / 1024)} KB
        </button>
      ) : null}
    </div>
  );
}

/** A titled, collapsible payload. `text` undefined shows a quiet "none". */
export function JsonSection({
  title,
  text,
  defaultOpen = true,
  tone = "default",
  empty = "None",
  maxHeight,
}: {
  title: string;
  text: string | undefined;
  defaultOpen?: boolean;
  tone?: "default" | "error";
  empty?: string;
  maxHeight?: string;
}) {
  return (
    <details open={defaultOpen} className="group/section">
      <summary className="flex cursor-pointer list-none items-center gap-1.5 py-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase select-none hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200">
        <svg aria-hidden viewBox="0 0 16 16" className="size-3 transition-transform group-open/section:rotate-90" fill="currentColor">
          <path d="M6 4l4 4-4 4z" />
        </svg>
        <span className={tone === "error" ? "text-red-700 dark:text-red-300" : undefined}>{title}</span>
      </summary>
      <div className="mt-1">
        {text === undefined ? <p className="text-sm text-zinc-400 italic">{empty}</p> : <JsonBlock text={text} maxHeight={maxHeight} />}
      </div>
    </details>
  );
}
