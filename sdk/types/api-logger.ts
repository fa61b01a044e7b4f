/**
 * Logger types. A custom logger (console, pino, Powertools...) only needs the four level
 * methods; the SDK hands it a `DurableLoggingContext` if it wants execution metadata.
 */

export const DurableLogLevel = {
  INFO: "INFO",
  WARN: "WARN",
  ERROR: "ERROR",
  DEBUG: "DEBUG",
} as const;
export type DurableLogLevel = (typeof DurableLogLevel)[keyof typeof DurableLogLevel];
export declare namespace DurableLogLevel {
  type INFO = typeof DurableLogLevel.INFO;
  type WARN = typeof DurableLogLevel.WARN;
  type ERROR = typeof DurableLogLevel.ERROR;
  type DEBUG = typeof DurableLogLevel.DEBUG;
}

/** Metadata the SDK attaches to every log record of an execution. */
export interface DurableLogData {
  requestId: string;
  executionArn: string;
  tenantId?: string;
  operationId?: string;
  operationName?: string;
  attempt?: number;
  [key: string]: unknown;
}

/** Handed to a custom logger so it can pull the current execution metadata when it logs. */
export interface DurableLoggingContext {
  getDurableLogData: () => DurableLogData;
}

/** The logger contract (same as the official SDK's); `log` and the context hook are optional. */
export interface DurableLogger {
  log?(level: `${DurableLogLevel}`, ...params: any): void;
  error(...params: any): void;
  warn(...params: any): void;
  info(...params: any): void;
  debug(...params: any): void;
  configureDurableLoggingContext?(durableLoggingContext: DurableLoggingContext): void;
}

/** The logger as seen inside a context: only the level methods. */
export type DurableContextLogger<Logger extends DurableLogger> = Pick<Logger, "log" | "warn" | "info" | "error" | "debug">;

/** Argument of `context.configureLogger`. */
export interface LoggerConfig<Logger extends DurableLogger> {
  /** Replaces the default structured console logger. */
  customLogger?: Logger;
  /** Suppress logs while replaying (default true), so each line is emitted once per execution. */
  modeAware?: boolean;
}

/** Base of the small contexts passed to step bodies, condition checks and submitters. */
export interface OperationContext<Logger extends DurableLogger> {
  logger: Logger;
}

/** Passed to a step body. `attempt` is 1 on the first run, +1 per retry. */
export interface StepContext<Logger extends DurableLogger = DurableLogger>
  extends OperationContext<DurableContextLogger<Logger>> {
  attempt: number;
}

/** Passed to a waitForCondition check. `attempt` is 1 on the first check, +1 per poll. */
export interface WaitForConditionContext<Logger extends DurableLogger = DurableLogger>
  extends OperationContext<DurableContextLogger<Logger>> {
  attempt: number;
}

/** Passed to a waitForCallback submitter. */
export type WaitForCallbackContext<Logger extends DurableLogger = DurableLogger> = OperationContext<
  DurableContextLogger<Logger>
>;
