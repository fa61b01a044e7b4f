/**
 * The CLI's usage surface: help on every command, refused unknown flags, global flags on either
 * side of the command, errors that name flags (as JSON with --json), and read commands that never
 * create a store. Most calls run the CLI's main function in this process over real SQLite files;
 * the ones that prove a process exits (dev and worker help) spawn the real `durable` command.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "../../cli/args";
import { COMMANDS, GLOBAL_FLAGS } from "../../cli/specs";
import { withDurableExecution } from "../../sdk";
import { FunctionRegistry, Worker } from "../../sdk/runtime";
import { SqliteStore } from "../../sdk/store/sqlite";
import { bin, runInProcess as durable, type CliResult } from "./run-cli";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-cli-usage-"));
const dbPath = path.join(dir, "usage.db");
const READ_AND_STEER: string[][] = [
  ["list"],
  ["get", "some-id"],
  ["history", "some-id"],
  ["logs", "some-id"],
  ["stop", "some-id"],
  ["redrive", "some-id"],
  ["replay", "some-id"],
  ["callback", "succeed", "c2FtcGxl"],
];

function jsonError(result: CliResult): { code: string; message: string; details?: Array<{ name: string; message: string }> } {
  const parsed = JSON.parse(result.stderr) as { error: { code: string; message: string; details?: Array<{ name: string; message: string }> } };
  return parsed.error;
}

/** The files a store path left behind: the file itself and SQLite's companions. */
function leftovers(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`].filter((f) => fs.existsSync(f));
}

let store: SqliteStore;
let worker: Worker;

beforeAll(async () => {
  store = new SqliteStore({ path: dbPath });
  await store.init();
  const registry = new FunctionRegistry();
  registry.register(
    "chatty",
    withDurableExecution(async (input: { lines: number }, ctx) => {
      await ctx.step("first", async ({ logger }) => logger.info("first step ran", { n: 1 }));
      await ctx.step("bulk", async ({ logger }) => {
        for (let i = 1; i <= input.lines; i++) logger.debug(`bulk line ${i}`);
      });
      await ctx.step("first", async ({ logger }) => logger.warn("a second step named first"));
      return "done";
    }),
  );
  registry.register("hold", withDurableExecution(async (_input: unknown, ctx) => ctx.wait({ days: 1 })));
  worker = new Worker({ store, registry, retentionDays: null });
  await worker.publishFunctions();
});

afterAll(async () => {
  await worker.stop();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("help", () => {
  it("every command prints its usage, each of its flags and an example, with --help, -h and `durable help <command>`", async () => {
    for (const spec of COMMANDS) {
      const forms = [[spec.name, "--help"], [spec.name, "-h"], ["help", spec.name], ["--store", dbPath, spec.name, "--help"]];
      const outputs: string[] = [];
      for (const form of forms) {
        const result = await durable(...form);
        expect(result.code, form.join(" ")).toBe(0);
        expect(result.stderr, form.join(" ")).toBe("");
        outputs.push(result.stdout);
      }
      expect(new Set(outputs).size, spec.name).toBe(1);
      const help = outputs[0];
      expect(help).toContain(`Usage: durable ${spec.name}`);
      expect(help).toMatch(/Examples?:\n  .*durable /);
      for (const flag of [...spec.flags.map((f) => f.name), "store", "json", "help"]) expect(help, `${spec.name} --${flag}`).toMatch(new RegExp(`--${flag}\\b`));
      // Every flag the help names is one the parser takes for this command.
      for (const named of help.match(/^ {2}--[a-z-]+/gm) ?? []) {
        const { problems } = parseArgs([named.trim(), "value"], [...GLOBAL_FLAGS, ...spec.flags]);
        expect(problems, `${spec.name} ${named.trim()}`).toEqual([]);
      }
    }
  });

  it("list --help shows --cursor; the general help lists every command and the exit codes", async () => {
    expect((await durable("list", "--help")).stdout).toMatch(/--cursor <cursor>\s+the next page/);
    const general = await durable("--help");
    expect(general.code).toBe(0);
    for (const spec of COMMANDS) expect(general.stdout).toMatch(new RegExp(`^  ${spec.name}\\s`, "m"));
    expect(general.stdout).toContain("3 not found");
    expect((await durable()).stdout).toBe(general.stdout);
  });

  it("help wins over other mistakes and does nothing else: no store is opened or created", async () => {
    const missing = path.join(dir, "help-never", "x.db");
    for (const command of ["dev", "worker", "list", "start", "stop"]) {
      const result = await durable(command, "--bogus", "--store", missing, "--help");
      expect(result.code, command).toBe(0);
      expect(result.stdout).toContain(`Usage: durable ${command}`);
    }
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });

  it("`durable dev --help` and `durable worker -h` exit at once in a real process, creating nothing", async () => {
    const cwd = fs.mkdtempSync(path.join(dir, "cwd-"));
    const env = { ...process.env, DURABLE_STORE: "" };
    const run = (args: string[]) =>
      new Promise<CliResult>((resolve, reject) => {
        const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
        child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
        child.on("error", reject);
        child.on("exit", (code) => {
          clearTimeout(timer);
          resolve({ code, stdout, stderr });
        });
      });
    const [dev, worker, unknown] = await Promise.all([run(["dev", "--help"]), run(["worker", "-h"]), run(["worker", "--bogus"])]);
    expect([dev.code, worker.code]).toEqual([0, 0]);
    expect(dev.stdout).toContain("Usage: durable dev");
    expect(worker.stdout).toContain("Usage: durable worker");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown flag --bogus");
    expect(fs.readdirSync(cwd)).toEqual([]); // no .durable store, no switches file
  });
});

describe("flags", () => {
  it("refuses an unknown flag with exit 2, naming it and the flag it is close to, before opening anything", async () => {
    const result = await durable("list", "--statu", "FAILED", "--store", dbPath);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("unknown flag --statu; did you mean --status?");
    const far = await durable("get", "x", "--frobnicate", "--store", dbPath);
    expect(far.code).toBe(2);
    expect(far.stderr).toContain("unknown flag --frobnicate");
    expect(far.stderr).not.toContain("did you mean");
    for (const spec of COMMANDS) {
      const bogus = await durable(spec.name, "--no-such-flag", "--store", path.join(dir, "never", "x.db"));
      expect(bogus.code, spec.name).toBe(2);
      expect(bogus.stderr, spec.name).toContain("--no-such-flag");
    }
    expect(fs.existsSync(path.join(dir, "never"))).toBe(false);
    const command = await durable("lst", "--store", dbPath);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("unknown command lst; did you mean list?");
    const extra = await durable("get", "a", "b", "--store", dbPath);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain("unexpected argument b");
    const boolWithValue = await durable("list", "--json=yes", "--store", dbPath);
    expect(boolWithValue.code).toBe(2);
  });

  it("takes --store and --json before or after the command", async () => {
    const { code, stdout } = await durable("start", "hold", "--input", "{}", "--name", "both-sides", "--store", dbPath, "--json");
    expect(code).toBe(0);
    const id = (JSON.parse(stdout) as { execution: { executionId: string } }).execution.executionId;
    const before = await durable("--store", dbPath, "--json", "get", id);
    const after = await durable("get", id, "--store", dbPath, "--json");
    const mixed = await durable("--json", "get", "--store", dbPath, id);
    const equals = await durable(`--store=${dbPath}`, "get", id, "--json");
    for (const result of [before, after, mixed, equals]) {
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ executionId: id, status: "RUNNING" });
    }
    const notGlobal = await durable("--status", "FAILED", "list", "--store", dbPath);
    expect(notGlobal.code).toBe(2);
    expect(notGlobal.stderr).toContain("unknown flag --status before the command");
  });

  it("--json prints every error as {error:{code}} with a specific code, and names flags, not schema paths", async () => {
    const cases: Array<[string[], number, string]> = [
      [["list", "--statu", "FAILED"], 2, "VALIDATION_ERROR"],
      [["frobnicate"], 2, "VALIDATION_ERROR"],
      [["get"], 2, "VALIDATION_ERROR"],
      [["list", "--from", "yesterday"], 2, "VALIDATION_ERROR"],
      [["list", "--limit", "5000"], 2, "VALIDATION_ERROR"],
      [["list", "--cursor", "garbage"], 2, "VALIDATION_ERROR"],
      [["list", "--status", "DONE"], 2, "VALIDATION_ERROR"],
      [["start", "hold", "--input", "{not json"], 2, "VALIDATION_ERROR"],
      [["get", "no-such-execution"], 3, "EXECUTION_NOT_FOUND"],
      [["callback", "succeed", "c2FtcGxl"], 3, "CALLBACK_NOT_FOUND"],
      [["get", "x", "--store", "nosuch://x"], 2, "INVALID_STORE_URL"],
      [["list", "--store", path.join(dir, "missing.db")], 3, "STORE_NOT_FOUND"],
    ];
    for (const [args, exitCode, code] of cases) {
      const result = await durable(...args, ...(args.includes("--store") ? [] : ["--store", dbPath]), "--json");
      expect(result.code, args.join(" ")).toBe(exitCode);
      expect(result.stdout, args.join(" ")).toBe("");
      expect(jsonError(result), args.join(" ")).toMatchObject({ code, message: expect.any(String) });
    }
    const from = jsonError(await durable("list", "--from", "yesterday", "--to", "2026-01-01T00:00:00Z", "--store", dbPath, "--json"));
    expect(from.message).toMatch(/^--from: /);
    expect(from.details).toEqual([{ name: "--from", message: expect.any(String) }]);
    expect(from.message).not.toMatch(/startedAfter|listExecutions/);
    const limit = await durable("list", "--limit", "5000", "--store", dbPath);
    expect(limit.stderr).toMatch(/^durable: --limit: /);
    expect(limit.stderr).not.toContain("listExecutions");
    const cursor = await durable("list", "--cursor", "garbage", "--store", dbPath);
    expect(cursor.stderr).toMatch(/^durable: --cursor: /);
    const input = await durable("replay", "some-id", "--input", "{", "--store", dbPath);
    expect(input.stderr).toMatch(/^durable: --input: must be valid JSON/);
  });
});

describe("the store", () => {
  it("is never created by a read or steering command: exit 3, a clear message, and no folder, file, -wal or -shm", async () => {
    const inMissingFolder = path.join(dir, "nonexistent", "dir", "x.db");
    const inExistingFolder = path.join(dir, "empty-folder", "x.db");
    fs.mkdirSync(path.dirname(inExistingFolder));
    for (const file of [inMissingFolder, inExistingFolder]) {
      for (const args of READ_AND_STEER) {
        const result = await durable(...args, "--store", file);
        expect(result.code, args.join(" ")).toBe(3);
        expect(result.stderr).toBe(`durable: STORE_NOT_FOUND: no store at ${file}; start one with \`durable dev\` or \`durable worker\`\n`);
        const viaUrl = await durable(...args, "--store", `sqlite:${file}`, "--json");
        expect(jsonError(viaUrl).code).toBe("STORE_NOT_FOUND");
      }
    }
    expect(fs.existsSync(path.join(dir, "nonexistent"))).toBe(false);
    expect(fs.readdirSync(path.dirname(inExistingFolder))).toEqual([]);
  });

  it("is created by start, which makes work for a worker", async () => {
    const file = path.join(dir, "new", "started.db");
    const result = await durable("start", "anything", "--input", "{}", "--store", file);
    expect(result.code).toBe(0);
    expect(leftovers(file)).toContain(file);
    expect((await durable("list", "--store", file)).stdout).toContain("anything");
  });
});

describe("list pages and logs", () => {
  it("list prints the next page's --cursor, and that cursor reads the rest", async () => {
    const file = path.join(dir, "paging.db");
    for (let i = 1; i <= 5; i++) expect((await durable("start", "paged", "--input", "{}", "--name", `page-${i}`, "--store", file)).code).toBe(0);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await durable("list", "--limit", "2", "--store", file, ...(cursor ? ["--cursor", cursor] : []));
      expect(result.code).toBe(0);
      seen.push(...[...result.stdout.matchAll(/page-\d/g)].map((m) => m[0]));
      cursor = /^more: --cursor (\S+)$/m.exec(result.stdout)?.[1];
      if (!cursor) break;
    }
    expect(seen).toEqual(["page-5", "page-4", "page-3", "page-2", "page-1"]);
    const json = JSON.parse((await durable("list", "--limit", "2", "--store", file, "--json")).stdout) as { items: unknown[]; nextCursor?: string };
    expect(json.items).toHaveLength(2);
    expect(json.nextCursor).toEqual(expect.any(String));
  });

  it("logs prints an execution's log lines, every page, and one operation's by id or name", async () => {
    const started = await durable("start", "chatty", "--input", '{"lines":1005}', "--store", dbPath, "--json");
    const id = (JSON.parse(started.stdout) as { execution: { executionId: string } }).execution.executionId;
    await worker.drain();

    const all = await durable("logs", id, "--store", dbPath);
    expect(all.code).toBe(0);
    const lines = all.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(1007); // more than one page of 1000
    expect(lines[0]).toMatch(/^\S+Z {2}INFO {3}first {2}first step ran \{"n":1\}$/);
    expect(lines[1005]).toContain("bulk line 1005");
    expect(lines[1006]).toMatch(/WARN .*a second step named first/);

    const json = JSON.parse((await durable("logs", id, "--store", dbPath, "--json")).stdout) as { logs: Array<{ seq: number; operationId: string; operationName: string }> };
    expect(json.logs.map((l) => l.seq)).toEqual(Array.from({ length: 1007 }, (_, i) => i + 1));
    const bulkId = json.logs[1]!.operationId;

    const byName = await durable("logs", id, "--operation", "bulk", "--store", dbPath);
    const byId = await durable("logs", id, "--operation", bulkId, "--store", dbPath);
    expect(byName.stdout.trimEnd().split("\n")).toHaveLength(1005);
    expect(byId.stdout).toBe(byName.stdout);

    const ambiguous = await durable("logs", id, "--operation", "first", "--store", dbPath);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain("2 operations have this name");
    const unknown = await durable("logs", id, "--operation", "nope", "--store", dbPath, "--json");
    expect(unknown.code).toBe(3);
    expect(jsonError(unknown).code).toBe("OPERATION_NOT_FOUND");
    expect((await durable("logs", "no-such-execution", "--store", dbPath)).code).toBe(3);
  });
});
