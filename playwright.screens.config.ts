import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/** `npx playwright test -c playwright.screens.config.ts`: writes docs/screens/*.png to look at. */
export default defineConfig({ ...base, testMatch: /.*\.screens\.ts/, workers: 1 });
