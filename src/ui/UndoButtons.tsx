import { redo, undo, useHistory } from '../state/undo';

/** Undo / Redo over design edits (also Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y anywhere outside a text field). */
export function UndoButtons() {
  const canUndo = useHistory((h) => h.past.length > 0);
  const canRedo = useHistory((h) => h.future.length > 0);
  return (
    <span className="undo-buttons">
      <button
        type="button"
        onClick={() => undo()}
        disabled={!canUndo}
        aria-keyshortcuts="Control+Z"
        title="Undo the last design edit (Ctrl+Z)"
        data-testid="undo"
      >
        ↶ Undo
      </button>
      <button
        type="button"
        onClick={() => redo()}
        disabled={!canRedo}
        aria-keyshortcuts="Control+Shift+Z Control+Y"
        title="Redo (Ctrl+Shift+Z or Ctrl+Y)"
        data-testid="redo"
      >
        ↷ Redo
      </button>
    </span>
  );
}
