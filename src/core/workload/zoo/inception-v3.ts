import { type ConvOpts, NetBuilder, type Shape } from '../builder';
import type { Workload } from '../workload';

/**
 * Inception v3 (Szegedy et al., "Rethinking the Inception Architecture", arXiv 1512.00567) as
 * torchvision `inception_v3` builds it (ported from TF-slim, whose block widths differ from the
 * paper's Table 1; the published figures are for this network): 3 × InceptionA (Fig. 5) at 35×35,
 * a grid reduction (InceptionB), 4 × InceptionC (Fig. 6, 7×1/1×7 factorised) at 17×17, a second
 * reduction (InceptionD), 2 × InceptionE (Fig. 7, expanded filter bank) at 8×8. Every conv is
 * BasicConv2d: no bias, BN (eps 1e-3). The auxiliary classifier only runs in training; omitted.
 */

/** Pool-projection widths of Mixed_5b/5c/5d (InceptionA `pool_features`). */
const MIXED_5: readonly number[] = [32, 64, 64];
/** Factorised 7×7 widths of Mixed_6b–6e (InceptionC `channels_7x7`). */
const MIXED_6: readonly number[] = [128, 160, 160, 192];
/** Number of InceptionE blocks (Mixed_7b, 7c). */
const MIXED_7 = 2;

type Step = readonly [k: number, r: number, s: number, opts?: ConvOpts];

/** Runs a chain of BasicConv2d steps on a fork of `b` starting at `from`; returns its output shape. */
function branch(b: NetBuilder, from: Shape, name: string, steps: readonly (readonly [string, ...Step])[]): Shape {
  const f = b.fork(undefined, from);
  for (const [suffix, k, r, s, o] of steps) f.conv(k, r, { s, pad: 'same', ...o, name: `${name}.${suffix}` });
  return f.shape;
}

function avgPoolProj(b: NetBuilder, x: Shape, name: string, k: number): Shape {
  const f = b.fork(undefined, x);
  f.pool('avg', 3, { stride: 1, pad: 1, name: `${name}.branch_pool_avg` });
  return f.conv(k, 1, { pad: 0, name: `${name}.branch_pool` }).shape;
}

function inceptionA(b: NetBuilder, name: string, poolFeatures: number): void {
  const x = b.shape;
  b.concat(
    [
      branch(b, x, name, [['branch1x1', 64, 1, 1]]),
      branch(b, x, name, [
        ['branch5x5_1', 48, 1, 1],
        ['branch5x5_2', 64, 5, 5],
      ]),
      branch(b, x, name, [
        ['branch3x3dbl_1', 64, 1, 1],
        ['branch3x3dbl_2', 96, 3, 3],
        ['branch3x3dbl_3', 96, 3, 3],
      ]),
      avgPoolProj(b, x, name, poolFeatures),
    ],
    { name: `${name}.concat` },
  );
}

/** Grid reduction 35 → 17: stride-2 valid convs beside a 3×3/2 max pool. */
function inceptionB(b: NetBuilder, name: string): void {
  const x = b.shape;
  const valid2: ConvOpts = { stride: 2, pad: 'valid' };
  const pool = b.fork(undefined, x).pool('max', 3, { stride: 2, name: `${name}.branch_pool` }).shape;
  b.concat(
    [
      branch(b, x, name, [['branch3x3', 384, 3, 3, valid2]]),
      branch(b, x, name, [
        ['branch3x3dbl_1', 64, 1, 1],
        ['branch3x3dbl_2', 96, 3, 3],
        ['branch3x3dbl_3', 96, 3, 3, valid2],
      ]),
      pool,
    ],
    { name: `${name}.concat` },
  );
}

function inceptionC(b: NetBuilder, name: string, c7: number): void {
  const x = b.shape;
  b.concat(
    [
      branch(b, x, name, [['branch1x1', 192, 1, 1]]),
      branch(b, x, name, [
        ['branch7x7_1', c7, 1, 1],
        ['branch7x7_2', c7, 1, 7],
        ['branch7x7_3', 192, 7, 1],
      ]),
      branch(b, x, name, [
        ['branch7x7dbl_1', c7, 1, 1],
        ['branch7x7dbl_2', c7, 7, 1],
        ['branch7x7dbl_3', c7, 1, 7],
        ['branch7x7dbl_4', c7, 7, 1],
        ['branch7x7dbl_5', 192, 1, 7],
      ]),
      avgPoolProj(b, x, name, 192),
    ],
    { name: `${name}.concat` },
  );
}

/** Grid reduction 17 → 8. */
function inceptionD(b: NetBuilder, name: string): void {
  const x = b.shape;
  const valid2: ConvOpts = { stride: 2, pad: 'valid' };
  const pool = b.fork(undefined, x).pool('max', 3, { stride: 2, name: `${name}.branch_pool` }).shape;
  b.concat(
    [
      branch(b, x, name, [
        ['branch3x3_1', 192, 1, 1],
        ['branch3x3_2', 320, 3, 3, valid2],
      ]),
      branch(b, x, name, [
        ['branch7x7x3_1', 192, 1, 1],
        ['branch7x7x3_2', 192, 1, 7],
        ['branch7x7x3_3', 192, 7, 1],
        ['branch7x7x3_4', 192, 3, 3, valid2],
      ]),
      pool,
    ],
    { name: `${name}.concat` },
  );
}

/** Expanded filter bank: the 3×3 branches split into parallel 1×3 and 3×1 convs. */
function inceptionE(b: NetBuilder, name: string): void {
  const x = b.shape;
  const r3 = branch(b, x, name, [['branch3x3_1', 384, 1, 1]]);
  const r3dbl = branch(b, x, name, [
    ['branch3x3dbl_1', 448, 1, 1],
    ['branch3x3dbl_2', 384, 3, 3],
  ]);
  b.concat(
    [
      branch(b, x, name, [['branch1x1', 320, 1, 1]]),
      branch(b, r3, name, [['branch3x3_2a', 384, 1, 3]]),
      branch(b, r3, name, [['branch3x3_2b', 384, 3, 1]]),
      branch(b, r3dbl, name, [['branch3x3dbl_3a', 384, 1, 3]]),
      branch(b, r3dbl, name, [['branch3x3dbl_3b', 384, 3, 1]]),
      avgPoolProj(b, x, name, 192),
    ],
    { name: `${name}.concat` },
  );
}

/** Inception v3 at `resolution`² (torchvision's native input is 299). */
export function inceptionV3(resolution = 299, classes = 1000): Workload {
  const input = { c: 3, h: resolution, w: resolution };
  const b = new NetBuilder(input);
  b.conv(32, 3, { stride: 2, pad: 'valid', name: 'Conv2d_1a_3x3' });
  b.conv(32, 3, { pad: 'valid', name: 'Conv2d_2a_3x3' });
  b.conv(64, 3, { pad: 1, name: 'Conv2d_2b_3x3' });
  b.pool('max', 3, { stride: 2, name: 'maxpool1' });
  b.conv(80, 1, { pad: 0, name: 'Conv2d_3b_1x1' });
  b.conv(192, 3, { pad: 'valid', name: 'Conv2d_4a_3x3' });
  b.pool('max', 3, { stride: 2, name: 'maxpool2' });
  // torchvision names: Mixed_5b…, Mixed_6a (reduction), Mixed_6b…, Mixed_7a (reduction), Mixed_7b…
  const letter = (i: number) => String.fromCharCode(98 + i);
  MIXED_5.forEach((pf, i) => {
    inceptionA(b, `Mixed_5${letter(i)}`, pf);
  });
  inceptionB(b, 'Mixed_6a');
  MIXED_6.forEach((c7, i) => {
    inceptionC(b, `Mixed_6${letter(i)}`, c7);
  });
  inceptionD(b, 'Mixed_7a');
  for (let i = 0; i < MIXED_7; i++) inceptionE(b, `Mixed_7${letter(i)}`);
  b.pool('avg', 0, { name: 'avgpool' });
  b.fc(classes, { name: 'fc' });
  return {
    id: 'inception_v3',
    name: 'Inception v3',
    input,
    layers: b.layers,
    source: {
      kind: 'zoo',
      builder: 'inceptionV3',
      reference: 'Szegedy et al. 2015; torchvision inception_v3 (no aux)',
    },
  };
}
