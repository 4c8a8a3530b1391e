import { useEffect, useId } from 'react';

/** Forms with unsaved work right now, by an id of each. */
const dirty = new Set<string>();

export const leaveMessage = 'You have unsaved work on this screen. Leave without saving it?';

export function hasUnsavedWork(): boolean {
  return dirty.size > 0;
}

/** Asks before throwing unsaved work away; true when there is none or the person agrees to leave. */
export function confirmLeave(): boolean {
  return !hasUnsavedWork() || window.confirm(leaveMessage);
}

function onBeforeUnload(e: BeforeUnloadEvent) {
  if (!hasUnsavedWork()) return;
  e.preventDefault();
  e.returnValue = leaveMessage;
}

/**
 * Marks a form's work as unsaved while `isDirty`: leaving the page (reload, close) asks the browser's
 * question, and moving elsewhere in the app (links, shortcuts, back) asks ours.
 */
export function useUnsavedGuard(isDirty: boolean): void {
  const id = useId();
  useEffect(() => {
    if (!isDirty) return;
    dirty.add(id);
    if (dirty.size === 1) window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      dirty.delete(id);
      if (dirty.size === 0) window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [id, isDirty]);
}
