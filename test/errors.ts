import { ImportError } from '../src/core/workload/import/errors';

/** Runs `fn` and returns the ImportError it throws; any other outcome fails the test. */
export function importError(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('expected an ImportError');
}
