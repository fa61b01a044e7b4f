"use client";
/**
 * The confirmation every consequential action asks for (stop, redrive; one or many executions):
 * a title, what will happen, optional fields, and Cancel / Confirm. Cancel changes nothing.
 */
import { Button } from "./button";
import { Dialog } from "./dialog";
import { ErrorNote } from "./empty-state";

export function ConfirmDialog({
  open,
  onClose,
  onConfirm,
  title,
  description,
  pending,
  pendingLabel,
  error,
  errorTitle,
  danger = false,
  children,
}: {
  open: boolean;
  onClose: () => void;
  onConfirm: () => void;
  title: string;
  description: React.ReactNode;
  pending: boolean;
  /** The Confirm button's text while the action runs ("Stopping…"). */
  pendingLabel: string;
  error?: string;
  errorTitle?: string;
  /** Destructive actions (stop) get the danger button. */
  danger?: boolean;
  /** Optional inputs (a reason). */
  children?: React.ReactNode;
}) {
  const body = children || error ? (
    <div className="space-y-3">
      {children}
      {error ? <ErrorNote title={errorTitle ?? "Could not do it"} message={error} /> : null}
    </div>
  ) : undefined;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      description={description}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant={danger ? "danger" : "primary"} disabled={pending} onClick={onConfirm}>
            {pending ? pendingLabel : "Confirm"}
          </Button>
        </>
      }
    >
      {body}
    </Dialog>
  );
}
