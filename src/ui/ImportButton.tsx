import { type DragEvent, useCallback, useRef, useState } from 'react';
import { checkBinarySize, IMPORT_EXTENSIONS, importWorkloadBytes } from '../core/workload/import';
import { actions } from '../state/actions';
import { KeptNote } from './KeptNote';

/** Reads a dropped or picked file and imports it; errors go to the store, never to the DOM as HTML. */
export async function importFile(file: File): Promise<void> {
  try {
    checkBinarySize(file.size); // before reading: a multi-GB file must not be loaded to be refused
    // Bytes, not text: ONNX and TFLite are binary, and the content decides the format, not the name.
    const bytes = new Uint8Array(await file.arrayBuffer());
    actions.addImported(importWorkloadBytes(bytes, file.name));
  } catch (e) {
    actions.setImportError(`${file.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** File picker plus a drop zone for ONNX, TFLite, Keras / TF.js model.json and SCALE-Sim CSV files. */
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
      <span className="muted"> or drop an .onnx, .tflite, Keras model.json or SCALE-Sim .csv here (or on any tab)</span>
      <KeptNote />
      <input
        ref={input}
        type="file"
        accept={`${IMPORT_EXTENSIONS.join(',')},text/csv,application/json`}
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
