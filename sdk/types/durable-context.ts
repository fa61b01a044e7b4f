import type { DurablePromise } from "./durable-promise";
import type {
  BatchResult,
  ChildConfig,
  ChildFunc,
  CreateCallbackConfig,
  CreateCallbackResult,
  DurableContextLogger,
  DurableLogger,
  Duration,
  InvokeConfig,
  LoggerConfig,
  MapConfig,
  MapFunc,
  NamedParallelBranch,
  ParallelConfig,
  ParallelFunc,
  SerdesConfig,
  StepConfig,
  StepFunc,
  WaitForCallbackConfig,
  WaitForCallbackSubmitterFunc,
  WaitForConditionCheckFunc,
  WaitForConditionConfig,
} from "./api";

type BranchResult<Branches extends readonly unknown[], TLogger extends DurableLogger> =
  Branches[number] extends ParallelFunc<infer R, TLogger>
    ? R
    : Branches[number] extends NamedParallelBranch<infer R, TLogger>
      ? R
      : never;

/** A minimal stand-in for the AWS Lambda `Context` the runtime passes to a handler. */
export interface LambdaContextLike {
  awsRequestId: string;
  functionName: string;
  getRemainingTimeInMillis(): number;
  [key: string]: unknown;
}

/** The context every durable handler receives; the same surface as the official SDK 2.x. */
export interface DurableContext<TLogger extends DurableLogger = DurableLogger> {
  lambdaContext: LambdaContextLike;
  logger: DurableContextLogger<TLogger>;
  executionContext: { readonly durableExecutionArn: string };

  step<T>(name: string | undefined, fn: StepFunc<T, TLogger>, config?: StepConfig<T>): DurablePromise<T>;
  step<T>(fn: StepFunc<T, TLogger>, config?: StepConfig<T>): DurablePromise<T>;

  invoke<I, O>(name: string, funcId: string, input?: I, config?: InvokeConfig<I, O>): DurablePromise<O>;
  invoke<I, O>(funcId: string, input?: I, config?: InvokeConfig<I, O>): DurablePromise<O>;

  runInChildContext<T>(name: string | undefined, fn: ChildFunc<T, TLogger>, config?: ChildConfig<T>): DurablePromise<T>;
  runInChildContext<T>(fn: ChildFunc<T, TLogger>, config?: ChildConfig<T>): DurablePromise<T>;

  wait(name: string, duration: Duration): DurablePromise<void>;
  wait(duration: Duration): DurablePromise<void>;

  waitForCondition<T>(
    name: string | undefined,
    check: WaitForConditionCheckFunc<T, TLogger>,
    config: WaitForConditionConfig<T>,
  ): DurablePromise<T>;
  waitForCondition<T>(check: WaitForConditionCheckFunc<T, TLogger>, config: WaitForConditionConfig<T>): DurablePromise<T>;

  createCallback<T = string>(name: string | undefined, config?: CreateCallbackConfig<T>): DurablePromise<CreateCallbackResult<T>>;
  createCallback<T = string>(config?: CreateCallbackConfig<T>): DurablePromise<CreateCallbackResult<T>>;

  waitForCallback<T = string>(
    name: string | undefined,
    submitter: WaitForCallbackSubmitterFunc<TLogger>,
    config?: WaitForCallbackConfig<T>,
  ): DurablePromise<T>;
  waitForCallback<T = string>(submitter: WaitForCallbackSubmitterFunc<TLogger>, config?: WaitForCallbackConfig<T>): DurablePromise<T>;

  map<I, O>(
    name: string | undefined,
    items: I[],
    fn: MapFunc<I, O, TLogger>,
    config?: MapConfig<I, O>,
  ): DurablePromise<BatchResult<O>>;
  map<I, O>(items: I[], fn: MapFunc<I, O, TLogger>, config?: MapConfig<I, O>): DurablePromise<BatchResult<O>>;

  parallel<T>(
    name: string | undefined,
    branches: (ParallelFunc<T, TLogger> | NamedParallelBranch<T, TLogger>)[],
    config?: ParallelConfig<T>,
  ): DurablePromise<BatchResult<T>>;
  parallel<T>(
    branches: (ParallelFunc<T, TLogger> | NamedParallelBranch<T, TLogger>)[],
    config?: ParallelConfig<T>,
  ): DurablePromise<BatchResult<T>>;

  /** Heterogeneous branches: the result type is the union of the branches' results. */
  parallel<Branches extends readonly unknown[]>(
    name: string | undefined,
    branches: Branches,
    config?: ParallelConfig<BranchResult<Branches, TLogger>>,
  ): DurablePromise<BatchResult<BranchResult<Branches, TLogger>>>;
  parallel<Branches extends readonly unknown[]>(
    branches: Branches,
    config?: ParallelConfig<BranchResult<Branches, TLogger>>,
  ): DurablePromise<BatchResult<BranchResult<Branches, TLogger>>>;

  promise: {
    all<T>(name: string | undefined, promises: DurablePromise<T>[]): DurablePromise<T[]>;
    all<T>(promises: DurablePromise<T>[]): DurablePromise<T[]>;
    allSettled<T>(name: string | undefined, promises: DurablePromise<T>[]): DurablePromise<PromiseSettledResult<T>[]>;
    allSettled<T>(promises: DurablePromise<T>[]): DurablePromise<PromiseSettledResult<T>[]>;
    any<T>(name: string | undefined, promises: DurablePromise<T>[]): DurablePromise<T>;
    any<T>(promises: DurablePromise<T>[]): DurablePromise<T>;
    race<T>(name: string | undefined, promises: DurablePromise<T>[]): DurablePromise<T>;
    race<T>(promises: DurablePromise<T>[]): DurablePromise<T>;
  };

  configureLogger(config: LoggerConfig<TLogger>): void;
  configureSerdes(config: SerdesConfig): void;
}
