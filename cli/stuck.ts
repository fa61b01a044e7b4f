/**
 * `durable list --stuck` and `durable workers`: the stuck executions with their reasons, and the
 * workers' heartbeat rows, read through the client API (sdk/runtime/diagnosis) like the console.
 */
import { intFlag, stringFlag, UsageError } from "./args";
import type { CommandContext } from "./commands";
import { formatJson, formatTable } from "./format";

/** `list` flags that filter the store's list and mean nothing for the stuck check. */
const NOT_WITH_STUCK = ["status", "q", "from", "to", "cursor"];

export async function listStuck({ client, args, json, io }: CommandContext): Promise<void> {
  for (const flag of NOT_WITH_STUCK) if (args.flags.has(flag)) throw new UsageError(`--${flag} does not apply to list --stuck`);
  const functionName = stringFlag(args, "function");
  const dueGraceSeconds = intFlag(args, "due-grace");
  const list = await (await client()).listStuckExecutions({
    ...(functionName ? { functionName } : {}),
    ...(dueGraceSeconds !== undefined ? { dueGraceSeconds } : {}),
    limit: intFlag(args, "limit") ?? 50,
  });
  if (json) return io.out(formatJson(list));
  const rows = list.items.map((e) => ({
    id: e.executionId,
    name: e.name === e.executionId ? "" : e.name,
    function: e.functionName,
    started: e.startTimestamp,
    reasons: e.stuck.map((r) => r.code).join(","),
  }));
  io.out(formatTable(rows, ["id", "name", "function", "started", "reasons"], 80));
  for (const e of list.items) {
    io.out(`\n${e.executionId}\n`);
    for (const reason of e.stuck) io.out(`  ${reason.code}: ${reason.message}\n`);
  }
  const shown = list.items.length < list.stuckCount ? ` (${list.items.length} shown; --limit for more)` : "";
  const scanned = list.truncated ? `; only the ${list.scanned} oldest RUNNING executions were checked` : "";
  io.out(`\n${list.stuckCount} stuck${shown}${scanned}\n`);
}

export async function listWorkers({ client, json, io }: CommandContext): Promise<void> {
  const workers = await (await client()).listWorkers();
  if (json) return io.out(formatJson(workers));
  const rows = workers.map((w) => ({
    worker: w.workerId,
    alive: w.alive ? "yes" : "no",
    "last heartbeat": `${Math.round(w.silentForMs / 1000)} s ago`,
    running: w.running,
    functions: w.functions.join(","),
  }));
  io.out(formatTable(rows, ["worker", "alive", "last heartbeat", "running", "functions"], 80));
}
