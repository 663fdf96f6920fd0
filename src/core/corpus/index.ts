/**
 * The Edge TPU network study (docs/corpus.md): a corpus of generated CNNs evaluated on the
 * Edge TPU classes, the insights computed from it, and a learned cost model.
 */
export * from './batch';
export * from './corpus-api';
export * from './cost-features';
export * from './cost-model';
export * from './cost-study';
export * from './evaluate';
export * from './insights';
export * from './model-evaluate';
export * from './model-match';
export * from './prediction-check';
export * from './rank';
export * from './runner';
export * from './store';
