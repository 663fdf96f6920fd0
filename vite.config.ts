import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Content-Security-Policy of the built app (docs/reliability.md#security): scripts and workers
 * only from our origin — no inline script, no eval; WebAssembly may be compiled ('wasm-unsafe-eval',
 * for TensorFlow.js's wasm backend in the PRIME worker: it compiles only the .wasm binaries we serve,
 * fetched under connect-src 'self') — styles from our stylesheet (React and D3 set styles through the CSSOM, which
 * style-src does not govern), images also from data:/blob: URLs (PNG export), no plugins, no
 * <base>, no form posts.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Header-only directives (browsers ignore frame-ancestors in a <meta> policy). */
const CSP_HEADER = `${CSP}; frame-ancestors 'none'`;

const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * Puts the policy into the built index.html as a <meta> so it holds on any static host. Build only:
 * the dev server injects an inline React-refresh preamble and talks to Vite over a WebSocket, which
 * this policy would block, so `npm run dev` runs without a CSP.
 */
function cspMeta(): Plugin {
  return {
    name: 'archscope-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' },
    ],
  };
}

/**
 * Offline and installable (issue 17 §7): a web app manifest and a Workbox service worker that precaches the whole
 * build — the app shell, its chunks, the simulation / study / PRIME worker scripts and the lesson files — so the
 * app reloads and runs studies with no network. The registration is a separate file (registerSW.js), not inline
 * script, so the CSP is unchanged: the worker is same-origin (worker-src 'self') and fetches same-origin
 * (connect-src 'self'). autoUpdate: a new build takes over on the next load.
 */
const pwa = VitePWA({
  registerType: 'autoUpdate',
  injectRegister: 'script',
  manifest: {
    name: 'Archscope — accelerator design-space explorer',
    short_name: 'Archscope',
    description: 'Design-space explorer for deep-learning accelerators, in the browser',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: '#1f4e79',
    background_color: '#f7f8fa',
    icons: [
      { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,png,json,wasm,webmanifest}'],
    // The PRIME worker (TensorFlow.js) is ~1.8 MB; Workbox skips files over its 2 MiB default.
    maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
    navigateFallback: '/index.html',
    cleanupOutdatedCaches: true,
    // No source map for the generated sw.js: it is Workbox's code, and mapping it doubles the plugin's build time.
    sourcemap: false,
    // The first page is controlled as soon as the worker is active, not only after a reload.
    clientsClaim: true,
    skipWaiting: true,
  },
});

export default defineConfig({
  plugins: [react(), cspMeta(), pwa],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 4000 },
  // `vite preview` (npm start, the e2e suite) serves dist with the policy as a header too; it also
  // reaches the worker scripts, which take their own policy from their response.
  preview: { host: '127.0.0.1', headers: SECURITY_HEADERS },
});
