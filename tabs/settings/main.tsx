// Starts the settings tab: where it runs (Teams or a plain browser), then the app.
import { createRequest } from '../shared/api';
import { startPage } from '../pipeline/start-page';
import { createSettingsApi } from './settings.api';
import { SettingsApp } from './settings-app';

startPage((host) => <SettingsApp host={host} api={createSettingsApi(createRequest({ locale: host.locale, token: () => host.token() }))} />);
