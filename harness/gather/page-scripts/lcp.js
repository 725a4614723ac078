// Largest Contentful Paint: every candidate so far (buffered), with a description of the element.
// The last candidate is the LCP; the harness reads this once paints have settled (settle.js).
new Promise((resolve) => {
  const describe = (el) => {
    if (!el) return '';
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim()) s += '.' + el.className.trim().split(/\s+/).join('.');
    return s;
  };
  const entries = [];
  let po;
  try {
    po = new PerformanceObserver((list) => entries.push(...list.getEntries()));
    po.observe({ type: 'largest-contentful-paint', buffered: true });
  } catch (e) {
    resolve({ supported: false, candidates: [] });
    return;
  }
  setTimeout(() => {
    entries.push(...po.takeRecords());
    po.disconnect();
    resolve({
      supported: true,
      candidates: entries.map((e) => ({
        startTime: e.startTime,
        renderTime: e.renderTime,
        loadTime: e.loadTime,
        size: e.size,
        url: e.url || '',
        element: describe(e.element),
      })),
    });
  }, 0);
});
