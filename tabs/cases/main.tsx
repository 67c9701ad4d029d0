// Starts the cases tab for the queue in its URL (the manifest's "My cases", or what a channel tab's configuration wrote).
import { mountTab } from '../shared/mount-tab';
import { CasesApp } from './cases-app';
import { readPlace } from './queue';

mountTab(<CasesApp place={readPlace(new URLSearchParams(window.location.search))} />);
