import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli';

describe('cli prime', () => {
  it('bad flags exit 2 with one line naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['--seed', '1', '--k', '4'], /--train FILE or --workload/],
      [['--workload', 'mobilenet_v2', '--count', '10', '--seed', '1', '--k', 'x'], /--k must be an integer/],
      [
        ['--workload', 'mobilenet_v2', '--count', '10', '--seed', '1', '--k', '4', '--area-max', '0'],
        /--area-max must be between/,
      ],
      [['--train', 'a.csv', '--workload', 'mobilenet_v2', '--seed', '1', '--k', '4'], /--train: give either/],
      [['--train', '/nonexistent/logged.csv', '--seed', '1', '--k', '4'], /--train: cannot read file/],
      [['--workload', 'no_such_net', '--count', '10', '--seed', '1', '--k', '4'], /--workload: unknown workload/],
      [
        ['--workload', 'mobilenet_v2', '--count', '10', '--seed', '1', '--k', '4', '--holdout', 'mobilenet_v2'],
        /--holdout: every workload/,
      ],
      [['--workload', 'mobilenet_v2', '--count', '10', '--seed', '1', '--k', '4', '--bogus'], /--bogus/],
      [
        ['--workload', 'mobilenet_v2', '--count', '10', '--seed', '1', '--k', '4', '--drop-top', '1'],
        /--drop-top must be between 0 and 0.99/,
      ],
      [
        ['--workload', 'mobilenet_v2', '--count', '10', '--seed', '1', '--k', '4', '--backend', 'gpu'],
        /--backend must be/,
      ],
      [
        ['--workload', 'mobilenet_v2', '--count', '10', '--seed', '1', '--k', '4', '--surrogate', 'rnn'],
        /--surrogate must be/,
      ],
      [
        ['--workload', 'mobilenet_v2', '--count', '10', '--seed', '1', '--k', '4', '--negatives', 'random'],
        /--negatives must be/,
      ],
      [
        ['--workload', 'mobilenet_v2', '--count', '10', '--seed', '1', '--k', '4', '--moe'],
        /--moe: only with --surrogate/,
      ],
      [
        [
          '--workload',
          'mobilenet_v2',
          '--count',
          '10',
          '--seed',
          '1',
          '--k',
          '4',
          '--surrogate',
          'transformer',
          '--width',
          '30',
          '--heads',
          '4',
        ],
        /--width 30 must be a multiple of --heads 4/,
      ],
      [
        [
          '--workload',
          'mobilenet_v2',
          '--count',
          '10',
          '--seed',
          '1',
          '--k',
          '4',
          '--surrogate',
          'transformer',
          '--layers',
          'two',
        ],
        /--layers must be an integer/,
      ],
    ];
    for (const [args, msg] of cases) {
      const r = await runCli(['prime', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toMatch(msg);
    }
  });

  it('trains on a `dataset` file and prints exactly the documented JSON, with K new simulations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prime-'));
    const file = join(dir, 'logged.csv');
    const d = await runCli(['dataset', '--workload', 'mobilenet_v2', '--count', '300', '--seed', '3', '--out', file]);
    expect(d.code).toBe(0);
    // The cpu backend, like every unit test not about wasm (backend.test.ts compares the two).
    const r = await runCli([
      'prime',
      '--train',
      file,
      '--seed',
      '2',
      '--k',
      '4',
      '--steps',
      '30',
      '--backend',
      'cpu',
      '--json',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual(['prime', 'bestLogged', 'naiveMbo', 'online', 'newSimulations', 'backend']);
    expect(doc.backend).toBe('cpu');
    expect(Object.keys(doc.prime)).toEqual(['design', 'latencyMs', 'areaMm2', 'feasible']);
    expect(Object.keys(doc.online)).toEqual(['random', 'evolution', 'bo']);
    expect(doc.newSimulations).toBe(4);
    // PRIME's proposals respect the default 27 mm² budget exactly (area is known, not learnt).
    expect(doc.prime.areaMm2).toBeLessThanOrEqual(27);
    expect(Object.keys(doc.prime.design)).toContain('peX');
    if (doc.prime.feasible) expect(doc.prime.latencyMs).toBeGreaterThan(0);
    else expect(doc.prime.latencyMs).toBeNull();
  });

  it('--drop-top takes the best logged designs out: the best logged latency left is worse, and the text says how many went', async () => {
    const args = ['prime', '--workload', 'mobilenet_v2', '--count', '400', '--seed', '5', '--k', '2', '--steps', '20'];
    const whole = await runCli([...args, '--backend', 'cpu', '--json']);
    const cut = await runCli([...args, '--backend', 'cpu', '--drop-top', '0.5', '--json']);
    expect(cut.code, cut.err).toBe(0);
    const [a, b] = [JSON.parse(whole.out), JSON.parse(cut.out)];
    expect(b.bestLogged.latencyMs).toBeGreaterThan(a.bestLogged.latencyMs);
    const text = await runCli([...args, '--backend', 'cpu', '--drop-top', '0.5']);
    expect(text.out).toMatch(/the best 50 % of feasible designs \(\d+\) taken out/);
  });

  it('--surrogate transformer --moe --negatives ascent --rank-loss trains that network and says so', async () => {
    const r = await runCli([
      'prime',
      ...[
        '--workload',
        'mobilenet_v2',
        '--count',
        '200',
        '--in-area',
        '0.5',
        '--seed',
        '4',
        '--k',
        '3',
        '--steps',
        '20',
      ],
      ...['--surrogate', 'transformer', '--moe', '--width', '8', '--heads', '2', '--layers', '1'],
      ...['--negatives', 'ascent', '--rank-loss', '--backend', 'wasm'],
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'surrogate: Transformer width 8, 2 heads, 1 layer(s), MoE head (4 experts), ranking loss, ascent negatives',
    );
    expect(r.out).toMatch(/PRIME \(α 0\.1, β 0\.1\): (none feasible|[\d.]+ ms), \d\/3 proposals feasible/);
  });
});
