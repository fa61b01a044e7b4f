/**
 * What every `durable` command takes, in one place: its arguments, its flags (each with its
 * value placeholder and one help line), an example, and how it treats the store. The parser
 * (cli/args.ts) accepts exactly these flags and the help (cli/help.ts) prints exactly these.
 */
import { EXECUTION_STATUSES } from "../sdk/types/wire";
import type { FlagSpec } from "./args";

export interface CommandSpec {
  name: string;
  /** Positional arguments as shown in the usage line, e.g. `<id|arn>`; also the most it takes. */
  args: string[];
  summary: string;
  flags: FlagSpec[];
  examples: string[];
  /**
   * `create`: opens (and creates) the store itself, or makes work for one; `existing`: reads or
   * steers what is there, so a missing SQLite file is an error and nothing is created; `none`.
   */
  store: "create" | "existing" | "none";
  /** Client validation paths (`listExecutions.startedAfter`) shown as the flag or argument the user typed. */
  inputNames?: Record<string, string>;
}

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: "store", value: "<path|url>", help: "the store: a SQLite file path, sqlite:<path> or dynamodb://<table>?region=.. (default $DURABLE_STORE or .durable/durable.db)" },
  { name: "json", help: "machine-readable output (errors too: {\"error\":{\"code\",\"message\"}} on stderr)" },
];

const workerFlags: FlagSpec[] = [
  { name: "functions", value: "<module.ts>", help: "also run the functions this module exports (`functions`, and `plainFunctions` for plain invoke targets)" },
  { name: "no-examples", help: "leave the bundled example functions out" },
  {
    name: "remote",
    value: "<name=url,...>",
    help: "durable functions whose handlers run in another process, invoked over HTTP in Lambda's invoke shape (e.g. order-processing=http://127.0.0.1:9001)",
  },
  { name: "lease-ms", value: "<n>", help: "lease length in ms; another worker takes over an execution this long after a crash (default 15000)" },
  { name: "heartbeat-ms", value: "<n>", help: "how often the worker writes its heartbeat row; silent for 3 beats, it counts as dead (default 5000)" },
  { name: "concurrency", value: "<n>", help: "invocations run at once (default 16)" },
  { name: "retention-days", value: "<n>", help: "purge executions that ended n days ago (default 30, or $DURABLE_RETENTION_DAYS; 0 keeps everything)" },
  {
    name: "audit-retention-days",
    value: "<n>",
    help: "purge audit records older than n days (default the longer of 365 and --retention-days, or $DURABLE_AUDIT_RETENTION_DAYS; 0 keeps them)",
  },
];

const listenFlags: FlagSpec[] = [
  { name: "host", value: "<host>", help: "address the console listens on (default 127.0.0.1; another needs DURABLE_CONSOLE_TOKEN or DURABLE_CONSOLE_USERS)" },
  { name: "port", value: "<n>", help: "console port (default 3000)" },
];

const executionArg = { execution: "<id|arn>" };

/** The code a command checks histories against (what a worker would run). */
const codeFlags: FlagSpec[] = [
  { name: "functions", value: "<module.ts>", help: "check against the functions this module exports too (as `durable worker --functions`)" },
  { name: "no-examples", help: "leave the bundled example functions out" },
];

export const COMMANDS: CommandSpec[] = [
  {
    name: "dev",
    args: [],
    summary: "worker + example functions + console (http://127.0.0.1:3000); seeds demo executions into an empty store",
    flags: [...listenFlags, { name: "no-seed", help: "do not seed demo executions into an empty store" }, ...workerFlags],
    examples: ["durable dev", "durable dev --functions ./my-fns.ts --port 3001"],
    store: "create",
  },
  {
    name: "console",
    args: [],
    summary: "the console alone, over a store that workers elsewhere run",
    flags: listenFlags,
    examples: ["durable console --store ./data/durable.db --port 3001"],
    store: "none",
  },
  {
    name: "worker",
    args: [],
    summary: "runs handlers for due executions until stopped (SIGINT / SIGTERM)",
    flags: workerFlags,
    examples: ["durable worker --functions ./my-fns.ts --concurrency 32"],
    store: "create",
  },
  {
    name: "serve-handlers",
    args: ["<module.ts>"],
    summary: "serves a module's Lambda handlers behind Lambda's invoke shape, for a worker's --remote functions",
    flags: [
      { name: "host", value: "<host>", help: "address to listen on (default 127.0.0.1)" },
      { name: "port", value: "<n>", help: "port to listen on (default 9001)" },
      {
        name: "endpoint-url",
        value: "<url>",
        help: "the console the handlers checkpoint through (sets AWS_ENDPOINT_URL_LAMBDA; default $AWS_ENDPOINT_URL_LAMBDA or http://127.0.0.1:3000)",
      },
    ],
    examples: ["durable serve-handlers ./handlers.ts --port 9001", "durable worker --remote order-processing=http://127.0.0.1:9001"],
    store: "none",
  },
  {
    name: "start",
    args: ["<function>"],
    summary: "starts an execution; the same --name with the same input is idempotent",
    flags: [
      { name: "input", value: "<json>", help: "the input, as JSON text (default none)" },
      { name: "name", value: "<name>", help: "execution name, unique per function: 1-64 letters, digits, '-' or '_'" },
    ],
    examples: [`durable start wait-for-job --input '{"jobId":"export-1","pollsUntilDone":2}' --name export-1`],
    store: "create",
    inputNames: { "startExecution.functionName": "<function>", "startExecution.input": "--input", "startExecution.name": "--name" },
  },
  {
    name: "list",
    args: [],
    summary: "lists executions, newest first; prints the --cursor of the next page when there is one",
    flags: [
      { name: "status", value: "<list>", help: `only these statuses, comma-separated: ${EXECUTION_STATUSES.join(", ")}` },
      { name: "function", value: "<name>", help: "only executions of this function" },
      { name: "q", value: "<text>", help: "execution name or id containing this text" },
      { name: "from", value: "<iso>", help: "started at or after this time, e.g. 2026-01-31T00:00:00Z" },
      { name: "to", value: "<iso>", help: "started before this time" },
      { name: "limit", value: "<n>", help: "executions per page, 1-1000 (default 50)" },
      { name: "cursor", value: "<cursor>", help: "the next page: the cursor the previous page printed" },
      { name: "stuck", help: "only stuck RUNNING executions, each with its reasons (with --function, --limit, --due-grace)" },
      { name: "due-grace", value: "<s>", help: "--stuck: seconds an execution may stay due and unclaimed before it counts as stuck (default 30)" },
    ],
    examples: ["durable list --status FAILED,TIMED_OUT --function inventory-sync --limit 20", "durable list --stuck --due-grace 60"],
    store: "existing",
    inputNames: {
      "listExecutions.functionName": "--function",
      "listExecutions.statuses": "--status",
      "listExecutions.nameOrId": "--q",
      "listExecutions.startedAfter": "--from",
      "listExecutions.startedBefore": "--to",
      "listExecutions.limit": "--limit",
      "listExecutions.cursor": "--cursor",
      "listStuckExecutions.functionName": "--function",
      "listStuckExecutions.dueGraceSeconds": "--due-grace",
      "listStuckExecutions.limit": "--limit",
    },
  },
  {
    name: "workers",
    args: [],
    summary: "the workers' heartbeat rows: alive or not, last heartbeat, invocations running, functions",
    flags: [],
    examples: ["durable workers --json"],
    store: "existing",
  },
  {
    name: "get",
    args: ["<id|arn>"],
    summary: "one execution: status, timing, input, result or error",
    flags: [],
    examples: ["durable get 3f2a9c4e-1b7d-4c1a-9e8f-5d6c7b8a9f01"],
    store: "existing",
    inputNames: executionArg,
  },
  {
    name: "history",
    args: ["<id|arn>"],
    summary: "an execution's event history, every page",
    flags: [],
    examples: ["durable history <id> --json > history.json"],
    store: "existing",
    inputNames: executionArg,
  },
  {
    name: "logs",
    args: ["<id|arn>"],
    summary: "the log lines an execution's handlers wrote (context.logger), oldest first, every page",
    flags: [{ name: "operation", value: "<id|name>", help: "only the lines of this operation (its id, or its name when one operation has it)" }],
    examples: ["durable logs <id> --operation process-payment"],
    store: "existing",
    inputNames: { ...executionArg, "getLogs.operationId": "--operation" },
  },
  {
    name: "diff",
    args: ["<a>", "<b>"],
    summary: "compare two runs: the first divergence, the input diff, the operations that differ, aligned by id",
    flags: [{ name: "all", help: "list every operation, not only those that differ" }],
    examples: ["durable diff <failed-id> <succeeded-id>", "durable diff <a> <b> --json"],
    store: "existing",
  },
  {
    name: "callback",
    args: ["succeed|fail|heartbeat", "<callbackId>"],
    summary: "answers a callback that an execution waits for",
    flags: [
      { name: "result", value: "<text>", help: "succeed: the result, raw text (handlers usually expect JSON)" },
      { name: "error-type", value: "<type>", help: "fail: the error type (default CallbackFailure)" },
      { name: "message", value: "<text>", help: "fail: the error message" },
    ],
    examples: [`durable callback succeed <callbackId> --result '{"approved":true}'`, "durable callback fail <callbackId> --error-type Rejected --message 'out of stock'"],
    store: "existing",
    inputNames: { callbackId: "<callbackId>", "error.ErrorType": "--error-type", "error.ErrorMessage": "--message" },
  },
  {
    name: "stop",
    args: ["<id|arn>"],
    summary: "stops a RUNNING execution (it ends STOPPED)",
    flags: [{ name: "reason", value: "<text>", help: "why, recorded as the execution's error message" }],
    examples: ["durable stop <id> --reason 'customer cancelled'"],
    store: "existing",
    inputNames: { ...executionArg, "error.ErrorMessage": "--reason" },
  },
  {
    name: "redrive",
    args: ["<id|arn>"],
    summary: "runs a FAILED, TIMED_OUT or STOPPED execution again from where it failed; refused when the code here does not replay its history",
    flags: [
      { name: "preview", help: "only say what the redrive would do (which operations replay, run again, get new callback ids) and check the code" },
      { name: "force", help: "redrive even when the code here does not replay the history" },
      ...codeFlags,
    ],
    examples: ["durable redrive <id> --preview", "durable redrive <id> --functions ./my-fns.ts"],
    store: "existing",
    inputNames: executionArg,
  },
  {
    name: "check-determinism",
    args: ["[<id|arn>]"],
    summary:
      "replays recorded histories through the code here (or, without it, on a worker that registered the function), running no step and writing nothing: compatible, or the first mismatch (exit 4)",
    flags: [
      { name: "function", value: "<name>", help: "check this function's newest executions instead of one execution" },
      { name: "last", value: "<n>", help: "with --function: how many of its newest executions, 1-1000 (default 100)" },
      { name: "wait", value: "<seconds>", help: "how long to wait for a worker's answer when the code is not here (default 60)" },
      ...codeFlags,
    ],
    examples: ["durable check-determinism --function order-processing --last 100 --functions ./my-fns.ts", "durable check-determinism <id>"],
    store: "existing",
    inputNames: { ...executionArg, "checkRecentExecutions.last": "--last" },
  },
  {
    name: "cost",
    args: ["[<id|arn>]"],
    summary: "what a run costs: compute, waiting and replay time, operations and payload bytes against Lambda's limits, and a bill estimate",
    flags: [
      { name: "function", value: "<name>", help: "the function's newest executions, in total and per run, instead of one execution" },
      { name: "last", value: "<n>", help: "with --function: how many of its newest executions, 1-1000 (default 20)" },
      { name: "memory-mb", value: "<n>", help: "the function's memory size for the estimate, 128-10240 (default 128, Lambda's default)" },
      { name: "retention-days", value: "<n>", help: "days Lambda keeps the history after the end, 1-90 (default 14)" },
    ],
    examples: ["durable cost <id> --json", "durable cost --function order-processing --last 50 --memory-mb 512"],
    store: "existing",
    inputNames: {
      ...executionArg,
      "getExecutionCost.memoryMb": "--memory-mb",
      "getExecutionCost.retentionDays": "--retention-days",
      "getFunctionCost.memoryMb": "--memory-mb",
      "getFunctionCost.retentionDays": "--retention-days",
      "getFunctionCost.last": "--last",
      "getFunctionCost.functionName": "--function",
    },
  },
  {
    name: "rerun",
    args: ["<id|arn>"],
    summary: "rerun from a step: a new execution that keeps the checkpoints before --from and runs from there",
    flags: [
      { name: "from", value: "<operation>", help: "the operation to rerun from: its id, or its name when one operation has it" },
      { name: "input", value: "<json>", help: "the new execution's input instead of the original's" },
      { name: "force", help: "rerun even when the code here does not replay the carried checkpoints" },
      ...codeFlags,
    ],
    examples: [`durable rerun <id> --from push-to-warehouse --input '{"warehouse":"berlin","skus":["KB-01"]}'`],
    store: "existing",
    inputNames: { ...executionArg, "forkExecution.input": "--input", "forkExecution.fromOperationId": "--from" },
  },
  {
    name: "replay",
    args: ["<id|arn>"],
    summary: "starts a new execution of the same function with the same (or an edited) input",
    flags: [{ name: "input", value: "<json>", help: "the new execution's input instead of the original's" }],
    examples: [`durable replay <id> --input '{"orderId":"1001"}'`],
    store: "existing",
    inputNames: { ...executionArg, "replayExecution.input": "--input" },
  },
  {
    name: "bulk",
    args: ["stop|redrive|replay|answer"],
    summary: "one action on every execution a query matches, as a job a worker runs; without --yes only prints what it would do",
    flags: [
      { name: "status", value: "<list>", help: `only these statuses, comma-separated: ${EXECUTION_STATUSES.join(", ")}` },
      { name: "function", value: "<name>", help: "only executions of this function" },
      { name: "q", value: "<text>", help: "execution name or id containing this text" },
      { name: "from", value: "<iso>", help: "started at or after this time" },
      { name: "to", value: "<iso>", help: "started before this time (default: now, so later starts are not included)" },
      { name: "stuck", help: "only stuck RUNNING executions" },
      { name: "result", value: "<text>", help: "answer: the result every pending callback gets (raw text)" },
      { name: "fail", help: "answer: fail every pending callback instead (with --error-type, --message)" },
      { name: "error-type", value: "<type>", help: "answer --fail: the error type (default CallbackFailure)" },
      { name: "message", value: "<text>", help: "answer --fail: the error message" },
      { name: "rate", value: "<n>", help: "executions acted on per second, at most (default 50)" },
      { name: "batch", value: "<n>", help: "executions per batch, 1-90: progress is saved and a cancel seen between batches (default 25)" },
      { name: "yes", help: "run it (without: print the preview and exit, doing nothing)" },
      { name: "detach", help: "with --yes: return once the job is stored instead of following it to its end" },
    ],
    examples: ["durable bulk redrive --status FAILED --function order-processing --from 2026-01-31T09:00:00Z", "durable bulk redrive --status FAILED --function order-processing --yes"],
    store: "existing",
    inputNames: {
      "bulkJob.query.functionName": "--function",
      "bulkJob.query.statuses": "--status",
      "bulkJob.query.nameOrId": "--q",
      "bulkJob.query.startedAfter": "--from",
      "bulkJob.query.startedBefore": "--to",
      "bulkJob.ratePerSecond": "--rate",
      "bulkJob.batchSize": "--batch",
      "answer.result": "--result",
    },
  },
  {
    name: "jobs",
    args: ["[<job-id>]"],
    summary: "lists bulk jobs, or shows one (with --outcomes, what it did to each execution), or cancels one",
    flags: [
      { name: "outcomes", help: "with a job id: its per-execution outcomes, in order" },
      { name: "cancel", help: "with a job id: cancel it (at once, or between two batches when a worker runs it)" },
      { name: "limit", value: "<n>", help: "rows per page" },
      { name: "cursor", value: "<cursor>", help: "the next page: the cursor the previous page printed" },
    ],
    examples: ["durable jobs", "durable jobs <job-id> --outcomes", "durable jobs <job-id> --cancel"],
    store: "existing",
    inputNames: { jobId: "<job-id>", "listJobs.cursor": "--cursor", "listJobOutcomes.cursor": "--cursor", "listJobs.limit": "--limit", "listJobOutcomes.limit": "--limit" },
  },
  {
    name: "bundle",
    args: ["<export|import|list|remove>", "<id|file|bundle-id>"],
    summary:
      "incident bundles: export one execution (redacted, with its history, logs and audit trail) to one file; import one read-only beside the store; list or remove imports",
    flags: [
      { name: "out", value: "<file>", help: "export: write the bundle to this file (gzipped when it ends in .gz) instead of stdout" },
      { name: "gzip", help: "export: gzip the file (needs --out)" },
    ],
    examples: ["durable bundle export <id> --out incident.json.gz", "durable bundle import incident.json.gz", "durable bundle list", "durable bundle remove <bundle-id>"],
    store: "existing",
    inputNames: { execution: "<id>" },
  },
  {
    name: "hash-password",
    args: [],
    summary: "reads a password on stdin and prints its hash for DURABLE_CONSOLE_USERS",
    flags: [],
    examples: ["printf '%s' 'my secret pass' | durable hash-password"],
    store: "none",
  },
  {
    name: "dynamodb",
    args: ["create-table"],
    summary: "creates the DynamoDB table --store names (on-demand billing, with its indexes); idempotent",
    flags: [],
    examples: [`durable dynamodb create-table --store "dynamodb://durable-prod?region=eu-west-1"`],
    store: "none",
  },
];

export function commandSpec(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

export const EXIT = { ok: 0, failure: 1, usage: 2, notFound: 3, conflict: 4 } as const;

export const EXIT_CODES_TEXT =
  "Exit codes: 0 ok, 1 unexpected failure, 2 bad usage or input, 3 not found (execution, callback, function, or no store at that path), 4 conflict or wrong state";
