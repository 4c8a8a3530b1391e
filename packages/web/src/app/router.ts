import { useEffect, useState } from 'react';
import { confirmLeave } from './unsaved';

/** The address a navigation was already agreed to (asked once, not again by each listener). */
let allowed = '';

/**
 * A tiny History-API router: the server serves index.html for every non-API path. Unsaved work on the
 * screen is asked about first; false when the person chose to stay.
 */
export function navigate(path: string): boolean {
  if (location.pathname + location.search === path) return true;
  if (!confirmLeave()) return false;
  allowed = path;
  history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
  return true;
}

/** The current path (re-rendering on any change of address, the query string included). */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname + location.search);
  useEffect(() => {
    let current = location.pathname + location.search;
    const update = () => {
      const next = location.pathname + location.search;
      if (next === current) return;
      // Browser back/forward with unsaved work: ask, and put the address back when the person stays.
      if (next !== allowed) {
        if (!confirmLeave()) {
          history.pushState(null, '', current);
          return;
        }
        allowed = next;
      }
      current = next;
      setPath(next);
    };
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return path.split('?')[0];
}

/** Matches "/patients/:id" style patterns. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const s = path.split('/');
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

/** Links that navigate without a page load but stay real links (open in new tab, keyboard). */
export function onLinkClick(e: React.MouseEvent<HTMLAnchorElement>): void {
  if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  navigate(e.currentTarget.getAttribute('href')!);
}
