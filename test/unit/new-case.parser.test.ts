// Reading a new case typed in a hurry: the account, the title, the priority and type words, in English and Chinese.
import { describe, expect, it } from 'vitest';
import { parseNewCase, priorityOf, titleAndDescription } from '../../src/plugins/cases/chat/new-case.parser';

describe('parseNewCase', () => {
  it.each([
    ['Contoso: printer jams on every job, priority high', { account: 'Contoso', text: 'printer jams on every job', priority: 'high' }],
    ['Contoso：打印机卡纸，优先级 高', { account: 'Contoso', text: '打印机卡纸', priority: 'high' }],
    ['Contoso：售后，打印机卡纸，高优先级', { account: 'Contoso', text: '打印机卡纸', priority: 'high', type: 'after-sales' }],
    ['华为：发票重复扣款，优先级：加急，类型 投诉', { account: '华为', text: '发票重复扣款', priority: 'urgent', type: 'complaint' }],
    ['contoso printer jams urgent', { text: 'contoso printer jams', priority: 'urgent' }],
    ['Contoso - printer jams, high', { account: 'Contoso', text: 'printer jams', priority: 'high' }],
    ['Contoso: [complaint] billed twice', { account: 'Contoso', text: 'billed twice', type: 'complaint' }],
    ['Contoso: 1,000 pages jam, p1', { account: 'Contoso', text: '1,000 pages jam', priority: 'urgent' }],
  ] as const)('reads %s', (line, expected) => {
    expect(parseNewCase(line)).toEqual({ ok: true, ...expected });
  });

  it('leaves words that only look like markers in the title', () => {
    expect(parseNewCase('Contoso: priority support contract renewal')).toMatchObject({ text: 'priority support contract renewal' });
    expect(parseNewCase('Contoso: wrong type of toner')).toMatchObject({ text: 'wrong type of toner' });
  });

  it('names an unknown priority or type, and says when the problem is missing', () => {
    expect(parseNewCase('Contoso: printer jams, priority blah')).toEqual({ ok: false, reason: 'badPriority', detail: 'blah' });
    expect(parseNewCase('Contoso: toner, type: foo')).toEqual({ ok: false, reason: 'badType', detail: 'foo' });
    expect(parseNewCase('Contoso:')).toEqual({ ok: false, reason: 'missingTitle' });
    expect(parseNewCase('  ')).toEqual({ ok: false, reason: 'emptyArgs' });
  });

  it('forgives one slip in an English priority word, not a different word', () => {
    expect(priorityOf('hgih')).toBe('high');
    expect(priorityOf('urgnet')).toBe('urgent');
    expect(priorityOf('sometime')).toBeUndefined();
  });
});

describe('titleAndDescription', () => {
  it('takes the first clause as the title and keeps the whole text as the description', () => {
    expect(titleAndDescription('billed twice. Customer is angry, call back')).toEqual({
      title: 'billed twice',
      description: 'billed twice. Customer is angry, call back',
    });
    expect(titleAndDescription('printer jams!!')).toEqual({ title: 'printer jams', description: '' });
  });
});
