// The name offered for an account no one has yet is the name typed, without lead-in words, emoji or the notes after it.
import { describe, expect, it } from 'vitest';
import { newAccountName } from '../../src/plugins/accounts/chat/typed-name.parser';

describe('newAccountName', () => {
  it.each([
    ['Tailspin Toys', 'Tailspin Toys', ''],
    ['w/ Contoso Ltd', 'Contoso Ltd', ''],
    ['with Contoso Ltd 🙂', 'Contoso Ltd', '🙂'],
    ['contoso ltd discussed pricing', 'contoso ltd', 'discussed pricing'],
    ['Contoso Co., Ltd. renewal', 'Contoso Co., Ltd.', 'renewal'],
    ['Tailspin Toys discussed pricing', 'Tailspin Toys', 'discussed pricing'],
    ['Bank of China asked for a quote', 'Bank of China', 'asked for a quote'],
    ['tailspin toys about the renewal', 'tailspin toys', 'about the renewal'],
    ['上海星辰 讨论续约', '上海星辰', '讨论续约'],
    ['星辰科技有限公司讨论续约', '星辰科技有限公司', '讨论续约'],
    ['👍 Fabrikam 🚀', 'Fabrikam', ''],
    ['A/B #1? 🚀 C\\D', 'A/B #1? 🚀 C\\D', ''],
  ])('reads "%s" as the name "%s"', (typed, name, rest) => {
    expect(newAccountName(typed)).toEqual({ name, rest });
  });
});
