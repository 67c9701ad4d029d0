// Strings of the activities plugin, in English and Simplified Chinese: the activity types 活动类型 and the account card section.
import { defineMessages, type Translate } from '../../core/i18n';
import type { ActivityType } from './activity.schema';

export const activitiesMessages = defineMessages({
  en: {
    'type.callInbound': 'Inbound call',
    'type.callOutbound': 'Outbound call',
    'type.meeting': 'Meeting',
    'type.visit': 'Visit',
    'type.email': 'Email',
    'type.correspondence': 'Correspondence',
    'type.fax': 'Fax',
    'type.appointment': 'Appointment',
    'type.demo': 'Demo',
    'type.milestone': 'Milestone',
    'type.event': 'Event',
    'type.research': 'Research',
    'type.note': 'Note',
    'type.task': 'Task',
    'card.recent': 'Recent activities',
    'card.noActivities': 'No activities logged yet.',
    'card.followUps': 'Open follow-ups ({count})',
    'card.due': 'Due {date}',
    'card.more': 'and {count} more',
  },
  'zh-CN': {
    'type.callInbound': '呼入',
    'type.callOutbound': '呼出',
    'type.meeting': '会议',
    'type.visit': '拜访',
    'type.email': '邮件',
    'type.correspondence': '信函',
    'type.fax': '传真',
    'type.appointment': '约会',
    'type.demo': '演示',
    'type.milestone': '里程碑',
    'type.event': '事件',
    'type.research': '调研',
    'type.note': '备注',
    'type.task': '任务',
    'card.recent': '最近活动',
    'card.noActivities': '尚未记录任何活动。',
    'card.followUps': '待跟进（{count}）',
    'card.due': '{date} 到期',
    'card.more': '另有 {count} 条',
  },
});

/** The localised name of an activity type, e.g. `visit` → "Visit" / "拜访". */
export function activityTypeLabel(t: Translate, type: ActivityType): string {
  return t(`activities.type.${type}`);
}
