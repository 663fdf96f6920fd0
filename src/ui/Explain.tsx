import { type KeyboardEvent, useId, useState } from 'react';
import { EXPLANATIONS, type ExplainTopic } from './explanations';

/** An (i) button (a CSS circle: the ⓘ glyph is missing from many fonts) that toggles a short explanation of a metric or chart; Escape closes it. */
export function Explain({ topic }: { topic: ExplainTopic }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  // The text is not focusable, so focus stays on the button while it is open: Escape there closes it.
  const onKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'Escape' && open) {
      e.stopPropagation();
      setOpen(false);
    }
  };
  return (
    <span className="explain">
      <button
        onKeyDown={onKey}
        type="button"
        className="explain-button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={`Explain ${topic}`}
        title="Explain this"
        data-testid={`explain-${topic}`}
        onClick={() => setOpen(!open)}
      >
        i
      </button>
      <span id={id} className="explain-text small" role="note" hidden={!open} data-testid={`explain-${topic}-text`}>
        {EXPLANATIONS[topic]}
      </span>
    </span>
  );
}
