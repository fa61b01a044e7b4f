/**
 * `dynamodb://<table>?region=<region>&endpoint=<url>`: which table, where. Credentials come from
 * the usual AWS chain (environment, shared config/profile, instance or task role); for a local
 * endpoint (127.0.0.1, localhost) with no credentials configured, "local"/"local" (what DynamoDB
 * Local accepts: letters and digits only).
 */
import type { DynamoStoreOptions } from "./store";

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

export function parseDynamoUrl(target: string, env: Record<string, string | undefined> = process.env): DynamoStoreOptions {
  const match = /^dynamodb:\/\/([^?#]*)(?:\?([^#]*))?$/i.exec(target.trim());
  if (!match) throw new Error(`a DynamoDB store URL looks like dynamodb://<table>?region=us-east-1, got ${JSON.stringify(target)}`);
  const table = decodeURIComponent(match[1]!);
  if (!TABLE_NAME.test(table)) {
    throw new Error(`DynamoDB table name ${JSON.stringify(table)} must be 3-255 letters, digits, '_', '-' or '.'`);
  }
  const options: DynamoStoreOptions = { table };
  for (const [key, value] of new URLSearchParams(match[2] ?? "")) {
    if (key === "region") options.region = value;
    else if (key === "endpoint") {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw new Error(`endpoint must be a URL such as http://127.0.0.1:8123, got ${JSON.stringify(value)}`);
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`endpoint must be http(s), got ${JSON.stringify(value)}`);
      options.endpoint = value;
    } else throw new Error(`unknown dynamodb store option "${key}" in ${JSON.stringify(target)} (known: region, endpoint)`);
  }
  if (options.endpoint !== undefined && isLocalEndpoint(options.endpoint)) {
    options.region ??= env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1";
    const configured = env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
    if (!configured) options.credentials = { accessKeyId: "local", secretAccessKey: "local" };
  }
  return options;
}

export function isLocalEndpoint(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]" || host === "::1";
}
