/**
 * Branded unit types. An `Mm2` value cannot be passed where another unit is expected without an
 * explicit cast, so the compiler catches unit mix-ups (Excalidraw's `Radians` idea). Brand a unit
 * here when code takes it (cycles, bytes, joules are plain numbers with JSDoc units today).
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Area in square millimetres. */
export type Mm2 = Brand<number, 'Mm2'>;
