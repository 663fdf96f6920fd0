import type { Workload } from '../workload';
import { checkFileSize, ImportError } from './errors';
import { parseKerasModel } from './keras';
import { parseScaleSimCsv } from './scalesim';

export { IMPORT_LIMITS, ImportError } from './errors';
export { parseKerasModel } from './keras';
export { SUPPORTED_KERAS_CLASSES } from './keras-layers';
export { parseScaleSimCsv } from './scalesim';
export { type LayerSummary, layerSummary } from './summary';

/**
 * Imports a workload file from its text: `.csv` is a SCALE-Sim topology, `.json` a Keras /
 * TF.js layers-format model. Other names are sniffed: a leading `{` means JSON, else CSV.
 * Throws `ImportError` (with a `field`) on anything it cannot read.
 */
export function importWorkload(text: string, fileName: string): Workload {
  checkFileSize(text);
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'csv') return parseScaleSimCsv(text, fileName);
  if (ext === 'json') return parseKerasModel(text, fileName);
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body === '') throw new ImportError('file', `"${fileName}" is empty`);
  return body.startsWith('{') ? parseKerasModel(text, fileName) : parseScaleSimCsv(text, fileName);
}
