"use client";
/**
 * Windowing for long tables: only the rows in view (plus a margin) are rendered, so 100,000 rows
 * scroll like 100. Row heights are known up front (fixed per kind of row), so offsets are exact
 * prefix sums: no measuring, no drift, and a row can be scrolled to before it was ever drawn.
 *
 * The table lives in its own scroll container (give it `scrollerRef`); `offsets[i]` is the top of
 * row i and `offsets[n]` the total height.
 */
import { useEffect, useMemo, useState } from "react";

const OVERSCAN = 12;

/** Index of the last offset <= y. */
export function rowAt(offsets: Float64Array, y: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Offsets for `count` rows of `height(i)` pixels each. */
export function useRowOffsets(count: number, height: (index: number) => number, deps: readonly unknown[]): Float64Array {
  return useMemo(() => {
    const out = new Float64Array(count + 1);
    for (let i = 0; i < count; i++) out[i + 1] = out[i]! + height(i);
    return out;
    // The caller names what `height` depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [count, ...deps]);
}

export interface RowWindow {
  /** Callback ref for the scroll container. */
  scrollerRef: (element: HTMLElement | null) => void;
  scroller: HTMLElement | null;
  first: number;
  last: number;
  /** Spacer heights above and below the rendered rows. */
  before: number;
  after: number;
}

export function useWindowedRows(offsets: Float64Array, initialHeight = 800): RowWindow {
  const [view, setView] = useState({ top: 0, height: initialHeight });
  // State, not a ref object: the container may appear after the first render (empty, then rows).
  const [element, setElement] = useState<HTMLElement | null>(null);
  useEffect(() => {
    if (!element) return;
    let frame = 0;
    const read = () => {
      frame = 0;
      setView((current) =>
        current.top === element.scrollTop && current.height === element.clientHeight ? current : { top: element.scrollTop, height: element.clientHeight },
      );
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(read);
    };
    read();
    element.addEventListener("scroll", onScroll, { passive: true });
    const resize = new ResizeObserver(onScroll);
    resize.observe(element);
    return () => {
      element.removeEventListener("scroll", onScroll);
      resize.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [element]);

  const count = offsets.length - 1;
  const first = Math.max(0, rowAt(offsets, view.top) - OVERSCAN);
  const last = Math.min(count, rowAt(offsets, view.top + view.height) + OVERSCAN + 1);
  return { scrollerRef: setElement, scroller: element, first, last, before: offsets[first]!, after: offsets[count]! - offsets[last]! };
}

/** Scrolls the container so row `index` sits a third of the way down (a deep link's target). */
export function scrollRowIntoView(element: HTMLElement, offsets: Float64Array, index: number, headerHeight = 0): void {
  const top = offsets[index]!;
  const visibleTop = element.scrollTop + headerHeight;
  const visibleBottom = element.scrollTop + element.clientHeight;
  if (top >= visibleTop && offsets[index + 1]! <= visibleBottom) return;
  element.scrollTop = Math.max(0, top - element.clientHeight / 3);
}
