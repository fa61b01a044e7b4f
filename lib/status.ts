/**
 * One colour per status, used by every badge, bar and chart so a status reads the same
 * everywhere: blue running, green succeeded, red failed, amber timed out, grey stopped or
 * cancelled, violet waiting on a retry. Class strings are literal so Tailwind generates them.
 */
import { waitsIn } from "@/sdk/runtime/operations/facts";
import type { ExecutionStatus, OperationStatus, OperationType } from "@/sdk/types/wire";

export type Tone = "blue" | "green" | "red" | "amber" | "gray" | "violet";

export const toneClasses: Record<Tone, { badge: string; dot: string; bar: string; text: string }> = {
  blue: {
    badge: "bg-sky-50 text-sky-800 ring-sky-600/20 dark:bg-sky-400/10 dark:text-sky-300 dark:ring-sky-400/25",
    dot: "bg-sky-500",
    bar: "bg-sky-500 dark:bg-sky-400",
    text: "text-sky-700 dark:text-sky-300",
  },
  green: {
    badge:
      "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-400/10 dark:text-emerald-300 dark:ring-emerald-400/25",
    dot: "bg-emerald-500",
    bar: "bg-emerald-500 dark:bg-emerald-400",
    text: "text-emerald-700 dark:text-emerald-300",
  },
  red: {
    badge: "bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-400/10 dark:text-red-300 dark:ring-red-400/25",
    dot: "bg-red-500",
    bar: "bg-red-500 dark:bg-red-400",
    text: "text-red-700 dark:text-red-300",
  },
  amber: {
    badge: "bg-amber-50 text-amber-900 ring-amber-600/25 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/25",
    dot: "bg-amber-500",
    bar: "bg-amber-500 dark:bg-amber-400",
    text: "text-amber-700 dark:text-amber-300",
  },
  gray: {
    badge: "bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-400/10 dark:text-zinc-300 dark:ring-zinc-400/25",
    dot: "bg-zinc-400",
    bar: "bg-zinc-400 dark:bg-zinc-500",
    text: "text-zinc-600 dark:text-zinc-400",
  },
  violet: {
    badge:
      "bg-violet-50 text-violet-800 ring-violet-600/20 dark:bg-violet-400/10 dark:text-violet-300 dark:ring-violet-400/25",
    dot: "bg-violet-500",
    bar: "bg-violet-500 dark:bg-violet-400",
    text: "text-violet-700 dark:text-violet-300",
  },
};

export const executionStatusTone: Record<ExecutionStatus, Tone> = {
  RUNNING: "blue",
  SUCCEEDED: "green",
  FAILED: "red",
  TIMED_OUT: "amber",
  STOPPED: "gray",
};

export const executionStatusLabel: Record<ExecutionStatus, string> = {
  RUNNING: "Running",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
  TIMED_OUT: "Timed out",
  STOPPED: "Stopped",
};

export function operationTone(status: OperationStatus): Tone {
  switch (status) {
    case "STARTED":
    case "READY":
      return "blue";
    case "PENDING":
      return "violet";
    case "SUCCEEDED":
      return "green";
    case "FAILED":
      return "red";
    case "TIMED_OUT":
      return "amber";
    // Ended without an outcome of its own: neutral.
    case "CANCELLED":
    case "STOPPED":
    default:
      return "gray";
  }
}

/** What an operation is doing, in words: a STARTED wait is "Waiting", a PENDING step "Retrying". */
export function operationStatusLabel(type: OperationType, status: OperationStatus): string {
  switch (status) {
    case "STARTED":
      // The type's facts say whether a started one waits (a wait, a callback) or runs (a step).
      return waitsIn(type, "STARTED") ? "Waiting" : "Running";
    case "PENDING":
      return type === "STEP" ? "Retrying" : "Pending";
    case "READY":
      return "Ready";
    case "SUCCEEDED":
      return "Succeeded";
    case "FAILED":
      return "Failed";
    case "CANCELLED":
      return "Cancelled";
    case "TIMED_OUT":
      return "Timed out";
    case "STOPPED":
      return "Stopped";
  }
}

/** Event types grouped by what they say, for the history's type badges. */
export function eventTone(eventType: string): Tone {
  if (/Succeeded$/.test(eventType)) return "green";
  if (/Failed$/.test(eventType)) return "red";
  if (/TimedOut$/.test(eventType)) return "amber";
  if (/(Stopped|Cancelled)$/.test(eventType)) return "gray";
  if (eventType === "ExecutionRedriven" || eventType === "ExecutionForked") return "violet";
  return "blue";
}
