/** Every differential scenario, by area. */
import type { Scenario } from "../scenario";
import { basicScenarios } from "./basics";

export const scenarios: Scenario[] = [...basicScenarios];
