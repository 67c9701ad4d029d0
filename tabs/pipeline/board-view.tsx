// The board: a column per open stage with its figures, drag and drop between columns, and ETag-checked moves shown at once.
import {
  DndContext,
  DragOverlay,
  MouseSensor,
  TouchSensor,
  pointerWithin,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { Button, Spinner } from '@fluentui/react-components';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../shared/api';
import { describeError, useTab } from '../shared/tab-context';
import { useLoad } from '../shared/use-load';
import { appendPage, placeCard } from './board-state';
import { DealCard, DealSummary } from './deal-card';
import { toCard, type Board, type BoardColumn, type Opportunity, type OpportunityCard, type Stage, type WithEtag } from './pipeline.api';
import { usePipeline } from './pipeline.context';
import { ReasonDialog } from './reason-dialog';
import { ViewError } from '../shared/view-error';

function isDeal(value: unknown): value is WithEtag<Opportunity> {
  const deal = value as Partial<WithEtag<Opportunity>> | undefined;
  return typeof deal?.id === 'string' && typeof deal.stageId === 'string' && typeof deal.etag === 'string';
}

interface ColumnProps {
  column: BoardColumn;
  children: React.ReactNode;
  loadingMore: boolean;
  onLoadMore(): void;
}

function StageColumn({ column, children, loadingMore, onLoadMore }: ColumnProps) {
  const { t, format, stageName, reportingCurrency } = usePipeline();
  const { setNodeRef, isOver } = useDroppable({ id: column.stageId });
  const name = stageName(column.stageId);
  const amount = format.money(column.amount, reportingCurrency);
  const weighted = format.money(column.weighted, reportingCurrency);
  const headingId = `stage-${column.stageId}`;
  return (
    <section
      ref={setNodeRef}
      className={`stage-column${isOver ? ' drop-target' : ''}`}
      data-stage-id={column.stageId}
      aria-labelledby={headingId}
      aria-describedby={`${headingId}-figures`}
    >
      <header className="stage-header">
        <h3 id={headingId} tabIndex={-1}>
          {name}
        </h3>
        <p id={`${headingId}-figures`} className="stage-figures">
          <span className="stage-count">{t('columnCount', { count: column.count })}</span>
          <span className="stage-amount">{t('columnAmount', { amount })}</span>
          <span className="stage-weighted">{t('columnWeighted', { amount: weighted })}</span>
        </p>
      </header>
      {column.items.length === 0 ? <p className="stage-empty">{t('columnEmpty')}</p> : <ul className="deal-list">{children}</ul>}
      {column.continuationToken ? (
        <Button className="load-more" size="small" disabled={loadingMore} onClick={onLoadMore}>
          {loadingMore ? t('loading') : t('loadMore')}
        </Button>
      ) : null}
    </section>
  );
}

export function BoardView({ refreshKey }: { refreshKey: number }) {
  const tools = usePipeline();
  const { api, t, stages, stageName, notify, announce } = tools;
  const common = useTab().t;
  const board = useLoad<Board>(() => api.board(), String(refreshKey));
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [loadingMore, setLoadingMore] = useState<string | undefined>();
  const [dragged, setDragged] = useState<OpportunityCard | undefined>();
  const [closing, setClosing] = useState<{ card: OpportunityCard; stage: Stage } | undefined>();
  // A deal moved from its menu lands in another column, a new element, and the focus falls to the page: it follows the
  // deal there (also when a conflict puts it elsewhere), unless the user has already gone on to something else.
  const [focusDeal, setFocusDeal] = useState<string | undefined>();
  const boardRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!focusDeal) return;
    // After the menu has closed and handed the focus back to its (now removed) trigger.
    const frame = requestAnimationFrame(() => {
      if (document.activeElement && document.activeElement !== document.body) return;
      const title = boardRef.current?.querySelector<HTMLElement>(`[data-deal-id="${CSS.escape(focusDeal)}"] .deal-title`);
      if (title) title.focus();
      else boardRef.current?.querySelector<HTMLElement>('.stage-column h3')?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [focusDeal, board.data]);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
  );
  const movable = useMemo(() => stages.filter((stage) => !stage.retired), [stages]);

  const setBusy = (id: string, busy: boolean) =>
    setPending((current) => {
      const next = new Set(current);
      if (busy) next.add(id);
      else next.delete(id);
      return next;
    });

  const move = async (card: OpportunityCard, stage: Stage, reason?: string) => {
    const optimistic: OpportunityCard = { ...card, stageId: stage.id, probability: stage.probability, status: stage.kind };
    board.update((current) => placeCard(current, optimistic, card));
    setBusy(card.id, true);
    announce(t('moving', { title: card.title, stage: stageName(stage.id) }));
    try {
      const saved = toCard(await api.move(card.id, stage.id, card.etag, reason));
      board.update((current) => placeCard(current, saved, optimistic));
      announce(t('moved', { title: saved.title, stage: stageName(saved.stageId) }));
    } catch (error) {
      const current =
        error instanceof ApiError && error.code === 'CONFLICT' ? (error.details as { current?: unknown } | undefined)?.current : undefined;
      if (isDeal(current)) {
        // Someone else's change wins: show it as stored, never send ours over it.
        board.update((shown) => placeCard(shown, toCard(current), optimistic));
        notify({
          intent: 'warning',
          title: t('conflictTitle'),
          body: t('conflictBody', { title: current.title, stage: stageName(current.stageId) }),
        });
      } else {
        board.update((shown) => placeCard(shown, card, optimistic));
        notify({ intent: 'error', title: t('moveFailed', { title: card.title }), body: describeError(error, common) });
      }
    } finally {
      setBusy(card.id, false);
      tools.dealChanged(card.id);
    }
  };

  const requestMove = (card: OpportunityCard, stage: Stage) => {
    if (stage.id === card.stageId) return;
    setFocusDeal(undefined);
    if (stage.kind === 'open') void move(card, stage);
    else setClosing({ card, stage });
  };

  const loadMore = async (column: BoardColumn) => {
    if (!column.continuationToken) return;
    setLoadingMore(column.stageId);
    try {
      const page = await api.column(column.stageId, column.continuationToken);
      board.update((current) => appendPage(current, page));
    } catch (error) {
      notify({ intent: 'error', body: describeError(error, common) });
    } finally {
      setLoadingMore(undefined);
    }
  };

  const cardOf = (id: string | number) => board.data?.columns.flatMap((column) => column.items).find((item) => item.id === id);
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('dragStart', { title: cardOf(active.id)?.title ?? '' }),
    onDragOver: ({ active, over }) =>
      over
        ? t('dragOver', { title: cardOf(active.id)?.title ?? '', stage: stageName(String(over.id)) })
        : t('dragOutside', { title: cardOf(active.id)?.title ?? '' }),
    onDragEnd: ({ active, over }) =>
      over
        ? t('dragEnd', { title: cardOf(active.id)?.title ?? '', stage: stageName(String(over.id)) })
        : t('dragCancel', { title: cardOf(active.id)?.title ?? '' }),
    onDragCancel: ({ active }) => t('dragCancel', { title: cardOf(active.id)?.title ?? '' }),
  };

  const onDragStart = ({ active }: DragStartEvent) => setDragged(cardOf(active.id));
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragged(undefined);
    const card = cardOf(active.id);
    const stage = over ? movable.find((candidate) => candidate.id === over.id) : undefined;
    if (card && stage) requestMove(card, stage);
  };

  if (!board.data) return board.error ? <ViewError error={board.error} onRetry={board.reload} /> : <Spinner label={t('loading')} />;
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={pointerWithin}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragged(undefined)}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('dragInstructions') } }}
    >
      {board.error ? <ViewError error={board.error} onRetry={board.reload} /> : null}
      <div className="board" ref={boardRef} aria-busy={board.loading}>
        {board.data.columns.map((column) => (
          <StageColumn
            key={column.stageId}
            column={column}
            loadingMore={loadingMore === column.stageId}
            onLoadMore={() => void loadMore(column)}
          >
            {column.items.map((card) => (
              <DealCard
                key={card.id}
                card={card}
                pending={pending.has(card.id)}
                targets={movable.filter((stage) => stage.id !== card.stageId)}
                onMove={(moved, stage) => {
                  requestMove(moved, stage);
                  setFocusDeal(moved.id);
                }}
              />
            ))}
          </StageColumn>
        ))}
      </div>
      <DragOverlay dropAnimation={null}>
        {dragged ? (
          <div className="deal-card drag-overlay">
            <span className="deal-title">{dragged.title}</span>
            <DealSummary card={dragged} />
          </div>
        ) : null}
      </DragOverlay>
      {closing ? (
        <ReasonDialog
          card={closing.card}
          stage={closing.stage}
          onCancel={() => setClosing(undefined)}
          onConfirm={(reason) => {
            setClosing(undefined);
            void move(closing.card, closing.stage, reason);
          }}
        />
      ) : null}
    </DndContext>
  );
}
