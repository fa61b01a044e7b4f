/**
 * The signed-in user in the header: name, role, and a sign-out button (a plain form post, so it
 * works before the page's scripts load). Nothing when authentication is off.
 */
import type { SessionInfo } from "@/shared/auth/roles";

export function UserMenu({ session }: { session: SessionInfo }) {
  if (!session.authEnabled || !session.user) return null;
  const { name, role } = session.user;
  return (
    <div className="flex items-center gap-2 border-t border-zinc-200 px-2.5 pt-2 text-sm md:ml-auto md:border-0 md:px-0 md:pt-0 dark:border-zinc-800">
      <span className="text-zinc-600 dark:text-zinc-400">
        <span className="sr-only">Signed in as </span>
        <span className="font-medium text-zinc-900 dark:text-zinc-100" data-testid="signed-in-user">
          {name}
        </span>
      </span>
      <span
        className={`rounded-full px-2 py-0.5 text-xs font-medium ${
          role === "operator"
            ? "bg-sky-100 text-sky-800 dark:bg-sky-400/15 dark:text-sky-200"
            : "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
        }`}
        title={role === "operator" ? "Can read and act on executions" : "Can read; cannot act on executions"}
      >
        {role}
      </span>
      <form method="post" action="/api/auth/logout">
        <button
          type="submit"
          className="rounded-md px-2 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        >
          Sign out
        </button>
      </form>
    </div>
  );
}
