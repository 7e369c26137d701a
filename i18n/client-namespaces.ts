/**
 * The catalogue namespaces sent to the browser, part of the app by part of the app: the one
 * list (issue 24 / 26, "catalogue payload"). Server components translate on the server and
 * need nothing here; a client component's `useTranslations('Ns')` finds `Ns` only if the
 * part it is rendered in sends it. Each part is a layout that wraps everything it renders in
 * `<ClientMessages scope="…">` (i18n/ClientMessages.tsx); a nested part replaces its parent's
 * messages for what is below it, so it lists all that its own pages need.
 *
 * tests/i18n/client-messages.test.ts reads every 'use client' module (and everything those
 * import, marked or not) reachable from each layout and page, and fails when a part lacks a
 * namespace its client code uses, or sends one nobody there uses. A new namespace in a
 * client component is therefore a line here, and the test says which.
 */
export const CLIENT_NAMESPACES = {
  /** app/layout.tsx: every page; FormMessages (a form's blocking field says why) is rendered here, for all. */
  root: ['FormMessages'],
  /** app/signin/layout.tsx */
  signin: ['LanguagePicker', 'SignInForm'],
  /** app/choose-password/layout.tsx */
  choosePassword: ['ChangePasswordForm'],
  /** app/verify/layout.tsx: both verification pages. */
  verify: ['FileCheck'],
  /** app/(workspace)/layout.tsx: the header, and the pages below with no part of their own (the documents list, notifications). */
  workspace: ['DateField', 'FileField', 'ImportForm', 'KindLanguageFields', 'LanguagePicker', 'MarkReadButton', 'NewDocumentForm', 'kinds'],
  /** app/(workspace)/account/layout.tsx */
  account: ['ChangePasswordForm', 'LanguagePicker', 'MailSettings', 'SignOutEverywhereButton'],
  /** app/(workspace)/admin/layout.tsx: people and settings. */
  admin: [
    'AdminRequest',
    'Dialogs',
    'EndorsementSettings',
    'FileField',
    'LetterheadSettings',
    'OrganisationSettings',
    'PeopleAdmin',
    'UndeliveredMail',
    'kinds',
    'roles',
    'shortcuts',
  ],
  /** app/(workspace)/documents/[id]/layout.tsx: the editor, side by side, history. */
  document: [
    'AccessPanel',
    'CollaborativeEditor',
    'Comment',
    'CommentButtons',
    'CommentsApi',
    'Composer',
    'Counts',
    'DateField',
    'DeleteDraftButton',
    'Dialogs',
    'DocumentHeader',
    'LanguageBar',
    'LocalCopyNotices',
    'ModeSwitch',
    'PresenceBar',
    'ReadOnly',
    'SaveStatus',
    'SideBySide',
    'SuggestRefusal',
    'SuggestionCard',
    'TableTools',
    'ThreadsPanel',
    'Toolbar',
    'VersionActions',
    'WorkflowBar',
    'roles',
    'shortcuts',
    'states',
    'transitions',
  ],
} as const satisfies Record<string, readonly string[]>;

/** A part of the app that sends its own client messages. */
export type ClientScope = keyof typeof CLIENT_NAMESPACES;
