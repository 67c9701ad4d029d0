// The words that start the pipeline plugin's chat commands, in English and Chinese.
import type { BotCommand } from '../../../core/plugin';

export const pipelineTriggers = {
  summary: { en: ['pipeline', 'my pipeline'], 'zh-CN': ['管线', '销售管线', '我的管线'] },
  newOpportunity: {
    en: ['new opportunity', 'new deal', 'create opportunity', 'add opportunity'],
    'zh-CN': ['新建商机', '新商机', '新建机会', '新建销售机会', '创建商机'],
  },
  move: { en: ['move', 'move deal', 'advance'], 'zh-CN': ['推进', '推进商机', '移动商机'] },
  won: { en: ['won', 'deal won', 'mark won'], 'zh-CN': ['赢单', '成交'] },
  lost: { en: ['lost', 'deal lost', 'mark lost'], 'zh-CN': ['丢单', '输单'] },
  qualify: { en: ['qualify lead', 'qualify'], 'zh-CN': ['评估线索', '线索评估', '线索资格'] },
  newLead: { en: ['new lead', 'add lead', 'create lead'], 'zh-CN': ['新建线索', '新线索', '添加线索', '创建线索'] },
  convertLead: { en: ['convert lead', 'convert'], 'zh-CN': ['转化线索', '线索转化', '转换线索'] },
} as const satisfies Record<string, { en: readonly string[]; 'zh-CN': readonly string[] }>;

export const triggersOf = (command: keyof typeof pipelineTriggers): BotCommand['triggers'] => ({
  en: [...pipelineTriggers[command].en],
  'zh-CN': [...pipelineTriggers[command]['zh-CN']],
});

/** `pipeline all` / `管线 全部`: every deal of the tenant rather than the user's own. */
export const allScopeWords = ['all', 'everyone', 'everything', 'company', '全部', '所有', '全公司'];
/** `pipeline team East` / `管线 团队 华东`. */
export const teamScopeWords = ['team', '团队'];
