// installed.json: written last into each unpacked browser folder. Its presence means the folder
// is complete and the browser started once; it also caches the version probe so later resolves
// never launch the browser.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export const INSTALLED_FILE = 'installed.json';

const InstalledRecordSchema = z.object({
  name: z.string(),
  engine: z.enum(['chromium', 'firefox']),
  /** npm package the build came from, e.g. "@sparticuz/chromium". */
  package: z.string(),
  packageVersion: z.string(),
  /** Full version as the browser reports it (Playwright's browser.version()), e.g. "103.0.5058.0". */
  version: z.string(),
  /** Product string from CDP Browser.getVersion, e.g. "HeadlessChrome/103.0.5058.0". */
  product: z.string(),
  major: z.number().int().positive(),
  executablePath: z.string(),
  installedAt: z.string(),
});
export type InstalledRecord = z.infer<typeof InstalledRecordSchema>;

/** The record in `folder`, or undefined when the folder holds no (valid) installed browser. */
export async function readInstalledRecord(folder: string): Promise<InstalledRecord | undefined> {
  let text: string;
  try {
    text = await readFile(join(folder, INSTALLED_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = InstalledRecordSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}

export async function writeInstalledRecord(folder: string, record: InstalledRecord): Promise<void> {
  await writeFile(join(folder, INSTALLED_FILE), JSON.stringify(record, null, 2) + '\n');
}
