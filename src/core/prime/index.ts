/**
 * PRIME (Kumar et al., "Data-Driven Offline Optimization for Architecting Hardware
 * Accelerators", ICLR 2022) in Archscope: a conservative surrogate trained on logged designs,
 * optimised offline, with only the top k proposals simulated. See docs/prime.md.
 */

export { kendallTau } from '../analysis/stats';
export { isPrimeApplication, PRIME_APPLICATIONS, type PrimeApplication } from './applications';
export {
  backendLabel,
  initPrimeBackend,
  liveTensors,
  type PrimeBackendChoice,
  type PrimeBackendInfo,
  primeBackend,
} from './backend';
export {
  type CompareMethod,
  type CompareOptions,
  type CompareProgress,
  type CompareRow,
  type CompareTask,
  type Comparison,
  compareTask,
  type SimulationSaving,
} from './compare';
export { CONTEXT_DIMS, CONTEXT_FEATURES, workloadContext, workloadStats } from './context';
export {
  type Aggregation,
  aggregate,
  bestLogged,
  type DatasetPoints,
  type DatasetSummary,
  datasetFromStore,
  datasetFromStores,
  datasetPoints,
  datasetSummary,
  generateDataset,
  loggedDesign,
  type PrimeDataset,
  selectDesigns,
  selectWorkloads,
  splitDesigns,
  withAreaBudget,
  withoutTopShare,
} from './dataset';
export { createEncoder, type DesignEncoder } from './features';
export { PrimeDataError, parseLoggedData } from './io';
export { type LoggedSegment, loggedSegments, runSegment, type SegmentRows } from './logged';
export {
  checkLoggedSize,
  formatBytes,
  LOGGED_MEMORY_LIMIT_BYTES,
  LoggedBuilder,
  type LoggedMemory,
  loggedMemory,
  segmentBuffers,
} from './logged-build';
export { ONLINE_KINDS, type OnlineKind, type OnlineResult, runOnline } from './online';
export { classification, type ModelReport, mape, modelReport } from './report';
export {
  bestLoggedFor,
  bestVerified,
  contextsOf,
  optimizeSurrogate,
  type PrimeResult,
  type PrimeTask,
  runPrime,
  trainColumns,
  type VerifiedDesign,
  verifyDesigns,
} from './run';
export { type Proposal, proposeDesigns, SEARCH_DEFAULTS, type SearchConfig } from './search';
export {
  type CompareRequest,
  type CompareSummary,
  type DatasetSource,
  type LoggedRequest,
  type OptimizeRequest,
  type OptimizeResult,
  PrimeSession,
  type TrainRequest,
  type TrainResult,
} from './session';
export {
  latencyOfScore,
  type Surrogate,
  TRAIN_DEFAULTS,
  type TrainConfig,
  type TrainProgress,
  trainSurrogate,
} from './train';
