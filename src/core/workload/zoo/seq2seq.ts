import { NetBuilder } from '../builder';
import type { Workload } from '../workload';

/**
 * Sequence-to-sequence LSTM translation model of Sutskever, Vinyals & Le, "Sequence to Sequence
 * Learning with Neural Networks" (NeurIPS 2014, arXiv 1409.3215), §3.4: "deep LSTMs with 4 layers,
 * with 1000 cells at each layer and 1000 dimensional word embeddings, with an input vocabulary of
 * 160,000 and an output vocabulary of 80,000", a softmax over the output vocabulary; "384M
 * parameters of which 64M are pure recurrent connections (32M for the encoder and 32M for the
 * decoder)". This stands in for PRIME's "t-RNN" encoder/decoder applications, whose exact sizes
 * are not published.
 */
export const SUTSKEVER = {
  layers: 4,
  hidden: 1000,
  embedding: 1000,
  sourceVocab: 160_000,
  targetVocab: 80_000,
} as const;

export interface Seq2SeqConfig {
  layers: number;
  hidden: number;
  embedding: number;
  targetVocab: number;
}

/**
 * Encoder: the embedding lookup (a table read, 0 MACs; its 160M table parameters are not part
 * of the layer list) feeds `layers` stacked LSTMs over the `timesteps` source tokens.
 * The workload input is { c: embedding size, h: timesteps, w: 1 }.
 */
export function lstmEncoder(timesteps = 32, cfg: Seq2SeqConfig = SUTSKEVER): Workload {
  const input = { c: cfg.embedding, h: timesteps, w: 1 };
  const b = new NetBuilder(input);
  for (let i = 0; i < cfg.layers; i++) b.lstm(cfg.hidden, timesteps, { name: `encoder.lstm${i + 1}` });
  return {
    id: 'lstm_encoder',
    name: 'LSTM seq2seq encoder',
    input,
    layers: b.layers,
    source: { kind: 'zoo', builder: 'lstmEncoder', reference: 'Sutskever et al. 2014, §3.4 (4 × 1000 LSTM)' },
  };
}

/**
 * Decoder: embedding lookup of the previous target token (0 MACs), `layers` stacked LSTMs over
 * `timesteps` output tokens, and the output projection hidden → targetVocab at every step. The
 * projection is a time-distributed FC, written as a 1×1 conv over the T×1 sequence so its weights
 * are shared across the steps (T·H·V MACs, H·V + V params).
 */
export function lstmDecoder(timesteps = 32, cfg: Seq2SeqConfig = SUTSKEVER): Workload {
  const input = { c: cfg.embedding, h: timesteps, w: 1 };
  const b = new NetBuilder(input);
  for (let i = 0; i < cfg.layers; i++) b.lstm(cfg.hidden, timesteps, { name: `decoder.lstm${i + 1}` });
  b.conv(cfg.targetVocab, 1, { pad: 0, bias: true, bn: false, name: 'decoder.softmax_proj', note: 'per-step FC' });
  return {
    id: 'lstm_decoder',
    name: 'LSTM seq2seq decoder',
    input,
    layers: b.layers,
    source: {
      kind: 'zoo',
      builder: 'lstmDecoder',
      reference: 'Sutskever et al. 2014, §3.4 (4 × 1000 LSTM, 80k vocab)',
    },
  };
}
