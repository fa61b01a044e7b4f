"use client";
/**
 * URL state without a server round trip: reads come from useSearchParams, writes go through the
 * native history API, which Next's router picks up (so useSearchParams re-renders, back/forward
 * work, and every view is a shareable link).
 */
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";

export type UrlPatch = Record<string, string | undefined | null>;

export function hrefWith(pathname: string, current: URLSearchParams | string, patch: UrlPatch): string {
  const next = new URLSearchParams(current);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === null || value === "") next.delete(key);
    else next.set(key, value);
  }
  const query = next.toString();
  return query ? `${pathname}?${query}` : pathname;
}

export function useUrlState() {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const href = useCallback((patch: UrlPatch) => hrefWith(pathname, searchParams, patch), [pathname, searchParams]);
  const update = useCallback(
    (patch: UrlPatch, options: { push?: boolean } = {}) => {
      const url = hrefWith(pathname, window.location.search, patch);
      if (options.push) window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
    },
    [pathname],
  );
  return { searchParams, pathname, href, update };
}

/** A click that should open a new tab (modifier keys, middle button) is left to the browser. */
export function isPlainClick(event: React.MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}
