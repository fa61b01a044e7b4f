import { handler as orderProcessing } from "./order-processing/order-processing";
import { handler as fanOut } from "./fan-out/fan-out";
import { handler as waitForJob } from "./wait-for-job/wait-for-job";
import { handler as inventorySync } from "./inventory-sync/inventory-sync";
import { creditCheckHandler, handler as customerOnboarding, sendWelcomeEmail } from "./customer-onboarding/customer-onboarding";

export interface ExampleFunction {
  name: string;
  description: string;
  handler: unknown;
  /** Plain (non-durable) functions are only chained-invoke targets. */
  plain?: boolean;
}

/** Every example function, by the name it is registered under. */
export const exampleFunctions: ExampleFunction[] = [
  { name: "order-processing", description: "Validate, reserve, pay with retries, hold, approval, ship", handler: orderProcessing },
  { name: "fan-out", description: "Parallel setup, then a map over recipients with bounded concurrency", handler: fanOut },
  { name: "wait-for-job", description: "Submit an export and poll it with waitForCondition", handler: waitForJob },
  { name: "inventory-sync", description: "Exhausts its retries while the warehouse API is down; redrive it once it is up", handler: inventorySync },
  { name: "customer-onboarding", description: "Chained invokes of a durable and a plain function", handler: customerOnboarding },
  { name: "credit-check", description: "Durable chained-invoke target", handler: creditCheckHandler },
  { name: "send-welcome-email", description: "Plain chained-invoke target", handler: sendWelcomeEmail, plain: true },
];
