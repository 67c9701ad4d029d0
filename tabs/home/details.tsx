// A definition list of label and value pairs, as the account list and the account's facts show them.
import type { ReactNode } from 'react';

interface DetailsProps {
  pairs: [label: string, value: string | undefined][];
  /** Shown for an empty value; without it, empty values are left out. */
  missing?: string;
  className?: string;
}

export function Details({ pairs, missing, className = 'account-details' }: DetailsProps): ReactNode {
  return (
    <dl className={className}>
      {pairs.map(([label, value]) =>
        value || missing !== undefined ? (
          <div className="detail" key={label}>
            <dt>{label}</dt>
            <dd className={value ? undefined : 'missing'}>{value || missing}</dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}
