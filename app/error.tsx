"use client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

/** A page that failed to render says so and offers a retry; the details are in the server log. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Card>
      <EmptyState title="This page could not be shown" action={<Button onClick={reset}>Try again</Button>}>
        {error.message && !error.digest ? error.message : "The console hit an error reading the store."}
        {error.digest ? <span className="mt-1 block font-mono text-xs">Reference: {error.digest}</span> : null}
      </EmptyState>
    </Card>
  );
}
