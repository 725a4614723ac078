// startServer: one variant, direct (the file server thinks for `thinkMs` before each page) or
// behind an edge (see edge.ts).
import { startEdgeServer } from './edge.ts';
import { loadVariantSite, resolveOptions, startFrontServer } from './front-server.ts';
import { thinkingBackend } from './exchange.ts';
import type { RunningServer, ServerOptions } from './types.ts';

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const resolved = await resolveOptions(options);
  if (resolved.topology === 'edge') return startEdgeServer(resolved);
  const variantSite = await loadVariantSite(resolved);
  return startFrontServer({ ...variantSite, options: resolved, pageBackend: thinkingBackend(resolved.thinkMs) });
}

export { createTlsMaterial } from './tls.ts';
export type { OriginReadyLine, RunningServer, ServerOptions, ServeReadyLine, TlsMaterial, Topology } from './types.ts';
