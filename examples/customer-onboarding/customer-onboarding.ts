import { withDurableExecution } from "../../sdk";

export interface OnboardingInput {
  customerId: string;
  email: string;
}

/** Chained invoke target: a durable credit check with its own steps and history. */
export const creditCheckHandler = withDurableExecution(async (input: { customerId: string }, context) => {
  const score = await context.step("fetch-credit-score", async () => 600 + (hash(input.customerId) % 250));
  return { customerId: input.customerId, score, tier: score >= 700 ? "gold" : "standard" };
});

/** Chained invoke target: an ordinary (non-durable) function. */
export async function sendWelcomeEmail(input: { email: string; tier: string }): Promise<{ messageId: string }> {
  return { messageId: `welcome-${input.email}-${input.tier}` };
}

/**
 * Chained invokes: onboarding runs the durable `credit-check` function and the plain
 * `send-welcome-email` function, suspending while each one runs.
 */
export const handler = withDurableExecution(async (input: OnboardingInput, context) => {
  const account = await context.step("create-account", async () => ({ accountId: `acct-${input.customerId}` }));
  const credit = await context.invoke<{ customerId: string }, { score: number; tier: string }>("credit-check", "credit-check", {
    customerId: input.customerId,
  });
  const email = await context.invoke<{ email: string; tier: string }, { messageId: string }>("welcome-email", "send-welcome-email", {
    email: input.email,
    tier: credit.tier,
  });
  return { ...account, tier: credit.tier, score: credit.score, welcomeMessageId: email.messageId };
});

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}
