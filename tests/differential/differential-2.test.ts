/** Part 2 of the differential scenarios (differential-suite.ts says why they are split). */
import { describeDifferentialPart } from "./differential-suite";

describeDifferentialPart(2);
