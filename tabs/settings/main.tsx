// Starts the settings tab inside the shell every tab shares (theme, strings, API client, error boundary).
import { mountTab } from '../shared/mount-tab';
import { SettingsApp } from './settings-app';

mountTab(<SettingsApp />);
