// Strings of the chat log command: default subjects (with the few type words that differ from the type labels) and the hints for a line it could not read.
import { defineMessages } from '../../../core/i18n';

export const logCommandMessages = defineMessages({
  en: {
    'subject.with': '{type} with {name}',
    'subject.withContactAt': '{type} with {contact} at {account}',
    'subjectType.callInbound': 'Inbound call',
    'subjectType.callOutbound': 'Call',
    'subjectType.correspondence': 'Letter',
    'hint.emptyArgs': 'Tell me what happened, for example: log call with Contoso: discussed renewal, follow up Friday',
    'hint.missingType': 'Which kind of activity? For example: log call, log meeting, log visit, log email, log note.',
    'hint.missingTarget': 'With which account or contact? For example: log call with Contoso: discussed renewal',
    'hint.badTarget': 'That name is too long or contains control characters.',
    'hint.badDuration': 'I could not read the duration "{detail}". Write it like 45m, 1h, 1h30m or 90 min (at most 24 hours).',
    'hint.badFollowUp': 'The follow-up date {detail} is in the past. Write it like: follow up Friday, follow up next week, follow up 12/1',
    'hint.notesTooLong': 'The notes are too long: at most {detail} characters.',
    'hint.nextStepTooLong': 'The next step is too long: at most {detail} characters.',
  },
  'zh-CN': {
    'subject.with': '与{name}的{type}',
    'subject.withContactAt': '与{contact}（{account}）的{type}',
    'subjectType.callInbound': '来电',
    'subjectType.callOutbound': '电话',
    'subjectType.correspondence': '信函',
    'hint.emptyArgs': '请说明发生了什么，例如：记录电话 Contoso：讨论续约，周五跟进',
    'hint.missingType': '是哪种活动？例如：记录电话、记录会议、记录拜访、记录邮件、记录备注。',
    'hint.missingTarget': '与哪个客户或联系人？例如：记录电话 Contoso：讨论续约',
    'hint.badTarget': '名称太长或含有控制字符。',
    'hint.badDuration': '无法识别时长“{detail}”。请写成 45分钟、1小时、1.5小时 或 45m（最多 24 小时）。',
    'hint.badFollowUp': '跟进日期 {detail} 已经过去。请写成：周五跟进、下周跟进、跟进12月1日',
    'hint.notesTooLong': '备注太长：最多 {detail} 个字符。',
    'hint.nextStepTooLong': '下一步太长：最多 {detail} 个字符。',
  },
});
