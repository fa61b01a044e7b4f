import { withDurableExecution } from "../../sdk";

export interface FanOutInput {
  /** Recipients of a notification batch. */
  recipients: string[];
  /** Recipients whose delivery fails (demo switch for partial failure). */
  unreachable?: string[];
}

/**
 * Fan-out: load the campaign and the suppression list in parallel, then notify every recipient
 * in a map with bounded concurrency, tolerating a few failed deliveries.
 */
export const handler = withDurableExecution(async (input: FanOutInput, context) => {
  const setup = await context.parallel("load-campaign", [
    { name: "campaign", func: async (branch) => branch.step("fetch-campaign", async () => ({ subject: "Your order shipped" })) },
    { name: "suppressions", func: async (branch) => branch.step("fetch-suppressions", async () => ["blocked@example.com"]) },
  ]);
  const [campaign, suppressed] = setup.getResults() as [{ subject: string }, string[]];
  const recipients = (input.recipients ?? []).filter((r) => !suppressed.includes(r));
  const unreachable = new Set(input.unreachable ?? []);

  const deliveries = await context.map(
    "notify-recipients",
    recipients,
    async (item, recipient) =>
      item.step("send-notification", async () => {
        if (unreachable.has(recipient)) throw new Error(`Mailbox ${recipient} is unreachable`);
        return { recipient, subject: campaign.subject, messageId: `msg-${recipient}` };
      }, { retryStrategy: () => ({ shouldRetry: false }) }),
    {
      maxConcurrency: 3,
      itemNamer: (recipient) => `notify-${recipient}`,
      completionConfig: { toleratedFailureCount: 2 },
    },
  );

  return {
    sent: deliveries.succeeded().map((item) => item.result),
    failed: deliveries.failed().map((item) => ({ index: item.index, error: item.error?.message })),
    completionReason: deliveries.completionReason,
  };
});
