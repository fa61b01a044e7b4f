/** The built console for tests: one implementation, shared with the bench (support/console-server.ts). */
export { ensureBuilt, freePort, startConsoleServer, type ConsoleServer, type ConsoleServerOptions } from "../../support/console-server";
