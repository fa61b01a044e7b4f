"use client";
/**
 * A sentence from the client API (what an execution waits on, why it is stuck) with each ISO
 * timestamp in it shown as the console shows times (the viewer's zone, the exact instant on hover):
 * the API speaks ISO so that scripts can read it; people read the page.
 */
import { Time } from "@/components/ui/time";

const ISO_TIMESTAMP = /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)/;

export function Sentence({ text }: { text: string }) {
  return <>{text.split(ISO_TIMESTAMP).map((part, i) => (i % 2 === 1 ? <Time key={i} iso={part} /> : part))}</>;
}
