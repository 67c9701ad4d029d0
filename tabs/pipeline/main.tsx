// Starts the pipeline tab for the scope in its URL (a channel tab's configuration wrote it).
import { mountTab } from '../shared/mount-tab';
import { PipelineApp } from './pipeline-app';
import { readScope } from './scope';

mountTab(<PipelineApp scope={readScope(new URLSearchParams(window.location.search))} />);
