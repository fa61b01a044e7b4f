/** The process entry of the `durable` command (bin/durable.mjs runs it through tsx). */
import { runCli } from "./run";

runCli(process.argv.slice(2)).then((code) => process.exit(code));
