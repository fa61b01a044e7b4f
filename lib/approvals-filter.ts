/**
 * The approvals inbox's filter in the URL (`/approvals?function=&name=&sort=deadline`) and in the
 * API query: one reading and one writing, shared by the page (server), the view (browser) and
 * its query, so a link to a filtered inbox opens exactly that inbox.
 */
import type { ApprovalsFilter } from "./types";

type SearchSource = URLSearchParams | Record<string, string | string[] | undefined>;

function first(source: SearchSource, key: string): string | undefined {
  const value = source instanceof URLSearchParams ? source.get(key) : source[key];
  const text = Array.isArray(value) ? value[0] : value;
  return text && text.trim() ? text.trim() : undefined;
}

/** The filter a URL asks for; unknown values are left out (the API would refuse them). */
export function approvalsFilterFrom(source: SearchSource): ApprovalsFilter {
  const filter: ApprovalsFilter = {};
  const functionName = first(source, "function");
  const name = first(source, "name");
  if (functionName) filter.functionName = functionName;
  if (name) filter.name = name;
  if (first(source, "sort") === "deadline") filter.sort = "deadline";
  return filter;
}

/** The URL (and API) query of a filter, with only what differs from the default. */
export function approvalsSearchOf(filter: ApprovalsFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.functionName) params.set("function", filter.functionName);
  if (filter.name) params.set("name", filter.name);
  if (filter.sort === "deadline") params.set("sort", "deadline");
  return params;
}
