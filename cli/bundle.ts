/**
 * `durable bundle export|import|list|remove`: incident bundles (lib/bundle). Export reads the
 * store through the same redacting view the console uses; import checks the file whole before
 * anything is written and puts it in the imported-bundles folder beside the store, never in it.
 */
import { createReadStream, existsSync, statSync, writeFileSync } from "node:fs";
import { bundleFileName, encodeBundle, exportBundle } from "../lib/bundle/export";
import { ImportedBundles, importsDirFor, type ImportedBundleSummary } from "../lib/bundle/imports";
import { decodeBundle, readLimited } from "../lib/bundle/read";
import { redactingClient } from "../lib/redaction/views";
import { sqliteFileOf } from "../sdk/store/open";
import { requirePositional, stringFlag, UsageError } from "./args";
import type { CommandContext } from "./commands";
import { formatJson, formatTable } from "./format";

export async function bundleCommand(context: CommandContext): Promise<void> {
  const verb = requirePositional(context.args, 0, "export | import | list | remove");
  switch (verb) {
    case "export":
      return exportCommand(context);
    case "import":
      return importCommand(context);
    case "list":
      return listCommand(context);
    case "remove":
      return removeCommand(context);
    default:
      throw new UsageError(`unknown bundle action ${verb}; use export, import, list or remove`);
  }
}

function bundles(context: CommandContext): ImportedBundles {
  return new ImportedBundles(importsDirFor(stringFlag(context.args, "store")));
}

function refuseFlags(context: CommandContext, verb: string, flags: string[]): void {
  for (const flag of flags) if (context.args.flags.has(flag)) throw new UsageError(`--${flag} does not apply to bundle ${verb}`);
}

async function exportCommand(context: CommandContext): Promise<void> {
  const { args, json, io } = context;
  const id = requirePositional(args, 1, "execution id or ARN (durable bundle export <id> --out file)");
  const out = stringFlag(args, "out");
  const gzip = args.flags.has("gzip") || (out?.endsWith(".gz") ?? false);
  if (gzip && !out) throw new UsageError("--gzip needs --out <file>: gzip is not written to the terminal");
  const storeKind = sqliteFileOf(stringFlag(args, "store")) ? "sqlite" : "dynamodb";
  const bundle = await exportBundle(redactingClient(await context.client()), id, { storeKind });
  const bytes = encodeBundle(bundle, { gzip });
  if (!out) return io.out(bytes.toString("utf8"));
  writeFileSync(out, bytes);
  const { redaction } = bundle.content;
  if (json) return io.out(formatJson({ file: out, bytes: bytes.length, digest: bundle.digest.value, redacted: redaction.redacted, rules: redaction.rules }));
  io.out(`Wrote ${out} (${bytes.length} bytes, sha-256 ${bundle.digest.value.slice(0, 16)}…; suggested name ${bundleFileName(bundle, gzip)})\n`);
  io.out(`Redacted ${redaction.redacted.length} value(s) by ${redaction.rules.length} rule(s); ${redaction.callbackIdsReplaced} callback id(s) replaced\n`);
}

async function importCommand(context: CommandContext): Promise<void> {
  const { args, json, io, audit } = context;
  refuseFlags(context, "import", ["out", "gzip"]);
  const file = requirePositional(args, 1, "bundle file (durable bundle import <file>)");
  // Audited as the console's import is (POST /api/bundles), in the live store's audit log.
  audit.target = { action: "bundle.import" };
  await context.client();
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no bundle file at ${file}`);
  // Counted while it streams in: a huge file is refused after the limit, not read whole.
  const bundle = decodeBundle(await readLimited(createReadStream(file)));
  const imports = bundles(context);
  try {
    const { bundle: summary, alreadyImported } = await imports.import(bundle);
    audit.details.bundleId = summary.bundleId;
    audit.details.originalExecutionId = summary.originalExecutionId;
    if (json) return io.out(formatJson({ bundle: summary, alreadyImported }));
    io.out(`${alreadyImported ? "Already imported" : "Imported"} ${summary.originalExecutionId} (${summary.functionName}) as ${summary.executionId}, read-only\n`);
    io.out(`Open it in the console at /executions/${summary.executionId}\n`);
  } finally {
    await imports.close();
  }
}

async function listCommand(context: CommandContext): Promise<void> {
  refuseFlags(context, "list", ["out", "gzip"]);
  if (context.args.positionals.length > 1) throw new UsageError(`unexpected argument ${context.args.positionals[1]}`);
  const list = bundles(context).list();
  if (context.json) return context.io.out(formatJson({ bundles: list }));
  context.io.out(formatTable(list.map(row), ["bundle", "execution", "function", "status", "exported", "imported"]));
}

function row(summary: ImportedBundleSummary): Record<string, unknown> {
  return {
    bundle: summary.bundleId,
    execution: summary.originalExecutionId,
    function: summary.functionName,
    status: summary.status,
    exported: summary.exportedAt,
    imported: summary.importedAt,
  };
}

async function removeCommand(context: CommandContext): Promise<void> {
  refuseFlags(context, "remove", ["out", "gzip"]);
  const bundleId = requirePositional(context.args, 1, "bundle id (durable bundle list shows them)");
  context.audit.target = { action: "bundle.remove" };
  context.audit.details.bundleId = bundleId;
  await context.client(); // opens the live store, whose audit log records the removal
  const imports = bundles(context);
  try {
    const removed = await imports.remove(bundleId);
    context.audit.details.originalExecutionId = removed.originalExecutionId;
    if (context.json) return context.io.out(formatJson({ removed }));
    context.io.out(`Removed imported bundle ${bundleId} (${removed.originalExecutionId})\n`);
  } finally {
    await imports.close();
  }
}

