import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LocalDurableTestRunner } from "../../sdk/testing";
import { expectGoldenHistory } from "../support/golden";
import { setSwitch } from "../support/switches";
import { handler, warehouseSwitch } from "./inventory-sync";

describe("inventory-sync", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switches-"));
  beforeAll(() => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true }));
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());
  beforeEach(() => {
    process.env.DURABLE_EXAMPLE_SWITCHES = path.join(dir, `switches-${Math.random()}.json`);
  });

  it("fails after three attempts while the warehouse API is down", async () => {
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const result = await runner.run({ payload: { warehouse: "oslo", skus: ["a", "b"] } });
    expect(result.getStatus()).toBe("FAILED");
    expect(result.getError()).toMatchObject({ errorType: "StepError", errorMessage: "Warehouse oslo API returned 503 Service Unavailable" });
    expect(runner.getOperation("push-to-warehouse").getStepDetails()).toMatchObject({ attempt: 2, error: { errorType: "Error" } });
    expectGoldenHistory(result.getHistoryEvents(), path.join(__dirname, "inventory-sync.history.json"));
  });

  it("syncs when the warehouse API is up", async () => {
    setSwitch(warehouseSwitch("oslo"), true);
    const runner = new LocalDurableTestRunner({ handlerFunction: handler });
    const result = await runner.run({ payload: { warehouse: "oslo", skus: ["a", "b"] } });
    expect(result.getResult()).toEqual({ synced: 2, warehouse: "oslo" });
  });
});
