/**
 * `durable diff <a> <b> [--all] [--json]`: two runs compared (lib/compare): where they part ways,
 * how their inputs differ, and their operations side by side. By default only the operations
 * that differ are listed; `--all` lists every one. `--json` prints the whole comparison, the same
 * document the console's API answers.
 */
import { compareExecutions } from "../lib/compare/load-run";
import type { OperationPair, OperationSide, RunComparison } from "../lib/compare/compare-runs";
import type { JsonChange } from "../lib/compare/json-diff";
import { requirePositional } from "./args";
import type { CommandContext } from "./commands";
import { duration, formatJson, formatTable } from "./format";

export async function diffCommand({ client, args, json, io }: CommandContext): Promise<void> {
  const a = requirePositional(args, 0, "the first execution's id or ARN");
  const b = requirePositional(args, 1, "the second execution's id or ARN");
  const comparison = await compareExecutions(await client(), a, b);
  if (json) return io.out(formatJson(comparison));
  io.out(describe(comparison, args.flags.has("all")));
}

function describe(c: RunComparison, all: boolean): string {
  const run = (label: string, s: RunComparison["a"]) =>
    `run ${label}: ${s.executionId} (${s.name === s.executionId ? s.functionName : `${s.name}, ${s.functionName}`}) ${s.status}, ${duration(s.startTimestamp, s.endTimestamp)}\n`;
  let out = run("A", c.a) + run("B", c.b);
  if (!c.sameFunction) out += "note: the runs are of different functions\n";
  out += `\n${c.firstDivergence ? `first divergence: ${c.firstDivergence.message}` : "the runs did the same"}\n`;
  out += `\ninput: ${c.input.equal ? "the same" : `${c.input.changes.length}${c.input.truncated ? "+" : ""} difference(s)`}\n`;
  for (const change of c.input.changes) out += `  ${changeLine(change)}\n`;
  const { same, different, onlyA, onlyB } = c.counts;
  out += `\noperations: ${same} the same, ${different} different, ${onlyA} only in A, ${onlyB} only in B\n`;
  const listed = all ? c.operations : c.operations.filter((p) => p.differences.length > 0);
  if (listed.length) out += formatTable(listed.map(rowOf), ["operation", "type", "a", "b", "differs"]);
  return out;
}

function changeLine(change: JsonChange): string {
  const at = change.path || "(whole input)";
  if (change.kind === "added") return `+ ${at}: ${JSON.stringify(change.b)}`;
  if (change.kind === "removed") return `- ${at}: ${JSON.stringify(change.a)}`;
  return `~ ${at}: ${JSON.stringify(change.a)} -> ${JSON.stringify(change.b)}`;
}

function rowOf(pair: OperationPair) {
  return { operation: pair.label, type: pair.subType ?? pair.type, a: sideText(pair.a), b: sideText(pair.b), differs: pair.differences.join(",") };
}

function sideText(side: OperationSide | undefined): string {
  if (!side) return "-";
  const parts: string[] = [side.status];
  if (side.attempts !== undefined && side.attempts > 1) parts.push(`attempt ${side.attempts}`);
  if (side.error?.ErrorType) parts.push(side.error.ErrorType);
  return parts.join(" ");
}
