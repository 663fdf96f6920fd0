/**
 * Short plain-text explanations of every metric and chart ("Explain this"), keyed by topic. Each states what our
 * simulator computes (docs/simulator.md §2–4), not a generic definition.
 */
export const EXPLANATIONS = {
  latency:
    'Time for one inference: the sum of every layer’s cycles plus the fixed host overhead, divided by the clock. A layer takes max(compute, memory) cycles plus a fixed overhead when its tiles can be double-buffered, and compute + memory + overhead when they cannot (docs/simulator.md §2.3).',
  energy:
    'Energy of one inference: for every layer, MACs × energy per MAC, plus the bytes moved through each on-chip memory × that memory’s energy per byte, plus DRAM bytes × DRAM energy per byte, plus leakage (proportional to total SRAM capacity × time, host overhead included).',
  power: 'Average power over one inference: energy ÷ latency (mJ ÷ ms = W).',
  area: 'Chip area: MAC lanes, every SRAM macro, control logic (fixed, per PE, per core) and a DRAM interface that grows with bandwidth. Going over the area budget is flagged separately; it does not make a design infeasible here, though PRIME counts such designs as infeasible.',
  utilisation:
    'Fraction of the peak the array actually did: total MACs ÷ (latency in cycles × peak MACs per cycle). Memory stalls, per-layer overheads, ragged tiles and layers that leave lanes idle (depthwise, 1×1 on a wide array) all lower it.',
  edp: 'Energy-delay product: energy × latency (mJ·ms). Lower is better; it rewards designs that are both fast and frugal rather than one at the expense of the other.',
  feasibility:
    'A design is feasible for a workload when every layer’s minimal tile (one output pixel’s receptive field, one output channel’s filter, the input rows of one output row) fits each memory and the compiled program fits the instruction memory. Area over the budget is a separate flag.',
  breakdown:
    'One bar per layer in network order (or sorted by cost). In cycles mode a bar splits into compute, memory stall (memory time not hidden behind compute) and fixed overhead; in energy mode into MAC, each memory level, DRAM and leakage.',
  roofline:
    'Each point is a layer: achieved MAC/s (MACs ÷ its time) against operational intensity (MACs per DRAM byte). The roofs are the peak MAC/s and DRAM bandwidth × intensity; a layer under the slanted roof is limited by DRAM, one under the flat roof by compute.',
  compare:
    'Pin a design, then change the current one: totals and per-layer cycles are shown for both with the relative change, so you can see which layers a parameter helps or hurts.',
  pareto:
    'Every evaluated design on the two chosen metrics (log scales). The Pareto front joins the feasible designs that no other feasible design beats on both axes at once; lower is better on both.',
  convergence:
    'Best feasible objective found so far against the number of simulator evaluations, per optimizer: the line is the median over seeds, the band the range. In multi-objective mode it is the hypervolume of the latency–energy front, higher is better.',
  'prime-report':
    'How well the learned model does on held-out designs. Latency MAPE is the mean |predicted − simulated| ÷ simulated, in %, over feasible designs; Kendall τ is the rank agreement of predicted and simulated latency (1 = same order), which is what the search relies on; feasibility accuracy is the share of designs whose feasibility it predicts correctly.',
  'prime-curves':
    'Training curves against training step. Loss and (validation) MSE show the fit to logged designs; the gaps show how far PRIME’s conservative terms push scores of mined adversarial designs and of infeasible ones away from the data, so the optimizer is not fooled by them.',
} as const;

export type ExplainTopic = keyof typeof EXPLANATIONS;
