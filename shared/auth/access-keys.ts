/**
 * Access keys for the Lambda-compatible API (`/2015-03-31/...`, `/2025-12-01/...`): the AWS SDK,
 * the AWS CLI and SAM sign their requests with SigV4 using an access key id and its secret, so
 * that is what durable-console accepts from off this machine (lib/server/aws/auth).
 *
 * - DURABLE_CONSOLE_ACCESS_KEYS       `keyId:role:secret` entries separated by commas, e.g.
 *                                     `CIOPERATOR01:operator:0123456789abcdef0123,AUDITOR01:viewer:...`
 * - DURABLE_CONSOLE_ACCESS_KEYS_FILE  a file with the same entries, one per line (blank lines and
 *                                     lines starting with `#` are skipped), so the secrets need not
 *                                     sit in the environment.
 *
 * A key id is 3-128 letters, digits or `. _ -` (it becomes the audit log's actor); the role is
 * viewer or operator; the secret has at least 16 characters, no spaces and no commas. Both sources
 * may be used together; a key id may appear once. Problems name the source and the entry, never a
 * secret.
 */
import { readFileSync } from "node:fs";
import { isRole, type Role } from "./roles";

export const MIN_ACCESS_SECRET_LENGTH = 16;
const KEY_ID = /^[A-Za-z0-9._-]{3,128}$/;

export interface ConfiguredAccessKey {
  keyId: string;
  role: Role;
  secret: string;
}

type Env = Record<string, string | undefined>;

export const ACCESS_KEY_VARIABLES = ["DURABLE_CONSOLE_ACCESS_KEYS", "DURABLE_CONSOLE_ACCESS_KEYS_FILE"] as const;

function parseEntry(text: string, where: string, keys: ConfiguredAccessKey[], problems: string[]): void {
  const first = text.indexOf(":");
  const second = first < 0 ? -1 : text.indexOf(":", first + 1);
  if (second < 0) {
    problems.push(`${where} is not keyId:role:secret`);
    return;
  }
  const keyId = text.slice(0, first);
  const role = text.slice(first + 1, second);
  const secret = text.slice(second + 1);
  const named = KEY_ID.test(keyId) ? `${where} (${keyId})` : where;
  let valid = true;
  if (!KEY_ID.test(keyId)) {
    problems.push(`${where}: the key id must be 3-128 letters, digits or . _ -`);
    valid = false;
  } else if (keys.some((key) => key.keyId === keyId)) {
    problems.push(`${named}: key ${keyId} is listed twice`);
    valid = false;
  }
  if (!isRole(role)) {
    problems.push(`${named}: role must be viewer or operator`);
    valid = false;
  }
  if (secret.length < MIN_ACCESS_SECRET_LENGTH || /[\s,]/.test(secret)) {
    problems.push(`${named}: the secret must have at least ${MIN_ACCESS_SECRET_LENGTH} characters, without spaces or commas`);
    valid = false;
  }
  if (valid && isRole(role)) keys.push({ keyId, role, secret });
}

function readKeyFile(path: string, problems: string[]): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "an error";
    problems.push(`DURABLE_CONSOLE_ACCESS_KEYS_FILE: cannot read ${JSON.stringify(path)} (${code})`);
    return undefined;
  }
}

/** The configured access keys; every problem found is appended to `problems`. */
export function parseAccessKeys(env: Env, problems: string[]): ConfiguredAccessKey[] {
  const keys: ConfiguredAccessKey[] = [];
  (env.DURABLE_CONSOLE_ACCESS_KEYS ?? "").split(",").forEach((entry, index) => {
    const text = entry.trim();
    if (text !== "") parseEntry(text, `DURABLE_CONSOLE_ACCESS_KEYS entry ${index + 1}`, keys, problems);
  });
  const file = env.DURABLE_CONSOLE_ACCESS_KEYS_FILE;
  if (file !== undefined && file.trim() !== "") {
    const content = readKeyFile(file.trim(), problems);
    content?.split(/\r?\n/).forEach((line, index) => {
      const text = line.trim();
      if (text !== "" && !text.startsWith("#")) parseEntry(text, `DURABLE_CONSOLE_ACCESS_KEYS_FILE line ${index + 1}`, keys, problems);
    });
  }
  return keys;
}
