/** This package's name and version: the SDK, the runtime and the console ship as one package. */
import packageJson from "../../package.json";

export const PACKAGE_NAME: string = packageJson.name;
export const PACKAGE_VERSION: string = packageJson.version;
