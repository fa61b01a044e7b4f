/** Job kinds named where the store, the runner and the audit must agree on them. */
export const DETERMINISM_CHECK_KIND = "check-determinism";
