import type { FunctionRegistry } from "../sdk/runtime";
import { handler as orderProcessing } from "./order-processing/order-processing";
import { sampleOrder } from "./order-processing/sample-order";
import { handler as expenseApproval } from "./expense-approval/expense-approval";
import { handler as fanOut } from "./fan-out/fan-out";
import { handler as waitForJob } from "./wait-for-job/wait-for-job";
import { handler as inventorySync } from "./inventory-sync/inventory-sync";
import { creditCheckHandler, handler as customerOnboarding, sendWelcomeEmail } from "./customer-onboarding/customer-onboarding";

export interface ExampleFunction {
  name: string;
  description: string;
  /**
   * An input to start it with (the console's Start dialog offers it). Each reaches what its
   * description promises: it succeeds, order-processing waits for its approval, and
   * inventory-sync fails until its warehouse is up and then succeeds when redriven.
   */
  sampleInput: unknown;
  handler: unknown;
  /** Plain (non-durable) functions are only chained-invoke targets. */
  plain?: boolean;
}

/** Every example function, by the name it is registered under. */
export const exampleFunctions: ExampleFunction[] = [
  {
    name: "order-processing",
    description: "Validate, reserve, pay with retries, hold, approval, ship",
    sampleInput: sampleOrder("A-2001", { holdSeconds: 5 }),
    handler: orderProcessing,
  },
  {
    name: "fan-out",
    description: "Parallel setup, then a map over recipients with bounded concurrency",
    sampleInput: { recipients: ["ana@example.com", "bo@example.com", "cy@example.com", "di@example.com"] },
    handler: fanOut,
  },
  {
    name: "wait-for-job",
    description: "Submit an export and poll it with waitForCondition",
    sampleInput: { jobId: "export-2026-03", pollsUntilDone: 2 },
    handler: waitForJob,
  },
  {
    name: "inventory-sync",
    description: "Exhausts its retries while the warehouse API is down; redrive it once it is up",
    sampleInput: { warehouse: "berlin", skus: ["KB-01", "MS-02"] },
    handler: inventorySync,
  },
  {
    name: "customer-onboarding",
    description: "Chained invokes of a durable and a plain function",
    sampleInput: { customerId: "cust-42", email: "ana@example.com" },
    handler: customerOnboarding,
  },
  {
    name: "expense-approval",
    description: "A policy check, then a reviewer answers a typed form (answerSchema): pay what they approve",
    sampleInput: { claimId: "EX-1", employee: "dana@example.com", amount: 740, currency: "EUR", purpose: "Conference travel" },
    handler: expenseApproval,
  },
  { name: "credit-check", description: "Durable chained-invoke target", sampleInput: { customerId: "cust-42" }, handler: creditCheckHandler },
  {
    name: "send-welcome-email",
    description: "Plain chained-invoke target",
    sampleInput: { email: "ana@example.com", tier: "gold" },
    handler: sendWelcomeEmail,
    plain: true,
  },
];

/** Registers every example with its description and sample input. */
export function registerExamples(registry: FunctionRegistry): FunctionRegistry {
  for (const fn of exampleFunctions) {
    const options = { description: fn.description, sampleInput: fn.sampleInput };
    if (fn.plain) registry.registerPlain(fn.name, fn.handler as never, options);
    else registry.register(fn.name, fn.handler as never, options);
  }
  return registry;
}
