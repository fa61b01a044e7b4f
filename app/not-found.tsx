import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <Card>
      <EmptyState
        title="Page not found"
        action={
          <Link href="/executions" className={buttonClass("secondary")}>
            Go to executions
          </Link>
        }
      >
        There is nothing at this address.
      </EmptyState>
    </Card>
  );
}
