// The workflow bundle's entry: every workflow type the worker runs.
export { participantWorkflow } from './participant.js';
