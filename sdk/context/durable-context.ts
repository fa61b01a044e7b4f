import type { DurableContext, LambdaContextLike } from "../types/durable-context";
import type { DurablePromise } from "../types/durable-promise";
import type { DurableLogger, LoggerConfig, SerdesConfig } from "../types/api";
import type { ContextCore } from "./context-core";
import { createLogger, type CheckpointLogSink } from "./logger";
import { splitName } from "./operations/common";
import { step } from "./operations/step";
import { wait } from "./operations/wait";
import { createCallback } from "./operations/callback";
import { waitForCallback } from "./operations/wait-for-callback";
import { waitForCondition } from "./operations/wait-for-condition";
import { runInChildContext } from "./operations/child-context";
import { map, parallel } from "./operations/batch";
import { invoke } from "./operations/invoke";
import { combine } from "./operations/promise-combinators";

/**
 * The context handed to user code. A thin facade: it sorts out the overloads (every method
 * takes an optional leading name) and hands each call to its operation module.
 */
export class DurableContextImpl implements DurableContext {
  readonly logger: DurableContext["logger"];
  readonly promise: DurableContext["promise"];

  constructor(private readonly core: ContextCore) {
    this.logger = createLogger(core.logSink, core.logOrigin, () => core.state.replaying) as DurableContext["logger"];
    const makeCombinator =
      (kind: "all" | "allSettled" | "any" | "race") =>
      (...args: unknown[]) => {
        const [name, promises] = splitName<[DurablePromise<unknown>[]]>(args);
        return combine(core, kind, name, promises);
      };
    this.promise = {
      all: makeCombinator("all"),
      allSettled: makeCombinator("allSettled"),
      any: makeCombinator("any"),
      race: makeCombinator("race"),
    } as DurableContext["promise"];
  }

  get lambdaContext(): LambdaContextLike {
    return this.core.lambdaContext;
  }

  get executionContext() {
    return { durableExecutionArn: this.core.durableExecutionArn };
  }

  step(...args: unknown[]): DurablePromise<never> {
    const [name, fn, config] = splitName<[never, never]>(args);
    return step(this.core, name, fn, config);
  }

  wait(...args: unknown[]): DurablePromise<void> {
    const [name, duration] = splitName<[never]>(args);
    return wait(this.core, name, duration);
  }

  createCallback(...args: unknown[]): DurablePromise<never> {
    const [name, config] = splitName<[never]>(args);
    return createCallback(this.core, name, config) as DurablePromise<never>;
  }

  waitForCallback(...args: unknown[]): DurablePromise<never> {
    const [name, submitter, config] = splitName<[never, never]>(args);
    return waitForCallback(this.core, name, submitter, config);
  }

  waitForCondition(...args: unknown[]): DurablePromise<never> {
    const [name, check, config] = splitName<[never, never]>(args);
    return waitForCondition(this.core, name, check, config);
  }

  runInChildContext(...args: unknown[]): DurablePromise<never> {
    const [name, fn, config] = splitName<[never, never]>(args);
    return runInChildContext(this.core, childFactory, name, fn, config);
  }

  map(...args: unknown[]): DurablePromise<never> {
    const [name, items, fn, config] = splitName<[never[], never, never]>(args);
    return map(this.core, childFactory, name, items, fn, config) as DurablePromise<never>;
  }

  parallel(...args: unknown[]): DurablePromise<never> {
    const [name, branches, config] = splitName<[never[], never]>(args);
    return parallel(this.core, childFactory, name, branches, config) as DurablePromise<never>;
  }

  invoke(...args: unknown[]): DurablePromise<never> {
    // invoke(name, functionName, input?, config?) is told apart from invoke(functionName, input?, config?)
    // by a second string argument, as the official SDK does.
    const named = typeof args[0] === "string" && typeof args[1] === "string";
    const [name, functionName, input, config] = named ? args : [undefined, ...args];
    return invoke(this.core, name as string | undefined, functionName as string, input, config as never);
  }

  configureLogger(config: LoggerConfig<DurableLogger>): void {
    const sink = this.core.logSink as CheckpointLogSink;
    if (!sink.options) return;
    sink.options = {
      customLogger: (config.customLogger as never) ?? sink.options.customLogger,
      modeAware: config.modeAware ?? sink.options.modeAware,
    };
    config.customLogger?.configureDurableLoggingContext?.(sink.loggingContext());
  }

  configureSerdes(config: SerdesConfig): void {
    if (config.defaultSerdes) this.core.serdes.defaultSerdes = config.defaultSerdes as never;
    if (config.defaultCallbackDeserializer) this.core.serdes.defaultCallbackDeserializer = config.defaultCallbackDeserializer as never;
  }
}

const childFactory = (core: ContextCore) => new DurableContextImpl(core);
