"use client";
import { useEffect, useState } from "react";
import { durationMs, formatDateTime, formatDuration } from "@/lib/format";

/**
 * A timestamp in the viewer's time zone. The server renders in its own zone, so the text may
 * differ at hydration; suppressHydrationWarning says that is expected.
 */
export function Time({ iso, className = "" }: { iso: string | undefined; className?: string }) {
  if (!iso) return <span className="text-zinc-400">—</span>;
  return (
    <time dateTime={iso} title={iso} className={className} suppressHydrationWarning>
      {formatDateTime(iso)}
    </time>
  );
}

/** The current time, ticking every `intervalMs` while `active` (so a running duration counts up). */
export function useNow(active: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}

/**
 * From `start` to `end`; with no end, counts up while `live`, and otherwise shows "—" (a time with
 * neither an end nor a running clock is not a duration: measuring it to "now" would grow on every
 * render of something that has stopped).
 */
export function Duration({ start, end, live = false }: { start: string | undefined; end: string | undefined; live?: boolean }) {
  const now = useNow(live && !end);
  const ms = end || live ? durationMs(start, end, now) : undefined;
  return (
    <span suppressHydrationWarning className={!end && live ? "text-sky-700 dark:text-sky-300" : undefined}>
      {formatDuration(ms)}
    </span>
  );
}
