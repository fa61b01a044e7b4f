"use client";
/**
 * Picks one operation by typing part of its name or id: a combobox (ARIA 1.2 pattern) that shows
 * the first matches only, so it stays instant for a map of 50,000 iterations, where a <select>
 * would put 50,000 options in the page.
 */
import { useId, useMemo, useRef, useState } from "react";
import { Input } from "@/components/ui/form";
import { operationLabel } from "@/lib/operation-tree";
import type { OperationView } from "@/lib/types";

const MAX_MATCHES = 50;

export function OperationPicker({
  label,
  operations,
  value,
  onChange,
}: {
  label: string;
  operations: readonly OperationView[];
  value: string;
  onChange: (operationId: string | null) => void;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const selected = useMemo(() => (value ? operations.find((op) => op.Id === value) : undefined), [operations, value]);
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const matches = useMemo(() => {
    if (!open) return [];
    const needle = text.trim().toLowerCase();
    const out: OperationView[] = [];
    for (const op of operations) {
      if (op.Type === "EXECUTION") continue;
      if (!needle || operationLabel(op).toLowerCase().includes(needle) || op.Id.startsWith(needle)) out.push(op);
      if (out.length >= MAX_MATCHES) break;
    }
    return out;
  }, [operations, text, open]);

  function choose(op: OperationView | undefined) {
    setOpen(false);
    setText("");
    if (op) onChange(op.Id);
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) setOpen(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current) => (matches.length ? (current + step + matches.length) % matches.length : 0));
    } else if (event.key === "Enter" && open) {
      event.preventDefault();
      choose(matches[active]);
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        setOpen(false);
      } else if (value) onChange(null);
    }
  }

  const listId = `${id}-list`;
  const shown = open ? text : selected ? operationLabel(selected) : "";
  return (
    <div className="relative">
      <label htmlFor={`${id}-input`} className="mb-1 block text-xs text-zinc-500 dark:text-zinc-400">
        {label}
      </label>
      <div className="relative">
        <Input
          ref={input}
          id={`${id}-input`}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && matches[active] ? `${id}-option-${active}` : undefined}
          autoComplete="off"
          placeholder="All operations"
          value={shown}
          onChange={(event) => {
            setText(event.target.value);
            setActive(0);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
          className="pr-8"
        />
        {value ? (
          <button
            type="button"
            aria-label={`Clear ${label.toLowerCase()} filter`}
            onClick={() => {
              onChange(null);
              input.current?.focus();
            }}
            className="absolute top-1/2 right-1.5 inline-flex size-5 -translate-y-1/2 items-center justify-center rounded text-zinc-400 hover:bg-zinc-200 hover:text-zinc-700 dark:hover:bg-zinc-700 dark:hover:text-zinc-200"
          >
            <svg aria-hidden viewBox="0 0 16 16" className="size-3" fill="none" stroke="currentColor" strokeWidth="2">
              <path d="M4 4l8 8M12 4l-8 8" />
            </svg>
          </button>
        ) : null}
      </div>
      {open ? (
        <ul
          id={listId}
          role="listbox"
          aria-label={`${label} matches`}
          className="absolute z-30 mt-1 max-h-72 w-full min-w-64 overflow-auto rounded-md border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {matches.length === 0 ? (
            <li className="px-3 py-1.5 text-zinc-500">No operation matches</li>
          ) : (
            matches.map((op, index) => (
              <li
                key={op.Id}
                id={`${id}-option-${index}`}
                role="option"
                aria-selected={index === active}
                // mousedown, not click: the input's blur would close the list first.
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(op);
                }}
                onMouseEnter={() => setActive(index)}
                className={`flex cursor-pointer items-center justify-between gap-3 px-3 py-1.5 ${
                  index === active ? "bg-sky-50 dark:bg-sky-400/10" : ""
                }`}
              >
                <span className="truncate">{operationLabel(op)}</span>
                <span className="shrink-0 text-xs text-zinc-400">{op.SubType ?? op.Type}</span>
              </li>
            ))
          )}
          {matches.length === MAX_MATCHES ? (
            <li className="border-t border-zinc-100 px-3 py-1.5 text-xs text-zinc-500 dark:border-zinc-800">Type to narrow the first {MAX_MATCHES} matches</li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}
