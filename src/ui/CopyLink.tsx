import { useEffect, useRef, useState } from 'react';
import { writeLink } from '../state/link-sync';

/**
 * "Copy link": the permalink of the current view, written now (not 150 ms later), to the clipboard. When the
 * clipboard is refused (permissions, an insecure context, an embedding iframe) the link is shown in a selected
 * read-only field for Ctrl+C, and the message says so.
 */
export function CopyLink() {
  const [state, setState] = useState<{ ok: boolean; url: string } | null>(null);
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (state && !state.ok) box.current?.select();
    // "Link copied." is about that click: it goes after a few seconds, so it never stands beside a later link.
    if (!state?.ok) return undefined;
    const t = setTimeout(() => setState(null), 4000);
    return () => clearTimeout(t);
  }, [state]);
  const copy = async () => {
    writeLink();
    const url = window.location.href;
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setState({ ok: true, url });
    } catch {
      setState({ ok: false, url });
    }
  };
  return (
    <span className="copy-link">
      <button type="button" onClick={() => void copy()} data-testid="copy-link">
        Copy link
      </button>
      <span role="status" className="small muted" data-testid="copy-link-status">
        {state?.ok ? 'Link copied.' : state ? 'Press Ctrl+C (⌘C) to copy the selected link:' : ''}
      </span>
      {state && !state.ok && (
        <>
          <input
            ref={box}
            readOnly
            value={state.url}
            aria-label="Link to this view"
            onFocus={(e) => e.target.select()}
            data-testid="copy-link-field"
          />
          <button type="button" onClick={() => setState(null)} aria-label="Close the link field">
            ×
          </button>
        </>
      )}
    </span>
  );
}
