"use client";
/**
 * The signed-in user, for client components: the layout reads the session on the server and
 * provides it here. Action buttons ask `useActionGate()` whether this user may act; a viewer
 * sees them disabled, with the reason as the title and as their accessible description.
 * The server refuses the action anyway (403): this only says so before anyone clicks.
 */
import { createContext, useContext } from "react";
import { actionDeniedReason, type SessionInfo } from "../../shared/auth/roles";

const SessionContext = createContext<SessionInfo>({ authEnabled: false });

/** Id of the one element holding the reason, which every disabled action button points at. */
export const ACTION_DENIED_REASON_ID = "action-denied-reason";

export function SessionProvider({ session, children }: { session: SessionInfo; children: React.ReactNode }) {
  const reason = deniedReason(session);
  return (
    <SessionContext.Provider value={session}>
      {reason ? (
        <span id={ACTION_DENIED_REASON_ID} className="sr-only">
          {reason}
        </span>
      ) : null}
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionInfo {
  return useContext(SessionContext);
}

function deniedReason(session: SessionInfo): string | undefined {
  return actionDeniedReason(session.authEnabled ? session.user?.role : "operator");
}

export interface ActionGate {
  /** True when this user may not act (a viewer). */
  denied: boolean;
  reason?: string;
  /**
   * Props for an action button: disabled (also when `disabled` is already true for its own
   * reason) and, when denied, the reason as title and aria-describedby.
   */
  props(own?: { disabled?: boolean; title?: string }): { disabled?: boolean; title?: string; "aria-describedby"?: string };
}

/**
 * A part of the page where nothing may be acted on whoever the user is (an imported incident
 * bundle's execution): every action gate inside it is denied with this reason.
 */
const ActionLockContext = createContext<string | undefined>(undefined);
const ACTION_LOCKED_REASON_ID = "action-locked-reason";

export function ActionLockProvider({ reason, children }: { reason: string | undefined; children: React.ReactNode }) {
  return (
    <ActionLockContext.Provider value={reason}>
      {reason ? (
        <span id={ACTION_LOCKED_REASON_ID} className="sr-only">
          {reason}
        </span>
      ) : null}
      {children}
    </ActionLockContext.Provider>
  );
}

export function useActionGate(): ActionGate {
  const locked = useContext(ActionLockContext);
  const session = useSession();
  const reason = locked ?? deniedReason(session);
  const describedBy = locked ? ACTION_LOCKED_REASON_ID : ACTION_DENIED_REASON_ID;
  return {
    denied: reason !== undefined,
    reason,
    props(own = {}) {
      if (!reason) return own;
      return { disabled: true, title: reason, "aria-describedby": describedBy };
    },
  };
}
