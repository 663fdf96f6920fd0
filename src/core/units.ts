/**
 * Branded unit types. A `Cycles` value cannot be passed where `Bytes` is expected without an
 * explicit cast, so the compiler catches unit mix-ups (Excalidraw's `Radians` idea).
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Clock cycles of the accelerator. */
export type Cycles = Brand<number, 'Cycles'>;
/** Bytes of storage or traffic. */
export type Bytes = Brand<number, 'Bytes'>;
/** Gigabytes (1e9 bytes) per second. */
export type GBps = Brand<number, 'GBps'>;
/** Energy in joules. */
export type Joules = Brand<number, 'Joules'>;
/** Area in square millimetres. */
export type Mm2 = Brand<number, 'Mm2'>;
/** Multiply-accumulate operations (one MAC = 2 ops). */
export type Macs = Brand<number, 'Macs'>;
