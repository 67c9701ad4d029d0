// A horizontal bar for the tabs' charts (the pipeline's funnel and forecast, the service KPIs): plain elements coloured
// by theme tokens, hidden from screen readers because the figures beside it say the same in words.
import './bar.css';

interface BarProps {
  /** 0 to 1 of the row's width. */
  share: number;
  /** A darker inner bar, 0 to 1 of the row's width (the weighted part). */
  inner?: number;
  centred?: boolean;
}

const width = (share: number) => `${Math.max(0, Math.min(1, share)) * 100}%`;

export function Bar({ share, inner, centred = false }: BarProps) {
  return (
    <span className={`bar-track${centred ? ' centred' : ''}`} aria-hidden="true">
      {/* A zero draws nothing; any other share at least a sliver (min-width), so a small figure stays visible. */}
      {share > 0 ? <span className="bar" style={{ width: width(share) }} /> : null}
      {inner !== undefined && inner > 0 ? <span className="bar inner" style={{ width: width(inner) }} /> : null}
    </span>
  );
}

/** The share of `value` against the largest of `values`; nothing when everything is zero. */
export function shareOf(value: number, values: number[]): number {
  const largest = Math.max(0, ...values);
  return largest > 0 ? value / largest : 0;
}
