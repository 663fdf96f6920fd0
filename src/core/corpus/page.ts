/**
 * The parts of the network study the page itself runs (store, runner, insights, batches, class designs):
 * everything of src/core/corpus but the learned cost model, whose TensorFlow.js belongs in the corpus worker
 * (src/security.test.ts keeps tfjs out of the page bundle).
 */
export * from './batch';
export * from './evaluate';
export * from './insights';
export * from './model-match';
export * from './prediction-check';
export * from './rank';
export * from './runner';
export * from './store';
