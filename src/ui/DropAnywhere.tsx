import { useEffect, useState } from 'react';
import { actions } from '../state/actions';
import { importFile } from './ImportButton';

/** True when a drag carries files (not text or a link dragged within the page). */
const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');

/**
 * A model file dropped anywhere on the page imports (issue 17 §6), as on the workload browser's drop zone: the
 * content decides the format (src/core/workload/import), and the workload browser opens on the result or its
 * error. A drop the drop zone already handled (default prevented) is left alone. While files are dragged over the
 * page, an overlay says what dropping does.
 */
export function DropAnywhere() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const overPage = (e: DragEvent) => {
      // Without this the browser would open the file in place of the app.
      if (hasFiles(e)) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      depth = 0;
      setOver(false);
      if (e.defaultPrevented || !hasFiles(e)) return;
      e.preventDefault();
      const f = e.dataTransfer?.files[0];
      if (!f) return;
      void importFile(f).then(() => actions.setView('workloads'));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overPage);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overPage);
      window.removeEventListener('drop', drop);
    };
  }, []);
  if (!over) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <span>Drop an .onnx, .tflite, Keras model.json or SCALE-Sim .csv file to import it</span>
    </div>
  );
}
