import { z } from 'zod';

/**
 * Import first in every browser entry (src/main.tsx, workers that validate with zod). zod 4
 * probes `new Function` on its first parse to pick a JIT; the probe is caught, but under our
 * Content-Security-Policy (no 'unsafe-eval', see vite.config.ts) Chromium still reports a
 * violation and logs a console error. Jitless parsing is plenty fast for permalinks and files.
 */
z.config({ jitless: true });
