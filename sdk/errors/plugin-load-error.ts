/**
 * An instrumentation plugin named in DURABLE_EXECUTION_PLUGINS could not be loaded.
 * @experimental
 */
export class PluginLoadError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(`Dynamic plugin configuration failed: ${message}`, options);
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = "PluginLoadError";
  }
}
