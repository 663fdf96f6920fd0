import { useId, useState } from 'react';
import {
  type ConstantSpec,
  type Design,
  type DesignTemplate,
  type ParamSpec,
  requireTemplate,
  TEMPLATES,
  type TemplateId,
} from '../core/arch';
import { AREA_BUDGET_MM2 } from '../core/link/limits';
import { actions } from '../state/actions';
import { useStore } from '../state/store';
import { bytes, num } from './format';
import { LockIcon, LockNote, useLockedValue } from './Lock';
import { NumberField } from './NumberField';
import { UndoButtons } from './UndoButtons';

/** A parameter's value with its unit, bytes in KiB/MiB. */
export function formatValue(v: number | string | undefined, unit: string): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (unit === 'B') return bytes(v);
  const text = Number.isInteger(v) ? v.toLocaleString('en-US') : num(v, 4);
  return unit ? `${text} ${unit}` : text;
}

/** A design as people read it: "PE columns 4, PE rows 4, SIMD lanes per core 64, …" over the template's parameters. */
export function designParamsText(template: DesignTemplate, design: Design): string {
  return template.params.map((p) => `${p.label} ${formatValue(design[p.key], p.unit)}`).join(', ');
}

function nearestIndex(values: readonly (number | string)[], v: number | string | undefined): number {
  if (v === undefined) return 0;
  const exact = values.indexOf(v);
  if (exact >= 0 || typeof v === 'string') return Math.max(0, exact);
  let best = 0;
  for (let i = 0; i < values.length; i++) {
    const g = values[i] as number;
    if (Math.abs(Math.log(v / g)) < Math.abs(Math.log(v / (values[best] as number)))) best = i;
  }
  return best;
}

/**
 * Number field for off-grid values; commits on Enter or blur, refuses out-of-range input naming the key. A locked
 * field (`lockedBy` = the lock note's id) is read-only but stays focusable, so keyboard users reach its explanation.
 */
function ManualNumber({
  spec,
  value,
  lockedBy,
}: {
  spec: { key: string; label: string; min?: number; max?: number; integer?: boolean; unit: string };
  value: number;
  lockedBy?: string;
}) {
  const errorId = useId();
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A value set elsewhere (slider, preset, undo) replaces whatever was typed, and with it a stale error.
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setText(null);
    setError(null);
  }
  const problem = (t: string): string | null => {
    const v = Number(t);
    const { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY } = spec;
    if (t.trim() === '' || !Number.isFinite(v)) return `${spec.label}: "${t}" is not a number`;
    if (spec.integer && !Number.isInteger(v)) return `${spec.label}: must be a whole number`;
    if (v < min || v > max) return `${spec.label}: ${v} is outside ${min}…${max} ${spec.unit}`;
    return null;
  };
  const commit = () => {
    if (text === null || lockedBy) return;
    const p = problem(text);
    setError(p);
    if (p) return; // keep the typed text next to its error so it can be corrected
    setText(null);
    actions.setParam(spec.key, Number(text));
  };
  const describedBy = [lockedBy, error ? errorId : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <input
        type="number"
        className="manual"
        aria-label={`${spec.label} exact value`}
        value={text ?? value}
        min={spec.min}
        max={spec.max}
        onChange={(e) => {
          setText(e.target.value);
          // An error goes as soon as the box holds a valid value again.
          if (error && problem(e.target.value) === null) setError(null);
        }}
        readOnly={lockedBy !== undefined}
        aria-disabled={lockedBy !== undefined || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
        data-testid={`manual-${spec.key}`}
      />
      {error && (
        <span className="field-error" role="alert" id={errorId} data-testid={`manual-error-${spec.key}`}>
          {error}
        </span>
      )}
    </>
  );
}

/**
 * One template parameter: a slider over its search values (or a select) and an exact-value box. A parameter the
 * active challenge locks is shown read-only with a visible lock; its controls keep focus (aria-disabled rather than
 * disabled) so Tab still reaches them and reads the lock note through aria-describedby; changes are ignored.
 */
function ParamControl({ spec, design }: { spec: ParamSpec; design: Design }) {
  const docId = useId();
  // The control's name is its visible label alone (not the value or "(manual)" beside it); the explanation is its
  // description.
  const labelId = useId();
  const lockId = useId();
  const locked = useLockedValue(spec.key) !== undefined;
  const describedBy = locked ? `${lockId} ${docId}` : docId;
  const value = design[spec.key];
  if (typeof spec.values[0] === 'string') {
    return (
      <div className={locked ? 'param locked' : 'param'} data-locked={locked || undefined}>
        <label>
          <span className="param-label">
            <span id={labelId}>{spec.label}</span> {locked && <LockIcon />}
          </span>
          <select
            aria-labelledby={labelId}
            value={String(value)}
            onChange={(e) => !locked && actions.setParam(spec.key, e.target.value)}
            aria-describedby={describedBy}
            aria-disabled={locked || undefined}
            data-testid={`param-${spec.key}`}
          >
            {spec.values.map((v) => (
              <option key={String(v)} value={String(v)}>
                {String(v)}
              </option>
            ))}
          </select>
        </label>
        {locked && <LockNote id={lockId} />}
        <p className="param-doc" id={docId}>
          {spec.doc}
        </p>
      </div>
    );
  }
  const idx = nearestIndex(spec.values, value);
  const onGrid = spec.values.includes(value as number);
  return (
    <div className={locked ? 'param locked' : 'param'} data-locked={locked || undefined}>
      <label>
        <span className="param-label">
          <span id={labelId}>{spec.label}</span> {locked && <LockIcon />}
          <output className="param-value">{formatValue(value, spec.unit)}</output>
          {!onGrid && (
            <span className="off-grid" title="between search values">
              {' '}
              (manual)
            </span>
          )}
        </span>
        <input
          type="range"
          min={0}
          max={spec.values.length - 1}
          step={1}
          value={idx}
          onChange={(e) => !locked && actions.setParam(spec.key, spec.values[Number(e.target.value)] as number)}
          aria-labelledby={labelId}
          aria-describedby={describedBy}
          aria-disabled={locked || undefined}
          aria-valuetext={formatValue(spec.values[idx], spec.unit)}
          data-testid={`param-${spec.key}`}
        />
      </label>
      <ManualNumber spec={spec} value={value as number} lockedBy={locked ? describedBy : undefined} />
      {locked && <LockNote id={lockId} />}
      <p className="param-doc" id={docId}>
        {spec.doc}
      </p>
    </div>
  );
}

function ConstantControl({ spec, design }: { spec: ConstantSpec; design: Design }) {
  const docId = useId();
  const lockId = useId();
  const locked = useLockedValue(spec.key) !== undefined;
  const v = design[spec.key];
  const value = typeof v === 'number' ? v : spec.default;
  return (
    <div className={locked ? 'param locked' : 'param'} data-locked={locked || undefined}>
      <span className="param-label">
        {spec.label} {locked && <LockIcon />}
        <output className="param-value">{formatValue(value, spec.unit)}</output>
      </span>
      <ManualNumber spec={spec} value={value} lockedBy={locked ? `${lockId} ${docId}` : undefined} />
      {locked && <LockNote id={lockId} />}
      <p className="param-doc" id={docId}>
        {spec.doc}
      </p>
    </div>
  );
}

export function DesignEditor() {
  const templateId = useStore((s) => s.template);
  const preset = useStore((s) => s.preset);
  const design = useStore((s) => s.design);
  const budget = useStore((s) => s.budgetMm2);
  const template = requireTemplate(templateId);
  return (
    <section className="panel design-editor" data-testid="design-editor" aria-label="Design editor">
      <div className="panel-head">
        <h2>Accelerator</h2>
        <UndoButtons />
      </div>
      <div className="row">
        <label>
          Template{' '}
          <select
            value={templateId}
            onChange={(e) => actions.setTemplate(e.target.value as TemplateId)}
            data-testid="template-select"
          >
            {TEMPLATES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Preset{' '}
          <select
            value={preset ?? ''}
            onChange={(e) => e.target.value && actions.applyPreset(e.target.value)}
            data-testid="preset-select"
          >
            <option value="">(custom)</option>
            {Object.keys(template.presets).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <NumberField
          label="Area budget"
          unit="mm² (empty: no budget)"
          value={budget ?? undefined}
          min={AREA_BUDGET_MM2.min}
          max={AREA_BUDGET_MM2.max}
          step={0.5}
          optional
          onChange={(v) => actions.setBudget(v ?? null)}
          testId="budget"
        />
      </div>
      <p className="muted small">{template.doc}</p>
      {template.params.map((p) => (
        <ParamControl key={p.key} spec={p} design={design} />
      ))}
      <details>
        <summary>Template constants</summary>
        {template.constants.map((c) => (
          <ConstantControl key={c.key} spec={c} design={design} />
        ))}
      </details>
    </section>
  );
}
