/**
 * Bulk actions from the command line:
 * - `durable bulk <stop|redrive|replay|answer> --status FAILED --function f --from … --to …`
 *   prints the preview (how many match, what happens to each status) and exits without acting;
 *   with `--yes` it stores the job (a worker runs it) and follows its progress to the end: a
 *   progress line on a TTY, the final job with `--json`; `--detach` returns once it is stored.
 * - `durable jobs` lists jobs; `durable jobs <id>` shows one (`--outcomes` lists what it did to
 *   each execution); `durable jobs <id> --cancel` cancels it.
 */
import { BULK_ACTIONS, type BulkAnswer, type BulkJobInput, type BulkPreview, type DurableClient } from "../sdk/runtime";
import type { JobQuery, JobRecord } from "../sdk/store/types";
import { EXECUTION_STATUSES, type ExecutionStatus } from "../sdk/types/wire";
import { booleanFlag, intFlag, requirePositional, stringFlag, UsageError, type ParsedArgs } from "./args";
import type { CommandContext } from "./commands";
import { CliError } from "./errors";
import { formatFields, formatJson, formatTable } from "./format";
import { EXIT } from "./specs";
import { cliActor } from "../shared/audit/cli";

const POLL_MS = 500;

function queryOf(args: ParsedArgs): JobQuery {
  const statuses = stringFlag(args, "status")
    ?.split(",")
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  for (const s of statuses ?? []) {
    if (!EXECUTION_STATUSES.includes(s as ExecutionStatus)) throw new UsageError(`--status: unknown status ${s}; one of ${EXECUTION_STATUSES.join(", ")}`);
  }
  const flag = (name: string) => stringFlag(args, name);
  return {
    ...(flag("function") ? { functionName: flag("function") } : {}),
    ...(statuses?.length ? { statuses: statuses as ExecutionStatus[] } : {}),
    ...(flag("q") ? { nameOrId: flag("q") } : {}),
    ...(flag("from") ? { startedAfter: flag("from") } : {}),
    ...(flag("to") ? { startedBefore: flag("to") } : {}),
    ...(booleanFlag(args, "stuck") ? { stuck: true } : {}),
  };
}

function answerOf(action: string, args: ParsedArgs): BulkAnswer | undefined {
  const given = ["result", "fail", "error-type", "message"].filter((f) => args.flags.has(f));
  if (action !== "answer") {
    if (given.length > 0) throw new UsageError(`--${given[0]} goes with \`durable bulk answer\``);
    return undefined;
  }
  if (booleanFlag(args, "fail")) {
    if (args.flags.has("result")) throw new UsageError("--result and --fail do not go together");
    return { outcome: "fail", error: { ErrorType: stringFlag(args, "error-type") ?? "CallbackFailure", ErrorMessage: stringFlag(args, "message") ?? "Failed by a bulk job" } };
  }
  if (args.flags.has("error-type") || args.flags.has("message")) throw new UsageError("--error-type and --message go with --fail");
  const result = stringFlag(args, "result");
  return { outcome: "succeed", ...(result !== undefined ? { result } : {}) };
}

export function formatPreview(preview: BulkPreview): string {
  const lines = [`${preview.matched} executions match; ${preview.willAct} → ${preview.action}, ${preview.willSkip} skipped`];
  for (const g of preview.groups) lines.push(`  ${g.count} ${g.status} → ${g.act ? g.does : `skipped: ${g.reason}`}`);
  return `${lines.join("\n")}\n`;
}

function progressLine(job: JobRecord): string {
  const { matched, done, skipped, failed } = job.counts;
  const processed = done + skipped + failed;
  const share = matched === 0 ? 1 : Math.min(1, processed / matched);
  const width = 30;
  const bar = "#".repeat(Math.round(share * width)).padEnd(width, ".");
  return `[${bar}] ${processed}/${matched} ${job.status.toLowerCase()} (done ${done}, skipped ${skipped}, failed ${failed})`;
}

/** Polls the job until it ends, drawing its progress on a TTY. */
async function follow(durable: DurableClient, job: JobRecord, draw: ((line: string) => void) | undefined): Promise<JobRecord> {
  let current = job;
  while (current.status === "PENDING" || current.status === "RUNNING") {
    draw?.(progressLine(current));
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    current = await durable.getJob(job.jobId);
  }
  draw?.(progressLine(current));
  return current;
}

export async function bulkCommand({ client, args, json, audit, io }: CommandContext): Promise<void> {
  const action = requirePositional(args, 0, `action: ${BULK_ACTIONS.join(" | ")}`);
  if (!(BULK_ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown bulk action ${action}; use ${BULK_ACTIONS.join(", ")}`);
  const answer = answerOf(action, args);
  const input: BulkJobInput = {
    action: action as BulkJobInput["action"],
    query: queryOf(args),
    ...(answer ? { answer } : {}),
    ...(args.flags.has("rate") ? { ratePerSecond: intFlag(args, "rate") } : {}),
    ...(args.flags.has("batch") ? { batchSize: intFlag(args, "batch") } : {}),
  };
  const durable = await client();
  if (!booleanFlag(args, "yes")) {
    const preview = await durable.previewBulkJob(input);
    if (json) return io.out(formatJson({ preview }));
    io.out(formatPreview(preview));
    io.out("Nothing was done: add --yes to run it.\n");
    return;
  }
  audit.target = { action: "job.create" };
  const actor = cliActor();
  const { job, preview } = await durable.createBulkJob(input, { actor: actor.name, authMethod: actor.method, source: actor.source });
  audit.details = { jobId: job.jobId, kind: job.kind, matched: preview.matched };
  if (booleanFlag(args, "detach")) {
    if (json) return io.out(formatJson({ job, preview }));
    io.out(formatPreview(preview));
    io.out(`Job ${job.jobId} stored; a worker runs it. Follow it with: durable jobs ${job.jobId}\n`);
    return;
  }
  const tty = !json && process.stdout.isTTY === true;
  if (!json) io.out(`${formatPreview(preview)}Job ${job.jobId} stored; waiting for a worker (durable dev or durable worker) to run it\n`);
  const ended = await follow(durable, job, tty ? (line) => io.out(`\r${line}`) : undefined);
  if (tty) io.out("\n");
  if (json) io.out(formatJson(ended));
  else if (!tty) io.out(`${progressLine(ended)}\n`);
  if (ended.status !== "SUCCEEDED") throw new CliError(`JOB_${ended.status}`, EXIT.conflict, `job ${job.jobId} ended ${ended.status}${ended.error ? `: ${ended.error}` : ""}`);
  if (ended.counts.failed > 0) throw new CliError("JOB_HAD_FAILURES", EXIT.failure, `job ${job.jobId}: ${ended.counts.failed} executions failed (durable jobs ${job.jobId} --outcomes)`);
}

export async function jobsCommand({ client, args, json, audit, io }: CommandContext): Promise<void> {
  const jobId = args.positionals[0];
  const durable = await client();
  if (jobId === undefined) {
    if (args.flags.has("cancel") || args.flags.has("outcomes")) throw new UsageError("--cancel and --outcomes need a job id");
    const page = await durable.listJobs({ ...(args.flags.has("limit") ? { limit: intFlag(args, "limit") } : {}), ...(stringFlag(args, "cursor") ? { cursor: stringFlag(args, "cursor") } : {}) });
    if (json) return io.out(formatJson(page));
    const rows = page.items.map((j) => ({ id: j.jobId, action: j.kind, status: j.status, matched: j.counts.matched, done: j.counts.done, skipped: j.counts.skipped, failed: j.counts.failed, created: j.createdTimestamp }));
    io.out(formatTable(rows, ["id", "action", "status", "matched", "done", "skipped", "failed", "created"]));
    if (page.nextCursor) io.out(`\nmore: --cursor ${page.nextCursor}\n`);
    return;
  }
  if (booleanFlag(args, "cancel")) {
    audit.target = { action: "job.cancel" };
    audit.details = { jobId };
    const job = await durable.cancelJob(jobId);
    if (json) return io.out(formatJson(job));
    io.out(job.status === "CANCELLED" ? `Cancelled ${jobId}\n` : `Asked ${jobId} to stop; its worker stops it between two batches\n`);
    return;
  }
  if (booleanFlag(args, "outcomes")) {
    const page = await durable.listJobOutcomes(jobId, { ...(args.flags.has("limit") ? { limit: intFlag(args, "limit") } : {}), ...(stringFlag(args, "cursor") ? { cursor: stringFlag(args, "cursor") } : {}) });
    if (json) return io.out(formatJson(page));
    io.out(formatTable(page.items.map((o) => ({ seq: o.seq, execution: o.executionId, outcome: o.status, reason: o.reason ?? "" })), ["seq", "execution", "outcome", "reason"]));
    if (page.nextCursor) io.out(`\nmore: --cursor ${page.nextCursor}\n`);
    return;
  }
  const job = await durable.getJob(jobId);
  if (json) return io.out(formatJson(job));
  io.out(
    formatFields([
      ["id", job.jobId],
      ["action", job.kind],
      ["status", job.status],
      ["progress", progressLine(job)],
      ["query", JSON.stringify(job.query)],
      ["created", `${job.createdTimestamp} by ${job.createdBy.actor}`],
      ["ended", job.endedTimestamp],
      ["error", job.error],
    ]),
  );
}
