// The words that start the service desk's chat commands, and the priority and type words reps type, in English and Chinese.
import type { BotCommand } from '../../../core/plugin';
import type { CasePriority, CaseType } from '../case.schema';

export const casesTriggers = {
  newCase: {
    en: ['new case', 'open case', 'create case', 'add case', 'new ticket'],
    'zh-CN': ['新建工单', '新工单', '创建工单', '开工单', '新建服务请求'],
  },
  newComplaint: { en: ['new complaint', 'log complaint', 'create complaint'], 'zh-CN': ['新建投诉', '新投诉', '登记投诉', '创建投诉'] },
  showCase: { en: ['case', 'show case', 'ticket'], 'zh-CN': ['工单', '查看工单'] },
  myCases: { en: ['my cases', 'my tickets'], 'zh-CN': ['我的工单'] },
  queue: { en: ['queue', 'case queue', 'service queue'], 'zh-CN': ['队列', '工单队列', '服务队列'] },
} as const satisfies Record<string, { en: readonly string[]; 'zh-CN': readonly string[] }>;

export const triggersOf = (command: keyof typeof casesTriggers): BotCommand['triggers'] => ({
  en: [...casesTriggers[command].en],
  'zh-CN': [...casesTriggers[command]['zh-CN']],
});

/** Priority words, folded (lower case, full width folded). 中 is the middle of 低/中/高: normal. */
export const priorityWords: Record<string, CasePriority> = {
  low: 'low',
  normal: 'normal',
  medium: 'normal',
  mid: 'normal',
  high: 'high',
  urgent: 'urgent',
  critical: 'urgent',
  asap: 'urgent',
  p1: 'urgent',
  p2: 'high',
  p3: 'normal',
  p4: 'low',
  低: 'low',
  普通: 'normal',
  一般: 'normal',
  中: 'normal',
  高: 'high',
  紧急: 'urgent',
  加急: 'urgent',
  特急: 'urgent',
};

/** Type words, folded; a space or hyphen inside an English word is dropped before the look-up (`after sales`). */
export const typeWords: Record<string, CaseType> = {
  presales: 'pre-sales',
  presale: 'pre-sales',
  insales: 'in-sales',
  aftersales: 'after-sales',
  service: 'after-sales',
  support: 'after-sales',
  complaint: 'complaint',
  售前: 'pre-sales',
  售前咨询: 'pre-sales',
  售中: 'in-sales',
  售后: 'after-sales',
  售后服务: 'after-sales',
  投诉: 'complaint',
  客诉: 'complaint',
};
