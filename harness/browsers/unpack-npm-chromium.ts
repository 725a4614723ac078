// Unpacks the Chromium build shipped inside an npm package (@sparticuz/chromium, chrome-aws-lambda)
// into a folder of our choosing. The packages' own code would unpack to a fixed /tmp/chromium and
// reuse whatever is there, so two versions would silently share one binary; we never call it.
//
// Layout of every version checked (chrome-aws-lambda 10.1.0; @sparticuz/chromium 103, 114, 121, 153):
//   bin/chromium.br          the executable, brotli-compressed (not a tar)
//   bin/swiftshader.tar.br   libEGL/libGLESv2/Vulkan SwiftShader, loaded from the executable's folder
//   bin/aws.tar.br | al2.tar.br | al2023.tar.br   Amazon Linux copies of libnss3/libexpat/…: not
//                            unpacked, Debian's own libraries are used (fewer surprises, same ABI)
//   bin/fonts.tar.br         Open Sans for Lambda: not unpacked, system fonts keep every browser's
//                            text rendering (and so LCP) comparable
import { createReadStream, createWriteStream } from 'node:fs';
import { access, chmod, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { brotliDecompress, createBrotliDecompress } from 'node:zlib';
import { extractTar } from './tar.ts';

const brotliDecompressAsync = promisify(brotliDecompress);

/** File name of the executable inside an unpacked folder. */
export const UNPACKED_EXECUTABLE = 'chromium';

/**
 * Unpacks `<packageDir>/bin` into `destDir` (which must exist) and returns the executable's path.
 */
export async function unpackNpmChromium(packageDir: string, destDir: string): Promise<string> {
  const binDir = join(packageDir, 'bin');
  const executableArchive = join(binDir, 'chromium.br');
  try {
    await access(executableArchive);
  } catch {
    const found = await readdir(binDir).catch(() => [] as string[]);
    throw new Error(
      `${packageDir} has no bin/chromium.br (found: ${found.join(', ') || 'no bin folder'}); ` +
      'this package layout is not supported',
    );
  }

  const executable = join(destDir, UNPACKED_EXECUTABLE);
  await pipeline(
    createReadStream(executableArchive, { highWaterMark: 1 << 23 }),
    createBrotliDecompress({ chunkSize: 1 << 21 }),
    createWriteStream(executable, { mode: 0o755 }),
  );
  await chmod(executable, 0o755);

  const swiftshader = join(binDir, 'swiftshader.tar.br');
  if (await exists(swiftshader)) {
    await extractTar(await brotliDecompressAsync(await readFile(swiftshader)), destDir);
  }
  return executable;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
