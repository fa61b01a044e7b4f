"use client";
import { useState } from "react";

/** Copies `value`; says "Copied" for a moment (and to screen readers through aria-live). */
/** `value` may be a function, for values only known in the browser (a link with the page's origin). */
export function CopyButton({ value, label = "Copy", className = "" }: { value: string | (() => string); label?: string; className?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    const text = typeof value === "function" ? value() : value;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard API needs a secure context; fall back to a hidden textarea.
      const area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }
  return (
    <button
      type="button"
      onClick={copy}
      aria-label={label}
      title={label}
      className={`inline-flex size-6 shrink-0 items-center justify-center rounded text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700 dark:hover:bg-zinc-800 dark:hover:text-zinc-200 ${className}`}
    >
      <span aria-live="polite" className="sr-only">
        {copied ? "Copied" : ""}
      </span>
      {copied ? (
        <svg aria-hidden viewBox="0 0 16 16" className="size-3.5 text-emerald-600" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M3 8.5 6.5 12 13 4.5" />
        </svg>
      ) : (
        <svg aria-hidden viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.5">
          <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
          <path d="M10.5 5.5v-2a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h2" />
        </svg>
      )}
    </button>
  );
}
