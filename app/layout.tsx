import type { Metadata } from "next";
import Link from "next/link";
import { UserMenu } from "@/components/auth/user-menu";
import { Nav } from "@/components/nav";
import { currentSession } from "@/lib/server/auth/server-session";
import { SessionProvider } from "@/lib/client/session-context";
import "./globals.css";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: { default: "Durable console", template: "%s · Durable console" },
  description: "See, steer and trust durable executions.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Reading the session makes every page render per request, which the CSP nonce needs too.
  const session = await currentSession();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow dark:focus:bg-zinc-900"
        >
          Skip to content
        </a>
        <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
          <div className="mx-auto flex min-h-12 max-w-[1600px] flex-wrap items-center gap-x-6 px-4 sm:px-6">
            <Link href="/" className="flex h-12 items-center gap-2 text-sm font-semibold tracking-tight">
              <svg aria-hidden viewBox="0 0 24 24" className="size-5 text-sky-600 dark:text-sky-400" fill="none" stroke="currentColor" strokeWidth="2">
                <circle cx="5" cy="12" r="2.5" />
                <circle cx="19" cy="6" r="2.5" />
                <circle cx="19" cy="18" r="2.5" />
                <path d="M7.5 12h4m0 0 5-5m-5 5 5 5" />
              </svg>
              Durable
            </Link>
            <Nav>
              <UserMenu session={session} />
            </Nav>
          </div>
        </header>
        <SessionProvider session={session}>
          <Providers>
            <main id="main" className="mx-auto max-w-[1600px] px-4 py-6 sm:px-6">
              {children}
            </main>
          </Providers>
        </SessionProvider>
      </body>
    </html>
  );
}
