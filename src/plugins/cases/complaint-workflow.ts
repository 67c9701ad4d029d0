// The complaint workflow 投诉处理八步: what each of the eight steps needs, in order, and what it does to the complaint.
import type { AppError } from '../../core/errors';
import { caseLabel, type Case, type CaseStatus, type ComplaintState } from './case.schema';
import type { CaseAction } from './case-request.schema';
import { casesErrors } from './cases.errors';

export type StepAction = Extract<CaseAction, { action: 'step' }>;

/** The steps, by number: 1 recorded 记录投诉内容 … 8 reviewed 总结评价. The message keys are `cases.step.<n>`. */
export const complaintSteps = [1, 2, 3, 4, 5, 6, 7, 8] as const;
/** The step only a manager of the case's team may take: approving, or sending back, the proposed resolution. */
export const approvalStep = 6;
/** The step a sent-back approval returns to. */
export const proposalStep = 5;

/**
 * The fields each step needs besides its number: 2 whether the complaint is valid and why; 3 the responsible
 * department; 4 the cause and its analysis; 5 the proposed resolution; 6 approve or send back (a send-back with a
 * note); 7 what was done and how the customer was told; 8 the review. COMPLAINT_STEP_INCOMPLETE names them in its details.
 */
export const stepNeeds: Record<number, (keyof StepAction)[]> = {
  2: ['valid', 'notes'],
  3: ['department'],
  4: ['cause', 'notes'],
  5: ['notes'],
  6: ['approved'],
  7: ['notes'],
  8: ['notes'],
};

function incomplete(number: number, step: number): AppError {
  return casesErrors.fail('COMPLAINT_STEP_INCOMPLETE', { number: caseLabel(number), step }, { needs: stepNeeds[step] });
}

/** The step a complaint takes next, or undefined once reviewed or found invalid. */
export function nextStep(complaint: ComplaintState, status: CaseStatus): number | undefined {
  if (status === 'closed' || complaint.step >= 8) return undefined;
  return complaint.step + 1;
}

/** What a step decides: the complaint's new state and the case fields it sets. */
export interface StepOutcome {
  complaint: ComplaintState;
  status: CaseStatus;
  resolution?: string;
  resolved: boolean;
  closed: boolean;
  /** The facts the timeline entry shows. */
  detail: Record<string, string | number | boolean>;
}

/**
 * Takes step `action.step` of a complaint, which must be the next one and have what it needs; a send-back at step 6
 * returns the complaint to step 5 (the next step is 5 again) with the manager's note. `managesTeam` is checked by the
 * caller's policy: only a manager of the case's team may take step 6.
 */
export function takeStep(complaintCase: Case, action: StepAction, managesTeam: boolean, teamName: string | undefined): StepOutcome {
  const complaint = complaintCase.complaint!;
  const number = complaintCase.number;
  const expected = nextStep(complaint, complaintCase.status);
  if (expected === undefined || action.step !== expected)
    throw casesErrors.fail('COMPLAINT_STEP_OUT_OF_ORDER', {
      number: caseLabel(number),
      current: complaint.step,
      next: expected ?? '—',
    });
  if (action.step === approvalStep && !managesTeam)
    throw teamName
      ? casesErrors.fail('APPROVAL_MANAGER_ONLY', { team: teamName, number: caseLabel(number) })
      : casesErrors.fail('APPROVAL_MANAGER_ROLE_ONLY', { number: caseLabel(number) });
  if (stepNeeds[action.step]!.some((field) => action[field] === undefined)) throw incomplete(number, action.step);
  const base = { ...complaint, step: action.step };
  const open = { status: 'in-progress' as const, resolved: false, closed: false };
  switch (action.step) {
    case 2:
      return action.valid
        ? { ...open, complaint: { ...base, valid: true }, detail: { valid: true } }
        : {
            complaint: { ...base, valid: false },
            status: 'closed',
            resolution: action.notes,
            resolved: true,
            closed: true,
            detail: { valid: false },
          };
    case 3:
      return { ...open, complaint: { ...base, department: action.department }, detail: { department: action.department! } };
    case 4:
      return { ...open, complaint: { ...base, cause: action.cause }, detail: { cause: action.cause! } };
    case 5: {
      const { sentBackNote: _answered, ...proposed } = base;
      return { ...open, complaint: proposed, detail: {} };
    }
    case 6:
      if (action.approved) return { ...open, complaint: base, detail: { approved: true } };
      if (!action.notes) throw incomplete(number, action.step);
      return {
        ...open,
        complaint: { ...complaint, step: proposalStep - 1, sentBackNote: action.notes.slice(0, 2000) },
        detail: { approved: false },
      };
    case 7:
      return {
        complaint: base,
        status: 'resolved',
        resolution: action.notes!.slice(0, 4000),
        resolved: true,
        closed: false,
        detail: action.feedback ? { feedback: action.feedback } : {},
      };
    default:
      return { complaint: base, status: 'closed', resolved: false, closed: true, detail: {} };
  }
}
