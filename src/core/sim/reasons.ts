import { type CompiledWorkload, isVectorOp } from './compile';
import { type EdgeHw, FAIL_ACTIVATION, FAIL_CORE, FAIL_PARAMETER, FAIL_PE, FAIL_PROGRAM } from './edgetpu-plan';
import { FAIL_FILTER_SRAM, FAIL_IFMAP_SRAM, FAIL_OFMAP_SRAM, type SysHw } from './systolic-model';

/** Layers named per failed constraint before the rest are summarised. */
const NAMED_PER_KIND = 3;

/** Bytes as "576 B", "4.5 KiB", "8 MiB". */
export function formatBytes(b: number): string {
  if (b < 1024) return `${Math.round(b)} B`;
  const unit = b < 1048576 ? 'KiB' : 'MiB';
  const v = b / (unit === 'KiB' ? 1024 : 1048576);
  return `${Number.isInteger(v) ? v : Number(v.toFixed(1))} ${unit}`;
}

function collect(
  fails: Uint8Array,
  bit: number,
  explain: (i: number) => string,
  summary: (n: number) => string,
): string[] {
  const out: string[] = [];
  let more = 0;
  for (let i = 0; i < fails.length; i++) {
    if (!((fails[i] as number) & bit)) continue;
    if (out.length < NAMED_PER_KIND) out.push(explain(i));
    else more += 1;
  }
  if (more > 0) out.push(summary(more));
  return out;
}

/** Reasons an edgetpu design cannot run a workload, naming layers and memories. */
export function edgetpuReasons(
  cw: CompiledWorkload,
  hw: EdgeHw,
  fails: Uint8Array,
  programFail: number,
  programEntries: number,
): string[] {
  const rf = (i: number) => formatBytes((cw.rd[i] as number) * cw.bytesPerElement);
  const name = (i: number) => cw.names[i] ?? `#${i}`;
  const reasons = [
    ...collect(
      fails,
      FAIL_ACTIVATION,
      (i) =>
        `layer ${name(i)}: one output pixel's receptive field (${rf(i)}) does not fit the ${formatBytes(hw.actMem)} activation memory`,
      (n) => `${n} more layers do not fit the ${formatBytes(hw.actMem)} activation memory`,
    ),
    ...collect(
      fails,
      FAIL_PARAMETER,
      (i) =>
        `layer ${name(i)}: one output channel's filter (${rf(i)}) does not fit the ${formatBytes(hw.paramMem)} parameter memory`,
      (n) => `${n} more layers do not fit the ${formatBytes(hw.paramMem)} parameter memory`,
    ),
    ...collect(
      fails,
      FAIL_CORE,
      (i) =>
        `layer ${name(i)}: one output channel's filter (${rf(i)}) does not fit the ${formatBytes(hw.coreMem)} core memory`,
      (n) => `${n} more layers do not fit the ${formatBytes(hw.coreMem)} core memory`,
    ),
    ...collect(
      fails,
      FAIL_PE,
      (i) =>
        `layer ${name(i)}: the input rows of one output row (${formatBytes(cw.bandBytes[i] as number)}) do not fit the ${formatBytes(hw.peMem)} PE memory`,
      (n) => `${n} more layers do not fit the ${formatBytes(hw.peMem)} PE memory`,
    ),
  ];
  if (programFail & FAIL_PROGRAM) {
    reasons.push(
      `program: ${programEntries} instruction entries needed for ${cw.count} layers; the instruction memory holds ${hw.instrMem}`,
    );
  }
  return reasons;
}

/** Reasons a systolic design cannot run a workload: a fold's stationary operand does not fit its SRAM. */
export function systolicReasons(cw: CompiledWorkload, hw: SysHw, fails: Uint8Array): string[] {
  const explain = (what: string, sram: string, size: number) => (i: number) => {
    const op = cw.ops[i] as number;
    if (isVectorOp(op)) return '';
    const X = cw.x[i] as number;
    const kg = cw.kg[i] as number;
    const rd = cw.rd[i] as number;
    const sr = hw.df === 0 ? X : rd;
    const sc = hw.df === 2 ? X : kg;
    const a = Math.min(sr, hw.rows);
    const b = Math.min(sc, hw.cols);
    return `layer ${cw.names[i]}: one fold of stationary ${what} (${a}×${b} = ${formatBytes(a * b * cw.bytesPerElement)}) does not fit the ${formatBytes(size)} ${sram}`;
  };
  const more = (sram: string, size: number) => (n: number) =>
    `${n} more layers do not fit the ${formatBytes(size)} ${sram}`;
  return [
    ...collect(fails, FAIL_FILTER_SRAM, explain('weights', 'filter SRAM', hw.fS), more('filter SRAM', hw.fS)),
    ...collect(fails, FAIL_IFMAP_SRAM, explain('inputs', 'input SRAM', hw.ifS), more('input SRAM', hw.ifS)),
    ...collect(fails, FAIL_OFMAP_SRAM, explain('outputs', 'output SRAM', hw.oS), more('output SRAM', hw.oS)),
  ];
}
