/** Every differential scenario, by area. */
import type { Scenario } from "../scenario";
import { basicScenarios } from "./basics";
import { errorScenarios } from "./errors";
import { runnerScenarios } from "./runner";
import { stepScenarios, waitScenarios } from "./operations";
import { childContextScenarios, conditionScenarios } from "./operations-conditions";
import { batchScenarios, combinatorScenarios, invokeScenarios, loggerScenarios } from "./operations-batches";

export const scenarios: Scenario[] = [
  ...basicScenarios,
  ...stepScenarios,
  ...waitScenarios,
  ...conditionScenarios,
  ...childContextScenarios,
  ...batchScenarios,
  ...combinatorScenarios,
  ...loggerScenarios,
  ...invokeScenarios,
  ...errorScenarios,
  ...runnerScenarios,
];
