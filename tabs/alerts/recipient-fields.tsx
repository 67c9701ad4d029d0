// Who hears of a rule's alerts: the record's owner, the owner's manager, specific people, and Teams channels: the one
// the tab or dialog runs in, and any the rule already sends to.
import { Checkbox } from '@fluentui/react-components';
import type { ChannelPlace } from '../shared/teams-context';
import { useAlerts } from './alerts.context';
import type { DraftSection } from './draft-section';
import { PickMany } from './pick-many';

const sameChannel = (a: ChannelPlace, b: ChannelPlace) => a.teamId === b.teamId && a.channelId === b.channelId;

export function RecipientFields({ section }: { section: DraftSection }) {
  const { t, catalogue, channel: here } = useAlerts();
  const { draft, change, invalid, locked } = section;
  // The rule's channels, and this one when the rule does not send here yet.
  const offered = here && !draft.channels.some((each) => sameChannel(each, here)) ? [...draft.channels, here] : draft.channels;
  const setChannel = (place: ChannelPlace, on: boolean) =>
    change({ channels: on ? [...draft.channels, place] : draft.channels.filter((each) => !sameChannel(each, place)) });
  const channelLabel = (place: ChannelPlace) =>
    here && sameChannel(place, here)
      ? here.name
        ? t('thisChannel', { name: here.name })
        : t('thisChannelUnnamed')
      : t('savedChannel', { name: place.name ?? t('channelUnnamed') });

  return (
    <fieldset className="form-part recipients-part">
      <legend>{t('recipientsHeading')}</legend>
      {/* Not in a Field: a Field gives its one control its id, and these are several. */}
      <div className={`recipient-boxes${invalid('recipients') ? ' invalid' : ''}`} role="group" aria-label={t('recipientsHeading')}>
        <Checkbox
          label={t('recipientOwner')}
          checked={draft.owner}
          disabled={locked}
          onChange={(_event, data) => change({ owner: data.checked === true })}
        />
        <Checkbox
          label={t('recipientManager')}
          checked={draft.manager}
          disabled={locked}
          onChange={(_event, data) => change({ manager: data.checked === true })}
        />
        {offered.map((place) => (
          <Checkbox
            key={`${place.teamId}|${place.channelId}`}
            label={channelLabel(place)}
            checked={draft.channels.some((each) => sameChannel(each, place))}
            disabled={locked}
            onChange={(_event, data) => setChannel(place, data.checked === true)}
          />
        ))}
      </div>
      <PickMany
        label={t('recipientUsers')}
        choices={catalogue.people.map((person) => ({ id: person.userId, name: person.name }))}
        selected={draft.users}
        onChange={(users) => change({ users })}
        disabled={locked}
        invalid={invalid('recipients.users')}
      />
    </fieldset>
  );
}
