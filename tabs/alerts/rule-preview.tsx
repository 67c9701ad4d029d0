// What the form's settings match today: how many records, and the first of them with why each matches and a link to it.
import { Link } from '@fluentui/react-components';
import type { PreviewBody } from './alerts.api';
import { useAlerts } from './alerts.context';

export function RulePreview({ preview }: { preview: PreviewBody }) {
  const { t } = useAlerts();
  const summary =
    preview.total === 0
      ? t('previewNone')
      : preview.more
        ? t('previewMore', { count: preview.total })
        : preview.total === 1
          ? t('previewOne')
          : t('previewMany', { count: preview.total });
  return (
    <section className="rule-preview" aria-labelledby="preview-heading">
      <h3 id="preview-heading">{t('previewHeading')}</h3>
      <p className="preview-total" data-total={preview.total}>
        {summary}
      </p>
      {preview.items.length > 0 ? (
        <>
          {preview.items.length < preview.total ? <p className="hint">{t('previewFirst', { count: preview.items.length })}</p> : null}
          <ul className="preview-items">
            {preview.items.map((item) => (
              <li key={`${item.subject}|${item.subjectId}`} className="preview-item" data-subject-id={item.subjectId}>
                <span className="preview-kind">{t(`subject.${item.subject}`)}</span>
                <Link className="preview-title" href={item.url} target="_blank" rel="noreferrer">
                  {item.title}
                </Link>
                {item.accountName || item.ownerName ? (
                  <span className="preview-facts">
                    {[item.accountName, item.ownerName ? t('previewOwner', { name: item.ownerName }) : undefined]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                ) : null}
                <span className="preview-why">{item.why}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
