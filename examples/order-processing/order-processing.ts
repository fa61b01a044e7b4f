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

export interface ApprovalDecision {
  approved: boolean;
  approver?: string;
  comment?: string;
}

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

  const decision = await context.waitForCallback<ApprovalDecision | string>(
    "approval",
    async (callbackId, { logger }) => {
      logger.info("approval requested", { callbackId, orderId: order.orderId, amount: payment.amount });
    },
    { timeout: { days: 7 } },
  );
  const approval = parseDecision(decision);
  if (!approval.approved) {
    context.logger.warn("order rejected", { orderId: order.orderId, comment: approval.comment });
    return { orderId: order.orderId, status: "REJECTED", reservation, payment, approval };
  }

  const shipment = await context.step("create-shipment", async () => ({
    shipmentId: `shp-${order.orderId}`,
    carrier: "local-post",
  }));
  return { orderId: order.orderId, status: "SHIPPED", reservation, payment, approval, shipment };
}

export const handler = withDurableExecution(orderWorkflow);

/** Callback results arrive as raw strings; accept JSON decisions and plain "approve"/"reject". */
function parseDecision(raw: ApprovalDecision | string | undefined): ApprovalDecision {
  if (raw && typeof raw === "object") return raw;
  const text = String(raw ?? "").trim();
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === "object" && "approved" in parsed) return parsed as ApprovalDecision;
    if (typeof parsed === "boolean") return { approved: parsed };
  } catch {
    // not JSON: fall through to the plain words
  }
  return { approved: /^(approve|approved|yes|true)$/i.test(text) };
}
