/**
 * Resuming safely from the command line:
 * - `durable redrive <id> [--preview] [--force]`: the redrive, checked first against the code
 *   this command loads (the bundled examples and `--functions`); `--preview` only says what it would do.
 * - `durable check-determinism <id>` or `--function f --last 100`: replays recorded histories
 *   through that code in a dry run (on a worker that has the code when it is not here); exit 4
 *   (NON_DETERMINISTIC) when one does not fit.
 * - `durable rerun <id> --from <operation> [--input json] [--force]`: rerun from a step (a fork).
 */
import type { DurableClient } from "../sdk/runtime";
import type { DeterminismReport, FunctionDeterminismReport } from "../sdk/runtime/determinism";
import type { RedrivePreview } from "../sdk/runtime/redrive-preview";
import { booleanFlag, intFlag, requirePositional, stringFlag, UsageError } from "./args";
import type { CommandContext } from "./commands";
import { CliError } from "./errors";
import { formatJson, formatTable } from "./format";
import { loadRegistry } from "./functions";
import { operationIdOf } from "./logs";
import { EXIT } from "./specs";
import { cliActor } from "../shared/audit/cli";

/** The client, with the code histories are checked against: the examples (unless --no-examples) and --functions. */
async function clientWithCode({ client, args }: CommandContext): Promise<DurableClient> {
  return client({ code: await loadRegistry(stringFlag(args, "functions"), !booleanFlag(args, "no-examples")) });
}

export async function redriveCommand(context: CommandContext): Promise<void> {
  const { args, json, audit, io } = context;
  const id = requirePositional(args, 0, "execution id or ARN");
  const force = booleanFlag(args, "force");
  if (booleanFlag(args, "preview")) {
    if (force) throw new UsageError("--preview and --force do not go together: a preview changes nothing");
    const durable = await clientWithCode(context);
    const preview = await durable.previewRedrive(id);
    const execution = await durable.getExecution(id);
    const check = await checkOrUnavailable(durable, id, execution.functionName);
    if (json) return io.out(formatJson({ preview, determinism: check }));
    io.out(formatPreview(preview));
    io.out(`\n${formatCheck(check)}\n`);
    return;
  }
  audit.target = { action: "execution.redrive", executionId: id };
  if (force) audit.details.force = true;
  const result = await (await clientWithCode(context)).redriveExecution(id, { force });
  if (json) return io.out(formatJson(result));
  io.out(`Redriven ${id}\n`);
}

export async function checkDeterminismCommand(context: CommandContext): Promise<void> {
  const { args, json, io } = context;
  const id = args.positionals[0];
  const functionName = stringFlag(args, "function");
  const last = intFlag(args, "last");
  if ((id === undefined) === (functionName === undefined)) throw new UsageError("give an execution id, or --function <name> (with --last <n>), not both");
  if (id !== undefined && last !== undefined) throw new UsageError("--last goes with --function");
  const durable = await clientWithCode(context);
  const target = functionName ?? (await durable.getExecution(id!)).functionName;
  if (!durable.hasCodeFor(target)) return checkOnAWorker(context, durable, { id, functionName: target, last });
  if (id !== undefined) {
    const report = await durable.checkDeterminism(id);
    io.out(json ? formatJson(report) : `${formatCheck(report)}\n`);
    if (report.mismatch) throw new CliError("NON_DETERMINISTIC", EXIT.conflict, `${id} does not replay on the code loaded here`);
    return;
  }
  const summary = await durable.checkRecentExecutions(functionName!, { last: last ?? 100 });
  io.out(json ? formatJson(summary) : formatSummary(summary));
  if (summary.mismatches.length > 0) {
    throw new CliError("NON_DETERMINISTIC", EXIT.conflict, `${summary.mismatches.length} of ${summary.checked} executions of ${functionName} do not replay on the code loaded here`);
  }
}

/**
 * Without the function's code here, the check runs on a worker that registered it: a stored
 * check (job) that this command waits for (--wait seconds), printed as the local check is.
 */
async function checkOnAWorker(
  { args, json, io }: CommandContext,
  durable: DurableClient,
  target: { id?: string; functionName: string; last?: number },
): Promise<void> {
  const waitSeconds = intFlag(args, "wait") ?? 60;
  if (waitSeconds < 1 || waitSeconds > 3600) throw new UsageError("--wait must be 1-3600 seconds");
  const actor = cliActor();
  const createdBy = { actor: actor.name, authMethod: actor.method, source: actor.source };
  let state =
    target.id !== undefined
      ? await durable.requestDeterminismCheck(target.id, createdBy)
      : await durable.requestRecentDeterminismCheck(target.functionName, { last: target.last ?? 100 }, createdBy);
  if (!json) io.err(`no code for ${target.functionName} here: checking on a worker that has it (check ${state.jobId})\n`);
  const deadline = Date.now() + waitSeconds * 1000;
  while (state.status === "checking" && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, WORKER_CHECK_POLL_MS));
    state = await durable.getDeterminismCheck(state.jobId);
  }
  if (state.status === "checking") {
    throw new CliError("TIMEOUT", EXIT.failure, `no worker with ${target.functionName} registered answered within ${waitSeconds} s (check ${state.jobId} stays queued)`);
  }
  const problem = state.errors[0];
  if (problem) throw new CliError(problem.code ?? "CHECK_FAILED", EXIT.failure, `the worker could not check ${problem.executionId}: ${problem.message}`);
  if (target.id !== undefined) {
    const report = state.reports[0]!;
    io.out(json ? formatJson(report) : `${formatCheck(report)} (on a worker)\n`);
    if (report.mismatch) throw new CliError("NON_DETERMINISTIC", EXIT.conflict, `${target.id} does not replay on the code its workers run`);
    return;
  }
  const summary = state.summary!;
  io.out(json ? formatJson(summary) : formatSummary(summary).replace("on the code loaded here", "on the code a worker runs"));
  if (summary.mismatches.length > 0) {
    throw new CliError("NON_DETERMINISTIC", EXIT.conflict, `${summary.mismatches.length} of ${summary.checked} executions of ${target.functionName} do not replay on the code its workers run`);
  }
}

const WORKER_CHECK_POLL_MS = 250;

export async function rerunCommand(context: CommandContext): Promise<void> {
  const { args, json, audit, io } = context;
  const id = requirePositional(args, 0, "execution id or ARN");
  const from = stringFlag(args, "from");
  if (from === undefined) throw new UsageError("missing --from <operation id or name>: the operation to rerun from");
  const input = stringFlag(args, "input");
  const force = booleanFlag(args, "force");
  const durable = await clientWithCode(context);
  const fromOperationId = await operationIdOf(durable, id, from, "--from");
  audit.target = { action: "execution.rerun", executionId: id };
  audit.details.fromOperationId = fromOperationId;
  audit.details.editedInput = input !== undefined;
  if (force) audit.details.force = true;
  const fork = await durable.forkExecution(id, { fromOperationId, ...(input !== undefined ? { input } : {}), ...(force ? { force } : {}) });
  audit.details.newExecutionId = fork.execution.executionId;
  if (json) return io.out(formatJson(fork));
  io.out(`Rerunning ${id} from ${from} as ${fork.execution.executionId} (${fork.carriedOperationIds.length} operations carried over)\n`);
}

type CheckAnswer = DeterminismReport | { verdict: "unavailable"; message: string };

async function checkOrUnavailable(durable: DurableClient, id: string, functionName: string): Promise<CheckAnswer> {
  if (!durable.hasCodeFor(functionName)) {
    return { verdict: "unavailable", message: `not checked: no code for ${functionName} here (pass --functions <module>)` };
  }
  return durable.checkDeterminism(id);
}

const PLAN_WORDS = { REPLAY: "replays from its checkpoint", RUN_AGAIN: "runs again", NEW_CALLBACK_ID: "waits again under a new callback id", CONTINUE: "goes on waiting" };

function formatPreview(preview: RedrivePreview): string {
  const rows = preview.operations.map((op) => ({
    operation: op.name ?? op.operationId,
    type: op.subType ?? op.type,
    status: op.status,
    redrive: op.nextAttempt !== undefined ? `${PLAN_WORDS[op.plan]} (attempt ${op.nextAttempt})` : PLAN_WORDS[op.plan],
  }));
  return `Redrive #${preview.redriveCount} of a ${preview.fromStatus} execution:\n${formatTable(rows, ["operation", "type", "status", "redrive"])}`;
}

function formatCheck(check: CheckAnswer): string {
  if (check.verdict === "unavailable") return check.message;
  if (check.mismatch) {
    const m = check.mismatch;
    const shape = (s: { type: string; name?: string }) => `${s.type} ${s.name === undefined ? "(no name)" : `"${s.name}"`}`;
    return `MISMATCH at operation ${m.path} (${m.operationId}): recorded ${shape(m.recorded)}, the code now asks for ${shape(m.found)}\n${m.message}`;
  }
  return `compatible: the code replays ${check.replayedOperations} of ${check.recordedOperations} recorded operations (${check.end.reason})`;
}

function formatSummary(summary: FunctionDeterminismReport): string {
  const head = `${summary.compatible} of ${summary.checked} executions of ${summary.functionName} replay on the code loaded here\n`;
  if (summary.mismatches.length === 0) return head;
  const rows = summary.mismatches.map(({ executionId, mismatch }) => ({
    execution: executionId,
    operation: mismatch.path,
    recorded: `${mismatch.recorded.type} ${mismatch.recorded.name ?? ""}`.trim(),
    now: `${mismatch.found.type} ${mismatch.found.name ?? ""}`.trim(),
  }));
  return `${head}${formatTable(rows, ["execution", "operation", "recorded", "now"])}`;
}
