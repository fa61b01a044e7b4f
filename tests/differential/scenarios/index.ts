/** Every differential scenario, by area. */
import type { Scenario } from "../scenario";
import { basicScenarios } from "./basics";
import { errorScenarios } from "./errors";
import { runnerScenarios } from "./runner";

export const scenarios: Scenario[] = [...basicScenarios, ...errorScenarios, ...runnerScenarios];
