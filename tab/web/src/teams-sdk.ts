// The parts of teams-js the tab uses. teams-context.ts imports this module lazily, so a page
// outside Teams never loads teams-js, and a named import keeps the chunk tree-shaken.
export { app, authentication, pages } from '@microsoft/teams-js';
