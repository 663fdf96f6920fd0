import { useKept } from '../state/kept';

/** Says that imports and PRIME results will not survive a reload, when storage refused them (else nothing). */
export function KeptNote() {
  const note = useKept((s) => s.note);
  if (!note) return null;
  return (
    <p className="warn small" role="status" data-testid="kept-note">
      {note}
    </p>
  );
}

/** Above PRIME results restored from an earlier visit: when they are from, and that the models were not kept. */
export function PrimeRestoredNote() {
  const at = useKept((s) => s.primeRestoredAt);
  if (at === null) return null;
  return (
    <p className="muted small" role="status" data-testid="prime-restored">
      Results restored from {new Date(at).toLocaleString('en-GB')}. The trained models are not kept across reloads:
      train again to propose more designs.
    </p>
  );
}
