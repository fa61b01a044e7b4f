/**
 * Which invocation is running this code? A handler call runs inside an AsyncLocalStorage scope
 * naming its execution and request id; timers, I/O callbacks, event listeners and promise
 * continuations the handler schedules keep that scope. When handler code throws outside its
 * awaited chain (inside a setTimeout, say), Node raises an uncaught exception: the crash guard
 * hands it to the scope's invocation, which fails the way Lambda fails an invocation whose
 * runtime crashed, and the worker and every other invocation in the process keep running.
 *
 * The scope is only taken when it is needed to tell invocations apart (see enterInvocation): a
 * process whose invocations have so far run one at a time, with no crash yet, runs them without
 * one, and an uncaught exception while such an invocation runs is its own. From the first
 * overlap or the first crash on, every invocation has its scope.
 *
 * An uncaught exception raised outside any invocation is not a handler's: it is the worker's (or
 * the embedder's) own bug, and Node's default stands: other `uncaughtException` listeners decide,
 * and with none the process prints the error and exits with code 1. That includes code a handler
 * left behind (a timer) that throws after an invocation which ran without a scope has ended.
 *
 * Mechanism: `process.setUncaughtExceptionCaptureCallback`, so an attributed exception is
 * handled and nothing else sees it (a test framework listening for uncaught exceptions would
 * otherwise fail a run whose handler crash the runtime dealt with). That callback is exclusive;
 * when something else holds it (the `domain` module), the guard listens on `uncaughtException`
 * instead. Known gap: Node 20 runs `queueMicrotask` callbacks without the scope, so an exception
 * thrown there counts as unattributed.
 *
 * Workers install the guard while they run (reference-counted: several workers may share a
 * process) and remove it on `stop()`.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { inspect } from "node:util";

export interface InvocationScope {
  readonly executionId: string;
  readonly requestId: string;
  /** Every uncaught exception raised by code running in this scope, in order. Must not throw. */
  onUncaughtException(error: unknown): void;
}

const storage = new AsyncLocalStorage<InvocationScope>();

/**
 * Node 20's AsyncLocalStorage costs every promise in the process a hook call from the first
 * `run()` on (about a fifth of a sequential step's CPU), and it is only needed to tell apart
 * invocations that run at the same time. So an invocation that starts while no other runs, before
 * any has needed a scope, runs without one; an uncaught exception with no scope belongs to it as
 * long as it runs (it is the only code that can have raised it but the worker's own). From the
 * first invocation that starts beside another, every invocation runs in its scope.
 */
let scoping = false;
let running = 0;
let unscoped: InvocationScope | undefined;

/**
 * Marks an invocation running until `exit()`, and gives the way to call its handler so that
 * everything the handler schedules belongs to `scope`.
 */
export function enterInvocation(scope: InvocationScope): { run<T>(fn: () => T): T; exit(): void } {
  if (running > 0) scoping = true;
  running++;
  const inScope = scoping;
  if (!inScope) unscoped = scope;
  let exited = false;
  return {
    run: (fn) => (inScope ? storage.run(scope, fn) : fn()),
    exit: () => {
      if (exited) return;
      exited = true;
      running--;
      if (unscoped === scope) unscoped = undefined;
    },
  };
}

/** The invocation whose code is running now, if any: its scope, else the one running without a scope. */
export function currentInvocationScope(): InvocationScope | undefined {
  return storage.getStore() ?? unscoped;
}

let installs = 0;
let mode: "capture" | "listener" | undefined;

/**
 * Installs the process-level crash guard (once per process however many workers call it) and
 * returns its removal; the guard leaves when the last installer removed it.
 */
export function installCrashGuard(): () => void {
  if (installs++ === 0) {
    try {
      process.setUncaughtExceptionCaptureCallback(onCaptured);
      mode = "capture";
    } catch {
      process.on("uncaughtException", onListened);
      mode = "listener";
    }
  }
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    if (--installs > 0) return;
    if (mode === "capture") process.setUncaughtExceptionCaptureCallback(null);
    else process.off("uncaughtException", onListened);
    mode = undefined;
  };
}

/** Is the guard installed in this process (tests, diagnostics)? */
export function crashGuardInstalled(): boolean {
  return installs > 0;
}

function onCaptured(error: unknown): void {
  if (deliverToScope(error)) return;
  // Not a handler's: as if we were not here. Listeners decide; with none, Node's crash.
  if (process.listenerCount("uncaughtException") > 0) (process as NodeJS.EventEmitter).emit("uncaughtException", error, "uncaughtException");
  else crashLikeNode(error);
}

function onListened(error: unknown): void {
  if (deliverToScope(error)) return;
  // Our listener alone keeps Node from crashing: crash as it would have. Other listeners decide.
  if (process.listenerCount("uncaughtException") === 1) crashLikeNode(error);
}

function deliverToScope(error: unknown): boolean {
  const scope = currentInvocationScope();
  if (!scope) return false;
  // A handler that crashes once may leave code behind that crashes later: from now on every
  // invocation runs in its own scope, so nothing is pinned on the one running alone.
  scoping = true;
  try {
    scope.onUncaughtException(error);
  } catch (failure) {
    // The runtime could not take the crash over: that is the worker's own bug.
    crashLikeNode(failure);
  }
  return true;
}

/** Node's default for an uncaught exception: the error on stderr, exit code 1. */
function crashLikeNode(error: unknown): never {
  try {
    process.stderr.write(`Uncaught ${inspect(error)}\n\nNode.js ${process.version}\n`);
  } finally {
    process.exitCode = 1;
    process.exit(1);
  }
}
