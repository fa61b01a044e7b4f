export {
  BatchResultImpl,
  restoreBatchResult,
  createBatchResultSerdes,
  type SerializedBatchError,
  type SerializedBatchItem,
  type SerializedBatchResult,
} from "./batch-result";
export {
  evaluateCompletion,
  validateCompletionConfig,
  completeBatch,
  continueBatch,
  type CompletionEvaluation,
} from "./completion";
