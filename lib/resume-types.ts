/**
 * What the console's "resume safely" API answers (browser-safe: types only). The shapes are the
 * client API's own (sdk/runtime/redrive-preview, sdk/runtime/determinism).
 */
import type { DeterminismReport, FunctionDeterminismReport } from "@/sdk/runtime/determinism";
import type { RedrivePlan, RedrivePreview, RedrivePreviewOperation } from "@/sdk/runtime/redrive-preview";

export type { DeterminismReport, FunctionDeterminismReport, RedrivePlan, RedrivePreview, RedrivePreviewOperation };

/** The check could not run here: the console does not have the function's code. */
export interface DeterminismUnavailable {
  verdict: "unavailable";
  message: string;
}

/** The console has no code, so a worker that has it was asked: the page asks again until it answers. */
export interface DeterminismChecking {
  verdict: "checking";
  jobId: string;
  message: string;
}

export type DeterminismAnswer = DeterminismReport | DeterminismUnavailable | DeterminismChecking;

/** GET /api/executions/:id/redrive-preview */
export interface RedrivePlanView {
  preview: RedrivePreview;
  determinism: DeterminismAnswer;
}

/** POST /api/executions/:id/rerun */
export interface RerunResult {
  executionId: string;
  fromOperationId: string;
  carriedOperationIds: string[];
}
