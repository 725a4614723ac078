// Waits until the page's paints have been reported, so the metric scripts read final values:
// web fonts settled and every image decoded; then the first-contentful-paint entry present (paint
// entries arrive only once their frame has been presented, which on a busy machine can lag the
// paint by several frames); then no new LCP candidate over three frames in a row and none still
// due: a decoded image in the viewport larger than the largest candidate so far has not been
// reported yet (waited for up to 1 s more, then the browser's word stands). Bounded by 5 s.
new Promise((resolve) => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const frames = (n) => new Promise((r) => {
    const step = (k) => (k === 0 ? r() : requestAnimationFrame(() => step(k - 1)));
    step(n);
  });
  const observe = (type, onEntries) => {
    try {
      const po = new PerformanceObserver((list) => onEntries(list.getEntries()));
      po.observe({ type, buffered: true });
      return po;
    } catch (e) {
      return undefined; // entry type not supported: nothing to wait for
    }
  };

  const fonts = document.fonts ? document.fonts.ready : Promise.resolve();
  const images = Array.from(document.images).map((img) => (img.decode ? img.decode().catch(() => {}) : Promise.resolve()));
  let fcpSeen;
  const fcp = new Promise((r) => { fcpSeen = r; });
  const paintObserver = observe('paint', (entries) => {
    if (entries.some((e) => e.name === 'first-contentful-paint')) fcpSeen();
  });
  if (!paintObserver) fcpSeen();
  let lcpCount = 0;
  let largest = 0;
  const reported = new Set();
  const countLcp = (entries) => {
    lcpCount += entries.length;
    for (const e of entries) {
      largest = Math.max(largest, e.size);
      if (e.url) reported.add(e.url);
    }
  };
  const lcpObserver = observe('largest-contentful-paint', countLcp);
  // Entries already queued for the callback, counted now (buffered ones are queued at observe()).
  const drainLcp = () => lcpObserver && countLcp(lcpObserver.takeRecords());
  const visibleArea = (el) => {
    const r = el.getBoundingClientRect();
    const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
    const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
    return w * h;
  };
  const imageDue = () => Array.from(document.images).some((img) =>
    img.complete && img.naturalWidth > 0 && !reported.has(img.currentSrc || img.src) && visibleArea(img) > largest * 1.05);
  const lcpStable = async () => {
    const dueUntil = performance.now() + 1000;
    for (;;) {
      drainLcp();
      const before = lcpCount;
      await frames(3);
      drainLcp();
      if (lcpCount === before && (!lcpObserver || !imageDue() || performance.now() > dueUntil)) return;
    }
  };

  Promise.race([Promise.all([fonts, ...images, fcp]).then(lcpStable), sleep(5000)]).then(() => {
    paintObserver?.disconnect();
    lcpObserver?.disconnect();
    resolve(true);
  });
});
