// Navigation Timing Level 2 entry of the current document (times relative to navigation start).
(() => {
  const [nav] = performance.getEntriesByType('navigation');
  return nav ? nav.toJSON() : null;
})();
