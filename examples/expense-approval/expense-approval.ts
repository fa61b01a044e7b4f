import { z } from "zod";
import { withDurableExecution } from "../../sdk";

export interface ExpenseClaim {
  claimId: string;
  employee: string;
  amount: number;
  currency: string;
  purpose: string;
}

/**
 * The reviewer's answer, declared once: the console renders it as a form (a decision, the amount
 * to pay, a cost center to charge, a note) and every answer, from the console, the CLI or an API,
 * is checked against it. `reviewer` is filled with whoever answers in the console.
 */
export const reviewSchema = z
  .object({
    approved: z.boolean().describe("Pay this claim?"),
    amountApproved: z.number().min(0).describe("What to pay; may be less than claimed").optional(),
    costCenter: z.enum(["engineering", "sales", "operations", "marketing"]).describe("Who pays for it"),
    note: z.string().max(500).describe("Why, in a sentence: the employee reads it").optional(),
    reviewer: z.string().min(1).meta({ "x-durable-fill": "signed-in-user" }).optional(),
  })
  .strict();

export type Review = z.infer<typeof reviewSchema>;

/**
 * An expense claim: checked against the policy, then a person reviews it through a typed form
 * (answerSchema), then it is paid what the reviewer approved, or the employee is told why not.
 */
export const handler = withDurableExecution(async (claim: ExpenseClaim, context) => {
  const checked = await context.step("check-policy", async () => ({
    claimId: claim.claimId,
    withinPolicy: claim.amount <= 500,
    limit: 500,
  }));

  const answer = await context.waitForCallback<string>(
    "review",
    async (callbackId, { logger }) => {
      logger.info("review requested", { callbackId, claimId: claim.claimId, amount: claim.amount, withinPolicy: checked.withinPolicy });
    },
    { answerSchema: reviewSchema, timeout: { days: 14 } },
  );
  const review = reviewSchema.parse(JSON.parse(answer));

  if (!review.approved) {
    await context.step("notify-rejection", async () => ({ to: claim.employee, note: review.note ?? "rejected" }));
    return { claimId: claim.claimId, status: "REJECTED", review };
  }
  const paid = await context.step("pay", async () => ({
    paymentId: `pay-${claim.claimId}`,
    amount: Math.min(review.amountApproved ?? claim.amount, claim.amount),
    currency: claim.currency,
    costCenter: review.costCenter,
  }));
  return { claimId: claim.claimId, status: "PAID", paid, review };
});
