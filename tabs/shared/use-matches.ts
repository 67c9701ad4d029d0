// Whether a CSS media query matches now, following the window as it changes (a pane that takes a list's place on a phone).
import { useEffect, useState } from 'react';

/** @example const narrow = useMatches('(max-width: 760px)'); */
export function useMatches(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const changed = () => setMatches(list.matches);
    changed();
    list.addEventListener('change', changed);
    return () => list.removeEventListener('change', changed);
  }, [query]);
  return matches;
}
