/**
 * Fed to the retry strategy when replay finds an AT_MOST_ONCE_PER_RETRY step still STARTED:
 * the previous attempt began but its outcome was never recorded, so it must not be re-run
 * blindly. The message matches the official SDK's (it ends up in history).
 */
export class StepInterruptedError extends Error {
  constructor(
    readonly stepId: string,
    readonly stepName?: string,
  ) {
    super("The step execution process was initiated but failed to reach completion due to an interruption.");
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = "StepInterruptedError";
  }
}
