import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/** Browser benchmarks (not tests): `npm run bench:ui`. They print figures; they never fail on timing. */
export default defineConfig({
  ...base,
  testDir: 'e2e/bench',
  testMatch: /.*\.bench\.ts/,
  workers: 1,
  timeout: 180_000,
});
