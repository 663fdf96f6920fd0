import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig({
  plugins: [react(), cspMeta()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 4000 },
  // `vite preview` (npm start, the e2e suite) serves dist with the policy as a header too; it also
  // reaches the worker scripts, which take their own policy from their response.
  preview: { host: '127.0.0.1', headers: SECURITY_HEADERS },
});
