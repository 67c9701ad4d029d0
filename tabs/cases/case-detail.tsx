// One case's pane: its facts, both SLA clocks live, the manager's send-back note, the actions open to the viewer and the
// timeline. Every action is sent with the version shown (If-Match); a conflict shows the case as stored, and says so.
import { Badge, Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import { useCallback, useEffect, useRef } from 'react';
import { ApiError } from '../shared/api';
import { describeError, useTab } from '../shared/tab-context';
import { useTabFailure } from '../shared/tab-error-boundary';
import { useLoad } from '../shared/use-load';
import { CaseActions } from './case-actions';
import { CaseTimeline } from './case-timeline';
import type { CaseActionRequest, CaseDetailBody } from './cases.api';
import { useCases } from './cases.context';
import type { CasesStringKey } from './cases.strings';
import { caseLabel } from './queue';
import { ClockPanel } from './sla';
import { ViewError } from '../shared/view-error';

interface CaseDetailProps {
  number: number;
  /** Shows a "back to the list" button: on a narrow screen the pane takes the list's place. */
  narrow: boolean;
  onBack(): void;
  /** The case changed here, or was found changed: the queue reads its rows again. */
  onChanged(): void;
}

function Facts({ detail }: { detail: CaseDetailBody }) {
  const { t, format } = useCases();
  const item = detail.case;
  const step = item.complaint?.step;
  const facts: [string, string | undefined][] = [
    [t('factAccount'), item.accountName],
    [t('factType'), t(`type.${item.type}`)],
    [t('factPriority'), t(`priority.${item.priority}`)],
    [t('factChannel'), t(`channel.${item.channel}`)],
    [t('factStatus'), t(`status.${item.status}`)],
    [t('factStep'), step ? t('factStepValue', { step, name: t(`step.${step}` as CasesStringKey) }) : undefined],
    [t('factOwner'), item.ownerName || item.ownerId || t('unassigned')],
    [t('factTeam'), item.teamName],
    [t('factOpened'), t('factOpenedValue', { time: format.dateTime(item.openedAt), name: item.openedByName || item.openedBy })],
    [t('factResolution'), item.resolution],
    [t('factSatisfaction'), item.satisfaction ? t('factRating', { rating: item.satisfaction.rating }) : undefined],
  ];
  return (
    <dl className="case-facts">
      {facts
        .filter((fact): fact is [string, string] => Boolean(fact[1]))
        .map(([label, value]) => (
          <div key={label} className="case-fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

export function CaseDetail({ number, narrow, onBack, onChanged }: CaseDetailProps) {
  const { api, t, notify, announce } = useCases();
  const common = useTab().t;
  const fail = useTabFailure();
  const detail = useLoad(() => api.case(number), String(number));
  const heading = useRef<HTMLHeadingElement>(null);
  const label = caseLabel(number);
  const loaded = detail.data !== undefined;

  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded, number]);

  const etag = detail.data?.etag;
  const act = useCallback(
    async (action: CaseActionRequest, name: string): Promise<string | undefined> => {
      if (!etag) return undefined;
      try {
        const fresh = await api.act(number, etag, action);
        detail.update(() => fresh);
        notify(undefined);
        announce(t('done', { action: name }));
        onChanged();
        return undefined;
      } catch (error) {
        if (!(error instanceof ApiError)) {
          fail(error);
          return undefined;
        }
        if (error.code !== 'CONFLICT') return describeError(error, common);
        // Someone else wrote first: nothing of this action was applied; the pane shows the case as it is now.
        const current = (error.details as { current?: CaseDetailBody } | undefined)?.current;
        if (current) detail.update(() => current);
        else detail.reload();
        notify({ intent: 'warning', title: t('conflictTitle'), body: t('conflictBody', { label }) });
        onChanged();
        return t('conflictTitle');
      }
    },
    [announce, api, common, detail, etag, fail, label, notify, number, onChanged, t],
  );

  const data = detail.data;
  return (
    <article className="case-detail" data-case={number} aria-labelledby="case-heading" aria-busy={detail.loading}>
      {narrow ? (
        <Button className="back" appearance="subtle" onClick={onBack}>
          ← {t('back')}
        </Button>
      ) : null}
      <h2 id="case-heading" tabIndex={-1} ref={heading}>
        {data ? `${label} · ${data.case.title}` : label}
      </h2>
      {detail.error ? <ViewError error={detail.error} onRetry={detail.reload} /> : null}
      {!data ? (
        detail.error ? null : (
          <Spinner label={t('loading')} />
        )
      ) : (
        <>
          <div className="case-badges">
            <Badge appearance="outline" className="status-badge" data-status={data.case.status}>
              {t(`status.${data.case.status}`)}
            </Badge>
            <Badge
              appearance="tint"
              color={data.case.priority === 'urgent' ? 'danger' : data.case.priority === 'high' ? 'warning' : 'informative'}
            >
              {t(`priority.${data.case.priority}`)}
            </Badge>
            <Badge appearance="tint" color="brand">
              {t(`type.${data.case.type}`)}
            </Badge>
          </div>
          <section className="clocks" aria-label={t('clocks')}>
            <ClockPanel name="response" clock={data.clocks.response} />
            <ClockPanel name="resolution" clock={data.clocks.resolution} />
          </section>
          {data.case.complaint?.sentBackNote ? (
            <MessageBar intent="warning" className="sent-back">
              <MessageBarBody>
                <MessageBarTitle>{t('sentBack')}</MessageBarTitle>
                {data.case.complaint.sentBackNote}
              </MessageBarBody>
            </MessageBar>
          ) : null}
          <CaseActions
            key={data.case.number}
            number={data.case.number}
            allowed={data.allowed}
            currentPriority={data.case.priority}
            act={act}
          />
          <h3>{t('facts')}</h3>
          <Facts detail={data} />
          {data.case.description ? (
            <>
              <h3>{t('description')}</h3>
              <p className="case-description">{data.case.description}</p>
            </>
          ) : null}
          <h3>{t('timeline')}</h3>
          <CaseTimeline entries={data.entries} />
        </>
      )}
    </article>
  );
}
