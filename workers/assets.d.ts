/**
 * Vite's `?url` imports give the URL of the emitted asset (what vite/client declares; the worker
 * tsconfig has no DOM types, so it cannot take vite/client itself).
 */
declare module '*?url' {
  const url: string;
  export default url;
}
