/**
 * Imported bundles, each in a store of its own: `<dir>/<bundle id>.db`, a SQLite store holding the
 * one execution under its imported id (./ids), beside `<dir>/<bundle id>.json`, what the imports
 * list shows. The directory is next to the live store (`<store file>.imports/`, or
 * DURABLE_IMPORTS_DIR), never inside it: no worker opens these files, so nothing in them is ever
 * run, and nothing an import does can touch a live execution.
 *
 * An import writes the store under a temporary name and renames it into place, then writes the
 * summary the same way: a bundle is listed only once all of it is there, and a failed import
 * leaves nothing behind. The bundle id comes from the digest, so a second import of the same
 * file finds the first and writes nothing.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { executionArn } from "../../sdk/runtime/arns";
import { sqliteFileOf } from "../../sdk/store/open";
import { SqliteStore } from "../../sdk/store/sqlite";
import type { DurableStore, ExecutionRecord } from "../../sdk/store/types";
import type { ExecutionStatus } from "../../sdk/types/wire";
import { BundleError } from "./errors";
import type { BundleContent, IncidentBundle } from "./format";
import { bundleIdOfDigest, CALLBACK_STAND_IN_PREFIX, importedCallbackPrefix, importedExecutionId, isBundleId } from "./ids";

export interface ImportedBundleSummary {
  bundleId: string;
  /** The id the console shows it under (`imported-<bundle id>`). */
  executionId: string;
  originalExecutionId: string;
  originalArn: string;
  functionName: string;
  name: string;
  status: ExecutionStatus;
  digest: string;
  exportedAt: string;
  importedAt: string;
  producer: BundleContent["producer"];
  runtime: BundleContent["runtime"];
  redaction: BundleContent["redaction"];
  counts: { operations: number; events: number; logs: number; audit: number };
}

/** Where a store's imported bundles live: DURABLE_IMPORTS_DIR, else `<SQLite file>.imports`, else `.durable/imports`. */
export function importsDirFor(storeUrl?: string): string {
  if (process.env.DURABLE_IMPORTS_DIR) return resolve(process.env.DURABLE_IMPORTS_DIR);
  const file = sqliteFileOf(storeUrl);
  return file && file !== ":memory:" ? `${file}.imports` : resolve(".durable", "imports");
}

export class ImportedBundles {
  private readonly open = new Map<string, Promise<DurableStore>>();

  constructor(readonly dir: string) {}

  private storeFile(bundleId: string): string {
    return join(this.dir, `${bundleId}.db`);
  }

  private summaryFile(bundleId: string): string {
    return join(this.dir, `${bundleId}.json`);
  }

  /** Imports a checked bundle (./read); the same bundle again answers the first import. */
  async import(bundle: IncidentBundle, now = new Date()): Promise<{ bundle: ImportedBundleSummary; alreadyImported: boolean }> {
    const bundleId = bundleIdOfDigest(bundle.digest.value);
    const existing = this.get(bundleId);
    if (existing) return { bundle: existing, alreadyImported: true };
    mkdirSync(this.dir, { recursive: true });
    const partial = `${this.storeFile(bundleId)}.partial-${randomBytes(6).toString("hex")}`;
    try {
      await writeStore(partial, bundleId, bundle.content);
      renameSync(partial, this.storeFile(bundleId));
      const summary = summarize(bundleId, bundle, now);
      writeAtomically(this.summaryFile(bundleId), `${JSON.stringify(summary, null, 2)}\n`);
      return { bundle: summary, alreadyImported: false };
    } finally {
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${partial}${suffix}`, { force: true });
    }
  }

  /** Every imported bundle, the latest import first. */
  list(): ImportedBundleSummary[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .flatMap((file) => (file.endsWith(".json") && isBundleId(file.slice(0, -5)) ? [this.get(file.slice(0, -5))] : []))
      .filter((summary): summary is ImportedBundleSummary => summary !== undefined)
      .sort((a, b) => b.importedAt.localeCompare(a.importedAt) || a.bundleId.localeCompare(b.bundleId));
  }

  get(bundleId: string): ImportedBundleSummary | undefined {
    if (!isBundleId(bundleId) || !existsSync(this.storeFile(bundleId))) return undefined;
    try {
      return JSON.parse(readFileSync(this.summaryFile(bundleId), "utf8")) as ImportedBundleSummary;
    } catch {
      return undefined;
    }
  }

  /** Removes an imported bundle (its summary first, so it stops being listed, then its store). */
  async remove(bundleId: string): Promise<ImportedBundleSummary> {
    const summary = this.get(bundleId);
    if (!summary) throw new BundleError("BUNDLE_NOT_FOUND", `No imported bundle ${bundleId}`);
    const opened = this.open.get(bundleId);
    this.open.delete(bundleId);
    await (await opened?.catch(() => undefined))?.close();
    rmSync(this.summaryFile(bundleId), { force: true });
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${this.storeFile(bundleId)}${suffix}`, { force: true });
    return summary;
  }

  /** The store holding an imported bundle's execution (opened once), or undefined when there is no such bundle. */
  async storeOf(bundleId: string): Promise<DurableStore | undefined> {
    if (!this.get(bundleId)) return undefined;
    let opening = this.open.get(bundleId);
    if (!opening) {
      opening = (async () => {
        const store = new SqliteStore({ path: this.storeFile(bundleId), mustExist: true });
        await store.init();
        return store;
      })();
      opening.catch(() => this.open.delete(bundleId));
      this.open.set(bundleId, opening);
    }
    return opening;
  }

  async close(): Promise<void> {
    const stores = [...this.open.values()];
    this.open.clear();
    await Promise.all(stores.map(async (s) => (await s.catch(() => undefined))?.close()));
  }
}

function writeAtomically(file: string, text: string): void {
  const partial = `${file}.partial-${randomBytes(6).toString("hex")}`;
  try {
    writeFileSync(partial, text);
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * The bundle's records under the imported id, in a new store: the execution with nothing due and
 * no lease (so even a worker pointed at this file would find nothing to run), its operations and
 * history, its log lines and its audit trail; callback stand-ins carry the bundle id.
 */
async function writeStore(file: string, bundleId: string, source: BundleContent): Promise<void> {
  const executionId = importedExecutionId(bundleId);
  const content = renameCallbackStandIns(source, importedCallbackPrefix(bundleId));
  const { nextWakeAt: _wake, leaseOwner: _owner, leaseExpiresAt: _lease, followUpAt: _followUp, openInvocation: _open, ...rest } = content.execution;
  const execution: ExecutionRecord = { ...rest, executionId, arn: executionArn(rest.functionName, rest.name, executionId) };
  const store = new SqliteStore({ path: file });
  try {
    await store.init();
    await store.executions.create({
      execution,
      operations: content.operations.map((record) => ({ ...record, executionId })),
      events: content.history,
    });
    if (content.logs.length > 0) {
      await store.transact(executionId, {}, () => ({ mutation: { logs: content.logs.map((line) => ({ ...line, executionId })) } }));
    }
    for (const record of content.audit) await store.audit.append({ ...record, executionId });
  } finally {
    await store.close();
  }
}

function renameCallbackStandIns(content: BundleContent, prefix: string): BundleContent {
  const walk = (node: unknown): unknown => {
    if (typeof node === "string") return node.includes(CALLBACK_STAND_IN_PREFIX) ? node.split(CALLBACK_STAND_IN_PREFIX).join(prefix) : node;
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== "object") return node;
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value)]));
  };
  return walk(content) as BundleContent;
}

function summarize(bundleId: string, bundle: IncidentBundle, now: Date): ImportedBundleSummary {
  const { content } = bundle;
  return {
    bundleId,
    executionId: importedExecutionId(bundleId),
    originalExecutionId: content.execution.executionId,
    originalArn: content.execution.arn,
    functionName: content.execution.functionName,
    name: content.execution.name,
    status: content.execution.status,
    digest: bundle.digest.value,
    exportedAt: content.exportedAt,
    importedAt: now.toISOString(),
    producer: content.producer,
    runtime: content.runtime,
    redaction: content.redaction,
    counts: { operations: content.operations.length, events: content.history.length, logs: content.logs.length, audit: content.audit.length },
  };
}
