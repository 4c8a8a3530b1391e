import { useEffect } from 'react';
import { navigate } from './router';

/** True when a key press belongs to what the person is filling in: any form, field, choice or editable text. */
export function isInsideEntry(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return !!target.closest(
    'form, input, textarea, select, [contenteditable]:not([contenteditable="false"]), [role="radio"], [role="radiogroup"], [role="checkbox"], [role="textbox"], [role="combobox"], dialog',
  );
}

/** "/" jumps to patient search from anywhere outside an entry; unsaved work is asked about first (navigate). */
export function useSearchShortcut(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (isInsideEntry(e.target)) return;
      e.preventDefault();
      if (location.pathname !== '/patients' && !navigate('/patients')) return;
      setTimeout(() => document.getElementById('patient-search')?.focus(), 0);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
