"use client";
/**
 * The execution page's tabs, as an ARIA tablist (arrow keys move between tabs, Home/End jump).
 * The selected tab is the URL's `tab` parameter, so every tab has a link.
 */
import { useRef } from "react";
import { useUrlState } from "@/lib/client/use-url-state";

export const TABS = [
  { id: "operations", label: "Durable operations" },
  { id: "history", label: "Event history" },
  { id: "timeline", label: "Timeline" },
] as const;
export type TabId = (typeof TABS)[number]["id"];

export function parseTab(value: string | null): TabId {
  return TABS.some((tab) => tab.id === value) ? (value as TabId) : "operations";
}

export function tabPanelProps(tab: TabId) {
  return { role: "tabpanel", id: `panel-${tab}`, "aria-labelledby": `tab-${tab}`, tabIndex: -1 } as const;
}

export function ExecutionTabs({ current, counts }: { current: TabId; counts: Partial<Record<TabId, number>> }) {
  const { update } = useUrlState();
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const select = (tab: TabId) => update({ tab: tab === "operations" ? null : tab, event: null }, { push: true });

  function onKeyDown(event: React.KeyboardEvent, index: number) {
    const last = TABS.length - 1;
    const next =
      event.key === "ArrowRight" ? (index === last ? 0 : index + 1)
      : event.key === "ArrowLeft" ? (index === 0 ? last : index - 1)
      : event.key === "Home" ? 0
      : event.key === "End" ? last
      : undefined;
    if (next === undefined) return;
    event.preventDefault();
    select(TABS[next]!.id);
    refs.current[next]?.focus();
  }

  return (
    <div role="tablist" aria-label="Execution views" className="flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
      {TABS.map((tab, index) => {
        const selected = tab.id === current;
        const count = counts[tab.id];
        return (
          <button
            key={tab.id}
            ref={(element) => {
              refs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={selected}
            aria-controls={`panel-${tab.id}`}
            tabIndex={selected ? 0 : -1}
            onClick={() => select(tab.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
            className={`-mb-px inline-flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium transition-colors ${
              selected
                ? "border-sky-600 text-zinc-900 dark:border-sky-400 dark:text-white"
                : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-800 dark:text-zinc-400 dark:hover:border-zinc-600 dark:hover:text-zinc-200"
            }`}
          >
            {tab.label}
            {count !== undefined ? (
              <span aria-hidden className="rounded-full bg-zinc-100 px-1.5 text-xs text-zinc-600 tabular-nums dark:bg-zinc-800 dark:text-zinc-400">
                {count.toLocaleString()}
              </span>
            ) : null}
          </button>
        );
      })}
    </div>
  );
}
