"use client";
/**
 * Says whether the view is refreshing by itself, so operators know if what they see is current
 * (polling that users cannot see is polling they do not trust).
 */
import { useSyncExternalStore } from "react";
import { formatRelative } from "@/lib/format";
import { useNow } from "./time";

function subscribe(onChange: () => void) {
  document.addEventListener("visibilitychange", onChange);
  return () => document.removeEventListener("visibilitychange", onChange);
}

export function usePageVisible(): boolean {
  return useSyncExternalStore(subscribe, () => document.visibilityState === "visible", () => true);
}

export function LiveIndicator({
  live,
  fetching,
  updatedAt,
  onRefresh,
}: {
  live: boolean;
  fetching: boolean;
  updatedAt: number;
  onRefresh: () => void;
}) {
  const visible = usePageVisible();
  const now = useNow(true, 5000);
  const state = !live ? "idle" : visible ? "live" : "paused";
  const label =
    state === "live" ? "Live" : state === "paused" ? "Paused while hidden" : "Up to date";
  const title =
    state === "idle"
      ? "Nothing shown is running, so the view is not refreshing by itself"
      : "Refreshing every few seconds while something shown is running";
  return (
    <div className="flex items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
      <span className="inline-flex items-center gap-1.5" title={title}>
        <span
          aria-hidden
          className={`size-2 rounded-full ${state === "live" ? "animate-pulse bg-emerald-500" : state === "paused" ? "bg-amber-400" : "bg-zinc-300 dark:bg-zinc-600"}`}
        />
        <span>{label}</span>
        {updatedAt ? (
          <span suppressHydrationWarning className="hidden sm:inline">
            · updated {now - updatedAt < 5000 ? "just now" : formatRelative(new Date(Math.min(updatedAt, now)).toISOString(), now)}
          </span>
        ) : null}
      </span>
      <button
        type="button"
        onClick={onRefresh}
        aria-label="Refresh"
        title="Refresh now"
        className="inline-flex size-7 items-center justify-center rounded-md text-zinc-500 ring-1 ring-zinc-200 ring-inset hover:bg-zinc-100 hover:text-zinc-800 dark:ring-zinc-700 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      >
        <svg aria-hidden viewBox="0 0 16 16" className={`size-3.5 ${fetching ? "animate-spin" : ""}`} fill="none" stroke="currentColor" strokeWidth="1.6">
          <path d="M13.5 8a5.5 5.5 0 1 1-1.6-3.9M13.5 2.5v3h-3" />
        </svg>
      </button>
    </div>
  );
}
