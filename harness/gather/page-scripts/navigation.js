// Navigation Timing Level 2 entry of the current document (times relative to navigation start),
// with performance.timeOrigin (epoch ms), which puts the screencast's frames on the same clock.
(() => {
  const [nav] = performance.getEntriesByType('navigation');
  return nav ? { ...nav.toJSON(), timeOrigin: performance.timeOrigin } : null;
})();
