import { createContext, useContext } from 'react';
import type { ApiClient } from './api.ts';
import type { Me } from './api.types.ts';

/** The signed-in person and an API client that calls as them; every page reads it. */
export interface SignedIn {
  me: Me;
  api: ApiClient;
  /** Opens an export of the API (`/api/tab/.../export?...`) through a signed, one-minute link. */
  download(path: string): Promise<void>;
}

export const SignedInContext = createContext<SignedIn | null>(null);

export function useSignedIn(): SignedIn {
  const value = useContext(SignedInContext);
  if (!value) throw new Error('useSignedIn() outside a signed-in page');
  return value;
}
