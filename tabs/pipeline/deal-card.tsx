// One deal on the board: draggable with mouse or touch, opened with its title, moved with the keyboard through "Move to…".
import { useDraggable } from '@dnd-kit/core';
import { Button, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, Spinner } from '@fluentui/react-components';
import type { OpportunityCard, Stage } from './pipeline.api';
import { usePipeline } from './pipeline.context';

interface DealCardProps {
  card: OpportunityCard;
  /** Stages the deal can move to from here (every stage of the model that takes deals, but its own). */
  targets: Stage[];
  pending: boolean;
  onMove(card: OpportunityCard, stage: Stage): void;
}

/** What a card shows; also what the drag overlay shows under the pointer. */
export function DealSummary({ card }: { card: OpportunityCard }) {
  const { t, format } = usePipeline();
  return (
    <>
      <span className="deal-account">{card.accountName}</span>
      <span className="deal-amount">{format.money(card.amount, card.currency)}</span>
      <span className="deal-meta">
        <span className="deal-close">{t('closes', { date: format.date(card.expectedCloseDate) })}</span>
        <span className="deal-owner">{card.ownerName || card.ownerId}</span>
      </span>
    </>
  );
}

export function DealCard({ card, targets, pending, onMove }: DealCardProps) {
  const { t, stageName, openDeal } = usePipeline();
  const { setNodeRef, listeners, attributes, isDragging } = useDraggable({ id: card.id, data: { card }, disabled: pending });
  return (
    <li
      ref={setNodeRef}
      {...listeners}
      className={`deal-card${isDragging ? ' dragging' : ''}`}
      data-deal-id={card.id}
      data-stage-id={card.stageId}
      aria-busy={pending}
    >
      <button type="button" className="deal-title" aria-describedby={attributes['aria-describedby']} onClick={() => openDeal(card.id)}>
        {card.title}
      </button>
      <DealSummary card={card} />
      <div className="deal-actions">
        {pending ? <Spinner size="extra-tiny" aria-label={t('loading')} /> : null}
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <Button size="small" appearance="subtle" disabled={pending} aria-label={t('moveDeal', { title: card.title })}>
              {t('moveTo')}
            </Button>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              {targets.map((stage) => (
                <MenuItem key={stage.id} onClick={() => onMove(card, stage)}>
                  {stageName(stage.id)}
                </MenuItem>
              ))}
            </MenuList>
          </MenuPopover>
        </Menu>
      </div>
    </li>
  );
}
