import { useState } from 'react';

/**
 * A labelled number input. The user types freely; each value inside [min, max] (a whole number
 * when `integer`) is reported at once, anything else is marked invalid with the allowed range and
 * reverts to the last good value on blur. `optional` lets the field be cleared (reports undefined).
 */
export function NumberField(props: {
  label: string;
  value: number | undefined;
  min: number;
  max: number;
  step?: number;
  integer?: boolean;
  optional?: boolean;
  unit?: string;
  onChange: (v: number | undefined) => void;
  testId?: string;
}) {
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? (props.value === undefined ? '' : String(props.value));
  const check = (raw: string): number | undefined | 'bad' => {
    if (raw.trim() === '') return props.optional ? undefined : 'bad';
    const v = Number(raw);
    if (!Number.isFinite(v) || v < props.min || v > props.max) return 'bad';
    if (props.integer && !Number.isInteger(v)) return 'bad';
    return v;
  };
  const invalid = text !== null && check(text) === 'bad';
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        type="number"
        min={props.min}
        max={props.max}
        step={props.step ?? (props.integer ? 1 : 'any')}
        value={shown}
        placeholder={props.optional ? 'none' : ''}
        aria-invalid={invalid}
        title={
          invalid
            ? `${props.label}: ${props.integer ? 'a whole number' : 'a number'} from ${props.min} to ${props.max}`
            : undefined
        }
        data-testid={props.testId}
        onChange={(e) => {
          setText(e.target.value);
          const v = check(e.target.value);
          if (v !== 'bad') props.onChange(v);
        }}
        onBlur={() => setText(null)}
      />
      {props.unit && <span className="muted small">{props.unit}</span>}
    </label>
  );
}
