// Card actions of the pipeline chat cards: move a picked deal (or the deal card's next stage), create a deal on a picked or new account, qualify or convert a picked lead.
import { z } from 'zod';
import type { CardAction, TurnInput } from '../../../core/plugin';
import { errorCard } from '../../../cards/message.cards';
import { manSchema, opportunitySchema, stageSchema } from '../pipeline.schema';
import { createDealMoves } from './deal-moves';
import { pipelineVerbs } from './deal.cards';
import { createNewDealFlow, newAccountData, pickedAccountData } from './new-deal.flow';
import type { PipelineChatDeps } from './pipeline-chat.deps';
import { convertPickData, createLeadFlow } from './lead.flow';
import { createLeadSearch } from './lead-search';
import { createQualifyFlow } from './qualify-lead.flow';

// Card data comes back from the client: it is user input and is checked like any other.
const moveData = z.strictObject({
  opportunityId: z.uuid(),
  stageId: stageSchema.shape.id,
  reason: opportunitySchema.shape.outcomeReason,
  etag: z.string().min(1).max(200).optional(),
});
const qualifyData = z.strictObject({ leadId: z.uuid(), man: manSchema });

type ActionInput = TurnInput & { data: unknown };

/** Parses card data; a changed or stale card saves nothing and says so in the user's language. */
function withData<S extends z.ZodType>(
  schema: S,
  run: (input: ActionInput, data: z.infer<S>) => ReturnType<CardAction['run']>,
): CardAction['run'] {
  return async (input) => {
    const parsed = schema.safeParse(input.data);
    return parsed.success ? run(input, parsed.data) : { card: errorCard(input.t, input.t('pipeline.chat.badCardData')) };
  };
}

/** Each answer replaces the card it was clicked on, so the conversation shows the deal or lead as it now stands. */
export function pipelineCardActions(deps: PipelineChatDeps): CardAction[] {
  const moves = createDealMoves(deps);
  const newDeals = createNewDealFlow(deps, moves);
  const search = createLeadSearch(deps);
  const leads = createQualifyFlow(deps, search);
  const leadFlow = createLeadFlow(deps, search, moves);
  return [
    {
      verb: pipelineVerbs.move,
      run: withData(moveData, (input, data) =>
        moves.move(input, data.opportunityId, data.stageId, {
          ...(data.reason && { reason: data.reason }),
          ...(data.etag && { etag: data.etag }),
        }),
      ),
    },
    {
      verb: pipelineVerbs.createPicked,
      run: withData(pickedAccountData, (input, data) => newDeals.createPicked(input, data.accountId, data.draft)),
    },
    {
      verb: pipelineVerbs.createAccount,
      run: withData(newAccountData, (input, data) => newDeals.createAccountAndDeal(input, data.name, data.draft)),
    },
    { verb: pipelineVerbs.qualify, run: withData(qualifyData, (input, data) => leads.qualifyPicked(input, data.leadId, data.man)) },
    {
      verb: pipelineVerbs.convert,
      run: withData(convertPickData, (input, data) => leadFlow.convertPicked(input, data.leadId, data.draft)),
    },
  ];
}
