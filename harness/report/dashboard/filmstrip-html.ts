// The filmstrip section of the dashboard (data: filmstrip.ts): one table per browser × profile ×
// cache state, a row per variant, a column per timestamp. Frames are embedded once as JSON and put
// into the <img> elements by a few lines of script, so a frame shown in many cells costs its bytes once.

import type { Filmstrips, FilmstripGroup, FilmstripRow } from './filmstrip.ts';
import { esc } from './escape.ts';


const secs = (ms: number) => `${(ms / 1000).toFixed(ms % 100 === 0 ? 1 : 2)} s`;
const msText = (label: string, v: number | null) => (v === null ? '' : `${label} ${v.toFixed(0)}`);

export const FILMSTRIP_CSS = `
.filmstrip{overflow-x:auto;margin:.4em 0 1.2em}
.filmstrip table{border-collapse:collapse}
.filmstrip th,.filmstrip td{padding:2px;text-align:center;vertical-align:top;font-weight:normal}
.filmstrip tbody th{text-align:left;white-space:nowrap;padding-right:8px}
.filmstrip img,.filmstrip .blank{display:block;width:96px;height:67px;border:3px solid #e4e4e4;background:#fff;box-sizing:border-box}
.filmstrip td.fcp img,.filmstrip td.fcp .blank{border-color:#1f77b4}
.filmstrip td.lcp img,.filmstrip td.lcp .blank{border-color:#d62728}
.filmstrip td.fcp.lcp img{border-color:#1f77b4 #d62728 #d62728 #1f77b4}
.filmstrip td span{font-size:11px;color:#555}
`;

function stripRow(row: FilmstripRow, times: readonly number[]): string {
  const facts = [msText('FCP', row.fcpMs), msText('LCP', row.lcpMs), msText('SI', row.speedIndexMs)].filter(Boolean).join(' · ');
  const head = `<th>${esc(row.variant)}<br><span>${esc(facts)}</span></th>`;
  if (row.cells.length === 0) return `<tr>${head}<td colspan="${times.length}" class="note">no filmstrip: ${esc(row.missing)}</td></tr>`;
  const cells = row.cells.map((c) => {
    const cls = [c.fcp ? 'fcp' : '', c.lcp ? 'lcp' : ''].filter(Boolean).join(' ');
    const title = `${row.variant} at ${c.t} ms: ${c.progress} % visually complete${c.fcp ? ', FCP' : ''}${c.lcp ? ', LCP' : ''}`;
    const picture = c.frame === null
      ? `<div class="blank" title="${esc(title)}"></div>`
      : `<img data-frame="${esc(c.frame)}" alt="${esc(title)}" title="${esc(title)}">`;
    return `<td class="${cls}">${picture}<span>${c.progress} %</span></td>`;
  });
  return `<tr>${head}${cells.join('')}</tr>`;
}

function groupTable(g: FilmstripGroup): string {
  const times = g.rows.find((r) => r.cells.length > 0)?.cells.map((c) => c.t) ?? [];
  return `<h3>${esc(g.browser)} · ${esc(g.profile)} · ${esc(g.cache)}${g.page ? ` · ${esc(g.page)}` : ''} <span class="note">(every ${g.stepMs} ms${g.startMs > 0 ? `, from ${secs(g.startMs)}: every row is blank before` : ''})</span></h3>
<div class="filmstrip" data-filmstrip="${esc(`${g.browser} ${g.profile} ${g.cache} ${g.page}`.trim())}"><table><thead><tr><th></th>${times.map((t) => `<th>${secs(t)}</th>`).join('')}</tr></thead>
<tbody>${g.rows.map((r) => stripRow(r, times)).join('\n')}</tbody></table></div>`;
}

/** The section, with its frames and the script that shows them. */
export function filmstripSection(f: Filmstrips): string {
  const lead = `<p class="lead">The median load (by LCP) of each variant as the browser drew it, at the same moments after navigation start
(screen captures from the browser's own compositor: Page.startScreencast). A blue frame marks the first capture at or after that load's FCP, a red one
LCP; the percentage is the frame's visual progress (speedline-core, as Lighthouse computes Speed Index). In current Chromium FCP and LCP are
presentation times and can come a few frames after the capture that first shows the content (results/README.md, "Filmstrip").</p>`;
  if (f.groups.length === 0) {
    return `<section id="filmstrips"><h2>Filmstrip</h2>${lead}<p class="note">This run recorded no frames. Recording the screen costs the browser CPU
time and moves FCP and LCP (measured: results/README.md, "Filmstrip"), so it is a pass of its own: run with PUSHBENCH_FILMSTRIP=1 (README, "Filmstrip and visual metrics").</p></section>`;
  }
  const json = JSON.stringify(f.frames).replace(/</g, '\\u003c');
  return `<section id="filmstrips"><h2>Filmstrip of the median load (by LCP)</h2>${lead}
${f.groups.map(groupTable).join('\n')}
<script type="application/json" id="filmstrip-frames">${json}</script>
<script>(() => { const frames = JSON.parse(document.getElementById('filmstrip-frames').textContent);
for (const img of document.querySelectorAll('img[data-frame]')) img.src = 'data:image/jpeg;base64,' + frames[img.dataset.frame]; })();</script>
</section>`;
}
