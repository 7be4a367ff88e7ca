// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { plainMessage } from '../../../admin-ui/lib/validation.ts';

describe('validation messages in the console language', () => {
  it("says the hall schema's own messages in Chinese, keeping a nested path's prefix", () => {
    expect(plainMessage('expected one or two capital letters')).toBe('应为一到两个大写字母');
    expect(plainMessage('#1 periods[0]: start must be before end')).toBe('#1 periods[0]: 开始时间应早于结束时间');
    expect(plainMessage('unknown queue NOPE')).toBe('没有编码为 NOPE 的队列');
    expect(plainMessage('promised days exceed statutory days')).toBe('承诺时限不能超过法定时限');
    expect(plainMessage('something the console does not know')).toBe('something the console does not know');
  });
});
