"use client";
/**
 * The main navigation, and what rides beside it (the signed-in user, passed as children). From
 * the `md` breakpoint up the links sit in the header; below it they collapse behind a Menu
 * button (a disclosure: aria-expanded / aria-controls) that opens them as a panel under the
 * header. The panel closes on navigation, on Escape (focus goes back to the button) and on a
 * click outside the header.
 */
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";

const LINKS = [
  { href: "/executions", label: "Executions" },
  { href: "/approvals", label: "Approvals" },
  { href: "/functions", label: "Functions" },
  { href: "/jobs", label: "Jobs" },
  { href: "/audit", label: "Audit" },
  { href: "/bundles", label: "Bundles" },
];

export function Nav({ children }: { children?: React.ReactNode }) {
  const pathname = usePathname();
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);

  // A followed link (or the back button) lands on another page: the menu has done its job.
  useEffect(() => setOpen(false), [pathname]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  const closeOnEscape = (event: React.KeyboardEvent) => {
    if (event.key !== "Escape" || !open) return;
    setOpen(false);
    button.current?.focus();
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((now) => !now)}
        onKeyDown={closeOnEscape}
        className="ml-auto inline-flex h-8 items-center gap-1.5 rounded-md px-2.5 text-sm font-medium text-zinc-700 hover:bg-zinc-100 md:hidden dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        <svg aria-hidden viewBox="0 0 16 16" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.5">
          {open ? <path d="m4 4 8 8M12 4l-8 8" /> : <path d="M2.5 4h11M2.5 8h11M2.5 12h11" />}
        </svg>
        Menu
      </button>
      <div
        ref={panel}
        id={panelId}
        onKeyDown={closeOnEscape}
        className={`${open ? "flex" : "hidden"} basis-full flex-col gap-2 border-t border-zinc-200 py-2 md:flex md:basis-auto md:flex-1 md:flex-row md:items-center md:gap-6 md:border-0 md:py-0 dark:border-zinc-800`}
      >
        <nav aria-label="Main" className="flex flex-col gap-0.5 md:flex-row md:items-center md:gap-1">
          {LINKS.map((link) => {
            const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
            return (
              <Link
                key={link.href}
                href={link.href}
                aria-current={active ? "page" : undefined}
                className={`rounded-md px-2.5 py-2 text-sm font-medium transition-colors md:py-1.5 ${
                  active
                    ? "bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-white"
                    : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:hover:text-zinc-100"
                }`}
              >
                {link.label}
              </Link>
            );
          })}
        </nav>
        {children}
      </div>
    </>
  );
}
