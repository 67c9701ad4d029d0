// The board as the tab holds it: placing a deal (optimistically, as the server answered, or as a conflict reported it)
// moves its card and keeps each column's count, amount and weighted amount in step.
import type { Board, BoardColumn, OpportunityCard } from './pipeline.api';

const weightOf = (card: OpportunityCard) => (card.reportingAmount * card.probability) / 100;

function without(column: BoardColumn, card: OpportunityCard): BoardColumn {
  return {
    ...column,
    items: column.items.filter((item) => item.id !== card.id),
    count: Math.max(0, column.count - 1),
    amount: column.amount - card.reportingAmount,
    weighted: column.weighted - weightOf(card),
  };
}

const byCloseDate = (a: OpportunityCard, b: OpportunityCard) =>
  a.expectedCloseDate.localeCompare(b.expectedCloseDate) || a.id.localeCompare(b.id);

function withCard(column: BoardColumn, card: OpportunityCard): BoardColumn {
  // Shown even when it sorts after the loaded page: the user just put it here. "Load more" does not repeat it.
  return {
    ...column,
    items: [...column.items, card].sort(byCloseDate),
    count: column.count + 1,
    amount: column.amount + card.reportingAmount,
    weighted: column.weighted + weightOf(card),
  };
}

export function findCard(board: Board, id: string): OpportunityCard | undefined {
  for (const column of board.columns) {
    const found = column.items.find((item) => item.id === id);
    if (found) return found;
  }
  return undefined;
}

/**
 * Puts `card` where it now belongs. `previous` is the card as the board shows it, whose figures come out of its column;
 * a won or lost deal, or one in a stage the board has no column for, leaves the board.
 */
export function placeCard(board: Board, card: OpportunityCard, previous = findCard(board, card.id)): Board {
  const columns = board.columns.map((column) => {
    let next = column;
    if (previous && column.stageId === previous.stageId) next = without(next, previous);
    if (card.status === 'open' && column.stageId === card.stageId) next = withCard(next, card);
    return next;
  });
  return { ...board, columns };
}

/** Appends a further page of a column; a deal already shown (moved in here meanwhile) is not repeated. */
export function appendPage(board: Board, page: BoardColumn): Board {
  const columns = board.columns.map((column) => {
    if (column.stageId !== page.stageId) return column;
    const known = new Set(column.items.map((item) => item.id));
    return { ...page, items: [...column.items, ...page.items.filter((item) => !known.has(item.id))] };
  });
  return { ...board, columns };
}
