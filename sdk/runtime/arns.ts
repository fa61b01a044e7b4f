/**
 * Function and execution names and ARNs, in the shapes Lambda uses. Pure (no Node imports): the
 * console's browser code and the operation table use them too.
 */
import { NAME_PATTERN, NAME_SOURCE } from "../types/wire";

export const LOCAL_REGION = "us-east-1";
export const LOCAL_ACCOUNT_ID = "000000000000";
export const DEFAULT_QUALIFIER = "$LATEST";

/** Lambda function names: 1-64 of letters, digits, hyphen and underscore. */
export const FUNCTION_NAME_PATTERN = NAME_PATTERN;
/** Execution ids and names share the DurableExecutionName alphabet. */
export const EXECUTION_ID_PATTERN = NAME_PATTERN;

export function functionArn(functionName: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName}`;
}

export function executionArn(functionName: string, executionName: string, executionId: string): string {
  return `${functionArn(functionName)}:${DEFAULT_QUALIFIER}/durable-execution/${executionName}/${executionId}`;
}

export interface ParsedExecutionArn {
  region: string;
  accountId: string;
  functionName: string;
  qualifier?: string;
  executionName: string;
  executionId: string;
}

/** A function ARN's head (partition, region, account) and a version or alias qualifier. */
const FUNCTION_ARN_HEAD = String.raw`arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:`;
const QUALIFIER = String.raw`[A-Za-z0-9$._-]+`;

const EXECUTION_ARN_PATTERN = new RegExp(
  `^${FUNCTION_ARN_HEAD}(${NAME_SOURCE})(?::(${QUALIFIER}))?/durable-execution/(${NAME_SOURCE})/(${NAME_SOURCE})$`,
);
const FUNCTION_ARN_PATTERN = new RegExp(`^${FUNCTION_ARN_HEAD}(${NAME_SOURCE})(?::${QUALIFIER})?$`);
const QUALIFIED_NAME_PATTERN = new RegExp(`^(${NAME_SOURCE})(?::${QUALIFIER})?$`);

export function parseExecutionArn(arn: string): ParsedExecutionArn | undefined {
  if (arn.length > 1024) return undefined;
  const m = EXECUTION_ARN_PATTERN.exec(arn);
  if (!m) return undefined;
  const parsed: ParsedExecutionArn = {
    region: m[1]!,
    accountId: m[2]!,
    functionName: m[3]!,
    executionName: m[5]!,
    executionId: m[6]!,
  };
  if (m[4] !== undefined) parsed.qualifier = m[4];
  return parsed;
}

/**
 * The registered function a chained invoke names: `ctx.invoke` accepts a plain name, a
 * `name:qualifier` or a function ARN (with or without qualifier). Locally there is one version
 * of everything, so the qualifier is dropped.
 */
export function functionNameOfTarget(target: string): string | undefined {
  const arn = FUNCTION_ARN_PATTERN.exec(target);
  if (arn) return arn[3];
  const plain = QUALIFIED_NAME_PATTERN.exec(target);
  return plain ? plain[1] : undefined;
}
