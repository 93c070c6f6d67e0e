import { announcementSettingsSchema } from '../../core/announcements/announcement.settings.ts';
import { childcareSettingsSchema } from '../../core/childcare/childcare.settings.ts';
import { overtimeSettingsSchema } from '../../core/overtime/overtime.settings.ts';
import { registerSetting } from '../../core/settings/settings.registry.ts';
import { retentionSettingsSchema } from '../../core/subject-rights/retention.settings.ts';
import { wellbeingSettingsSchema } from '../../core/wellbeing/wellbeing.settings.ts';

// Tests call core services without starting the app, whose server modules register the capabilities'
// settings (server/modules/*.module.ts): register the same schemas, so readSetting works as it does there.
registerSetting('overtime', overtimeSettingsSchema);
registerSetting('announcements', announcementSettingsSchema);
registerSetting('childcare', childcareSettingsSchema);
registerSetting('retention', retentionSettingsSchema);
registerSetting('wellbeing', wellbeingSettingsSchema);
