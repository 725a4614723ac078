// Paint Timing: first-paint and first-contentful-paint. Newer Chromium also reports paintTime (the
// rendering update) and presentationTime (startTime); both are kept where present.
(() => performance.getEntriesByType('paint').map((e) => {
  const out = { name: e.name, startTime: e.startTime };
  if (typeof e.paintTime === 'number') out.paintTime = e.paintTime;
  if (typeof e.presentationTime === 'number') out.presentationTime = e.presentationTime;
  return out;
}))();
