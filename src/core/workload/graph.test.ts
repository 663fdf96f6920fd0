import { describe, expect, it } from 'vitest';
import { NetBuilder } from './builder';
import { EdgeTracker, lastReaders, liveActivationBytes, producersOf } from './graph';
import { type Layer, layerInputBytes, layerOutputBytes } from './layer';
import { buildZooModel, ZOO } from './zoo';

const idx = (wl: { layers: { name: string }[] }, name: string) => wl.layers.findIndex((l) => l.name === name);

describe('graph edges recorded by NetBuilder', () => {
  it('every zoo layer reads only earlier layers or the network input', () => {
    for (const e of ZOO) {
      const wl = e.build(e.defaultInput);
      wl.layers.forEach((l, i) => {
        for (const j of producersOf(wl.layers, i)) {
          expect(Number.isInteger(j) && j >= -1 && j < i, `${e.id} ${l.name} reads ${j}`).toBe(true);
        }
      });
    }
  });

  it('a plain chain stores no edges and its live set is each layer’s input + output', () => {
    const wl = buildZooModel('mobilenet_v1');
    expect(wl.layers.every((l) => l.from === undefined)).toBe(true);
    const live = liveActivationBytes(wl.layers);
    wl.layers.forEach((l, i) => {
      expect(live[i]).toBe(layerInputBytes(l) + layerOutputBytes(l));
    });
  });

  it('ResNet-50: the residual add reads the block output and the downsample; the block input waits', () => {
    const wl = buildZooModel('resnet50');
    const add = idx(wl, 'layer1.0.add');
    expect(wl.layers[add]?.from).toEqual([idx(wl, 'layer1.0.conv3'), idx(wl, 'layer1.0.downsample')]);
    expect(wl.layers[idx(wl, 'layer1.1.add')]?.from).toEqual([idx(wl, 'layer1.1.conv3'), add]);
    const live = liveActivationBytes(wl.layers);
    // During the downsample: conv3's output (256×56×56) waits for the add, the max pool's output
    // (64×56×56) is read, the downsample writes 256×56×56.
    expect(live[idx(wl, 'layer1.0.downsample')]).toBe(802_816 + 200_704 + 802_816);
    // During conv3 the max pool's output still waits for the downsample.
    expect(live[idx(wl, 'layer1.0.conv3')]).toBe(200_704 + 200_704 + 802_816);
  });

  it('DenseNet-121: each dense layer ends in a concat copy of the block so far and its 32 new channels', () => {
    const wl = buildZooModel('densenet121');
    const concats = wl.layers.filter((l) => l.note === 'concat copy');
    expect(concats).toHaveLength(6 + 12 + 24 + 16);
    const c6 = idx(wl, 'denseblock1.denselayer6.concat');
    expect(wl.layers[c6]?.from).toEqual([idx(wl, 'denseblock1.denselayer5.concat'), c6 - 1]);
    expect(wl.layers[c6]).toMatchObject({ op: 'eltwise', c: 256, k: 256, p: 56, q: 56 });
    const live = liveActivationBytes(wl.layers);
    // conv1 of dense layer 6: the 224-channel concatenation waits for the next concat, the
    // normalised copy of it is read, 128 channels are written (56×56 pixels, int8).
    expect(live[idx(wl, 'denseblock1.denselayer6.conv1')]).toBe((224 + 224 + 128) * 3136);
    expect(Math.max(...live)).toBe((224 + 224 + 128) * 3136);
  });

  it('SE gates read the block tensor kept live across the squeeze; GoogLeNet concatenates 4 branches', () => {
    const wl = buildZooModel('efficientnet_b0');
    const gate = idx(wl, 'b2_se_gate');
    expect(wl.layers[gate]?.from).toEqual([gate - 1, idx(wl, 'b2_dw')]);
    const g = buildZooModel('googlenet');
    const cat = g.layers[idx(g, 'inception3a.concat')];
    expect(cat?.from).toHaveLength(4);
    expect(cat?.c).toBe(256);
  });

  it('the network input stays live until its last reader; an unread branch only while written', () => {
    const b = new NetBuilder({ c: 8, h: 10, w: 10 });
    const x = b.shape;
    b.conv(8, 3); // 0
    b.fork(undefined, x).conv(8, 1); // 1: reads the input again, output never read
    b.conv(8, 1); // 2: reads layer 0, the main builder's current tensor
    const last = lastReaders(b.layers);
    expect(last[0]).toBe(1); // input read by layers 0 and 1
    expect(b.layers[1]?.from).toEqual([-1]);
    expect(b.layers[2]?.from).toEqual([0]);
    expect(last[2]).toBe(1); // layer 1's output: nobody reads it
    const live = liveActivationBytes(b.layers);
    expect(live[1]).toBe(800 + 800 + 800); // input, layer 0 waiting for layer 2, layer 1 output
  });
});

describe('EdgeTracker (the importers’ edges)', () => {
  const conv = (name: string): Layer => new NetBuilder({ c: 4, h: 4, w: 4 }).conv(4, 1, { name }).layers[0] as Layer;
  function run(nodes: { reads: (number | undefined)[]; emit: number; producer?: number }[]) {
    const layers: Layer[] = [];
    const t = new EdgeTracker(layers);
    const srcs = nodes.map((n) => {
      t.begin(n.reads);
      for (let k = 0; k < n.emit; k++) {
        const l = conv(`l${layers.length}`);
        t.stamp(l);
        layers.push(l);
      }
      return t.srcOf(n.producer === undefined ? undefined : layers[n.producer]);
    });
    return { layers, srcs };
  }

  it('a layer reads its inputs’ writers; a node without a layer passes its first input’s writer on', () => {
    const { layers, srcs } = run([
      { reads: [-1], emit: 1 }, // conv a (0) on the input
      { reads: [0], emit: 0 }, // ReLU: still layer 0
      { reads: [0], emit: 1 }, // conv b (1)
      { reads: [1, undefined], emit: 0 }, // x · constant: still layer 1
      { reads: [1, 0, 1], emit: 1 }, // add (2) of b and a, b repeated: read once
      { reads: [-1], emit: 2 }, // a two-layer node on the input: the second reads the first
    ]);
    expect(srcs).toEqual([0, 0, 1, 1, 2, 4]);
    expect(layers.map((l) => l.from)).toEqual([undefined, undefined, [1, 0], [-1], undefined]);
  });

  it('a folded op names its producer: the tensor is that layer’s, not the node’s last', () => {
    const { srcs } = run([
      { reads: [-1], emit: 2 },
      { reads: [1], emit: 0, producer: 0 },
    ]);
    expect(srcs).toEqual([1, 0]);
  });
});
