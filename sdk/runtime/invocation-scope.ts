/**
 * Which invocation is running this code? Every handler call runs inside an AsyncLocalStorage
 * scope naming its execution and request id; timers, I/O callbacks, event listeners and promise
 * continuations the handler schedules keep that scope. When handler code throws outside its
 * awaited chain (inside a setTimeout, say), Node raises an uncaught exception: the crash guard
 * hands it to the scope's invocation, which fails the way Lambda fails an invocation whose
 * runtime crashed, and the worker and every other invocation in the process keep running.
 *
 * An uncaught exception raised outside any scope is not a handler's: it is the worker's (or the
 * embedder's) own bug, and Node's default stands: other `uncaughtException` listeners decide,
 * and with none the process prints the error and exits with code 1.
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

/** Runs `fn` (a handler call) so that everything it schedules belongs to `scope`. */
export function runInInvocationScope<T>(scope: InvocationScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The invocation whose code is running now, if any. */
export function currentInvocationScope(): InvocationScope | undefined {
  return storage.getStore();
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
  const scope = storage.getStore();
  if (!scope) return false;
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
