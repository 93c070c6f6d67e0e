/** One measured figure and the baseline it is compared with, both run in the same process. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline: { name: string; value: number; unit: string };
  /** value / baseline.value, oriented so that the note says what a good ratio is. */
  ratio: number;
  note?: string;
}
