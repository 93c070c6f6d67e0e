// The announcement API's answers are the contract's types (type-only imports: erased from the bundle).
import type { AudienceSpec } from '../../../../../contracts/tab-api/announcements.contract.ts';

export type {
  AnnouncementContent,
  AnnouncementDetail,
  AnnouncementSummary,
  AudienceCount,
  AudienceOptions,
  AudienceRole,
  AudienceSpec,
  Tracking,
} from '../../../../../contracts/tab-api/announcements.contract.ts';

export const EMPTY_AUDIENCE: AudienceSpec = {
  everyone: false,
  bureauIds: [],
  sectionIds: [],
  roles: [],
  employeeIds: [],
};
