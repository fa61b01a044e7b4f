/**
 * Imported executions live in their own stores under ids of their own: `imported-<bundle id>`,
 * the bundle id being the first 24 hex digits of the bundle's digest. So the same bundle always
 * gets the same id (a second import finds the first), an imported execution can never be
 * confused with a live one (live ids are UUIDs), and the console can tell from the id alone that
 * a page is an imported bundle's. Browser-safe: the execution page uses it.
 */
export const IMPORTED_PREFIX = "imported-";
const BUNDLE_ID = /^[0-9a-f]{24}$/;
const IMPORTED_ID = /^imported-([0-9a-f]{24})$/;

export function bundleIdOfDigest(digest: string): string {
  return digest.slice(0, 24);
}

export function isBundleId(value: string): boolean {
  return BUNDLE_ID.test(value);
}

export function importedExecutionId(bundleId: string): string {
  return `${IMPORTED_PREFIX}${bundleId}`;
}

/** The bundle an imported execution id belongs to, or undefined for any other id (or ARN). */
export function bundleIdOfExecution(idOrArn: string): string | undefined {
  const id = idOrArn.includes("/") ? idOrArn.slice(idOrArn.lastIndexOf("/") + 1) : idOrArn;
  return IMPORTED_ID.exec(id)?.[1];
}

export function isImportedExecution(idOrArn: string): boolean {
  return bundleIdOfExecution(idOrArn) !== undefined;
}

/** The stand-in a bundle writes for its n-th callback id (a callback id is a capability, so none travels). */
export const CALLBACK_STAND_IN_PREFIX = "redacted-callback-";

/** What a stand-in becomes once imported, so an answer sent to it can be traced to its bundle and refused. */
export function importedCallbackPrefix(bundleId: string): string {
  return `${IMPORTED_PREFIX}${bundleId}-callback-`;
}

export function bundleIdOfCallback(callbackId: string): string | undefined {
  return /^imported-([0-9a-f]{24})-callback-\d+$/.exec(callbackId)?.[1];
}
