import { useEffect, useRef, type ReactNode } from 'react';

const firstField = 'form input:not([type=hidden]):not([disabled]), form select:not([disabled]), form textarea:not([disabled]), form button:not([disabled])';

/** A modal dialog on the native <dialog>: focus starts on the first field, is trapped, Escape closes. */
export function Dialog({ title, open, onClose, children }: { title: string; open: boolean; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const placed = useRef(false);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
    if (!open) placed.current = false;
  }, [open]);
  // First focus on the first field, not on the close button: the form is what the person came for. A
  // form that loads first gets the focus when it appears, unless the person has moved it already.
  useEffect(() => {
    const d = ref.current;
    if (!d || !open || placed.current) return;
    const field = d.querySelector<HTMLElement>(firstField);
    if (!field) return;
    placed.current = true;
    const active = document.activeElement;
    if (!active || active === document.body || active === d || active === closeRef.current) field.focus();
  });
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="dialog-title" className="dialog">
      {open && (
        <>
          <header className="dialog-header">
            <h2 id="dialog-title">{title}</h2>
            <button type="button" className="ghost" onClick={onClose} aria-label="Close" ref={closeRef}>
              ×
            </button>
          </header>
          {children}
        </>
      )}
    </dialog>
  );
}
