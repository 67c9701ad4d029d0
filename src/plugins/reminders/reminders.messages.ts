// The follow-up reminder's words. A proactive card does not know its reader's language, so it carries both.
import { defineMessages } from '../../core/i18n';

export const remindersMessages = defineMessages({
  en: {
    title: 'Your follow-ups for {date}',
    summary: '{due} due today, {overdue} overdue.',
    due: 'Due today',
    overdue: 'Overdue',
    nextStep: 'next step: {nextStep}',
    since: 'due {date}',
    more: '{count} more in your daily report: type "my day".',
    open: 'Open',
  },
  'zh-CN': {
    title: '{date} 的待跟进事项',
    summary: '今天到期 {due} 项，已逾期 {overdue} 项。',
    due: '今天到期',
    overdue: '已逾期',
    nextStep: '下一步：{nextStep}',
    since: '{date} 到期',
    more: '另有 {count} 项，请查看日工作报表：输入“日报”。',
    open: '打开',
  },
});
