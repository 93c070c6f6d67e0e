import type { Messages } from './ja.ts';

export const en: Messages = {
  appName: 'Kinmu Companion',
  loading: 'Loading…',
  skipToMain: 'Skip to main content',

  language: { label: 'Language', ja: '日本語', en: 'English' },

  nav: {
    label: 'Pages',
    me: 'My page',
    dashboard: 'Dashboard',
    'leave-plans': 'Leave plans',
    childcare: 'Childcare',
    announcements: 'Announcements',
    surveys: 'Surveys',
    import: 'Data import',
    settings: 'Settings',
  },
  viewNotAllowed: 'The page you asked for is not available to you, so My page is shown instead.',

  comingSoon: {
    badge: 'Coming soon',
    body: 'This page is being prepared. Please check back soon.',
    scope: { section: 'Scope: section', bureau: 'Scope: bureau' },
  },
  pageIntro: {
    dashboard:
      'Overtime, annual leave taken, follow-up of 100-hour alerts, leave plans and childcare leave, per bureau and section.',
    'leave-plans': 'The Golden Week, summer and year-end leave plan tables of each section.',
    childcare: 'Childcare leave plans of male staff and take-up against the targets.',
    announcements: 'Write ministry-wide announcements and follow their delivery and acknowledgements.',
    surveys:
      'Compose and send anonymous pulse surveys; results per bureau and section, and the trend since the last round.',
    import:
      'Import attendance and organisation CSV files, with a preview and errors by line before anything is saved.',
    settings: 'Thresholds, calendars and roles.',
  },

  me: {
    profileLabel: 'Profile',
    kana: 'Reading',
    employeeNo: 'Employee no.',
    section: 'Section',
    bureau: 'Bureau',
    bureauKind: 'Type',
    manager: 'Manager',
    noManager: 'Not registered',
    managerial: 'Managerial post',
    yes: 'Yes',
    no: 'No',
    roles: 'Roles',
    upn: 'Sign-in name',
    overtime: {
      title: 'Overtime this month',
      empty:
        'No attendance data for this month yet. Once it is imported, your overtime and month-end projection appear here.',
    },
    annualLeave: {
      title: 'Annual leave',
      empty: 'No annual leave data yet. The goal is at least 15 days a year.',
    },
    leavePlans: {
      title: 'Leave plans',
      empty:
        'You have not submitted a leave plan yet. The bot will tell you when the Golden Week, summer or year-end plans open.',
    },
    childcare: {
      title: 'Childcare',
      empty:
        'No childcare leave plan yet. If your partner is expecting, send "childcare" to the bot to create one.',
    },
  },

  bureauKind: {
    headquarters: 'Headquarters (internal bureau)',
    external_agency: 'External agency',
    regional_branch: 'Regional branch',
  },

  roles: {
    employee: 'Employee',
    manager: 'Manager',
    executive: 'Executive',
    wlb_officer: 'WLB officer',
    hr: 'HR',
    admin: 'Administrator',
  },

  auth: {
    openInTeamsTitle: 'Please open this in Teams',
    openInTeamsBody:
      'This page is a Microsoft Teams tab. Open the Kinmu Companion app in Teams and choose its tab.',
    ssoFailed: 'Could not get your sign-in from Teams.',
    devBanner: (name, employeeNo) => `Development mode: viewing as ${name} (${employeeNo}).`,
    switchPersona: 'Switch persona',
  },

  picker: {
    title: 'Choose a development persona',
    intro:
      'This screen appears only when the server runs with AUTH_MODE=dev. Pick a member of staff to see the tab as they would. In production, people sign in with Teams single sign-on.',
    listLabel: 'Personas',
    open: (name) => `Open as ${name}`,
    expired: 'The persona you chose no longer exists. Please choose again.',
    empty: 'There are no personas. Load the demo data and open this page again.',
  },

  confirm: { cancel: 'Cancel' },

  errors: {
    unexpected: 'Something went wrong on this page. Please reload it.',
    title: 'Something went wrong',
    retry: 'Try again',
    network: 'Could not reach the server. Check your network and try again.',
    unauthenticated: 'Could not sign you in.',
    forbidden: 'You are not allowed to do this.',
    code: 'Error code',
  },

  config: {
    title: 'Tab settings',
    intro: 'Choose the dashboard this channel tab shows.',
    scopeLabel: 'Scope',
    section: 'Section dashboard',
    sectionHint: 'Overtime and leave of each section',
    bureau: 'Bureau dashboard',
    bureauHint: 'Totals for the whole bureau (for executives and WLB officers)',
    outsideTeams: 'Teams shows this page when a tab is added to a channel. Choosing here saves nothing.',
    contentUrl: 'Page the tab opens',
    saveFailed: 'Could not save the tab settings.',
  },
};
