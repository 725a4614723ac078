// GitHub Actions renders the Markdown a step appends to the file named by $GITHUB_STEP_SUMMARY on
// the run's page; outside Actions the variable is unset and this does nothing. A blank line after
// each block keeps the next one (another command's table) from running into it.
import { appendFileSync } from 'node:fs';

export function appendStepSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, markdown.replace(/\n*$/, '\n\n'));
}
