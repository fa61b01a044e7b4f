/**
 * Fixtures every spec uses: `api` starts executions through the console's HTTP API (the worker
 * in the runner process runs them) and waits for states; names are unique per test so tests
 * never see each other's executions.
 */
import { test as base, expect, type APIRequestContext } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";

export interface ExecutionJson {
  executionId: string;
  name: string;
  status: string;
  result?: string;
}

export class Api {
  constructor(
    private readonly request: APIRequestContext,
    readonly tag: string,
  ) {}

  async start(functionName: string, name: string, input: unknown): Promise<string> {
    const response = await this.request.post("/api/executions", {
      data: { functionName, name: `${name}-${this.tag}`, input: JSON.stringify(input) },
    });
    expect(response.status(), await response.text()).toBe(201);
    return ((await response.json()) as { executionId: string }).executionId;
  }

  async get(executionId: string): Promise<ExecutionJson> {
    const response = await this.request.get(`/api/executions/${executionId}`);
    expect(response.ok()).toBe(true);
    return (await response.json()) as ExecutionJson;
  }

  async waitForStatus(executionId: string, status: string, timeoutMs = 30_000): Promise<ExecutionJson> {
    await expect.poll(async () => (await this.get(executionId)).status, { timeout: timeoutMs }).toBe(status);
    return this.get(executionId);
  }

  async waitForPendingCallback(executionId: string, timeoutMs = 30_000): Promise<void> {
    await expect
      .poll(
        async () => {
          const page = (await (await this.request.get("/api/approvals?limit=1000")).json()) as { items: Array<{ executionId: string }> };
          return page.items.some((pending) => pending.executionId === executionId);
        },
        { timeout: timeoutMs },
      )
      .toBe(true);
  }
}

export const test = base.extend<{ api: Api }>({
  api: async ({ request }, use, testInfo) => {
    await use(new Api(request, `t${testInfo.workerIndex}-${Date.now().toString(36)}`));
  },
});

export { expect };

/** Ids of the demo executions the global setup seeded. */
export function demoIds(): Record<string, string> {
  return JSON.parse(readFileSync(path.join(process.env.E2E_DATA_DIR!, "demo-ids.json"), "utf8")) as Record<string, string>;
}

export { sampleOrder as order } from "../../examples/order-processing/sample-order";
