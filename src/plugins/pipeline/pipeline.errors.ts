// The pipeline's own failures: its stage model, currencies, lost reasons, lead conversion and scope filters.
import { defineErrors } from '../../core/errors';

export const pipelineErrors = defineErrors({
  UNKNOWN_STAGE: {
    status: 400,
    en: 'There is no stage "{stageId}" in this pipeline. Stages: {stages}.',
    'zh-CN': '此销售管线中没有阶段 "{stageId}"。可用阶段：{stages}。',
  },
  STAGE_RETIRED: {
    status: 400,
    en: 'The stage "{stageId}" was removed from the pipeline; deals can no longer enter it.',
    'zh-CN': '阶段 "{stageId}" 已从销售管线中移除，销售机会不能再进入该阶段。',
  },
  STAGE_MODEL_INVALID: {
    status: 400,
    en: 'The stage model needs at least one open stage, exactly one won stage and exactly one lost stage (it has {open} open, {won} won, {lost} lost).',
    'zh-CN':
      '阶段模型需要至少一个进行中阶段、恰好一个赢单阶段和恰好一个丢单阶段（当前：进行中 {open} 个，赢单 {won} 个，丢单 {lost} 个）。',
  },
  DUPLICATE_STAGE: {
    status: 400,
    en: 'Two stages share "{value}"; every stage needs its own id and its own name in each language.',
    'zh-CN': '有两个阶段都使用了 "{value}"；每个阶段的标识和各语言名称都必须唯一。',
  },
  UNKNOWN_CURRENCY: {
    status: 400,
    en: 'There is no exchange rate from {currency} to {reportingCurrency}. An admin can add one to the stage model, or use {reportingCurrency}.',
    'zh-CN': '没有从 {currency} 到 {reportingCurrency} 的汇率。管理员可以在阶段模型中添加汇率，或改用 {reportingCurrency}。',
  },
  LOST_REASON_REQUIRED: {
    status: 400,
    en: 'Why was "{title}" lost? This pipeline keeps the reason of every lost deal: add it to close the deal as lost.',
    'zh-CN': '“{title}”为什么丢单？此销售管线要求记录每个丢单的原因：请填写原因后再标记丢单。',
  },
  LEAD_NOT_QUALIFIED: {
    status: 409,
    en: 'Only a qualified lead can be converted; this lead is {status}. Record money, authority and need first.',
    'zh-CN': '只有已确认的销售线索才能转化；此线索的状态是 {status}。请先记录购买力、决定权和需求（MAN）。',
  },
  ONE_SCOPE_FILTER: {
    status: 400,
    en: 'Filter the pipeline by one of owner, team, industry or region at a time (got {filters}).',
    'zh-CN': '每次只能按负责人、团队、行业或地域中的一项筛选销售管线（收到：{filters}）。',
  },
});
