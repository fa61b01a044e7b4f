import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { DurableClient, Worker } from "../sdk/runtime";
import { DEFAULT_RETENTION_DAYS, auditRetentionDays } from "../sdk/runtime/retention";
import { openStore, resolveStoreUrl } from "../sdk/store/open";
import { intFlag, stringFlag, UsageError, type ParsedArgs } from "./args";
import { assertConsoleMayListen } from "./console";
import { loadRegistry, registerRemoteFlag } from "./functions";
import { seedDemoExecutions } from "./seed";

const projectRoot = path.resolve(__dirname, "..");

/** `durable worker`: runs handlers for every due execution in the store until stopped. */
export async function runWorker(args: ParsedArgs): Promise<void> {
  const { worker, close } = await startWorker(args);
  process.stdout.write(`worker ${worker.owner} running on ${resolveStoreUrl(stringFlag(args, "store"))}\n`);
  await untilSignal();
  await close();
}

/** `durable dev`: worker + example functions + seeded demo data + the console, on one machine. */
export async function runDev(args: ParsedArgs): Promise<void> {
  const port = intFlag(args, "port") ?? 3000;
  const host = stringFlag(args, "host") ?? "127.0.0.1";
  // Before anything starts: no console on a non-loopback address without authentication.
  assertConsoleMayListen(host);
  const storeUrl = absoluteStoreUrl(stringFlag(args, "store"));
  const { store, client, close } = await startWorker(args, storeUrl);
  const consoleProcess = startConsole(storeUrl, host, port);
  process.stdout.write(`console: http://${host}:${port}   store: ${storeUrl}\n`);

  const empty = (await store.executions.list({ limit: 1 })).items.length === 0;
  if (empty && !args.flags.has("no-seed")) {
    seedDemoExecutions(client, (line) => process.stdout.write(`${line}\n`)).catch((error: unknown) =>
      process.stderr.write(`seeding failed: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  }
  await untilSignal(consoleProcess);
  consoleProcess.kill("SIGTERM");
  await close();
}

/** `durable console`: the console alone (workers run elsewhere), on 127.0.0.1 unless authentication is configured. */
export async function runConsole(args: ParsedArgs): Promise<void> {
  const port = intFlag(args, "port") ?? 3000;
  const host = stringFlag(args, "host") ?? "127.0.0.1";
  const { authEnabled } = assertConsoleMayListen(host);
  const storeUrl = absoluteStoreUrl(stringFlag(args, "store"));
  const consoleProcess = startConsole(storeUrl, host, port);
  process.stdout.write(`console: http://${host}:${port}   store: ${storeUrl}   authentication: ${authEnabled ? "on" : "off (local only)"}\n`);
  await untilSignal(consoleProcess);
  consoleProcess.kill("SIGTERM");
}

async function startWorker(args: ParsedArgs, storeUrl = stringFlag(args, "store")) {
  const store = await openStore(storeUrl);
  const registry = await loadRegistry(stringFlag(args, "functions"), !args.flags.has("no-examples"));
  registerRemoteFlag(registry, stringFlag(args, "remote"));
  // Short leases let a restarted worker take over a killed one's executions quickly (tests, demos).
  const executionRetention = retentionDays(args);
  const worker = new Worker({
    store,
    registry,
    leaseMs: intFlag(args, "lease-ms"),
    heartbeatIntervalMs: intFlag(args, "heartbeat-ms"),
    maxConcurrency: intFlag(args, "concurrency"),
    retentionDays: executionRetention,
    auditRetentionDays: auditRetention(args, executionRetention),
  });
  const client = new DurableClient({ store, registry, onWake: () => worker.wake() });
  // A handler that leaves a promise rejection unhandled must not take the process, and every
  // other execution running in it, down (Node's default), nor crash every restart after it.
  process.on("unhandledRejection", (reason) => {
    const text = reason instanceof Error ? (reason.stack ?? `${reason.name}: ${reason.message}`) : String(reason);
    process.stderr.write(`[durable worker] unhandled promise rejection (left by a handler?): ${text}\n`);
  });
  // Publish before saying "running": a start of one of these functions sent through another
  // process (the console, the CLI) the moment the worker is up is then accepted. A failure here is
  // not fatal; the poll loop publishes again.
  await worker.publishFunctions().catch((error: unknown) =>
    process.stderr.write(`[durable worker] could not publish its functions yet: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
  );
  worker.start();
  const close = async () => {
    await worker.stop();
    await store.close();
  };
  return { store, registry, worker, client, close };
}

/** The console reads the same store file; relative paths are made absolute so both agree. */
function absoluteStoreUrl(url: string | undefined): string {
  const resolved = resolveStoreUrl(url);
  const match = /^(sqlite:(?:\/\/)?)?(.*?)(\?.*)?$/.exec(resolved);
  if (!match || resolved.includes("://") && !resolved.startsWith("sqlite://")) return resolved;
  const filePath = match[2];
  return `${path.resolve(filePath)}${match[3] ?? ""}`;
}

function startConsole(storeUrl: string, host: string, port: number): ChildProcess {
  const nextBin = require.resolve("next/dist/bin/next");
  const built = fs.existsSync(path.join(projectRoot, ".next", "BUILD_ID"));
  const mode = built ? "start" : "dev";
  return spawn(process.execPath, [nextBin, mode, "-H", host, "-p", String(port)], {
    cwd: projectRoot,
    stdio: "inherit",
    env: { ...process.env, DURABLE_STORE: storeUrl, NEXT_TELEMETRY_DISABLED: "1" },
  });
}

function untilSignal(child?: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
    child?.once("exit", () => resolve());
  });
}

/**
 * `--audit-retention-days n` or DURABLE_AUDIT_RETENTION_DAYS; 0 keeps the audit log forever.
 * Unset: the longer of a year and the execution retention.
 */
function auditRetention(args: ParsedArgs, executionRetention: number | null | undefined): number | null | undefined {
  const raw = stringFlag(args, "audit-retention-days") ?? process.env.DURABLE_AUDIT_RETENTION_DAYS;
  if (raw === undefined) return undefined;
  try {
    return auditRetentionDays(executionRetention ?? DEFAULT_RETENTION_DAYS, raw);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `--retention-days n` or DURABLE_RETENTION_DAYS (default 30); 0 keeps everything. */
function retentionDays(args: ParsedArgs): number | null | undefined {
  const raw = stringFlag(args, "retention-days") ?? process.env.DURABLE_RETENTION_DAYS;
  if (raw === undefined) return undefined;
  const days = Number(raw);
  if (!Number.isFinite(days) || days < 0) throw new UsageError(`retention days must be a number of days (0 keeps everything), got ${raw}`);
  return days === 0 ? null : days;
}
