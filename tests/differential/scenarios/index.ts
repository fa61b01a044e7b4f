/** Every differential scenario, by area. */
import type { Scenario } from "../scenario";
import { basicScenarios } from "./basics";
import { runnerScenarios } from "./runner";

export const scenarios: Scenario[] = [...basicScenarios, ...runnerScenarios];
