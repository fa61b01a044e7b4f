import type { Metadata } from "next";
import { authConfig } from "@/shared/auth/config";
import { safeNextPath } from "@/lib/server/auth/login";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const ERRORS: Record<string, string> = {
  invalid: "That did not work: check the name and password (or the token).",
  locked: "Too many failed attempts for this name. Wait a few minutes and try again.",
  missing: "Enter a name and a password, or a token.",
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const input =
  "block w-full rounded-md border-0 bg-white px-2.5 h-9 text-sm text-zinc-900 shadow-xs ring-1 ring-inset ring-zinc-300 focus:ring-2 focus:ring-sky-500 dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700";
const label = "mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300";
const submit =
  "inline-flex h-9 w-full items-center justify-center rounded-md bg-zinc-900 px-3 text-sm font-medium text-white shadow-sm hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-white";

/**
 * Sign-in: plain HTML forms posting to /api/auth/login (no script needed), which sets the session
 * cookie and sends the browser back where it was going.
 */
export default async function LoginPage({ searchParams }: Props) {
  const query = await searchParams;
  const config = authConfig();
  const next = safeNextPath(first(query.next));
  const error = ERRORS[first(query.error) ?? ""];
  const hasUsers = config.users.length > 0;
  const hasTokens = config.tokens.length > 0;
  return (
    <div className="mx-auto mt-10 max-w-sm space-y-6">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Sign in</h1>
        <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
          Viewers can read every execution; operators can also answer callbacks, stop, redrive, replay and start.
        </p>
      </div>
      {error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-400/30 dark:bg-red-400/10 dark:text-red-200">
          {error}
        </p>
      ) : null}
      {hasUsers ? (
        <form method="post" action="/api/auth/login" className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 shadow-xs dark:border-zinc-800 dark:bg-zinc-900">
          <input type="hidden" name="next" value={next} />
          <div>
            <label htmlFor="username" className={label}>
              Name
            </label>
            <input id="username" name="username" autoComplete="username" required className={input} />
          </div>
          <div>
            <label htmlFor="password" className={label}>
              Password
            </label>
            <input id="password" name="password" type="password" autoComplete="current-password" required className={input} />
          </div>
          <button type="submit" className={submit}>
            Sign in
          </button>
        </form>
      ) : null}
      {hasTokens ? (
        <form method="post" action="/api/auth/login" className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 shadow-xs dark:border-zinc-800 dark:bg-zinc-900">
          <input type="hidden" name="next" value={next} />
          <div>
            <label htmlFor="token" className={label}>
              {hasUsers ? "Or an access token" : "Access token"}
            </label>
            <input id="token" name="token" type="password" autoComplete="off" required className={input} />
          </div>
          <button type="submit" className={submit}>
            Sign in with the token
          </button>
        </form>
      ) : null}
    </div>
  );
}
