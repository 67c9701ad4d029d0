// The words reps type for each activity type 活动类型, in English and Chinese, and the log triggers built from them.
import type { Locale } from '../../../core/i18n';
import { activityTypes, type ActivityType } from '../activity.schema';

/** Words per type and language; the first word of each list is the canonical one used in triggers' help. */
export const activityTypeWords: Record<ActivityType, Record<Locale, string[]>> = {
  callInbound: { en: ['inbound call', 'incoming call'], 'zh-CN': ['呼入电话', '呼入', '来电'] },
  callOutbound: { en: ['call', 'outbound call', 'outgoing call', 'phone call'], 'zh-CN': ['电话', '呼出', '去电', '打电话'] },
  meeting: { en: ['meeting'], 'zh-CN': ['会议', '开会'] },
  visit: { en: ['visit'], 'zh-CN': ['拜访', '走访'] },
  email: { en: ['email', 'e-mail'], 'zh-CN': ['邮件', '电子邮件'] },
  correspondence: { en: ['letter', 'correspondence'], 'zh-CN': ['信函', '信件'] },
  fax: { en: ['fax'], 'zh-CN': ['传真'] },
  appointment: { en: ['appointment'], 'zh-CN': ['约会', '预约'] },
  demo: { en: ['demo', 'demonstration'], 'zh-CN': ['演示'] },
  milestone: { en: ['milestone'], 'zh-CN': ['里程碑'] },
  event: { en: ['event'], 'zh-CN': ['事件'] },
  research: { en: ['research'], 'zh-CN': ['调研'] },
  note: { en: ['note'], 'zh-CN': ['备注', '笔记'] },
  task: { en: ['task', 'to-do'], 'zh-CN': ['任务', '待办'] },
};

/** The word that starts every log command: `log call …`, `记录电话 …`. */
export const logWord: Record<Locale, string> = { en: 'log', 'zh-CN': '记录' };

/** Every trigger per command: `log` (the type follows in the text) and one command per activity type. */
export const logTriggersByCommand: Record<'log' | ActivityType, Record<Locale, string[]>> = {
  log: { en: [logWord.en], 'zh-CN': [logWord['zh-CN']] },
  ...(Object.fromEntries(
    activityTypes.map((type) => [
      type,
      {
        en: activityTypeWords[type].en.map((w) => `${logWord.en} ${w}`),
        'zh-CN': activityTypeWords[type]['zh-CN'].map((w) => `${logWord['zh-CN']}${w}`),
      },
    ]),
  ) as Record<ActivityType, Record<Locale, string[]>>),
};

/**
 * All log triggers per language, for a registry that maps them to one command.
 * @example logTriggers.en // ['log', 'log inbound call', 'log incoming call', 'log call', …]
 */
export const logTriggers: Record<Locale, string[]> = {
  en: Object.values(logTriggersByCommand).flatMap((t) => t.en),
  'zh-CN': Object.values(logTriggersByCommand).flatMap((t) => t['zh-CN']),
};

const fold = (text: string) => text.normalize('NFKC').toLowerCase();
const cjk = /^[\u3400-\u9fff]/u;

const wordsLongestFirst = activityTypes
  .flatMap((type) => [...activityTypeWords[type].en, ...activityTypeWords[type]['zh-CN']].map((word) => ({ type, word: fold(word) })))
  .sort((a, b) => b.word.length - a.word.length);

/**
 * The activity type named at the start of `text`, and the text after it. English words must end at a word
 * boundary ("calling" is no call); a Chinese word may run straight into the name (`电话Contoso`).
 * @example leadingActivityType('inbound call with Contoso') // { type: 'callInbound', rest: 'with Contoso' }
 */
export function leadingActivityType(text: string): { type: ActivityType; rest: string } | undefined {
  const folded = fold(text.trimStart());
  for (const { type, word } of wordsLongestFirst) {
    if (!folded.startsWith(word)) continue;
    const next = folded.charAt(word.length);
    if (!cjk.test(word) && next !== '' && !/[\s:：,，;；@]/u.test(next)) continue;
    return { type, rest: text.trimStart().slice(word.length).trimStart() };
  }
  return undefined;
}
