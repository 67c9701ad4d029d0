// The reminders plugin 提醒: each morning at 08:30 in the tenant's time zone, every person's follow-ups due and overdue.
import { definePlugin } from '../../core/plugin';
import { accountLink } from '../accounts';
import { activitiesPlugin } from '../activities';
import { peoplePlugin } from '../people';
import { followUpReminders } from './follow-up-reminders.job';
import { remindersMessages } from './reminders.messages';

export const remindersPlugin = definePlugin({
  id: 'reminders',
  dependsOn: { activities: activitiesPlugin, people: peoplePlugin },
  messages: remindersMessages,
  setup({ services: { activities, people }, notify, publicUrl }) {
    return {
      jobs: [
        {
          id: 'follow-ups',
          dailyAt: '08:30',
          run: followUpReminders({ activities, people, notify, accountLink: (id) => accountLink(publicUrl, id) }),
        },
      ],
    };
  },
});
