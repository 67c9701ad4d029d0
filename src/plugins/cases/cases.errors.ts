// The service desk's own failures: case numbers, the complaint workflow's order and approvals, SLA policies and business calendars.
import { defineErrors } from '../../core/errors';

export const casesErrors = defineErrors({
  UNKNOWN_CASE: {
    status: 404,
    en: 'There is no case {number}. Case numbers look like C-1042.',
    'zh-CN': '没有工单 {number}。工单编号形如 C-1042。',
  },
  CASE_ACTION_NOT_ALLOWED: {
    status: 409,
    en: 'That cannot be done to case {number} at this point. Open the case to see what can be done now.',
    'zh-CN': '工单 {number} 当前不能执行此操作。请打开工单查看现在可以进行的操作。',
  },
  COMPLAINT_STEP_OUT_OF_ORDER: {
    status: 409,
    en: 'Complaint {number} has done step {current} of 8; the next step is {next}. Steps cannot be skipped or repeated.',
    'zh-CN': '投诉 {number} 已完成第 {current} 步（共 8 步），下一步是第 {next} 步。步骤不能跳过或重复。',
  },
  COMPLAINT_STEP_INCOMPLETE: {
    status: 400,
    en: 'Step {step} of complaint {number} is not complete: fill in everything the step asks for.',
    'zh-CN': '投诉 {number} 的第 {step} 步信息不完整：请填写该步骤要求的全部内容。',
  },
  APPROVAL_MANAGER_ONLY: {
    status: 403,
    en: 'Only a manager of {team} may approve or send back the resolution of complaint {number}.',
    'zh-CN': '只有 {team} 的经理可以批准或退回投诉 {number} 的处理方案。',
  },
  APPROVAL_MANAGER_ROLE_ONLY: {
    status: 403,
    en: "Complaint {number} is in no team's queue: only a manager or an admin may approve or send back its resolution.",
    'zh-CN': '投诉 {number} 不属于任何团队的队列：只有经理或管理员可以批准或退回其处理方案。',
  },
  CASE_ASSIGNEE_OUTSIDE_TEAM: {
    status: 400,
    en: 'Case {number} is in the queue of {team}; it can be assigned only to one of its members or its manager.',
    'zh-CN': '工单 {number} 属于{team}的队列，只能指派给该团队的成员或经理。',
  },
  CASE_PRIORITY_UNKNOWN: {
    status: 400,
    en: '"{value}" is not a priority. Priorities: low, normal, high, urgent.',
    'zh-CN': '“{value}”不是有效的优先级。可选：低、普通、高、紧急。',
  },
  CASE_TYPE_UNKNOWN: {
    status: 400,
    en: '"{value}" is not a case type. Types: pre-sales, in-sales, after-sales, complaint.',
    'zh-CN': '“{value}”不是有效的工单类型。可选：售前、售中、售后、投诉。',
  },
  CASE_CHANNEL_UNKNOWN: {
    status: 400,
    en: '"{value}" is not a channel. Channels: phone, email, chat, web, visit.',
    'zh-CN': '“{value}”不是有效的渠道。可选：电话、邮件、在线聊天、网站、拜访。',
  },
  RATING_OUT_OF_RANGE: {
    status: 400,
    en: 'A satisfaction rating is a whole number from 1 to 5 (got "{value}").',
    'zh-CN': '满意度评分必须是 1 到 5 的整数（收到“{value}”）。',
  },
  CALENDAR_HOURS_OVERLAP: {
    status: 400,
    en: 'The working hours {first} and {second} overlap. Each moment of the week can be in one shift only.',
    'zh-CN': '工作时间 {first} 与 {second} 重叠。一周中的每个时刻只能属于一个班次。',
  },
  CALENDAR_NO_HOURS: {
    status: 400,
    en: 'The calendar "{name}" has no working hours, so no SLA clock could ever run on it. Add at least one shift.',
    'zh-CN': '日历“{name}”没有任何工作时间，SLA 计时无法进行。请至少添加一个班次。',
  },
  CALENDAR_TIME_ZONE_INVALID: {
    status: 400,
    en: '"{value}" is not a time zone. Use an IANA name such as Asia/Shanghai or Europe/Berlin.',
    'zh-CN': '“{value}”不是有效的时区。请使用 IANA 时区名称，例如 Asia/Shanghai 或 Europe/Berlin。',
  },
  CALENDAR_DAY_CONFLICT: {
    status: 400,
    en: '{date} is listed both as a holiday and as a make-up working day.',
    'zh-CN': '{date} 同时被列为节假日和调休上班日。',
  },
  SLA_WARNING_AFTER_TARGET: {
    status: 400,
    en: 'The warning of policy "{name}" comes at {warnPercent}% of the time; it has to come before the target, below 100%.',
    'zh-CN': 'SLA 策略“{name}”的预警设在时限的 {warnPercent}%；预警必须在时限之前，即低于 100%。',
  },
  SLA_RESPONSE_AFTER_RESOLUTION: {
    status: 400,
    en: 'Policy "{name}" asks for a first response in {responseMinutes} min but a resolution in {resolutionMinutes} min; the response target cannot be longer.',
    'zh-CN': 'SLA 策略“{name}”的首次响应时限为 {responseMinutes} 分钟，而解决时限为 {resolutionMinutes} 分钟；响应时限不能更长。',
  },
  UNKNOWN_CALENDAR: {
    status: 400,
    en: 'There is no business calendar "{value}". Calendars: {allowed}.',
    'zh-CN': '没有营业日历“{value}”。现有日历：{allowed}。',
  },
});
