const ja = {
  title: 'データ取込',
  intro:
    'CSV ファイルを選ぶと、取り込む前に先頭の行と、すべての行のエラーを確認できます。エラーが1件でもあるファイルは取り込みません（一部だけが保存されることはありません）。',
  kind: '取り込むデータ',
  org: '組織・職員データ（職員番号、氏名、局・課、上司など）',
  attendance: '勤怠データ（勤怠管理アプリの CSV）',
  file: 'CSV ファイル',
  fileHint: 'UTF-8（BOM あり・なし）または Shift_JIS。',
  checking: 'ファイルを確認しています…',
  summary: (rows: string, encoding: string) => `${rows} 行（文字コード: ${encoding}）`,
  preview: (n: number) => `先頭 ${n} 行のプレビュー`,
  line: '行',
  errors: (n: number) => `行のエラー（${n} 件）`,
  noErrors: 'エラーはありません。取り込めます。',
  commit: '取り込む',
  committing: '取り込んでいます…',
  done: (rows: string, inserted: string, updated: string) =>
    `${rows} 行を取り込みました（追加 ${inserted}、更新 ${updated}）。`,
  doneAttendance: (rows: string) => `${rows} 行を取り込みました。`,
  unavailable: 'このサーバーでは勤怠データの取込はまだ使えません。',
};
export type ImportTexts = typeof ja;
const en: ImportTexts = {
  title: 'Data import',
  intro:
    'Choose a CSV file to see its first rows and every line error before anything is imported. A file with any error is not imported (nothing is stored partly).',
  kind: 'What to import',
  org: 'Organisation and staff (employee no., names, bureau and section, manager…)',
  attendance: 'Attendance (CSV from the attendance app)',
  file: 'CSV file',
  fileHint: 'UTF-8 (with or without BOM) or Shift_JIS.',
  checking: 'Checking the file…',
  summary: (rows, encoding) => `${rows} rows (encoding: ${encoding})`,
  preview: (n) => `Preview of the first ${n} rows`,
  line: 'Line',
  errors: (n) => `Line errors (${n})`,
  noErrors: 'No errors: the file can be imported.',
  commit: 'Import',
  committing: 'Importing…',
  done: (rows, inserted, updated) => `Imported ${rows} rows (${inserted} added, ${updated} updated).`,
  doneAttendance: (rows) => `Imported ${rows} rows.`,
  unavailable: 'Attendance import is not available on this server yet.',
};
export const IMPORT_TEXTS = { ja, en };
