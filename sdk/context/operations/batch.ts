import type { DurablePromise } from "../../types/durable-promise";
import type {
  BatchItem,
  BatchResult,
  CompletionConfig,
  MapConfig,
  MapFunc,
  NamedParallelBranch,
  ParallelConfig,
  ParallelFunc,
} from "../../types/api";
import { NestingType } from "../../types/api";
import { BatchResultImpl, createBatchResultSerdes, evaluateCompletion } from "../../batch";
import { ChildContextError, errorToErrorObject } from "../../errors";
import type { Serdes } from "../../utils/serdes";
import { ContextCore, type OperationIdentity } from "../context-core";
import { durable } from "./common";
import { childContextError, runChild, type ChildContextFactory } from "./child-context";

interface BatchEntry<T> {
  name: string;
  run: (child: ContextCore) => Promise<T>;
}

interface BatchOptions<T> {
  itemSubType: "MapIteration" | "ParallelBranch";
  maxConcurrency?: number;
  completionConfig?: CompletionConfig;
  nesting?: NestingType;
  itemSerdes?: Serdes<T>;
  serdes?: Serdes<BatchResult<T>>;
  summaryGenerator?: (result: BatchResult<T>) => string;
}

/** The options map and parallel share, taken from either's config. */
function batchOptions<T>(itemSubType: BatchOptions<T>["itemSubType"], config: Omit<BatchOptions<T>, "itemSubType"> | undefined): BatchOptions<T> {
  return {
    itemSubType,
    maxConcurrency: config?.maxConcurrency,
    completionConfig: config?.completionConfig,
    nesting: config?.nesting,
    itemSerdes: config?.itemSerdes,
    serdes: config?.serdes,
    summaryGenerator: config?.summaryGenerator,
  };
}

export function map<I, O>(
  core: ContextCore,
  makeContext: ChildContextFactory,
  name: string | undefined,
  items: I[],
  fn: MapFunc<I, O>,
  config?: MapConfig<I, O>,
): DurablePromise<BatchResult<O>> {
  if (!Array.isArray(items)) throw new TypeError("map needs an array of items");
  const identity = core.nextIdentity("CONTEXT", "Map", name);
  const entries = items.map<BatchEntry<O>>((item, index) => ({
    name: config?.itemNamer ? config.itemNamer(item, index) : `map-item-${index}`,
    run: (child) => fn(makeContext(child) as never, item, index, items),
  }));
  return durable(core, identity, () =>
    runBatch(core, identity, entries, batchOptions<O>("MapIteration", config)),
  );
}

export function parallel<T>(
  core: ContextCore,
  makeContext: ChildContextFactory,
  name: string | undefined,
  branches: (ParallelFunc<T> | NamedParallelBranch<T>)[],
  config?: ParallelConfig<T>,
): DurablePromise<BatchResult<T>> {
  if (!Array.isArray(branches)) throw new TypeError("parallel needs an array of branches");
  const identity = core.nextIdentity("CONTEXT", "Parallel", name);
  const entries = branches.map<BatchEntry<T>>((branch, index) => {
    const func = typeof branch === "function" ? branch : branch.func;
    const branchName = typeof branch === "function" ? undefined : branch.name;
    return { name: branchName ?? `parallel-branch-${index}`, run: (child) => func(makeContext(child) as never) };
  });
  return durable(core, identity, () =>
    runBatch(core, identity, entries, batchOptions<T>("ParallelBranch", config)),
  );
}

/**
 * Runs items in their own child contexts, at most `maxConcurrency` at a time, starting them in
 * index order so operation ids stay deterministic, and stops starting new ones once the
 * completion config is satisfied. The batch's outcome is the Map/Parallel context's result.
 */
function runBatch<T>(core: ContextCore, identity: OperationIdentity, entries: BatchEntry<T>[], options: BatchOptions<T>): Promise<BatchResult<T>> {
  return runChild<BatchResult<T>>(
    core,
    identity,
    (batchCore) => executeItems(batchCore, entries, options),
    { serdes: options.serdes ?? createBatchResultSerdes<T>(), summaryGenerator: options.summaryGenerator },
  );
}

function executeItems<T>(batchCore: ContextCore, entries: BatchEntry<T>[], options: BatchOptions<T>): Promise<BatchResult<T>> {
  const flat = options.nesting === NestingType.FLAT;
  const identities = entries.map((entry) => batchCore.nextIdentity("CONTEXT", options.itemSubType, entry.name));
  const limit = options.maxConcurrency && options.maxConcurrency > 0 ? options.maxConcurrency : entries.length;
  const results: Array<BatchItem<T> | undefined> = new Array(entries.length);
  let nextIndex = 0;
  let running = 0;
  let finished = false;

  return new Promise<BatchResult<T>>((resolve, reject) => {
    const status = () => {
      const settled = results.filter((r): r is BatchItem<T> => r !== undefined && r.status !== "STARTED");
      const successCount = settled.filter((r) => r.status === "SUCCEEDED").length;
      return {
        successCount,
        failureCount: settled.length - successCount,
        completedCount: settled.length,
        totalCount: entries.length,
        items: results.flatMap((r, index) => (r ? [{ index, name: entries[index].name, status: r.status }] : [])),
      };
    };
    const finish = (reason: ConstructorParameters<typeof BatchResultImpl<T>>[1]) => {
      finished = true;
      resolve(new BatchResultImpl<T>(results.filter((r): r is BatchItem<T> => r !== undefined), reason));
    };
    const startMore = () => {
      if (finished) return;
      if (entries.length === 0) return finish("ALL_COMPLETED");
      while (running < limit && nextIndex < entries.length) startItem(nextIndex++);
    };
    const startItem = (index: number) => {
      running++;
      results[index] = { index, status: "STARTED" } as BatchItem<T>;
      runChild(batchCore, identities[index], entries[index].run, { virtual: flat, serdes: options.itemSerdes }).then(
        (result) => settle(index, { index, status: "SUCCEEDED", result } as BatchItem<T>),
        (error: unknown) => {
          if (batchCore.state.terminated) return;
          const childError = error instanceof ChildContextError ? error : childContextError(errorToErrorObject(error));
          settle(index, { index, status: "FAILED", error: childError } as BatchItem<T>);
        },
      );
    };
    const settle = (index: number, item: BatchItem<T>) => {
      running--;
      if (finished) return;
      results[index] = item;
      try {
        const decision = evaluateCompletion(options.completionConfig, status());
        if (decision.done) return finish(decision.reason ?? "ALL_COMPLETED");
      } catch (error) {
        finished = true;
        return reject(error);
      }
      startMore();
    };
    startMore();
  });
}
