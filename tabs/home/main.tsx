// Starts the home tab.
import { mountTab } from '../shared/mount-tab';
import { HomeApp } from './home-app';

mountTab(<HomeApp />);
