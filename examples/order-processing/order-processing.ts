import { z } from "zod";
import { createRetryStrategy, JitterStrategy, retryPresets, withDurableExecution, type DurableContext } from "../../sdk";

export interface OrderInput {
  orderId: string;
  customerId: string;
  items: Array<{ sku: string; quantity: number; unitPrice: number }>;
  /** Demo switch: the payment provider declines this many attempts before accepting. */
  paymentDeclines?: number;
  /** How long to hold the order before asking for approval (the fraud-review window). */
  holdSeconds?: number;
}

/**
 * The approver's answer, declared once: the console renders it as a form (Approve / Reject, a
 * reason, and the approver filled with whoever is signed in), and every answer, from the console,
 * the CLI or the Lambda API, is checked against it before the callback closes. On AWS the schema
 * is an unknown config field and is ignored.
 */
export const approvalSchema = z
  .object({
    approved: z.boolean().describe("Ship this order?"),
    reason: z.string().max(500).describe("Why, in a sentence: customer service reads it").optional(),
    approver: z.string().min(1).max(200).meta({ "x-durable-fill": "signed-in-user" }).optional(),
  })
  .strict();

export type ApprovalDecision = z.infer<typeof approvalSchema>;

/**
 * The order workflow from the product pitch: validate, reserve stock, take payment (retried with
 * exponential backoff), hold for review, wait for a person to approve, then ship. Exported
 * unwrapped too, so the official SDK's `withDurableExecution` can wrap the same code (the
 * remote-handler tests run it in its own process).
 */
export async function orderWorkflow(order: OrderInput, context: DurableContext) {
  // A bad order will not become good on a retry: validation fails at once.
  const validated = await context.step("validate-order", async () => {
    if (!order?.orderId || !Array.isArray(order.items) || order.items.length === 0) {
      throw new Error("An order needs an orderId and at least one item");
    }
    const total = order.items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
    return { orderId: order.orderId, total: Math.round(total * 100) / 100 };
  }, { retryStrategy: retryPresets.noRetry });

  const reservation = await context.step("reserve-inventory", async ({ logger }) => {
    logger.info("reserving stock", { skus: order.items.map((item) => item.sku) });
    return { reservationId: `rsv-${order.orderId}`, lines: order.items.length };
  });

  const payment = await context.step(
    "process-payment",
    async ({ attempt, logger }) => {
      if (attempt <= (order.paymentDeclines ?? 0)) {
        logger.warn("payment provider declined", { attempt });
        throw new Error(`Payment provider declined the charge (attempt ${attempt})`);
      }
      return { chargeId: `ch-${order.orderId}-${attempt}`, amount: validated.total };
    },
    {
      retryStrategy: createRetryStrategy({
        maxAttempts: 4,
        initialDelay: { seconds: 2 },
        backoffRate: 2,
        maxDelay: { seconds: 30 },
        jitter: JitterStrategy.NONE,
      }),
    },
  );

  await context.wait("fraud-review-hold", { seconds: order.holdSeconds ?? 5 });

  const answer = await context.waitForCallback<string>(
    "approval",
    async (callbackId, { logger }) => {
      logger.info("approval requested", { callbackId, orderId: order.orderId, amount: payment.amount });
    },
    { answerSchema: approvalSchema, timeout: { days: 7 } },
  );
  const approval = parseDecision(answer);
  if (!approval.approved) {
    context.logger.warn("order rejected", { orderId: order.orderId, reason: approval.reason });
    return { orderId: order.orderId, status: "REJECTED", reservation, payment, approval };
  }

  const shipment = await context.step("create-shipment", async () => ({
    shipmentId: `shp-${order.orderId}`,
    carrier: "local-post",
  }));
  return { orderId: order.orderId, status: "SHIPPED", reservation, payment, approval, shipment };
}

export const handler = withDurableExecution(orderWorkflow);

/**
 * The answer, checked again here: our runtime refused anything else at the door, but a handler
 * run by another runtime (AWS, or the official SDK in its own process) receives the raw text.
 */
function parseDecision(raw: string): ApprovalDecision {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`The approval answer is not JSON: ${raw.slice(0, 80)}`);
  }
  return approvalSchema.parse(parsed);
}
