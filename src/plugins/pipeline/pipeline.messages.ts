// Strings of the pipeline plugin's own card section and stage names, in English and Simplified Chinese.
import { defineMessages } from '../../core/i18n';

export const pipelineMessages = defineMessages({
  en: {
    'card.openDeals': 'Open opportunities ({count})',
    'card.noDeals': 'No open opportunities.',
    'card.dealLine': '{stage} · {amount} · close {date}',
    'card.more': '…and {count} more',
    'card.openBoard': 'Open the pipeline',
    /** Which language a translator speaks: stage names are tenant data with a name per locale. */
    'card.locale': 'en',
  },
  'zh-CN': {
    'card.openDeals': '进行中的销售机会（{count}）',
    'card.noDeals': '没有进行中的销售机会。',
    'card.dealLine': '{stage} · {amount} · 预计 {date} 结束',
    'card.more': '……还有 {count} 个',
    'card.openBoard': '打开销售管线',
    'card.locale': 'zh-CN',
  },
});
