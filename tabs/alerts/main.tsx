// Starts the alerts tab (the rule builder) inside the shell every tab shares (theme, strings, API client, error boundary).
import { mountTab } from '../shared/mount-tab';
import { AlertsApp } from './alerts-app';

mountTab(<AlertsApp />);
