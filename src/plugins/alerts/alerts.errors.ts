// The alerts plugin's own failures: rule settings a manager cannot mean, recipients nobody can reach, and card actions that come too late.
import { defineErrors } from '../../core/errors';

export const alertsErrors = defineErrors({
  UNKNOWN_RULE: {
    status: 404,
    en: 'There is no such alert rule. It may have been deleted: open the rule list again.',
    'zh-CN': '没有这条提醒规则，可能已被删除。请重新打开规则列表。',
  },
  RULES_MANAGER_ONLY: {
    status: 403,
    en: 'Only a manager or an admin may set up alert rules or run a sweep.',
    'zh-CN': '只有经理或管理员可以设置提醒规则或立即检查。',
  },
  THRESHOLD_OUT_OF_RANGE: {
    status: 400,
    en: '"{field}" must be from {min} to {max}.',
    'zh-CN': '“{field}”必须在 {min} 到 {max} 之间。',
  },
  THRESHOLD_NOT_WHOLE: {
    status: 400,
    en: '"{field}" must be a whole number from {min} to {max}.',
    'zh-CN': '“{field}”必须是 {min} 到 {max} 之间的整数。',
  },
  RULE_STAGE_UNKNOWN: {
    status: 400,
    en: 'The stage "{stage}" is not an open stage of the pipeline.',
    'zh-CN': '阶段“{stage}”不是销售流程中的进行中阶段。',
  },
  UNKNOWN_RECIPIENT: {
    status: 400,
    en: 'Nobody called "{recipient}" can receive alerts: pick a person of this organisation, or a channel where the app is installed.',
    'zh-CN': '“{recipient}”无法接收提醒：请选择本组织的人员，或已安装本应用的频道。',
  },
  CHANNEL_NOT_REACHED: {
    status: 400,
    en: 'The app is not installed in the team of the channel "{channel}", so it cannot post alerts there. Add the app to that team, or pick another channel.',
    'zh-CN': '频道“{channel}”所在的团队未安装本应用，无法在那里发送提醒。请先把应用添加到该团队，或选择其他频道。',
  },
  UNKNOWN_TEAM: {
    status: 400,
    en: 'The team "{team}" does not exist in this organisation.',
    'zh-CN': '本组织没有团队“{team}”。',
  },
  QUIET_HOURS_WHOLE_DAY: {
    status: 400,
    en: 'Quiet hours from {from} to {to} would cover (almost) the whole day, and alerts would hardly ever arrive. Leave at least an hour open.',
    'zh-CN': '免打扰时段 {from} 至 {to} 几乎覆盖了全天，提醒将难以送达。请至少留出一小时可以接收。',
  },
  SNOOZE_IN_PAST: {
    status: 400,
    en: 'A snooze must end in the future: {until} has already passed.',
    'zh-CN': '暂停提醒的结束时间必须在将来：{until} 已经过去。',
  },
  SNOOZE_DATE_MISSING: {
    status: 400,
    en: 'Pick the date to snooze until.',
    'zh-CN': '请选择暂停提醒的结束日期。',
  },
  FOLLOW_UP_NOTE_MISSING: {
    status: 400,
    en: 'Write what was done or agreed before you save the follow-up.',
    'zh-CN': '保存跟进前，请填写做了什么或约定了什么。',
  },
  FOLLOW_UP_IN_PAST: {
    status: 400,
    en: 'The next follow-up date {date} has already passed; pick today or a later day.',
    'zh-CN': '下次跟进日期 {date} 已经过去，请选择今天或之后的日期。',
  },
  SNOOZE_TOO_LONG: {
    status: 400,
    en: 'An alert can be snoozed for at most 90 days.',
    'zh-CN': '提醒最多可暂停 90 天。',
  },
  REASSIGN_MANAGER_ONLY: {
    status: 403,
    en: 'Only a manager of the team may reassign this alert.',
    'zh-CN': '只有该团队的经理可以转派这条提醒。',
  },
  REASSIGN_OUTSIDE_TEAM: {
    status: 400,
    en: 'This alert can be reassigned only to someone in {team}.',
    'zh-CN': '这条提醒只能转派给{team}的成员。',
  },
  ALERT_NOT_YOURS: {
    status: 403,
    en: 'This alert was sent to someone else; only they, their manager and the managers of the team can act on it.',
    'zh-CN': '这条提醒是发给其他人的；只有收件人、其经理和团队经理可以处理。',
  },
  UNKNOWN_ALERT: {
    status: 404,
    en: 'This alert no longer exists.',
    'zh-CN': '这条提醒已不存在。',
  },
});
