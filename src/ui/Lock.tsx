import { useStore } from '../state/store';

/** A padlock drawn in the text colour (an SVG, not an emoji: emoji fonts are missing on some systems). */
export function LockIcon() {
  return (
    <svg className="lock-icon" viewBox="0 0 16 16" width="0.9em" height="0.9em" aria-hidden="true" focusable="false">
      <path
        d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
      />
      <rect x="2.5" y="7" width="11" height="8" rx="1.5" fill="currentColor" />
    </svg>
  );
}

/** The value the active challenge locks `key` at, or undefined when the key is free (or no challenge is set). */
export function useLockedValue(key: string): number | string | undefined {
  // Locks name parameters of the challenge's template; another template's same-named key is free.
  return useStore((s) => (s.challenge && s.challenge.template === s.template ? s.challenge.locked?.[key] : undefined));
}

/** The always-visible note under a locked control; its id goes into the control's aria-describedby. */
export function LockNote({ id }: { id: string }) {
  return (
    <span className="lock-note" id={id} data-testid="lock-note">
      <LockIcon /> locked by the challenge: this value is part of the task and cannot be changed
    </span>
  );
}
