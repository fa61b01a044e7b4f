import { createWaitStrategy, withDurableExecution } from "../../sdk";

export interface JobInput {
  jobId: string;
  /** How many polls the (simulated) export job needs before it reports done. */
  pollsUntilDone?: number;
}

interface JobState {
  polls: number;
  status: "RUNNING" | "DONE";
}

/**
 * Polling with waitForCondition: submit a report export, then check its status with backoff
 * until it is done. Between checks the execution is suspended: no process waits.
 */
export const handler = withDurableExecution(async (input: JobInput, context) => {
  const submitted = await context.step("submit-export", async () => ({ jobId: input.jobId, submittedAt: new Date().toISOString() }));
  const needed = input.pollsUntilDone ?? 3;

  const finalState = await context.waitForCondition<JobState>(
    "poll-export-status",
    async (state, { logger }) => {
      const polls = state.polls + 1;
      logger.info("checked export status", { jobId: input.jobId, polls });
      return { polls, status: polls >= needed ? "DONE" : "RUNNING" };
    },
    {
      initialState: { polls: 0, status: "RUNNING" },
      waitStrategy: createWaitStrategy<JobState>({
        shouldContinuePolling: (state) => state.status !== "DONE",
        initialDelay: { seconds: 2 },
        maxDelay: { seconds: 10 },
        maxAttempts: 20,
      }),
    },
  );

  const link = await context.step("publish-download-link", async () => `https://downloads.local/${submitted.jobId}.csv`);
  return { jobId: submitted.jobId, polls: finalState.polls, link };
});
