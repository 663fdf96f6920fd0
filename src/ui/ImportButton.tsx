import { type DragEvent, useCallback, useRef, useState } from 'react';
import { importWorkload } from '../core/workload/import';
import { actions } from '../state/actions';

/** Largest file the browser import accepts, before reading it. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** Reads a dropped or picked file and imports it; errors go to the store, never to the DOM as HTML. */
export async function importFile(file: File): Promise<void> {
  if (file.size > MAX_IMPORT_BYTES) {
    actions.setImportError(`${file.name}: ${file.size} bytes is over the ${MAX_IMPORT_BYTES}-byte import limit`);
    return;
  }
  try {
    const text = await file.text();
    actions.addImported(importWorkload(text, file.name));
  } catch (e) {
    actions.setImportError(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** File picker plus a drop zone for SCALE-Sim CSV and Keras / TF.js model.json files. */
export function ImportButton() {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const onDrop = useCallback((e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files[0];
    if (f) void importFile(f);
  }, []);
  return (
    <section
      className={`dropzone${over ? ' over' : ''}`}
      aria-label="Import a workload"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="import-dropzone"
    >
      <button type="button" onClick={() => input.current?.click()}>
        Import…
      </button>
      <span className="muted"> or drop a SCALE-Sim .csv / Keras model.json here</span>
      <input
        ref={input}
        type="file"
        accept=".csv,.json,text/csv,application/json"
        hidden
        data-testid="import-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void importFile(f);
          e.target.value = '';
        }}
      />
    </section>
  );
}
