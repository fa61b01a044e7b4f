/**
 * The functions a worker can run, by name: durable handlers (what `withDurableExecution`
 * returns, from our SDK or the official one), remote durable functions (a handler in another
 * process, invoked over HTTP in Lambda's invoke shape: remote-function.ts) and plain functions
 * (ordinary Lambda-style handlers, usable as chained-invoke targets).
 */
import type { FunctionRecord } from "../store/types";
import { Limits } from "../types/wire";
import { FUNCTION_NAME_PATTERN } from "./arns";
import type { LambdaContext } from "./lambda-context";
import { remoteHandler, remoteTargetOf, type RemoteTarget } from "./remote-function";

/**
 * A wrapped durable handler: `(invocationInput, lambdaContext) => Promise<{Status, Result?, Error?}>`.
 * Typed loosely on purpose so handlers built with either SDK (whose parameter types differ
 * nominally) register without casts; the worker checks the output at run time.
 */
export type DurableHandler = (event: any, context: any) => Promise<unknown>;

/** An ordinary function: gets the parsed input, returns a JSON-serializable result (or throws). */
export type PlainFunction = (event: any, context: LambdaContext) => unknown;

export interface PlainFunctionOptions {
  /** What the function does, for people (the console, the CLI). */
  description?: string;
  /**
   * An input that works, as the value the function receives (any JSON value): the console's
   * Start dialog offers it. Kept as JSON text (`RegisteredFunction.sampleInput`).
   */
  sampleInput?: unknown;
}

export interface DurableFunctionOptions extends PlainFunctionOptions {
  /** Default execution timeout for executions of this function (1 s to ~1 year). */
  executionTimeoutSeconds?: number;
}

interface Registered {
  name: string;
  /** `options.sampleInput` as JSON text, checked and serialized once at registration. */
  sampleInput?: string;
}

export type RegisteredFunction =
  | (Registered & {
      kind: "durable";
      handler: DurableHandler;
      options: DurableFunctionOptions;
      /** Set for a remote function: its handler forwards each invocation to this endpoint. */
      remote?: RemoteTarget;
    })
  | (Registered & { kind: "plain"; fn: PlainFunction; options: PlainFunctionOptions });

/** Longest description kept (a line or a paragraph, not a document). */
export const MAX_FUNCTION_DESCRIPTION_CHARS = 1024;
/** Largest sample input kept, as JSON text (an example to start from, not a data set). */
export const MAX_SAMPLE_INPUT_BYTES = 64 * 1024;

export class FunctionRegistry {
  private readonly functions = new Map<string, RegisteredFunction>();
  private changes = 0;
  private durable?: { version: number; names: readonly string[] };

  register(name: string, handler: DurableHandler, options: DurableFunctionOptions = {}): this {
    checkName(name);
    if (typeof handler !== "function") throw new TypeError(`handler of ${name} must be a function`);
    checkDurableOptions(name, options);
    this.functions.set(name, { kind: "durable", name, handler, options: { ...options }, ...sampleOf(name, options) });
    this.changes += 1;
    return this;
  }

  /**
   * A durable function whose handler runs in another process (`durable serve-handlers`, the
   * Lambda Runtime Interface Emulator, `sam local start-lambda`): the worker claims its
   * executions as its own and invokes `endpoint` over HTTP; the handler checkpoints back through
   * the console's Lambda API. `endpoint` is the base URL (`http://127.0.0.1:9001`).
   */
  registerRemote(name: string, target: { endpoint: string; functionName?: string }, options: DurableFunctionOptions = {}): this {
    checkName(name);
    const remote = remoteTargetOf(name, target);
    checkDurableOptions(name, options);
    this.functions.set(name, { kind: "durable", name, handler: remoteHandler(remote), remote, options: { ...options }, ...sampleOf(name, options) });
    this.changes += 1;
    return this;
  }

  registerPlain(name: string, fn: PlainFunction, options: PlainFunctionOptions = {}): this {
    checkName(name);
    if (typeof fn !== "function") throw new TypeError(`function ${name} must be a function`);
    checkDescription(name, options.description);
    this.functions.set(name, { kind: "plain", name, fn, options: { ...options }, ...sampleOf(name, options) });
    this.changes += 1;
    return this;
  }

  /** Bumped by every register/registerPlain: a worker re-publishes its functions when it moved. */
  get version(): number {
    return this.changes;
  }

  get(name: string): RegisteredFunction | undefined {
    return this.functions.get(name);
  }

  has(name: string): boolean {
    return this.functions.has(name);
  }

  /**
   * Names of the durable functions, sorted: the executions a worker with this registry may claim
   * (computed again only when the registry changed: the worker asks on every poll).
   */
  durableNames(): readonly string[] {
    if (this.durable?.version !== this.changes) {
      const names = this.names().filter((name) => this.functions.get(name)!.kind === "durable");
      this.durable = { version: this.changes, names };
    }
    return this.durable.names;
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.functions.keys()].sort();
  }

  list(): RegisteredFunction[] {
    return this.names().map((name) => this.functions.get(name)!);
  }
}

function checkDurableOptions(name: string, options: DurableFunctionOptions): void {
  const timeout = options.executionTimeoutSeconds;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 1 && timeout <= Limits.maxExecutionTimeoutSeconds)) {
    throw new RangeError(`executionTimeoutSeconds of ${name} must be a whole number from 1 to ${Limits.maxExecutionTimeoutSeconds}`);
  }
  checkDescription(name, options.description);
}

function checkDescription(name: string, description: unknown): void {
  if (description !== undefined && (typeof description !== "string" || description.length > MAX_FUNCTION_DESCRIPTION_CHARS)) {
    throw new TypeError(`description of ${name} must be a string of at most ${MAX_FUNCTION_DESCRIPTION_CHARS} characters`);
  }
}

/** The sample input as JSON text, or a TypeError naming the function when it cannot be one. */
function sampleOf(name: string, options: PlainFunctionOptions): { sampleInput?: string } {
  if (options.sampleInput === undefined) return {};
  let text: string | undefined;
  try {
    text = JSON.stringify(options.sampleInput);
  } catch (error) {
    throw new TypeError(`sampleInput of ${name} must be a JSON value: ${(error as Error).message}`);
  }
  if (typeof text !== "string") throw new TypeError(`sampleInput of ${name} must be a JSON value, got ${typeof options.sampleInput}`);
  if (Buffer.byteLength(text, "utf8") > MAX_SAMPLE_INPUT_BYTES) {
    throw new TypeError(`sampleInput of ${name} is larger than ${MAX_SAMPLE_INPUT_BYTES / 1024} KB as JSON`);
  }
  return { sampleInput: text };
}

function checkName(name: string): void {
  if (typeof name !== "string" || !FUNCTION_NAME_PATTERN.test(name)) {
    throw new TypeError(`function name must be 1-64 letters, digits, '-' or '_', got ${JSON.stringify(name)}`);
  }
}

/** A registered function as the store keeps it. */
export function functionRecord(fn: RegisteredFunction, nowIso: string): FunctionRecord {
  const record: FunctionRecord = { name: fn.name, kind: fn.kind, registeredTimestamp: nowIso, lastSeenTimestamp: nowIso };
  if (fn.options.description !== undefined) record.description = fn.options.description;
  if (fn.sampleInput !== undefined) record.sampleInput = fn.sampleInput;
  if (fn.kind === "durable" && fn.options.executionTimeoutSeconds !== undefined) {
    record.executionTimeoutSeconds = fn.options.executionTimeoutSeconds;
  }
  return record;
}
