// The default sales stages 销售机会阶段 from the domain material: ten stages with their probabilities, plus Lost 丢单.
import { defaultRates } from './currency-rates.defaults';
import type { Stage, StageModel } from './pipeline.schema';

const stage = (id: string, en: string, zh: string, probability: number, kind: Stage['kind'], dwellLimitDays?: number): Stage => ({
  id,
  name: { en, 'zh-CN': zh },
  probability,
  kind,
  retired: false,
  ...(dwellLimitDays === undefined ? {} : { dwellLimitDays }),
});

/** Dwell limits grow with the stage: early contact moves fast, negotiation takes longer. */
export const defaultStages: readonly Stage[] = [
  stage('initial-contact', 'Initial contact', '初次接触', 5, 'open', 14),
  stage('shows-interest', 'Shows interest', '表示兴趣', 15, 'open', 21),
  stage('meets-decision-maker', 'Meets decision maker', '会见项目决策者', 30, 'open', 21),
  stage('needs-identified', 'Needs identified', '导出需求', 40, 'open', 21),
  stage('solution-proposed', 'Solution proposed', '提交解决方案', 50, 'open', 30),
  stage('demo', 'Demo', '演示', 60, 'open', 21),
  stage('evaluate-revise', 'Evaluate & revise', '评价、修改方案', 70, 'open', 30),
  stage('verbal-commitment', 'Verbal commitment', '客户口头答应', 80, 'open', 14),
  stage('contract-negotiation', 'Contract negotiation', '合同谈判', 90, 'open', 30),
  stage('won', 'Contract signed (won)', '签订合同', 100, 'won'),
  stage('lost', 'Lost', '丢单', 0, 'lost'),
];

export const defaultReportingCurrency = 'CNY';

/** The model a tenant has until an admin replaces it: the default stages, CNY totals and the default exchange rates. */
export function defaultStageModel(): StageModel {
  return {
    stages: defaultStages.map((s) => ({ ...s, name: { ...s.name } })),
    reportingCurrency: defaultReportingCurrency,
    rates: defaultRates(defaultReportingCurrency),
    lostReasonRequired: true,
    updatedAt: new Date(0).toISOString(),
    updatedBy: 'system',
  };
}
