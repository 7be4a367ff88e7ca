// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { QueueState } from '../../../admin-ui/screens/supervision/queue-state.tsx';

/** A queue that is open but served by no open window says 暂无窗口, not 办理中. */
describe('queue state in the supervision table', () => {
  const text = (open: boolean, openWindows: number) => {
    const root = document.createElement('div');
    render(<QueueState queue={{ open, openWindows }} />, root);
    return root.textContent;
  };
  it('says 暂无窗口 when no open window serves it, 办理中 when one does, 未开放 outside its hours', () => {
    expect(text(true, 0)).toBe('暂无窗口');
    expect(text(true, 2)).toBe('办理中');
    expect(text(false, 0)).toBe('未开放');
    expect(text(false, 1)).toBe('未开放');
  });
});
