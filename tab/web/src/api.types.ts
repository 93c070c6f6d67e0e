// The /api/tab answers the shell uses: the contracts' own types (type-only: erased from the bundle).
export type {
  AuthMode,
  BureauKind,
  DevPersona,
  Me,
  TabSession,
} from '../../../contracts/tab-api/me.contract.ts';
