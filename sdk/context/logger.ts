import type { CheckpointLogEntry } from "../types/wire";
import type { DurableLogData, DurableLoggingContext } from "../types/api-logger";
import type { ExecutionState } from "./execution-state";

type Level = CheckpointLogEntry["Level"];

/** Where the engine's structured logs go: the checkpoint stream, kept per operation and attempt. */
export interface DurableLogSink {
  /** `viaLog`: the line came through `logger.log(level, ...)`, which a custom logger's own `log` receives as such. */
  write(level: Level, args: unknown[], where: LogOrigin, replaying: boolean, viaLog?: { level: string }): void;
}

export interface LogOrigin {
  operationId?: string;
  operationName?: string;
  attempt?: number;
}

export interface LoggerLike {
  log?: (...args: unknown[]) => void;
  info: (...args: unknown[]) => void;
  warn: (...args: unknown[]) => void;
  error: (...args: unknown[]) => void;
  debug: (...args: unknown[]) => void;
}

export interface LogSinkOptions {
  /** A user logger (e.g. Powertools) that also receives every line. */
  customLogger?: LoggerLike;
  /** When true (default), nothing is logged while replaying operations that already ran. */
  modeAware: boolean;
}

/** Cap per line: a handler that logs megabytes gets a clearly marked cut, not a failed checkpoint. */
const MAX_MESSAGE_CHARS = 64 * 1024;

export class CheckpointLogSink implements DurableLogSink {
  options: LogSinkOptions = { modeAware: true };
  /** Where the line being handed to the custom logger comes from (what getDurableLogData reads). */
  #current: LogOrigin = {};

  constructor(
    private readonly state: ExecutionState,
    private readonly requestId: string,
  ) {}

  write(level: Level, args: unknown[], where: LogOrigin, replaying: boolean, viaLog?: { level: string }): void {
    if (replaying && this.options.modeAware) return;
    const { message, data } = formatArgs(args);
    this.state.queue.addLog({
      Timestamp: new Date().toISOString(),
      Level: level,
      Message: message,
      ...(data !== undefined ? { Data: data } : {}),
      ...(where.operationId ? { OperationId: where.operationId } : {}),
      ...(where.operationName ? { OperationName: where.operationName } : {}),
      ...(where.attempt !== undefined ? { Attempt: where.attempt } : {}),
    });
    const custom = this.options.customLogger;
    if (!custom) return;
    // The custom logger gets the caller's arguments as they were, as with the official SDK; it
    // reads the execution metadata through the DurableLoggingContext it was configured with.
    this.#current = where;
    try {
      if (viaLog && custom.log) custom.log(viaLog.level, ...args);
      else (level === "DEBUG" ? custom.debug : level === "WARN" ? custom.warn : level === "ERROR" ? custom.error : custom.info).call(custom, ...args);
    } finally {
      this.#current = {};
    }
  }

  /**
   * What `configureDurableLoggingContext` hands a custom logger: during one of its calls,
   * getDurableLogData describes the line's origin (operation id, name and attempt when it
   * comes from inside an operation); at other times, the execution alone.
   */
  loggingContext(): DurableLoggingContext {
    return {
      getDurableLogData: (): DurableLogData => {
        const where = this.#current;
        return {
          executionArn: this.state.durableExecutionArn,
          requestId: this.requestId,
          ...(where.operationId !== undefined ? { operationId: where.operationId } : {}),
          ...(where.operationName !== undefined ? { operationName: where.operationName } : {}),
          ...(where.attempt !== undefined ? { attempt: where.attempt } : {}),
        };
      },
    };
  }
}

/** The `logger` object handlers and steps call. */
export function createLogger(sink: DurableLogSink, where: LogOrigin, isReplaying: () => boolean) {
  const emit = (level: Level) => (...args: unknown[]) => sink.write(level, args, where, isReplaying());
  // log(level, ...args): the level is the first argument, as on DurableLogger.log.
  const log = (level: unknown, ...args: unknown[]) => sink.write(levelOf(level), args, where, isReplaying(), { level: String(level) });
  return { log, info: emit("INFO"), warn: emit("WARN"), error: emit("ERROR"), debug: emit("DEBUG") };
}

function levelOf(level: unknown): Level {
  const upper = String(level).toUpperCase();
  return upper === "WARN" || upper === "ERROR" || upper === "DEBUG" ? upper : "INFO";
}

function formatArgs(args: unknown[]): { message: string; data?: string } {
  const parts: string[] = [];
  const structured: unknown[] = [];
  for (const arg of args) {
    if (typeof arg === "string") parts.push(arg);
    else if (arg instanceof Error) parts.push(`${arg.name}: ${arg.message}`);
    else if (arg !== null && typeof arg === "object") structured.push(arg);
    else parts.push(String(arg));
  }
  let message = parts.join(" ");
  if (message.length > MAX_MESSAGE_CHARS) message = `${message.slice(0, MAX_MESSAGE_CHARS)}… [${message.length - MAX_MESSAGE_CHARS} more characters cut]`;
  if (structured.length === 0) return { message };
  let data = safeJson(structured.length === 1 ? structured[0] : structured);
  if (data.length > MAX_MESSAGE_CHARS) data = JSON.stringify({ truncated: true, originalLength: data.length });
  return { message, data };
}

function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === "bigint") return v.toString();
      if (v !== null && typeof v === "object") {
        if (seen.has(v)) return "[Circular]";
        seen.add(v);
      }
      return v;
    });
  } catch {
    return JSON.stringify("[unserializable]");
  }
}
