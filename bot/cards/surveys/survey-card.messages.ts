import type { Locale } from '../../../core/org/org.table.ts';

/** Texts of the survey cards (the bot's side of issue 20). */
const ja = {
  reminderBanner: 'まだ回答がありません。締切までにご回答ください。',
  anonymity:
    '回答は匿名で保存され、あなたの名前とは結び付けられません。回答後に表示される控えコードで、締切まで自分の回答を確認・修正できます。',
  closes: (d: string) => `締切: ${d}`,
  required: '（必須）',
  requiredError: '回答を選んでください',
  scale: ['1 そう思わない', '2 あまりそう思わない', '3 どちらともいえない', '4 ややそう思う', '5 そう思う'],
  textPlaceholder: '自由にご記入ください（任意）',
  submit: '回答する',
  saveEdit: '修正を保存する',
  saved: '回答を受け付けました。ご協力ありがとうございました。',
  edited: '回答を修正しました。',
  yourAnswers: 'あなたの回答（このカードはあなたにだけ表示されています）',
  receipt: (r: string) => `控えコード: ${r}`,
  receiptNote: '控えコードは再発行できません。回答はこのコードでだけあなたと結び付きます。',
  skipped: '（無回答）',
  edit: '回答を修正する',
  closedNote: '回答期間は終了しました。',
  errorClosed: '回答期間外のため、回答・修正はできません。',
  errorAnswered:
    'この調査にはすでに回答済みです。回答後に届いたカードの「回答を修正する」から修正してください。',
  errorNotInvited: 'この調査はあなたに送られたものではありません。',
  errorReceipt: '控えコードに一致する回答がありません。',
  errorAnswers: '回答に不備があります。',
};
const en: typeof ja = {
  reminderBanner: 'We have not had your answer yet. Please answer before the deadline.',
  anonymity:
    'Answers are stored anonymously, never with your name. The receipt code you get after answering lets you see and change your answers until the deadline.',
  closes: (d) => `Closes: ${d}`,
  required: ' (required)',
  requiredError: 'Please choose an answer',
  scale: ['1 Disagree', '2 Somewhat disagree', '3 Neither', '4 Somewhat agree', '5 Agree'],
  textPlaceholder: 'Anything you want to tell us (optional)',
  submit: 'Send answers',
  saveEdit: 'Save changes',
  saved: 'Thank you: your answers were received.',
  edited: 'Your answers were changed.',
  yourAnswers: 'Your answers (only you see this card)',
  receipt: (r) => `Receipt code: ${r}`,
  receiptNote: 'The receipt cannot be issued again: it is the only link between you and your answers.',
  skipped: '(no answer)',
  edit: 'Change my answers',
  closedNote: 'The survey is closed.',
  errorClosed: 'The survey is not open: answers cannot be sent or changed.',
  errorAnswered: 'You have answered this survey already. Use “Change my answers” on the card you got then.',
  errorNotInvited: 'This survey was not sent to you.',
  errorReceipt: 'No answers match this receipt code.',
  errorAnswers: 'Some answers need attention.',
};

export const surveyCardMessages = (locale: Locale) => (locale === 'en' ? en : ja);
