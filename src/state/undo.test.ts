/// <reference lib="dom" />
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actions, DEFAULT_PRESET, presetDesign } from './actions';
import { useStore } from './store';
import { COALESCE_MS, clearUndo, redo, startUndo, UNDO_LIMIT, undo, useHistory } from './undo';

const initial = { ...useStore.getState(), design: presetDesign(DEFAULT_PRESET.edgetpu).design };
let clock = 0;
let stop: () => void = () => {};

beforeEach(() => {
  useStore.setState(initial, true);
  clearUndo();
  clock = 0;
  stop = startUndo(() => clock);
});
afterEach(() => stop());

const peX = () => useStore.getState().design.peX;

describe('undo / redo over design edits', () => {
  it('steps back and forth through separate edits, and a new edit drops the redo stack', () => {
    actions.setParam('peX', 8);
    clock += COALESCE_MS;
    actions.setParam('lanes', 128);
    clock += COALESCE_MS;
    actions.applyPreset('coral');
    expect(useHistory.getState().past).toHaveLength(3);
    expect(undo()).toBe(true);
    expect(useStore.getState().preset).toBe('prime-baseline');
    expect(useStore.getState().design.lanes).toBe(128);
    expect(undo()).toBe(true);
    expect(useStore.getState().design.lanes).toBe(64);
    expect(peX()).toBe(8);
    expect(undo()).toBe(true);
    expect(peX()).toBe(4);
    expect(undo()).toBe(false);
    expect(redo()).toBe(true);
    expect(peX()).toBe(8);
    actions.setParam('cores', 2);
    expect(redo()).toBe(false);
    expect(undo()).toBe(true);
    expect(useStore.getState().design.cores).toBe(4);
  });

  it('quick edits of one parameter (a slider drag) are one step; a pause or another parameter starts a new one', () => {
    for (const v of [6, 8, 10, 12]) {
      actions.setParam('peX', v);
      clock += COALESCE_MS / 4;
    }
    expect(useHistory.getState().past).toHaveLength(1);
    clock += COALESCE_MS;
    actions.setParam('peX', 16);
    actions.setParam('peY', 8);
    expect(useHistory.getState().past).toHaveLength(3);
    undo();
    undo();
    expect(peX()).toBe(12);
    undo();
    expect(peX()).toBe(4);
  });

  it('undo and redo are not themselves recorded, and the history is bounded', () => {
    actions.setParam('peX', 8);
    undo();
    redo();
    expect(useHistory.getState()).toEqual({ past: [expect.anything()], future: [] });
    for (let i = 0; i < UNDO_LIMIT + 20; i++) {
      clock += COALESCE_MS;
      actions.setParam('peX', i % 2 ? 8 : 16);
    }
    expect(useHistory.getState().past).toHaveLength(UNDO_LIMIT);
  });

  it('changes that are not design edits (view, selection) are not steps', () => {
    actions.setView('explore');
    actions.select({ workload: 'MobileNetV2', layer: 'b1_dw' });
    expect(useHistory.getState().past).toHaveLength(0);
  });
});
