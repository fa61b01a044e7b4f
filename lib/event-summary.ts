/**
 * One line that says what a history event means, for the Event history table ("failed: Payment
 * declined · attempt 2 · retry in 4 s"). The full details stay one click away.
 */
import { expandNestedJson, formatDuration } from "./format";
import type { HistoryEvent } from "./types";

type Details = {
  Input?: { Payload?: string };
  Result?: { Payload?: string };
  Error?: { Payload?: { ErrorType?: string; ErrorMessage?: string } };
  RetryDetails?: { CurrentAttempt?: number; NextAttemptDelaySeconds?: number };
  Duration?: number;
  ScheduledEndTimestamp?: string;
  CallbackId?: string;
  Timeout?: number;
  HeartbeatTimeout?: number;
  FunctionName?: string;
  StartTimestamp?: string;
  EndTimestamp?: string;
  RequestId?: string;
  RedriveCount?: number;
  FromStatus?: string;
};

export function detailsOf(event: HistoryEvent): Details {
  return (event[`${event.EventType}Details`] ?? {}) as Details;
}

/** Payloads up to this size are previewed with the JSON nested in their strings expanded. */
const EXPAND_PREVIEW_MAX = 10_000;

function preview(text: string | undefined, max = 80): string | undefined {
  if (text === undefined) return undefined;
  let flat = text;
  if (text.length <= EXPAND_PREVIEW_MAX) {
    try {
      // {"receipt":"{\"id\":1}"} reads as {"receipt":{"id":1}}.
      flat = JSON.stringify(expandNestedJson(JSON.parse(text)).value);
    } catch {
      // not JSON: shown as it is
    }
  }
  flat = flat.replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export function summarizeEvent(event: HistoryEvent): string {
  const d = detailsOf(event);
  const parts: string[] = [];
  const error = d.Error?.Payload;
  if (error) parts.push(`${error.ErrorType ?? "Error"}${error.ErrorMessage ? `: ${error.ErrorMessage}` : ""}`);
  if (d.Result?.Payload !== undefined) parts.push(`result ${preview(d.Result.Payload)}`);
  if (d.Input?.Payload !== undefined) parts.push(`input ${preview(d.Input.Payload)}`);
  if (d.RetryDetails?.CurrentAttempt !== undefined) parts.push(`attempt ${d.RetryDetails.CurrentAttempt}`);
  if (d.RetryDetails?.NextAttemptDelaySeconds !== undefined) parts.push(`next try in ${formatDuration(d.RetryDetails.NextAttemptDelaySeconds * 1000)}`);
  if (event.EventType === "WaitStarted" && d.Duration !== undefined) parts.push(`waits ${formatDuration(d.Duration * 1000)}`);
  if (d.CallbackId) parts.push(`callback ${d.CallbackId.slice(0, 10)}…`);
  if (d.Timeout) parts.push(`timeout ${formatDuration(d.Timeout * 1000)}`);
  if (d.HeartbeatTimeout) parts.push(`heartbeat every ${formatDuration(d.HeartbeatTimeout * 1000)}`);
  if (d.FunctionName) parts.push(`→ ${d.FunctionName}`);
  if (event.EventType === "InvocationCompleted" && d.StartTimestamp && d.EndTimestamp) {
    parts.push(`ran ${formatDuration(Date.parse(d.EndTimestamp) - Date.parse(d.StartTimestamp))}`);
  }
  if (d.RedriveCount !== undefined) parts.push(`redrive #${d.RedriveCount} from ${d.FromStatus ?? "?"}`);
  return parts.join(" · ");
}
