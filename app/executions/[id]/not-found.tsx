import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export default function ExecutionNotFound() {
  return (
    <Card>
      <EmptyState
        title="Execution not found"
        action={
          <Link href="/executions" className={buttonClass("secondary")}>
            Back to executions
          </Link>
        }
      >
        No execution has this id or ARN in this store. It may belong to another store, or its history may have been deleted.
      </EmptyState>
    </Card>
  );
}
